/*
 * html.h: a self-contained HTML report (no external files, no scripts)
 * for people: the verdict, a chart of outcomes per area, and every
 * finding with its details and suggested hotfixes.
 */
#ifndef RSO_HTML_H
#define RSO_HTML_H

#include "report/results.h"
#include "util/buf.h"

void html_render(const struct rso_results *r, const char *project,
                 struct rso_buf *out);

/* Render and write atomically; 0 or RSO_EIO. */
int html_write(const struct rso_results *r, const char *project,
               const char *path);

#endif
