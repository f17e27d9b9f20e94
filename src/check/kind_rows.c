/*
 * rows: the number of data rows of a source, within min and max, and
 * against what was accepted before (max_drop, max_rise): the baseline
 * commit or the history (see compare.h), or a literal 'baseline:' count
 * written in the check.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline.h"
#include "baseline/compare.h"
#include "check/kinds.h"
#include "util/mem.h"

struct rows_spec {
    double min, max, baseline;
    int has_min, has_max, has_baseline;
    struct compare_spec cmp;
};

/* The row count of the source's file as committed at the baseline. */
static int rows_at_base(struct rso_check *c, struct rso_run *run, double *out)
{
    return baseline_count_rows(run, c->source, out);
}

static int rows_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"min", "max", "baseline", NULL};
    struct rows_spec *s = xcalloc(1, sizeof(*s));
    enum compare_vs vs =
        ynode_get(spec, "baseline") ? COMPARE_BASELINE : COMPARE_NONE;
    int rc;

    c->spec = s;
    if ((rc = compare_parse(c, spec, keys, vs, &s->cmp)) ||
        (rc = spec_number(c, spec, "min", &s->min, &s->has_min)) ||
        (rc = spec_number(c, spec, "max", &s->max, &s->has_max)) ||
        (rc = spec_number(c, spec, "baseline", &s->baseline, &s->has_baseline)))
        return rc;
    if (s->has_baseline && (s->cmp.vs != COMPARE_BASELINE || s->baseline < 0))
        return ynode_fail(ynode_get(spec, "baseline"),
                          "'baseline' of check '%s' is a row count, with "
                          "'max_drop' or 'max_rise' and no 'vs: history'",
                          c->id);
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

/* Judge n against the literal baseline count b with the drop and rise. */
static void rows_literal(const struct rows_spec *s, struct rso_finding *f,
                         double n)
{
    const struct compare_spec *p = &s->cmp;
    double b = s->baseline, change = b > 0 ? (n - b) / b : 0;
    double drop_lim = p->drop_rel ? p->max_drop * b : p->max_drop;
    double rise_lim = p->rise_rel ? p->max_rise * b : p->max_rise;
    char x[48], y[48], lim[48];
    const char *key = NULL;

    finding_value(f, "baseline", b);
    finding_prop(f, "baseline", "%.17g", b);
    if (p->has_drop && b - n > drop_lim)
        key = "max_drop";
    else if (p->has_rise && n - b > rise_lim)
        key = "max_rise";
    if (!key) {
        if (f->status == RSO_PASS)
            finding_set(f, RSO_PASS, "%s rows, %+.2f%% from the baseline %s",
                        compare_fmt(x, n), change * 100, compare_fmt(y, b));
        return;
    }
    if (!strcmp(key, "max_drop"))
        snprintf(lim, sizeof(lim), p->drop_rel ? "%.2f%%" : "%.0f rows",
                 p->drop_rel ? p->max_drop * 100 : p->max_drop);
    else
        snprintf(lim, sizeof(lim), p->rise_rel ? "%.2f%%" : "%.0f rows",
                 p->rise_rel ? p->max_rise * 100 : p->max_rise);
    if (f->status == RSO_FAIL)
        finding_detail(f, "also %.2f%% %s the baseline %s, beyond %s %s",
                       fabs(change) * 100, change < 0 ? "below" : "above",
                       compare_fmt(y, b), key, lim);
    else
        finding_set(
            f, RSO_FAIL, "%s rows, %.2f%% %s the baseline %s, beyond %s %s",
            compare_fmt(x, n), fabs(change) * 100,
            change < 0 ? "below" : "above", compare_fmt(y, b), key, lim);
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
        finding_set(f, RSO_FAIL, "%s rows, below the minimum %s", fmt_num(a, n),
                    fmt_num(b, s->min));
    else if (s->has_max && n > s->max)
        finding_set(f, RSO_FAIL, "%s rows, above the maximum %s", fmt_num(a, n),
                    fmt_num(b, s->max));
    else
        finding_set(f, RSO_PASS, "%s rows", fmt_num(a, n));
    if (ss->bad_rows)
        finding_detail(f, "%lld bad rows were skipped (on_bad_row: skip)",
                       ss->bad_rows);
    if (ss->extra_rows)
        finding_detail(f,
                       "%lld records hold names the first record has "
                       "not, which are not read; the first: %s",
                       ss->extra_rows, ss->extra_first);
    finding_detail(f, "read in %.2f s by %d thread%s", ss->seconds, ss->threads,
                   ss->threads == 1 ? "" : "s");
    if (s->has_baseline)
        rows_literal(s, f, n);
    else
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
