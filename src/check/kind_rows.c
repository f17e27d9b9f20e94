/*
 * rows: the number of data rows of a source, within min and max, and
 * against a baseline count: at most max_drop below it, at most max_rise
 * above it (fractions of the baseline).  The baseline is a literal
 * 'baseline:' number here; without one, the drop and rise limits are
 * reported as skipped (no baseline yet) unless min or max also apply.
 */
#include <math.h>
#include <stdlib.h>

#include "check/kinds.h"
#include "util/mem.h"

struct rows_spec {
    double min, max, max_drop, max_rise, baseline;
    int has_min, has_max, has_drop, has_rise, has_baseline;
};

static int rows_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"min",      "max",      "max_drop",
                                       "max_rise", "baseline", NULL};
    struct rows_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_number(c, spec, "min", &s->min, &s->has_min)) ||
        (rc = spec_number(c, spec, "max", &s->max, &s->has_max)) ||
        (rc = spec_fraction(c, spec, "max_drop", &s->max_drop,
                            &s->has_drop)) ||
        (rc = spec_fraction(c, spec, "max_rise", &s->max_rise,
                            &s->has_rise)) ||
        (rc = spec_number(c, spec, "baseline", &s->baseline,
                          &s->has_baseline)))
        return rc;
    if (!s->has_min && !s->has_max && !s->has_drop && !s->has_rise)
        return ynode_fail(spec, "'rows' of check '%s' needs 'min', 'max', "
                                "'max_drop' or 'max_rise'",
                          c->id);
    if (s->has_min && s->has_max && s->min > s->max)
        return ynode_fail(spec, "'rows' of check '%s' has min above max",
                          c->id);
    if (s->has_drop && s->max_drop > 1)
        return ynode_fail(ynode_get(spec, "max_drop"),
                          "'max_drop' of check '%s' is above 100%%", c->id);
    if (s->has_baseline && s->baseline < 0)
        return ynode_fail(ynode_get(spec, "baseline"),
                          "'baseline' of check '%s' is negative", c->id);
    return 0;
}

static void rows_plan(struct rso_check *c, struct scan_source *s)
{
}

/* Against the baseline: 1 when a limit failed (f set), else 0. */
static int rows_relative(const struct rows_spec *s, struct rso_finding *f,
                         double n)
{
    double b = s->baseline, change;
    char x[32], y[32];

    finding_value(f, "baseline", b);
    change = b > 0 ? (n - b) / b : (n > 0 ? INFINITY : 0);
    finding_value(f, "change", change);
    if (s->has_drop && -change > s->max_drop) {
        finding_set(f, RSO_FAIL,
                    "%s rows, %.2f%% below the baseline %s; the maximum "
                    "drop is %.2f%%",
                    fmt_num(x, n), -change * 100, fmt_num(y, b),
                    s->max_drop * 100);
        return 1;
    }
    if (s->has_rise && change > s->max_rise) {
        finding_set(f, RSO_FAIL,
                    "%s rows, %.2f%% above the baseline %s; the maximum "
                    "rise is %.2f%%",
                    fmt_num(x, n), change * 100, fmt_num(y, b),
                    s->max_rise * 100);
        return 1;
    }
    return 0;
}

static void rows_eval(struct rso_check *c, struct rso_run *run)
{
    const struct rows_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    struct scan_source *ss = check_scan(c, run);
    double n = (double)ss->rows;
    int relative = s->has_drop || s->has_rise;
    char a[32], b[32];

    if (check_source_failed(c, run, f))
        return;
    finding_value(f, "rows", n);
    finding_prop(f, "observed", "%s", fmt_num(a, n));
    if (ss->bad_rows)
        finding_detail(f, "%lld bad rows were skipped (on_bad_row: skip)",
                       ss->bad_rows);
    finding_detail(f, "read in %.2f s by %d thread%s", ss->seconds,
                   ss->threads, ss->threads == 1 ? "" : "s");
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
    else if (relative && s->has_baseline && rows_relative(s, f, n))
        return;
    else if (relative && !s->has_baseline && !s->has_min && !s->has_max)
        finding_set(f, RSO_SKIP,
                    "%s rows; no baseline yet to compare the drop or rise "
                    "with",
                    fmt_num(a, n));
    else if (relative && !s->has_baseline)
        finding_set(f, RSO_PASS, "%s rows (no baseline yet for the drop "
                                 "or rise)",
                    fmt_num(a, n));
    else
        finding_set(f, RSO_PASS, "%s rows", fmt_num(a, n));
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
