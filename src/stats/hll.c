#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/hll.h"
#include "util/mem.h"
#include "util/word.h"

#define M (1u << HLL_P)
#define SLOTS (2 * HLL_EXACT)
#define RECENT_BITS 10

struct hll {
    uint64_t *set; /* open addressing; 0 marks a free slot */
    size_t n_set;
    int has_zero; /* the hash 0 was seen */
    uint8_t *reg; /* NULL while exact */
    /*
     * Short values added lately (recent_key), one a slot (0: free).
     * Adding a value again changes nothing, and a few values are most
     * of many columns (popular items, countries, devices): a value found
     * here is neither hashed nor added.
     */
    uint64_t *recent;
};

/* The bytes at p, first in the low byte (any byte order: see word.h). */
static uint64_t load64(const unsigned char *p)
{
    return word_load8((const char *)p);
}

/* A value of 1 to 8 bytes as one word: its bytes, zeros above them. */
static uint64_t short_word(const unsigned char *p, size_t n)
{
    return word_short((const char *)p, n);
}

/* The 128-bit product of a and b, its halves folded by xor. */
static uint64_t mul_fold(uint64_t a, uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;

    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static uint64_t hash_seed(size_t n)
{
    return 0x243F6A8885A308D3ULL ^ ((uint64_t)n * 0x9E3779B97F4A7C15ULL);
}

/* The hash of n bytes given as the words a and b, seed mixed in so far. */
static inline uint64_t hash_end(uint64_t a, uint64_t b, uint64_t seed)
{
    seed = mul_fold(a ^ 0xE7037ED1A0B428DBULL, b ^ seed);
    return mul_fold(seed ^ 0x8EBC6AF09C88C6E3ULL, 0x589965CC75374CC3ULL);
}

/*
 * Column values are mostly short: up to 8 bytes are read as one word
 * (the bytes, first in the low byte, zeros above), up to 16 as two
 * (possibly overlapping) words, and mixed by one wide multiply; longer
 * ones 16 bytes a step.  A final multiply spreads every input bit over
 * the top bits HyperLogLog reads.
 */
uint64_t stats_hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t seed = hash_seed(n), a = 0, b = 0;

    if (n > 16) {
        const unsigned char *end = p + n;

        for (; end - p > 16; p += 16)
            seed = mul_fold(load64(p) ^ 0xA0761D6478BD642FULL,
                            load64(p + 8) ^ seed);
        a = load64(end - 16);
        b = load64(end - 8);
    } else if (n > 8) {
        a = load64(p);
        b = load64(p + n - 8);
    } else if (n > 0) {
        a = short_word(p, n);
    }
    return hash_end(a, b, seed);
}

struct hll *hll_new(void)
{
    struct hll *h = xcalloc(1, sizeof(*h));

    h->set = xcalloc(SLOTS, sizeof(uint64_t));
    h->recent = xcalloc((size_t)1 << RECENT_BITS, sizeof(uint64_t));
    return h;
}

void hll_free(struct hll *h)
{
    if (!h)
        return;
    free(h->recent);
    free(h->set);
    free(h->reg);
    free(h);
}

static void reg_add(uint8_t *reg, uint64_t x)
{
    uint32_t idx = (uint32_t)(x >> (64 - HLL_P));
    uint64_t rest = (x << HLL_P) | (1ULL << (HLL_P - 1));
    uint8_t rank = (uint8_t)(__builtin_clzll(rest) + 1);

    if (rank > reg[idx])
        reg[idx] = rank;
}

static void promote(struct hll *h)
{
    h->reg = xcalloc(M, 1);
    for (size_t i = 0; i < SLOTS; i++)
        if (h->set[i])
            reg_add(h->reg, h->set[i]);
    if (h->has_zero)
        reg_add(h->reg, 0);
    free(h->set);
    h->set = NULL;
}

void hll_add_hash(struct hll *h, uint64_t x)
{
    size_t i;

    if (h->reg) {
        reg_add(h->reg, x);
        return;
    }
    if (x == 0) {
        h->n_set += !h->has_zero;
        h->has_zero = 1;
    } else {
        for (i = x & (SLOTS - 1); h->set[i]; i = (i + 1) & (SLOTS - 1))
            if (h->set[i] == x)
                return;
        h->set[i] = x;
        h->n_set++;
    }
    if (h->n_set > HLL_EXACT)
        promote(h);
}

/*
 * A value of 1 to 7 bytes as one word: its bytes, first in the low
 * byte, and its length in the top one, so that two values have the same
 * key only if they are equal.  0 for other lengths.
 */
static uint64_t recent_key(const unsigned char *p, size_t n)
{
    if (n - 1 >= 7)
        return 0;
    return short_word(p, n) | (uint64_t)n << 56;
}

/*
 * stats_hash() of a value of 1 to 8 bytes whose word at p may be read
 * whatever n: the bytes past it are masked off.
 */
static inline uint64_t hash_padded(const char *p, size_t n)
{
    return hash_end(word_load8(p) & (~0ULL >> (64 - 8 * n)), 0, hash_seed(n));
}

static inline void add_value(struct hll *h, const void *data, size_t n)
{
    uint64_t key = recent_key(data, n);

    if (key) {
        uint64_t *slot =
            &h->recent[(key * 0x9E3779B97F4A7C15ULL) >> (64 - RECENT_BITS)];

        if (*slot == key)
            return;
        *slot = key;
    }
    hll_add_hash(h, stats_hash(data, n));
}

void hll_add(struct hll *h, const void *data, size_t n)
{
    add_value(h, data, n);
}

void hll_add_many(struct hll *h, const char *const *field, const size_t *len,
                  size_t n, const uint64_t *skip, int padded)
{
    if (padded && h->reg) {
        /*
         * Short values hashed from one load and no branch on their
         * length: cheaper than the table of recent values, whose every
         * lookup is a branch the data decides.
         */
        for (size_t i = 0; i < n; i++)
            if (!(skip[i / 64] >> (i % 64) & 1))
                reg_add(h->reg, len[i] - 1 < 8 ? hash_padded(field[i], len[i])
                                               : stats_hash(field[i], len[i]));
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (!(skip[i / 64] >> (i % 64) & 1))
            add_value(h, field[i], len[i]);
}

void hll_merge(struct hll *a, const struct hll *b)
{
    if (!b->reg) {
        for (size_t i = 0; i < SLOTS; i++)
            if (b->set[i])
                hll_add_hash(a, b->set[i]);
        if (b->has_zero)
            hll_add_hash(a, 0);
        return;
    }
    if (!a->reg)
        promote(a);
    for (size_t i = 0; i < M; i++)
        if (b->reg[i] > a->reg[i])
            a->reg[i] = b->reg[i];
}

int hll_exact(const struct hll *h)
{
    return h->reg == NULL;
}

double hll_count(const struct hll *h)
{
    double alpha = 0.7213 / (1 + 1.079 / M), sum = 0, e;
    size_t zeros = 0;

    if (!h->reg)
        return (double)h->n_set;
    for (size_t i = 0; i < M; i++) {
        sum += ldexp(1.0, -h->reg[i]);
        zeros += h->reg[i] == 0;
    }
    e = alpha * M * M / sum;
    if (e <= 2.5 * M && zeros)
        e = M * log((double)M / (double)zeros);
    return e;
}
