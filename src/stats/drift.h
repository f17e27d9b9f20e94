/*
 * drift.h: how far a distribution moved from a reference.
 *
 * Numeric columns are compared through their quantile views (exact or
 * from a KLL sketch, with its rank error); categorical columns through
 * value shares.  Every function returns NaN when either side is empty.
 *
 * - PSI over the reference's deciles: bins (-inf, d1], (d1, d2], ...,
 *   (d9, +inf) with d_i the reference's i/10 quantile; e_i and a_i the
 *   reference's and the current's share in bin i, each raised to at
 *   least eps when smaller (empty bins); PSI = sum (a_i - e_i) ln(a_i /
 *   e_i).  Tied deciles make empty bins on both sides, which add 0.
 * - KS: D = max over x of |F_ref(x) - F_cur(x)|, the two-sample
 *   Kolmogorov-Smirnov statistic.
 * - JS: Jensen-Shannon divergence in bits (base 2, in [0, 1]):
 *   JS = H(M) - (H(P) + H(Q)) / 2 with M = (P + Q) / 2, 0 log 0 = 0.
 * - L-infinity: max over categories of |P(c) - Q(c)|.
 */
#ifndef RSO_DRIFT_H
#define RSO_DRIFT_H

#include <stddef.h>

#include "stats/kll.h"

#define DRIFT_EPS 1e-4

double drift_psi(const struct kll_view *ref, const struct kll_view *cur,
                 double eps);
double drift_ks(const struct kll_view *ref, const struct kll_view *cur);

/*
 * The reference's decile bins as two distributions p (reference) and q
 * (current), 10 entries each, for JS and L-infinity on numeric columns.
 */
void drift_decile_shares(const struct kll_view *ref, const struct kll_view *cur,
                         double p[10], double q[10]);

/* p and q: n shares each (or counts: both are normalised first). */
double drift_js(const double *p, const double *q, size_t n);
double drift_linf(const double *p, const double *q, size_t n);

#endif
