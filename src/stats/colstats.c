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

/* Sums of deviations from a shift, for colstats_add_many(). */
struct sums {
    double d, d2, lo, hi;
    long long k;
};

static inline void sums_add(struct sums *a, double x, double shift)
{
    double d = x - shift;

    a->d += d;
    a->d2 += d * d;
    a->lo = x < a->lo ? x : a->lo;
    a->hi = x > a->hi ? x : a->hi;
    a->k++;
}

void colstats_add_many(struct colstats *s, const double *v,
                       const signed char *rc, size_t n, long long row0)
{
    struct sums a[2] = {{0, 0, INFINITY, -INFINITY, 0},
                        {0, 0, INFINITY, -INFINITY, 0}};
    double shift = s->mean, mean, m2, d, d2;
    long long k, total;
    size_t i;

    /*
     * One pass: the sums of the deviations from a shift near the mean
     * (the mean so far, else the first value) and of their squares give
     * the block's mean and squared deviations without the cancellation
     * that plain sums of squares suffer.  Two sets of sums let the
     * additions of neighbouring values overlap.
     */
    if (s->numeric == 0) {
        for (i = 0; i < n && (rc[i] != 0 || !isfinite(v[i])); i++)
            ;
        shift = i < n ? v[i] : 0;
    }
    for (i = 0; i < n; i++) {
        if (rc[i] != 0)
            continue;
        if (!isfinite(v[i])) {
            s->nonfinite++;
            continue;
        }
        sums_add(&a[i & 1], v[i], shift);
    }
    k = a[0].k + a[1].k;
    if (k == 0)
        return;
    d = a[0].d + a[1].d;
    d2 = a[0].d2 + a[1].d2;
    mean = shift + d / (double)k;
    m2 = d2 - d * d / (double)k;
    if (m2 < 0)
        m2 = 0;
    total = s->numeric + k;
    if (s->numeric == 0) {
        s->mean = mean;
        s->m2 = m2;
    } else {
        double delta = mean - s->mean;

        s->mean += delta * (double)k / (double)total;
        s->m2 +=
            m2 + delta * delta * (double)s->numeric * (double)k / (double)total;
    }
    s->numeric = total;
    /* The first row holding a new extreme, as colstats_add() keeps. */
    a[0].lo = a[1].lo < a[0].lo ? a[1].lo : a[0].lo;
    a[0].hi = a[1].hi > a[0].hi ? a[1].hi : a[0].hi;
    if (a[0].lo < s->min) {
        s->min = a[0].lo;
        s->min_row = row_of(v, rc, n, row0, a[0].lo);
    }
    if (a[0].hi > s->max) {
        s->max = a[0].hi;
        s->max_row = row_of(v, rc, n, row0, a[0].hi);
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
