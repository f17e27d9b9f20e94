/*
 * rank.c: ranks, Spearman, AUC, precision at a budget, quantiles and
 * robust z-scores.
 */
#include <math.h>
#include <stdlib.h>

#include "launch/rank.h"
#include "util/mem.h"

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

void rank_sort(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), dbl_cmp);
}

struct iv {
    double v;
    size_t i;
};

static int iv_cmp(const void *a, const void *b)
{
    const struct iv *x = a, *y = b;

    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

void rank_mid(double *out, const double *v, size_t n)
{
    struct iv *s = xmalloc((n + 1) * sizeof(*s));

    for (size_t i = 0; i < n; i++)
        s[i] = (struct iv){v[i], i};
    qsort(s, n, sizeof(*s), iv_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i;

        while (j < n && s[j].v == s[i].v)
            j++;
        for (size_t k = i; k < j; k++)
            out[s[k].i] = (double)(i + j + 1) / 2.0;
        i = j;
    }
    free(s);
}

double rank_spearman(const double *a, const double *b, size_t n)
{
    double *ra, *rb, ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

    if (n < 2)
        return NAN;
    ra = xmalloc(n * sizeof(*ra));
    rb = xmalloc(n * sizeof(*rb));
    rank_mid(ra, a, n);
    rank_mid(rb, b, n);
    for (size_t i = 0; i < n; i++) {
        ma += ra[i];
        mb += rb[i];
    }
    ma /= (double)n;
    mb /= (double)n;
    for (size_t i = 0; i < n; i++) {
        sab += (ra[i] - ma) * (rb[i] - mb);
        saa += (ra[i] - ma) * (ra[i] - ma);
        sbb += (rb[i] - mb) * (rb[i] - mb);
    }
    free(ra);
    free(rb);
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}

double rank_auc(const double *score, const int *label, size_t n)
{
    double *r = xmalloc((n + 1) * sizeof(*r)), sum = 0, pos = 0, neg;

    rank_mid(r, score, n);
    for (size_t i = 0; i < n; i++)
        if (label[i]) {
            pos++;
            sum += r[i];
        }
    free(r);
    neg = (double)n - pos;
    if (pos == 0 || neg == 0)
        return NAN;
    return (sum - pos * (pos + 1) / 2) / (pos * neg);
}

double rank_precision_at(const double *score, const int *label, size_t n,
                         size_t budget)
{
    double *s, cut, above = 0, above_pos = 0, tied = 0, tied_pos = 0;

    if (budget == 0 || n == 0)
        return NAN;
    if (budget > n)
        budget = n;
    s = xmalloc(n * sizeof(*s));
    for (size_t i = 0; i < n; i++)
        s[i] = score[i];
    rank_sort(s, n);
    cut = s[n - budget];
    free(s);
    for (size_t i = 0; i < n; i++) {
        if (score[i] > cut) {
            above++;
            above_pos += label[i] != 0;
        } else if (score[i] == cut) {
            tied++;
            tied_pos += label[i] != 0;
        }
    }
    return (above_pos + ((double)budget - above) * tied_pos / tied) /
           (double)budget;
}

double rank_quantile(double *v, size_t n, double q)
{
    double h, lo;

    if (n == 0)
        return NAN;
    rank_sort(v, n);
    h = (double)(n - 1) * q;
    lo = floor(h);
    if ((size_t)lo + 1 >= n)
        return v[n - 1];
    return v[(size_t)lo] + (h - lo) * (v[(size_t)lo + 1] - v[(size_t)lo]);
}

double rank_robust_z(double x, double *v, size_t n)
{
    double med, mad, mean_ad = 0, scale;

    if (n < 3)
        return NAN;
    med = rank_quantile(v, n, 0.5);
    for (size_t i = 0; i < n; i++) {
        mean_ad += fabs(v[i] - med);
        v[i] = fabs(v[i] - med);
    }
    mad = rank_quantile(v, n, 0.5);
    scale = mad > 0 ? 1.4826 * mad : 1.2533 * mean_ad / (double)n;
    if (!(scale > 0))
        return NAN;
    return fabs(x - med) / scale;
}
