/*
 * xunit.h: read the JUnit XML reports that other test suites write.
 *
 * The dialects of pytest, JUnit 4/5, Maven Surefire, Jest and PHPUnit are
 * read alike: a <testsuites> or <testsuite> root, suites nested to any
 * depth, and <testcase> elements whose <failure>, <error> or <skipped>
 * child gives the outcome (none: passed; Surefire's <flakyFailure> alone
 * is a pass on rerun).  Attributes may be missing.
 *
 * The reader opens the file at path itself, and nothing else: libxml2
 * sees only its bytes, so that no name is taken for a URL, for standard
 * input or for a gzip stream.  The parser never touches the network and
 * never expands entities: a document with a DOCTYPE is refused before its
 * declarations are read, so that neither an external entity nor an
 * entity bomb can take effect.
 *
 * A struct xunit owns its cases and their strings; xunit_release() frees
 * them and leaves it empty.
 */
#ifndef RSO_XUNIT_H
#define RSO_XUNIT_H

#include <stddef.h>

enum xunit_status { XU_PASS, XU_FAIL, XU_ERROR, XU_SKIP };

struct xunit_case {
    char *classname; /* "" when missing */
    char *name;      /* "" when missing */
    enum xunit_status status;
    char *message; /* the failure's message attribute, or NULL */
};

struct xunit {
    struct xunit_case *cases;
    size_t len, cap;
};

/* clang-format would split this braced macro over four lines. */
/* clang-format off */
#define XUNIT_INIT {NULL, 0, 0}
/* clang-format on */

/*
 * Append the test cases of the report at path to x.  Returns 0, or
 * RSO_EDATA with a message naming path (and the line of malformed XML)
 * and leaves x as it was.
 */
int xunit_read(struct xunit *x, const char *path);

void xunit_release(struct xunit *x);

/*
 * Whether pattern (a glob) matches the case: its name, or its classname
 * and name joined by a dot.
 */
int xunit_case_matches(const struct xunit_case *c, const char *pattern);

#endif
