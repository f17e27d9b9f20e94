#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scan/value.h"

static const char *const default_nulls[] = {"NA", "null", "NULL", "NaN",
                                            "nan", "N/A", NULL};

int value_is_null(const struct rso_source *src, const char *s, size_t n)
{
    const char *const *nulls = src && src->null_values
                                   ? (const char *const *)src->null_values
                                   : default_nulls;

    if (n == 0)
        return 1;
    for (; *nulls; nulls++)
        if (strlen(*nulls) == n && !memcmp(*nulls, s, n))
            return 1;
    return 0;
}

int value_number(const char *s, size_t n, double *out)
{
    char tmp[128];
    char *end;
    double v;

    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0 || n >= sizeof(tmp))
        return -1;
    /* strtod also reads hex floats; data files mean decimal. */
    if (n > 1 && (s[1] == 'x' || s[1] == 'X' ||
                  (n > 2 && (s[2] == 'x' || s[2] == 'X'))))
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    errno = 0;
    v = strtod(tmp, &end);
    if (*end || end == tmp)
        return -1;
    if (errno == ERANGE && isinf(v))
        return -1;
    *out = v;
    return 0;
}
