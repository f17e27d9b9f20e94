#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/exposure.h"
#include "util/strmap.h"

Test(exposure, gini_known_values)
{
    long long equal[] = {5, 5, 5, 5};
    long long one[] = {0, 0, 0, 12};
    long long mixed[] = {3, 1, 2};
    long long none[] = {0, 0};
    long long single[] = {7};

    cr_assert_float_eq(exposure_gini(equal, 4), 0.0, 1e-12);
    /* One of n holds everything: (n - 1) / n. */
    cr_assert_float_eq(exposure_gini(one, 4), 0.75, 1e-12);
    /* By hand: sorted 1,2,3; (-2*1 + 0*2 + 2*3) / (3 * 6) = 4/18. */
    cr_assert_float_eq(exposure_gini(mixed, 3), 4.0 / 18.0, 1e-12);
    cr_assert_eq(exposure_gini(none, 2), 0.0);
    cr_assert_eq(exposure_gini(single, 1), 0.0);
}

Test(strmap, counts_and_sorts)
{
    struct strmap m;
    const struct strmap_entry **v;
    char key[16];

    strmap_init(&m);
    /* Enough keys to grow the table several times. */
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof(key), "k%d", i % 300);

        strmap_add(&m, key, (size_t)n, 1, i + 1);
    }
    strmap_add(&m, "a\0b", 3, 5, 2000); /* keys are bytes, not C strings */
    cr_assert_eq(m.len, 301);
    cr_assert_eq(m.total, 1005);
    cr_assert_eq(strmap_get(&m, "k7", 2)->count, 4); /* 7, 307, 607, 907 */
    cr_assert_eq(strmap_get(&m, "k299", 4)->count, 3);
    cr_assert_eq(strmap_get(&m, "k7", 2)->first_row, 8);
    cr_assert_eq(strmap_get(&m, "a\0b", 3)->count, 5);
    cr_assert_null(strmap_get(&m, "a", 1));
    cr_assert_null(strmap_get(&m, "k300", 4));
    v = strmap_sorted(&m);
    cr_assert_eq(v[0]->count, 5);
    cr_assert_str_eq(v[1]->key, "k0"); /* count 4, ties by key */
    cr_assert_eq(v[300]->count, 3);
    cr_assert_null(v[301]);
    free(v);
    strmap_release(&m);
    cr_assert_null(strmap_get(&m, "k1", 2));
}
