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
