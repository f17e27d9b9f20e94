/*
 * compare.h: thresholds against what was accepted before, shared by the
 * kinds that observe one number (metric, rows).
 *
 * A kind reads its own keys plus compare_keys (max_drop, max_rise,
 * higher_is_better, vs, window, strategy, k, min_runs, horizon) with
 * compare_parse(), judges its absolute thresholds, then calls
 * compare_eval() with the observed value.  compare_eval() compares it
 * with the baseline commit or the history store as the spec says, and
 * forecasts, for a value with history, when it will cross the kind's
 * min or max: a predicted crossing within the horizon adds a warning
 * finding named "<check id>.forecast".
 */
#ifndef RSO_COMPARE_H
#define RSO_COMPARE_H

#include "check/check.h"
#include "stats/series.h"

enum compare_vs { COMPARE_NONE, COMPARE_BASELINE, COMPARE_HISTORY };

struct compare_spec {
    enum compare_vs vs;
    double max_drop, max_rise; /* absolute, or a fraction when _rel */
    int has_drop, has_rise, drop_rel, rise_rel;
    int higher_is_better;          /* default 1 */
    long long window_runs;         /* the newest N earlier runs, or 0 */
    double window_span;            /* runs within this many seconds, or 0 */
    const char *window_as_written; /* "14d", borrowed from the config */
    enum series_strategy strategy;
    double k;           /* z limit for mad, sd, holt-winters */
    long long min_runs; /* fewer earlier values: skipped */
    long long horizon;  /* forecast runs ahead; 0: no forecast */
    /* The kind's absolute thresholds, for the forecast. */
    double min, max;
    int has_min, has_max;
};

/* The keys compare_parse() reads, NULL-terminated. */
extern const char *const compare_keys[];

/*
 * Check spec's keys against kind_keys plus compare_keys, then read the
 * compare keys into out.  default_vs applies when max_drop or max_rise is
 * given without vs (COMPARE_NONE: then vs is required).  Returns 0 or
 * RSO_EUSAGE with a positioned message.
 */
int compare_parse(const struct rso_check *c, const struct ynode *spec,
                  const char *const *kind_keys, enum compare_vs default_vs,
                  struct compare_spec *out);

/*
 * The value at the baseline commit, read by the kind.  Returns 0, or a
 * code with a message: RSO_GIT_SHALLOW/RSO_GIT_NOTFOUND (positive) for no
 * baseline, negative when the baseline's file cannot be read.
 */
typedef int (*compare_baseline_fn)(struct rso_check *c, struct rso_run *run,
                                   double *out);

/*
 * Compare v (the kind's statistic, as recorded) per s, updating f: a
 * regression beyond the limits fails it; a comparison that cannot be
 * made skips it (an error for a baseline with --require-baseline) unless
 * it failed already.  May add a forecast finding, so f must not be used
 * by the caller afterwards.
 */
void compare_eval(struct rso_check *c, struct rso_run *run,
                  struct rso_finding *f, const char *statistic, double v,
                  const struct compare_spec *s, compare_baseline_fn at_base);

/* Runs ahead a forecast looks when the check does not say (horizon). */
#define COMPARE_HORIZON 10

/*
 * The forecast alone, for kinds that keep their own thresholds: when
 * the history of (name, statistic) and v cross s->min or s->max within
 * s->horizon runs, add a warning finding "<name>.forecast" for check c.
 * Only s's min, max and horizon are read.
 */
void compare_forecast(const struct rso_check *c, struct rso_run *run,
                      const char *name, const char *statistic, double v,
                      const struct compare_spec *s);

/* v with thousands separators when it is a whole number: "1,000,000". */
const char *compare_fmt(char buf[48], double v);

#endif
