/*
 * model.h: gradient-boosted trees through XGBoost's C API.
 *
 * Training is deterministic: hist trees, no row or column sampling, a
 * fixed seed and a bounded thread count, so the same matrix gives the
 * same model bytes.  Every XGBoost failure becomes RSO_EDATA with
 * XGBoost's own message.
 *
 * model_free() frees the booster (NULL is fine).
 */
#ifndef RSO_LAUNCH_MODEL_H
#define RSO_LAUNCH_MODEL_H

#include <stddef.h>

struct launch_model;

struct model_params {
    int trees, depth, threads;
    double eta;
};

/* Train on n rows of x (row-major, ncols wide, NaN missing) against y. */
int model_train(struct launch_model **out, const float *x, const float *y,
                size_t n, size_t ncols, const struct model_params *p);

/* What model_predict computes for each row. */
enum model_output {
    MODEL_VALUE,     /* the prediction: 1 float */
    MODEL_SHAP,      /* SHAP contributions (exact TreeSHAP): ncols + 1 */
    MODEL_SHAP_PATHS /* path contributions (Saabas, launch/paths.h),
                        far cheaper, close in ranking: ncols + 1 */
};

/*
 * Predict n rows into out: n floats for MODEL_VALUE; for contributions
 * n * (ncols + 1) floats, the last of each row the bias.  out is the
 * caller's to free.
 */
int model_predict(const struct launch_model *m, const float *x, size_t n,
                  size_t ncols, enum model_output what, float **out);

/* The model as XGBoost's UBJSON bytes (caller frees), and back. */
int model_save(const struct launch_model *m, char **out, size_t *out_len);
int model_load(struct launch_model **out, const char *data, size_t len,
               int threads);

void model_free(struct launch_model *m);

#endif
