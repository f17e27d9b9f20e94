/*
 * results.h: what a gate found, one finding per JUnit testcase.
 *
 * A check adds one finding or several (one per upcoming item, one per
 * rubric test).  Every report is written from the results alone.  The
 * results own their findings and every string in them.
 */
#ifndef RSO_RESULTS_H
#define RSO_RESULTS_H

#include <stddef.h>

#include "config/config.h"
#include "util/buf.h"

enum rso_status { RSO_PASS, RSO_FAIL, RSO_ERROR, RSO_SKIP };

struct rso_prop {
    char *name;
    char *value;
};

/* The bounds a check holds an observed value to (finding_limit). */
struct rso_limit {
    char *statistic;
    double min, max;
    int has_min, has_max;
};

struct rso_finding {
    const struct rso_check *check; /* NULL for findings of no check */
    char *area;   /* data, metrics, audits, checklist, launches */
    char *source; /* classname is recsysops.<area>.<source> */
    char *name;   /* the testcase name: the check id, item or test id */
    enum rso_status status;
    enum rso_severity severity;
    char *message; /* one line: the observed value against the threshold */
    struct rso_buf details; /* more lines: examples, context */
    struct rso_prop *props;
    size_t n_props, cap_props;
    char **hotfixes; /* suggested menu entries, best first */
    size_t n_hotfixes, cap_hotfixes;
    const char *file; /* the config line to point annotations at */
    int line;
    double seconds;
    /* Observed values, for the history store and the JSON results. */
    struct rso_prop *values;
    size_t n_values, cap_values;
    struct rso_limit *limits; /* the bounds of some of them */
    size_t n_limits, cap_limits;
};

struct rso_run_meta {
    char *config_path;
    char *commit; /* HEAD, or NULL outside git */
    char *branch;
    char *baseline_ref;
    char *baseline_commit;
    char *version;
    double started; /* epoch seconds (the --now clock) */
    double seconds; /* wall time of the run */
    char *hostname;
};

struct rso_results {
    struct rso_finding *items;
    size_t len, cap;
    struct rso_run_meta meta;
};

void results_init(struct rso_results *r);
void results_release(struct rso_results *r);

/*
 * Add a finding for check (which gives area from its kind, source, name,
 * severity and config line); area and name may override with non-NULL
 * values.  The finding starts as a pass with no message.
 */
struct rso_finding *results_add(struct rso_results *r,
                                const struct rso_check *check, const char *area,
                                const char *name);

/* Set status and the one-line message (printf format). */
void finding_set(struct rso_finding *f, enum rso_status st, const char *fmt,
                 ...) __attribute__((format(printf, 3, 4)));
void finding_detail(struct rso_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void finding_prop(struct rso_finding *f, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Record an observed value (statistic name and number). */
void finding_value(struct rso_finding *f, const char *statistic, double v);

/*
 * Say that the value recorded as statistic must stay within [*min, *max]
 * (NULL: no bound on that side), so that the gate can forecast from the
 * history when its trend will cross a bound (gate_forecast).
 */
void finding_limit(struct rso_finding *f, const char *statistic,
                   const double *min, const double *max);

/* The value recorded as statistic, or NAN. */
double finding_get_value(const struct rso_finding *f, const char *statistic);
void finding_hotfix(struct rso_finding *f, const char *entry);

/* The first finding named name (for checks that depend on others). */
const struct rso_finding *results_find(const struct rso_results *r,
                                       const char *name);

struct rso_tally {
    size_t total, passed, blocked, warned, errors, skipped;
};

void results_tally(const struct rso_results *r, struct rso_tally *out);

const char *status_name(enum rso_status s);

/*
 * Append the command that applies the finding's i-th suggested hotfix:
 * "recsysops hotfix apply ENTRY", with --item for a finding about one
 * upcoming item.
 */
void finding_fix_command(const struct rso_finding *f, size_t i,
                         struct rso_buf *out);

#endif
