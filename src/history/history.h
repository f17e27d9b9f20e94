/*
 * history.h: the history store, where `gate --record` appends every
 * observed value and where checks find the values of earlier runs.
 *
 * A store is a SQLite file (the default, .recsysops/history.db next to
 * the config) or a PostgreSQL database (a postgresql:// or postgres://
 * URL).  Both hold the same versioned schema, migrated forward when a
 * store is opened: runs (one row per recorded gate) and observations
 * (one row per value: run, check, statistic, value, status).  A run is
 * appended in one transaction: a reader or a crash sees all of it or
 * none.  Credentials in a URL never appear in a message: stores are
 * named by history_where(), which hides the password.
 *
 * A struct history is opened by history_open() and freed by its opener
 * with history_close().  A handle whose opening failed still exists (so
 * that every check that needs it can say why): history_error() returns
 * its message, and every other call fails with that message.
 */
#ifndef RSO_HISTORY_H
#define RSO_HISTORY_H

#include <stddef.h>

#include "report/results.h"

struct history;
struct hotfix_ledger;
struct rso_run;

/* The schema version this build writes. */
#define HISTORY_SCHEMA 4

/* Where the default store lives, relative to the config's folder. */
#define HISTORY_DEFAULT ".recsysops/history.db"

/*
 * Open the store spec (a path, relative to dir unless absolute, or a
 * URL; NULL for the default).  With create, a missing SQLite file and its
 * folders are made.  Always sets *out.  Returns 0 for a usable handle;
 * 1 when create is 0 and the SQLite file does not exist yet (the handle
 * is absent: see history_absent()); RSO_EDATA for a failed handle (cannot
 * open or migrate, or a schema newer than this build).  The message of
 * the last two is also history_error()'s.
 */
int history_open(struct history **out, const char *spec, const char *dir,
                 int create);
void history_close(struct history *h);

/* The store's name for messages: a path, or a URL without password. */
const char *history_where(const struct history *h);

/* NULL for a usable handle, else why it could not be opened. */
const char *history_error(const struct history *h);

/* Whether the store does not exist yet (a failed handle too). */
int history_absent(const struct history *h);

/* The schema version the store holds (after migration). */
int history_schema_version(const struct history *h);

/* A run's facts, as recorded in the runs table. */
struct history_run {
    double time;        /* epoch seconds: the gate's clock */
    const char *commit; /* HEAD, or NULL */
    const char *ref;    /* the branch, or NULL */
    const char *baseline_commit;
    const char *project;
    const char *host;
    const char *version;
};

/*
 * Append one run and every finite value of every finding in res, in one
 * transaction.  The status recorded is pass, block, warn, error or skip.
 * Sets *out_id (may be NULL) to the new run id and *out_values to the
 * number of values written.  Returns 0, or RSO_EDATA with nothing
 * written.
 */
int history_append(struct history *h, const struct history_run *run,
                   const struct rso_results *res, long long *out_id,
                   size_t *out_values);

/* One observation with its run. */
struct history_row {
    long long run;
    double time;
    char *commit, *ref, *check, *statistic, *status;
    double value;
};

struct history_filter {
    const char *check;     /* exact check id, or NULL for all */
    const char *statistic; /* exact statistic, or NULL for all */
    double since;          /* runs at or after this time */
    double before;         /* runs strictly before this time */
    long long last;        /* only the newest N rows; 0 for all */
    long long runs;        /* only rows of the newest N runs; 0 for all */
    int accepted;          /* leave out values of blocked or errored runs */
};

/* A filter that matches everything. */
void history_filter_init(struct history_filter *f);

struct history_rows {
    struct history_row *items; /* oldest first */
    size_t len, cap;
    /*
     * When set, rows go to sink as they are read instead of into items,
     * and in the store's order, oldest first: memory does not grow with
     * the store.  Only with a filter of no last and no runs.
     */
    void (*sink)(void *ctx, const struct history_row *row);
    void *sink_ctx;
};

/*
 * The rows matching f, oldest first (by run time, then run id), appended
 * to out or handed to out->sink.  Returns 0 or RSO_EDATA (RSO_EUSAGE for
 * a sink with last or runs).  history_rows_release() frees them.
 */
int history_query(struct history *h, const struct history_filter *f,
                  struct history_rows *out);
void history_rows_release(struct history_rows *rows);
/* Append a copy of r to rows (not to a sink). */
void history_rows_add(struct history_rows *rows, const struct history_row *r);

/*
 * Delete, in one transaction, every run older than before (epoch seconds;
 * -inf for none) and every run beyond the newest keep runs (0: keep all),
 * with their observations.  Sets *out_runs to the runs removed.
 */
int history_prune(struct history *h, double before, long long keep,
                  long long *out_runs);

/*
 * The hotfix ledger of a usable store (see hotfix/ledger.h): `hotfix
 * apply` records each application, and `hotfix suggest` shows the values
 * the checks recorded before and after earlier ones.  Owned by h.
 */
const struct hotfix_ledger *history_ledger(struct history *h);

/*
 * For a gate: open the configured store (or the default one when its
 * file exists, or when create is set) into run->history.  Leaves it NULL
 * when no store is configured and none exists; a store that failed to
 * open is kept as a failed handle.
 */
void history_attach(struct rso_run *run, int create);

/*
 * Record the run's results (for gate --record).  Returns 0 after saying
 * what was recorded at verbosity >= 2, or a negative code with a message.
 */
int history_record(struct rso_run *run);

#endif
