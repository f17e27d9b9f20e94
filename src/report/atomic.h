/*
 * atomic.h: write a file whole or not at all.
 */
#ifndef RSO_ATOMIC_H
#define RSO_ATOMIC_H

#include <stddef.h>

/*
 * Create the folders above path, write data to a temporary file beside
 * it, flush it to disk and rename it over path.  Returns 0, or RSO_EIO
 * with a message; on failure path is left as it was.
 */
int atomic_write(const char *path, const char *data, size_t len);

/* Create dir and its parents (like mkdir -p).  Returns 0 or RSO_EIO. */
int atomic_mkdirs(const char *dir);

#endif
