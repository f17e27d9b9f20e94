/*
 * store.h: what a history backend (SQLite, PostgreSQL) provides, and the
 * helpers the backends share.  Only src/history/ includes this header.
 *
 * Each backend's open function fills h->ops and h->db and migrates the
 * schema to HISTORY_SCHEMA; on failure it returns a negative code with a
 * message (which names h->where, never a password) and leaves h->ops
 * NULL.
 */
#ifndef RSO_HISTORY_STORE_H
#define RSO_HISTORY_STORE_H

#include "history/history.h"
#include "hotfix/ledger.h"

/* A query's result as text: cells[row * cols + col], NULL for NULL. */
struct store_table {
    char **cells;
    size_t rows, cols;
};

void store_table_release(struct store_table *t);

struct history_ops {
    int (*append)(struct history *h, const struct history_run *run,
                  const struct rso_results *res, long long *out_id,
                  size_t *out_values);
    int (*query)(struct history *h, const struct history_filter *f,
                 struct history_rows *out);
    int (*prune)(struct history *h, double before, long long keep,
                 long long *out_runs);
    /*
     * Run one statement with n text parameters ($1..$n); select() also
     * returns its rows.  Both return 0 or RSO_EDATA with a message.
     */
    int (*exec)(struct history *h, const char *sql, int n,
                const char *const *params);
    int (*select)(struct history *h, const char *sql, int n,
                  const char *const *params, struct store_table *out);
    void (*close)(struct history *h);
};

struct history {
    const struct history_ops *ops; /* NULL when opening failed */
    void *db;
    char *where;  /* for messages: no password */
    char *secret; /* the password, to scrub from driver messages */
    char *error;  /* why opening failed */
    int absent;   /* the SQLite file does not exist */
    struct hotfix_ledger ledger; /* history_ledger()'s, ctx is h */
    int version;
};

int store_sqlite_open(struct history *h, const char *path, int create);
int store_pg_open(struct history *h, const char *url);

/* The status a finding is recorded with: pass, block, warn, error, skip. */
const char *store_status(const struct rso_finding *f);

/*
 * The value of a finding's recorded statistic i as a number; returns 0
 * for a finite number, -1 for anything else (which is not recorded).
 */
int store_value(const struct rso_finding *f, size_t i, double *out);

/* Append a row (copying the strings, which may be NULL). */
void store_push(struct history_rows *rows, long long run, double time,
                const char *commit, const char *ref, const char *check,
                const char *statistic, double value, const char *status);

/*
 * The query for f into out: store_sql_stream for a sink, else
 * store_sql_series or store_sql_query.
 */
const char *store_query_for(const struct history_filter *f,
                            const struct history_rows *out);

/* Reverse rows[from..len): backends read newest first. */
void store_reverse(struct history_rows *rows, size_t from);

/*
 * The SQL both backends run, with parameters $1, $2, ... (SQLite binds
 * them by name).  store_migration() gives the statements that take the
 * schema from version - 1 to version, or NULL past the last one; pg
 * chooses the column type of run ids.
 */
const char *store_migration(int version, int pg);
/*
 * $1 check, $2 statistic, $3 since, $4 before, $5 accepted, $6 rows,
 * $7 runs ($7 in the general query only); store_sql_series when both
 * check and statistic are given and runs is not.  store_sql_stream reads
 * oldest first, with no limit: $1 to $5 only.
 */
extern const char store_sql_query[];
extern const char store_sql_series[];
extern const char store_sql_stream[];
extern const char store_sql_prune_obs[];  /* $1 before, $2 keep */
extern const char store_sql_prune_runs[]; /* $1 before, $2 keep */
extern const char store_sql_insert_run[]; /* $1..$7: history_run fields */
extern const char store_sql_insert_obs[]; /* $1 run, $2 check, $3 statistic,
                                             $4 value, $5 status */

/* The LIMIT that means none. */
#define STORE_NO_LIMIT 9223372036854775807LL

/*
 * Copy msg into a new string with every occurrence of secret (when not
 * NULL or empty) replaced by "***".
 */
char *store_scrub(const char *msg, const char *secret);

#endif
