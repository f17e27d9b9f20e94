/*
 * err.h: one error path for the whole program.
 *
 * A function that fails records one message with rso_fail() and returns
 * the negative code it was given; its callers pass the code up without
 * adding a second message.  main() prints the message once and maps the
 * code to an exit status (see rso_exit_code()).
 */
#ifndef RSO_ERR_H
#define RSO_ERR_H

enum {
    RSO_OK = 0,
    RSO_EUSAGE = -2, /* bad command line or config: nothing was checked */
    RSO_EDATA = -3,  /* data missing or unreadable: a check cannot run */
    RSO_EIO = -4,    /* an output could not be written */
    RSO_EINTERNAL = -5
};

/* Exit codes of the binary, as the design fixes them. */
enum {
    RSO_EXIT_PASS = 0,
    RSO_EXIT_BLOCK = 1,
    RSO_EXIT_USAGE = 2,
    RSO_EXIT_DATA = 3
};

/*
 * Record a message (printf format) as the last error and return code.
 * A later rso_fail() replaces the message.
 */
int rso_fail(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The last recorded message, or "" when none was recorded. */
const char *rso_errmsg(void);

/* The last recorded code, 0 when none. */
int rso_errcode(void);

/* Forget the last error. */
void rso_err_clear(void);

/*
 * The exit status for a negative code: usage errors exit 2, data and
 * output errors exit 3.
 */
int rso_exit_code(int code);

#endif
