#include <criterion/criterion.h>
#include <math.h>

#include "baseline/compare.h"

Test(compare, thousands_separators)
{
    char b[48];

    cr_assert_str_eq(compare_fmt(b, 1000000), "1,000,000");
    cr_assert_str_eq(compare_fmt(b, -12345), "-12,345");
    cr_assert_str_eq(compare_fmt(b, 123456), "123,456");
    cr_assert_str_eq(compare_fmt(b, 9999), "9999");
    cr_assert_str_eq(compare_fmt(b, 0.287), "0.287");
    cr_assert_str_eq(compare_fmt(b, 1234567.5), "1.23457e+06");
    cr_assert_str_eq(compare_fmt(b, NAN), "NaN");
}
