/*
 * missing: the share of null values in each named column, at most max.
 */
#include <stdlib.h>

#include "check/kinds.h"
#include "util/mem.h"

struct missing_spec {
    const char **columns;
    size_t n_columns;
    double max;
    struct scan_col **cols;
};

static void missing_free(void *p)
{
    struct missing_spec *s = p;

    free(s->columns);
    free(s->cols);
    free(s);
}

static int missing_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"columns", "column", "max", NULL};
    struct missing_spec *s = xcalloc(1, sizeof(*s));
    const struct ynode *n;
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)))
        return rc;
    n = ynode_get(spec, "columns");
    if (!n)
        n = ynode_get(spec, "column");
    if (!n)
        return spec_require(c, spec, "columns");
    if ((rc = ynode_strings(n, "'columns'", &s->columns, &s->n_columns)))
        return rc;
    if (s->n_columns == 0)
        return ynode_fail(n, "'columns' of check '%s' is empty", c->id);
    if ((rc = spec_require(c, spec, "max")) ||
        (rc = spec_fraction(c, spec, "max", &s->max, NULL)))
        return rc;
    if (s->max > 1)
        return ynode_fail(ynode_get(spec, "max"),
                          "'max' of check '%s' is above 100%%", c->id);
    s->cols = xcalloc(s->n_columns, sizeof(*s->cols));
    return 0;
}

static void missing_plan(struct rso_check *c, struct scan_source *ss)
{
    struct missing_spec *s = c->spec;

    for (size_t i = 0; i < s->n_columns; i++)
        s->cols[i] = scan_column(ss, s->columns[i]);
}

static void missing_eval(struct rso_check *c, struct rso_run *run)
{
    struct missing_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    double worst = -1;
    const char *worst_col = NULL;
    size_t over = 0;

    for (size_t i = 0; i < s->n_columns; i++)
        if (!check_column(c, run, s->cols[i], f))
            return;
    for (size_t i = 0; i < s->n_columns; i++) {
        const struct colstats *st = &s->cols[i]->st;
        double share = st->rows ? (double)st->nulls / (double)st->rows : 0;

        finding_value(f, s->columns[i], share);
        finding_detail(f, "%s: %lld of %lld missing (%.3f%%)",
                       s->columns[i], st->nulls, st->rows, share * 100);
        if (share > s->max)
            over++;
        if (share > worst) {
            worst = share;
            worst_col = s->columns[i];
        }
    }
    if (over)
        finding_set(f, RSO_FAIL,
                    "%zu column%s over the limit: '%s' is %.3f%% missing, "
                    "above the maximum %.3f%%",
                    over, over == 1 ? "" : "s", worst_col, worst * 100,
                    s->max * 100);
    else
        finding_set(f, RSO_PASS, "at most %.3f%% missing ('%s')",
                    worst * 100, worst_col);
}

const struct rso_kind kind_missing = {
    .name = "missing",
    .area = "data",
    .needs_source = 1,
    .parse = missing_parse,
    .free_spec = missing_free,
    .plan = missing_plan,
    .eval = missing_eval,
};
