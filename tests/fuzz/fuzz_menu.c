/*
 * libFuzzer target: any bytes as the team's hotfix menu, merged with the
 * built-in one.  The loader must return 0 or a code with a message; every
 * loaded entry must describe its trade-offs and expand its action (or
 * fail with a message) for a typical set of values.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "hotfix/edit.h"
#include "hotfix/menu.h"
#include "util/buf.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must_say_why(int rc)
{
    if (rc < 0 && !rso_errmsg()[0])
        abort();
}

static void use_entry(const struct hotfix_entry *e)
{
    struct hotfix_vars v = {0};
    struct hotfix_edit ed = {0};
    struct rso_buf line = RSO_BUF_INIT;

    hotfix_tradeoffs_line(e, &line);
    rso_buf_release(&line);
    (void)hotfix_expired(e, 1.8e9);
    v.now = 1.8e9;
    v.entry = e->id;
    hotfix_vars_set(&v, "item", "tt0111161");
    hotfix_vars_set(&v, "launch", "2026-12-01");
    hotfix_vars_set(&v, "check", "ndcg");
    hotfix_vars_set(&v, "value", "0.25");
    rso_err_clear();
    must_say_why(hotfix_edit_expand(&ed, &e->apply, &v));
    hotfix_edit_release(&ed);
    hotfix_vars_release(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("-menu.yml", data, size);
    struct hotfix_menu *m = NULL;

    if (!path)
        return 0;
    rso_err_clear();
    if (hotfix_menu_load(&m, path) < 0) {
        must_say_why(-1);
        return 0;
    }
    for (size_t i = 0; i < m->len; i++) {
        if (!m->items[i].id || !m->items[i].apply.values)
            abort();
        use_entry(&m->items[i]);
    }
    hotfix_menu_free(m);
    return 0;
}
