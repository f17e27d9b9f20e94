#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checklist/rubric.h"
#include "util/buf.h"
#include "util/builtin.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"

static const char *const top_keys[] = {"id",       "title", "source",
                                       "sections", "bands", NULL};
static const char *const section_keys[] = {"id", "title", "tests", NULL};
static const char *const test_keys[] = {"id", "title", "asks", "kinds", NULL};
static const char *const band_keys[] = {"upto", "says", NULL};

/* A required string value of map. */
static int need_string(const struct ynode *map, const char *key,
                       const char *where, const char **out)
{
    const struct ynode *n = ynode_get(map, key);
    struct rso_buf what = RSO_BUF_INIT;
    int rc;

    if (!n)
        return ynode_fail(map, "%s has no '%s'", where, key);
    rso_buf_printf(&what, "'%s' %s", key, where);
    rc = ynode_string(n, rso_buf_str(&what), out);
    rso_buf_release(&what);
    if (rc == 0 && !**out)
        return ynode_fail(n, "'%s' %s is empty", key, where);
    return rc;
}

static int parse_test(struct rubric *r, const struct ynode *map, size_t section)
{
    struct rubric_test *t;
    const struct ynode *n;
    int rc;

    if ((rc = ynode_check_keys(map, test_keys, "in a rubric test")))
        return rc;
    RSO_GROW(r->tests, r->cap_tests, r->n_tests + 1);
    t = &r->tests[r->n_tests++];
    memset(t, 0, sizeof(*t));
    t->section = section;
    t->node = map;
    if ((rc = need_string(map, "id", "in a rubric test", &t->id)) ||
        (rc = need_string(map, "title", "in a rubric test", &t->title)) ||
        (rc = need_string(map, "asks", "in a rubric test", &t->asks)))
        return rc;
    for (size_t i = 0; i + 1 < r->n_tests; i++)
        if (!strcmp(r->tests[i].id, t->id))
            return ynode_fail(ynode_get(map, "id"),
                              "duplicate rubric test id '%s' (first at "
                              "line %d)",
                              t->id, r->tests[i].node->line);
    if ((n = ynode_get(map, "kinds")))
        return ynode_strings(n, "'kinds' of a rubric test", &t->kinds, NULL);
    return 0;
}

static int parse_sections(struct rubric *r, const struct ynode *seq)
{
    int rc;

    if (seq->type != YNODE_SEQ || !seq->len)
        return ynode_fail(seq, "'sections' must be a list of sections");
    r->sections = xcalloc(seq->len, sizeof(*r->sections));
    for (size_t i = 0; i < seq->len; i++) {
        struct rubric_section *s = &r->sections[i];
        const struct ynode *map = seq->items[i], *tests;

        r->n_sections = i + 1;
        if ((rc = ynode_check_keys(map, section_keys, "in a rubric section")) ||
            (rc = need_string(map, "id", "in a rubric section", &s->id)) ||
            (rc = need_string(map, "title", "in a rubric section", &s->title)))
            return rc;
        tests = ynode_get(map, "tests");
        if (!tests || tests->type != YNODE_SEQ || !tests->len)
            return ynode_fail(tests ? tests : map,
                              "section '%s' needs 'tests', a list of tests",
                              s->id);
        s->first = r->n_tests;
        for (size_t j = 0; j < tests->len; j++)
            if ((rc = parse_test(r, tests->items[j], i)))
                return rc;
        s->n = tests->len;
    }
    return 0;
}

static int parse_bands(struct rubric *r, const struct ynode *seq)
{
    int rc;

    if (seq->type != YNODE_SEQ || !seq->len)
        return ynode_fail(seq, "'bands' must be a list of bands");
    r->bands = xcalloc(seq->len, sizeof(*r->bands));
    r->n_bands = seq->len;
    for (size_t i = 0; i < seq->len; i++) {
        struct rubric_band *b = &r->bands[i];
        const struct ynode *map = seq->items[i], *upto;
        int last = i + 1 == seq->len;

        if ((rc = ynode_check_keys(map, band_keys, "in a rubric band")) ||
            (rc = need_string(map, "says", "in a rubric band", &b->says)))
            return rc;
        upto = ynode_get(map, "upto");
        if (last && upto)
            return ynode_fail(upto, "the last band has no 'upto': it "
                                    "covers every higher score");
        if (last) {
            b->open = 1;
            continue;
        }
        if (!upto)
            return ynode_fail(map, "a band other than the last needs "
                                   "'upto'");
        if ((rc = ynode_number(upto, "'upto' of a band", &b->upto)))
            return rc;
        if (i > 0 && b->upto <= r->bands[i - 1].upto)
            return ynode_fail(upto,
                              "band limits must increase ('upto' %g "
                              "after %g)",
                              b->upto, r->bands[i - 1].upto);
    }
    return 0;
}

static int parse_root(struct rubric *r, const struct ynode *root)
{
    const struct ynode *n;
    int rc;

    if ((rc = ynode_check_keys(root, top_keys, "at the top of the rubric")) ||
        (rc = need_string(root, "id", "in the rubric", &r->id)) ||
        (rc = need_string(root, "title", "in the rubric", &r->title)))
        return rc;
    if ((n = ynode_get(root, "source")) &&
        (rc = ynode_string(n, "'source' of the rubric", &r->source)))
        return rc;
    if (!(n = ynode_get(root, "sections")))
        return ynode_fail(root, "the rubric has no 'sections'");
    if ((rc = parse_sections(r, n)))
        return rc;
    if (!(n = ynode_get(root, "bands")))
        return ynode_fail(root, "the rubric has no 'bands'");
    return parse_bands(r, n);
}

static int finish(struct rubric **out, struct rubric *r, int rc)
{
    if (rc == 0 && (!r->doc->root || r->doc->root->type != YNODE_MAP))
        rc = rso_fail(RSO_EUSAGE,
                      "%s:1:1: a rubric must be a mapping with "
                      "'id', 'title', 'sections' and 'bands'",
                      r->doc->file);
    if (rc == 0)
        rc = parse_root(r, r->doc->root);
    if (rc) {
        rubric_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int rubric_parse(struct rubric **out, const char *file, const char *text,
                 size_t n)
{
    struct rubric *r = xcalloc(1, sizeof(*r));
    int rc = ydoc_load_string(&r->doc, file, text, n);

    if (rc) {
        free(r);
        return rc;
    }
    return finish(out, r, 0);
}

int rubric_is_builtin(const char *name)
{
    struct rso_buf file = RSO_BUF_INIT;
    int found;

    if (strchr(name, '/') || strstr(name, ".yml") || strstr(name, ".yaml"))
        return 0;
    rso_buf_printf(&file, "%s.yml", name);
    found = builtin_find(rso_buf_str(&file)) != NULL;
    rso_buf_release(&file);
    return found;
}

int rubric_load(struct rubric **out, const char *name, const char *dir)
{
    struct rso_buf path = RSO_BUF_INIT;
    struct rubric *r;
    int rc;

    if (rubric_is_builtin(name)) {
        const struct rso_builtin *b;

        rso_buf_printf(&path, "%s.yml", name);
        b = builtin_find(rso_buf_str(&path));
        rso_buf_clear(&path);
        rso_buf_printf(&path, "checks/%s.yml (built in)", name);
        rc = rubric_parse(out, rso_buf_str(&path), b->data, b->len);
        rso_buf_release(&path);
        return rc;
    }
    if (!strchr(name, '/') && !strstr(name, ".y"))
        return rso_fail(RSO_EUSAGE,
                        "unknown rubric '%s': name a built-in "
                        "(ml-test-score, recsysops) or a .yml "
                        "file",
                        name);
    if (name[0] == '/' || !dir || !strcmp(dir, "."))
        rso_buf_puts(&path, name);
    else
        rso_buf_printf(&path, "%s/%s", dir, name);
    r = xcalloc(1, sizeof(*r));
    rc = ydoc_load_file(&r->doc, rso_buf_str(&path));
    rso_buf_release(&path);
    if (rc) {
        free(r);
        return rc;
    }
    return finish(out, r, 0);
}

void rubric_free(struct rubric *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_tests; i++)
        free(r->tests[i].kinds);
    free(r->tests);
    free(r->sections);
    free(r->bands);
    ydoc_free(r->doc);
    free(r);
}

const struct rubric_test *rubric_test(const struct rubric *r, const char *id)
{
    for (size_t i = 0; i < r->n_tests; i++)
        if (!strcmp(r->tests[i].id, id))
            return &r->tests[i];
    return NULL;
}

const struct rubric_band *rubric_band(const struct rubric *r, double score)
{
    if (isnan(score))
        return &r->bands[0];
    for (size_t i = 0; i < r->n_bands; i++)
        if (r->bands[i].open || score <= r->bands[i].upto)
            return &r->bands[i];
    return &r->bands[r->n_bands - 1];
}
