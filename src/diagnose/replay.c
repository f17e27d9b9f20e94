#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose/replay.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/xgb.h"

struct replay_model {
    const struct xgb_api *x;
    BoosterHandle booster;
    size_t n_features;
    const char **names; /* owned by XGBoost, valid while the booster is */
};

static int xgb_fail(const struct replay_model *m, const char *what)
{
    return rso_fail(RSO_EDATA, "%s: %s", what, m->x->XGBGetLastError());
}

int replay_model_load(struct replay_model **out, const char *path)
{
    const struct xgb_api *x = xgb_api();
    struct replay_model *m;
    bst_ulong n = 0, n_names = 0;
    const char **names = NULL;
    int rc = 0;

    if (!x)
        return RSO_EDATA;
    m = xcalloc(1, sizeof(*m));
    m->x = x;
    if (x->XGBoosterCreate(NULL, 0, &m->booster) != 0) {
        rc = xgb_fail(m, "cannot start XGBoost");
        free(m);
        return rc;
    }
    /* One thread: replay results must not depend on the machine. */
    x->XGBoosterSetParam(m->booster, "nthread", "1");
    if (x->XGBoosterLoadModel(m->booster, path) != 0)
        rc = rso_fail(RSO_EDATA, "cannot load model '%s': %s", path,
                      x->XGBGetLastError());
    else if (x->XGBoosterGetNumFeature(m->booster, &n) != 0)
        rc = xgb_fail(m, path);
    if (rc) {
        replay_model_free(m);
        return rc;
    }
    m->n_features = (size_t)n;
    if (x->XGBoosterGetStrFeatureInfo(m->booster, "feature_name", &n_names,
                                      &names) == 0 &&
        n_names == n && n > 0)
        m->names = names;
    *out = m;
    return 0;
}

void replay_model_free(struct replay_model *m)
{
    if (!m)
        return;
    if (m->booster)
        m->x->XGBoosterFree(m->booster);
    free(m);
}

size_t replay_model_features(const struct replay_model *m,
                             const char *const **names)
{
    *names = (const char *const *)m->names;
    return m->n_features;
}

static int predict(struct replay_model *m, const float *x, size_t nrow,
                   size_t ncol, int type, const float **out, size_t *len)
{
    DMatrixHandle dm;
    char config[160];
    const bst_ulong *shape;
    bst_ulong dim, total = 1;
    const float *result;

    if (m->x->XGDMatrixCreateFromMat(x, (bst_ulong)nrow, (bst_ulong)ncol,
                                     __builtin_nanf(""), &dm) != 0)
        return xgb_fail(m, "cannot build the replay matrix");
    snprintf(config, sizeof(config),
             "{\"type\": %d, \"training\": false, \"iteration_begin\": 0, "
             "\"iteration_end\": 0, \"strict_shape\": false}",
             type);
    if (m->x->XGBoosterPredictFromDMatrix(m->booster, dm, config, &shape, &dim,
                                          &result) != 0) {
        m->x->XGDMatrixFree(dm);
        return xgb_fail(m, "the model cannot score the logged rows");
    }
    for (bst_ulong i = 0; i < dim; i++)
        total *= shape[i];
    *out = result;
    *len = (size_t)total;
    m->x->XGDMatrixFree(dm);
    return 0;
}

int replay_predict(struct replay_model *m, const float *x, size_t nrow,
                   size_t ncol, int margin, float *out)
{
    const float *res;
    size_t len;
    int rc = predict(m, x, nrow, ncol, margin ? 1 : 0, &res, &len);

    if (rc)
        return rc;
    if (len != nrow)
        return rso_fail(RSO_EDATA,
                        "the model gives %zu outputs per row; replay needs "
                        "one",
                        nrow ? len / nrow : len);
    memcpy(out, res, nrow * sizeof(float));
    return 0;
}

int replay_contributions(struct replay_model *m, const float *x, size_t ncol,
                         float *out)
{
    const float *res;
    size_t len;
    int rc = predict(m, x, 1, ncol, 2, &res, &len);

    if (rc)
        return rc;
    if (len != ncol + 1)
        return rso_fail(RSO_EDATA,
                        "unexpected contributions shape (%zu "
                        "values for %zu features)",
                        len, ncol);
    memcpy(out, res, (ncol + 1) * sizeof(float));
    return 0;
}
