#include <stdio.h>

#include "git/api.h"
#include "util/dynlib.h"

/*
 * The library this was built against (the Makefile reads its soname),
 * then the development link as a last resort.
 */
#ifndef RSO_GIT_SONAME
#define RSO_GIT_SONAME "libgit2.so"
#endif

const struct git_api *rso_libgit2;

static struct git_api api;

/* Fill api, or write to reason why not. */
static int load(char *reason, size_t reason_len)
{
    static const char *const names[] = {RSO_GIT_SONAME, "libgit2.so", NULL};
    char why[400];
    void *lib = dynlib_open(names, why, sizeof(why));

    if (!lib) {
        snprintf(reason, reason_len,
                 "cannot load libgit2 (%s); install the libgit2 package "
                 "recsysops was built with",
                 why);
        return -1;
    }
#define GIT_RESOLVE(name)                                                      \
    if (dynlib_symbol(lib, "libgit2", #name, (void **)&api.name, reason,       \
                      reason_len))                                             \
        return -1;
    GIT_FUNCTIONS(GIT_RESOLVE)
#undef GIT_RESOLVE
    return 0;
}

const struct git_api *git_api(void)
{
    static struct dynlib_once once;

    if (dynlib_once(&once, load) < 0)
        return NULL;
    rso_libgit2 = &api;
    return &api;
}
