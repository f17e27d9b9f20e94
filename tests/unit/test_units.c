#include <criterion/criterion.h>
#include <math.h>

#include "util/units.h"

Test(units, durations)
{
    double s;

    cr_assert(units_duration("26h", &s) == 0 && s == 26 * 3600);
    cr_assert(units_duration("7d", &s) == 0 && s == 7 * 86400);
    cr_assert(units_duration("2w", &s) == 0 && s == 14 * 86400);
    cr_assert(units_duration("90", &s) == 0 && s == 90);
    cr_assert(units_duration("1.5m", &s) == 0 && s == 90);
    cr_assert(units_duration("26hours", &s) < 0);
    cr_assert(units_duration("-1d", &s) < 0);
    cr_assert(units_duration("", &s) < 0);
    cr_assert(units_duration("d", &s) < 0);
}

Test(units, fractions)
{
    double v;

    cr_assert(units_fraction("20%", 1, &v) == 0 && fabs(v - 0.2) < 1e-12);
    cr_assert(units_fraction("0.5%", 1, &v) == 0 && fabs(v - 0.005) < 1e-12);
    cr_assert(units_fraction("0.25", 1, &v) == 0 && v == 0.25);
    cr_assert(units_fraction("0.25", 0, &v) < 0);
    cr_assert(units_fraction("-3%", 1, &v) < 0);
    cr_assert(units_fraction("abc%", 1, &v) < 0);
    cr_assert(units_fraction("%", 1, &v) < 0);
}

Test(units, timestamps)
{
    double t;

    cr_assert(units_timestamp("1970-01-01", &t) == 0 && t == 0);
    cr_assert(units_timestamp("2026-12-01T06:00:00Z", &t) == 0);
    cr_assert_eq(t, 1796104800.0);
    cr_assert(units_timestamp("2026-12-01T08:00:00+02:00", &t) == 0);
    cr_assert_eq(t, 1796104800.0);
    cr_assert(units_timestamp("2026-12-01T06:00:00.250Z", &t) == 0);
    cr_assert_float_eq(t, 1796104800.25, 1e-6);
    cr_assert(units_timestamp("2024-02-29", &t) == 0);
    cr_assert(units_timestamp("2023-02-29", &t) < 0);
    cr_assert(units_timestamp("2026-13-01", &t) < 0);
    cr_assert(units_timestamp("2026-12-01T25:00:00Z", &t) < 0);
    cr_assert(units_timestamp("1796104800", &t) == 0 && t == 1796104800.0);
    cr_assert(units_timestamp("yesterday", &t) < 0);
}

Test(units, format_time)
{
    char buf[32];

    units_format_time(buf, 1796104800.9, 1);
    cr_assert_str_eq(buf, "2026-12-01T06:00:00Z");
    units_format_time(buf, 0, 0);
    cr_assert_str_eq(buf, "1970-01-01T00:00:00");
}
