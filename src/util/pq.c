#include <stdio.h>

#include "util/dynlib.h"
#include "util/err.h"
#include "util/pq.h"

static struct pq_api api;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static char reason[512];

static int load(void)
{
    static const char *const names[] = {"libpq.so.5", "libpq.so", NULL};
    char why[400];
    void *lib = dynlib_open(names, why, sizeof(why));

    if (!lib) {
        snprintf(reason, sizeof(reason),
                 "cannot load libpq for the PostgreSQL history (%s); "
                 "install libpq5",
                 why);
        return -1;
    }
#define PQ_RESOLVE(name)                                                       \
    if (dynlib_symbol(lib, "libpq", #name, (void **)&api.name, reason,         \
                      sizeof(reason)))                                         \
        return -1;
    PQ_FUNCTIONS(PQ_RESOLVE)
#undef PQ_RESOLVE
    return 0;
}

const struct pq_api *pq_api(void)
{
    if (state == 0)
        state = load() == 0 ? 1 : -1;
    if (state < 0) {
        rso_fail(RSO_EDATA, "%s", reason);
        return NULL;
    }
    return &api;
}
