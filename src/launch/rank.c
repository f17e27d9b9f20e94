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

static void swap(double *v, size_t i, size_t j)
{
    double t = v[i];

    v[i] = v[j];
    v[j] = t;
}

/*
 * Reorder v so that v[k] is its k-th smallest value, with nothing larger
 * before it and nothing smaller after (Hoare's selection, the pivot a
 * median of three).  Linear on average, where sorting is n log n: the
 * explanations take medians of every feature of every item at risk.
 */
static void select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;

    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
        double p;

        if (v[mid] < v[lo])
            swap(v, mid, lo);
        if (v[hi] < v[lo])
            swap(v, hi, lo);
        if (v[hi] < v[mid])
            swap(v, hi, mid);
        p = v[mid];
        while (i <= j) {
            while (v[i] < p)
                i++;
            while (v[j] > p)
                j--;
            if (i <= j) {
                swap(v, i++, j);
                if (j-- == 0)
                    break;
            }
        }
        /* Now v[lo..j] <= p <= v[i..hi], and v[j+1..i-1] == p. */
        if (k <= j && j != (size_t)-1)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

double rank_quantile(double *v, size_t n, double q)
{
    double h, lo, next;
    size_t k;

    if (n == 0)
        return NAN;
    h = (double)(n - 1) * q;
    lo = floor(h);
    k = (size_t)lo;
    if (k + 1 >= n) {
        select_kth(v, n, n - 1);
        return v[n - 1];
    }
    select_kth(v, n, k);
    /* The next order statistic is the smallest value after v[k]. */
    next = v[k + 1];
    for (size_t i = k + 2; i < n; i++)
        if (v[i] < next)
            next = v[i];
    return v[k] + (h - lo) * (next - v[k]);
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
