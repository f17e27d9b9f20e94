/*
 * store_pg: the history store in PostgreSQL, through libpq.
 *
 * The schema is the SQLite one; migrations run under a transaction-level
 * advisory lock so that runners opening a new database at once migrate
 * it once.  Each run is one transaction.  Driver messages are scrubbed of
 * the password before they are recorded.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/pq.h"

/* libpq, opened when a PostgreSQL store is first opened (util/pq.h). */
static const struct pq_api *pq;

/* An arbitrary key for pg_advisory_xact_lock: "rso history". */
#define MIGRATION_LOCK "7232373638"

static int pg_fail(struct history *h, const char *what, const char *detail)
{
    char *clean = store_scrub(detail ? detail : "", h->secret);
    size_t n = 0;
    int rc;

    /* One line: libpq's hints follow a newline and a tab. */
    for (const char *p = clean; *p; p++) {
        if (*p != '\n' && *p != '\t')
            clean[n++] = *p;
        else if (n && clean[n - 1] != ' ')
            clean[n++] = ' ';
    }
    while (n && clean[n - 1] == ' ')
        n--;
    clean[n] = '\0';
    rc = rso_fail(RSO_EDATA, "history '%s': %s: %s", h->where, what, clean);
    free(clean);
    return rc;
}

/* Run sql; returns 0 when its status is ok (or tuples, when rows). */
static int run(struct history *h, PGresult *r, const char *what, int rows)
{
    ExecStatusType want = rows ? PGRES_TUPLES_OK : PGRES_COMMAND_OK;
    int rc = 0;

    if (!r)
        rc = pg_fail(h, what, pq->PQerrorMessage(h->db));
    else if (pq->PQresultStatus(r) != want)
        rc = pg_fail(h, what, pq->PQresultErrorMessage(r));
    pq->PQclear(r);
    return rc;
}

static int exec(struct history *h, const char *sql, const char *what)
{
    return run(h, pq->PQexec(h->db, sql), what, 0);
}

static void rollback(struct history *h)
{
    pq->PQclear(pq->PQexec(h->db, "ROLLBACK"));
}

static void fmt_double(char out[40], double v)
{
    if (isinf(v))
        snprintf(out, 40, "%s", v > 0 ? "Infinity" : "-Infinity");
    else
        snprintf(out, 40, "%.17g", v);
}

static int read_version(struct history *h, int *out)
{
    PGresult *r = pq->PQexec(h->db, "SELECT coalesce(max(version), 0) "
                                    "FROM schema_version");
    int rc = 0;

    if (!r || pq->PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = pg_fail(h, "cannot read the schema version",
                     r ? pq->PQresultErrorMessage(r)
                       : pq->PQerrorMessage(h->db));
    else
        *out = atoi(pq->PQgetvalue(r, 0, 0));
    pq->PQclear(r);
    return rc;
}

static int migrate_locked(struct history *h)
{
    char sql[96];
    int v = 0, rc;

    if ((rc =
             run(h,
                 pq->PQexec(h->db,
                            "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")"),
                 "cannot lock the schema", 1)) ||
        (rc = exec(h,
                   "CREATE TABLE IF NOT EXISTS schema_version "
                   "(version INTEGER NOT NULL)",
                   "cannot create the schema table")) ||
        (rc = read_version(h, &v)))
        return rc;
    if (v > HISTORY_SCHEMA)
        return rso_fail(RSO_EDATA,
                        "history '%s' has schema version %d, newer than "
                        "this recsysops understands (%d); upgrade recsysops",
                        h->where, v, HISTORY_SCHEMA);
    for (int next = v + 1; next <= HISTORY_SCHEMA && rc == 0; next++)
        rc = exec(h, store_migration(next, 1), "cannot migrate the schema");
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
    int rc;

    if ((rc = exec(h, "BEGIN", "cannot begin")))
        return rc;
    rc = migrate_locked(h);
    if (rc == 0)
        rc = exec(h, "COMMIT", "cannot commit the schema");
    if (rc < 0)
        rollback(h);
    else
        h->version = HISTORY_SCHEMA;
    return rc;
}

static int insert_run(struct history *h, const struct history_run *hr,
                      long long *out_id)
{
    struct rso_buf sql = RSO_BUF_INIT;
    char t[40];
    const char *p[7] = {
        t,           hr->commit, hr->ref,    hr->baseline_commit,
        hr->project, hr->host,   hr->version};
    PGresult *r;
    int rc = 0;

    fmt_double(t, hr->time);
    rso_buf_printf(&sql, "%s RETURNING id", store_sql_insert_run);
    r = pq->PQexecParams(h->db, rso_buf_str(&sql), 7, NULL, p, NULL, NULL, 0);
    rso_buf_release(&sql);
    if (!r || pq->PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = pg_fail(h, "cannot append the run",
                     r ? pq->PQresultErrorMessage(r)
                       : pq->PQerrorMessage(h->db));
    else
        *out_id = atoll(pq->PQgetvalue(r, 0, 0));
    pq->PQclear(r);
    return rc;
}

static int insert_values(struct history *h, long long id,
                         const struct rso_results *res, size_t *out_values)
{
    char run_id[32], val[40];
    int rc;

    *out_values = 0;
    snprintf(run_id, sizeof(run_id), "%lld", id);
    rc = run(h, pq->PQprepare(h->db, "", store_sql_insert_obs, 5, NULL),
             "cannot prepare", 0);
    for (size_t i = 0; i < res->len && rc == 0; i++) {
        const struct rso_finding *f = &res->items[i];
        double v;

        for (size_t j = 0; j < f->n_values && rc == 0; j++) {
            const char *p[5] = {run_id, f->name, f->values[j].name, val,
                                store_status(f)};

            if (store_value(f, j, &v) < 0)
                continue;
            fmt_double(val, v);
            rc = run(h, pq->PQexecPrepared(h->db, "", 5, p, NULL, NULL, 0),
                     "cannot append a value", 0);
            *out_values += rc == 0;
        }
    }
    return rc;
}

static int pg_append(struct history *h, const struct history_run *hr,
                     const struct rso_results *res, long long *out_id,
                     size_t *out_values)
{
    int rc;

    if ((rc = exec(h, "BEGIN", "cannot begin")))
        return rc;
    if ((rc = insert_run(h, hr, out_id)) == 0)
        rc = insert_values(h, *out_id, res, out_values);
    if (rc == 0)
        rc = exec(h, "COMMIT", "cannot commit the run");
    if (rc < 0)
        rollback(h);
    return rc;
}

static const char *cell(PGresult *r, int row, int col)
{
    return pq->PQgetisnull(r, row, col) ? NULL : pq->PQgetvalue(r, row, col);
}

static int pg_query(struct history *h, const struct history_filter *f,
                    struct history_rows *out)
{
    char since[40], before[40], acc[8], limit[32], runs[32];
    const char *p[7] = {f->check, f->statistic, since, before,
                        acc,      limit,        runs};
    const char *sql;
    PGresult *r;
    int rc = 0;

    fmt_double(since, f->since);
    fmt_double(before, f->before);
    snprintf(acc, sizeof(acc), "%d", f->accepted != 0);
    snprintf(limit, sizeof(limit), "%lld",
             f->last > 0 ? f->last : STORE_NO_LIMIT);
    snprintf(runs, sizeof(runs), "%lld",
             f->runs > 0 ? f->runs : STORE_NO_LIMIT);
    /* The series query has no $7. */
    sql = store_query_for(f, out);
    r = pq->PQexecParams(h->db, sql,
                         sql == store_sql_series   ? 6
                         : sql == store_sql_stream ? 5
                                                   : 7,
                         NULL, p, NULL, NULL, 0);
    if (!r || pq->PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = pg_fail(h, "cannot read the history",
                     r ? pq->PQresultErrorMessage(r)
                       : pq->PQerrorMessage(h->db));
        pq->PQclear(r);
        return rc;
    }
    for (int i = 0; i < pq->PQntuples(r); i++)
        store_push(out, atoll(cell(r, i, 0)), strtod(cell(r, i, 1), NULL),
                   cell(r, i, 2), cell(r, i, 3), cell(r, i, 4), cell(r, i, 5),
                   strtod(cell(r, i, 6), NULL), cell(r, i, 7));
    pq->PQclear(r);
    return 0;
}

static int prune_step(struct history *h, const char *sql, double before,
                      long long keep, long long *out_n)
{
    char b[40], k[32];
    const char *p[2] = {b, k};
    PGresult *r;
    int rc = 0;

    fmt_double(b, before);
    snprintf(k, sizeof(k), "%lld", keep > 0 ? keep : STORE_NO_LIMIT);
    r = pq->PQexecParams(h->db, sql, 2, NULL, p, NULL, NULL, 0);
    if (!r || pq->PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pg_fail(h, "cannot prune",
                     r ? pq->PQresultErrorMessage(r)
                       : pq->PQerrorMessage(h->db));
    else if (out_n)
        *out_n = atoll(pq->PQcmdTuples(r));
    pq->PQclear(r);
    return rc;
}

static int pg_prune(struct history *h, double before, long long keep,
                    long long *out_runs)
{
    int rc;

    if ((rc = exec(h, "BEGIN", "cannot begin")))
        return rc;
    rc = prune_step(h, store_sql_prune_obs, before, keep, NULL);
    if (rc == 0)
        rc = prune_step(h, store_sql_prune_runs, before, keep, out_runs);
    if (rc == 0)
        rc = exec(h, "COMMIT", "cannot commit the pruning");
    if (rc < 0)
        rollback(h);
    return rc;
}

static int pg_exec(struct history *h, const char *sql, int n,
                   const char *const *params)
{
    return run(h, pq->PQexecParams(h->db, sql, n, NULL, params, NULL, NULL, 0),
               "cannot write", 0);
}

static int pg_select(struct history *h, const char *sql, int n,
                     const char *const *params, struct store_table *out)
{
    PGresult *r = pq->PQexecParams(h->db, sql, n, NULL, params, NULL, NULL, 0);
    int rc = 0;

    memset(out, 0, sizeof(*out));
    if (!r || pq->PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = pg_fail(h, "cannot read",
                     r ? pq->PQresultErrorMessage(r)
                       : pq->PQerrorMessage(h->db));
        pq->PQclear(r);
        return rc;
    }
    out->rows = (size_t)pq->PQntuples(r);
    out->cols = (size_t)pq->PQnfields(r);
    out->cells = xcalloc(out->rows * out->cols + 1, sizeof(*out->cells));
    for (size_t i = 0; i < out->rows; i++)
        for (size_t c = 0; c < out->cols; c++) {
            const char *v = cell(r, (int)i, (int)c);

            out->cells[i * out->cols + c] = v ? xstrdup(v) : NULL;
        }
    pq->PQclear(r);
    return 0;
}

static void pg_close(struct history *h)
{
    pq->PQfinish(h->db);
    h->db = NULL;
}

static const struct history_ops pg_ops = {
    .append = pg_append,
    .query = pg_query,
    .prune = pg_prune,
    .exec = pg_exec,
    .select = pg_select,
    .close = pg_close,
};

/* libpq prints server notices to stderr by default; drop them. */
static void quiet(void *arg, const char *message)
{
}

/*
 * Connect with a 10 s timeout unless PGCONNECT_TIMEOUT or the URL's
 * connect_timeout says otherwise: an unreachable store must not hang
 * the gate.  Later keywords win, so the URL's own settings override.
 */
static PGconn *connect_to(const char *url)
{
    const char *env = getenv("PGCONNECT_TIMEOUT");
    const char *const keys[] = {"connect_timeout", "dbname", NULL};
    const char *const values[] = {env && *env ? env : "10", url, NULL};

    return pq->PQconnectdbParams(keys, values, 1);
}

int store_pg_open(struct history *h, const char *url)
{
    PGconn *db;
    int rc;

    if (!pq && !(pq = pq_api()))
        return RSO_EDATA;
    db = connect_to(url);
    h->db = db;
    if (!db || pq->PQstatus(db) != CONNECTION_OK) {
        rc = pg_fail(h, "cannot connect",
                     db ? pq->PQerrorMessage(db) : "out of memory");
        pq->PQfinish(db);
        h->db = NULL;
        return rc;
    }
    pq->PQsetNoticeProcessor(db, quiet, NULL);
    if ((rc = migrate(h)) < 0) {
        pq->PQfinish(db);
        h->db = NULL;
        return rc;
    }
    h->ops = &pg_ops;
    return 0;
}
