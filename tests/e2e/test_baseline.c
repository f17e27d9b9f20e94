/*
 * Baselines from git: real repositories with a main and a feature
 * branch, committed metrics and data, and shallow clones.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"

static const char config[] =
    "version: 1\n"
    "project: t\n"
    "sources:\n"
    "  metrics: { path: eval/metrics.json }\n"
    "  plays: { path: data/plays.csv }\n"
    "checks:\n"
    "  - id: ndcg\n"
    "    source: metrics\n"
    "    metric: { path: ranking.ndcg, min: 0.2, max_drop: 2% }\n"
    "  - id: latency\n"
    "    source: metrics\n"
    "    metric: { path: serving.p99_ms, higher_is_better: false,\n"
    "              max_rise: 5, vs: baseline }\n"
    "  - id: plays-volume\n"
    "    source: plays\n"
    "    rows: { min: 1, vs: baseline, max_drop: 25% }\n";

static void write_metrics(const char *dir, double ndcg, double p99)
{
    char text[128];

    snprintf(text, sizeof(text),
             "{\"ranking\": {\"ndcg\": %g}, \"serving\": {\"p99_ms\": %g}}\n",
             ndcg, p99);
    th_write(dir, "eval/metrics.json", text);
}

static void write_plays(const char *dir, int rows)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    cr_assert(f);
    fprintf(f, "user,item\n");
    for (int i = 0; i < rows; i++)
        fprintf(f, "u%d,i%d\n", i, i % 7);
    cr_assert(fclose(f) == 0);
    th_write(dir, "data/plays.csv", text);
    free(text);
}

/*
 * A repository: main commits ndcg 0.30, p99 100 ms and 100 plays; then
 * the feature branch commits the values given.  Returns the folder.
 */
static char *project(double ndcg, double p99, int plays)
{
    char *dir = th_tmpdir();

    th_git(dir, "init -q");
    th_write(dir, "recsysops.yml", config);
    write_metrics(dir, 0.30, 100);
    write_plays(dir, 100);
    th_git(dir, "add -A");
    th_git(dir, "commit -q -m baseline");
    th_git(dir, "checkout -q -b feature");
    write_metrics(dir, ndcg, p99);
    write_plays(dir, plays);
    th_git(dir, "commit -q -a -m candidate");
    return dir;
}

Test(baseline, within_tolerance_passes_and_names_the_baseline)
{
    char *dir = project(0.297, 103, 90), *json;
    struct th_run r;

    th_rso(&r, dir, "gate -vv --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "pass  metrics/ndcg: ranking.ndcg = 0.297; "
                            "down 1.0% (-0.003) from 0.3 at main ("),
              "%s", r.out);
    cr_assert(th_has(r.out, "up 3.0% (+3) from 100 at main"), "%s", r.out);
    cr_assert(th_has(r.out, "90 rows; down 10.0% (-10) from 100 at main"), "%s",
              r.out);
    json = th_read(dir, "reports/recsysops.json");
    cr_assert(th_has(json, "\"baseline_commit\""), "%s", json);
    cr_assert(th_has(json, "\"baseline\": \"0.29999999999999999\""), "%s",
              json);
    free(json);
    th_run_free(&r);
    /* A baseline that is there satisfies --require-baseline. */
    th_rso(&r, dir, "gate --require-baseline --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, drop_beyond_max_drop_blocks)
{
    char *dir = project(0.28, 100, 100);
    struct th_run r;

    th_rso(&r, dir, "gate --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK metrics/ndcg: ranking.ndcg = 0.28, down "
                            "6.7% (-0.02) from 0.3 at main ("),
              "%s", r.out);
    cr_assert(th_has(r.out, "beyond max_drop 2%"), "%s", r.out);
    cr_assert(!th_has(r.out, "latency"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, lower_is_better_rise_blocks)
{
    char *dir = project(0.31, 106, 100);
    struct th_run r;

    th_rso(&r, dir, "gate --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK metrics/latency: serving.p99_ms = 106, "
                            "up 6.0% (+6) from 100 at main"),
              "%s", r.out);
    cr_assert(th_has(r.out, "beyond max_rise 5"), "%s", r.out);
    cr_assert(!th_has(r.out, "metrics/ndcg"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, rows_drop_against_the_committed_file)
{
    char *dir = project(0.30, 100, 70);
    struct th_run r;

    th_rso(&r, dir, "gate --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK data/plays-volume: rows = 70, down "
                            "30.0% (-30) from 100 at main"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, working_tree_is_never_touched)
{
    char *dir = project(0.28, 100, 100), *text;
    struct th_run r;

    /* An uncommitted edit: the current value is the working file's. */
    write_metrics(dir, 0.299, 100);
    th_rso(&r, dir, "gate --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    text = th_read(dir, "eval/metrics.json");
    cr_assert(th_has(text, "0.299"));
    free(text);
    th_sh(&r, dir, "git status --porcelain");
    cr_assert(th_has(r.out, " M eval/metrics.json"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, file_missing_at_the_baseline_is_skipped)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_git(dir, "init -q");
    th_write(dir, "README", "x\n");
    th_git(dir, "add -A");
    th_git(dir, "commit -q -m init");
    th_git(dir, "checkout -q -b feature");
    th_write(dir, "recsysops.yml", config);
    write_metrics(dir, 0.30, 100);
    write_plays(dir, 10);
    th_git(dir, "add -A");
    th_git(dir, "commit -q -m metrics");
    th_rso(&r, dir, "gate -vv --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "skip  metrics/ndcg: no baseline: "
                            "'eval/metrics.json' does not exist at the "
                            "baseline commit main ("),
              "%s", r.out);
    cr_assert(th_has(r.out, "0 passed"), "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "gate --require-baseline --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/* A source repository whose main moved on after feature branched. */
static char *diverged(void)
{
    char *dir = th_tmpdir(), *src;
    struct th_run r;

    cr_assert(asprintf(&src, "%s/src", dir) > 0);
    th_sh(&r, dir, "mkdir src");
    th_run_free(&r);
    th_git(src, "init -q");
    th_write(src, "recsysops.yml", config);
    write_metrics(src, 0.30, 100);
    write_plays(src, 100);
    th_git(src, "add -A");
    th_git(src, "commit -q -m baseline");
    th_git(src, "checkout -q -b feature");
    write_metrics(src, 0.25, 100);
    th_git(src, "commit -q -a -m candidate");
    th_git(src, "checkout -q main");
    th_write(src, "NEWS", "main moved on\n");
    th_git(src, "add -A");
    th_git(src, "commit -q -m later");
    free(src);
    return dir;
}

static void assert_shallow_skip(const char *dir)
{
    struct th_run r;
    char *xml;

    th_rso(&r, dir, "gate -vv --now 2026-12-01T06:00:00Z");
    /* ndcg dropped 17%: still never a pass, never a block. */
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "skip  metrics/ndcg: no baseline: this clone is "
                            "shallow"),
              "%s", r.out);
    cr_assert(th_has(r.out, "fetch-depth: 0"), "%s", r.out);
    cr_assert(th_has(r.out, "0 passed"), "%s", r.out);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "<skipped message=\"no baseline: this clone is "
                          "shallow"),
              "%s", xml);
    free(xml);
    th_run_free(&r);

    th_rso(&r, dir, "gate --require-baseline --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "ERROR metrics/ndcg: no baseline: this clone is "
                            "shallow"),
              "%s", r.out);
    cr_assert(th_has(r.out, "(--require-baseline)"), "%s", r.out);
    th_run_free(&r);
}

Test(baseline, shallow_clone_without_the_merge_base_is_skipped)
{
    char *dir = diverged(), *clone;

    th_git(dir,
           "clone -q --depth 1 --no-single-branch file://%s/src "
           "clone",
           dir);
    cr_assert(asprintf(&clone, "%s/clone", dir) > 0);
    th_git(clone, "checkout -q feature");
    assert_shallow_skip(clone);
    /* With the history fetched, the same checkout finds the baseline. */
    th_git(clone, "fetch -q --unshallow");
    {
        struct th_run r;

        th_rso(&r, clone, "gate --now 2026-12-01T06:00:00Z");
        cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
        cr_assert(th_has(r.out, "from 0.3 at origin/main ("), "%s", r.out);
        th_run_free(&r);
    }
    free(clone);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, depth_one_clone_of_a_branch_is_skipped)
{
    char *dir = diverged(), *clone;

    /* As CI checks out a pull request: one branch, one commit. */
    th_git(dir, "clone -q --depth 1 --branch feature file://%s/src clone", dir);
    cr_assert(asprintf(&clone, "%s/clone", dir) > 0);
    assert_shallow_skip(clone);
    free(clone);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, outside_git_is_skipped)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml", config);
    write_metrics(dir, 0.30, 100);
    write_plays(dir, 10);
    th_rso(&r, dir, "gate -vv --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "skip  metrics/ndcg: no baseline: "), "%s", r.out);
    cr_assert(th_has(r.out, "is not in a git repository"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, bad_compare_keys_are_config_errors)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  metrics: { path: m.json }\n"
             "checks:\n"
             "  - id: ndcg\n"
             "    source: metrics\n"
             "    metric: { path: a, max_drop: lots }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "recsysops.yml:7:"), "%s", r.err);
    cr_assert(th_has(r.err, "'max_drop' in check 'ndcg' must be a "
                            "percentage"),
              "%s", r.err);
    th_run_free(&r);
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  metrics: { path: m.json }\n"
             "checks:\n"
             "  - id: ndcg\n"
             "    source: metrics\n"
             "    metric: { path: a, vs: history, strategy: median }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "must be relative, mad, sd or holt-winters"), "%s",
              r.err);
    th_run_free(&r);
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  plays: { path: p.csv }\n"
             "checks:\n"
             "  - id: vol\n"
             "    source: plays\n"
             "    rows: { min: 1, max_drop: 10% }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "add 'vs: baseline' or 'vs: history'"), "%s",
              r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(baseline, a_change_exactly_at_the_limit_passes)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_git(dir, "init -q");
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "baseline: main\n"
             "sources:\n"
             "  metrics: { path: eval/metrics.json }\n"
             "checks:\n"
             "  - id: ndcg\n"
             "    source: metrics\n"
             "    metric: { path: ranking.ndcg, max_drop: 1% }\n"
             "  - id: ndcg-abs\n"
             "    source: metrics\n"
             "    metric: { path: ranking.ndcg, max_drop: 0.003 }\n");
    write_metrics(dir, 0.30, 100);
    th_git(dir, "add -A");
    th_git(dir, "commit -q -m baseline");
    th_git(dir, "checkout -q -b feature");
    write_metrics(dir, 0.297, 100);
    th_rso(&r, dir, "gate -vv --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "pass  metrics/ndcg: "), "%s", r.out);
    cr_assert(th_has(r.out, "pass  metrics/ndcg-abs: "), "%s", r.out);
    th_run_free(&r);
    write_metrics(dir, 0.2969, 100);
    th_rso(&r, dir, "gate --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK metrics/ndcg: "), "%s", r.out);
    cr_assert(th_has(r.out, "BLOCK metrics/ndcg-abs: "), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}
