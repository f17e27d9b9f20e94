#include <string.h>

#include "util/builtin.h"

const struct rso_builtin *builtin_find(const char *name)
{
    for (const struct rso_builtin *b = rso_builtins; b->name; b++)
        if (strcmp(b->name, name) == 0)
            return b;
    return NULL;
}
