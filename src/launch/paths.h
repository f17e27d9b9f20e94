/*
 * paths.h: path contributions (Saabas) of the launch model's trees.
 *
 * XGBoost computes them (its approximate SHAP), but through its general
 * predictor, at about 13 us a row for 150 trees.  Read once from the
 * model's JSON into flat arrays, the same figures cost about a
 * microsecond, so every upcoming item can be explained, not only those at
 * risk.  For each tree, the row's path from the root to a leaf adds to
 * the feature split on at each step the change of the node's mean value
 * (its leaves' values weighted by their hessian sums) from parent to
 * child; the root's mean and the base score go to the bias.  The result
 * equals XGBoost's approximate contributions (tested).
 *
 * paths_free() frees the trees (NULL is fine).
 */
#ifndef RSO_LAUNCH_PATHS_H
#define RSO_LAUNCH_PATHS_H

#include <stddef.h>

struct paths;

/*
 * Read the trees of a model saved as XGBoost JSON (len bytes of json).
 * Returns 0, or RSO_EDATA when the document is not a tree model this
 * reader knows.
 */
int paths_load(struct paths **out, const char *json, size_t len);

/* The contributions of one row of ncols features: ncols + 1 floats. */
void paths_contrib(const struct paths *p, const float *x, size_t ncols,
                   float *out);

void paths_free(struct paths *p);

#endif
