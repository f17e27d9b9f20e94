/*
 * score.h: the score of a checklist against its rubric, as the ML Test
 * Score defines it.
 *
 * Each test earns the points of its verified evidence: 1 for automated
 * evidence, 0.5 for a manual attestation still in force, 0 when the
 * evidence does not verify or none is claimed.  A section's score is the
 * sum over its tests; the final score is the minimum over the sections
 * (a system is as ready as its weakest part); the band names what the
 * final score means.  Sums of halves are exact in binary floating point,
 * so the band boundaries compare exactly.
 *
 * A scorecard owns its rows' verdicts and its sums; it borrows the rubric
 * and the checklist, which must outlive it.
 */
#ifndef RSO_SCORE_H
#define RSO_SCORE_H

#include <stddef.h>

#include "checklist/checklist.h"
#include "checklist/evidence.h"
#include "checklist/rubric.h"

struct score_row {
    const struct rubric_test *test;
    const struct checklist_entry *entry; /* NULL: nothing claimed */
    struct verdict v;                    /* zeroed when nothing claimed */
};

struct scorecard {
    const struct rubric *rubric;
    struct score_row *rows; /* one per rubric test, in rubric order */
    size_t n_rows;
    double *sums;   /* one per section */
    double final;   /* the minimum of sums */
    size_t weakest; /* the section with the minimum (the first) */
    const struct rubric_band *band;
};

/* Verify every claimed test of cl in ctx and compute the totals. */
void score_compute(struct scorecard *out, const struct rubric *r,
                   const struct checklist *cl, const struct ev_context *ctx);

/*
 * Set up rows for r with no evidence and zero points; score_totals() then
 * computes sums, final and band from whatever points the rows hold.
 */
void score_init(struct scorecard *out, const struct rubric *r);
void score_totals(struct scorecard *sc);

void score_release(struct scorecard *sc);

#endif
