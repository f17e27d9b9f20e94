/*
 * drift: a column's distribution against a reference (a source of the
 * config, or a file path), by one statistic with a maximum:
 *
 * - psi: population stability index over the reference's deciles
 *   (empty bins raised to eps, default 1e-4);
 * - ks: the Kolmogorov-Smirnov statistic D;
 * - js: Jensen-Shannon divergence in bits, in [0, 1];
 * - linf: the largest difference in share of one category (or bin).
 *
 * psi and ks need numbers and use KLL sketches (rank error under 1%).
 * js and linf compare value shares for categorical columns (at most
 * FREQ_MAX distinct values), or the reference's decile bins for numeric
 * ones.  No p-values: at these sizes every difference is significant.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "stats/drift.h"
#include "util/mem.h"

enum drift_stat { DRIFT_PSI, DRIFT_KS, DRIFT_JS, DRIFT_LINF };

static const char *const stat_names[] = {"psi", "ks", "js", "linf", NULL};

struct drift_spec {
    const char *column;
    const char *reference;
    enum drift_stat stat;
    double max, eps;
    struct rso_source *own_ref; /* a file path, not a source */
    const struct rso_source *ref;
    struct scan_col *col, *rcol;
    struct scan_source *rs;
};

static void drift_free(void *p)
{
    struct drift_spec *s = p;

    if (s->own_ref) {
        free(s->own_ref->resolved);
        free(s->own_ref);
    }
    free(s);
}

static int reference_parse(struct rso_check *c, struct drift_spec *s,
                           const struct ynode *spec)
{
    struct rso_source *r;

    if ((s->ref = config_source(c->cfg, s->reference)))
        return 0;
    if (!strchr(s->reference, '.') && !strchr(s->reference, '/'))
        return ynode_fail(ynode_get(spec, "reference"),
                          "unknown reference source '%s' in check '%s'",
                          s->reference, c->id);
    r = xcalloc(1, sizeof(*r));
    *r = *c->source;
    r->name = s->reference;
    r->path = s->reference;
    r->format = config_format_of(s->reference);
    r->resolved = config_path(c->cfg, s->reference);
    r->time = r->key = NULL;
    r->n_types = 0;
    s->own_ref = r;
    s->ref = r;
    return 0;
}

static int drift_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"column", "reference", "statistic",
                                       "max",    "eps",       NULL};
    struct drift_spec *s = xcalloc(1, sizeof(*s));
    const char *st = "psi";
    int rc, i;

    c->spec = s;
    s->eps = DRIFT_EPS;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "column")) ||
        (rc = spec_require(c, spec, "reference")) ||
        (rc = spec_require(c, spec, "max")) ||
        (rc = spec_string(c, spec, "column", &s->column)) ||
        (rc = spec_string(c, spec, "reference", &s->reference)) ||
        (rc = spec_string(c, spec, "statistic", &st)) ||
        (rc = spec_number(c, spec, "max", &s->max, NULL)) ||
        (rc = spec_number(c, spec, "eps", &s->eps, NULL)))
        return rc;
    for (i = 0; stat_names[i]; i++)
        if (!strcmp(stat_names[i], st))
            break;
    if (!stat_names[i])
        return ynode_fail(ynode_get(spec, "statistic"),
                          "unknown statistic '%s' in check '%s' (psi, ks, "
                          "js or linf)",
                          st, c->id);
    s->stat = (enum drift_stat)i;
    if (s->max < 0)
        return ynode_fail(ynode_get(spec, "max"),
                          "'max' of check '%s' is negative", c->id);
    if (!(s->eps > 0 && s->eps < 0.1))
        return ynode_fail(ynode_get(spec, "eps"),
                          "'eps' of check '%s' must be in (0, 0.1)", c->id);
    return reference_parse(c, s, spec);
}

static void drift_plan(struct rso_check *c, struct scan_source *ss)
{
    struct drift_spec *s = c->spec;
    unsigned want = SCAN_QUANTILES;

    if (s->stat == DRIFT_JS || s->stat == DRIFT_LINF)
        want |= SCAN_VALUES;
    s->col = scan_column(ss, s->column);
    scan_want(s->col, want);
    s->rs = scan_source(ss->plan, s->ref);
    s->rcol = scan_column(s->rs, s->column);
    scan_want(s->rcol, want);
}

/* Shares of categories over the union of both sides; 0 or -1. */
static int categorical(const struct drift_spec *s, struct rso_finding *f,
                       double **p, double **q, size_t *n)
{
    const struct freq *a = s->rcol->values, *b = s->col->values;

    if (!freq_complete(a) || !freq_complete(b)) {
        finding_set(f, RSO_ERROR,
                    "column '%s' has more than %d distinct values: too "
                    "many for categorical drift (use psi or ks on numbers)",
                    s->column, FREQ_MAX);
        return -1;
    }
    *p = xcalloc(a->n + b->n + 1, sizeof(double));
    *q = xcalloc(a->n + b->n + 1, sizeof(double));
    *n = 0;
    for (size_t i = 0; i < a->n; i++) {
        const struct freq_item *o =
            freq_get(b, a->items[i].value, a->items[i].len);

        (*p)[*n] = (double)a->items[i].count;
        (*q)[(*n)++] = o ? (double)o->count : 0;
    }
    for (size_t i = 0; i < b->n; i++)
        if (!freq_get(a, b->items[i].value, b->items[i].len)) {
            (*p)[*n] = 0;
            (*q)[(*n)++] = (double)b->items[i].count;
        }
    return 0;
}

/* The category (or bin) whose share moved most, as a detail line. */
static void biggest_move(const struct drift_spec *s, struct rso_finding *f,
                         const double *p, const double *q, size_t n, int cat,
                         const struct kll_view *rv)
{
    double tp = 0, tq = 0, best = -1;
    size_t bi = 0;
    char lo[32], hi[32], num[32];

    for (size_t i = 0; i < n; i++)
        tp += p[i], tq += q[i];
    for (size_t i = 0; i < n; i++) {
        double d = fabs(p[i] / tp - q[i] / tq);

        if (d > best)
            best = d, bi = i;
    }
    if (n == 0 || !(tp > 0) || !(tq > 0))
        return;
    if (cat) {
        const struct freq *a = s->rcol->values, *b = s->col->values;
        const char *name = bi < a->n ? a->items[bi].value : NULL;

        for (size_t i = 0, k = a->n; !name && i < b->n; i++)
            if (!freq_get(a, b->items[i].value, b->items[i].len) && k++ == bi)
                name = b->items[i].value;
        finding_detail(f,
                       "the largest move: '%s', %.2f%% of the reference, "
                       "%.2f%% now",
                       name ? name : "?", 100 * p[bi] / tp, 100 * q[bi] / tq);
        return;
    }
    snprintf(lo, sizeof(lo), "%s",
             bi ? fmt_num(num, kll_view_quantile(rv, bi / 10.0)) : "-inf");
    snprintf(hi, sizeof(hi), "%s",
             bi < 9 ? fmt_num(num, kll_view_quantile(rv, (bi + 1) / 10.0))
                    : "+inf");
    finding_detail(f,
                   "the largest move: decile bin (%s, %s], %.2f%% of "
                   "the reference, %.2f%% now",
                   lo, hi, 100 * p[bi] / tp, 100 * q[bi] / tq);
}

/* Compute the statistic; NaN after setting an error finding. */
static double statistic(const struct drift_spec *s, struct rso_finding *f)
{
    int numeric = s->rcol->st.nonnum == 0 && s->col->st.nonnum == 0 &&
                  s->rcol->st.numeric > 0;
    struct kll_view rv = {0}, cv = {0};
    double *p = NULL, *q = NULL, v = NAN, dp[10], dq[10];
    size_t n = 0;

    if (!numeric && (s->stat == DRIFT_PSI || s->stat == DRIFT_KS)) {
        finding_set(f, RSO_ERROR,
                    "column '%s' is not numeric ('%s' on line %lld); %s "
                    "needs numbers (js or linf compare categories)",
                    s->column,
                    s->rcol->st.nonnum ? s->rcol->st.first_nonnum
                                       : s->col->st.first_nonnum,
                    s->rcol->st.nonnum ? s->rcol->st.first_nonnum_row
                                       : s->col->st.first_nonnum_row,
                    stat_names[s->stat]);
        return NAN;
    }
    if (numeric) {
        kll_view_init(&rv, s->rcol->quant);
        kll_view_init(&cv, s->col->quant);
        drift_decile_shares(&rv, &cv, dp, dq);
        p = dp;
        q = dq;
        n = 10;
    } else if (categorical(s, f, &p, &q, &n) < 0) {
        return NAN;
    }
    switch (s->stat) {
    case DRIFT_PSI:
        v = drift_psi(&rv, &cv, s->eps);
        break;
    case DRIFT_KS:
        v = drift_ks(&rv, &cv);
        break;
    case DRIFT_JS:
        v = drift_js(p, q, n);
        break;
    case DRIFT_LINF:
        v = drift_linf(p, q, n);
        break;
    }
    if (!isnan(v))
        biggest_move(s, f, p, q, n, !numeric, &rv);
    if (!numeric) {
        free(p);
        free(q);
    }
    kll_view_release(&rv);
    kll_view_release(&cv);
    if (isnan(v))
        finding_set(f, RSO_ERROR, "column '%s' has no value on one side",
                    s->column);
    return v;
}

static void drift_eval(struct rso_check *c, struct rso_run *run)
{
    struct drift_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const char *name = stat_names[s->stat];
    char a[32], b[32];
    double v;

    if (!check_column(c, run, s->col, f))
        return;
    if (s->rs->status < 0) {
        finding_set(f, RSO_ERROR, "reference '%s' could not be read: %s",
                    s->reference, s->rs->error);
        return;
    }
    if (s->rcol->index < 0) {
        finding_set(f, RSO_ERROR, "reference '%s' has no column '%s'",
                    s->reference, s->column);
        return;
    }
    if (s->rcol->error) {
        finding_set(f, RSO_ERROR, "%s", s->rcol->error);
        return;
    }
    if (isnan(v = statistic(s, f)))
        return;
    finding_value(f, name, v);
    finding_limit(f, name, NULL, &s->max);
    snprintf(a, sizeof(a), "%.4f", v);
    fmt_num(b, s->max);
    if (v > s->max)
        finding_set(f, RSO_FAIL,
                    "%s of '%s' against '%s' is %s, above the "
                    "maximum %s",
                    name, s->column, s->reference, a, b);
    else
        finding_set(f, RSO_PASS,
                    "%s of '%s' against '%s' is %s (maximum "
                    "%s)",
                    name, s->column, s->reference, a, b);
    finding_detail(f, "%lld values against %lld in the reference",
                   s->col->st.rows - s->col->st.nulls,
                   s->rcol->st.rows - s->rcol->st.nulls);
}

const struct rso_kind kind_drift = {
    .name = "drift",
    .area = "data",
    .needs_source = 1,
    .parse = drift_parse,
    .free_spec = drift_free,
    .plan = drift_plan,
    .eval = drift_eval,
};
