#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

static void reserve(struct rso_buf *b, size_t extra)
{
    RSO_GROW(b->ptr, b->cap, b->len + extra + 1);
}

void rso_buf_add(struct rso_buf *b, const void *data, size_t n)
{
    reserve(b, n);
    memcpy(b->ptr + b->len, data, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}

void rso_buf_puts(struct rso_buf *b, const char *s)
{
    rso_buf_add(b, s, strlen(s));
}

void rso_buf_putc(struct rso_buf *b, char c)
{
    rso_buf_add(b, &c, 1);
}

void rso_buf_vprintf(struct rso_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void rso_buf_printf(struct rso_buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    rso_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void rso_buf_clear(struct rso_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void rso_buf_release(struct rso_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

const char *rso_buf_str(const struct rso_buf *b)
{
    return b->ptr ? b->ptr : "";
}

char *rso_buf_detach(struct rso_buf *b)
{
    char *p = b->ptr ? b->ptr : xstrdup("");

    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

int rso_buf_read_file(struct rso_buf *b, const char *path)
{
    char chunk[65536];
    FILE *f = fopen(path, "rb");
    size_t n;
    int failed, saved;

    if (!f)
        return RSO_BUF_EOPEN;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rso_buf_add(b, chunk, n);
    failed = ferror(f);
    saved = errno;
    fclose(f);
    errno = saved;
    return failed ? RSO_BUF_EREAD : 0;
}
