/*
 * colstats.h: what one pass over a column accumulates.
 *
 * Mean and variance use Welford's update (stable for long columns); two
 * accumulators merge with Chan's formula, so a file read in chunks gives
 * the same figures as one read whole, up to rounding.  With no numeric
 * value, mean and variance are NaN; min and max are +inf and -inf.
 */
#ifndef RSO_COLSTATS_H
#define RSO_COLSTATS_H

#include <math.h>
#include <stddef.h>

struct colstats {
    long long rows;      /* values seen, null or not */
    long long nulls;     /* empty or a null marker */
    long long numeric;   /* parsed as a finite number */
    long long nonnum;    /* present but not a number */
    long long nonfinite; /* NaN or an infinity */
    double min, max;
    double mean, m2; /* Welford: m2 is the sum of squared deviations */
    long long min_row, max_row; /* row of min and max, as the caller
                                   numbers rows (the scan: file lines) */
    char first_nonnum[64];      /* the first value that is not a number */
    long long first_nonnum_row;
    long long null_rows[3]; /* the first rows holding a null */
    int n_null_rows;
};

/* Count a null value on row. */
void colstats_null(struct colstats *s, long long row);

void colstats_init(struct colstats *s);
/*
 * Add a value that is neither null nor non-numeric.  Inline: the scan
 * calls it for every number of every column it parses.
 */
static inline void colstats_add(struct colstats *s, double v, long long row)
{
    double delta, inv;

    if (!isfinite(v)) {
        s->nonfinite++;
        return;
    }
    s->numeric++;
    if (s->numeric == 1)
        s->mean = 0;
    /*
     * The reciprocal depends on the count alone, so the division runs
     * beside the update instead of holding up the next one.
     */
    inv = 1.0 / (double)s->numeric;
    delta = v - s->mean;
    s->mean += delta * inv;
    s->m2 += delta * (v - s->mean);
    if (v < s->min) {
        s->min = v;
        s->min_row = row;
    }
    if (v > s->max) {
        s->max = v;
        s->max_row = row;
    }
}
/*
 * Add the values v[i] whose code rc[i] is 0 (the others are not
 * counted), value i being on row row0 + i.  The same figures as
 * colstats_add() on each in turn, up to rounding, at a fraction of the
 * cost: each block of values gets its own mean and squared deviations,
 * merged into s as colstats_merge() merges.
 */
void colstats_add_many(struct colstats *s, const double *v,
                       const signed char *rc, size_t n, long long row0);
/* Fold b into a. */
void colstats_merge(struct colstats *a, const struct colstats *b);
/* Sample variance (n - 1); NaN below two values. */
double colstats_variance(const struct colstats *s);
double colstats_stddev(const struct colstats *s);

#endif
