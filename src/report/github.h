/*
 * github.h: GitHub Actions output: annotations on the config lines of
 * failing checks, and a Markdown step summary.
 */
#ifndef RSO_GITHUB_H
#define RSO_GITHUB_H

#include <stdio.h>

#include "report/results.h"
#include "util/buf.h"

#define GITHUB_MAX_ANNOTATIONS 10
#define GITHUB_MAX_SUMMARY (1024 * 1024 - 1)

/* Escape a workflow command's message: %, CR and LF. */
void github_escape_data(struct rso_buf *out, const char *s);

/* Escape a workflow command's property: also ':' and ','. */
void github_escape_property(struct rso_buf *out, const char *s);

/*
 * The path GitHub should show for a finding's file: its path from the
 * repository root, which is what the runner matches.  Writes it to out
 * and returns it, or returns NULL to name no file.
 */
typedef const char *(*github_path_fn)(void *ctx, const char *file,
                                      struct rso_buf *out);

/*
 * Print ::error (blocking failures and checks that could not run) and
 * ::warning (warnings) commands to f, at most GITHUB_MAX_ANNOTATIONS of
 * each, then a ::notice counting the rest.  Each finding's file (the
 * config, a checklist, a metrics file) goes through path (NULL: as it
 * is).  Returns the number of annotations printed.
 */
int github_annotate(FILE *f, const struct rso_results *r, github_path_fn path,
                    void *ctx);

/* The step summary in Markdown, verdict first, under 1 MiB. */
void summary_markdown(const struct rso_results *r, struct rso_buf *out);

/*
 * Append the summary to the file $GITHUB_STEP_SUMMARY names.  Returns 0,
 * or RSO_EIO with a message.
 */
int github_write_summary(const char *path, const struct rso_results *r);

#endif
