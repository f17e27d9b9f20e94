#include <stdio.h>

#include "util/dynlib.h"
#include "util/pq.h"

static struct pq_api api;

/* Fill api, or write to reason why not. */
static int load(char *reason, size_t reason_len)
{
    static const char *const names[] = {"libpq.so.5", "libpq.so", NULL};
    char why[400];
    void *lib = dynlib_open(names, why, sizeof(why));

    if (!lib) {
        snprintf(reason, reason_len,
                 "cannot load libpq for the PostgreSQL history (%s); "
                 "install libpq5",
                 why);
        return -1;
    }
#define PQ_RESOLVE(name)                                                       \
    if (dynlib_symbol(lib, "libpq", #name, (void **)&api.name, reason,         \
                      reason_len))                                             \
        return -1;
    PQ_FUNCTIONS(PQ_RESOLVE)
#undef PQ_RESOLVE
    return 0;
}

const struct pq_api *pq_api(void)
{
    static struct dynlib_once once;

    if (dynlib_once(&once, load) < 0)
        return NULL;
    return &api;
}
