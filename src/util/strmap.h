/*
 * strmap.h: an exact map from byte strings to counts.
 *
 * Open addressing with linear probing, grown at 70% load.  Memory grows
 * with the number of distinct keys (each key is copied once): use it
 * where exact answers are worth that, and a sketch where they are not.
 * strmap_free() releases the keys and the table (NULL is fine).
 */
#ifndef RSO_STRMAP_H
#define RSO_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
    char *key; /* NUL-terminated copy; NULL marks a free slot */
    size_t len;
    uint64_t hash;
    long long count;
    long long first_row; /* the row where the key was first added */
};

struct strmap {
    struct strmap_entry *slots;
    size_t cap; /* a power of two, or 0 */
    size_t len; /* keys held */
    long long total;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);

/* Add count to key's count (inserting it with first_row when new). */
void strmap_add(struct strmap *m, const char *key, size_t len, long long count,
                long long row);

/* The entry for key, or NULL. */
const struct strmap_entry *strmap_get(const struct strmap *m, const char *key,
                                      size_t len);

/*
 * The entries sorted by count, highest first (ties by key), as an array
 * of pointers into the map, valid while it is unchanged; caller frees
 * the array.
 */
const struct strmap_entry **strmap_sorted(const struct strmap *m);

#endif
