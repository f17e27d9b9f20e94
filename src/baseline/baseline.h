/*
 * baseline.h: files as they were at the baseline commit (the merge-base
 * of HEAD and the baseline ref, found by gate_prepare), read from the
 * object database: no checkout, the working tree is never touched.
 *
 * Any kind that compares with the baseline uses these, so that every
 * check explains a missing baseline the same way: skipped, never passed,
 * with how to get the history in a shallow clone; an error instead with
 * --require-baseline.
 */
#ifndef RSO_BASELINE_H
#define RSO_BASELINE_H

#include "check/check.h"
#include "util/buf.h"

/*
 * Append to out the content of path (as the config resolves it: relative
 * to the current folder, or absolute) at the baseline commit.  Returns 0;
 * RSO_GIT_SHALLOW or RSO_GIT_NOTFOUND (positive) with a message starting
 * "no baseline: " when there is no baseline commit or the file is not in
 * it; a negative code with a message when git fails.  out is unchanged
 * unless 0 is returned.
 */
int baseline_read_file(struct rso_run *run, const char *path,
                       struct rso_buf *out);

/*
 * Mark f as unable to compare with the baseline, with the message of the
 * last baseline_read_file() (or other "no baseline" failure): skipped,
 * or an error with --require-baseline.  A finding that already failed
 * keeps its failure and gets the message as a detail.
 */
void baseline_unavailable(struct rso_run *run, struct rso_finding *f);

/*
 * The number of data rows of src's file as committed at the baseline
 * (read through a temporary copy, removed before returning).  Returns
 * as baseline_read_file() does; a file that cannot be parsed is a
 * negative code.
 */
int baseline_count_rows(struct rso_run *run, const struct rso_source *src,
                        double *out);

/* "origin/main (1a2b3c4)" for messages; a static buffer. */
const char *baseline_name(const struct rso_run *run);

#endif
