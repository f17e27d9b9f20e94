/*
 * Matching and ranking menu entries for several findings.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "helpers.h"
#include "hotfix/lastrun.h"
#include "hotfix/match.h"
#include "util/err.h"
#include "util/units.h"

static struct hotfix_menu *menu;

static void setup(void)
{
    cr_assert_eq(hotfix_menu_load(&menu, NULL), 0, "%s", rso_errmsg());
}

static void teardown(void)
{
    hotfix_menu_free(menu);
}

/* The ranked ids for f, joined by spaces. */
static char *ranked(const struct hotfix_finding *f, double now)
{
    struct hotfix_match *v;
    size_t n = hotfix_match(menu, f, now, &v, NULL);
    char *out = calloc(1, 1024);

    for (size_t i = 0; i < n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, v[i].entry->id);
    }
    free(v);
    return out;
}

static void expect(const struct hotfix_finding *f, const char *want)
{
    char *got = ranked(f, 0);

    cr_assert_str_eq(got, want, "finding '%s'", f->name);
    free(got);
}

TestSuite(hotfix_match, .init = setup, .fini = teardown);

Test(hotfix_match, metric_close_to_its_floor)
{
    const char *const explicit_ids[] = {"serve-previous-model", NULL};
    struct hotfix_finding f = {.name = "ndcg",
                               .check = "ndcg",
                               .kind = "metric",
                               .area = "metrics",
                               .severity = RSO_BLOCK,
                               .off = 0.043,
                               .explicit_ids = explicit_ids};

    expect(&f, "serve-previous-model relax-threshold");
    /* Far off: relaxing is no longer on the menu for it. */
    f.off = 0.4;
    expect(&f, "serve-previous-model");
    /* Unknown distance never satisfies a bound on it. */
    f.off = NAN;
    expect(&f, "serve-previous-model");
}

Test(hotfix_match, explicit_ids_come_first_in_their_order)
{
    const char *const explicit_ids[] = {"hold-item", "no-such-fix",
                                        "rollback-data", NULL};
    struct hotfix_finding f = {.name = "plays-volume",
                               .check = "plays-volume",
                               .kind = "rows",
                               .area = "data",
                               .severity = RSO_BLOCK,
                               .off = 0.05,
                               .explicit_ids = explicit_ids};
    struct hotfix_match *v;
    size_t unknown = 0, n = hotfix_match(menu, &f, 0, &v, &unknown);

    cr_assert_eq(n, 3);
    cr_assert_str_eq(v[0].entry->id, "hold-item");
    cr_assert(v[0].is_explicit);
    cr_assert_str_eq(v[1].entry->id, "rollback-data");
    cr_assert_str_eq(v[2].entry->id, "relax-threshold");
    cr_assert_eq(unknown, 1);
    free(v);
}

Test(hotfix_match, data_volume_rolls_back_before_relaxing)
{
    struct hotfix_finding f = {.name = "plays-volume",
                               .check = "plays-volume",
                               .kind = "rows",
                               .area = "data",
                               .severity = RSO_BLOCK,
                               .off = 0.05};

    expect(&f, "rollback-data relax-threshold");
    /* rollback-data is for blocking failures only. */
    f.severity = RSO_WARN;
    expect(&f, "relax-threshold");
}

Test(hotfix_match, tags_fit_better_than_kinds)
{
    const char *const tags[] = {"feature", NULL};
    struct hotfix_finding f = {.name = "runtime-range",
                               .check = "rt",
                               .kind = "range",
                               .area = "data",
                               .severity = RSO_BLOCK,
                               .off = NAN,
                               .tags = tags};

    /* feature tag (fit 2) beats hold-item's kind (fit 1). */
    expect(&f, "override-feature-median hold-item");
    f.tags = NULL;
    /* Same fit: cheaper first (30m before 1h). */
    expect(&f, "override-feature-median hold-item");
}

Test(hotfix_match, check_id_fits_best)
{
    struct hotfix_menu *m;
    struct hotfix_finding f = {.name = "c1",
                               .check = "c1",
                               .kind = "rows",
                               .area = "data",
                               .severity = RSO_BLOCK,
                               .off = NAN};
    struct hotfix_match *v;
    size_t n;

    cr_assert_eq(hotfix_menu_load_string(
                     &m, "t.yml",
                     "- { id: by-kind, title: K, answers: [rows],"
                     "    tradeoffs: { cost: c, time: 1m, reversible: true },"
                     "    apply: { file: a.yml, set: { k: v } } }\n"
                     "- { id: by-id, title: I, answers: [c1],"
                     "    tradeoffs: { cost: c, time: 9h, reversible: false },"
                     "    apply: { file: a.yml, set: { k: v } } }\n"),
                 0, "%s", rso_errmsg());
    n = hotfix_match(m, &f, 0, &v, NULL);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(v[0].entry->id, "by-id");
    cr_assert_eq(v[0].fit, 3);
    cr_assert_eq(v[1].fit, 1);
    free(v);
    hotfix_menu_free(m);
}

Test(hotfix_match, launch_risk_and_cold_start)
{
    struct hotfix_finding launch = {.name = "tt42",
                                    .check = "launches",
                                    .kind = "forecast",
                                    .area = "launches",
                                    .severity = RSO_BLOCK,
                                    .off = NAN};
    struct hotfix_finding cold = {.name = "new-item-exposure",
                                  .check = "new-item-exposure",
                                  .kind = "cold_start",
                                  .area = "audits",
                                  .severity = RSO_BLOCK,
                                  .off = 0.02};

    expect(&launch, "boost-new-item hold-item");
    expect(&cold, "boost-new-item relax-threshold");
}

Test(hotfix_match, expired_entries_are_not_suggested)
{
    struct hotfix_menu *m;
    struct hotfix_finding f = {.name = "c",
                               .check = "c",
                               .kind = "drift",
                               .severity = RSO_BLOCK,
                               .off = NAN};
    double t;
    char *got;

    cr_assert_eq(hotfix_menu_load_string(
                     &m, "t.yml",
                     "- { id: old, title: O, answers: [drift],"
                     "    expires: 2026-12-01T00:00:00Z,"
                     "    tradeoffs: { cost: c, reversible: true },"
                     "    apply: { file: a.yml, set: { k: v } } }\n"),
                 0, "%s", rso_errmsg());
    units_timestamp("2026-11-30T23:59:59Z", &t);
    struct hotfix_match *v;
    cr_assert_eq(hotfix_match(m, &f, t, &v, NULL), 1);
    free(v);
    cr_assert_eq(hotfix_match(m, &f, t + 1, &v, NULL), 0);
    cr_assert_null(v);
    hotfix_menu_free(m);
    got = ranked(&f, 0);
    cr_assert_str_eq(got, "rollback-data popularity-fallback");
    free(got);
}

Test(hotfix_match, findings_read_back_from_the_json_results)
{
    char *dir = th_tmpdir(), path[512];
    struct hotfix_lastrun *last;
    struct hotfix_finding f;
    char *got;

    th_write(dir, "r.json",
             "{\"findings\": ["
             " {\"name\": \"ok\", \"status\": \"pass\"},"
             " {\"name\": \"cov\", \"check\": \"cov\", \"kind\": \"coverage\","
             "  \"area\": \"audits\", \"status\": \"fail\","
             "  \"severity\": \"warn\", \"message\": \"thin\","
             "  \"values\": {\"off\": 0.02}, \"tags\": [\"slice\"],"
             "  \"hotfixes\": [\"popularity-fallback\"]}]}");
    snprintf(path, sizeof(path), "%s/r.json", dir);
    cr_assert_eq(hotfix_lastrun_load(&last, path), 0, "%s", rso_errmsg());
    cr_assert_eq(last->len, 1);
    cr_assert_str_eq(last->items[0].suggested[0], "popularity-fallback");
    hotfix_lastrun_finding(&f, &last->items[0], NULL);
    cr_assert_eq(f.severity, RSO_WARN);
    cr_assert_float_eq(f.off, 0.02, 1e-12);
    cr_assert_str_eq(f.tags[0], "slice");
    got = ranked(&f, 0);
    cr_assert_str_eq(got, "popularity-fallback relax-threshold");
    free(got);
    hotfix_lastrun_free(last);
    th_write(dir, "bad.json", "{\"findings\": 3}");
    snprintf(path, sizeof(path), "%s/bad.json", dir);
    cr_assert_eq(hotfix_lastrun_load(&last, path), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "holds no recsysops findings"));
    th_rmrf(dir);
    free(dir);
}
