/*
 * libFuzzer target: any bytes as a team's checklist, checked against the
 * built-in ML Test Score rubric.  The loader must return 0 or a code with
 * a message; every loaded entry must name a rubric test and carry what
 * its kind of evidence needs.
 */
#include <stdint.h>
#include <stdlib.h>

#include "checklist/checklist.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entry(const struct checklist_entry *e)
{
    const struct evidence *ev = &e->ev;

    if (!e->test || !ev->node)
        abort();
    switch (ev->kind) {
    case EV_CHECK:
        if (!ev->checks)
            abort();
        break;
    case EV_JUNIT:
        if (!ev->path || !ev->cases || ev->min_cases < 1)
            abort();
        break;
    case EV_FILE:
    case EV_WORKFLOW:
        if (!ev->path)
            abort();
        break;
    case EV_MANUAL:
        if (!ev->by || !ev->link || !(ev->every > 0))
            abort();
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct rubric *r;
    struct checklist *cl = NULL;

    if (!r && rubric_load(&r, "ml-test-score", NULL) < 0)
        abort();
    rso_err_clear();
    if (checklist_parse(&cl, "fuzz.yml", (const char *)data, size, r) < 0) {
        if (!rso_errmsg()[0])
            abort(); /* a failure must always say why */
        return 0;
    }
    for (size_t i = 0; i < cl->len; i++) {
        check_entry(&cl->entries[i]);
        if (checklist_entry(cl, cl->entries[i].test->id) == NULL)
            abort();
    }
    checklist_free(cl);
    return 0;
}
