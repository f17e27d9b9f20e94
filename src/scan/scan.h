/*
 * scan.h: read each source once for all the checks that need it.
 *
 * The plan step asks, per check, for columns (scan_column) and for rows
 * (scan_visit).  scan_run() then streams every source that was asked for,
 * once, feeding every column's accumulator and every visitor.  A check
 * reads what it asked for in its evaluate step.
 *
 * The plan owns every scan_source, scan_col and visitor registration;
 * scan_plan_free() releases them and calls each visitor's free function.
 */
#ifndef RSO_SCAN_H
#define RSO_SCAN_H

#include "config/config.h"
#include "scan/reader.h"
#include "stats/colstats.h"

struct scan_col {
    char *name;
    int index;        /* in the header; -1 when the source lacks it */
    struct colstats st;
};

/*
 * A visitor sees every record.  It returns 0, or a negative code after
 * recording a message, which stops that visitor (the error is reported
 * by its check) but not the scan.
 */
typedef int (*scan_visit_fn)(void *state, const struct rso_record *rec);

struct scan_visitor {
    scan_visit_fn fn;
    void *state;
    void (*free_state)(void *state);
    int failed;       /* the visitor's code once it stopped */
    char *error;      /* its message */
};

struct scan_plan;

struct scan_source {
    struct scan_plan *plan;   /* the plan holding this source */
    const struct rso_source *src;
    struct scan_col **cols;
    size_t n_cols, cap_cols;
    struct scan_visitor *visitors;
    size_t n_visitors, cap_visitors;
    const char *const *header; /* valid after scan_run, while open */
    size_t n_header;
    char **header_copy;  /* the column names, kept after the scan */
    long long rows;      /* data records read */
    long long bad_rows;  /* skipped with on_bad_row: skip */
    int status;          /* 0, or the negative code of a failed scan */
    char *error;         /* the message when status < 0 */
    double seconds;
};

struct scan_plan {
    struct scan_source **sources;
    size_t len, cap;
};

void scan_plan_init(struct scan_plan *p);
void scan_plan_free(struct scan_plan *p);

/* The plan's entry for src, added on first use. */
struct scan_source *scan_source(struct scan_plan *p,
                                const struct rso_source *src);

/* The accumulator for column name of s, shared by all who ask for it. */
struct scan_col *scan_column(struct scan_source *s, const char *name);

/* Register a visitor; free_state (may be NULL) is called by the plan. */
struct scan_visitor *scan_visit(struct scan_source *s, scan_visit_fn fn,
                                void *state, void (*free_state)(void *));

/* Whether the scanned source has a column called name. */
int scan_has_column(const struct scan_source *s, const char *name);

/*
 * Read every source of the plan.  A source that cannot be read keeps its
 * status and message; the others are read regardless.  Returns the
 * number of sources that failed.
 */
int scan_run(struct scan_plan *p);

#endif
