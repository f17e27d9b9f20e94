/*
 * Field values: the fast paths of value.c (plain decimals, blanks at the
 * edges, the default null words) must say what the general ones say.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "scan/value.h"

/* value_number(text) must be strtod(text), to the bit. */
static void expect_strtod(const char *text)
{
    double got, want = strtod(text, NULL);

    cr_assert_eq(value_number(text, strlen(text), &got), 0, "'%s'", text);
    cr_assert(!memcmp(&got, &want, sizeof(got)), "'%s': %.17g, not %.17g", text,
              got, want);
}

Test(value, plain_decimals_round_as_strtod)
{
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    char text[40];

    for (int round = 0; round < 200000; round++) {
        int digits, dot, len = 0;

        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        digits = 1 + (int)(x % 17); /* 16 and 17 digits take strtod */
        dot = (int)(x >> 8) % (digits + 2) - 1; /* -1: none */
        if (x >> 20 & 1)
            text[len++] = x >> 21 & 1 ? '-' : '+';
        for (int i = 0; i < digits; i++) {
            if (i == dot)
                text[len++] = '.';
            text[len++] = (char)('0' + (x >> (24 + i * 2 % 36)) % 10);
        }
        if (dot == digits)
            text[len++] = '.';
        text[len] = '\0';
        expect_strtod(text);
    }
}

Test(value, decimal_edges)
{
    static const char *const good[] = {"5.",
                                       ".5",
                                       "-0",
                                       "+0",
                                       "-0.0",
                                       "0.000000000000001",
                                       "999999999999999",
                                       "99999999999999.9",
                                       "9999999999999999",
                                       "0.1",
                                       "0.3",
                                       "-123.45",
                                       "1e5",
                                       "1E-3",
                                       "00000000000000001",
                                       "123456789012345678",
                                       NULL};
    static const char *const bad[] = {".",
                                      "-",
                                      "+",
                                      "",
                                      "1.2.3",
                                      "--1",
                                      "+-1",
                                      "1-",
                                      "1 2",
                                      "0x1",
                                      "1,5",
                                      "\x01"
                                      "1",
                                      NULL};
    double v;

    for (int i = 0; good[i]; i++)
        expect_strtod(good[i]);
    for (int i = 0; bad[i]; i++)
        cr_assert_eq(value_number(bad[i], strlen(bad[i]), &v), VALUE_BAD,
                     "'%s'", bad[i]);
    cr_assert_eq(value_number("nan", 3, &v), 0);
    cr_assert(isnan(v));
    cr_assert_eq(value_number("-Infinity", 9, &v), 0);
    cr_assert(isinf(v) && v < 0);
    cr_assert_eq(value_number("item", 4, &v), VALUE_BAD);
    cr_assert_eq(value_number("n", 1, &v), VALUE_BAD);
}

Test(value, blanks_at_either_edge)
{
    static const char *const spaced[] = {" 1.5",      "1.5 ",    "\t1.5\n",
                                         "\v\f1.5\r", "  1.5  ", NULL};
    long long i;
    double v;
    int b;

    for (int k = 0; spaced[k]; k++) {
        cr_assert_eq(value_number(spaced[k], strlen(spaced[k]), &v), 0);
        cr_assert_eq(v, 1.5, "'%s'", spaced[k]);
    }
    cr_assert_eq(value_number(" \t ", 3, &v), VALUE_BAD);
    cr_assert_eq(value_number("1.5\x01", 4, &v), VALUE_BAD);
    cr_assert_eq(value_int("\r\n-7 ", 5, &i), 0);
    cr_assert_eq(i, -7);
    cr_assert_eq(value_bool("\ttrue ", 6, &b), 0);
    cr_assert_eq(b, 1);
    cr_assert_eq(value_timestamp(" 1700000000\n", 12, &v), 0);
    cr_assert_eq(v, 1.7e9);
}

Test(value, default_and_listed_nulls)
{
    static const char *const yes[] = {"NA",  "null", "NULL", "NaN",
                                      "nan", "N/A",  NULL};
    static const char *const no[] = {"na",  "Null",  "NAN", "N",
                                     "n/a", "nulls", "NA ", " NA",
                                     "-",   "none",  "0",   NULL};
    const char *listed[] = {"-", "missing", "NA", NULL};
    struct rso_source src;

    memset(&src, 0, sizeof(src));
    cr_assert(value_is_null(NULL, "", 0));
    cr_assert(value_is_null(&src, "", 0));
    for (int i = 0; yes[i]; i++)
        cr_assert(value_is_null(&src, yes[i], strlen(yes[i])), "%s", yes[i]);
    for (int i = 0; no[i]; i++)
        cr_assert(!value_is_null(NULL, no[i], strlen(no[i])), "%s", no[i]);
    src.null_values = listed;
    cr_assert(value_is_null(&src, "-", 1));
    cr_assert(value_is_null(&src, "missing", 7));
    cr_assert(value_is_null(&src, "NA", 2));
    cr_assert(value_is_null(&src, "", 0));
    cr_assert(!value_is_null(&src, "null", 4));
    cr_assert(!value_is_null(&src, "miss", 4));
}

/*
 * value_decimal_padded() reads words past the field: whatever the bytes
 * after it, the answer must be value_decimal()'s, to the bit.  Texts of
 * 0 to 17 bytes from digits, points, signs and a few other bytes, with
 * the following bytes random, digits or points.
 */
Test(value, padded_decimals_as_bytewise)
{
    static const char alphabet[] = "0123456789.....-+e x\x80:/";
    unsigned long long x = 0xD1B54A32D192ED03ULL;
    char buf[64];
    long long fast = 0;

    for (int round = 0; round < 400000; round++) {
        size_t n;
        double a = -1, b = -1;
        int ra, rb;

        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        n = (size_t)(x % 18);
        for (size_t i = 0; i < sizeof(buf); i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            if (i < n)
                /* Mostly digits, so that most texts are numbers. */
                buf[i] = x % 4 ? (char)('0' + (x >> 8) % 10)
                               : alphabet[(x >> 8) % (sizeof(alphabet) - 1)];
            else
                buf[i] = (x >> 16) % 3 == 0   ? (char)('0' + (x >> 8) % 10)
                         : (x >> 16) % 3 == 1 ? '.'
                                              : (char)(x >> 24);
        }
        ra = value_decimal(buf, n, &a);
        rb = value_decimal_padded(buf, n, &b);
        cr_assert_eq(ra, rb, "'%.*s': %d, not %d", (int)n, buf, rb, ra);
        cr_assert(!memcmp(&a, &b, sizeof(a)), "'%.*s': %.17g, not %.17g",
                  (int)n, buf, b, a);
        fast += ra == 0;
    }
    cr_assert_gt(fast, 100000, "only %lld numbers", fast);
    /* The shapes read a word at a time, one by one. */
    {
        static const struct {
            const char *text;
            double want;
        } cases[] = {
            {"7", 7},
            {"0.5127", 0.5127},
            {"5.", 5},
            {".5", 0.5},
            {"12345678", 12345678},
            {"1234.567", 1234.567},
            {"1795000000", 1795000000},
            {"123456789012345", 123456789012345},
            {"00000000000042", 42},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            double v;

            snprintf(buf, sizeof(buf), "%s.99999999999999999", cases[i].text);
            cr_assert_eq(value_decimal_padded(buf, strlen(cases[i].text), &v),
                         0, "%s", cases[i].text);
            cr_assert_eq(v, cases[i].want, "%s: %.17g", cases[i].text, v);
        }
        for (const char *bad = ".\0..\0-.\0+\0"
                               "1.2.3\0"
                               "12a\0";
             *bad; bad += strlen(bad) + 1) {
            double v;

            snprintf(buf, sizeof(buf), "%s0000000000000000", bad);
            cr_assert_lt(value_decimal_padded(buf, strlen(bad), &v), 0, "%s",
                         bad);
        }
    }
}
