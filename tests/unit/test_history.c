#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "history/history.h"
#include "history/store.h"
#include "report/results.h"
#include "util/err.h"

static char *db_path(const char *dir)
{
    char *p;

    cr_assert(asprintf(&p, "%s/h.db", dir) > 0);
    return p;
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db;

    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    sqlite3_close(db);
}

/* Results with one finding "c" holding the values given. */
static void results_with(struct rso_results *r, const char *stat,
                         const double *v, size_t n, enum rso_status st)
{
    struct rso_finding *f;

    results_init(r);
    f = results_add(r, NULL, "metrics", "c");
    f->status = st;
    for (size_t i = 0; i < n; i++)
        finding_value(f, stat, v[i]);
}

Test(history, migrates_a_version_1_store)
{
    char *dir = th_tmpdir(), *path = db_path(dir), *sql;
    struct history *h;
    struct history_rows rows = {0};
    struct history_filter f;

    cr_assert(
        asprintf(&sql,
                 "%s CREATE TABLE schema_version (version INTEGER NOT NULL);"
                 "INSERT INTO schema_version VALUES (1);"
                 "INSERT INTO runs (time, ref) VALUES (100, 'main');"
                 "INSERT INTO observations VALUES (1, 'c', 'rows', 7, 'pass');",
                 store_migration(1, 0)) > 0);
    raw_exec(path, sql);
    free(sql);
    cr_assert_eq(history_open(&h, path, NULL, 0), 0, "%s", rso_errmsg());
    cr_assert_eq(history_schema_version(h), HISTORY_SCHEMA);
    history_filter_init(&f);
    cr_assert_eq(history_query(h, &f, &rows), 0);
    cr_assert_eq(rows.len, 1);
    cr_assert_eq(rows.items[0].value, 7);
    cr_assert_str_eq(rows.items[0].ref, "main");
    history_rows_release(&rows);
    history_close(h);
    /* Version 2 added the baseline commit: the column is there now. */
    raw_exec(path, "UPDATE runs SET baseline_sha = 'abc'");
    free(path);
    th_rmrf(dir);
    free(dir);
}

Test(history, refuses_a_newer_schema)
{
    char *dir = th_tmpdir(), *path = db_path(dir);
    struct history *h;

    raw_exec(path, "CREATE TABLE schema_version (version INTEGER);"
                   "INSERT INTO schema_version VALUES (99);");
    cr_assert_lt(history_open(&h, path, NULL, 0), 0);
    cr_assert(strstr(history_error(h), "schema version 99, newer than"), "%s",
              history_error(h));
    cr_assert_lt(history_prune(h, 0, 1, &(long long){0}), 0);
    history_close(h);
    free(path);
    th_rmrf(dir);
    free(dir);
}

Test(history, absent_store_is_not_created_without_create)
{
    char *dir = th_tmpdir(), *path = db_path(dir);
    struct history *h;

    cr_assert_eq(history_open(&h, path, NULL, 0), 1);
    cr_assert(history_absent(h));
    cr_assert(strstr(history_error(h), "no history yet"));
    cr_assert_null(th_read(NULL, path));
    history_close(h);
    free(path);
    th_rmrf(dir);
    free(dir);
}

Test(history, append_query_prune)
{
    char *dir = th_tmpdir();
    double good[] = {1, NAN, 3}, bad[] = {9};
    struct history_run run = {.time = 1000, .commit = "abc", .ref = "main"};
    struct history_rows rows = {0};
    struct history_filter f;
    struct rso_results res;
    struct history *h;
    long long id, removed;
    size_t n;

    cr_assert_eq(history_open(&h, "sub/h.db", dir, 1), 0, "%s", rso_errmsg());
    results_with(&res, "rows", good, 3, RSO_PASS);
    cr_assert_eq(history_append(h, &run, &res, &id, &n), 0);
    cr_assert_eq(id, 1);
    cr_assert_eq(n, 2, "NaN is not recorded");
    results_release(&res);
    results_with(&res, "rows", bad, 1, RSO_FAIL);
    run.time = 2000;
    cr_assert_eq(history_append(h, &run, &res, &id, &n), 0);
    results_release(&res);

    history_filter_init(&f);
    cr_assert_eq(history_query(h, &f, &rows), 0);
    cr_assert_eq(rows.len, 3);
    cr_assert_eq(rows.items[0].time, 1000, "oldest first");
    cr_assert_eq(rows.items[2].value, 9);
    cr_assert_str_eq(rows.items[2].status, "block");
    history_rows_release(&rows);
    f.accepted = 1;
    cr_assert_eq(history_query(h, &f, &rows), 0);
    cr_assert_eq(rows.len, 2, "blocked values are left out");
    history_rows_release(&rows);
    f.accepted = 0;
    f.last = 1;
    cr_assert_eq(history_query(h, &f, &rows), 0);
    cr_assert_eq(rows.len, 1);
    cr_assert_eq(rows.items[0].run, 2);
    history_rows_release(&rows);

    cr_assert_eq(history_prune(h, 1500, 0, &removed), 0);
    cr_assert_eq(removed, 1);
    f.last = 0;
    cr_assert_eq(history_query(h, &f, &rows), 0);
    cr_assert_eq(rows.len, 1);
    history_rows_release(&rows);
    history_close(h);
    th_rmrf(dir);
    free(dir);
}

Test(history, urls_are_named_without_password)
{
    struct history *h;
    char *clean;

    cr_assert_lt(history_open(&h,
                              "postgresql://ana:pw123@127.0.0.1:1/db?"
                              "connect_timeout=1",
                              NULL, 0),
                 0);
    cr_assert_str_eq(history_where(h),
                     "postgresql://ana:***@127.0.0.1:1/db?connect_timeout=1");
    cr_assert(!strstr(history_error(h), "pw123"), "%s", history_error(h));
    cr_assert(strstr(history_error(h), "cannot connect"), "%s",
              history_error(h));
    history_close(h);
    clean = store_scrub("a pw123 b pw123", "pw123");
    cr_assert_str_eq(clean, "a *** b ***");
    free(clean);
}
