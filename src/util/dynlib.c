#include <dlfcn.h>
#include <stdio.h>

#include "util/dynlib.h"
#include "util/err.h"

void *dynlib_open(const char *const *names, char *why, size_t why_len)
{
    const char *last = "not found";

    for (size_t i = 0; names[i]; i++) {
        void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);

        if (lib)
            return lib;
        last = dlerror();
    }
    snprintf(why, why_len, "%s", last ? last : "not found");
    return NULL;
}

int dynlib_symbol(void *lib, const char *library, const char *symbol,
                  void **slot, char *why, size_t why_len)
{
    *slot = dlsym(lib, symbol);
    if (*slot)
        return 0;
    snprintf(why, why_len, "the installed %s lacks '%s'", library, symbol);
    return -1;
}

int dynlib_once(struct dynlib_once *once, int (*load)(char *why, size_t len))
{
    if (once->state == 0)
        once->state = load(once->why, sizeof(once->why)) == 0 ? 1 : -1;
    if (once->state < 0)
        return rso_fail(RSO_EDATA, "%s", once->why);
    return 0;
}
