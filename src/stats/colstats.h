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
 * A block of values on its way into a colstats, summed in one pass: the
 * sums of the deviations from a shift near the mean (the mean so far,
 * else the block's first value) and of their squares give the block's
 * mean and squared deviations without the cancellation that plain sums
 * of squares suffer.  colstats_add_block() merges it as colstats_merge()
 * merges.
 */
struct colstats_block {
    double shift, d, d2, lo, hi;
    long long k;
};

void colstats_block_init(struct colstats_block *b, const struct colstats *s);

/*
 * Copy the finite numbers among v[0..n) (those whose code rc[i] is 0) to
 * out, in order, and count the others whose code is 0 (NaN, infinities)
 * in s; returns how many were copied.
 */
size_t colstats_gather(struct colstats *s, const double *v,
                       const signed char *rc, size_t n, double *out);

/*
 * Add the n finite values at x to b.  Four running sums instead of one:
 * each addition waits on the one four values back, not on the last.
 */
void colstats_block_add_many(struct colstats_block *b, const double *x,
                             size_t n);

/*
 * Fold block b into s.  Its values are v[i] for the i < n whose code
 * rc[i] is 0, value i on row row0 + i: a new extreme's row is the first
 * holding it, as colstats_add() keeps.
 */
void colstats_add_block(struct colstats *s, const struct colstats_block *b,
                        const double *v, const signed char *rc, size_t n,
                        long long row0);

/* Fold b into a; b's rows are shift short of a's numbering. */
void colstats_merge(struct colstats *a, const struct colstats *b,
                    long long shift);
/* Sample variance (n - 1); NaN below two values. */
double colstats_variance(const struct colstats *s);
double colstats_stddev(const struct colstats *s);

#endif
