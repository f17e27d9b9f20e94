#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check/check.h"
#include "history/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"

static int is_url(const char *spec)
{
    return !strncmp(spec, "postgresql://", 13) ||
           !strncmp(spec, "postgres://", 11);
}

/*
 * The URL with its password replaced by "***", both in the user-info
 * part (user:password@host) and in a password= parameter; the password
 * itself goes to *secret (NULL when there is none).
 */
static char *url_redact(const char *url, char **secret)
{
    struct rso_buf b = RSO_BUF_INIT;
    const char *auth = strstr(url, "://") + 3;
    const char *end = auth + strcspn(auth, "/?");
    const char *at = NULL, *colon, *p, *q;

    *secret = NULL;
    for (p = auth; p < end; p++)
        if (*p == '@')
            at = p;
    colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    if (colon) {
        rso_buf_add(&b, url, (size_t)(colon + 1 - url));
        rso_buf_puts(&b, "***");
        *secret = xstrndup(colon + 1, (size_t)(at - colon - 1));
        p = at;
    } else {
        p = url;
    }
    while ((q = strstr(p, "password=")) != NULL) {
        size_t n = strcspn(q + 9, "&");

        rso_buf_add(&b, p, (size_t)(q + 9 - p));
        rso_buf_puts(&b, "***");
        if (!*secret && n)
            *secret = xstrndup(q + 9, n);
        p = q + 9 + n;
    }
    rso_buf_puts(&b, p);
    return rso_buf_detach(&b);
}

static char *join(const char *dir, const char *path)
{
    struct rso_buf b = RSO_BUF_INIT;

    if (path[0] != '/' && dir && *dir && strcmp(dir, "."))
        rso_buf_printf(&b, "%s/", dir);
    rso_buf_puts(&b, path);
    return rso_buf_detach(&b);
}

static void mkdirs_for(const char *path)
{
    char *p = xstrdup(path);

    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0777);
        *s = '/';
    }
    free(p);
}

static int open_sqlite(struct history *h, const char *path, int create)
{
    struct stat st;

    h->where = xstrdup(path);
    if (!create && stat(path, &st) != 0) {
        h->absent = 1;
        rso_fail(RSO_EDATA,
                 "no history yet: '%s' does not exist (gate --record "
                 "writes it)",
                 path);
        h->error = xstrdup(rso_errmsg());
        return 1;
    }
    if (create)
        mkdirs_for(path);
    return store_sqlite_open(h, path, create);
}

int history_open(struct history **out, const char *spec, const char *dir,
                 int create)
{
    struct history *h = xcalloc(1, sizeof(*h));
    char *path;
    int rc;

    *out = h;
    if (spec && is_url(spec)) {
        h->where = url_redact(spec, &h->secret);
        rc = store_pg_open(h, spec);
    } else {
        path = join(dir, spec ? spec : HISTORY_DEFAULT);
        rc = open_sqlite(h, path, create);
        free(path);
    }
    if (rc < 0 && !h->error)
        h->error = xstrdup(rso_errmsg());
    return rc;
}

void history_close(struct history *h)
{
    if (!h)
        return;
    if (h->ops)
        h->ops->close(h);
    free(h->where);
    free(h->secret);
    free(h->error);
    free(h);
}

const char *history_where(const struct history *h)
{
    return h->where;
}

const char *history_error(const struct history *h)
{
    return h->ops ? NULL : h->error ? h->error : "the store is not open";
}

int history_absent(const struct history *h)
{
    return h->absent;
}

int history_schema_version(const struct history *h)
{
    return h->version;
}

static int unusable(const struct history *h)
{
    return rso_fail(RSO_EDATA, "%s", history_error(h));
}

int history_append(struct history *h, const struct history_run *run,
                   const struct rso_results *res, long long *out_id,
                   size_t *out_values)
{
    long long id;
    size_t n;

    if (!h->ops)
        return unusable(h);
    return h->ops->append(h, run, res, out_id ? out_id : &id,
                          out_values ? out_values : &n);
}

void history_filter_init(struct history_filter *f)
{
    memset(f, 0, sizeof(*f));
    f->since = -INFINITY;
    f->before = INFINITY;
}

int history_query(struct history *h, const struct history_filter *f,
                  struct history_rows *out)
{
    size_t from = out->len;
    int rc;

    if (!h->ops)
        return unusable(h);
    if (out->sink && (f->last || f->runs))
        return rso_fail(RSO_EUSAGE, "history rows stream only whole");
    rc = h->ops->query(h, f, out);
    if (rc == 0 && !out->sink)
        store_reverse(out, from);
    return rc;
}

void history_rows_release(struct history_rows *rows)
{
    for (size_t i = 0; i < rows->len; i++) {
        struct history_row *r = &rows->items[i];

        free(r->commit);
        free(r->ref);
        free(r->check);
        free(r->statistic);
        free(r->status);
    }
    free(rows->items);
    memset(rows, 0, sizeof(*rows));
}

void history_rows_add(struct history_rows *rows, const struct history_row *r)
{
    void (*sink)(void *, const struct history_row *) = rows->sink;

    rows->sink = NULL;
    store_push(rows, r->run, r->time, r->commit, r->ref, r->check, r->statistic,
               r->value, r->status);
    rows->sink = sink;
}

int history_prune(struct history *h, double before, long long keep,
                  long long *out_runs)
{
    if (!h->ops)
        return unusable(h);
    return h->ops->prune(h, before, keep, out_runs);
}

void history_attach(struct rso_run *run, int create)
{
    const struct rso_config *cfg = run->cfg;
    struct stat st;
    char *path;

    run->history = NULL;
    if (!cfg->history) {
        path = join(cfg->dir, HISTORY_DEFAULT);
        create = create || stat(path, &st) == 0;
        free(path);
        if (!create)
            return;
    }
    history_open(&run->history, cfg->history, cfg->dir, create);
    rso_err_clear();
}

int history_record(struct rso_run *run)
{
    const struct rso_results *res = run->results;
    struct history_run hr = {
        .time = res->meta.started,
        .commit = res->meta.commit,
        .ref = res->meta.branch,
        .baseline_commit = res->meta.baseline_commit,
        .project = run->cfg->project,
        .host = res->meta.hostname,
        .version = res->meta.version,
    };
    long long id;
    size_t n;
    int rc;

    if (!run->history)
        return rso_fail(RSO_EDATA, "no history store to record to");
    if ((rc = history_append(run->history, &hr, res, &id, &n)) < 0)
        return rc;
    msg_note("recorded run %lld (%zu values) in '%s'", id, n,
             history_where(run->history));
    return 0;
}

/* Helpers for the backends. */

const char *store_status(const struct rso_finding *f)
{
    switch (f->status) {
    case RSO_PASS:
        return "pass";
    case RSO_FAIL:
        return f->severity == RSO_WARN ? "warn" : "block";
    case RSO_ERROR:
        return "error";
    default:
        return "skip";
    }
}

int store_value(const struct rso_finding *f, size_t i, double *out)
{
    char *end;
    double v = strtod(f->values[i].value, &end);

    if (*end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void store_push(struct history_rows *rows, long long run, double time,
                const char *commit, const char *ref, const char *check,
                const char *statistic, double value, const char *status)
{
    struct history_row *r;

    if (rows->sink) {
        /* Borrowed strings: the sink copies what it keeps. */
        struct history_row row = {
            .run = run,
            .time = time,
            .commit = (char *)commit,
            .ref = (char *)ref,
            .check = (char *)(check ? check : ""),
            .statistic = (char *)(statistic ? statistic : ""),
            .status = (char *)(status ? status : ""),
            .value = value,
        };

        rows->sink(rows->sink_ctx, &row);
        return;
    }

    RSO_GROW(rows->items, rows->cap, rows->len + 1);
    r = &rows->items[rows->len++];
    r->run = run;
    r->time = time;
    r->commit = dup_or_null(commit);
    r->ref = dup_or_null(ref);
    r->check = xstrdup(check ? check : "");
    r->statistic = xstrdup(statistic ? statistic : "");
    r->value = value;
    r->status = xstrdup(status ? status : "");
}

const char *store_query_for(const struct history_filter *f,
                            const struct history_rows *out)
{
    if (out->sink)
        return store_sql_stream;
    return f->check && f->statistic && !f->runs ? store_sql_series
                                                : store_sql_query;
}

void store_reverse(struct history_rows *rows, size_t from)
{
    for (size_t i = from, j = rows->len; i + 1 < j; i++, j--) {
        struct history_row t = rows->items[i];

        rows->items[i] = rows->items[j - 1];
        rows->items[j - 1] = t;
    }
}

char *store_scrub(const char *msg, const char *secret)
{
    struct rso_buf b = RSO_BUF_INIT;
    size_t n = secret ? strlen(secret) : 0;
    const char *p = msg, *q;

    if (!n)
        return xstrdup(msg);
    while ((q = strstr(p, secret)) != NULL) {
        rso_buf_add(&b, p, (size_t)(q - p));
        rso_buf_puts(&b, "***");
        p = q + n;
    }
    rso_buf_puts(&b, p);
    return rso_buf_detach(&b);
}

/*
 * The schema.  Version 1: runs and observations.  Version 2: the
 * baseline commit of each run, and an index for time windows.  Version
 * 3: the series index covers value and status, so that reading a
 * check's series touches the index only.  Version 4: the hotfix
 * applications.  A new version is one more entry; released entries
 * never change.
 */
const char *store_migration(int version, int pg)
{
    static const char *const v1[2] = {
        "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "time DOUBLE PRECISION NOT NULL, commit_sha TEXT, ref TEXT, "
        "project TEXT, host TEXT, version TEXT);"
        "CREATE TABLE observations (run_id INTEGER NOT NULL "
        "REFERENCES runs (id), check_id TEXT NOT NULL, "
        "statistic TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, "
        "status TEXT NOT NULL);"
        "CREATE INDEX observations_series ON observations "
        "(check_id, statistic, run_id);",
        "CREATE TABLE runs (id BIGSERIAL PRIMARY KEY, "
        "time DOUBLE PRECISION NOT NULL, commit_sha TEXT, ref TEXT, "
        "project TEXT, host TEXT, version TEXT);"
        "CREATE TABLE observations (run_id BIGINT NOT NULL "
        "REFERENCES runs (id), check_id TEXT NOT NULL, "
        "statistic TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, "
        "status TEXT NOT NULL);"
        "CREATE INDEX observations_series ON observations "
        "(check_id, statistic, run_id);"};
    static const char v2[] = "ALTER TABLE runs ADD COLUMN baseline_sha TEXT;"
                             "CREATE INDEX runs_time ON runs (time);";
    static const char v3[] = "DROP INDEX observations_series;"
                             "CREATE INDEX observations_series ON observations "
                             "(check_id, statistic, run_id, value, status);";

#define V4(id)                                                                 \
    "CREATE TABLE hotfix_applications (id " id ", entry TEXT NOT NULL, "       \
    "target TEXT, check_id TEXT, branch TEXT, commit_sha TEXT, file TEXT, "    \
    "applied_at DOUBLE PRECISION NOT NULL, until_at DOUBLE PRECISION);"        \
    "CREATE INDEX hotfix_applications_entry ON hotfix_applications "           \
    "(entry, applied_at);"
    static const char *const v4[2] = {V4("INTEGER PRIMARY KEY AUTOINCREMENT"),
                                      V4("BIGSERIAL PRIMARY KEY")};
#undef V4

    if (version == 1)
        return v1[pg != 0];
    if (version == 2)
        return v2;
    if (version == 3)
        return v3;
    if (version == 4)
        return v4[pg != 0];
    return NULL;
}

/*
 * Two forms of one query: without a check and statistic every row is
 * read anyway; with them, plain equalities let SQLite use the series
 * index (an "IS NULL OR" test would make it scan every value).
 */
#define QUERY_HEAD                                                             \
    "SELECT r.id, r.time, r.commit_sha, r.ref, o.check_id, o.statistic, "      \
    "o.value, o.status FROM observations o JOIN runs r ON r.id = o.run_id "    \
    "WHERE "
#define QUERY_TAIL                                                             \
    "r.time >= CAST($3 AS DOUBLE PRECISION) "                                  \
    "AND r.time < CAST($4 AS DOUBLE PRECISION) "                               \
    "AND (CAST($5 AS INTEGER) = 0 OR o.status NOT IN ('block', 'error')) "     \
    "ORDER BY r.time DESC, r.id DESC, o.check_id DESC, o.statistic DESC "      \
    "LIMIT CAST($6 AS BIGINT)"

const char store_sql_query[] = QUERY_HEAD
    "(CAST($1 AS TEXT) IS NULL OR o.check_id = CAST($1 AS TEXT)) "
    "AND (CAST($2 AS TEXT) IS NULL OR o.statistic = CAST($2 AS TEXT)) "
    "AND r.id IN (SELECT id FROM runs ORDER BY time DESC, id DESC "
    "LIMIT CAST($7 AS BIGINT)) AND " QUERY_TAIL;

const char store_sql_stream[] = QUERY_HEAD
    "(CAST($1 AS TEXT) IS NULL OR o.check_id = CAST($1 AS TEXT)) "
    "AND (CAST($2 AS TEXT) IS NULL OR o.statistic = CAST($2 AS TEXT)) "
    "AND r.time >= CAST($3 AS DOUBLE PRECISION) "
    "AND r.time < CAST($4 AS DOUBLE PRECISION) "
    "AND (CAST($5 AS INTEGER) = 0 OR o.status NOT IN ('block', 'error')) "
    "ORDER BY r.time, r.id, o.check_id, o.statistic";

const char store_sql_series[] =
    QUERY_HEAD "o.check_id = CAST($1 AS TEXT) "
               "AND o.statistic = CAST($2 AS TEXT) AND " QUERY_TAIL;

#define DOOMED                                                                 \
    "SELECT id FROM runs WHERE time < CAST($1 AS DOUBLE PRECISION) OR id "     \
    "NOT IN (SELECT id FROM runs ORDER BY time DESC, id DESC "                 \
    "LIMIT CAST($2 AS BIGINT))"

const char store_sql_prune_obs[] =
    "DELETE FROM observations WHERE run_id IN (" DOOMED ")";
const char store_sql_prune_runs[] = "DELETE FROM runs WHERE id IN (" DOOMED ")";

const char store_sql_insert_run[] =
    "INSERT INTO runs (time, commit_sha, ref, baseline_sha, project, host, "
    "version) VALUES (CAST($1 AS DOUBLE PRECISION), $2, $3, $4, $5, $6, $7)";

const char store_sql_insert_obs[] =
    "INSERT INTO observations (run_id, check_id, statistic, value, status) "
    "VALUES (CAST($1 AS BIGINT), $2, $3, CAST($4 AS DOUBLE PRECISION), $5)";

void store_table_release(struct store_table *t)
{
    for (size_t i = 0; t->cells && i < t->rows * t->cols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof(*t));
}
