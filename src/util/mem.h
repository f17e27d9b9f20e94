/*
 * mem.h: allocation that never returns NULL.
 *
 * Running out of memory is not a condition recsysops can report usefully,
 * so these abort with a message instead (as cmark does).
 */
#ifndef RSO_MEM_H
#define RSO_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Zeroed memory aligned to align (a power of two); free() releases it. */
void *xaligned(size_t align, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow *items (of *cap elements of size) to hold at least need elements. */
void rso_grow(void **items, size_t *cap, size_t need, size_t size);

#define RSO_GROW(items, cap, need)                                             \
    rso_grow((void **)&(items), &(cap), (need), sizeof(*(items)))

#endif
