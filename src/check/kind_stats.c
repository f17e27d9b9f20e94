/*
 * stats: summary statistics of a numeric column within bounds:
 *
 *   stats: { column: score, mean: { min: 0.2, max: 0.4 },
 *            stddev: { max: 0.25 }, p50: { min: 0.2 }, p99: { max: 0.9 },
 *            distinct: { min: 1000 } }
 *
 * mean and stddev (sample, n - 1) come from Welford's update; p01, p05,
 * p10, p25, p50, p75, p90, p95 and p99 from the KLL sketch (rank error
 * under 1%); distinct counts present values with HyperLogLog (exact up
 * to 4096 values, then 0.81% standard error).  NaN (n = 0, or n < 2 for
 * stddev) fails every bound.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "util/buf.h"
#include "util/mem.h"

static const char *const stat_keys[] = {"mean", "stddev",   "p01", "p05", "p10",
                                        "p25",  "p50",      "p75", "p90", "p95",
                                        "p99",  "distinct", NULL};
#define N_STATS 12

struct stats_spec {
    const char *column;
    double min[N_STATS], max[N_STATS];
    int has_min[N_STATS], has_max[N_STATS], used[N_STATS];
    struct scan_col *col;
};

static int stats_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *keys[N_STATS + 2];
    static const char *const bounds[] = {"min", "max", NULL};
    struct stats_spec *s = xcalloc(1, sizeof(*s));
    int rc, any = 0;

    c->spec = s;
    keys[0] = "column";
    for (int i = 0; i < N_STATS; i++)
        keys[i + 1] = stat_keys[i];
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "column")) ||
        (rc = spec_string(c, spec, "column", &s->column)))
        return rc;
    for (int i = 0; i < N_STATS; i++) {
        const struct ynode *n = ynode_get(spec, stat_keys[i]);

        if (!n)
            continue;
        if ((rc = spec_keys(c, n, bounds)) ||
            (rc = spec_number(c, n, "min", &s->min[i], &s->has_min[i])) ||
            (rc = spec_number(c, n, "max", &s->max[i], &s->has_max[i])))
            return rc;
        if (!s->has_min[i] && !s->has_max[i])
            return ynode_fail(n, "'%s' in check '%s' needs 'min' or 'max'",
                              stat_keys[i], c->id);
        s->used[i] = any = 1;
    }
    if (!any)
        return ynode_fail(spec,
                          "'stats' of check '%s' needs a statistic "
                          "(mean, stddev, p50, p99, distinct...)",
                          c->id);
    return 0;
}

static void stats_plan(struct rso_check *c, struct scan_source *ss)
{
    struct stats_spec *s = c->spec;
    unsigned want = 0;

    s->col = scan_column(ss, s->column);
    if (s->used[0] || s->used[1])
        want |= SCAN_NUMBERS;
    for (int i = 2; i < N_STATS - 1; i++)
        if (s->used[i])
            want |= SCAN_QUANTILES;
    if (s->used[N_STATS - 1])
        want |= SCAN_DISTINCT;
    scan_want(s->col, want);
}

static double observed(const struct stats_spec *s, int i)
{
    const char *name = stat_keys[i];

    if (i == 0)
        return s->col->st.numeric ? s->col->st.mean : NAN;
    if (i == 1)
        return colstats_stddev(&s->col->st);
    if (i == N_STATS - 1)
        return hll_count(s->col->distinct);
    return kll_quantile(s->col->quant, atof(name + 1) / 100.0);
}

static void stats_eval(struct rso_check *c, struct rso_run *run)
{
    struct stats_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    struct rso_buf first = RSO_BUF_INIT, all = RSO_BUF_INIT;
    int bad = 0;
    char a[32], b[32];

    if (!check_column(c, run, s->col, f))
        return;
    for (int i = 0; i < N_STATS; i++) {
        double v;
        int fail;

        if (!s->used[i])
            continue;
        v = observed(s, i);
        finding_value(f, stat_keys[i], v);
        finding_limit(f, stat_keys[i], s->has_min[i] ? &s->min[i] : NULL,
                      s->has_max[i] ? &s->max[i] : NULL);
        fail = isnan(v) || (s->has_min[i] && v < s->min[i]) ||
               (s->has_max[i] && v > s->max[i]);
        rso_buf_printf(&all, "%s%s %s", all.len ? ", " : "", stat_keys[i],
                       fmt_num(a, v));
        if (!fail)
            continue;
        finding_detail(f, "%s of '%s' is %s, %s %s", stat_keys[i], s->column,
                       fmt_num(a, v),
                       s->has_min[i] && !(v >= s->min[i]) ? "below the minimum"
                                                          : "above the maximum",
                       fmt_num(b, s->has_min[i] && !(v >= s->min[i])
                                      ? s->min[i]
                                      : s->max[i]));
        if (!bad++)
            rso_buf_printf(
                &first, "%s of '%s' is %s, %s %s", stat_keys[i], s->column,
                fmt_num(a, v),
                s->has_min[i] && !(v >= s->min[i]) ? "below the minimum"
                                                   : "above the maximum",
                fmt_num(b, s->has_min[i] && !(v >= s->min[i]) ? s->min[i]
                                                              : s->max[i]));
    }
    if (bad)
        finding_set(f, RSO_FAIL, "%s%s", rso_buf_str(&first),
                    bad > 1 ? " (and more)" : "");
    else
        finding_set(f, RSO_PASS, "'%s': %s", s->column, rso_buf_str(&all));
    if (s->col->st.nonnum)
        finding_detail(f,
                       "%lld values are not numbers; the first, line "
                       "%lld: %s",
                       s->col->st.nonnum, s->col->st.first_nonnum_row,
                       s->col->st.first_nonnum);
    rso_buf_release(&first);
    rso_buf_release(&all);
}

const struct rso_kind kind_stats = {
    .name = "stats",
    .area = "data",
    .needs_source = 1,
    .parse = stats_parse,
    .free_spec = free,
    .plan = stats_plan,
    .eval = stats_eval,
};
