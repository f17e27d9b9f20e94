/*
 * junit.h: the JUnit XML report that CI systems read to block a deploy.
 *
 * One <testsuite> per area, one <testcase> per finding.  The default
 * profile adds file and line (the check's line in the config) for
 * GitHub's reporters; the strict profile validates against the Jenkins
 * xunit and the Ant JUnit schemas.  All text is valid UTF-8 holding only
 * XML 1.0 characters, whatever the data held.
 */
#ifndef RSO_JUNIT_H
#define RSO_JUNIT_H

#include "report/results.h"
#include "util/buf.h"

enum junit_profile { JUNIT_DEFAULT, JUNIT_STRICT };

/* Render the results as a JUnit document into out. */
void junit_render(const struct rso_results *r, enum junit_profile profile,
                  struct rso_buf *out);

/*
 * Render and write atomically to path.  Returns 0, or RSO_EIO with a
 * message (the old file, if any, is left in place).
 */
int junit_write(const struct rso_results *r, enum junit_profile profile,
                const char *path);

#endif
