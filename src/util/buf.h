/*
 * buf.h: a growable byte buffer, always NUL-terminated.
 *
 * A zeroed struct rso_buf is an empty buffer; rso_buf_release() frees its
 * memory and leaves it empty again.
 */
#ifndef RSO_BUF_H
#define RSO_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct rso_buf {
    char *ptr;
    size_t len;
    size_t cap;
};

/* clang-format would split this braced macro over four lines. */
/* clang-format off */
#define RSO_BUF_INIT {NULL, 0, 0}
/* clang-format on */

void rso_buf_add(struct rso_buf *b, const void *data, size_t n);
void rso_buf_puts(struct rso_buf *b, const char *s);
void rso_buf_putc(struct rso_buf *b, char c);
void rso_buf_printf(struct rso_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rso_buf_vprintf(struct rso_buf *b, const char *fmt, va_list ap);
void rso_buf_clear(struct rso_buf *b);
void rso_buf_release(struct rso_buf *b);

/* The contents, "" for an empty buffer; owned by the buffer. */
const char *rso_buf_str(const struct rso_buf *b);

/* Hand the contents to the caller (who frees them) and empty the buffer. */
char *rso_buf_detach(struct rso_buf *b);

enum { RSO_BUF_EOPEN = -1, RSO_BUF_EREAD = -2 };

/*
 * Append the bytes of the file at path.  Returns 0, RSO_BUF_EOPEN when
 * it cannot be opened or RSO_BUF_EREAD when reading it fails, with errno
 * saying why; the callers word the message.
 */
int rso_buf_read_file(struct rso_buf *b, const char *path);

#endif
