/*
 * model.c: the XGBoost booster behind the launch forecaster.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "launch/model.h"
#include "util/err.h"
#include "util/mem.h"

struct launch_model {
    BoosterHandle b;
};

static int xgb_fail(const char *what)
{
    return rso_fail(RSO_EDATA, "xgboost could not %s: %s", what,
                    XGBGetLastError());
}

static int make_matrix(DMatrixHandle *out, const float *x, size_t n,
                       size_t ncols)
{
    if (XGDMatrixCreateFromMat(x, (bst_ulong)n, (bst_ulong)ncols, NAN, out))
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
    if (XGBoosterSetParam(b, "objective", "reg:squarederror") ||
        XGBoosterSetParam(b, "tree_method", "hist") ||
        XGBoosterSetParam(b, "max_depth", v[0]) ||
        XGBoosterSetParam(b, "eta", v[1]) ||
        XGBoosterSetParam(b, "nthread", v[2]) ||
        XGBoosterSetParam(b, "base_score", v[3]) ||
        XGBoosterSetParam(b, "seed", "0") ||
        XGBoosterSetParam(b, "verbosity", "0"))
        return xgb_fail("take its parameters");
    return 0;
}

int model_train(struct launch_model **out, const float *x, const float *y,
                size_t n, size_t ncols, const struct model_params *p)
{
    struct launch_model *m = xcalloc(1, sizeof(*m));
    DMatrixHandle d = NULL;
    double base = 0;
    int rc;

    for (size_t i = 0; i < n; i++)
        base += y[i];
    base = n ? base / (double)n : 0;
    if ((rc = make_matrix(&d, x, n, ncols)))
        goto done;
    if (XGDMatrixSetFloatInfo(d, "label", y, (bst_ulong)n) ||
        XGBoosterCreate(&d, 1, &m->b)) {
        rc = xgb_fail("set up training");
        goto done;
    }
    if ((rc = set_params(m->b, p, base)))
        goto done;
    for (int it = 0; it < p->trees; it++)
        if (XGBoosterUpdateOneIter(m->b, it, d)) {
            rc = xgb_fail("train");
            goto done;
        }
done:
    if (d)
        XGDMatrixFree(d);
    if (rc) {
        model_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int model_predict(const struct launch_model *m, const float *x, size_t n,
                  size_t ncols, int contribs, float **out)
{
    const char *cfg = contribs
                          ? "{\"type\": 2, \"training\": false, "
                            "\"iteration_begin\": 0, \"iteration_end\": 0, "
                            "\"strict_shape\": false}"
                          : "{\"type\": 0, \"training\": false, "
                            "\"iteration_begin\": 0, \"iteration_end\": 0, "
                            "\"strict_shape\": false}";
    size_t width = contribs ? ncols + 1 : 1;
    const bst_ulong *shape;
    const float *res;
    bst_ulong dim;
    DMatrixHandle d = NULL;
    int rc;

    if (n == 0) {
        *out = xcalloc(1, sizeof(float));
        return 0;
    }
    if ((rc = make_matrix(&d, x, n, ncols)))
        return rc;
    if (XGBoosterPredictFromDMatrix(m->b, d, cfg, &shape, &dim, &res)) {
        XGDMatrixFree(d);
        return xgb_fail("predict");
    }
    *out = xmalloc(n * width * sizeof(float));
    memcpy(*out, res, n * width * sizeof(float));
    XGDMatrixFree(d);
    return 0;
}

int model_save(const struct launch_model *m, char **out, size_t *out_len)
{
    const char *data;
    bst_ulong len;

    if (XGBoosterSaveModelToBuffer(m->b, "{\"format\": \"ubj\"}", &len,
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
    struct launch_model *m = xcalloc(1, sizeof(*m));
    char t[16];

    snprintf(t, sizeof(t), "%d", threads);
    if (XGBoosterCreate(NULL, 0, &m->b) ||
        XGBoosterLoadModelFromBuffer(m->b, data, (bst_ulong)len) ||
        XGBoosterSetParam(m->b, "nthread", t)) {
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
        XGBoosterFree(m->b);
    free(m);
}
