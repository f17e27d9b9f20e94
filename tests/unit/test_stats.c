/*
 * Statistics against values computed independently by numpy and scipy
 * (tests/fixtures/stats/gen_stats.py writes stats_expected.h from the
 * same generated data).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/colstats.h"
#include "stats/drift.h"
#include "stats/freq.h"
#include "stats/hll.h"
#include "stats/kll.h"
#include "stats_expected.h"

struct lcg {
    uint64_t x;
};

static double lcg_next(struct lcg *g)
{
    g->x = g->x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(g->x >> 11) * 0x1p-53;
}

/* The generator's normals: Box-Muller, cosine branch. */
static double *normals(uint64_t seed, size_t n, double mu, double sigma)
{
    struct lcg g = {seed};
    double *v = malloc(n * sizeof(double));

    for (size_t i = 0; i < n; i++) {
        double u1 = lcg_next(&g), u2 = lcg_next(&g);

        v[i] = mu + sigma * sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * M_PI * u2);
    }
    return v;
}

static int close_rel(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(1.0, fabs(b));
}

Test(stats, welford_mean_variance_and_merge)
{
    double *ref = normals(1, 20000, 10, 2), *big = normals(3, 5000, 1e9, 1);
    struct colstats a, b, c;

    colstats_init(&a);
    colstats_init(&b);
    colstats_init(&c);
    for (size_t i = 0; i < 20000; i++) {
        colstats_add(&a, ref[i], (long long)i + 1);
        colstats_add(i < 7000 ? &b : &c, ref[i], (long long)i + 1);
    }
    cr_assert(close_rel(a.mean, EXP_REF_MEAN, 1e-12), "%.17g", a.mean);
    cr_assert(close_rel(colstats_variance(&a), EXP_REF_VAR, 1e-10));
    cr_assert_eq(a.min, EXP_REF_MIN);
    cr_assert_eq(a.max, EXP_REF_MAX);
    colstats_merge(&b, &c, 0);
    cr_assert(close_rel(b.mean, EXP_REF_MEAN, 1e-12));
    cr_assert(close_rel(colstats_variance(&b), EXP_REF_VAR, 1e-10));
    cr_assert_eq(b.numeric, 20000);
    /* A large offset loses nothing with Welford's update. */
    colstats_init(&a);
    for (size_t i = 0; i < 5000; i++)
        colstats_add(&a, big[i], 1);
    cr_assert(fabs(a.mean - EXP_BIG_MEAN) < 1e-5, "%.17g", a.mean);
    cr_assert(fabs(colstats_variance(&a) - EXP_BIG_VAR) < 1e-4, "%.10g",
              colstats_variance(&a));
    free(ref);
    free(big);
}

Test(stats, welford_empty_and_nonfinite)
{
    struct colstats a;

    colstats_init(&a);
    cr_assert(isnan(a.mean));
    cr_assert(isnan(colstats_variance(&a)));
    colstats_add(&a, NAN, 1);
    colstats_add(&a, INFINITY, 2);
    colstats_add(&a, 4, 3);
    cr_assert_eq(a.nonfinite, 2);
    cr_assert_eq(a.numeric, 1);
    cr_assert_eq(a.mean, 4);
    cr_assert(isnan(colstats_variance(&a)));
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The share of sorted values <= x. */
static double exact_cdf(const double *sorted, size_t n, double x)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (sorted[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (double)lo / (double)n;
}

Test(stats, kll_rank_error_within_one_percent)
{
    size_t n = 20000;
    double *ref = normals(1, n, 10, 2), *sorted = malloc(n * sizeof(double));
    struct kll *s = kll_new(KLL_K), *h1 = kll_new(KLL_K), *h2 = kll_new(KLL_K);
    const double qs[] = {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99};

    for (size_t i = 0; i < n; i++) {
        kll_add(s, ref[i]);
        kll_add(i % 2 ? h1 : h2, ref[i]);
        sorted[i] = ref[i];
    }
    qsort(sorted, n, sizeof(double), cmp);
    cr_assert(kll_size(s) < 4 * KLL_K, "%zu items", kll_size(s));
    kll_merge(h1, h2);
    cr_assert_eq(kll_count(h1), n);
    for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
        double v = kll_quantile(s, qs[i]), m = kll_quantile(h1, qs[i]);

        cr_assert(fabs(exact_cdf(sorted, n, v) - qs[i]) <= 0.01,
                  "q %g: rank %g", qs[i], exact_cdf(sorted, n, v));
        cr_assert(fabs(exact_cdf(sorted, n, m) - qs[i]) <= 0.01,
                  "merged q %g: rank %g", qs[i], exact_cdf(sorted, n, m));
    }
    /* The numpy quantile, within the sketch's rank error. */
    cr_assert(fabs(exact_cdf(sorted, n, kll_quantile(s, 0.5)) -
                   exact_cdf(sorted, n, EXP_REF_P50)) <= 0.01);
    cr_assert(fabs(exact_cdf(sorted, n, kll_quantile(s, 0.99)) -
                   exact_cdf(sorted, n, EXP_REF_P99)) <= 0.01);
    kll_free(s);
    kll_free(h1);
    kll_free(h2);
    free(ref);
    free(sorted);
}

Test(stats, kll_exact_while_small_and_empty)
{
    struct kll *s = kll_new(KLL_K);
    struct kll_view w;

    cr_assert(isnan(kll_quantile(s, 0.5)));
    for (int i = 100; i >= 1; i--)
        kll_add(s, i);
    kll_add(s, NAN);
    cr_assert_eq(kll_count(s), 100);
    cr_assert_eq(kll_quantile(s, 0.5), 50);
    cr_assert_eq(kll_quantile(s, 0.01), 1);
    cr_assert_eq(kll_quantile(s, 1), 100);
    kll_view_init(&w, s);
    cr_assert_eq(kll_view_cdf(&w, 25.5), 0.25);
    kll_view_release(&w);
    kll_free(s);
}

/*
 * Compactions sort a level's new items and merge them up: every level
 * stays in order whatever order the values come in (random,
 * descending, few distinct, sawtooth), through the sampler and a merge.
 */
Test(stats, kll_levels_stay_sorted)
{
    uint64_t x = 0x2545F4914F6CDD1DULL;

    for (int pattern = 0; pattern < 4; pattern++) {
        struct kll *s = kll_new(KLL_K), *t = kll_new(KLL_K);

        for (long i = 0; i < 1200000; i++) {
            double v;

            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            v = pattern == 0   ? (double)(x >> 11)
                : pattern == 1 ? (double)-i
                : pattern == 2 ? (double)(x % 5)
                               : (double)(i % 97) - (double)(i % 13);
            kll_add(i % 3 ? s : t, v);
            if (i % 50021 == 0)
                cr_assert_eq(kll_check(s), 0, "pattern %d, value %ld", pattern,
                             i);
        }
        cr_assert_eq(kll_check(s), 0, "pattern %d", pattern);
        kll_merge(s, t);
        cr_assert_eq(kll_check(s), 0, "pattern %d merged", pattern);
        cr_assert_eq(kll_count(s), 1200000);
        if (pattern == 1) /* -i: the median is about -600000 */
            cr_assert(fabs(kll_quantile(s, 0.5) / -600000.0 - 1) < 0.02);
        kll_free(s);
        kll_free(t);
    }
}

Test(stats, kll_memory_does_not_grow_with_n)
{
    struct kll *s = kll_new(KLL_K);
    size_t at_1e5 = 0;

    for (int i = 0; i < 2000000; i++) {
        kll_add(s, (double)((i * 7919L) % 1000003));
        if (i == 100000)
            at_1e5 = kll_size(s);
    }
    cr_assert(kll_size(s) <= at_1e5 + 3 * 8 * 8, "%zu vs %zu", kll_size(s),
              at_1e5);
    cr_assert(fabs(kll_quantile(s, 0.5) / 1000003.0 - 0.5) < 0.01);
    kll_free(s);
}

/*
 * Past 2^18 values the sketch samples: ranks stay within 1% for a long
 * column, split in two and merged with a block left open in each half.
 */
Test(stats, kll_sampler_keeps_ranks_within_one_percent)
{
    const long n = 3000017;
    struct kll *s = kll_new(KLL_K), *h1 = kll_new(KLL_K), *h2 = kll_new(KLL_K);
    const double qs[] = {0.001, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999};

    for (long i = 0; i < n; i++) {
        /* Ascending: a sampled value with the wrong weight shows. */
        double v = (double)i;

        kll_add(s, v);
        kll_add(i < n / 2 ? h1 : h2, v);
    }
    kll_merge(h1, h2);
    cr_assert_eq(kll_count(s), (uint64_t)n);
    cr_assert_eq(kll_count(h1), (uint64_t)n);
    cr_assert(kll_size(s) < 4 * KLL_K + 64, "%zu items", kll_size(s));
    for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
        /* Value v has exactly v values below it. */
        double r = kll_quantile(s, qs[i]) / (double)n,
               m = kll_quantile(h1, qs[i]) / (double)n;

        cr_assert(fabs(r - qs[i]) <= 0.01, "q %g: rank %g", qs[i], r);
        cr_assert(fabs(m - qs[i]) <= 0.01, "merged q %g: rank %g", qs[i], m);
    }
    kll_free(s);
    kll_free(h1);
    kll_free(h2);
}

/*
 * kll_add_many is kll_add over an array: the same sketch, non-finite
 * values skipped, across the sampler's start and any batch boundaries.
 */
/* The same count, size and quantiles. */
static void expect_same_sketch(const struct kll *got, const struct kll *want)
{
    static const double qs[] = {0, 0.001, 0.1, 0.5, 0.9, 0.999, 1};

    cr_assert_eq(kll_count(got), kll_count(want));
    cr_assert_eq(kll_size(got), kll_size(want));
    for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
        cr_assert_eq(kll_quantile(got, qs[i]), kll_quantile(want, qs[i]),
                     "q %g", qs[i]);
}

Test(stats, kll_add_many_matches_kll_add)
{
    const size_t n = 1200007, batch = 256;
    double *v = malloc(n * sizeof(double));
    struct kll *one = kll_new(KLL_K), *many = kll_new(KLL_K);

    for (size_t i = 0; i < n; i++)
        v[i] = i % 1009 == 0   ? NAN
               : i % 2003 == 0 ? INFINITY
                               : (double)((i * 7919) % 1000003);
    for (size_t i = 0; i < n; i++)
        kll_add(one, v[i]);
    /* Uneven batches, so blocks straddle them. */
    for (size_t i = 0, m = 1; i < n; i += m, m = m % batch + 37)
        kll_add_many(many, v + i, i + m > n ? n - i : m);
    expect_same_sketch(many, one);
    /* kll_add_finite over the finite values alone: the same sketch. */
    {
        struct kll *fin = kll_new(KLL_K);
        size_t k = 0;

        for (size_t i = 0; i < n; i++)
            if (isfinite(v[i]))
                v[k++] = v[i];
        for (size_t i = 0, m = 1; i < k; i += m, m = m % batch + 37)
            kll_add_finite(fin, v + i, i + m > k ? k - i : m);
        expect_same_sketch(fin, one);
        kll_free(fin);
    }
    kll_free(one);
    kll_free(many);
    free(v);
}

Test(stats, psi_and_ks_match_scipy)
{
    double *ref = normals(1, 20000, 10, 2), *cur = normals(2, 15000, 10.5, 2.2);
    struct kll_view r, c;
    struct kll *sr = kll_new(KLL_K), *sc = kll_new(KLL_K);
    struct kll_view vr, vc;

    kll_view_exact(&r, ref, 20000);
    kll_view_exact(&c, cur, 15000);
    cr_assert(close_rel(drift_psi(&r, &c, DRIFT_EPS), EXP_PSI, 1e-9),
              "psi %.17g", drift_psi(&r, &c, DRIFT_EPS));
    cr_assert(close_rel(drift_psi(&r, &r, DRIFT_EPS), EXP_PSI_SAME, 1e-12));
    cr_assert(close_rel(drift_ks(&r, &c), EXP_KS_D, 1e-9), "ks %.17g",
              drift_ks(&r, &c));
    /* From sketches: within what the rank error allows. */
    for (size_t i = 0; i < 20000; i++)
        kll_add(sr, ref[i]);
    for (size_t i = 0; i < 15000; i++)
        kll_add(sc, cur[i]);
    kll_view_init(&vr, sr);
    kll_view_init(&vc, sc);
    cr_assert(fabs(drift_ks(&vr, &vc) - EXP_KS_D) <= 0.02);
    cr_assert(fabs(drift_psi(&vr, &vc, DRIFT_EPS) - EXP_PSI) <= 0.02);
    kll_view_release(&r);
    kll_view_release(&c);
    kll_view_release(&vr);
    kll_view_release(&vc);
    kll_free(sr);
    kll_free(sc);
    free(ref);
    free(cur);
}

Test(stats, drift_of_empty_sides_is_nan)
{
    struct kll_view a, b;
    double one = 1, z[2] = {0, 0}, p[2] = {1, 0};

    kll_view_exact(&a, NULL, 0);
    kll_view_exact(&b, &one, 1);
    cr_assert(isnan(drift_psi(&a, &b, DRIFT_EPS)));
    cr_assert(isnan(drift_ks(&a, &b)));
    cr_assert(isnan(drift_js(z, p, 2)));
    cr_assert(isnan(drift_linf(p, z, 2)));
    kll_view_release(&a);
    kll_view_release(&b);
}

Test(stats, js_and_linf_match_scipy)
{
    double p[] = {500, 300, 150, 50, 0}, q[] = {420, 310, 170, 60, 40};
    double d[] = {1, 0}, e[] = {0, 1};

    cr_assert(close_rel(drift_js(p, q, 5), EXP_JS, 1e-12), "%.17g",
              drift_js(p, q, 5));
    cr_assert(close_rel(drift_linf(p, q, 5), EXP_LINF, 1e-12));
    /* Disjoint supports: the maximum, 1 bit. */
    cr_assert(close_rel(drift_js(d, e, 2), 1, 1e-15));
    cr_assert_eq(drift_js(p, p, 5), 0);
}

Test(stats, hll_exact_while_small_then_within_error)
{
    struct hll *h = hll_new(), *a = hll_new(), *b = hll_new();
    char buf[32];

    for (int i = 0; i < 3000; i++) {
        int n = snprintf(buf, sizeof(buf), "item-%d", i % 1500);

        hll_add(h, buf, (size_t)n);
    }
    cr_assert(hll_exact(h));
    cr_assert_eq(hll_count(h), 1500);
    for (int i = 0; i < 1000000; i++) {
        int n = snprintf(buf, sizeof(buf), "item-%d", i);

        hll_add(h, buf, (size_t)n);
        hll_add(i < 600000 ? a : b, buf, (size_t)n);
    }
    cr_assert(!hll_exact(h));
    /* Three standard errors (3 x 0.81%). */
    cr_assert(fabs(hll_count(h) / 1e6 - 1) < 0.0243, "%g", hll_count(h));
    hll_merge(a, b);
    cr_assert_eq(hll_count(a), hll_count(h));
    hll_free(h);
    hll_free(a);
    hll_free(b);
}

/*
 * Short values skip the hash when seen lately: the count must be the
 * one of hashing every value, for values that differ only in length,
 * in a NUL byte or in one byte of seven, repeated and interleaved, below
 * and past the exact limit.
 */
Test(stats, hll_recent_values_count_as_hashed)
{
    static const char *tricky[] = {
        "a",        "a\0",         "a\0\0",       "abcd",    "abcdbcd",
        "abcde",    "abcdbcde",    "abcdef",      "abcdeg",  "gbcdef",
        "ab",       "ba",          "abcdefg",     "abcdefh", "\0",
        "",         "abcdefg\x07", "abcdefg\x0f", "abcdexg", "abxdefg",
        "abcdefgh", "abcdefgi"};
    static const size_t len[] = {1, 2, 3, 4, 7, 5, 8, 6, 6, 6, 2,
                                 2, 7, 7, 1, 0, 8, 8, 7, 7, 8, 8};
    struct hll *h = hll_new(), *ref = hll_new();
    uint64_t x = 0x9E3779B97F4A7C15ULL;

    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200000; i++) {
            char buf[8];
            size_t n;

            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            if (x % 4 == 0) {
                size_t k = (x >> 8) % (sizeof(len) / sizeof(len[0]));

                n = len[k];
                memcpy(buf, tricky[k], n);
            } else {
                /* 1 to 7 bytes from 200 values (round 0: exact),
                   then many more (past the exact limit). */
                uint64_t v = (x >> 16) % (round ? 2000000 : 200);

                n = 1 + (size_t)(x >> 40) % 7;
                memcpy(buf, &v, n);
            }
            hll_add(h, buf, n);
            hll_add_hash(ref, stats_hash(buf, n));
        }
        cr_assert_eq(hll_exact(h), round == 0, "round %d", round);
        cr_assert_eq(hll_exact(ref), round == 0, "round %d", round);
        cr_assert_eq(hll_count(h), hll_count(ref), "round %d: %g vs %g", round,
                     hll_count(h), hll_count(ref));
    }
    cr_assert(!hll_exact(h));
    hll_free(h);
    hll_free(ref);
    /* Any two of these, one after the other, are two values. */
    for (size_t i = 0; i < sizeof(len) / sizeof(len[0]); i++)
        for (size_t j = 0; j < sizeof(len) / sizeof(len[0]); j++) {
            struct hll *two;

            if (i == j)
                continue;
            two = hll_new();
            hll_add(two, tricky[i], len[i]);
            hll_add(two, tricky[j], len[j]);
            hll_add(two, tricky[i], len[i]);
            cr_assert_eq(hll_count(two), 2, "%zu and %zu", i, j);
            hll_free(two);
        }
}

/*
 * hll_add_many over a batch is hll_add over the values whose skip bit is
 * clear: the same count, past the exact limit too, and skipped values
 * never counted.  With padded, values of 1 to 8 bytes are hashed from
 * one 8-byte load, the random bytes after them masked off: the same
 * hash, so the same registers (values of 0 to 12 bytes, some empty).
 */
Test(stats, hll_add_many_skips_marked_values)
{
    struct hll *one = hll_new(), *many = hll_new(), *padded = hll_new();
    struct hll *none = hll_new();
    char text[256][24];
    const char *field[256];
    size_t len[256];
    uint64_t skip[4], all[4] = {~0ULL, ~0ULL, ~0ULL, ~0ULL};
    unsigned v = 1;

    for (int round = 0; round < 80; round++) {
        for (size_t i = 0; i < 256; i++) {
            for (size_t j = 0; j < sizeof(text[i]); j++) {
                v = v * 1103515245 + 12345;
                text[i][j] = (char)(v >> 16);
            }
            v = v * 1103515245 + 12345;
            len[i] = (size_t)snprintf(text[i], sizeof(text[i]), "%.*s%u",
                                      (int)(v >> 28) % 5, "iiii",
                                      round < 20 ? v % 300 : v % 100000000);
            if (v % 61 == 0)
                len[i] = 0;
            field[i] = text[i];
            /* snprintf's NUL is a byte the masked load must not see. */
            text[i][len[i]] = (char)(v >> 8);
        }
        for (size_t w = 0; w < 4; w++)
            skip[w] = 0x9E3779B97F4A7C15ULL * (round * 4 + w + 1);
        hll_add_many(many, field, len, 256, skip, 0);
        hll_add_many(padded, field, len, 256, skip, 1);
        hll_add_many(none, field, len, 256, all, 1);
        for (size_t i = 0; i < 256; i++)
            if (!(skip[i / 64] >> (i % 64) & 1))
                hll_add(one, field[i], len[i]);
        cr_assert_eq(hll_count(many), hll_count(one), "round %d: %g vs %g",
                     round, hll_count(many), hll_count(one));
        cr_assert_eq(hll_count(padded), hll_count(one), "round %d: %g vs %g",
                     round, hll_count(padded), hll_count(one));
    }
    cr_assert(!hll_exact(padded));
    cr_assert_eq(hll_count(none), 0);
    hll_free(one);
    hll_free(many);
    hll_free(padded);
    hll_free(none);
}

/*
 * A table of up to 16 values finds short ones by comparing every item,
 * more by hashing: counts and lookups must be the same either way.
 * Values of 0 to 12 bytes, some sharing their first bytes or differing
 * only in length ("a", "a\0"-free prefixes like "ab" and "abc"), with
 * random bytes after them; 6 distinct, then 40.
 */
Test(stats, freq_few_and_many_values_count_alike)
{
    static const char *const words[] = {
        "",         "a",         "ab",          "abc",    "abcd",   "abcde",
        "abcdefgh", "abcdefghi", "abcdefghijk", "ba",     "bab",    "x",
        "xy",       "tv",        "web",         "mobile", "tablet", "us",
        "br",       "fr",        "de",          "in",     "jp",     "mx",
        "gb",       "ca",        "es",          "it",     "nl",     "se",
        "no",       "dk",        "fi",          "pl",     "pt",     "ie",
        "at",       "ch",        "be",          "cz",
    };
    const size_t n_words = sizeof(words) / sizeof(words[0]);
    unsigned v = 7;

    for (int round = 0; round < 2; round++) {
        struct freq *f = freq_new(0);
        const size_t distinct = round ? n_words : 6;
        long long want[64] = {0};

        for (int k = 0; k < 5000; k++) {
            char buf[32];
            size_t w;

            v = v * 1103515245 + 12345;
            w = (v >> 16) % distinct;
            for (size_t j = 0; j < sizeof(buf); j++)
                buf[j] = (char)(v >> (j % 24));
            memcpy(buf, words[w], strlen(words[w]));
            freq_add(f, buf, strlen(words[w]), k + 1);
            want[w]++;
        }
        cr_assert_eq(f->n, distinct);
        for (size_t w = 0; w < distinct; w++) {
            char buf[32];
            const struct freq_item *it;

            memset(buf, 'z', sizeof(buf));
            memcpy(buf, words[w], strlen(words[w]));
            it = freq_get(f, buf, strlen(words[w]));
            cr_assert(it, "'%s' not found", words[w]);
            cr_assert_eq(it->count, want[w], "'%s': %lld, not %lld", words[w],
                         it->count, want[w]);
            cr_assert_eq(it->len, strlen(words[w]));
        }
        cr_assert_null(freq_get(f, "abcdef", 6));
        cr_assert_null(freq_get(f, "zz", 2));
        freq_free(f);
    }
    {
        /* The same word, two lengths: two values. */
        struct freq *f = freq_new(0);

        freq_add(f, "a", 1, 1);
        freq_add(f, "a\0", 2, 2);
        freq_add(f, "a\0", 2, 3);
        cr_assert_eq(f->n, 2);
        cr_assert_eq(freq_get(f, "a", 1)->count, 1);
        cr_assert_eq(freq_get(f, "a\0", 2)->count, 2);
        freq_free(f);
    }
}

Test(stats, freq_counts_top_and_overflow)
{
    struct freq *f = freq_new(4), *g = freq_new(4);
    const struct freq_item **top;
    size_t k;

    freq_add(f, "tv", 2, 1);
    freq_add(f, "web", 3, 2);
    freq_add(f, "tv", 2, 3);
    freq_add(g, "web", 3, 4);
    freq_add(g, "web", 3, 5);
    freq_add(g, "car", 3, 6);
    freq_merge(f, g, 0);
    k = freq_top(f, 2, &top);
    cr_assert_eq(k, 2);
    cr_assert_str_eq(top[0]->value, "web");
    cr_assert_eq(top[0]->count, 3);
    cr_assert_str_eq(top[1]->value, "tv");
    free(top);
    cr_assert_eq(f->total, 6);
    cr_assert(freq_complete(f));
    freq_add(f, "a", 1, 7);
    freq_add(f, "b", 1, 8);
    cr_assert(!freq_complete(f));
    cr_assert_eq(f->other, 1);
    cr_assert(freq_get(f, "car", 3) && freq_get(f, "car", 3)->count == 1);
    freq_free(f);
    freq_free(g);
}
