/*
 * kll.h: a mergeable quantile sketch (KLL: Karnin, Lang and Liberty,
 * "Optimal quantile approximation in streams", 2016).
 *
 * Items live in levels; an item at level h stands for 2^h values.  When
 * the sketch is over its capacity, the lowest full level is sorted and
 * every other item (odd or even positions, by a coin flip) moves up one
 * level, merged into it: levels are kept sorted but for the values that
 * entered them directly, so a compaction sorts only those.  Level
 * capacities shrink by 2/3 going down from the top, with k at the top and
 * at least 8 per level.  With k = KLL_K (400), the rank error of any
 * quantile or CDF value is below 1% of n with high probability (the
 * paper's bound scales as 1/k; DataSketches measure 1.65% for k = 200 at
 * 99% confidence).  The sketch is exact while it holds at most k values.
 * Memory is about 3k doubles whatever n is.
 *
 * Past 2^18 values, sorting every value would dominate a scan, so the
 * bottom of the sketch becomes a sampler (as the KLL paper allows): the
 * values come in blocks of w = 2^s, with s = floor(log2 m) - 17 (at most
 * 6) once m values are in, and one value per block, picked at random,
 * enters level s with weight w.  That is unbiased.  A block adds at most
 * w^2 / 4 to the variance of any rank, w / 4 a value, and the m-th value
 * is in a block of w <= m / 2^17: over n values the variance is at most
 * n^2 / 2^20, a standard deviation of at most n / 1024 (0.1% of n), small
 * next to the compactors' own.  It makes adding a value several times
 * cheaper on long columns.  An open block's values count with weight 1.
 *
 * The coin is a fixed-seed generator, so a run is reproducible.  NaN and
 * infinities are refused by kll_add (the caller counts them apart).
 * n = 0: quantiles and CDF values are NaN.
 *
 * kll_new() returns a sketch the caller frees with kll_free() (NULL is
 * fine).  A kll_view is a sorted snapshot the caller releases.
 */
#ifndef RSO_KLL_H
#define RSO_KLL_H

#include <stddef.h>
#include <stdint.h>

#define KLL_K 400

struct kll;

struct kll *kll_new(int k);
void kll_free(struct kll *s);
void kll_add(struct kll *s, double v);
/*
 * kll_add over v[0..n): the same sketch as adding each value in turn
 * (non-finite values are skipped), with less work per value.
 */
void kll_add_many(struct kll *s, const double *v, size_t n);
/* kll_add_many() of values the caller knows to be finite, unchecked. */
void kll_add_finite(struct kll *s, const double *v, size_t n);
/* Fold b into a (b is unchanged). */
void kll_merge(struct kll *a, const struct kll *b);
uint64_t kll_count(const struct kll *s);
/* Items held (for tests of the memory bound). */
size_t kll_size(const struct kll *s);
/*
 * For tests: 0 when the sketch is whole (each level's sorted part in
 * order, its items counted), else -1.
 */
int kll_check(const struct kll *s);

/* Sorted values with the cumulative weight up to and including each. */
struct kll_view {
    double *v;
    double *cum; /* cum[i] = weight of values <= v[i] */
    size_t n;
    double total;
};

void kll_view_init(struct kll_view *out, const struct kll *s);
/* A view of exact values (weights 1); v is copied and sorted. */
void kll_view_exact(struct kll_view *out, const double *v, size_t n);
void kll_view_release(struct kll_view *w);

/* The q-quantile: the smallest v with F(v) >= q (lower inverse CDF). */
double kll_view_quantile(const struct kll_view *w, double q);
/* F(x): the share of values <= x. */
double kll_view_cdf(const struct kll_view *w, double x);

/* Convenience: quantile of the sketch itself. */
double kll_quantile(const struct kll *s, double q);

#endif
