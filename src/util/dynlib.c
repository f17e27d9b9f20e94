#include <dlfcn.h>
#include <stdio.h>

#include "util/dynlib.h"

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
