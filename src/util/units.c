#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/units.h"

int units_number(const char *s, double *out)
{
    char *end;
    double v;

    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return -1;
    errno = 0;
    v = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (*end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int units_duration(const char *s, double *out_seconds)
{
    char *end;
    double v, mult = 1;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v) || v < 0)
        return -1;
    switch (*end) {
    case '\0':
        break;
    case 's':
        break;
    case 'm':
        mult = 60;
        break;
    case 'h':
        mult = 3600;
        break;
    case 'd':
        mult = 86400;
        break;
    case 'w':
        mult = 7 * 86400;
        break;
    default:
        return -1;
    }
    if (*end && end[1])
        return -1;
    *out_seconds = v * mult;
    return 0;
}

int units_fraction(const char *s, int allow_bare, double *out)
{
    size_t n = strlen(s);
    char tmp[64];
    double v;

    if (n == 0 || n >= sizeof(tmp))
        return -1;
    if (s[n - 1] == '%') {
        memcpy(tmp, s, n - 1);
        tmp[n - 1] = '\0';
        if (units_number(tmp, &v) < 0 || v < 0)
            return -1;
        *out = v / 100.0;
        return 0;
    }
    if (!allow_bare || units_number(s, &v) < 0 || v < 0)
        return -1;
    *out = v;
    return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    long era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 ? 28 + leap : dm[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int units_timestamp(const char *s, double *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, zh = 0, zm = 0, sign = 1;
    double frac = 0, v;
    const char *p = s;

    if (strlen(s) < 10 || s[4] != '-' || s[7] != '-') {
        /* Epoch seconds (milliseconds are the data readers' business). */
        if (units_number(s, &v) < 0)
            return -1;
        *out = v;
        return 0;
    }
    if (digits(p, 4, &y) || digits(p + 5, 2, &mo) || digits(p + 8, 2, &d))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return -1;
    p += 10;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        if (strlen(p) < 6 || p[3] != ':' || digits(p + 1, 2, &h) ||
            digits(p + 4, 2, &mi))
            return -1;
        p += 6;
        if (*p == ':') {
            if (digits(p + 1, 2, &sec))
                return -1;
            p += 3;
            if (*p == '.' || *p == ',') {
                double scale = 0.1;

                for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
                    frac += (*p - '0') * scale;
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return -1;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p == '-' ? -1 : 1;
            if (digits(p + 1, 2, &zh))
                return -1;
            p += 3;
            if (*p == ':')
                p++;
            if (*p && digits(p, 2, &zm))
                return -1;
            if (*p)
                p += 2;
        }
    }
    if (*p)
        return -1;
    *out = (double)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400.0 +
           h * 3600.0 + mi * 60.0 + sec + frac -
           sign * (zh * 3600.0 + zm * 60.0);
    return 0;
}

void units_format_time(char out[32], double t, int zone)
{
    time_t tt = (time_t)floor(t);
    struct tm tm;

    gmtime_r(&tt, &tm);
    strftime(out, 32, zone ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &tm);
}

void units_format_duration(char out[32], double s)
{
    const char *sign = s < 0 ? "-" : "";
    double a = fabs(s);

    if (a >= 86400)
        snprintf(out, 32, "%s%.0fd %.0fh", sign, floor(a / 86400),
                 floor(fmod(a, 86400) / 3600));
    else if (a >= 3600)
        snprintf(out, 32, "%s%.0fh %.0fm", sign, floor(a / 3600),
                 floor(fmod(a, 3600) / 60));
    else if (a >= 60)
        snprintf(out, 32, "%s%.0fm", sign, floor(a / 60));
    else
        snprintf(out, 32, "%s%.0fs", sign, a);
}
