#include <stdlib.h>
#include <string.h>

#include "stats/freq.h"
#include "stats/hll.h"
#include "util/mem.h"
#include "util/word.h"

struct freq *freq_new(size_t max)
{
    struct freq *f = xcalloc(1, sizeof(*f));

    f->max = max ? max : FREQ_MAX;
    f->n_slots = 16;
    while (f->n_slots < 2 * f->max)
        f->n_slots *= 2;
    f->slots = xmalloc(f->n_slots * sizeof(int));
    memset(f->slots, 0xff, f->n_slots * sizeof(int));
    f->items = xcalloc(f->max, sizeof(*f->items));
    return f;
}

void freq_free(struct freq *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        free(f->items[i].value);
    free(f->items);
    free(f->slots);
    free(f);
}

/* Whether item it holds the n bytes at s. */
static int same(const struct freq_item *it, const char *s, size_t n)
{
    if (it->len != n)
        return 0;
    /* Short values compare as one word, without a call. */
    return n - 1 < 8 ? it->word == word_short(s, n) : !memcmp(it->value, s, n);
}

static size_t find_slot(const struct freq *f, const char *s, size_t n,
                        uint64_t h)
{
    size_t i = h & (f->n_slots - 1);

    for (; f->slots[i] >= 0; i = (i + 1) & (f->n_slots - 1)) {
        const struct freq_item *it = &f->items[f->slots[i]];

        if (it->hash == h && same(it, s, n))
            break;
    }
    return i;
}

/* Tables of up to this many values are searched without the hash. */
#define FEW 16

/*
 * The item holding a value of 1 to 8 bytes (word w) among a few: every
 * item compared, without a branch on each, costs less than hashing the
 * value and probing, whose loop exit the data decides.  NULL if none.
 */
static struct freq_item *find_few(const struct freq *f, uint64_t w, size_t n)
{
    size_t hit = f->n;

    for (size_t j = 0; j < f->n; j++) {
        /* & and not &&: no branch on the first comparison either. */
        int match = (f->items[j].word == w) & (f->items[j].len == n);

        hit = match ? j : hit;
    }
    return hit < f->n ? &f->items[hit] : NULL;
}

/* The item holding the n bytes at s, or NULL. */
static struct freq_item *find_item(const struct freq *f, const char *s,
                                   size_t n)
{
    size_t i;

    if (n - 1 < 8 && f->n <= FEW)
        return find_few(f, word_short(s, n), n);
    i = find_slot(f, s, n, stats_hash(s, n));
    return f->slots[i] >= 0 ? &f->items[f->slots[i]] : NULL;
}

void freq_add_count(struct freq *f, const char *s, size_t n, long long count,
                    long long row)
{
    struct freq_item *it = NULL;
    uint64_t h = 0;
    size_t i = 0;

    f->total += count;
    if (n - 1 < 8 && f->n <= FEW)
        it = find_few(f, word_short(s, n), n);
    if (!it) {
        /* Hashed once, for the lookup and the insertion both. */
        h = stats_hash(s, n);
        i = find_slot(f, s, n, h);
        if (f->slots[i] >= 0)
            it = &f->items[f->slots[i]];
    }
    if (it) {
        it->count += count;
        if (row && (!it->first_row || row < it->first_row))
            it->first_row = row;
        return;
    }
    if (f->n == f->max) {
        f->other += count;
        return;
    }
    it = &f->items[f->n];
    it->value = xstrndup(s, n);
    it->len = n;
    it->count = count;
    it->first_row = row;
    it->hash = h;
    it->word = n - 1 < 8 ? word_short(s, n) : 0;
    f->slots[i] = (int)f->n++;
}

void freq_add(struct freq *f, const char *s, size_t n, long long row)
{
    freq_add_count(f, s, n, 1, row);
}

void freq_merge(struct freq *a, const struct freq *b, long long shift)
{
    for (size_t i = 0; i < b->n; i++)
        freq_add_count(a, b->items[i].value, b->items[i].len, b->items[i].count,
                       b->items[i].first_row ? b->items[i].first_row + shift
                                             : 0);
    a->total += b->other;
    a->other += b->other;
}

const struct freq_item *freq_get(const struct freq *f, const char *s, size_t n)
{
    return find_item(f, s, n);
}

int freq_complete(const struct freq *f)
{
    return f->other == 0;
}

static int cmp_item(const void *a, const void *b)
{
    const struct freq_item *x = *(const struct freq_item *const *)a;
    const struct freq_item *y = *(const struct freq_item *const *)b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return (x->first_row > y->first_row) - (x->first_row < y->first_row);
}

size_t freq_top(const struct freq *f, size_t k, const struct freq_item ***out)
{
    const struct freq_item **all = xmalloc((f->n + 1) * sizeof(*all));

    for (size_t i = 0; i < f->n; i++)
        all[i] = &f->items[i];
    qsort(all, f->n, sizeof(*all), cmp_item);
    *out = all;
    return f->n < k ? f->n : k;
}
