/*
 * The history store through the real binary: gate --record, vs: history,
 * forecasts, history show|export|prune, and the store's reliability under
 * kill -9 and concurrent writers.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

static void write_metric(const char *dir, const char *name, double v)
{
    char text[128];

    snprintf(text, sizeof(text), "{\"%s\": %.17g}\n", name, v);
    th_write(dir, "m.json", text);
}

/* Run a gate at day (of November 2026) and return its exit status. */
static int gate_at(const char *dir, int day, const char *extra,
                   struct th_run *r)
{
    th_rso(r, dir, "gate -vv %s --now 2026-11-%02dT06:00:00Z", extra, day);
    return r->status;
}

static const char relative_cfg[] =
    "version: 1\n"
    "sources:\n"
    "  m: { path: m.json }\n"
    "checks:\n"
    "  - id: volume\n"
    "    source: m\n"
    "    metric: { path: plays, vs: history, max_drop: 20%, window: 5 }\n";

Test(history, relative_to_the_window_median)
{
    char *dir = th_tmpdir();
    double values[] = {100, 104, 98, 100, 101, 1000, 100};
    struct th_run r;

    th_write(dir, "recsysops.yml", relative_cfg);
    write_metric(dir, "plays", 100);
    cr_assert_eq(gate_at(dir, 1, "", &r), 0);
    cr_assert(th_has(r.out, "skip  metrics/volume: no history store yet"), "%s",
              r.out);
    th_run_free(&r);
    for (int i = 0; i < 7; i++) {
        write_metric(dir, "plays", values[i]);
        cr_assert_eq(gate_at(dir, i + 1, "--record", &r), 0, "%s\n%s", r.out,
                     r.err);
        if (i < 3)
            cr_assert(th_has(r.out, "too little history"), "%s", r.out);
        th_run_free(&r);
    }
    /* The window is the last 5 runs: 98 100 101 1000 100, median 100. */
    write_metric(dir, "plays", 75);
    cr_assert_eq(gate_at(dir, 8, "", &r), 1, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK metrics/volume: plays = 75, down 25.0% "
                            "(-25) from the median 100 of the last 5 runs, "
                            "beyond max_drop 20%"),
              "%s", r.out);
    th_run_free(&r);
    write_metric(dir, "plays", 85);
    cr_assert_eq(gate_at(dir, 8, "", &r), 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "pass  metrics/volume: plays = 85; down 15.0%"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(history, blocked_runs_are_not_the_norm)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  m: { path: m.json }\n"
             "checks:\n"
             "  - id: volume\n"
             "    source: m\n"
             "    metric: { path: plays, min: 50, vs: history,\n"
             "              max_drop: 20%, min_runs: 1 }\n");
    write_metric(dir, "plays", 100);
    cr_assert_eq(gate_at(dir, 1, "--record", &r), 0);
    th_run_free(&r);
    /* Recorded as blocked: later runs do not compare with it. */
    write_metric(dir, "plays", 10);
    cr_assert_eq(gate_at(dir, 2, "--record", &r), 1);
    th_run_free(&r);
    write_metric(dir, "plays", 95);
    cr_assert_eq(gate_at(dir, 3, "", &r), 0, "%s", r.out);
    cr_assert(th_has(r.out, "from the median 100 of"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(history, mad_and_holt_winters_strategies)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  m: { path: m.json }\n"
             "checks:\n"
             "  - id: ctr-mad\n"
             "    source: m\n"
             "    metric: { path: ctr, vs: history, strategy: mad }\n"
             "  - id: ctr-hw\n"
             "    source: m\n"
             "    metric: { path: ctr, vs: history,\n"
             "              strategy: holt-winters }\n");
    for (int day = 1; day <= 10; day++) {
        write_metric(dir, "ctr", 0.050 + 0.001 * (day % 3));
        cr_assert_eq(gate_at(dir, day, "--record", &r), 0, "%s", r.out);
        th_run_free(&r);
    }
    write_metric(dir, "ctr", 0.030);
    cr_assert_eq(gate_at(dir, 11, "", &r), 1, "%s", r.out);
    cr_assert(th_has(r.out, "BLOCK metrics/ctr-mad: ctr = 0.03, z "), "%s",
              r.out);
    cr_assert(th_has(r.out, "against the median 0.051 of the last 30 runs "
                            "(mad, k 3.5)"),
              "%s", r.out);
    /* Ten daily runs are not two weeks: never a pass. */
    cr_assert(th_has(r.out, "skip  metrics/ctr-hw: holt-winters needs two "
                            "full weeks of history (14 runs), 10 found"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(history, forecast_warns_before_the_threshold)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  m: { path: m.json }\n"
             "checks:\n"
             "  - id: plays-volume\n"
             "    source: m\n"
             "    metric: { path: plays, min: 1000000 }\n");
    /* 1,450,000 falling 50,000 a day: below 1M two runs after 1,050,000. */
    for (int i = 0; i < 8; i++) {
        write_metric(dir, "plays", 1450000 - 50000.0 * i);
        cr_assert_eq(gate_at(dir, i + 1, "--record", &r), 0, "%s", r.out);
        th_run_free(&r);
    }
    write_metric(dir, "plays", 1050000);
    cr_assert_eq(gate_at(dir, 9, "", &r), 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "warn  metrics/plays-volume.forecast: "
                            "plays-volume: at the current trend, plays "
                            "crosses min 1,000,000 in about 2 runs "
                            "(2026-11-11)"),
              "%s", r.out);
    cr_assert(th_has(r.out, "forecast by linear trend from 9 runs"), "%s",
              r.out);
    cr_assert(th_has(r.out, "pass  metrics/plays-volume: plays = 1050000"),
              "%s", r.out);
    th_run_free(&r);
    cr_assert_eq(gate_at(dir, 9, "--fail-on warn", &r), 1);
    th_run_free(&r);
    /* A steady value forecasts nothing. */
    write_metric(dir, "plays", 1500000);
    cr_assert_eq(gate_at(dir, 9, "", &r), 0);
    cr_assert(!th_has(r.out, "forecast"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/*
 * Every bounded value is forecast, not only metrics and row counts: the
 * null share of a column and the mean of another creeping towards their
 * maximums, each in a check of its own kind.
 */
Test(history, forecast_covers_every_bounded_value)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  log: { path: log.csv }\n"
             "checks:\n"
             "  - { id: nulls, source: log, missing: { columns: [a], "
             "max: 50% } }\n"
             "  - { id: mean, source: log, stats: { column: b, "
             "mean: { max: 100 } } }\n"
             "  - { id: steady, source: log, range: { column: b, "
             "max: 1000 } }\n");
    /* Day d: d nulls in 20 rows of a (5% a day), b's mean 50 + 5d. */
    for (int day = 1; day <= 9; day++) {
        char csv[512];
        int len = snprintf(csv, sizeof(csv), "a,b\n");

        for (int i = 0; i < 20; i++)
            len += snprintf(csv + len, sizeof(csv) - (size_t)len, "%s,%d\n",
                            i < day ? "" : "x", 50 + 5 * day);
        th_write(dir, "log.csv", csv);
        cr_assert_eq(gate_at(dir, day, day < 9 ? "--record" : "", &r), 0,
                     "day %d: %s", day, r.out);
        if (day < 9) {
            th_run_free(&r);
            continue;
        }
        /* 45% now, 50% crossed in about 2 runs; mean 95, 100 in 1. */
        cr_assert(th_has(r.out, "warn  data/nulls.forecast: nulls: at the "
                                "current trend, a crosses max 0.5 in about"),
                  "%s", r.out);
        cr_assert(th_has(r.out, "warn  data/mean.forecast: mean: at the "
                                "current trend, mean crosses max 100 in "
                                "about"),
                  "%s", r.out);
        /* b's max, 95, is far from 1000: nothing. */
        cr_assert(!th_has(r.out, "steady.forecast"), "%s", r.out);
        th_run_free(&r);
    }
    th_rmrf(dir);
    free(dir);
}

/* Two metric checks on m.json; the first alone is ndcg_cfg. */
#define NDCG_CFG                                                               \
    "version: 1\n"                                                             \
    "sources:\n"                                                               \
    "  m: { path: m.json }\n"                                                  \
    "checks:\n"                                                                \
    "  - id: ndcg\n"                                                           \
    "    source: m\n"                                                          \
    "    metric: { path: ndcg, min: 0.2 }\n"
static const char ndcg_cfg[] = NDCG_CFG;
static const char two_checks_cfg[] = NDCG_CFG "  - id: recall\n"
                                              "    source: m\n"
                                              "    metric: { path: recall, "
                                              "min: 0.2 }\n";

static char *recorded_project(void)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml", two_checks_cfg);
    for (int day = 1; day <= 4; day++) {
        char text[96];

        snprintf(text, sizeof(text), "{\"ndcg\": 0.3%d, \"recall\": 0.5}", day);
        th_write(dir, "m.json", text);
        cr_assert_eq(gate_at(dir, day, "--record", &r), 0, "%s", r.err);
        th_run_free(&r);
    }
    return dir;
}

Test(history, show_export_and_prune)
{
    char *dir = recorded_project();
    struct th_run r;

    th_rso(&r, dir, "history show --last 2 --only ndcg");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "run  time"), "%s", r.out);
    cr_assert(th_has(r.out, "2026-11-04T06:00:00Z"), "%s", r.out);
    cr_assert(th_has(r.out, "0.33"), "%s", r.out);
    cr_assert(!th_has(r.out, "2026-11-02T"), "%s", r.out);
    cr_assert(!th_has(r.out, "recall"), "%s", r.out);
    th_run_free(&r);

    th_rso(&r, dir, "history export");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "run,time,commit,ref,check,statistic,value,"
                            "status\n1,2026-11-01T06:00:00Z,,,ndcg,ndcg,"
                            "0.31,pass\n"),
              "%s", r.out);
    cr_assert(th_has(r.out, "4,2026-11-04T06:00:00Z,,,recall,recall,0.5,"
                            "pass\n"),
              "%s", r.out);
    /* Streamed (the whole store) or read whole (--last): the same text. */
    {
        char *streamed = strdup(r.out);
        struct th_run w;

        th_rso(&w, dir, "history export --last 1000000");
        cr_assert_str_eq(w.out, streamed);
        th_run_free(&w);
        th_rso(&w, dir, "history export --since 2026-11-03");
        cr_assert(!th_has(w.out, "\n2,") && th_has(w.out, "\n3,") &&
                      th_has(w.out, "\n4,"),
                  "%s", w.out);
        th_run_free(&w);
        free(streamed);
    }
    th_run_free(&r);

    th_rso(&r, dir, "history export --format json --since 2026-11-04");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "\"run\": 4"), "%s", r.out);
    cr_assert(th_has(r.out, "\"value\": 0.34"), "%s", r.out);
    cr_assert(!th_has(r.out, "\"run\": 3"), "%s", r.out);
    th_run_free(&r);
    /* JSON too: streamed, or read whole, the same array. */
    {
        struct th_run w;

        th_rso(&r, dir, "history export --format json");
        th_rso(&w, dir, "history export --format json --last 1000000");
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert_str_eq(r.out, w.out);
        cr_assert(th_has(r.out, "[\n  {\n    \"run\": 1,\n    \"time\": "
                                "\"2026-11-01T06:00:00Z\",\n"),
                  "%s", r.out);
        cr_assert(th_has(r.out, "\"status\": \"pass\"\n  }\n]\n"), "%s", r.out);
        th_run_free(&r);
        th_run_free(&w);
        th_rso(&r, dir, "history export --format json --since 2030-01-01");
        cr_assert_str_eq(r.out, "[]\n");
        th_run_free(&r);
    }

    th_rso(&r, dir, "history prune --older-than 2d --now 2026-11-05T00:00:00Z");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "pruned 2 runs from '.recsysops/history.db'"), "%s",
              r.out);
    th_run_free(&r);
    th_rso(&r, dir, "history prune --keep 1");
    cr_assert(th_has(r.out, "pruned 1 run from"), "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "history export");
    cr_assert(!th_has(r.out, "\n3,"), "%s", r.out);
    cr_assert(th_has(r.out, "\n4,"), "%s", r.out);
    th_run_free(&r);

    th_rso(&r, dir, "history prune");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "prune needs --older-than SPAN or --keep N"));
    th_run_free(&r);
    th_rso(&r, dir, "history show --format xml");
    cr_assert_eq(r.status, 2);
    th_run_free(&r);
    th_rso(&r, dir, "history show --history nowhere.db");
    cr_assert_eq(r.status, 3);
    cr_assert(th_has(r.err, "no history yet: 'nowhere.db' does not exist"),
              "%s", r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/*
 * --only with --last picks the newest runs that have a check it names,
 * skipping newer runs without one; with no --last it streams, and keeps
 * exactly the rows whole-store export has for those checks.
 */
Test(history, only_picks_the_newest_runs_that_have_the_check)
{
    char *dir = th_tmpdir();
    struct th_run r, w;
    char want[512] = "run,time,commit,ref,check,statistic,value,status\n";

    th_write(dir, "m.json", "{\"ndcg\": 0.3, \"recall\": 0.5}");
    /* recall is recorded on days 1, 2 and 4; days 3 and 5 lack it. */
    for (int day = 1; day <= 5; day++) {
        th_write(dir, "recsysops.yml",
                 day == 3 || day == 5 ? ndcg_cfg : two_checks_cfg);
        cr_assert_eq(gate_at(dir, day, "--record", &r), 0, "%s", r.err);
        th_run_free(&r);
    }
    th_rso(&r, dir, "history export --only recall --last 2");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out,
                     "run,time,commit,ref,check,statistic,value,status\n"
                     "2,2026-11-02T06:00:00Z,,,recall,recall,0.5,pass\n"
                     "4,2026-11-04T06:00:00Z,,,recall,recall,0.5,pass\n");
    th_run_free(&r);
    th_rso(&r, dir, "history show --only 'rec*' --last 1");
    cr_assert(th_has(r.out, "2026-11-04T06:00:00Z"), "%s", r.out);
    cr_assert(!th_has(r.out, "2026-11-02T") && !th_has(r.out, "ndcg"), "%s",
              r.out);
    th_run_free(&r);

    /* Streamed: the whole export's recall lines, in its order. */
    th_rso(&r, dir, "history export");
    for (const char *line = r.out, *nl; (nl = strchr(line, '\n'));
         line = nl + 1)
        if (strstr(line, ",recall,") && strstr(line, ",recall,") < nl)
            strncat(want, line, (size_t)(nl - line + 1));
    th_run_free(&r);
    th_rso(&r, dir, "history export --only recall");
    cr_assert_str_eq(r.out, want);
    th_run_free(&r);
    th_rso(&r, dir, "history export --only recall --format json");
    th_rso(&w, dir, "history export --only recall --format json --last 9");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, w.out);
    cr_assert(th_has(r.out, "\"run\": 4") && !th_has(r.out, "\"run\": 5") &&
                  !th_has(r.out, "ndcg"),
              "%s", r.out);
    th_run_free(&r);
    th_run_free(&w);
    th_rso(&r, dir, "history export --only nothing --format json");
    cr_assert_str_eq(r.out, "[]\n");
    th_run_free(&r);
    /* A table is laid out from all its rows: held, every run of them. */
    th_rso(&r, dir, "history export --only recall --format table");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "2026-11-01T") && th_has(r.out, "2026-11-04T") &&
                  !th_has(r.out, "2026-11-05T") && !th_has(r.out, "ndcg"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(history, credentials_are_never_printed)
{
    char *dir = th_tmpdir(), *json;
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "history: postgresql://ana:s3cr3tpw@127.0.0.1:1/h?"
             "connect_timeout=2\n"
             "sources:\n"
             "  m: { path: m.json }\n"
             "checks:\n"
             "  - id: v\n"
             "    source: m\n"
             "    metric: { path: plays, vs: history, max_drop: 5% }\n");
    write_metric(dir, "plays", 10);
    th_rso(&r, dir, "gate -vv --record --now 2026-11-01T06:00:00Z");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.err, "postgresql://ana:***@127.0.0.1:1/h"), "%s", r.err);
    cr_assert(!th_has(r.err, "s3cr3tpw") && !th_has(r.out, "s3cr3tpw"));
    json = th_read(dir, "reports/recsysops.json");
    cr_assert(json && !th_has(json, "s3cr3tpw"));
    free(json);
    json = th_read(dir, "reports/recsysops.xml");
    cr_assert(json && !th_has(json, "s3cr3tpw"));
    free(json);
    th_run_free(&r);
    th_rso(&r, dir,
           "history show --history "
           "'postgres://ana@x/h?password=s3cr3tpw&connect_timeout=1'");
    cr_assert_eq(r.status, 3);
    cr_assert(!th_has(r.err, "s3cr3tpw"), "%s", r.err);
    cr_assert(th_has(r.err, "password=***"), "%s", r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/* A config with n metric checks, so that a run records n values. */
static void many_checks(const char *dir, int n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    cr_assert(f);
    fprintf(f, "version: 1\nsources:\n  m: { path: m.json }\nchecks:\n");
    for (int i = 0; i < n; i++)
        fprintf(f,
                "  - id: c%d\n    source: m\n"
                "    metric: { path: plays, min: 1 }\n",
                i);
    cr_assert(fclose(f) == 0);
    th_write(dir, "recsysops.yml", text);
    free(text);
    write_metric(dir, "plays", 42);
}

static sqlite3 *open_db(const char *dir)
{
    char *path;
    sqlite3 *db;

    cr_assert(asprintf(&path, "%s/.recsysops/history.db", dir) > 0);
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                 SQLITE_OK);
    free(path);
    return db;
}

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;

    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void assert_whole_runs(const char *dir, long long per_run)
{
    sqlite3 *db = open_db(dir);
    sqlite3_stmt *st;
    char sql[256];

    cr_assert_eq(
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
        SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM runs r WHERE (SELECT count(*) FROM "
             "observations o WHERE o.run_id = r.id) != %lld",
             per_run);
    cr_assert_eq(scalar(db, sql), 0, "a run is partial");
    cr_assert_eq(scalar(db, "SELECT count(*) FROM observations WHERE "
                            "run_id NOT IN (SELECT id FROM runs)"),
                 0, "values without a run");
    sqlite3_close(db);
}

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(history, kill_9_never_leaves_a_partial_run, .timeout = 120)
{
    char *dir = th_tmpdir();
    int killed = 0, finished = 0, rounds = 40;
    double t0, one;
    struct th_run r;
    sqlite3 *db;
    long long runs;

    many_checks(dir, 300);
    t0 = seconds();
    th_rso(&r, dir, "gate -q --record --now 2026-11-01T00:00:00Z");
    one = seconds() - t0;
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    srand(4242);
    /* 40 rounds, fewer (at least 10) when runs are slow, as under ASan. */
    t0 = seconds();
    for (int i = 0; i < rounds; i++) {
        if (i >= 10 && seconds() - t0 > 45) {
            rounds = i;
            break;
        }
        /* Anywhere from start-up to just after the commit, mostly
         * late, where the values are written. */
        double u = (double)rand() / RAND_MAX;
        double delay = one * (i % 4 ? 0.5 + 0.7 * u : 1.2 * u);

        th_sh(&r, dir,
              "'%s' gate -q --record --now 2026-11-02T00:00:%02dZ "
              ">/dev/null 2>&1 & p=$!; sleep %.4f; kill -9 $p 2>/dev/null; "
              "wait $p; echo $?",
              th_bin(), i % 60, delay);
        killed += atoi(r.out) == 128 + SIGKILL;
        finished += atoi(r.out) == 0;
        th_run_free(&r);
    }
    cr_assert(killed > 0, "no run was killed");
    assert_whole_runs(dir, 300);
    db = open_db(dir);
    runs = scalar(db, "SELECT count(*) FROM runs");
    sqlite3_close(db);
    /* Every run that finished is there; killed ones may or may not be. */
    cr_assert(runs >= 1 + finished && runs <= 1 + rounds, "%lld runs", runs);
    cr_log_info("kill -9: %d of %d runs killed, %d finished, %lld stored "
                "(one run takes %.0f ms)",
                killed, rounds, finished, runs, one * 1000);
    /* The store still takes runs. */
    th_rso(&r, dir, "gate -q --record --now 2026-11-03T00:00:00Z");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    assert_whole_runs(dir, 300);
    th_rmrf(dir);
    free(dir);
}

Test(history, four_concurrent_writers_lose_nothing, .timeout = 120)
{
    char *dir = th_tmpdir(), *fails;
    struct th_run r;
    sqlite3 *db;

    many_checks(dir, 50);
    th_sh(&r, dir,
          "for w in 1 2 3 4; do ( for i in 1 2 3 4 5 6; do '%s' gate -q "
          "--record --junit r$w.xml --results r$w.json || echo \"$w $i\" "
          ">>fails; done ) & done; wait",
          th_bin());
    th_run_free(&r);
    fails = th_read(dir, "fails");
    cr_assert(!fails, "failed writers: %s", fails);
    assert_whole_runs(dir, 50);
    db = open_db(dir);
    cr_assert_eq(scalar(db, "SELECT count(*) FROM runs"), 24);
    cr_assert_eq(scalar(db, "SELECT count(*) FROM observations"), 24 * 50);
    cr_assert_eq(scalar(db, "SELECT version FROM schema_version"), 4);
    sqlite3_close(db);
    th_rmrf(dir);
    free(dir);
}

Test(history, rows_over_a_time_window)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  plays: { path: p.csv }\n"
             "checks:\n"
             "  - id: plays-volume\n"
             "    source: plays\n"
             "    rows: { min: 1, vs: history, max_rise: 50%, window: 3d,\n"
             "            min_runs: 2 }\n");
    /* Old runs, outside the window, hold 10 rows. */
    th_write(dir, "p.csv", "a\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
    cr_assert_eq(gate_at(dir, 1, "--record", &r), 0, "%s", r.out);
    th_run_free(&r);
    cr_assert_eq(gate_at(dir, 2, "--record", &r), 0, "%s", r.out);
    th_run_free(&r);
    th_write(dir, "p.csv", "a\n1\n2\n3\n4\n");
    for (int day = 10; day <= 11; day++) {
        cr_assert_eq(gate_at(dir, day, "--record", &r), 0, "%s", r.out);
        th_run_free(&r);
    }
    /* 7 rows against the 4 of the last three days: up 75%. */
    th_write(dir, "p.csv", "a\n1\n2\n3\n4\n5\n6\n7\n");
    cr_assert_eq(gate_at(dir, 12, "", &r), 1, "%s", r.out);
    cr_assert(th_has(r.out, "BLOCK data/plays-volume: rows = 7, up 75.0% "
                            "(+3) from the median 4 of the last 3d, beyond "
                            "max_rise 50%"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/* The store as the hotfix ledger: apply records, suggest measures. */
Test(history, hotfix_applications_and_their_measured_effect)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_sh(&r, dir, "cp -r '%s/fixtures/demo/.' . && rm -rf reports", th_top());
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    th_write(dir, ".gitignore", "reports/\n.recsysops/\n");
    th_git(dir, "init -q");
    th_git(dir, "add -A");
    th_git(dir, "commit -qm demo");
    cr_assert_eq(gate_at(dir, 1, "--record", &r), 1, "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir,
           "hotfix apply relax-threshold --set bound=min --set value=0.28 "
           "--now 2026-11-02T06:00:00Z");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(!th_has(r.err, "not recorded"), "%s", r.err);
    th_run_free(&r);
    th_sh(&r, dir, "sed -i 's/0.287/0.295/' eval/metrics.json");
    th_run_free(&r);
    cr_assert_eq(gate_at(dir, 3, "--record", &r), 1, "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "hotfix suggest --now 2026-11-03T07:00:00Z");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "measured after the 2026-11-02T06:00:00Z "
                            "application: ndcg ranking.ndcg_at_10 0.287 -> "
                            "0.295"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}
