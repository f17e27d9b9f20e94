/*
 * value.h: reading one field's text as a typed value.
 *
 * Every parser takes the field as pointer and length (not NUL-terminated)
 * and reads the whole field, surrounding blanks allowed.  Each returns 0
 * and sets *out, VALUE_BAD when the text is not of the type, or
 * VALUE_OVERFLOW when it is a number too large for the type.
 */
#ifndef RSO_VALUE_H
#define RSO_VALUE_H

#include <stddef.h>

#include "config/config.h"

enum { VALUE_BAD = -1, VALUE_OVERFLOW = -2 };

/* value_is_null() past its inline tests. */
int value_null_listed(const struct rso_source *src, const char *s, size_t n);

/*
 * Whether the field is null for src: empty, or one of its null_values
 * (by default NA, null, NULL, NaN, nan and N/A).  Every field of a scan
 * asks, so most answers come from here without a call: every default
 * starts with N or n and is at most 4 bytes long.
 */
static inline int value_is_null(const struct rso_source *src, const char *s,
                                size_t n)
{
    if (n == 0)
        return 1;
    if ((!src || !src->null_values) && (n > 4 || (s[0] | 0x20) != 'n'))
        return 0;
    return value_null_listed(src, s, n);
}

/*
 * A decimal number.  *out may be NaN or an infinity when the text says so
 * ("nan", "inf"); hexadecimal is refused.
 */
int value_number(const char *s, size_t n, double *out);

/* A decimal integer that fits in 64 bits. */
int value_int(const char *s, size_t n, long long *out);

/* true/false, yes/no, t/f, y/n, 1/0 (any case). */
int value_bool(const char *s, size_t n, int *out);

/*
 * A timestamp as epoch seconds (UTC): ISO 8601 ("2026-11-01",
 * "2026-11-01T06:00:00Z", "...+02:00", "2026-11-01 06:00:00"; no zone
 * means UTC), or an epoch number: seconds, or milliseconds when its
 * magnitude is 1e11 or more (after 5138 as seconds, 1973 as ms).
 */
int value_timestamp(const char *s, size_t n, double *out);

/* Parse the field as type t (auto and string always succeed). */
int value_check(enum rso_type t, const char *s, size_t n);

/*
 * The offset of the first byte of s that is not valid UTF-8 (or is a NUL
 * byte), or n when all of it is valid.
 */
size_t value_utf8_bad(const char *s, size_t n);

#endif
