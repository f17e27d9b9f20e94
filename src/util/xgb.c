#include <stdio.h>

#include "util/dynlib.h"
#include "util/err.h"
#include "util/xgb.h"

static struct xgb_api api;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static char reason[512];

static int load(void)
{
    static const char *const names[] = {"libxgboost.so.0", "libxgboost.so",
                                        NULL};
    char why[400];
    void *lib = dynlib_open(names, why, sizeof(why));

    if (!lib) {
        snprintf(reason, sizeof(reason),
                 "cannot load XGBoost (%s); install libxgboost0", why);
        return -1;
    }
#define XGB_RESOLVE(name)                                                      \
    if (dynlib_symbol(lib, "XGBoost (1.6 or later is needed)", #name,          \
                      (void **)&api.name, reason, sizeof(reason)))             \
        return -1;
    XGB_FUNCTIONS(XGB_RESOLVE)
#undef XGB_RESOLVE
    return 0;
}

const struct xgb_api *xgb_api(void)
{
    if (state == 0)
        state = load() == 0 ? 1 : -1;
    if (state < 0) {
        rso_fail(RSO_EDATA, "%s", reason);
        return NULL;
    }
    return &api;
}
