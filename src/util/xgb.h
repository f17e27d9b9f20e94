/*
 * xgb.h: XGBoost's C API, loaded when first needed.
 *
 * libxgboost brings libstdc++, OpenMP and the static set-up of a C++
 * library: linked into the binary, every command (even 'version') would
 * pay for them at start.  Only the checks that train or score models
 * need it, so it is opened with dlopen on first use instead.  The table
 * holds one pointer per function, with the very types of <xgboost/
 * c_api.h>, so a call reads x->XGBoosterCreate(...).
 */
#ifndef RSO_XGB_H
#define RSO_XGB_H

#include <xgboost/c_api.h>

#define XGB_FUNCTIONS(X)                                                       \
    X(XGBGetLastError)                                                         \
    X(XGDMatrixCreateFromMat)                                                  \
    X(XGDMatrixSetFloatInfo)                                                   \
    X(XGDMatrixSetUIntInfo)                                                    \
    X(XGDMatrixSetStrFeatureInfo)                                              \
    X(XGDMatrixNumRow)                                                         \
    X(XGDMatrixNumCol)                                                         \
    X(XGDMatrixFree)                                                           \
    X(XGBoosterCreate)                                                         \
    X(XGBoosterFree)                                                           \
    X(XGBoosterSetParam)                                                       \
    X(XGBoosterUpdateOneIter)                                                  \
    X(XGBoosterBoostedRounds)                                                  \
    X(XGBoosterPredict)                                                        \
    X(XGBoosterPredictFromDMatrix)                                             \
    X(XGBoosterSaveModel)                                                      \
    X(XGBoosterLoadModel)                                                      \
    X(XGBoosterSaveModelToBuffer)                                              \
    X(XGBoosterLoadModelFromBuffer)                                            \
    X(XGBoosterGetNumFeature)                                                  \
    X(XGBoosterGetStrFeatureInfo)                                              \
    X(XGBoosterSetStrFeatureInfo)                                              \
    X(XGBoosterSaveJsonConfig)

struct xgb_api {
#define XGB_POINTER(name) __typeof__(name) *name;
    XGB_FUNCTIONS(XGB_POINTER)
#undef XGB_POINTER
};

/*
 * The loaded API, or NULL after recording (rso_fail, RSO_EDATA) why
 * XGBoost could not be loaded.  Loaded once; never unloaded.
 */
const struct xgb_api *xgb_api(void);

#endif
