#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/kll.h"
#include "util/mem.h"

#define MAX_LEVELS 61
/*
 * The sampler's block size is 2^samp, with samp = floor(log2 n) - 18
 * (0 below 2^19 values), at most 2^SAMP_MAX.
 */
#define SAMP_FREE_BITS 18
#define SAMP_MAX 6

struct kll {
    int k;
    int levels;             /* levels in use */
    double *lv[MAX_LEVELS]; /* items of each level */
    size_t len[MAX_LEVELS], cap[MAX_LEVELS];
    size_t lcap[MAX_LEVELS]; /* level capacities for this many levels */
    size_t total_cap;
    int lcap_levels; /* levels lcap was computed for */
    uint64_t n;
    uint64_t rng;
    int samp;  /* values enter level samp, one per block */
    int blk_n; /* values of the current block */
    double blk[1 << SAMP_MAX];
};

struct kll *kll_new(int k)
{
    struct kll *s = xcalloc(1, sizeof(*s));

    s->k = k < 8 ? 8 : k;
    s->levels = 1;
    s->rng = 0x9E3779B97F4A7C15ULL;
    return s;
}

void kll_free(struct kll *s)
{
    if (!s)
        return;
    for (int h = 0; h < MAX_LEVELS; h++)
        free(s->lv[h]);
    free(s);
}

static uint64_t next_random(struct kll *s)
{
    /* xorshift64 */
    s->rng ^= s->rng << 13;
    s->rng ^= s->rng >> 7;
    s->rng ^= s->rng << 17;
    return s->rng;
}

static int coin(struct kll *s)
{
    return (int)(next_random(s) >> 63);
}

/* Recompute the capacities when the number of levels changed. */
static void caps_update(struct kll *s)
{
    if (s->lcap_levels == s->levels)
        return;
    s->total_cap = 0;
    for (int h = 0; h < s->levels; h++) {
        double c = (double)s->k * pow(2.0 / 3.0, s->levels - 1 - h);
        size_t n = (size_t)ceil(c);

        s->lcap[h] = n < 8 ? 8 : n;
        s->total_cap += s->lcap[h];
    }
    s->lcap_levels = s->levels;
}

/* Capacity of level h when the sketch has s->levels levels. */
static size_t level_cap(struct kll *s, int h)
{
    caps_update(s);
    return s->lcap[h];
}

static size_t total_cap(struct kll *s)
{
    caps_update(s);
    return s->total_cap;
}

static size_t total_len(const struct kll *s)
{
    size_t t = 0;

    for (int h = 0; h < s->levels; h++)
        t += s->len[h];
    return t;
}

static void push(struct kll *s, int h, double v)
{
    RSO_GROW(s->lv[h], s->cap[h], s->len[h] + 1);
    s->lv[h][s->len[h]++] = v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Sort doubles ascending (quicksort, insertion sort for short runs). */
static void sort_doubles(double *a, size_t n)
{
    while (n > 16) {
        double p = a[n / 2], t;
        size_t i = 0, j = n - 1;

        for (;;) {
            while (a[i] < p)
                i++;
            while (a[j] > p)
                j--;
            if (i >= j)
                break;
            t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
        /* Recurse on the smaller side, loop on the larger. */
        if (j + 1 < n - j - 1) {
            sort_doubles(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            sort_doubles(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        double v = a[i];
        size_t j = i;

        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

/* Compact level h: half of its items (paired) move to level h + 1. */
static void compact(struct kll *s, int h)
{
    size_t n = s->len[h], keep = n & 1, off;
    double *a = s->lv[h];

    if (h + 1 == s->levels)
        s->levels++;
    sort_doubles(a, n);
    off = (size_t)coin(s);
    /* An odd item out stays (the largest, at the end). */
    for (size_t i = off; i < n - keep; i += 2)
        push(s, h + 1, a[i]);
    if (keep)
        a[0] = a[n - 1];
    s->len[h] = keep;
}

static void compress(struct kll *s)
{
    while (total_len(s) > total_cap(s)) {
        int h;

        for (h = 0; h < s->levels; h++)
            if (s->len[h] >= level_cap(s, h))
                break;
        for (int g = 0; h == s->levels && g < s->levels; g++)
            if (s->len[g] >= 2)
                h = g;
        if (h == s->levels || h + 1 >= MAX_LEVELS)
            return;
        compact(s, h);
    }
}

/* Enter v at level h, compacting when that makes the sketch too big. */
static void enter(struct kll *s, int h, double v)
{
    while (h >= s->levels)
        s->levels++;
    push(s, h, v);
    if (s->len[h] >= level_cap(s, h))
        compress(s);
}

/* The sampler's level for a sketch of n values. */
static int samp_level(uint64_t n)
{
    int bits = 63 - __builtin_clzll(n | 1);

    if (bits <= SAMP_FREE_BITS)
        return 0;
    return bits - SAMP_FREE_BITS < SAMP_MAX ? bits - SAMP_FREE_BITS : SAMP_MAX;
}

void kll_add(struct kll *s, double v)
{
    if (!isfinite(v))
        return;
    s->n++;
    if (s->samp == 0) {
        enter(s, 0, v);
        if (s->n >> (SAMP_FREE_BITS + 1))
            s->samp = samp_level(s->n);
        return;
    }
    s->blk[s->blk_n++] = v;
    if (s->blk_n < 1 << s->samp)
        return;
    /* One value of the block, picked at random, stands for all of it. */
    s->blk_n = 0;
    enter(s, s->samp, s->blk[next_random(s) >> (64 - s->samp)]);
    s->samp = samp_level(s->n);
}

void kll_merge(struct kll *a, const struct kll *b)
{
    for (int h = 0; h < b->levels; h++) {
        if (h >= a->levels)
            a->levels = h + 1;
        for (size_t i = 0; i < b->len[h]; i++)
            push(a, h, b->lv[h][i]);
    }
    /* b's open block: its values, each standing for itself. */
    for (int i = 0; i < b->blk_n; i++)
        push(a, 0, b->blk[i]);
    a->n += b->n;
    compress(a);
}

uint64_t kll_count(const struct kll *s)
{
    return s->n;
}

size_t kll_size(const struct kll *s)
{
    return total_len(s) + (size_t)s->blk_n;
}

struct wv {
    double v, w;
};

static int cmp_wv(const void *a, const void *b)
{
    return cmp_double(&((const struct wv *)a)->v, &((const struct wv *)b)->v);
}

/* Sort weighted items and fold equal values into one entry. */
static void view_build(struct kll_view *out, struct wv *items, size_t n)
{
    double cum = 0;
    size_t m = 0;

    qsort(items, n, sizeof(*items), cmp_wv);
    out->v = xmalloc((n ? n : 1) * sizeof(double));
    out->cum = xmalloc((n ? n : 1) * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        cum += items[i].w;
        if (m && out->v[m - 1] == items[i].v) {
            out->cum[m - 1] = cum;
            continue;
        }
        out->v[m] = items[i].v;
        out->cum[m] = cum;
        m++;
    }
    out->n = m;
    out->total = cum;
}

void kll_view_init(struct kll_view *out, const struct kll *s)
{
    size_t n = kll_size(s), j = 0;
    struct wv *items = xmalloc((n ? n : 1) * sizeof(*items));

    for (int h = 0; h < s->levels; h++)
        for (size_t i = 0; i < s->len[h]; i++) {
            items[j].v = s->lv[h][i];
            items[j++].w = ldexp(1.0, h);
        }
    for (int i = 0; i < s->blk_n; i++) {
        items[j].v = s->blk[i];
        items[j++].w = 1;
    }
    view_build(out, items, n);
    free(items);
}

void kll_view_exact(struct kll_view *out, const double *v, size_t n)
{
    struct wv *items = xmalloc((n ? n : 1) * sizeof(*items));
    size_t j = 0;

    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            items[j].v = v[i];
            items[j++].w = 1;
        }
    view_build(out, items, j);
    free(items);
}

void kll_view_release(struct kll_view *w)
{
    free(w->v);
    free(w->cum);
    memset(w, 0, sizeof(*w));
}

double kll_view_quantile(const struct kll_view *w, double q)
{
    size_t lo = 0, hi;
    double target;

    if (w->n == 0 || isnan(q))
        return NAN;
    target = q * w->total;
    hi = w->n - 1;
    /* The first index whose cumulative weight reaches the target. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (w->cum[mid] >= target)
            hi = mid;
        else
            lo = mid + 1;
    }
    return w->v[lo];
}

double kll_view_cdf(const struct kll_view *w, double x)
{
    size_t lo = 0, hi;

    if (w->n == 0 || isnan(x))
        return NAN;
    hi = w->n;
    /* The number of entries <= x. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (w->v[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? w->cum[lo - 1] / w->total : 0;
}

double kll_quantile(const struct kll *s, double q)
{
    struct kll_view w;
    double v;

    kll_view_init(&w, s);
    v = kll_view_quantile(&w, q);
    kll_view_release(&w);
    return v;
}
