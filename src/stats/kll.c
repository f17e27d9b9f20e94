#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/kll.h"
#include "util/mem.h"

#define MAX_LEVELS 61
/*
 * The sampler's block size is 2^samp, with samp = floor(log2 n) - 17
 * (0 below 2^18 values), at most 2^SAMP_MAX: the bound in kll.h.
 */
#define SAMP_FREE_BITS 17
#define SAMP_MAX 6
/* Runs this short are sorted by insertion. */
#define SORT_SMALL 32

/*
 * Level h holds len[h] items, of which the first srt[h] are sorted.  Items
 * promoted from below are merged in, so only values entering a level
 * directly (level 0, the sampler's level, a merged sketch) form an
 * unsorted tail, and a compaction sorts that tail alone.
 */
struct kll {
    int k;
    int levels;             /* levels in use */
    double *lv[MAX_LEVELS]; /* items of each level */
    size_t len[MAX_LEVELS], cap[MAX_LEVELS];
    size_t srt[MAX_LEVELS];  /* sorted prefix of each level */
    size_t lcap[MAX_LEVELS]; /* level capacities for this many levels */
    size_t total_cap;
    size_t total_len; /* items in all levels */
    int lcap_levels;  /* levels lcap was computed for */
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

/* Compute the capacities for the current number of levels. */
static void caps_compute(struct kll *s)
{
    s->total_cap = 0;
    for (int h = 0; h < s->levels; h++) {
        double c = (double)s->k * pow(2.0 / 3.0, s->levels - 1 - h);
        size_t n = (size_t)ceil(c);

        s->lcap[h] = n < 8 ? 8 : n;
        s->total_cap += s->lcap[h];
    }
    s->lcap_levels = s->levels;
}

/* Recompute the capacities when the number of levels changed. */
static inline void caps_update(struct kll *s)
{
    if (s->lcap_levels != s->levels)
        caps_compute(s);
}

/* Capacity of level h when the sketch has s->levels levels. */
static inline size_t level_cap(struct kll *s, int h)
{
    caps_update(s);
    return s->lcap[h];
}

static inline size_t total_cap(struct kll *s)
{
    caps_update(s);
    return s->total_cap;
}

/* Append v to level h, after its sorted prefix. */
static inline void push(struct kll *s, int h, double v)
{
    if (s->len[h] == s->cap[h])
        RSO_GROW(s->lv[h], s->cap[h], s->len[h] + 1);
    s->lv[h][s->len[h]++] = v;
    s->total_len++;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static void insertion_sort(double *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double v = a[i];
        size_t j = i;

        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

/*
 * Sort doubles ascending: quicksort with a median-of-three pivot,
 * insertion sort for short runs.  No NaN (the sketch holds none).
 */
static void sort_doubles(double *a, size_t n)
{
    while (n > SORT_SMALL) {
        double x = a[0], y = a[n / 2], z = a[n - 1], p, t;
        size_t i = 0, j = n - 1;

        p = x < y ? (y < z ? y : (x < z ? z : x))
                  : (x < z ? x : (y < z ? z : y));
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
    insertion_sort(a, n);
}

/*
 * Merge the sorted b[0..nb) into the sorted a[0..na), which has room for
 * nb more, from the back.  Equal items of b go after those of a.
 */
static void merge_back(double *a, size_t na, const double *b, size_t nb)
{
    size_t o = na + nb;

    while (na > 0 && nb > 0)
        a[--o] = a[na - 1] > b[nb - 1] ? a[--na] : b[--nb];
    memcpy(a, b, nb * sizeof(*b));
}

/* Sort level h: its unsorted tail, then merged with its sorted prefix. */
static void settle(struct kll *s, int h)
{
    size_t srt = s->srt[h], len = s->len[h], t = len - srt;
    double *a;

    if (t == 0)
        return;
    a = s->lv[h];
    if (srt == 0 || t > srt / 2) {
        /* A long tail: sorting it all costs about the same. */
        sort_doubles(a, len);
    } else {
        /* Move the tail past the end, then merge it back in. */
        RSO_GROW(s->lv[h], s->cap[h], len + t);
        a = s->lv[h];
        sort_doubles(a + srt, t);
        memcpy(a + len, a + srt, t * sizeof(*a));
        merge_back(a, srt, a + len, t);
    }
    s->srt[h] = len;
}

/*
 * Compact level h: it is sorted and every other item (odd or even
 * positions, by a coin flip) is merged into level h + 1, which stays
 * sorted.  An odd item out stays (the largest).
 */
static void compact(struct kll *s, int h)
{
    size_t n, keep, m, off;
    double *a, last;

    if (h + 1 == s->levels)
        s->levels++;
    settle(s, h);
    settle(s, h + 1);
    n = s->len[h];
    keep = n & 1;
    m = (n - keep) / 2;
    a = s->lv[h];
    last = a[n - 1];
    off = (size_t)coin(s);
    for (size_t i = 0; i < m; i++)
        a[i] = a[off + 2 * i];
    RSO_GROW(s->lv[h + 1], s->cap[h + 1], s->len[h + 1] + m);
    merge_back(s->lv[h + 1], s->len[h + 1], a, m);
    s->len[h + 1] += m;
    s->srt[h + 1] = s->len[h + 1];
    if (keep)
        a[0] = last;
    s->len[h] = keep;
    s->srt[h] = keep;
    s->total_len -= m;
}

static void compress(struct kll *s)
{
    while (s->total_len > total_cap(s)) {
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
static inline void enter(struct kll *s, int h, double v)
{
    while (h >= s->levels)
        s->levels++;
    push(s, h, v);
    if (s->len[h] >= level_cap(s, h) && s->total_len > s->total_cap)
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

/* kll_add for a finite v; kll_add_many shares it, so both agree. */
static inline void add_finite(struct kll *s, double v)
{
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

void kll_add(struct kll *s, double v)
{
    if (isfinite(v))
        add_finite(s, v);
}

static int all_finite(const double *v, size_t n)
{
    int ok = 1;

    for (size_t i = 0; i < n; i++)
        ok &= isfinite(v[i]) != 0;
    return ok;
}

/*
 * While sampling, a whole block of finite values at the start of a block
 * is one draw: the value it picks enters, the others are only counted,
 * exactly as add_finite would do one value at a time.
 */
static inline void add_many(struct kll *s, const double *v, size_t n,
                            const int finite)
{
    size_t i = 0;

    while (i < n) {
        size_t w = (size_t)1 << s->samp;

        if (s->samp > 0 && s->blk_n == 0 && n - i >= w &&
            (finite || all_finite(v + i, w))) {
            s->n += w;
            enter(s, s->samp, v[i + (next_random(s) >> (64 - s->samp))]);
            s->samp = samp_level(s->n);
            i += w;
            continue;
        }
        if (finite || isfinite(v[i]))
            add_finite(s, v[i]);
        i++;
    }
}

void kll_add_many(struct kll *s, const double *v, size_t n)
{
    add_many(s, v, n, 0);
}

void kll_add_finite(struct kll *s, const double *v, size_t n)
{
    add_many(s, v, n, 1);
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
    return s->total_len + (size_t)s->blk_n;
}

int kll_check(const struct kll *s)
{
    size_t items = 0;

    for (int h = 0; h < s->levels; h++) {
        if (s->srt[h] > s->len[h])
            return -1;
        for (size_t i = 1; i < s->srt[h]; i++)
            if (s->lv[h][i - 1] > s->lv[h][i])
                return -1;
        items += s->len[h];
    }
    return items == s->total_len ? 0 : -1;
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
