#include <stdio.h>

#include "git/api.h"
#include "util/dynlib.h"
#include "util/err.h"

/*
 * The library this was built against (the Makefile reads its soname),
 * then the development link as a last resort.
 */
#ifndef RSO_GIT_SONAME
#define RSO_GIT_SONAME "libgit2.so"
#endif

const struct git_api *rso_libgit2;

static struct git_api api;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static char reason[512];

static int load(void)
{
    static const char *const names[] = {RSO_GIT_SONAME, "libgit2.so", NULL};
    char why[400];
    void *lib = dynlib_open(names, why, sizeof(why));

    if (!lib) {
        snprintf(reason, sizeof(reason),
                 "cannot load libgit2 (%s); install the libgit2 package "
                 "recsysops was built with",
                 why);
        return -1;
    }
#define GIT_RESOLVE(name)                                                      \
    if (dynlib_symbol(lib, "libgit2", #name, (void **)&api.name, reason,       \
                      sizeof(reason)))                                         \
        return -1;
    GIT_FUNCTIONS(GIT_RESOLVE)
#undef GIT_RESOLVE
    return 0;
}

const struct git_api *git_api(void)
{
    if (state == 0) {
        state = load() == 0 ? 1 : -1;
        if (state > 0)
            rso_libgit2 = &api;
    }
    if (state < 0) {
        rso_fail(RSO_EDATA, "%s", reason);
        return NULL;
    }
    return &api;
}
