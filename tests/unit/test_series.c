#include <criterion/criterion.h>
#include <math.h>

#include "stats/series.h"

#define NEAR(a, b, eps) (fabs((a) - (b)) <= (eps))

Test(series, order_statistics_and_moments)
{
    double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2};
    double skew[] = {1, 2, 3, 4, 100};
    double sd8[] = {2, 4, 4, 4, 5, 5, 7, 9};

    cr_assert_eq(series_median(odd, 3), 2);
    cr_assert_eq(series_median(even, 4), 2.5);
    cr_assert_eq(series_mad(skew, 5), 1);
    cr_assert_eq(series_mean(sd8, 8), 5);
    cr_assert(NEAR(series_sd(sd8, 8), sqrt(32.0 / 7), 1e-12));
    cr_assert(isnan(series_median(odd, 0)));
    cr_assert(isnan(series_mad(odd, 0)));
    cr_assert(isnan(series_mean(odd, 0)));
    cr_assert(isnan(series_sd(odd, 1)));
}

Test(series, strategy_names)
{
    cr_assert_eq(series_strategy_parse("mad"), SERIES_MAD);
    cr_assert_eq(series_strategy_parse("holt-winters"), SERIES_HOLT_WINTERS);
    cr_assert_eq(series_strategy_parse("median"), -1);
    cr_assert_str_eq(series_strategy_name(SERIES_SD), "sd");
}

Test(series, mad_flags_an_outlier_that_sd_hides)
{
    /* One huge past outlier inflates sd but not MAD. */
    double x[] = {100, 101, 99, 100, 102, 98, 100, 101, 99, 1000};
    struct series_band mad, sd;
    char why[160];

    cr_assert_eq(series_band(SERIES_MAD, x, 10, 0, &mad, why), 0);
    cr_assert_eq(series_band(SERIES_SD, x, 10, 0, &sd, why), 0);
    cr_assert_eq(mad.center, 100);
    cr_assert(NEAR(mad.spread, 1.4826, 1e-9), "%g", mad.spread);
    /* 90 is a clear outlier for the robust z, not for mean +- 3 sd. */
    cr_assert(series_z(&mad, 90) < -3.5);
    cr_assert(fabs(series_z(&sd, 90)) < 3);
}

Test(series, constant_window_has_zero_spread)
{
    double x[] = {5, 5, 5, 5};
    struct series_band b;
    char why[160];

    cr_assert_eq(series_band(SERIES_MAD, x, 4, 0, &b, why), 0);
    cr_assert_eq(b.spread, 0);
    cr_assert_eq(series_z(&b, 5), 0);
    cr_assert(isinf(series_z(&b, 4)) && series_z(&b, 4) < 0);
}

Test(series, too_little_history_says_why)
{
    double x[] = {1, 2};
    struct series_band b;
    char why[160];

    cr_assert_eq(series_band(SERIES_MAD, x, 2, 0, &b, why), -1);
    cr_assert(strstr(why, "at least 3"), "%s", why);
    cr_assert_eq(series_band(SERIES_RELATIVE, x, 0, 0, &b, why), -1);
    cr_assert_eq(series_band(SERIES_HOLT_WINTERS, x, 2, 7, &b, why), -1);
    cr_assert(strstr(why, "two full weeks of history (14 runs)"), "%s", why);
    cr_assert_eq(series_band(SERIES_HOLT_WINTERS, x, 2, 0, &b, why), -1);
    cr_assert(strstr(why, "twice a week"), "%s", why);
}

Test(series, season_from_run_times)
{
    double daily[10], hourly[10], weekly[10];

    for (int i = 0; i < 10; i++) {
        daily[i] = 1e9 + i * 86400.0;
        hourly[i] = 1e9 + i * 3600.0;
        weekly[i] = 1e9 + i * 7 * 86400.0;
    }
    cr_assert_eq(series_season(daily, 10), 7);
    cr_assert_eq(series_season(hourly, 10), 168);
    cr_assert_eq(series_season(weekly, 10), 0);
    cr_assert_eq(series_season(daily, 1), 0);
}

/* Weekdays near 1000, weekends near 600, over four weeks. */
static void weekly(double *x, size_t n)
{
    for (size_t t = 0; t < n; t++)
        x[t] = (t % 7 >= 5 ? 600 : 1000) + (t % 3 == 0 ? 4 : -2);
}

Test(series, holt_winters_learns_a_weekly_season)
{
    double x[28], f[7], sd;

    weekly(x, 28);
    cr_assert_eq(series_holt_winters(x, 28, 7, f, 7, &sd), 0);
    /* t = 28..34: weekdays 0-4, weekend 5-6. */
    for (int h = 0; h < 7; h++) {
        double want = h >= 5 ? 600 : 1000;

        cr_assert(NEAR(f[h], want, 30), "h=%d: %g vs %g", h + 1, f[h], want);
    }
    cr_assert(sd < 30, "%g", sd);
    cr_assert_eq(series_holt_winters(x, 13, 7, f, 1, &sd), -1);
}

Test(series, holt_winters_band_catches_what_sd_misses)
{
    double x[28];
    struct series_band hw, sd;
    char why[160];

    weekly(x, 28);
    /* The next value falls on a weekday: 600 is normal on a weekend. */
    cr_assert_eq(series_band(SERIES_HOLT_WINTERS, x, 28, 7, &hw, why), 0);
    cr_assert_eq(series_band(SERIES_SD, x, 28, 0, &sd, why), 0);
    cr_assert(series_z(&hw, 600) < -3, "%g", series_z(&hw, 600));
    cr_assert(fabs(series_z(&sd, 600)) < 3, "%g", series_z(&sd, 600));
    cr_assert(fabs(series_z(&hw, 1000)) < 3, "%g", series_z(&hw, 1000));
}

Test(series, linear_fit)
{
    double x[] = {2, 5, 8, 11, 14}, flat[] = {3, 3, 3};
    double a, b, t;

    cr_assert_eq(series_linear(x, 5, &a, &b, &t), 0);
    cr_assert(NEAR(a, 2, 1e-12) && NEAR(b, 3, 1e-12));
    cr_assert(isinf(t));
    cr_assert_eq(series_linear(flat, 3, &a, &b, &t), 0);
    cr_assert_eq(b, 0);
    cr_assert_eq(t, 0);
    cr_assert_eq(series_linear(x, 2, &a, &b, &t), -1);
}

Test(series, linear_trend_forecasts_a_known_crossing)
{
    double x[10];
    struct series_crossing c;

    /* 2,000,000 falling 100,000 a run: index 11 is the first below 1M. */
    for (int i = 0; i < 10; i++)
        x[i] = 2000000 - 100000.0 * i + (i % 2 ? 5000 : -5000);
    cr_assert_eq(series_crossing(x, 10, 0, 1000000, 1, 10, &c), 1);
    cr_assert_eq(c.steps, 2);
    cr_assert_str_eq(c.method, "linear trend");
    /* Beyond the horizon: no warning yet. */
    cr_assert_eq(series_crossing(x, 10, 0, 1000000, 1, 1, &c), 0);
    /* Rising towards a max. */
    cr_assert_eq(series_crossing(x, 10, 0, 2100000, 0, 10, &c), 0);
}

Test(series, noise_is_not_a_trend)
{
    double x[] = {100, 103, 98, 101, 99, 102, 97, 100, 101, 99};
    struct series_crossing c;

    cr_assert_eq(series_crossing(x, 10, 0, 95, 1, 50, &c), 0);
}

Test(series, already_crossed_is_not_a_forecast)
{
    double x[] = {10, 9, 8, 7, 6};
    struct series_crossing c;

    cr_assert_eq(series_crossing(x, 5, 0, 6.5, 1, 10, &c), 0);
}

Test(series, holt_winters_forecasts_a_seasonal_crossing)
{
    double x[28];
    struct series_crossing c;

    /* A slow decline with a weekly dip: the next dip (t = 33) crosses
     * 850 long before the trend alone would. */
    for (int t = 0; t < 28; t++)
        x[t] = 1000 - 2.0 * t + (t % 7 == 5 ? -100 : 0);
    cr_assert_eq(series_crossing(x, 28, 7, 850, 1, 14, &c), 1);
    cr_assert_str_eq(c.method, "holt-winters");
    cr_assert_eq(c.steps, 6);
    /* Without the season, the linear trend sees no crossing so soon. */
    cr_assert_eq(series_crossing(x, 28, 0, 850, 1, 14, &c), 0);
}

Test(series, seasonal_noise_is_not_a_forecast)
{
    double x[28];
    struct series_crossing c;
    unsigned seed = 8;

    /* Daily values, no season and no trend: 100 +- 5, all above 95.
     * Holt-Winters fitted to this noise dips to 93.4 within two weeks. */
    for (int t = 0; t < 28; t++) {
        seed = seed * 1103515245u + 12345u;
        x[t] = 100 + (double)(seed >> 16 & 0x7fff) / 0x7fff * 10 - 5;
    }
    cr_assert_eq(series_crossing(x, 28, 7, 94, 1, 14, &c), 0, "%s in %d",
                 c.method, c.steps);
}
