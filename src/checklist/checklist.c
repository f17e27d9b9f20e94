#include <stdlib.h>
#include <string.h>

#include "checklist/checklist.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"

static const char *const kind_names[] = {"check",    "junit",  "file",
                                         "workflow", "manual", NULL};
static const char *const entry_keys[] = {"check",     "junit",  "cases",
                                         "min_cases", "file",   "max_age",
                                         "workflow",  "manual", NULL};
static const char *const manual_keys[] = {"by", "on", "every", "link", NULL};

const char *evidence_kind_name(enum evidence_kind k)
{
    return kind_names[k];
}

/* A required non-empty string; what names it in messages. */
static int need(const struct ynode *map, const char *key, const char *id,
                const char **out)
{
    const struct ynode *n = ynode_get(map, key);
    struct rso_buf what = RSO_BUF_INIT;
    int rc;

    if (!n)
        return ynode_fail(map, "the evidence for '%s' needs '%s'", id, key);
    rso_buf_printf(&what, "'%s' of '%s'", key, id);
    rc = ynode_string(n, rso_buf_str(&what), out);
    rso_buf_release(&what);
    if (rc == 0 && !**out)
        return ynode_fail(n, "'%s' of '%s' is empty", key, id);
    return rc;
}

/* Keys that belong to one kind only may not appear with another. */
static int only_with(const struct ynode *map, const char *id,
                     enum evidence_kind k)
{
    static const struct {
        const char *key;
        enum evidence_kind kind;
    } owned[] = {
        {"cases", EV_JUNIT}, {"min_cases", EV_JUNIT}, {"max_age", EV_FILE}};

    for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
        const struct ynode *n = ynode_get(map, owned[i].key);

        if (n && k != owned[i].kind)
            return ynode_fail(n,
                              "'%s' goes with '%s' evidence, not with "
                              "'%s' (in '%s')",
                              owned[i].key, kind_names[owned[i].kind],
                              kind_names[k], id);
    }
    return 0;
}

static int parse_manual(struct evidence *ev, const struct ynode *m,
                        const char *id)
{
    struct rso_buf what = RSO_BUF_INIT;
    int rc;

    if ((rc = ynode_check_keys(m, manual_keys, "in a 'manual' attestation")))
        return rc;
    if ((rc = need(m, "by", id, &ev->by)) ||
        (rc = need(m, "link", id, &ev->link)))
        return rc;
    if (!ynode_get(m, "on") || !ynode_get(m, "every"))
        return ynode_fail(m,
                          "the attestation for '%s' needs 'on' (the "
                          "date it was done) and 'every' (how long it "
                          "holds)",
                          id);
    rso_buf_printf(&what, "'on' of '%s'", id);
    rc = ynode_timestamp(ynode_get(m, "on"), rso_buf_str(&what), &ev->on);
    rso_buf_clear(&what);
    rso_buf_printf(&what, "'every' of '%s'", id);
    if (rc == 0)
        rc = ynode_duration(ynode_get(m, "every"), rso_buf_str(&what),
                            &ev->every);
    rso_buf_release(&what);
    if (rc == 0 && ev->every <= 0)
        rc = ynode_fail(ynode_get(m, "every"),
                        "'every' of '%s' must be "
                        "longer than zero",
                        id);
    /* Dates are written with 4-digit years: 0001-01-01 to 9999-12-31. */
    if (rc == 0 && !(ev->on >= -62135596800.0 && ev->on < 253402300800.0))
        rc = ynode_fail(ynode_get(m, "on"),
                        "'on' of '%s' must be a date "
                        "in the years 1 to 9999",
                        id);
    if (rc == 0 && !(ev->on + ev->every < 253402300800.0))
        rc = ynode_fail(ynode_get(m, "every"),
                        "'every' of '%s' runs past "
                        "the year 9999",
                        id);
    return rc;
}

static int parse_junit(struct evidence *ev, const struct ynode *map,
                       const char *id)
{
    const struct ynode *n;
    int rc;

    if ((rc = need(map, "junit", id, &ev->path)) ||
        (rc = need(map, "cases", id, &ev->cases)))
        return rc;
    ev->min_cases = 1;
    if ((n = ynode_get(map, "min_cases"))) {
        if ((rc = ynode_integer(n, "'min_cases'", &ev->min_cases)))
            return rc;
        if (ev->min_cases < 1)
            return ynode_fail(n, "'min_cases' of '%s' must be 1 or more", id);
    }
    return 0;
}

/*
 * 'check': one check id or a list of them, at least one: with none, the
 * evidence would hold without anything having run.
 */
static int parse_checks(struct evidence *ev, const struct ynode *map,
                        const char *id)
{
    const struct ynode *n = ynode_get(map, "check");
    size_t len = 0;
    int rc;

    if ((rc = ynode_strings(n, "'check'", &ev->checks, &len)))
        return rc;
    if (!len)
        return ynode_fail(n, "'check' of '%s' names no check", id);
    for (size_t i = 0; i < len; i++)
        if (!*ev->checks[i])
            return ynode_fail(n->type == YNODE_SEQ ? n->items[i] : n,
                              "'check' of '%s' holds an empty check id", id);
    return 0;
}

static int parse_kind(struct evidence *ev, const struct ynode *map,
                      const char *id)
{
    const struct ynode *n;
    int rc;

    switch (ev->kind) {
    case EV_CHECK:
        return parse_checks(ev, map, id);
    case EV_JUNIT:
        return parse_junit(ev, map, id);
    case EV_FILE:
        if ((rc = need(map, "file", id, &ev->path)))
            return rc;
        if (!(n = ynode_get(map, "max_age")))
            return ynode_fail(map,
                              "'file' evidence for '%s' needs "
                              "'max_age' (e.g. 180d): how recently "
                              "the file must have changed",
                              id);
        return ynode_duration(n, "'max_age'", &ev->max_age);
    case EV_WORKFLOW:
        return need(map, "workflow", id, &ev->path);
    case EV_MANUAL:
        n = ynode_get(map, "manual");
        if (n->type != YNODE_MAP)
            return ynode_fail(n,
                              "'manual' of '%s' must be a mapping "
                              "{ by, on, every, link }",
                              id);
        return parse_manual(ev, n, id);
    }
    return 0;
}

static int parse_entry(struct checklist_entry *e, const struct ynode *map,
                       const char *id)
{
    struct rso_buf where = RSO_BUF_INIT;
    int found = 0, rc;

    e->ev.node = map;
    if (map->type != YNODE_MAP)
        return ynode_fail(map,
                          "the evidence for '%s' must be a mapping "
                          "such as { check: ID }",
                          id);
    rso_buf_printf(&where, "in the evidence for '%s'", id);
    rc = ynode_check_keys(map, entry_keys, rso_buf_str(&where));
    rso_buf_release(&where);
    if (rc)
        return rc;
    for (int k = EV_CHECK; k <= EV_MANUAL; k++) {
        if (!ynode_get(map, kind_names[k]))
            continue;
        if (found++)
            return ynode_fail(map,
                              "the evidence for '%s' has both '%s' "
                              "and '%s'; give one per test",
                              id, kind_names[e->ev.kind], kind_names[k]);
        e->ev.kind = (enum evidence_kind)k;
    }
    if (!found)
        return ynode_fail(map,
                          "the evidence for '%s' names no kind: "
                          "check, junit, file, workflow or manual",
                          id);
    if ((rc = only_with(map, id, e->ev.kind)))
        return rc;
    return parse_kind(&e->ev, map, id);
}

static int unknown_test(const struct ynode *key, const struct rubric *r)
{
    const char **ids = xcalloc(r->n_tests + 1, sizeof(*ids));
    const char *hint;
    int rc;

    for (size_t i = 0; i < r->n_tests; i++)
        ids[i] = r->tests[i].id;
    hint = text_suggest(key->str, ids);
    if (hint)
        rc = ynode_fail(key,
                        "'%s' is not a test of the rubric '%s' (did "
                        "you mean '%s'?)",
                        key->str, r->id, hint);
    else
        rc = ynode_fail(key,
                        "'%s' is not a test of the rubric '%s' (%s "
                        "... %s)",
                        key->str, r->id, ids[0], ids[r->n_tests - 1]);
    free(ids);
    return rc;
}

static int parse_root(struct checklist *cl, const struct rubric *r)
{
    const struct ynode *root = cl->doc->root;
    int rc;

    if (!root || ynode_is_null(root))
        return 0;
    if (root->type != YNODE_MAP)
        return ynode_fail(root, "a checklist must map rubric test ids to "
                                "evidence, e.g. 'data-1: { check: ID }'");
    cl->entries = xcalloc(root->len ? root->len : 1, sizeof(*cl->entries));
    for (size_t i = 0; i < root->len; i++) {
        const struct ynode *key = root->pairs[i].key;
        struct checklist_entry *e = &cl->entries[i];

        cl->len = i + 1;
        if (!(e->test = rubric_test(r, key->str)))
            return unknown_test(key, r);
        if ((rc = parse_entry(e, root->pairs[i].value, key->str)))
            return rc;
    }
    return 0;
}

static int finish(struct checklist **out, struct checklist *cl,
                  const struct rubric *r)
{
    int rc = parse_root(cl, r);

    if (rc) {
        checklist_free(cl);
        return rc;
    }
    *out = cl;
    return 0;
}

int checklist_load(struct checklist **out, const char *path,
                   const struct rubric *r)
{
    struct checklist *cl = xcalloc(1, sizeof(*cl));
    int rc = ydoc_load_file(&cl->doc, path);

    if (rc) {
        free(cl);
        return rc;
    }
    return finish(out, cl, r);
}

int checklist_parse(struct checklist **out, const char *file, const char *text,
                    size_t n, const struct rubric *r)
{
    struct checklist *cl = xcalloc(1, sizeof(*cl));
    int rc = ydoc_load_string(&cl->doc, file, text, n);

    if (rc) {
        free(cl);
        return rc;
    }
    return finish(out, cl, r);
}

void checklist_free(struct checklist *cl)
{
    if (!cl)
        return;
    for (size_t i = 0; i < cl->len; i++)
        free(cl->entries[i].ev.checks);
    free(cl->entries);
    ydoc_free(cl->doc);
    free(cl);
}

const struct checklist_entry *checklist_entry(const struct checklist *cl,
                                              const char *id)
{
    for (size_t i = 0; cl && i < cl->len; i++)
        if (!strcmp(cl->entries[i].test->id, id))
            return &cl->entries[i];
    return NULL;
}
