/*
 * workflow.h: whether a CI definition runs on a schedule.
 *
 * Two forms are read: a GitHub Actions workflow (YAML with an 'on:' that
 * has 'schedule:', a list of '- cron: "m h dom mon dow"'), and a
 * Jenkinsfile (a cron(...) trigger inside 'triggers' or
 * 'pipelineTriggers', outside comments).  A file named Jenkinsfile, or
 * ending in .jenkinsfile or .groovy, is read as a Jenkinsfile; any other
 * as a workflow.
 */
#ifndef RSO_WORKFLOW_H
#define RSO_WORKFLOW_H

#include "util/buf.h"

/*
 * Append the first cron schedule of the file at path to out and return
 * 0; or return a negative code with a message saying why there is none
 * (missing file, not valid YAML, no schedule, a cron line that is not
 * five fields).
 */
int workflow_schedule(const char *path, struct rso_buf *out);

/* Whether s is a cron spec of five fields (or a Jenkins @alias). */
int workflow_cron_valid(const char *s, int allow_alias);

#endif
