/*
 * hll.h: distinct counts in bounded memory.
 *
 * Values are hashed to 64 bits (stats_hash).  While at most HLL_EXACT
 * distinct hashes have been seen they are kept, and the count is exact
 * (up to 64-bit hash collisions: about n^2 / 2^65).  Past that, the
 * sketch becomes a HyperLogLog (Flajolet, Fusy, Gandouet and Meunier,
 * 2007) with 2^14 registers: relative standard error 1.04 / sqrt(2^14)
 * = 0.81%, with linear counting for small estimates.  hll_add() first
 * looks a value of 1 to 7 bytes up among the last 1024 such values it
 * saw (one per slot): a value found there is not hashed again, which
 * saves most of the work on columns where a few values are most rows.
 * Past the exact set, a batch of padded fields skips that table: a
 * value of up to 8 bytes is hashed from one load, with no branch on its
 * length, which costs less than the table's unpredictable lookups.
 * Memory: 64 KB for the exact set then 16 KB, and 8 KB for that table.
 * Two sketches merge (register maximum, or set union) into the same
 * result as one fed with both streams.
 *
 * hll_new() returns a sketch the caller frees with hll_free() (NULL is
 * fine).
 */
#ifndef RSO_HLL_H
#define RSO_HLL_H

#include <stddef.h>
#include <stdint.h>

#define HLL_P 14
#define HLL_EXACT 4096

struct hll;

struct hll *hll_new(void);
void hll_free(struct hll *h);
void hll_add_hash(struct hll *h, uint64_t hash);
void hll_add(struct hll *h, const void *data, size_t n);
/*
 * hll_add() of the n values field[i] (len[i] bytes) for which bit i of
 * skip is clear: a column's batch in one call.  With padded, 8 bytes
 * may be read at each field whatever its length.
 */
void hll_add_many(struct hll *h, const char *const *field, const size_t *len,
                  size_t n, const uint64_t *skip, int padded);
void hll_merge(struct hll *a, const struct hll *b);
double hll_count(const struct hll *h);
/* Whether hll_count is still exact. */
int hll_exact(const struct hll *h);

/* A 64-bit hash of n bytes (wide multiplies, seeded with n). */
uint64_t stats_hash(const void *data, size_t n);

#endif
