#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/strmap.h"

/* FNV-1a, 64 bits. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void strmap_init(struct strmap *m)
{
    memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

static struct strmap_entry *find(struct strmap_entry *slots, size_t cap,
                                 const char *key, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);

    while (slots[i].key && (slots[i].hash != h || slots[i].len != len ||
                            memcmp(slots[i].key, key, len) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void grow(struct strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct strmap_entry *slots = xcalloc(cap, sizeof(*slots));

    for (size_t i = 0; i < m->cap; i++) {
        struct strmap_entry *e = &m->slots[i];

        if (e->key)
            *find(slots, cap, e->key, e->len, e->hash) = *e;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

void strmap_add(struct strmap *m, const char *key, size_t len, long long count,
                long long row)
{
    uint64_t h = hash_bytes(key, len);
    struct strmap_entry *e;

    if ((m->len + 1) * 10 > m->cap * 7)
        grow(m);
    e = find(m->slots, m->cap, key, len, h);
    if (!e->key) {
        e->key = xstrndup(key, len);
        e->len = len;
        e->hash = h;
        e->first_row = row;
        m->len++;
    }
    e->count += count;
    m->total += count;
}

const struct strmap_entry *strmap_get(const struct strmap *m, const char *key,
                                      size_t len)
{
    const struct strmap_entry *e;

    if (!m->cap)
        return NULL;
    e = find(m->slots, m->cap, key, len, hash_bytes(key, len));
    return e->key ? e : NULL;
}

static int by_count(const void *a, const void *b)
{
    const struct strmap_entry *x = *(const struct strmap_entry *const *)a;
    const struct strmap_entry *y = *(const struct strmap_entry *const *)b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

const struct strmap_entry **strmap_sorted(const struct strmap *m)
{
    const struct strmap_entry **v = xcalloc(m->len + 1, sizeof(*v));
    size_t n = 0;

    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            v[n++] = &m->slots[i];
    qsort(v, n, sizeof(*v), by_count);
    return v;
}
