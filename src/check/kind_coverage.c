/*
 * coverage: the logged sample must hold enough rows of every slice
 * (every combination of the named columns' values seen), or an issue on
 * that slice can neither be detected nor reproduced from the logs.
 */
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "scan/value.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"

#define LISTED 10

struct coverage_spec {
    const char **slices;
    size_t n_slices;
    long long min_rows;
    const struct rso_source *src;
    struct scan_col **cols;
    struct strmap counts;
    struct rso_buf key;
};

static void coverage_free(void *p)
{
    struct coverage_spec *s = p;

    if (!s)
        return;
    free(s->slices);
    free(s->cols);
    strmap_release(&s->counts);
    rso_buf_release(&s->key);
    free(s);
}

static int coverage_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"slices", "min_rows", NULL};
    struct coverage_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    strmap_init(&s->counts);
    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "slices")) ||
        (rc = spec_require(c, spec, "min_rows")) ||
        (rc = spec_strings(c, spec, "slices", &s->slices, &s->n_slices)) ||
        (rc = spec_integer(c, spec, "min_rows", &s->min_rows, NULL)))
        return rc;
    if (s->n_slices == 0)
        return ynode_fail(ynode_get(spec, "slices"),
                          "'slices' of check '%s' is empty", c->id);
    if (s->min_rows < 1)
        return ynode_fail(ynode_get(spec, "min_rows"),
                          "'min_rows' of check '%s' must be at least 1", c->id);
    s->cols = xcalloc(s->n_slices, sizeof(*s->cols));
    return 0;
}

static int coverage_visit(void *state, const struct rso_record *rec)
{
    struct coverage_spec *s = state;

    rso_buf_clear(&s->key);
    for (size_t i = 0; i < s->n_slices; i++) {
        int k = s->cols[i]->index;

        if (k < 0)
            return 0;
        if (i)
            rso_buf_puts(&s->key, ", ");
        rso_buf_printf(&s->key, "%s=", s->slices[i]);
        if (value_is_null(s->src, rec->field[k], rec->len[k]))
            rso_buf_puts(&s->key, "(null)");
        else
            rso_buf_add(&s->key, rec->field[k],
                        rec->len[k] < 100 ? rec->len[k] : 100);
    }
    strmap_add(&s->counts, s->key.ptr, s->key.len, 1, rec->line);
    return 0;
}

static void coverage_plan(struct rso_check *c, struct scan_source *ss)
{
    struct coverage_spec *s = c->spec;

    s->src = c->source;
    for (size_t i = 0; i < s->n_slices; i++)
        s->cols[i] = scan_column(ss, s->slices[i]);
    scan_visit(ss, coverage_visit, s, NULL);
}

static void coverage_eval(struct rso_check *c, struct rso_run *run)
{
    struct coverage_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const struct strmap_entry **v;
    size_t thin = 0, n = 0;

    for (size_t i = 0; i < s->n_slices; i++)
        if (!check_column(c, run, s->cols[i], f))
            return;
    if (s->counts.len == 0) {
        finding_set(f, RSO_FAIL, "no rows logged: no slice is covered");
        return;
    }
    v = strmap_sorted(&s->counts);
    while (v[n])
        n++;
    /* Sorted by count, highest first: the thin slices are at the end. */
    for (size_t i = n; i-- > 0 && v[i]->count < s->min_rows;) {
        if (thin < LISTED)
            finding_detail(f, "%s: %lld rows", v[i]->key, v[i]->count);
        thin++;
    }
    if (thin > LISTED)
        finding_detail(f, "... and %zu more", thin - LISTED);
    finding_value(f, "slices", (double)n);
    finding_value(f, "thin_slices", (double)thin);
    if (thin)
        finding_set(f, RSO_FAIL,
                    "%zu of %zu slices have fewer than %lld logged rows; "
                    "the thinnest, %s, has %lld",
                    thin, n, s->min_rows, v[n - 1]->key, v[n - 1]->count);
    else
        finding_set(f, RSO_PASS,
                    "all %zu slices have at least %lld logged rows", n,
                    s->min_rows);
    free(v);
}

const struct rso_kind kind_coverage = {
    .name = "coverage",
    .area = "audits",
    .needs_source = 1,
    .parse = coverage_parse,
    .free_spec = coverage_free,
    .plan = coverage_plan,
    .eval = coverage_eval,
};
