/*
 * gate.h: the stages of a gate, in the order only the gate command
 * knows: prepare (clock, git facts, baseline), plan, scan, evaluate,
 * suggest.  Reports are written from the results afterwards.
 *
 * gate_release() frees what the run holds; the config and the results
 * stay the caller's.
 */
#ifndef RSO_GATE_H
#define RSO_GATE_H

#include "check/check.h"
#include "cli/cli.h"

/*
 * Fill the run and the results' metadata: the clock, the repository (if
 * any), HEAD and the baseline commit.  Never fails: a missing repository
 * or baseline is recorded for the checks that need it to report.
 */
void gate_prepare(struct rso_run *run, const struct rso_config *cfg,
                  const struct rso_opts *opts, struct rso_results *res);

/* Ask the scan for what every selected check needs. */
void gate_plan(struct rso_run *run);

/* Read every planned source once. */
void gate_scan(struct rso_run *run);

/*
 * Evaluate every check: selected ones add findings, the others a
 * skipped finding.  Late kinds run last, seeing the others' findings.
 */
void gate_evaluate(struct rso_run *run);

/* Attach suggested hotfixes to every failing finding. */
void gate_suggest(struct rso_run *run);

void gate_release(struct rso_run *run);

/*
 * The exit status for the results: 1 when a blocking check failed (or a
 * warning with fail_on_warn), else 3 when a check could not run, else 0.
 */
int gate_exit_code(const struct rso_results *r, int fail_on_warn);

#endif
