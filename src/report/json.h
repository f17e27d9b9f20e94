/*
 * json.h: the gate's results as JSON, for 'recsysops hotfix suggest' and
 * for other tools.
 */
#ifndef RSO_REPORT_JSON_H
#define RSO_REPORT_JSON_H

#include "report/results.h"
#include "util/buf.h"

void json_render(const struct rso_results *r, struct rso_buf *out);

/* Render and write atomically; 0 or RSO_EIO. */
int json_write(const struct rso_results *r, const char *path);

#endif
