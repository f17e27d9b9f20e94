#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/series.h"
#include "util/mem.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

double series_median(const double *x, size_t n)
{
    double *s, m;

    if (n == 0)
        return NAN;
    s = xmalloc(n * sizeof(*s));
    memcpy(s, x, n * sizeof(*s));
    qsort(s, n, sizeof(*s), cmp_double);
    m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    free(s);
    return m;
}

double series_mad(const double *x, size_t n)
{
    double med = series_median(x, n), *d, m;

    if (n == 0)
        return NAN;
    d = xmalloc(n * sizeof(*d));
    for (size_t i = 0; i < n; i++)
        d[i] = fabs(x[i] - med);
    m = series_median(d, n);
    free(d);
    return m;
}

double series_mean(const double *x, size_t n)
{
    double s = 0;

    if (n == 0)
        return NAN;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

double series_sd(const double *x, size_t n)
{
    double mean = series_mean(x, n), ss = 0;

    if (n < 2)
        return NAN;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    return sqrt(ss / (double)(n - 1));
}

static const char *const strategy_names[] = {"relative", "mad", "sd",
                                             "holt-winters"};

int series_strategy_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(name, strategy_names[i]))
            return i;
    return -1;
}

const char *series_strategy_name(enum series_strategy s)
{
    return strategy_names[s];
}

/*
 * Modified z-score scale (Iglewicz and Hoaglin): 1.4826 MAD, falling
 * back to 1.2533 times the mean absolute deviation when MAD is 0.
 */
static double robust_spread(const double *x, size_t n, double med)
{
    double mad = series_mad(x, n), mean_ad = 0;

    if (mad > 0)
        return 1.4826 * mad;
    for (size_t i = 0; i < n; i++)
        mean_ad += fabs(x[i] - med);
    return 1.2533 * mean_ad / (double)n;
}

static int band_hw(const double *x, size_t n, size_t season,
                   struct series_band *out, char why[160])
{
    double f, sd;

    if (season < 2) {
        snprintf(why, 160,
                 "holt-winters needs runs at least twice a week for a "
                 "weekly season");
        return -1;
    }
    if (n < 2 * season) {
        snprintf(why, 160,
                 "holt-winters needs two full weeks of history (%zu runs), "
                 "%zu found",
                 2 * season, n);
        return -1;
    }
    series_holt_winters(x, n, season, &f, 1, &sd);
    out->center = f;
    out->spread = sd;
    return 0;
}

int series_band(enum series_strategy s, const double *x, size_t n,
                size_t season, struct series_band *out, char why[160])
{
    static const size_t need[] = {1, 3, 3, 0};

    memset(out, 0, sizeof(*out));
    if (s == SERIES_HOLT_WINTERS)
        return band_hw(x, n, season, out, why);
    if (n < need[s]) {
        snprintf(why, 160, "%s needs at least %zu earlier values, %zu found",
                 strategy_names[s], need[s], n);
        return -1;
    }
    if (s == SERIES_SD) {
        out->center = series_mean(x, n);
        out->spread = series_sd(x, n);
    } else {
        out->center = series_median(x, n);
        out->spread = s == SERIES_MAD ? robust_spread(x, n, out->center) : 0;
    }
    return 0;
}

double series_z(const struct series_band *b, double v)
{
    double d = v - b->center;

    if (b->spread > 0)
        return d / b->spread;
    if (d == 0)
        return 0;
    return d > 0 ? INFINITY : -INFINITY;
}

size_t series_season(const double *t, size_t n)
{
    double *gaps, gap, per;

    if (n < 2)
        return 0;
    gaps = xmalloc((n - 1) * sizeof(*gaps));
    for (size_t i = 1; i < n; i++)
        gaps[i - 1] = t[i] - t[i - 1];
    gap = series_median(gaps, n - 1);
    free(gaps);
    if (!(gap > 0))
        return 0;
    per = round(7 * 86400.0 / gap);
    return per >= 2 ? (size_t)per : 0;
}

struct hw_state {
    double level, trend;
    double *seas;
    double sse;
};

/* Run the recursions over x with the given smoothing; fills st. */
static void hw_run(const double *x, size_t n, size_t m, double alpha,
                   double beta, double gamma, struct hw_state *st)
{
    double l0 = series_mean(x, m), l1 = series_mean(x + m, m);

    st->level = l0;
    st->trend = (l1 - l0) / (double)m;
    st->sse = 0;
    for (size_t i = 0; i < m; i++)
        st->seas[i] = x[i] - l0;
    for (size_t t = m; t < n; t++) {
        double s = st->seas[t % m];
        double f = st->level + st->trend + s;
        double level =
            alpha * (x[t] - s) + (1 - alpha) * (st->level + st->trend);

        st->sse += (x[t] - f) * (x[t] - f);
        st->trend = beta * (level - st->level) + (1 - beta) * st->trend;
        st->seas[t % m] = gamma * (x[t] - level) + (1 - gamma) * s;
        st->level = level;
    }
}

int series_holt_winters(const double *x, size_t n, size_t m, double *out,
                        size_t horizon, double *resid_sd)
{
    static const double betas[] = {0, 0.05, 0.1, 0.2, 0.3};
    double best[3] = {0.5, 0.1, 0.5}, best_sse = INFINITY;
    struct hw_state st;

    if (m < 2 || n < 2 * m)
        return -1;
    st.seas = xmalloc(m * sizeof(*st.seas));
    for (int a = 1; a <= 9; a++)
        for (size_t b = 0; b < sizeof(betas) / sizeof(*betas); b++)
            for (int g = 1; g <= 9; g++) {
                hw_run(x, n, m, a / 10.0, betas[b], g / 10.0, &st);
                if (st.sse < best_sse) {
                    best_sse = st.sse;
                    best[0] = a / 10.0, best[1] = betas[b];
                    best[2] = g / 10.0;
                }
            }
    hw_run(x, n, m, best[0], best[1], best[2], &st);
    for (size_t h = 1; h <= horizon; h++)
        out[h - 1] = st.level + (double)h * st.trend + st.seas[(n - 1 + h) % m];
    if (resid_sd)
        *resid_sd = sqrt(st.sse / (double)(n - m));
    free(st.seas);
    return 0;
}

int series_linear(const double *x, size_t n, double *intercept, double *slope,
                  double *t)
{
    double mx = ((double)n - 1) / 2, my = series_mean(x, n);
    double sxx = 0, sxy = 0, ssr = 0, b, a, se;

    if (n < 3)
        return -1;
    for (size_t i = 0; i < n; i++) {
        sxx += ((double)i - mx) * ((double)i - mx);
        sxy += ((double)i - mx) * (x[i] - my);
    }
    b = sxy / sxx;
    a = my - b * mx;
    for (size_t i = 0; i < n; i++) {
        double e = x[i] - (a + b * (double)i);

        ssr += e * e;
    }
    se = sqrt(ssr / (double)(n - 2) / sxx);
    *intercept = a;
    *slope = b;
    if (se > 0)
        *t = b / se;
    else
        *t = b == 0 ? 0 : b > 0 ? INFINITY : -INFINITY;
    return 0;
}

static int crossed(double v, double threshold, int below)
{
    return below ? v < threshold : v > threshold;
}

int series_crossing(const double *x, size_t n, size_t season, double threshold,
                    int below, int horizon, struct series_crossing *out)
{
    double a, b, t;
    int found = 0;

    if (n == 0 || horizon < 1 || crossed(x[n - 1], threshold, below))
        return 0;
    if (season >= 2 && n >= 2 * season) {
        double *f = xmalloc((size_t)horizon * sizeof(*f)), resid;
        int fits;

        series_holt_winters(x, n, season, f, (size_t)horizon, &resid);
        /* A model that forecasts no better than the mean is noise. */
        fits = resid < series_sd(x, n);
        for (int h = 1; fits && h <= horizon && !found; h++)
            if (crossed(f[h - 1], threshold, below)) {
                out->steps = h;
                out->method = "holt-winters";
                found = 1;
            }
        free(f);
        if (fits)
            return found;
    }
    if (n < 5 || series_linear(x, n, &a, &b, &t) < 0 || fabs(t) < 2)
        return 0;
    for (int h = 1; h <= horizon; h++)
        if (crossed(a + b * (double)(n - 1 + h), threshold, below)) {
            out->steps = h;
            out->method = "linear trend";
            return 1;
        }
    return 0;
}
