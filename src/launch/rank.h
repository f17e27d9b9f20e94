/*
 * rank.h: the statistics of the forecaster and its backtest.
 *
 * Every function takes plain arrays and leaves them unchanged unless it
 * says otherwise.  NaN inputs are the caller's to remove first.
 */
#ifndef RSO_LAUNCH_RANK_H
#define RSO_LAUNCH_RANK_H

#include <stddef.h>

/*
 * Midranks (1-based, ties share their mean rank) of v into out.
 */
void rank_mid(double *out, const double *v, size_t n);

/*
 * Spearman's rank correlation: Pearson's r of the midranks.  0 when
 * either side has no spread (a constant predictor ranks nothing); NaN
 * below two values.
 */
double rank_spearman(const double *a, const double *b, size_t n);

/*
 * Area under the ROC curve of score for label (1 positive), by the
 * Mann-Whitney U with midranks (ties count one half).  NaN without both
 * a positive and a negative.
 */
double rank_auc(const double *score, const int *label, size_t n);

/*
 * Precision of flagging the budget highest scores: the expected share of
 * positives among them, items tied at the cut taken in proportion (so a
 * constant score gives the base rate).  NaN when budget is 0.
 */
double rank_precision_at(const double *score, const int *label, size_t n,
                         size_t budget);

/*
 * Quantile q of v by linear interpolation between order statistics
 * (Hyndman and Fan type 7).  v is reordered.  NaN when n is 0.
 */
double rank_quantile(double *v, size_t n, double q);

/*
 * Robust z-score of x against v: |x - median| / (1.4826 MAD), with the
 * mean absolute deviation times 1.2533 standing in when the MAD is 0.
 * v is overwritten.  NaN when n < 3 or v has no spread at all.
 */
double rank_robust_z(double x, double *v, size_t n);

/* Sort doubles ascending (qsort). */
void rank_sort(double *v, size_t n);

#endif
