/*
 * The config loader: every class of error names its file, line and
 * column, and a good config loads into the right structures.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "config/config.h"
#include "helpers.h"
#include "util/err.h"

static char *dir;

static void setup(void)
{
    dir = th_tmpdir();
}

static void teardown(void)
{
    th_rmrf(dir);
    free(dir);
}

TestSuite(config, .init = setup, .fini = teardown);

/* Load text as recsysops.yml; returns the code, the message in msg. */
static int load(const char *text, struct rso_config **out)
{
    char *path;
    int rc;

    th_write(dir, "recsysops.yml", text);
    cr_assert(asprintf(&path, "%s/recsysops.yml", dir) > 0);
    rso_err_clear();
    rc = config_load(out, path);
    free(path);
    return rc;
}

/* Assert that text fails with a message ending in the expected text at
 * line:col. */
static void fails(const char *text, int line, int col, const char *want)
{
    struct rso_config *cfg = NULL;
    char *pos;
    int rc = load(text, &cfg);

    cr_assert_eq(rc, RSO_EUSAGE, "expected a config error for:\n%s", text);
    cr_assert_null(cfg);
    cr_assert(asprintf(&pos, "recsysops.yml:%d:%d: ", line, col) > 0);
    cr_assert(th_has(rso_errmsg(), pos), "message '%s' lacks '%s'",
              rso_errmsg(), pos);
    cr_assert(th_has(rso_errmsg(), want), "message '%s' lacks '%s'",
              rso_errmsg(), want);
    free(pos);
}

#define HEAD                                                                   \
    "version: 1\n"                                                             \
    "sources:\n"                                                               \
    "  plays: { path: plays.csv, time: played_at }\n"                          \
    "  metrics: { path: eval/metrics.json }\n"                                 \
    "checks:\n"

Test(config, loads_a_good_config)
{
    struct rso_config *cfg = NULL;
    const struct rso_check *c;

    cr_assert_eq(load(HEAD "  - id: plays-volume\n"
                           "    source: plays\n"
                           "    rows: { min: 1000, max: 5000 }\n"
                           "    severity: warn\n"
                           "    tags: [volume, daily]\n"
                           "    hotfix: rollback-data\n"
                           "  - id: ndcg\n"
                           "    source: metrics\n"
                           "    metric: { path: ranking.ndcg, min: 0.3 }\n",
                      &cfg),
                 0, "%s", rso_errmsg());
    cr_assert_eq(cfg->n_sources, 2);
    cr_assert_eq(cfg->sources[0].format, RSO_FMT_CSV);
    cr_assert_str_eq(cfg->sources[0].time, "played_at");
    cr_assert_eq(cfg->sources[1].format, RSO_FMT_JSON);
    cr_assert_eq(cfg->n_checks, 2);
    c = config_check(cfg, "plays-volume");
    cr_assert_not_null(c);
    cr_assert_str_eq(c->kind->name, "rows");
    cr_assert_eq(c->severity, RSO_WARN);
    cr_assert_str_eq(c->tags[1], "daily");
    cr_assert_str_eq(c->hotfix[0], "rollback-data");
    cr_assert_null(c->hotfix[1]);
    cr_assert_eq(c->node->line, 6);
    cr_assert_eq(config_check(cfg, "ndcg")->severity, RSO_BLOCK);
    config_free(cfg);
}

Test(config, unknown_key_with_suggestion)
{
    fails(HEAD "  - id: plays-volume\n"
               "    source: plays\n"
               "    rows: { mni: 1000 }\n",
          8, 13,
          "unknown key 'mni' in 'rows' of check 'plays-volume' (did you "
          "mean 'min'?)");
}

Test(config, unknown_top_level_key)
{
    fails("version: 1\nsourcse: {}\n", 2, 1,
          "unknown key 'sourcse' at the top of the config (did you mean "
          "'sources'?)");
}

Test(config, wrong_type)
{
    fails(HEAD "  - id: v\n    source: plays\n    rows: { min: lots }\n", 8, 18,
          "'min' in check 'v' must be a number, not 'lots'");
    fails(HEAD "  - id: v\n    source: plays\n    rows: [1, 2]\n", 8, 11,
          "expected a mapping in 'rows' of check 'v', found a list");
}

Test(config, duplicate_ids)
{
    fails(HEAD "  - id: v\n    source: plays\n    rows: { min: 1 }\n"
               "  - id: v\n    source: plays\n    rows: { max: 9 }\n",
          9, 9, "duplicate check id 'v' (first at line 6)");
}

Test(config, unknown_source)
{
    fails(HEAD "  - id: v\n    source: plasy\n    rows: { min: 1 }\n", 7, 13,
          "unknown source 'plasy' in check 'v' (did you mean 'plays'?)");
}

Test(config, no_kind_or_two_kinds)
{
    fails(HEAD "  - id: v\n    source: plays\n", 6, 5, "check 'v' has no kind");
    fails(HEAD "  - id: v\n    source: plays\n    rows: { min: 1 }\n"
               "    missing: { columns: [a], max: 1% }\n",
          9, 5, "check 'v' has two kinds, 'rows' (line 8) and 'missing'");
}

Test(config, bad_percentage)
{
    fails(HEAD "  - id: v\n    source: plays\n"
               "    missing: { columns: [a], max: lots% }\n",
          8, 35, "'max' in check 'v' must be a percentage");
    fails(HEAD "  - id: v\n    source: plays\n"
               "    missing: { columns: [a], max: 120% }\n",
          8, 35, "'max' of check 'v' is above 100%");
}

Test(config, bad_duration_in_source_free_position)
{
    /* A bad value inside a list names the item's own position. */
    fails(HEAD "  - id: v\n    source: plays\n"
               "    missing: { columns: [a, {b: 1}], max: 1% }\n",
          8, 29, "'columns' must hold plain values");
}

Test(config, missing_file)
{
    struct rso_config *cfg = NULL;

    cr_assert_eq(config_load(&cfg, "/nonexistent/recsysops.yml"), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "cannot open '/nonexistent/"
                                   "recsysops.yml'"),
              "%s", rso_errmsg());
}

Test(config, invalid_yaml_and_version)
{
    fails("version: 1\nsources: { a: [\n", 3, 1, "invalid YAML");
    fails("version: 2\n", 1, 10, "unsupported config version '2'");
    fails("project: x\n", 1, 1, "the config has no 'version'");
    fails("- 1\n", 1, 1, "the config must be a mapping");
}

Test(config, source_errors)
{
    fails("version: 1\nsources:\n  a: { pth: x.csv }\n", 3, 8,
          "unknown key 'pth' in source 'a' (did you mean 'path'?)");
    fails("version: 1\nsources:\n  a: { format: parquet, path: a }\n", 3, 16,
          "unknown format 'parquet'");
    fails("version: 1\nsources:\n  a: { time: t }\n", 3, 6,
          "source 'a' has no 'path'");
}

Test(config, duplicate_yaml_keys)
{
    fails("version: 1\nversion: 1\n", 2, 1, "duplicate key 'version'");
}

Test(config, severity_and_source_rules)
{
    fails(HEAD "  - id: v\n    source: plays\n    rows: { min: 1 }\n"
               "    severity: fatal\n",
          9, 15, "'severity' takes block or warn, not 'fatal'");
    fails(HEAD "  - id: v\n    rows: { min: 1 }\n", 6, 5,
          "check 'v' needs a 'source'");
    fails(HEAD "  - id: v\n    source: plays\n"
               "    metric: { path: a.b, min: 1 }\n",
          8, 13, "reads a JSON document, but source 'plays' is not one");
}

Test(config, select_by_id_kind_and_tag)
{
    struct rso_config *cfg = NULL;
    const char *only[] = {"daily", "ndcg", NULL};
    const char *skip[] = {"b-*", NULL};

    cr_assert_eq(load(HEAD "  - id: a-rows\n    source: plays\n"
                           "    rows: { min: 1 }\n    tags: [daily]\n"
                           "  - id: b-rows\n    source: plays\n"
                           "    rows: { min: 1 }\n    tags: [daily]\n"
                           "  - id: c-range\n    source: plays\n"
                           "    range: { column: x, min: 1 }\n"
                           "  - id: ndcg\n    source: metrics\n"
                           "    metric: { path: a, min: 1 }\n",
                      &cfg),
                 0, "%s", rso_errmsg());
    config_select(cfg, only, skip);
    cr_assert(config_check(cfg, "a-rows")->selected);
    cr_assert(!config_check(cfg, "b-rows")->selected);
    cr_assert(!config_check(cfg, "c-range")->selected);
    cr_assert(config_check(cfg, "ndcg")->selected);
    config_select(cfg, NULL, NULL);
    cr_assert(config_check(cfg, "c-range")->selected);
    config_free(cfg);
}
