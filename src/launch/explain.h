/*
 * explain.h: why an upcoming item is predicted to start poorly.
 *
 * For each item at risk: the features pushing its prediction down most
 * (SHAP contributions summed over each feature's encoded columns, most
 * negative first), the past launches most comparable to it (nearest by
 * forecast_distance over the eight features that matter most to the
 * model's predictions, weighted by their mean |SHAP|, among the 2,000
 * most recent launches), and its values that look like data problems:
 * missing where at least 90% of its LAUNCH_PEERS nearest peers have a
 * value, or a number whose robust z-score against those peers
 * (rank_robust_z) is above 3.5.  A data problem is named among the
 * reasons when it pushes the prediction down.
 */
#ifndef RSO_LAUNCH_EXPLAIN_H
#define RSO_LAUNCH_EXPLAIN_H

#include <stddef.h>

#include "launch/forecast.h"

#define EXPLAIN_POOL 2000
#define EXPLAIN_MAX_Z 3.5
#define EXPLAIN_SAMPLE 256

/*
 * Fill the reasons and comparables of the predictions of f at risk, in
 * the order f->preds has before sorting; x holds their encoded rows.
 * SHAP contributions are computed for the items at risk (and, when they
 * are fewer than EXPLAIN_SAMPLE, an even sample of the others, for the
 * weights of the distance), since exact TreeSHAP costs far more than a
 * prediction.
 */
int explain_all(struct launch_forecast *f, const float *x);

/* The first word of field (row, col) into buf; 0 when it has none. */
int explain_segment(const struct launch_table *t, size_t row, long col,
                    char *buf, size_t size);

/* Whether the first word of field (row, col) is seg. */
int explain_segment_is(const struct launch_table *t, size_t row, long col,
                       const char *seg);

#endif
