/*
 * model.c: the XGBoost booster behind the launch forecaster.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch/model.h"
#include "launch/paths.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/xgb.h"

/* XGBoost's C API, opened when a model is first trained or loaded. */
static const struct xgb_api *xg;

static int xgb_open(void)
{
    if (!xg)
        xg = xgb_api();
    return xg ? 0 : RSO_EDATA;
}

struct launch_model {
    BoosterHandle b;
    int threads; /* as configured, for training and predictions */
};

static int xgb_fail(const char *what)
{
    return rso_fail(RSO_EDATA, "xgboost could not %s: %s", what,
                    xg->XGBGetLastError());
}

/*
 * Threads for exact SHAP contributions: at least two where there are two
 * cores.  Rows are explained independently (the figures do not depend on
 * the count) in one parallel loop, which a busy core slows far less than
 * it slows training, where threads meet at every tree level.
 */
static int shap_threads(const struct launch_model *m)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    return m->threads >= 2 || cores < 2 ? m->threads : 2;
}

static int set_threads(const struct launch_model *m, int threads)
{
    char t[16];

    snprintf(t, sizeof(t), "%d", threads);
    return xg->XGBoosterSetParam(m->b, "nthread", t) ? xgb_fail("set threads")
                                                     : 0;
}

static int make_matrix(DMatrixHandle *out, const float *x, size_t n,
                       size_t ncols)
{
    if (xg->XGDMatrixCreateFromMat(x, (bst_ulong)n, (bst_ulong)ncols, NAN, out))
        return xgb_fail("build a matrix");
    return 0;
}

static int set_params(BoosterHandle b, const struct model_params *p,
                      double base)
{
    char v[5][32];

    snprintf(v[0], sizeof(v[0]), "%d", p->depth);
    snprintf(v[1], sizeof(v[1]), "%.17g", p->eta);
    snprintf(v[2], sizeof(v[2]), "%d", p->threads);
    snprintf(v[3], sizeof(v[3]), "%.9g", base);
    if (xg->XGBoosterSetParam(b, "objective", "reg:squarederror") ||
        xg->XGBoosterSetParam(b, "tree_method", "hist") ||
        xg->XGBoosterSetParam(b, "max_depth", v[0]) ||
        xg->XGBoosterSetParam(b, "eta", v[1]) ||
        xg->XGBoosterSetParam(b, "nthread", v[2]) ||
        xg->XGBoosterSetParam(b, "base_score", v[3]) ||
        xg->XGBoosterSetParam(b, "seed", "0") ||
        xg->XGBoosterSetParam(b, "verbosity", "0"))
        return xgb_fail("take its parameters");
    return 0;
}

int model_train(struct launch_model **out, const float *x, const float *y,
                size_t n, size_t ncols, const struct model_params *p)
{
    struct launch_model *m;
    DMatrixHandle d = NULL;
    double base = 0;
    int rc;

    if ((rc = xgb_open()))
        return rc;
    m = xcalloc(1, sizeof(*m));
    m->threads = p->threads;
    for (size_t i = 0; i < n; i++)
        base += y[i];
    base = n ? base / (double)n : 0;
    if ((rc = make_matrix(&d, x, n, ncols)))
        goto done;
    if (xg->XGDMatrixSetFloatInfo(d, "label", y, (bst_ulong)n) ||
        xg->XGBoosterCreate(&d, 1, &m->b)) {
        rc = xgb_fail("set up training");
        goto done;
    }
    if ((rc = set_params(m->b, p, base)))
        goto done;
    for (int it = 0; it < p->trees; it++)
        if (xg->XGBoosterUpdateOneIter(m->b, it, d)) {
            rc = xgb_fail("train");
            goto done;
        }
done:
    if (d)
        xg->XGDMatrixFree(d);
    if (rc) {
        model_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

/*
 * Path contributions from the model's own trees (launch/paths.h); 1 when
 * the trees cannot be read that way, for XGBoost to compute them.
 */
static int paths_predict(const struct launch_model *m, const float *x, size_t n,
                         size_t ncols, float **out)
{
    struct paths *p = NULL;
    const char *json;
    bst_ulong len;

    if (xg->XGBoosterSaveModelToBuffer(m->b, "{\"format\": \"json\"}", &len,
                                       &json))
        return xgb_fail("save the model");
    if (paths_load(&p, json, (size_t)len) < 0) {
        rso_err_clear();
        return 1;
    }
    *out = xmalloc((n + 1) * (ncols + 1) * sizeof(float));
    for (size_t i = 0; i < n; i++)
        paths_contrib(p, x + i * ncols, ncols, *out + i * (ncols + 1));
    paths_free(p);
    return 0;
}

int model_predict(const struct launch_model *m, const float *x, size_t n,
                  size_t ncols, enum model_output what, float **out)
{
    /* XGBoost's prediction types: 0 value, 2 SHAP, 3 approximate SHAP. */
    char cfg[160];
    size_t width = what == MODEL_VALUE ? 1 : ncols + 1;
    const bst_ulong *shape;
    const float *res;
    bst_ulong dim;
    DMatrixHandle d = NULL;
    int rc;

    if (n == 0) {
        *out = xcalloc(1, sizeof(float));
        return 0;
    }
    if (what == MODEL_SHAP_PATHS &&
        (rc = paths_predict(m, x, n, ncols, out)) <= 0)
        return rc;
    snprintf(cfg, sizeof(cfg),
             "{\"type\": %d, \"training\": false, \"iteration_begin\": 0, "
             "\"iteration_end\": 0, \"strict_shape\": false}",
             what == MODEL_SHAP         ? 2
             : what == MODEL_SHAP_PATHS ? 3
                                        : 0);
    if ((rc = make_matrix(&d, x, n, ncols)))
        return rc;
    if (what == MODEL_SHAP && (rc = set_threads(m, shap_threads(m)))) {
        xg->XGDMatrixFree(d);
        return rc;
    }
    if (xg->XGBoosterPredictFromDMatrix(m->b, d, cfg, &shape, &dim, &res)) {
        xg->XGDMatrixFree(d);
        return xgb_fail("predict");
    }
    *out = xmalloc(n * width * sizeof(float));
    memcpy(*out, res, n * width * sizeof(float));
    xg->XGDMatrixFree(d);
    return what == MODEL_SHAP ? set_threads(m, m->threads) : 0;
}

int model_save(const struct launch_model *m, char **out, size_t *out_len)
{
    const char *data;
    bst_ulong len;

    if (xg->XGBoosterSaveModelToBuffer(m->b, "{\"format\": \"ubj\"}", &len,
                                       &data))
        return xgb_fail("save the model");
    *out = xmalloc((size_t)len + 1);
    memcpy(*out, data, (size_t)len);
    *out_len = (size_t)len;
    return 0;
}

int model_load(struct launch_model **out, const char *data, size_t len,
               int threads)
{
    struct launch_model *m;
    char t[16];

    if (xgb_open())
        return RSO_EDATA;
    m = xcalloc(1, sizeof(*m));
    m->threads = threads;
    snprintf(t, sizeof(t), "%d", threads);
    if (xg->XGBoosterCreate(NULL, 0, &m->b) ||
        xg->XGBoosterLoadModelFromBuffer(m->b, data, (bst_ulong)len) ||
        xg->XGBoosterSetParam(m->b, "nthread", t)) {
        int rc = xgb_fail("load the saved model");

        model_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void model_free(struct launch_model *m)
{
    if (!m)
        return;
    if (m->b)
        xg->XGBoosterFree(m->b);
    free(m);
}
