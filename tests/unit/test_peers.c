#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "diagnose/peers.h"

static void add(struct peers_table *t, const char *key, const char *genres,
                const char *runtime, const char *langs)
{
    const char *by[] = {genres};
    size_t by_len[] = {strlen(genres)};
    const char *feat[] = {runtime, langs};
    size_t feat_len[] = {runtime ? strlen(runtime) : 0,
                         langs ? strlen(langs) : 0};

    peers_table_add(t, key, strlen(key), by, by_len, feat, feat_len,
                    (long long)t->len + 2);
}

Test(peers, median_and_mad)
{
    double v[] = {1, 2, 3, 4, 100, NAN};
    double med, mad;

    /* Sorted 1 2 3 4 100: median 3; deviations 2 1 0 1 97: MAD 1. */
    peers_median_mad(v, 6, &med, &mad);
    cr_assert_eq(med, 3);
    cr_assert_eq(mad, 1);
    peers_median_mad(v, 4, &med, &mad); /* 1 2 3 4 */
    cr_assert_eq(med, 2.5);
    cr_assert_eq(mad, 1);
    peers_median_mad(v + 5, 1, &med, &mad);
    cr_assert(isnan(med) && isnan(mad));
}

Test(peers, most_similar_first_and_robust_z)
{
    struct peers_table t;
    struct peers_result r;

    peers_table_init(&t, 1, 2);
    add(&t, "x", "Drama|Comedy", "100", "en|fr");
    add(&t, "a", "Comedy|Drama", "90", "en|fr");      /* similarity 1 */
    add(&t, "b", "Drama", "110", "en|de");            /* 1/2 */
    add(&t, "c", "Comedy|Family", "100", "en|fr|es"); /* 1/3 */
    add(&t, "d", "Drama|Comedy|Action", "95", "fr");  /* 2/3 */
    add(&t, "e", "Horror", "500", "en");              /* 0: never a peer */
    cr_assert_eq(peers_find(&t, "d"), 4);
    cr_assert_eq(peers_find(&t, "zz"), -1);
    peers_compare(&t, 0, 10, &r);
    cr_assert_eq(r.n_peers, 4);
    cr_assert_str_eq(t.keys[r.peers[0]], "a");
    cr_assert_str_eq(t.keys[r.peers[1]], "d");
    cr_assert_str_eq(t.keys[r.peers[2]], "b");
    cr_assert_str_eq(t.keys[r.peers[3]], "c");
    cr_assert_float_eq(r.similarity[1], 2.0 / 3.0, 1e-12);
    /* runtime: peers 90 95 100 110, median 97.5, deviations 7.5 2.5 2.5
     * 12.5, MAD 5; z = (100 - 97.5) / (1.4826 * 5). */
    cr_assert_float_eq(r.features[0].median, 97.5, 1e-12);
    cr_assert_float_eq(r.features[0].mad, 5, 1e-12);
    cr_assert_float_eq(r.features[0].z, 2.5 / (1.4826 * 5), 1e-9);
    /* languages are counted: peers 2 2 3 1, x has 2. */
    cr_assert_float_eq(r.features[1].value, 2, 1e-12);
    cr_assert_float_eq(r.features[1].median, 2, 1e-12);
    peers_result_release(&r);
    peers_compare(&t, 0, 2, &r);
    cr_assert_eq(r.n_peers, 2);
    cr_assert(isnan(r.features[0].z), "two peers are too few to judge");
    peers_result_release(&r);
    peers_table_free(&t);
}

Test(peers, missing_list_is_empty_and_flags)
{
    struct peers_table t;
    struct peers_result r;

    peers_table_init(&t, 1, 2);
    add(&t, "m1", "Drama", "100", "en");
    add(&t, "m2", "Drama", "100", "fr");
    add(&t, "m3", "Drama", NULL, "de");
    add(&t, "m4", "Drama", "100", "es");
    add(&t, "gap", "Drama", "100", NULL);
    peers_compare(&t, 4, 10, &r);
    /* Every peer lists one language, the item none: MAD 0, z -inf. */
    cr_assert_eq(r.features[1].value, 0);
    cr_assert(isinf(r.features[1].z) && r.features[1].z < 0);
    /* A missing runtime stays missing: three peer values remain. */
    cr_assert_eq(r.features[0].n, 3);
    cr_assert_eq(r.features[0].z, 0);
    peers_result_release(&r);
    peers_compare(&t, 2, 10, &r);
    cr_assert(isnan(r.features[0].value));
    cr_assert(isnan(r.features[0].z));
    peers_result_release(&r);
    peers_table_free(&t);
}
