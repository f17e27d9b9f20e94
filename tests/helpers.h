/*
 * helpers.h: what the tests share: temporary projects, files, running
 * the real binary and git.
 *
 * Every function aborts the test (through Criterion's cr_assert) when the
 * test's own setup fails, so a broken fixture never passes as a result.
 */
#ifndef RSO_TEST_HELPERS_H
#define RSO_TEST_HELPERS_H

#include <stddef.h>

#include "config/config.h"

struct th_run {
    int status; /* exit status, or 128 + signal */
    char *out;  /* stdout */
    char *err;  /* stderr */
};

/* A new empty folder under $TMPDIR; the caller may th_rmrf() it. */
char *th_tmpdir(void);
void th_rmrf(const char *dir);

/* Write text to dir/rel, creating the folders above it. */
void th_write(const char *dir, const char *rel, const char *text);
void th_write_bytes(const char *dir, const char *rel, const void *data,
                    size_t len);

/* The contents of dir/rel (dir may be NULL), or NULL when missing. */
char *th_read(const char *dir, const char *rel);

/*
 * Run a shell command line (printf format) in dir, stdin closed, and
 * capture its output.  Environment: as inherited, with NO_COLOR=1 and
 * GITHUB_ACTIONS removed unless the command sets it.
 */
void th_sh(struct th_run *r, const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Run the recsysops binary under test with the given arguments. */
void th_rso(struct th_run *r, const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void th_run_free(struct th_run *r);

/* Run git in dir with a fixed identity and clock; asserts success. */
void th_git(const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A data source for the reader's tests: rel under dir, in format fmt,
 * bad rows an error.  The caller frees s.resolved.
 */
struct rso_source th_source(const char *dir, const char *rel,
                            enum rso_format fmt);

/* Path of the binary under test ($RSO_BIN, else ./recsysops). */
const char *th_bin(void);

/* The source tree's root ($RSO_TOP, else "."). */
const char *th_top(void);

/* Whether haystack contains needle (NULL-safe). */
int th_has(const char *haystack, const char *needle);

#endif
