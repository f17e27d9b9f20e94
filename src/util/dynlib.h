/*
 * dynlib.h: libraries opened on first use.
 *
 * Some libraries are needed by few runs but cost every run at start
 * (XGBoost's C++ set-up, libpq's TLS and Kerberos stack).  Their modules
 * keep a table of function pointers typed from the library's own header
 * and fill it through these helpers the first time they are used.
 */
#ifndef RSO_DYNLIB_H
#define RSO_DYNLIB_H

#include <stddef.h>

/*
 * Open the first of names (NULL-terminated) that loads.  Returns the
 * handle, or NULL after writing the loader's reason to why.
 */
void *dynlib_open(const char *const *names, char *why, size_t why_len);

/*
 * Resolve symbol in lib into *slot.  Returns 0, or -1 after writing to
 * why that the library lacks it (library names it in the message).
 */
int dynlib_symbol(void *lib, const char *library, const char *symbol,
                  void **slot, char *why, size_t why_len);

/* A library's loading, tried once; a zeroed struct has not been tried. */
struct dynlib_once {
    int state; /* 0 not tried, 1 loaded, -1 failed */
    char why[512];
};

/*
 * Run load the first time (it fills its table, or writes why it could
 * not to why and returns -1).  Returns 0 once loaded, else RSO_EDATA with
 * the reason as the message, on every call.
 */
int dynlib_once(struct dynlib_once *once, int (*load)(char *why, size_t len));

#endif
