/*
 * replay.h: run a logged request again through the model that served it.
 *
 * A model is an XGBoost model file (JSON, UBJSON or the binary format, as
 * XGBoost saves them), loaded through XGBoost's C API.  Predictions are
 * the model's output (or its margin), in float32 as XGBoost computes
 * them; contributions are SHAP values per feature plus the bias, which
 * add up to the margin.
 *
 * replay_model_load() hands the caller a model to free with
 * replay_model_free() (NULL is fine).
 */
#ifndef RSO_REPLAY_H
#define RSO_REPLAY_H

#include <stddef.h>

struct replay_model;

/* Returns 0, or RSO_EDATA naming the file and XGBoost's reason. */
int replay_model_load(struct replay_model **out, const char *path);
void replay_model_free(struct replay_model *m);

/*
 * The number of features the model takes, and their names when the
 * model carries them (*names is NULL otherwise; owned by the model).
 */
size_t replay_model_features(const struct replay_model *m,
                             const char *const **names);

/*
 * Predict nrow rows of ncol features (row-major, NaN for missing) into
 * out.  Returns 0, or RSO_EDATA with XGBoost's reason.
 */
int replay_predict(struct replay_model *m, const float *x, size_t nrow,
                   size_t ncol, int margin, float *out);

/*
 * The SHAP contributions of one row: ncol values and the bias last, in
 * out (ncol + 1).  Returns 0 or RSO_EDATA.
 */
int replay_contributions(struct replay_model *m, const float *x, size_t ncol,
                         float *out);

#endif
