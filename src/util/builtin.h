/*
 * builtin.h: the files under checks/, compiled into the binary.
 */
#ifndef RSO_BUILTIN_H
#define RSO_BUILTIN_H

#include <stddef.h>

struct rso_builtin {
    const char *name; /* file name under checks/, e.g. "hotfixes.yml" */
    const char *data;
    size_t len;
};

/* Ends with an entry whose name is NULL. */
extern const struct rso_builtin rso_builtins[];

/* The built-in file called name, or NULL. */
const struct rso_builtin *builtin_find(const char *name);

#endif
