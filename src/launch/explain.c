/*
 * explain.c: reasons, comparable launches and likely data problems.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launch/explain.h"
#include "launch/rank.h"
#include "util/buf.h"
#include "util/mem.h"

#define TOP_FEATURES 8

int explain_segment(const struct launch_table *t, size_t row, long col,
                    char *buf, size_t size)
{
    const char *s = col >= 0 ? table_get(t, row, (size_t)col) : NULL;
    size_t n;

    if (!s)
        return 0;
    while (*s == ' ')
        s++;
    n = strcspn(s, "|");
    while (n && s[n - 1] == ' ')
        n--;
    if (!n || n >= size)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return 1;
}

int explain_segment_is(const struct launch_table *t, size_t row, long col,
                       const char *seg)
{
    char buf[256];

    return explain_segment(t, row, col, buf, sizeof(buf)) && !strcmp(buf, seg);
}

/* Distance in [0, 1] on one feature; -1 when either side is missing. */
static double feature_distance(const struct feature *ft, const float *a,
                               const float *b)
{
    double inter = 0, uni = 0;

    if (!ft->width || isnan(a[ft->first]) || isnan(b[ft->first]))
        return -1;
    if (ft->type == FEAT_NUMBER || ft->type == FEAT_DATE) {
        double d = fabs((double)a[ft->first] - (double)b[ft->first]);

        if (!(ft->sd > 0))
            return d > 0;
        return fmin(d / ft->sd, 3) / 3;
    }
    for (size_t c = ft->first; c < ft->first + ft->width; c++) {
        inter += a[c] > 0 && b[c] > 0;
        uni += a[c] > 0 || b[c] > 0;
    }
    return uni > 0 ? 1 - inter / uni : 0;
}

double forecast_distance(const struct fmap *m, const double *w, const float *a,
                         const float *b)
{
    double sum = 0, wsum = 0;

    for (size_t i = 0; i < m->n; i++) {
        double wi = w ? w[i] : 1, d;

        if (wi <= 0 || (d = feature_distance(&m->f[i], a, b)) < 0)
            continue;
        sum += wi * d;
        wsum += wi;
    }
    return wsum > 0 ? sum / wsum : 1;
}

/* Mean |SHAP| per feature, only the TOP_FEATURES largest kept. */
static double *weights(const struct launch_forecast *f, const float *contrib,
                       size_t rows)
{
    size_t n = f->map.n, w1 = f->map.ncols + 1;
    double *w = xcalloc(n + 1, sizeof(*w)), *s = xcalloc(n + 1, sizeof(*s));

    for (size_t i = 0; i < rows; i++)
        for (size_t c = 0; c < f->map.ncols; c++)
            w[fmap_feature_of(&f->map, c)] += fabs(contrib[i * w1 + c]);
    memcpy(s, w, n * sizeof(*s));
    rank_sort(s, n);
    for (size_t i = 0; n > TOP_FEATURES && i < n; i++)
        if (w[i] < s[n - TOP_FEATURES])
            w[i] = 0;
    free(s);
    return w;
}

struct pool {
    size_t *rows; /* history table rows, most recent first */
    size_t *idx;  /* index into f->rows */
    float *x;
    struct cval *c; /* n rows of the active features */
    size_t n;
};

static int recent_cmp(const void *a, const void *b, void *ctx)
{
    const double *date = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    if (date[x] != date[y])
        return date[x] > date[y] ? -1 : 1;
    return (x < y) - (x > y);
}

static int pool_build(struct pool *p, const struct launch_forecast *f)
{
    size_t *all = xcalloc(f->n + 1, sizeof(*all));

    for (size_t i = 0; i < f->n; i++)
        all[i] = i;
    qsort_r(all, f->n, sizeof(*all), recent_cmp, f->date);
    p->n = f->n < EXPLAIN_POOL ? f->n : EXPLAIN_POOL;
    p->idx = all;
    p->rows = xcalloc(p->n + 1, sizeof(*p->rows));
    for (size_t i = 0; i < p->n; i++)
        p->rows[i] = f->rows[all[i]];
    return fmap_encode(&p->x, &f->map, f->hist, p->rows, p->n);
}

static void pool_free(struct pool *p)
{
    free(p->rows);
    free(p->idx);
    free(p->x);
    free(p->c);
}

/* The weighted features only, for the inner loop of nearest(). */
struct active {
    const struct feature *f[TOP_FEATURES];
    double w[TOP_FEATURES];
    size_t n;
};

/*
 * One feature of one row, compact: a number over its standard deviation,
 * or the set of its words as a bit mask (the vocabulary has at most 128
 * words).
 */
struct cval {
    float v;
    int missing;
    uint64_t m[2];
};

static void active_of(struct active *a, const struct fmap *m, const double *w)
{
    a->n = 0;
    for (size_t i = 0; i < m->n && a->n < TOP_FEATURES; i++)
        if (w[i] > 0) {
            a->f[a->n] = &m->f[i];
            a->w[a->n++] = w[i];
        }
}

static void compact(struct cval *out, const struct active *a, const float *x)
{
    for (size_t i = 0; i < a->n; i++) {
        const struct feature *ft = a->f[i];
        struct cval *c = &out[i];

        memset(c, 0, sizeof(*c));
        c->missing = !ft->width || isnan(x[ft->first]);
        if (c->missing)
            continue;
        if (ft->type == FEAT_NUMBER || ft->type == FEAT_DATE) {
            c->v = ft->sd > 0 ? (float)(x[ft->first] / ft->sd) : x[ft->first];
            continue;
        }
        for (size_t j = 0; j < ft->width && j < 128; j++)
            if (x[ft->first + j] > 0)
                c->m[j / 64] |= 1ULL << (j % 64);
    }
}

/* Bits set in v (SWAR; no popcount instruction is assumed). */
static int bits(uint64_t v)
{
    v = v - ((v >> 1) & 0x5555555555555555ULL);
    v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (int)((v * 0x0101010101010101ULL) >> 56);
}

/* forecast_distance over the active features, on compact rows. */
static double active_distance(const struct active *a, const struct cval *x,
                              const struct cval *y)
{
    double sum = 0, wsum = 0, d;

    for (size_t i = 0; i < a->n; i++) {
        const struct feature *ft = a->f[i];

        if (x[i].missing || y[i].missing)
            continue;
        if (ft->type == FEAT_NUMBER || ft->type == FEAT_DATE) {
            d = fabsf(x[i].v - y[i].v);
            d = ft->sd > 0 ? fmin(d, 3) / 3 : d > 0;
        } else {
            int uni = bits(x[i].m[0] | y[i].m[0]) + bits(x[i].m[1] | y[i].m[1]);
            int in = bits(x[i].m[0] & y[i].m[0]) + bits(x[i].m[1] & y[i].m[1]);

            d = uni ? 1 - (double)in / uni : 0;
        }
        sum += a->w[i] * d;
        wsum += a->w[i];
    }
    return wsum > 0 ? sum / wsum : 1;
}

/* The k nearest pool entries to row x, nearest first. */
static void nearest(struct launch_pred *pr, const struct pool *p,
                    const struct active *a, const float *x, size_t k)
{
    struct cval cx[TOP_FEATURES];
    size_t n = 0;

    compact(cx, a, x);
    for (size_t j = 0; j < p->n; j++) {
        double d = active_distance(a, cx, p->c + j * a->n);
        size_t at = n;

        if (n == k && d >= pr->distances[k - 1])
            continue;
        while (at > 0 && pr->distances[at - 1] > d)
            at--;
        if (n < k)
            n++;
        memmove(pr->distances + at + 1, pr->distances + at,
                (n - 1 - at) * sizeof(double));
        memmove(pr->comparables + at + 1, pr->comparables + at,
                (n - 1 - at) * sizeof(size_t));
        pr->distances[at] = d;
        pr->comparables[at] = j;
    }
    pr->n_comparables = n;
}

/* Why feature i of x looks like a data problem, or NULL. */
static char *data_problem(const struct launch_forecast *f, const struct pool *p,
                          const struct launch_pred *pr, const float *x,
                          size_t i)
{
    const struct feature *ft = &f->map.f[i];
    double v[100];
    size_t n = 0, have = 0, peers = pr->n_comparables;
    struct rso_buf b = RSO_BUF_INIT;

    if (!ft->width || !peers)
        return NULL;
    for (size_t j = 0; j < peers; j++) {
        float pv = p->x[pr->comparables[j] * f->map.ncols + ft->first];

        have += !isnan(pv);
        if (!isnan(pv))
            v[n++] = pv;
    }
    if (isnan(x[ft->first])) {
        if ((double)have < 0.9 * (double)peers)
            return NULL;
        rso_buf_printf(&b,
                       "missing, while %zu of its %zu comparable "
                       "launches have a value",
                       have, peers);
        return rso_buf_detach(&b);
    }
    if (ft->type != FEAT_NUMBER && ft->type != FEAT_DATE)
        return NULL;
    double z = rank_robust_z(x[ft->first], v, n);
    if (!(z > EXPLAIN_MAX_Z))
        return NULL;
    rso_buf_printf(&b,
                   "far outside its comparable launches (robust z "
                   "%.1f)",
                   z);
    return rso_buf_detach(&b);
}

static void add_reason(struct launch_pred *pr, size_t feat, double c,
                       char *detail)
{
    struct launch_reason *r = &pr->reasons[pr->n_reasons++];

    r->feature = feat;
    r->contrib = c;
    r->data_problem = detail != NULL;
    r->detail = detail;
}

static int reason_cmp(const void *a, const void *b)
{
    const struct launch_reason *x = a, *y = b;

    if (x->contrib != y->contrib)
        return x->contrib < y->contrib ? -1 : 1;
    return (x->feature > y->feature) - (x->feature < y->feature);
}

/* The most negative contributions, and every data problem. */
static void reasons(struct launch_pred *pr, const struct launch_forecast *f,
                    const struct pool *p, const float *x, const float *c)
{
    size_t n = f->map.n;
    double *sum = xcalloc(n + 1, sizeof(*sum));
    char **prob = xcalloc(n + 1, sizeof(*prob));
    int *used = xcalloc(n + 1, sizeof(*used));

    for (size_t col = 0; col < f->map.ncols; col++)
        sum[fmap_feature_of(&f->map, col)] += c[col];
    for (size_t i = 0; i < n; i++)
        prob[i] = data_problem(f, p, pr, x, i);
    for (size_t i = 0; i < n && pr->n_reasons < LAUNCH_MAX_REASONS; i++)
        if (prob[i] && sum[i] < 0) {
            add_reason(pr, i, sum[i], prob[i]);
            used[i] = 1;
            prob[i] = NULL;
        }
    while (pr->n_reasons < LAUNCH_MAX_REASONS - 1) {
        size_t best = n;

        for (size_t i = 0; i < n; i++)
            if (!used[i] && sum[i] < 0 && (best == n || sum[i] < sum[best]))
                best = i;
        if (best == n)
            break;
        used[best] = 1;
        add_reason(pr, best, sum[best], NULL);
    }
    qsort(pr->reasons, pr->n_reasons, sizeof(*pr->reasons), reason_cmp);
    for (size_t i = 0; i < n; i++)
        free(prob[i]);
    free(prob);
    free(sum);
    free(used);
}

/*
 * Rows to explain: every item at risk, and an even sample of the rest
 * when fewer than EXPLAIN_SAMPLE are at risk (for the weights).
 */
static size_t choose_rows(const struct launch_forecast *f, size_t *rows)
{
    size_t stride = f->n_preds / EXPLAIN_SAMPLE + 1, n = 0, risky = 0;

    for (size_t i = 0; i < f->n_preds; i++)
        risky += f->preds[i].at_risk;
    for (size_t i = 0; i < f->n_preds; i++)
        if (f->preds[i].at_risk || (risky < EXPLAIN_SAMPLE && i % stride == 0))
            rows[n++] = i;
    return n;
}

static int contributions(float **out, size_t **rows_out, size_t *n_out,
                         const struct launch_forecast *f, const float *x)
{
    size_t *rows = xcalloc(f->n_preds + 1, sizeof(*rows));
    size_t n = choose_rows(f, rows), w = f->map.ncols;
    float *sub = xmalloc((n + 1) * w * sizeof(*sub));
    int rc;

    for (size_t i = 0; i < n; i++)
        memcpy(sub + i * w, x + rows[i] * w, w * sizeof(*sub));
    rc = model_predict(f->model, sub, n, w, MODEL_SHAP, out);
    free(sub);
    if (rc) {
        free(rows);
        return rc;
    }
    *rows_out = rows;
    *n_out = n;
    return 0;
}

/*
 * Items not at risk get reasons too, from path contributions: exact
 * SHAP costs XGBoost about 0.4 ms an item, path contributions a few
 * microseconds, and what a safe item's reader wants is the features
 * that hold it down, not their exact shares.  Comparables and data
 * problems are searched for items at risk only.
 */
static int explain_safe(struct launch_forecast *f, const struct pool *p,
                        const float *x)
{
    size_t *rows = xcalloc(f->n_preds + 1, sizeof(*rows));
    size_t n = 0, w = f->map.ncols;
    float *sub, *c = NULL;
    int rc;

    for (size_t i = 0; i < f->n_preds; i++)
        if (!f->preds[i].at_risk)
            rows[n++] = i;
    sub = xmalloc((n + 1) * w * sizeof(*sub));
    for (size_t i = 0; i < n; i++)
        memcpy(sub + i * w, x + rows[i] * w, w * sizeof(*sub));
    rc = model_predict(f->model, sub, n, w, MODEL_SHAP_PATHS, &c);
    for (size_t j = 0; rc == 0 && j < n; j++) {
        struct launch_pred *pr = &f->preds[rows[j]];

        pr->by_paths = 1;
        reasons(pr, f, p, x + rows[j] * w, c + j * (w + 1));
    }
    free(c);
    free(sub);
    free(rows);
    return rc;
}

int explain_all(struct launch_forecast *f, const float *x)
{
    struct pool p = {0};
    size_t k =
        (size_t)f->spec->k > LAUNCH_PEERS ? (size_t)f->spec->k : LAUNCH_PEERS;
    size_t *rows = NULL, n = 0, w1 = f->map.ncols + 1;
    float *contrib = NULL;
    double *w = NULL;
    struct active a;
    int rc;

    if (!f->n_preds)
        return 0;
    if ((rc = contributions(&contrib, &rows, &n, f, x)) ||
        (rc = pool_build(&p, f)))
        goto done;
    w = weights(f, contrib, n);
    active_of(&a, &f->map, w);
    p.c = xcalloc(p.n * a.n + 1, sizeof(*p.c));
    for (size_t j = 0; j < p.n; j++)
        compact(p.c + j * a.n, &a, p.x + j * f->map.ncols);
    for (size_t j = 0; j < n; j++) {
        struct launch_pred *pr = &f->preds[rows[j]];
        const float *xj = x + rows[j] * f->map.ncols;

        if (!pr->at_risk)
            continue;
        nearest(pr, &p, &a, xj, k);
        reasons(pr, f, &p, xj, contrib + j * w1);
    }
    if ((rc = explain_safe(f, &p, x)))
        goto done;
    /* Pool positions become indices into f->rows. */
    for (size_t i = 0; i < f->n_preds; i++)
        for (size_t j = 0; j < f->preds[i].n_comparables; j++)
            f->preds[i].comparables[j] = p.idx[f->preds[i].comparables[j]];
done:
    pool_free(&p);
    free(w);
    free(rows);
    free(contrib);
    return rc;
}
