#include <stdarg.h>
#include <stdio.h>

#include "util/err.h"

/* Per thread: a parallel scan records errors on two threads. */
static _Thread_local char last_msg[2048];
static _Thread_local int last_code;

int rso_fail(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
    va_end(ap);
    last_code = code;
    return code;
}

const char *rso_errmsg(void)
{
    return last_msg;
}

int rso_errcode(void)
{
    return last_code;
}

void rso_err_clear(void)
{
    last_msg[0] = '\0';
    last_code = 0;
}

int rso_exit_code(int code)
{
    switch (code) {
    case RSO_OK:
        return RSO_EXIT_PASS;
    case RSO_EUSAGE:
        return RSO_EXIT_USAGE;
    default:
        return RSO_EXIT_DATA;
    }
}
