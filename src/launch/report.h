/*
 * report.h: a forecast as text, JSON or CSV, and as the failure text of
 * a gate finding.
 *
 * Numbers are printed with fixed precision so that the same forecast
 * gives the same bytes.  Writers return 0, or RSO_EIO when the stream
 * failed.
 */
#ifndef RSO_LAUNCH_REPORT_H
#define RSO_LAUNCH_REPORT_H

#include <stdio.h>

#include "launch/forecast.h"
#include "util/buf.h"

int launch_write_text(FILE *out, const struct launch_forecast *f);
int launch_write_json(FILE *out, const struct launch_forecast *f);
int launch_write_csv(FILE *out, const struct launch_forecast *f);

/* One line: "language (missing) x0.31, likely a data problem: ...". */
void launch_reason(struct rso_buf *b, const struct launch_forecast *f,
                   const struct launch_pred *p, const struct launch_reason *r);

/*
 * The details of one item: prediction, interval, threshold, reasons,
 * comparable launches and suggested fixes, one per line.
 */
void launch_describe(struct rso_buf *b, const struct launch_forecast *f,
                     const struct launch_pred *p);

/* "day1_impressions below 1234 (p10 of history)". */
void launch_rule(struct rso_buf *b, const struct launch_forecast *f,
                 double threshold);

#endif
