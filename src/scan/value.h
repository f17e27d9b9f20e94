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
#include <stdint.h>

#include "config/config.h"
#include "util/word.h"

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

/* The digits from *p on, read into *m; returns how many. */
static inline size_t value_digits(const char **p, const char *end, uint64_t *m)
{
    const char *s = *p;

    for (; *p < end && (unsigned char)(**p - '0') < 10; (*p)++)
        *m = *m * 10 + (uint64_t)(**p - '0');
    return (size_t)(*p - s);
}

/*
 * value_number()'s fast path, inline for the scan: a plain decimal
 * ("-123.45", no blanks, no exponent, at most 15 digits), read exactly.
 * Returns 0 with *out set, or -1 for anything else.
 */
static inline int value_decimal(const char *s, size_t n, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
                                   1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15};
    const char *p = s, *end = s + n;
    uint64_t m = 0;
    size_t digits, frac = 0;
    int neg = 0;

    if (n == 0 || n > 17)
        return -1;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    digits = value_digits(&p, end, &m);
    if (p < end && *p == '.') {
        p++;
        frac = value_digits(&p, end, &m);
        digits += frac;
    }
    if (p != end || !digits || digits > 15)
        return -1;
    /* m < 1e15 and frac <= 15: one correctly rounded division, and
       none for integers (a division by 1 is exact). */
    *out = neg ? -(double)m : (double)m;
    if (frac)
        *out /= pow10[frac];
    return 0;
}

/*
 * The number spelled by the digits in the top bytes of y, whose other
 * bytes are zero (leading zeros, as it were), when the bytes of mask
 * 0x33 are exactly the digits; else -1.  A byte is a digit when its high
 * nibble is 3, and still 3 after adding 6 (a carry out of a byte only
 * comes from one that fails itself).  The digits are then combined
 * pairwise by multiplication: two in each 16 bits, four in each 32, then
 * eight.
 */
static inline int64_t value_digits_top(uint64_t y, uint64_t mask)
{
    const uint64_t hi = 0xF0F0F0F0F0F0F0F0ULL;

    if (((y & hi) | ((y + 0x0606060606060606ULL) & hi) >> 4) != mask)
        return -1;
    y = (y & 0x0F0F0F0F0F0F0F0FULL) * (10 << 8 | 1) >> 8;
    y = (y & 0x00FF00FF00FF00FFULL) * (100 << 16 | 1) >> 16;
    return (int64_t)((y & 0x0000FFFF0000FFFFULL) * (10000ULL << 32 | 1) >> 32);
}

/* The first k (1 to 8) bytes of x as digits: value_digits_top(). */
static inline int64_t value_digits8(uint64_t x, unsigned k)
{
    const unsigned shift = (8 - k) * 8;

    return value_digits_top(x << shift, 0x3333333333333333ULL << shift);
}

/*
 * value_decimal() for a field whose first 8 bytes may be read whatever
 * n (the bytes past the field are ignored).  Up to 8 bytes of digits
 * with at most one point, or 9 to 15 digits, are read a word at a time,
 * without a branch per digit; anything else goes to value_decimal().
 * The result is value_decimal()'s for every text.
 */
static inline int value_decimal_padded(const char *s, size_t n, double *out)
{
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
    int64_t m;

    if (n - 1 < 8) {
        /* The field moved to the top of the word: the bytes past it
           drop out, and zeros come in below. */
        const unsigned shift = (8 - (unsigned)n) * 8;
        uint64_t y = word_load8(s) << shift;
        uint64_t mask = 0x3333333333333333ULL << shift;
        uint64_t dots = y ^ 0x2E2E2E2E2E2E2E2EULL;
        unsigned frac = 0;

        /* The first '.' is the lowest zero byte of y ^ '.' (higher
           ones may be false, and are then not digits anyway). */
        dots = (dots - 0x0101010101010101ULL) & ~dots & 0x8080808080808080ULL;
        if (dots) {
            const unsigned at = (unsigned)__builtin_ctzll(dots) / 8;
            const uint64_t below = (1ULL << 8 * at) - 1;

            if (n == 1)
                return value_decimal(s, n, out); /* "." alone */
            /* The bytes before the point move up over it. */
            y = (y & below) << 8 | (y & ~0ULL << 8 * at << 8);
            mask <<= 8;
            frac = 7 - at;
        }
        if ((m = value_digits_top(y, mask)) < 0)
            return value_decimal(s, n, out);
        *out = (double)m;
        if (frac)
            *out /= pow10[frac];
        return 0;
    }
    if (n - 9 < 7) {
        /* 9 to 15 digits: the first n - 8, then eight. */
        int64_t lo;

        if ((m = value_digits8(word_load8(s), (unsigned)n - 8)) < 0 ||
            (lo = value_digits8(word_load8(s + n - 8), 8)) < 0)
            return value_decimal(s, n, out);
        *out = (double)(m * 100000000 + lo);
        return 0;
    }
    return value_decimal(s, n, out);
}

/* An epoch number as seconds: milliseconds from 1e11 on (see below). */
static inline double value_epoch_seconds(double v)
{
    return v >= 1e11 || v <= -1e11 ? v / 1000.0 : v;
}

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
