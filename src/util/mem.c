#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static void oom(size_t n)
{
    fprintf(stderr, "recsysops: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p)
        oom(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);

    if (!p)
        oom(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (!q)
        oom(n);
    return q;
}

void *xaligned(size_t align, size_t n)
{
    void *p;

    n = (n + align - 1) / align * align;
    if (posix_memalign(&p, align, n ? n : align) != 0)
        oom(n);
    memset(p, 0, n);
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void rso_grow(void **items, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 8;

    if (need <= *cap)
        return;
    while (n < need)
        n *= 2;
    *items = xrealloc(*items, n * size);
    *cap = n;
}
