/*
 * explain.c: reasons, comparable launches and likely data problems.
 */
#include <math.h>
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

    return explain_segment(t, row, col, buf, sizeof(buf)) &&
           !strcmp(buf, seg);
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

double forecast_distance(const struct fmap *m, const double *w,
                         const float *a, const float *b)
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
static double *weights(const struct launch_forecast *f,
                       const float *contrib)
{
    size_t n = f->map.n, w1 = f->map.ncols + 1;
    double *w = xcalloc(n + 1, sizeof(*w)), *s = xcalloc(n + 1, sizeof(*s));

    for (size_t i = 0; i < f->n_preds; i++)
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
    size_t *rows;   /* history table rows, most recent first */
    size_t *idx;    /* index into f->rows */
    float *x;
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
}

/* The k nearest pool entries to row x, nearest first. */
static void nearest(struct launch_pred *pr, const struct launch_forecast *f,
                    const struct pool *p, const double *w, const float *x,
                    size_t k)
{
    size_t n = 0;

    for (size_t j = 0; j < p->n; j++) {
        double d = forecast_distance(&f->map, w,
                                     x, p->x + j * f->map.ncols);
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
static char *data_problem(const struct launch_forecast *f,
                          const struct pool *p, const struct launch_pred *pr,
                          const float *x, size_t i)
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
        rso_buf_printf(&b, "missing, while %zu of its %zu comparable "
                           "launches have a value",
                       have, peers);
        return rso_buf_detach(&b);
    }
    if (ft->type != FEAT_NUMBER && ft->type != FEAT_DATE)
        return NULL;
    double z = rank_robust_z(x[ft->first], v, n);
    if (!(z > EXPLAIN_MAX_Z))
        return NULL;
    rank_sort(v, n);
    rso_buf_printf(&b, "far outside its comparable launches (robust z "
                       "%.1f)", z);
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

int explain_all(struct launch_forecast *f, const float *x,
                const float *contrib)
{
    struct pool p = {0};
    size_t k = (size_t)f->spec->k > LAUNCH_PEERS ? (size_t)f->spec->k
                                                 : LAUNCH_PEERS;
    double *w = weights(f, contrib);
    int rc;

    if ((rc = pool_build(&p, f)))
        goto done;
    for (size_t i = 0; i < f->n_preds; i++) {
        struct launch_pred *pr = &f->preds[i];
        const float *xi = x + i * f->map.ncols;

        nearest(pr, f, &p, w, xi, k);
        reasons(pr, f, &p, xi, contrib + i * (f->map.ncols + 1));
        /* Pool positions become history table rows. */
        for (size_t j = 0; j < pr->n_comparables; j++)
            pr->comparables[j] = p.idx[pr->comparables[j]];
    }
done:
    pool_free(&p);
    free(w);
    return rc;
}
