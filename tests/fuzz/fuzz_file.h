/*
 * fuzz_file.h: the input of a libFuzzer target as a file, for loaders
 * that read from a path.  One file per process (libFuzzer's workers are
 * processes), named with the suffix the loader expects.
 */
#ifndef RSO_FUZZ_FILE_H
#define RSO_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

/* Write size bytes to this process's file; its path, or NULL. */
static inline const char *fuzz_file(const char *suffix, const uint8_t *data,
                                    size_t size)
{
    static char path[96];
    FILE *f;

    if (!path[0])
        snprintf(path, sizeof(path), "/tmp/rso-fuzz-%d%s", (int)getpid(),
                 suffix);
    if (!(f = fopen(path, "wb")))
        return NULL;
    if (fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    return fclose(f) == 0 ? path : NULL;
}

#endif
