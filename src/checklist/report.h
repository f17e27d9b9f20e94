/*
 * report.h: a scorecard as a table for people (text), for pull requests
 * and step summaries (Markdown), and for programs (JSON).
 *
 * Each lists, per rubric test: section, test, evidence, points and why;
 * then the section sums, the final score, its band and the verdict
 * against min_score when the check sets one.
 */
#ifndef RSO_SCORE_REPORT_H
#define RSO_SCORE_REPORT_H

#include <stdio.h>

#include "checklist/checklist.h"
#include "checklist/score.h"

enum score_format { SCORE_TEXT, SCORE_MARKDOWN, SCORE_JSON };

/*
 * Parse a --format value ("text", "markdown" or "json").  Returns 0, or
 * RSO_EUSAGE naming the bad value.
 */
int score_format_parse(const char *s, enum score_format *out);

/* Write sc for the check spec to f; returns 0, or RSO_EIO. */
int score_print(FILE *f, const struct scorecard *sc,
                const struct checklist_check *spec, enum score_format fmt);

/* Whether sc is below the check's min_score. */
int score_below(const struct scorecard *sc, const struct checklist_check *spec);

#endif
