#include <math.h>
#include <string.h>

#include "stats/colstats.h"

void colstats_init(struct colstats *s)
{
    memset(s, 0, sizeof(*s));
    s->min = INFINITY;
    s->max = -INFINITY;
    s->mean = NAN;
}

/* The finite values of a block, gathered for colstats_add_many(). */
#define BLOCK 256

/* The first i whose value is x (it is there), as a row. */
static long long row_of(const double *v, const signed char *rc, size_t n,
                        long long row0, double x)
{
    size_t i = 0;

    while (i < n && (rc[i] != 0 || v[i] != x))
        i++;
    return row0 + (long long)i;
}

void colstats_add_many(struct colstats *s, const double *v,
                       const signed char *rc, size_t n, long long row0)
{
    for (size_t at = 0; at < n; at += BLOCK) {
        size_t m = n - at < BLOCK ? n - at : BLOCK, k = 0;
        double x[BLOCK], sum[4] = {0, 0, 0, 0}, dev[4] = {0, 0, 0, 0};
        double lo = INFINITY, hi = -INFINITY, mean, m2;
        long long total;

        for (size_t i = 0; i < m; i++) {
            if (rc[at + i] != 0)
                continue;
            if (!isfinite(v[at + i])) {
                s->nonfinite++;
                continue;
            }
            x[k++] = v[at + i];
        }
        if (k == 0)
            continue;
        /* Four sums side by side, so that the additions overlap. */
        for (size_t j = 0; j < k; j++) {
            sum[j & 3] += x[j];
            lo = x[j] < lo ? x[j] : lo;
            hi = x[j] > hi ? x[j] : hi;
        }
        mean = (sum[0] + sum[1] + sum[2] + sum[3]) / (double)k;
        for (size_t j = 0; j < k; j++) {
            double d = x[j] - mean;

            dev[j & 3] += d * d;
        }
        m2 = dev[0] + dev[1] + dev[2] + dev[3];
        total = s->numeric + (long long)k;
        if (s->numeric == 0) {
            s->mean = mean;
            s->m2 = m2;
        } else {
            double delta = mean - s->mean;

            s->mean += delta * (double)k / (double)total;
            s->m2 += m2 + delta * delta * (double)s->numeric * (double)k /
                              (double)total;
        }
        s->numeric = total;
        /* The first row holding a new extreme, as colstats_add() keeps. */
        if (lo < s->min) {
            s->min = lo;
            s->min_row = row_of(v + at, rc + at, m, row0 + (long long)at, lo);
        }
        if (hi > s->max) {
            s->max = hi;
            s->max_row = row_of(v + at, rc + at, m, row0 + (long long)at, hi);
        }
    }
}

void colstats_merge(struct colstats *a, const struct colstats *b)
{
    long long n = a->numeric + b->numeric;

    if (b->numeric > 0) {
        if (a->numeric == 0) {
            a->mean = b->mean;
            a->m2 = b->m2;
        } else {
            double delta = b->mean - a->mean;

            a->mean += delta * (double)b->numeric / (double)n;
            a->m2 += b->m2 + delta * delta * (double)a->numeric *
                                 (double)b->numeric / (double)n;
        }
    }
    if (b->min < a->min) {
        a->min = b->min;
        a->min_row = b->min_row;
    }
    if (b->max > a->max) {
        a->max = b->max;
        a->max_row = b->max_row;
    }
    if (!a->first_nonnum_row && b->first_nonnum_row) {
        memcpy(a->first_nonnum, b->first_nonnum, sizeof(a->first_nonnum));
        a->first_nonnum_row = b->first_nonnum_row;
    }
    for (int i = 0; i < b->n_null_rows && a->n_null_rows < 3; i++)
        a->null_rows[a->n_null_rows++] = b->null_rows[i];
    a->numeric = n;
    a->rows += b->rows;
    a->nulls += b->nulls;
    a->nonnum += b->nonnum;
    a->nonfinite += b->nonfinite;
}

double colstats_variance(const struct colstats *s)
{
    return s->numeric < 2 ? NAN : s->m2 / (double)(s->numeric - 1);
}

double colstats_stddev(const struct colstats *s)
{
    return sqrt(colstats_variance(s));
}

void colstats_null(struct colstats *s, long long row)
{
    s->nulls++;
    if (s->n_null_rows < 3)
        s->null_rows[s->n_null_rows++] = row;
}
