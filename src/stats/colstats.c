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

/* The first i whose value is x (it is there), as a row. */
static long long row_of(const double *v, const signed char *rc, size_t n,
                        long long row0, double x)
{
    size_t i = 0;

    while (i < n && (rc[i] != 0 || v[i] != x))
        i++;
    return row0 + (long long)i;
}

void colstats_block_init(struct colstats_block *b, const struct colstats *s)
{
    b->shift = s->numeric ? s->mean : NAN;
    b->d = b->d2 = 0;
    b->lo = INFINITY;
    b->hi = -INFINITY;
    b->k = 0;
}

size_t colstats_gather(struct colstats *s, const double *v,
                       const signed char *rc, size_t n, double *out)
{
    size_t k = 0;

    /* Without a branch on each: x - x is 0 for a finite x, else NaN. */
    for (size_t i = 0; i < n; i++) {
        int number = rc[i] == 0, finite = v[i] - v[i] == 0;

        s->nonfinite += number && !finite;
        out[k] = v[i];
        k += number && finite;
    }
    return k;
}

void colstats_block_add_many(struct colstats_block *b, const double *x,
                             size_t n)
{
    double d[4] = {0}, d2[4] = {0}, shift;
    double lo[4] = {b->lo, b->lo, b->lo, b->lo};
    double hi[4] = {b->hi, b->hi, b->hi, b->hi};
    size_t i = 0;

    if (n == 0)
        return;
    if (isnan(b->shift))
        b->shift = x[0]; /* no value yet: deviations from the first */
    shift = b->shift;
    for (; i + 4 <= n; i += 4) {
#pragma GCC unroll 4
        for (size_t j = 0; j < 4; j++) {
            double e = x[i + j] - shift;

            d[j] += e;
            d2[j] += e * e;
            lo[j] = x[i + j] < lo[j] ? x[i + j] : lo[j];
            hi[j] = x[i + j] > hi[j] ? x[i + j] : hi[j];
        }
    }
    for (; i < n; i++) {
        double e = x[i] - shift;

        d[0] += e;
        d2[0] += e * e;
        lo[0] = x[i] < lo[0] ? x[i] : lo[0];
        hi[0] = x[i] > hi[0] ? x[i] : hi[0];
    }
    b->d += (d[0] + d[1]) + (d[2] + d[3]);
    b->d2 += (d2[0] + d2[1]) + (d2[2] + d2[3]);
    b->lo = fmin(fmin(lo[0], lo[1]), fmin(lo[2], lo[3]));
    b->hi = fmax(fmax(hi[0], hi[1]), fmax(hi[2], hi[3]));
    b->k += (long long)n;
}

void colstats_add_block(struct colstats *s, const struct colstats_block *b,
                        const double *v, const signed char *rc, size_t n,
                        long long row0)
{
    double mean, m2;
    long long total;

    if (b->k == 0)
        return;
    mean = b->shift + b->d / (double)b->k;
    m2 = b->d2 - b->d * b->d / (double)b->k;
    if (m2 < 0)
        m2 = 0;
    total = s->numeric + b->k;
    if (s->numeric == 0) {
        s->mean = mean;
        s->m2 = m2;
    } else {
        double delta = mean - s->mean;

        s->mean += delta * (double)b->k / (double)total;
        s->m2 += m2 + delta * delta * (double)s->numeric * (double)b->k /
                          (double)total;
    }
    s->numeric = total;
    if (b->lo < s->min) {
        s->min = b->lo;
        s->min_row = row_of(v, rc, n, row0, b->lo);
    }
    if (b->hi > s->max) {
        s->max = b->hi;
        s->max_row = row_of(v, rc, n, row0, b->hi);
    }
}

void colstats_merge(struct colstats *a, const struct colstats *b,
                    long long shift)
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
        a->min_row = b->min_row + shift;
    }
    if (b->max > a->max) {
        a->max = b->max;
        a->max_row = b->max_row + shift;
    }
    if (!a->first_nonnum_row && b->first_nonnum_row) {
        memcpy(a->first_nonnum, b->first_nonnum, sizeof(a->first_nonnum));
        a->first_nonnum_row = b->first_nonnum_row + shift;
    }
    for (int i = 0; i < b->n_null_rows && a->n_null_rows < 3; i++)
        a->null_rows[a->n_null_rows++] = b->null_rows[i] + shift;
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
