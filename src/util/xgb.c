#include <stdio.h>

#include "util/dynlib.h"
#include "util/xgb.h"

static struct xgb_api api;

/* Fill api, or write to reason why not. */
static int load(char *reason, size_t reason_len)
{
    static const char *const names[] = {"libxgboost.so.0", "libxgboost.so",
                                        NULL};
    char why[400];
    void *lib = dynlib_open(names, why, sizeof(why));

    if (!lib) {
        snprintf(reason, reason_len,
                 "cannot load XGBoost (%s); install libxgboost0", why);
        return -1;
    }
#define XGB_RESOLVE(name)                                                      \
    if (dynlib_symbol(lib, "XGBoost (1.6 or later is needed)", #name,          \
                      (void **)&api.name, reason, reason_len))                 \
        return -1;
    XGB_FUNCTIONS(XGB_RESOLVE)
#undef XGB_RESOLVE
    return 0;
}

const struct xgb_api *xgb_api(void)
{
    static struct dynlib_once once;

    if (dynlib_once(&once, load) < 0)
        return NULL;
    return &api;
}
