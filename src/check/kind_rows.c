/*
 * rows: the number of data rows of a source, within min and max.
 */
#include <stdlib.h>

#include "baseline/baseline.h"
#include "baseline/compare.h"
#include "check/kinds.h"
#include "util/mem.h"

struct rows_spec {
    double min, max;
    int has_min, has_max;
    struct compare_spec cmp;
};

/* The row count of the source's file as committed at the baseline. */
static int rows_at_base(struct rso_check *c, struct rso_run *run,
                        double *out)
{
    return baseline_count_rows(run, c->source, out);
}

static int rows_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"min", "max", NULL};
    struct rows_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    c->spec = s;
    if ((rc = compare_parse(c, spec, keys, COMPARE_NONE, &s->cmp)) ||
        (rc = spec_number(c, spec, "min", &s->min, &s->has_min)) ||
        (rc = spec_number(c, spec, "max", &s->max, &s->has_max)))
        return rc;
    if (!s->has_min && !s->has_max && s->cmp.vs == COMPARE_NONE)
        return ynode_fail(spec, "'rows' of check '%s' needs 'min' or 'max'",
                          c->id);
    s->cmp.min = s->min, s->cmp.has_min = s->has_min;
    s->cmp.max = s->max, s->cmp.has_max = s->has_max;
    if (s->has_min && s->has_max && s->min > s->max)
        return ynode_fail(spec, "'rows' of check '%s' has min above max",
                          c->id);
    return 0;
}

static void rows_plan(struct rso_check *c, struct scan_source *s)
{
}

static void rows_eval(struct rso_check *c, struct rso_run *run)
{
    const struct rows_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    struct scan_source *ss = check_scan(c, run);
    double n = (double)ss->rows;
    char a[32], b[32];

    if (check_source_failed(c, run, f))
        return;
    finding_value(f, "rows", n);
    finding_prop(f, "observed", "%s", fmt_num(a, n));
    /* off: how far past its bound, |v - bound| / |bound|; none for 0. */
    if (s->has_min && n < s->min && s->min != 0)
        finding_value(f, "off", (s->min - n) / s->min);
    if (s->has_max && n > s->max && s->max != 0)
        finding_value(f, "off", (n - s->max) / s->max);
    if (s->has_min && n < s->min)
        finding_set(f, RSO_FAIL, "%s rows, below the minimum %s",
                    fmt_num(a, n), fmt_num(b, s->min));
    else if (s->has_max && n > s->max)
        finding_set(f, RSO_FAIL, "%s rows, above the maximum %s",
                    fmt_num(a, n), fmt_num(b, s->max));
    else
        finding_set(f, RSO_PASS, "%s rows", fmt_num(a, n));
    if (ss->bad_rows)
        finding_detail(f, "%lld bad rows were skipped (on_bad_row: skip)",
                       ss->bad_rows);
    compare_eval(c, run, f, "rows", n, &s->cmp, rows_at_base);
}

const struct rso_kind kind_rows = {
    .name = "rows",
    .area = "data",
    .needs_source = 1,
    .parse = rows_parse,
    .free_spec = free,
    .plan = rows_plan,
    .eval = rows_eval,
};
