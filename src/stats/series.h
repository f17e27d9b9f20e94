/*
 * series.h: what a window of past values says about a new one, and when
 * a series will cross a threshold.
 *
 * A series is an array of finite values in time order (oldest first);
 * callers drop NaN before calling.  Every function with n = 0 returns NaN
 * (or an error for the band functions); none keeps a pointer to the
 * caller's arrays.
 */
#ifndef RSO_SERIES_H
#define RSO_SERIES_H

#include <stddef.h>

/* The median (mean of the middle two for even n); NaN for n = 0. */
double series_median(const double *x, size_t n);

/* Median absolute deviation from the median, unscaled; NaN for n = 0. */
double series_mad(const double *x, size_t n);

/* Arithmetic mean; NaN for n = 0. */
double series_mean(const double *x, size_t n);

/* Sample standard deviation (divisor n - 1); NaN for n < 2. */
double series_sd(const double *x, size_t n);

enum series_strategy {
    SERIES_RELATIVE,    /* change relative to the window median */
    SERIES_MAD,         /* robust z: 0.6745 (v - median) / MAD */
    SERIES_SD,          /* z: (v - mean) / sd */
    SERIES_HOLT_WINTERS /* one-step forecast, residual sd */
};

/* "relative", "mad", "sd", "holt-winters"; -1 when name is none. */
int series_strategy_parse(const char *name);
const char *series_strategy_name(enum series_strategy s);

/*
 * What the window expects: center is the median (relative, mad), the
 * mean (sd) or the Holt-Winters forecast of the next value; spread is
 * the scale a z-score divides by (1.4826 MAD, sd, or the sd of the
 * one-step forecast errors; 0 for relative).
 */
struct series_band {
    double center;
    double spread;
};

/*
 * Fill out for strategy over x[0..n).  season is the number of values
 * per week (0: no seasonality), used by Holt-Winters only.  Returns 0,
 * or -1 with a one-line reason in why (too few values, no season) when
 * the window cannot support the strategy.
 */
int series_band(enum series_strategy s, const double *x, size_t n,
                size_t season, struct series_band *out, char why[160]);

/*
 * The z-score of v against band: (v - center) / spread.  A zero spread
 * gives 0 when v equals the center and +-inf otherwise.
 */
double series_z(const struct series_band *b, double v);

/*
 * Values per week for runs at times t[0..n) (epoch seconds, ascending):
 * round(7 days / the median gap between runs).  Returns 0 when the
 * gaps are too long for a weekly season (fewer than 2 values a week)
 * or n < 2.
 */
size_t series_season(const double *t, size_t n);

/*
 * Additive Holt-Winters with season m.  The level starts at the mean
 * of the first season, the trend at the mean change between the first
 * two seasons divided by m, the seasonal terms at the first season's
 * deviations from that level; alpha, beta and gamma are chosen from a
 * grid to minimise the sum of squared one-step errors.  Needs n >= 2m
 * and m >= 2; returns -1 otherwise.  out[h-1] gets the forecast h steps
 * past x[n-1] for h = 1..horizon; *resid_sd the sd of one-step errors.
 */
int series_holt_winters(const double *x, size_t n, size_t m, double *out,
                        size_t horizon, double *resid_sd);

/*
 * Least-squares line x[i] = a + b i.  Sets *slope, *intercept and *t,
 * the slope's t statistic (b / se(b); +-inf for a perfect fit, 0 for a
 * flat one).  Returns -1 for n < 3.
 */
int series_linear(const double *x, size_t n, double *intercept, double *slope,
                  double *t);

struct series_crossing {
    int steps;          /* values ahead (1..horizon) of the first crossing */
    const char *method; /* "holt-winters" or "linear trend" */
};

/*
 * When the series will cross threshold (from above when below is set,
 * from below otherwise) within horizon further values.  Holt-Winters is
 * used when season >= 2, n >= 2 season and its one-step errors are
 * smaller than the series' sd (it fits better than the mean); otherwise
 * a linear trend, trusted only when n >= 5 and |t| >= 2 (the slope is
 * not noise).
 * Returns 1 and fills out when a crossing is forecast, 0 when none is
 * (also when the last value is already past the threshold, or the
 * history supports no method).
 */
int series_crossing(const double *x, size_t n, size_t season, double threshold,
                    int below, int horizon, struct series_crossing *out);

#endif
