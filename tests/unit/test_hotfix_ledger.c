/*
 * Measured effects of earlier applications, from history rows.
 */
#include <criterion/criterion.h>

#include "hotfix/ledger.h"

Test(hotfix_ledger, before_and_after_each_application)
{
    const struct hotfix_application apps[] = {
        {.entry = "relax-threshold", .check = "ndcg", .applied_at = 100},
        {.entry = "relax-threshold", .check = "ndcg", .applied_at = 300},
        {.entry = "relax-threshold", .check = NULL, .applied_at = 350},
    };
    const struct hotfix_obs rows[] = {
        {"ndcg", "ranking.ndcg", 50, 0.31},
        {"ndcg", "ranking.ndcg", 90, 0.287},
        {"rows", "rows", 95, 10},
        {"ndcg", "ranking.ndcg", 100, 0.295},
        {"ndcg", "ranking.ndcg", 200, 0.30},
        {"ndcg", "off", 200, 0.01},
        {"ndcg", "ranking.ndcg", 400, 0.305},
    };
    struct hotfix_effect *v;
    size_t n = hotfix_effects_from(apps, 3, rows, 7, &v);

    /* Newest first; "off" has no value after either application. */
    cr_assert_eq(n, 2);
    cr_assert_eq(v[0].applied_at, 300);
    cr_assert_str_eq(v[0].statistic, "ranking.ndcg");
    cr_assert_float_eq(v[0].before, 0.30, 1e-12);
    cr_assert_float_eq(v[0].after, 0.305, 1e-12);
    cr_assert_eq(v[1].applied_at, 100);
    cr_assert_str_eq(v[1].statistic, "ranking.ndcg");
    cr_assert_float_eq(v[1].before, 0.287, 1e-12);
    cr_assert_float_eq(v[1].after, 0.295, 1e-12);
    hotfix_effects_free(v, n);
    cr_assert_eq(hotfix_effects_from(apps, 3, rows, 0, &v), 0);
    cr_assert_null(v);
}
