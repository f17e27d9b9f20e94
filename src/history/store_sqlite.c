/*
 * store_sqlite: the history store in a SQLite file.
 *
 * The file is in WAL mode, so readers never wait for a writer; writers
 * take the write lock up front (BEGIN IMMEDIATE) and wait up to the busy
 * timeout for each other.  Each run is one transaction: a process killed
 * at any moment leaves either the whole run or none of it.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history/store.h"
#include "util/err.h"
#include "util/mem.h"

#define BUSY_TIMEOUT_MS 60000

static int db_fail(struct history *h, const char *what)
{
    sqlite3 *db = h->db;

    return rso_fail(RSO_EDATA, "history '%s': %s: %s", h->where, what,
                    db ? sqlite3_errmsg(db) : "out of memory");
}

static int exec(struct history *h, const char *sql, const char *what)
{
    if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(h, what);
    return 0;
}

static int prepare(struct history *h, const char *sql, sqlite3_stmt **out)
{
    if (sqlite3_prepare_v2(h->db, sql, -1, out, NULL) != SQLITE_OK)
        return db_fail(h, "cannot prepare a statement");
    return 0;
}

/* Bind $k of stmt; text NULL binds SQL NULL. */
static void bind_text(sqlite3_stmt *st, int k, const char *text)
{
    char name[16];
    int i;

    snprintf(name, sizeof(name), "$%d", k);
    i = sqlite3_bind_parameter_index(st, name);
    if (text)
        sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_double(sqlite3_stmt *st, int k, double v)
{
    char name[16];

    snprintf(name, sizeof(name), "$%d", k);
    sqlite3_bind_double(st, sqlite3_bind_parameter_index(st, name), v);
}

static void bind_int(sqlite3_stmt *st, int k, long long v)
{
    char name[16];

    snprintf(name, sizeof(name), "$%d", k);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, name), v);
}

/* The schema version, 0 when the store is empty; -1 on error. */
static int read_version(struct history *h)
{
    sqlite3_stmt *st = NULL;
    int v = -1, rc;

    rc = sqlite3_prepare_v2(h->db,
                            "SELECT coalesce(max(version), 0) FROM "
                            "schema_version",
                            -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        /* No table yet: an empty store. */
        return strstr(sqlite3_errmsg(h->db), "no such table") ? 0 : -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int newer(struct history *h, int v)
{
    return rso_fail(RSO_EDATA,
                    "history '%s' has schema version %d, newer than this "
                    "recsysops understands (%d); upgrade recsysops",
                    h->where, v, HISTORY_SCHEMA);
}

/* Apply the migrations after the version found, under the write lock. */
static int migrate_locked(struct history *h)
{
    char sql[96];
    int v, rc = 0;

    if ((rc = exec(h,
                   "CREATE TABLE IF NOT EXISTS schema_version "
                   "(version INTEGER NOT NULL)",
                   "cannot create the schema table")))
        return rc;
    if ((v = read_version(h)) < 0)
        return db_fail(h, "cannot read the schema version");
    if (v > HISTORY_SCHEMA)
        return newer(h, v);
    for (int next = v + 1; next <= HISTORY_SCHEMA && rc == 0; next++)
        rc = exec(h, store_migration(next, 0), "cannot migrate the schema");
    if (rc == 0 && v < HISTORY_SCHEMA) {
        snprintf(sql, sizeof(sql),
                 "DELETE FROM schema_version; INSERT INTO schema_version "
                 "VALUES (%d)",
                 HISTORY_SCHEMA);
        rc = exec(h, sql, "cannot record the schema version");
    }
    return rc;
}

static int migrate(struct history *h)
{
    int v = read_version(h), rc;

    if (v == HISTORY_SCHEMA) {
        h->version = v;
        return 0;
    }
    if (v > HISTORY_SCHEMA)
        return newer(h, v);
    if ((rc = exec(h, "BEGIN IMMEDIATE", "cannot lock the store")))
        return rc;
    rc = migrate_locked(h);
    if (rc == 0)
        rc = exec(h, "COMMIT", "cannot commit the schema");
    if (rc < 0)
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    else
        h->version = HISTORY_SCHEMA;
    return rc;
}

static int append_values(struct history *h, long long id,
                         const struct rso_results *res, size_t *out_values)
{
    sqlite3_stmt *st = NULL;
    int rc;

    *out_values = 0;
    if ((rc = prepare(h, store_sql_insert_obs, &st)))
        return rc;
    for (size_t i = 0; i < res->len && rc == 0; i++) {
        const struct rso_finding *f = &res->items[i];
        double v;

        for (size_t j = 0; j < f->n_values && rc == 0; j++) {
            if (store_value(f, j, &v) < 0)
                continue;
            sqlite3_reset(st);
            bind_int(st, 1, id);
            bind_text(st, 2, f->name);
            bind_text(st, 3, f->values[j].name);
            bind_double(st, 4, v);
            bind_text(st, 5, store_status(f));
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_fail(h, "cannot append a value");
            else
                ++*out_values;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static int sq_append(struct history *h, const struct history_run *run,
                     const struct rso_results *res, long long *out_id,
                     size_t *out_values)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if ((rc = exec(h, "BEGIN IMMEDIATE", "cannot lock the store")))
        return rc;
    if ((rc = prepare(h, store_sql_insert_run, &st)) == 0) {
        bind_double(st, 1, run->time);
        bind_text(st, 2, run->commit);
        bind_text(st, 3, run->ref);
        bind_text(st, 4, run->baseline_commit);
        bind_text(st, 5, run->project);
        bind_text(st, 6, run->host);
        bind_text(st, 7, run->version);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_fail(h, "cannot append the run");
        sqlite3_finalize(st);
    }
    if (rc == 0) {
        *out_id = sqlite3_last_insert_rowid(h->db);
        rc = append_values(h, *out_id, res, out_values);
    }
    if (rc == 0)
        rc = exec(h, "COMMIT", "cannot commit the run");
    if (rc < 0)
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static int sq_query(struct history *h, const struct history_filter *f,
                    struct history_rows *out)
{
    sqlite3_stmt *st = NULL;
    int rc, step;

    if ((rc = prepare(h, store_query_for(f, out), &st)))
        return rc;
    bind_text(st, 1, f->check);
    bind_text(st, 2, f->statistic);
    bind_double(st, 3, f->since);
    bind_double(st, 4, f->before);
    bind_int(st, 5, f->accepted);
    bind_int(st, 6, f->last > 0 ? f->last : STORE_NO_LIMIT);
    bind_int(st, 7, f->runs > 0 ? f->runs : STORE_NO_LIMIT);
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        store_push(out, sqlite3_column_int64(st, 0),
                   sqlite3_column_double(st, 1), col_text(st, 2),
                   col_text(st, 3), col_text(st, 4), col_text(st, 5),
                   sqlite3_column_double(st, 6), col_text(st, 7));
    if (step != SQLITE_DONE)
        rc = db_fail(h, "cannot read the history");
    sqlite3_finalize(st);
    return rc;
}

static int prune_step(struct history *h, const char *sql, double before,
                      long long keep)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if ((rc = prepare(h, sql, &st)))
        return rc;
    bind_double(st, 1, before);
    bind_int(st, 2, keep > 0 ? keep : STORE_NO_LIMIT);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(h, "cannot prune");
    sqlite3_finalize(st);
    return rc;
}

static int sq_prune(struct history *h, double before, long long keep,
                    long long *out_runs)
{
    int rc;

    if ((rc = exec(h, "BEGIN IMMEDIATE", "cannot lock the store")))
        return rc;
    rc = prune_step(h, store_sql_prune_obs, before, keep);
    if (rc == 0 &&
        (rc = prune_step(h, store_sql_prune_runs, before, keep)) == 0)
        *out_runs = sqlite3_changes(h->db);
    if (rc == 0)
        rc = exec(h, "COMMIT", "cannot commit the pruning");
    if (rc < 0)
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int prepare_bound(struct history *h, const char *sql, int n,
                         const char *const *params, sqlite3_stmt **out)
{
    int rc = prepare(h, sql, out);

    for (int k = 1; rc == 0 && k <= n; k++)
        bind_text(*out, k, params[k - 1]);
    return rc;
}

static int sq_exec(struct history *h, const char *sql, int n,
                   const char *const *params)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_bound(h, sql, n, params, &st);

    if (rc == 0 && sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(h, "cannot write");
    sqlite3_finalize(st);
    return rc;
}

static int sq_select(struct history *h, const char *sql, int n,
                     const char *const *params, struct store_table *out)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc = prepare_bound(h, sql, n, params, &st), step;

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    out->cols = (size_t)sqlite3_column_count(st);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        RSO_GROW(out->cells, cap, (out->rows + 1) * out->cols);
        for (size_t c = 0; c < out->cols; c++) {
            const char *v = col_text(st, (int)c);

            out->cells[out->rows * out->cols + c] = v ? xstrdup(v) : NULL;
        }
        out->rows++;
    }
    if (step != SQLITE_DONE)
        rc = db_fail(h, "cannot read");
    sqlite3_finalize(st);
    return rc;
}

static void sq_close(struct history *h)
{
    sqlite3_close(h->db);
    h->db = NULL;
}

static const struct history_ops sqlite_ops = {
    .append = sq_append,
    .query = sq_query,
    .prune = sq_prune,
    .exec = sq_exec,
    .select = sq_select,
    .close = sq_close,
};

/*
 * Switch to WAL.  Another process may be doing the same, or creating the
 * file: SQLite answers SQLITE_BUSY for the switch without always calling
 * the busy handler, so it is retried here, for as long as the handler
 * would wait.  The mode persists in the file.
 */
static int set_wal(struct history *h)
{
    const struct timespec pause = {0, 10 * 1000 * 1000};
    sqlite3_stmt *st = NULL;
    int rc, step, waited = 0;

    if ((rc = prepare(h, "PRAGMA journal_mode=WAL", &st)))
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_BUSY &&
           waited < BUSY_TIMEOUT_MS) {
        sqlite3_reset(st);
        nanosleep(&pause, NULL);
        waited += 10;
    }
    if (step != SQLITE_ROW)
        rc = db_fail(h, "cannot switch to WAL");
    else if (strcmp(col_text(st, 0), "wal"))
        rc = rso_fail(RSO_EDATA, "history '%s': cannot switch to WAL (%s)",
                      h->where, col_text(st, 0));
    sqlite3_finalize(st);
    return rc;
}

int store_sqlite_open(struct history *h, const char *path, int create)
{
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    sqlite3 *db = NULL;
    int rc;

    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        h->db = db;
        rc = db_fail(h, "cannot open");
        sqlite3_close(db);
        h->db = NULL;
        return rc;
    }
    h->db = db;
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    if ((rc = set_wal(h)) ||
        (rc = exec(h, "PRAGMA synchronous=FULL", "cannot set sync")) ||
        (rc = migrate(h))) {
        sqlite3_close(db);
        h->db = NULL;
        return rc;
    }
    h->ops = &sqlite_ops;
    return 0;
}
