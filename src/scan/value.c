#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scan/value.h"
#include "util/units.h"

static const char *const default_nulls[] = {"NA",  "null", "NULL", "NaN",
                                            "nan", "N/A",  NULL};

int value_null_listed(const struct rso_source *src, const char *s, size_t n)
{
    const char *const *nulls = src && src->null_values
                                   ? (const char *const *)src->null_values
                                   : default_nulls;

    if (n == 0)
        return 1;
    for (; *nulls; nulls++)
        if ((*nulls)[0] == s[0] && strlen(*nulls) == n && !memcmp(*nulls, s, n))
            return 1;
    return 0;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

static void trim_blanks(const char **s, size_t *n)
{
    if (!blank(**s) && !blank((*s)[*n - 1]))
        return;
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/*
 * Blanks are all at or below ' ': most fields need a test per end, and
 * that much is worth inlining into every parser.
 */
static inline void trim(const char **s, size_t *n)
{
    if (*n && ((unsigned char)**s <= ' ' || (unsigned char)(*s)[*n - 1] <= ' '))
        trim_blanks(s, n);
}

int value_number(const char *s, size_t n, double *out)
{
    char tmp[128];
    char *end;
    double v;

    trim(&s, &n);
    if (n == 0)
        return VALUE_BAD;
    if (value_decimal(s, n, out) == 0)
        return 0;
    if (n >= sizeof(tmp))
        return VALUE_BAD;
    /* Words: only inf, infinity and nan (any case, signed) are numbers. */
    {
        const char *w = s + (s[0] == '-' || s[0] == '+');
        size_t m = n - (size_t)(w - s);

        /* isalpha in the C locale; a lone sign has no *w to read. */
        if (m && (unsigned)((*w | 0x20) - 'a') < 26) {
            int neg = s[0] == '-';

            if ((*w | 0x20) != 'i' && (*w | 0x20) != 'n')
                return VALUE_BAD;

            if ((m == 3 && !strncasecmp(w, "inf", 3)) ||
                (m == 8 && !strncasecmp(w, "infinity", 8)))
                *out = neg ? -INFINITY : INFINITY;
            else if (m == 3 && !strncasecmp(w, "nan", 3))
                *out = NAN;
            else
                return VALUE_BAD;
            return 0;
        }
    }
    /* strtod also reads hex floats; data files mean decimal. */
    for (size_t i = 0; i < n; i++)
        if (s[i] == 'x' || s[i] == 'X')
            return VALUE_BAD;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    errno = 0;
    v = strtod(tmp, &end);
    if (*end || end == tmp)
        return VALUE_BAD;
    if (errno == ERANGE && isinf(v))
        return VALUE_OVERFLOW;
    *out = v;
    return 0;
}

int value_int(const char *s, size_t n, long long *out)
{
    char tmp[32];
    char *end;
    long long v;

    trim(&s, &n);
    if (n == 0)
        return VALUE_BAD;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]) &&
            !(i == 0 && (s[i] == '-' || s[i] == '+')))
            return VALUE_BAD;
    if (n >= sizeof(tmp))
        return VALUE_OVERFLOW;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    errno = 0;
    v = strtoll(tmp, &end, 10);
    if (*end || end == tmp)
        return VALUE_BAD;
    if (errno == ERANGE)
        return VALUE_OVERFLOW;
    *out = v;
    return 0;
}

int value_bool(const char *s, size_t n, int *out)
{
    static const char *const yes[] = {"true", "yes", "t", "y", "1", NULL};
    static const char *const no[] = {"false", "no", "f", "n", "0", NULL};

    trim(&s, &n);
    for (int i = 0; yes[i]; i++) {
        if (strlen(yes[i]) == n && !strncasecmp(yes[i], s, n)) {
            *out = 1;
            return 0;
        }
        if (strlen(no[i]) == n && !strncasecmp(no[i], s, n)) {
            *out = 0;
            return 0;
        }
    }
    return VALUE_BAD;
}

int value_timestamp(const char *s, size_t n, double *out)
{
    char tmp[64];
    double v;
    int rc;

    trim(&s, &n);
    if (n == 0 || n >= sizeof(tmp))
        return VALUE_BAD;
    if (n >= 10 && s[4] == '-') {
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        return units_timestamp(tmp, out) == 0 ? 0 : VALUE_BAD;
    }
    if ((rc = value_number(s, n, &v)) < 0)
        return rc;
    if (!isfinite(v))
        return VALUE_BAD;
    *out = value_epoch_seconds(v);
    return 0;
}

int value_check(enum rso_type t, const char *s, size_t n)
{
    long long i;
    double d;
    int b;

    switch (t) {
    case RSO_TYPE_INT:
        return value_int(s, n, &i);
    case RSO_TYPE_FLOAT:
        return value_number(s, n, &d);
    case RSO_TYPE_BOOL:
        return value_bool(s, n, &b);
    case RSO_TYPE_TIMESTAMP:
        return value_timestamp(s, n, &d);
    default:
        return 0;
    }
}

/* Length of the UTF-8 sequence starting at p (at most n bytes), 0 if bad. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len;
    uint32_t cp;

    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

size_t value_utf8_bad(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;

            memcpy(&w, p + i, 8);
            /* Eight ASCII bytes, none of them NUL. */
            if (!(w & 0x8080808080808080ULL) &&
                !((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        if (p[i] == 0)
            return i;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = utf8_seq(p + i, n - i);

        if (!len)
            return i;
        i += len;
    }
    return n;
}
