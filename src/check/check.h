/*
 * check.h: check kinds, and the run they are evaluated in.
 *
 * A kind is a table of functions.  parse() reads the kind's mapping from
 * the config (and fails with a positioned message); plan() asks the scan
 * for what the check needs; eval() adds the check's findings to the run's
 * results.  eval() never fails the run: a check that cannot run adds a
 * finding with status RSO_ERROR and says why.
 */
#ifndef RSO_CHECK_H
#define RSO_CHECK_H

#include "config/config.h"
#include "git/repo.h"
#include "report/results.h"
#include "scan/scan.h"

struct history;

struct rso_run {
    const struct rso_config *cfg;
    double now; /* the clock (--now or the real one) */
    struct scan_plan scan;
    struct rso_git *git;   /* NULL outside a repository */
    char *baseline_commit; /* NULL when not found */
    int baseline_status;   /* 0, RSO_GIT_NOTFOUND or RSO_GIT_SHALLOW */
    int require_baseline;
    struct history *history; /* NULL without a history store */
    struct rso_results *results;
};

struct rso_kind {
    const char *name;
    const char *area; /* JUnit suite: data, metrics, audits, ... */
    int needs_source; /* 1: a source is required; 0: none taken */
    int late;         /* evaluated after every other check */
    int (*parse)(struct rso_check *c, const struct ynode *spec);
    void (*free_spec)(void *spec);
    void (*plan)(struct rso_check *c, struct scan_source *s);
    void (*eval)(struct rso_check *c, struct rso_run *run);
};

/* Every kind, ending with NULL. */
extern const struct rso_kind *const rso_kinds[];

const struct rso_kind *kind_find(const char *name);

/*
 * Helpers for kinds.  check_column() returns the column's accumulator, or
 * NULL after adding an error finding that names the missing column (or
 * the source's own read error).
 */
struct scan_col *check_column(struct rso_check *c, struct rso_run *run,
                              struct scan_col *col, struct rso_finding *f);

/*
 * Fill f as an error when the check's source could not be read; returns
 * 1 then, 0 when the source is fine.
 */
int check_source_failed(struct rso_check *c, struct rso_run *run,
                        struct rso_finding *f);

/* The run's scan entry for the check's source. */
struct scan_source *check_scan(struct rso_check *c, struct rso_run *run);

#endif
