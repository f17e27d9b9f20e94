#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline.h"
#include "baseline/compare.h"
#include "check/kinds.h"
#include "history/history.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/units.h"

/* The window when none is given: enough for two weeks of daily runs. */
#define DEFAULT_WINDOW_RUNS 30
#define DEFAULT_HW_SPAN (28 * 86400.0)
/* Runs the forecast looks back at. */
#define FORECAST_RUNS 60

const char *const compare_keys[] = {
    "max_drop", "max_rise", "higher_is_better", "vs",      "window",
    "strategy", "k",        "min_runs",         "horizon", NULL};

const char *compare_fmt(char buf[48], double v)
{
    char digits[48], *p = buf;
    size_t n, lead;

    if (!isfinite(v) || v != floor(v) || fabs(v) < 10000 || fabs(v) >= 1e15)
        return fmt_num(buf, v);
    n = (size_t)snprintf(digits, sizeof(digits), "%.0f", fabs(v));
    if (v < 0)
        *p++ = '-';
    lead = n % 3 ? n % 3 : 3;
    for (size_t i = 0; i < n; i++) {
        if (i >= lead && (i - lead) % 3 == 0)
            *p++ = ',';
        *p++ = digits[i];
    }
    *p = '\0';
    return buf;
}

/* A limit: "5%" (relative to the reference) or a number (absolute). */
static int parse_limit(const struct rso_check *c, const struct ynode *spec,
                       const char *key, double *out, int *has, int *rel)
{
    const struct ynode *n = ynode_get(spec, key);
    size_t len;

    *has = n != NULL;
    if (!n)
        return 0;
    len = n->type == YNODE_SCALAR ? strlen(n->str) : 0;
    *rel = len && n->str[len - 1] == '%';
    if (*rel && units_fraction(n->str, 0, out) == 0)
        return 0;
    if (!*rel && spec_number(c, spec, key, out, NULL) == 0 && *out >= 0)
        return 0;
    return ynode_fail(n,
                      "'%s' in check '%s' must be a percentage (\"5%%\") or "
                      "a number of at least 0",
                      key, c->id);
}

static int parse_window(const struct rso_check *c, const struct ynode *n,
                        struct compare_spec *s)
{
    char *end;
    long long runs;

    if (n->type == YNODE_SCALAR) {
        runs = strtoll(n->str, &end, 10);
        if (*n->str && !*end && runs > 0) {
            s->window_runs = runs;
            return 0;
        }
        if (units_duration(n->str, &s->window_span) == 0 &&
            s->window_span > 0) {
            s->window_as_written = n->str;
            return 0;
        }
    }
    return ynode_fail(n,
                      "'window' in check '%s' must be a number of runs (30) "
                      "or a time span (14d)",
                      c->id);
}

static int parse_int(const struct rso_check *c, const struct ynode *spec,
                     const char *key, long long min, long long *out)
{
    const struct ynode *n = ynode_get(spec, key);
    char what[128];

    if (!n)
        return 0;
    snprintf(what, sizeof(what), "'%s' in check '%s'", key, c->id);
    if (ynode_integer(n, what, out) < 0)
        return RSO_EUSAGE;
    if (*out < min)
        return ynode_fail(n, "%s must be at least %lld", what, min);
    return 0;
}

static int parse_choices(const struct rso_check *c, const struct ynode *spec,
                         struct compare_spec *s)
{
    const struct ynode *n;
    const char *str;

    if ((n = ynode_get(spec, "vs"))) {
        if (spec_string(c, spec, "vs", &str) < 0)
            return RSO_EUSAGE;
        if (!strcmp(str, "baseline"))
            s->vs = COMPARE_BASELINE;
        else if (!strcmp(str, "history"))
            s->vs = COMPARE_HISTORY;
        else
            return ynode_fail(n,
                              "'vs' in check '%s' must be baseline or "
                              "history, not '%s'",
                              c->id, str);
    }
    if ((n = ynode_get(spec, "strategy"))) {
        int st;

        if (spec_string(c, spec, "strategy", &str) < 0)
            return RSO_EUSAGE;
        if ((st = series_strategy_parse(str)) < 0)
            return ynode_fail(n,
                              "'strategy' in check '%s' must be relative, "
                              "mad, sd or holt-winters, not '%s'",
                              c->id, str);
        s->strategy = (enum series_strategy)st;
    }
    return 0;
}

/* Defaults and the rules between keys. */
static int settle(const struct rso_check *c, const struct ynode *spec,
                  enum compare_vs default_vs, struct compare_spec *s)
{
    int limits = s->has_drop || s->has_rise;
    const struct ynode *strategy = ynode_get(spec, "strategy");

    if (limits && s->vs == COMPARE_NONE) {
        if (default_vs == COMPARE_NONE)
            return ynode_fail(spec,
                              "'%s' of check '%s' compares with something: "
                              "add 'vs: baseline' or 'vs: history'",
                              c->kind->name, c->id);
        s->vs = default_vs;
    }
    if (s->vs != COMPARE_HISTORY &&
        (strategy || ynode_get(spec, "window") || ynode_get(spec, "k") ||
         ynode_get(spec, "min_runs")))
        return ynode_fail(spec,
                          "'strategy', 'window', 'k' and 'min_runs' of "
                          "check '%s' need 'vs: history'",
                          c->id);
    if (s->vs == COMPARE_BASELINE && !limits)
        return ynode_fail(spec,
                          "'vs: baseline' of check '%s' needs 'max_drop' or "
                          "'max_rise'",
                          c->id);
    if (s->vs != COMPARE_HISTORY)
        return 0;
    if (!strategy)
        s->strategy = limits ? SERIES_RELATIVE : SERIES_MAD;
    if (s->strategy == SERIES_RELATIVE && !limits)
        return ynode_fail(spec,
                          "strategy 'relative' of check '%s' needs "
                          "'max_drop' or 'max_rise'",
                          c->id);
    if (!s->k)
        s->k = s->strategy == SERIES_MAD ? 3.5 : 3;
    if (!s->min_runs)
        s->min_runs = s->strategy == SERIES_RELATIVE ? 3 : 5;
    if (!s->window_runs && !s->window_span) {
        if (s->strategy == SERIES_HOLT_WINTERS)
            s->window_span = DEFAULT_HW_SPAN;
        else
            s->window_runs = DEFAULT_WINDOW_RUNS;
    }
    return 0;
}

int compare_parse(const struct rso_check *c, const struct ynode *spec,
                  const char *const *kind_keys, enum compare_vs default_vs,
                  struct compare_spec *out)
{
    const char **keys;
    size_t n = 0, m = 0;
    int rc, has_k, has_hib;

    while (kind_keys[n])
        n++;
    while (compare_keys[m])
        m++;
    keys = xcalloc(n + m + 1, sizeof(*keys));
    memcpy(keys, kind_keys, n * sizeof(*keys));
    memcpy(keys + n, compare_keys, m * sizeof(*keys));
    rc = spec_keys(c, spec, keys);
    free(keys);
    if (rc)
        return rc;

    memset(out, 0, sizeof(*out));
    out->higher_is_better = 1;
    out->horizon = COMPARE_HORIZON;
    if ((rc = parse_limit(c, spec, "max_drop", &out->max_drop, &out->has_drop,
                          &out->drop_rel)) ||
        (rc = parse_limit(c, spec, "max_rise", &out->max_rise, &out->has_rise,
                          &out->rise_rel)) ||
        (rc = parse_choices(c, spec, out)) ||
        (rc = spec_number(c, spec, "k", &out->k, &has_k)) ||
        (rc = parse_int(c, spec, "min_runs", 1, &out->min_runs)) ||
        (rc = parse_int(c, spec, "horizon", 0, &out->horizon)))
        return rc;
    if (ynode_get(spec, "higher_is_better")) {
        char what[128];

        snprintf(what, sizeof(what), "'higher_is_better' in check '%s'", c->id);
        if ((rc = ynode_bool(ynode_get(spec, "higher_is_better"), what,
                             &has_hib)) < 0)
            return rc;
        out->higher_is_better = has_hib;
    }
    if (has_k && !(out->k > 0))
        return ynode_fail(ynode_get(spec, "k"),
                          "'k' in check '%s' must be above 0", c->id);
    if (ynode_get(spec, "window") &&
        (rc = parse_window(c, ynode_get(spec, "window"), out)))
        return rc;
    return settle(c, spec, default_vs, out);
}

/* Text for the change from ref to v: "down 4.3% (-0.013)". */
static void change_text(char *out, size_t size, double v, double ref)
{
    char d[48];
    double diff = v - ref;

    compare_fmt(d, fabs(diff));
    if (diff == 0)
        snprintf(out, size, "unchanged");
    else if (ref != 0)
        snprintf(out, size, "%s %.1f%% (%s%s)", diff < 0 ? "down" : "up",
                 100 * fabs(diff / ref), diff < 0 ? "-" : "+", d);
    else
        snprintf(out, size, "%s %s", diff < 0 ? "down" : "up", d);
}

static const char *limit_text(char buf[48], double limit, int rel)
{
    if (rel)
        snprintf(buf, 48, "%g%%", 100 * limit);
    else
        compare_fmt(buf, limit);
    return buf;
}

/*
 * Judge v against the reference ref with max_drop and max_rise; where
 * says what ref is ("from 0.3 at origin/main (1a2b3c4)").
 */
static void judge(struct rso_finding *f, const struct compare_spec *s,
                  const char *stat, double v, double ref, const char *where)
{
    /* A change exactly at the limit passes, whatever the rounding. */
    double eps = 1e-9 * fmax(fabs(ref), fabs(v));
    double drop = ref - v - eps, rise = v - ref - eps;
    double drop_lim = s->drop_rel ? s->max_drop * fabs(ref) : s->max_drop;
    double rise_lim = s->rise_rel ? s->max_rise * fabs(ref) : s->max_rise;
    char cur[48], lim[48], change[96];
    const char *key = NULL;

    compare_fmt(cur, v);
    change_text(change, sizeof(change), v, ref);
    finding_prop(f, "change", "%s", change);
    if (s->has_drop && drop > drop_lim)
        key = "max_drop", limit_text(lim, s->max_drop, s->drop_rel);
    else if (s->has_rise && rise > rise_lim)
        key = "max_rise", limit_text(lim, s->max_rise, s->rise_rel);
    if (key && f->status != RSO_FAIL)
        finding_set(f, RSO_FAIL, "%s = %s, %s %s, beyond %s %s", stat, cur,
                    change, where, key, lim);
    else if (key)
        finding_detail(f, "also %s %s, beyond %s %s", change, where, key, lim);
    else if (f->status == RSO_PASS)
        finding_set(f, RSO_PASS, "%s; %s %s", f->message ? f->message : "",
                    change, where);
    else
        finding_detail(f, "%s %s", change, where);
}

static void vs_baseline(struct rso_check *c, struct rso_run *run,
                        struct rso_finding *f, const char *stat, double v,
                        const struct compare_spec *s,
                        compare_baseline_fn at_base)
{
    char where[256], b[48];
    double base;
    int rc = at_base(c, run, &base);

    if (rc > 0) {
        baseline_unavailable(run, f);
        return;
    }
    if (rc < 0) {
        if (f->status == RSO_FAIL)
            finding_detail(f, "baseline: %s", rso_errmsg());
        else
            finding_set(f, RSO_ERROR, "baseline: %s", rso_errmsg());
        return;
    }
    finding_prop(
        f, "baseline_ref", "%s",
        run->results->meta.baseline_ref ? run->results->meta.baseline_ref : "");
    finding_prop(f, "baseline_commit", "%s", run->baseline_commit);
    finding_prop(f, "baseline", "%.17g", base);
    snprintf(where, sizeof(where), "from %s at %s", compare_fmt(b, base),
             baseline_name(run));
    judge(f, s, stat, v, base, where);
}

/* Set f as not comparable with the history: skipped unless it failed. */
static void no_history(struct rso_finding *f, const char *why)
{
    if (f->status == RSO_FAIL || f->status == RSO_ERROR) {
        finding_detail(f, "%s", why);
        return;
    }
    if (f->message)
        finding_detail(f, "%s", f->message);
    finding_set(f, RSO_SKIP, "%s", why);
}

/*
 * The accepted earlier values of the check's statistic in the window,
 * oldest first, into x and t (the caller frees both, with room for one
 * more value).  Returns the count; or, with why filled, -1 when there is
 * no store yet and -2 when the store cannot be read.
 */
static long long load(struct rso_run *run, const char *name, const char *stat,
                      long long last, double span, double **x, double **t,
                      char why[512])
{
    struct history_filter flt;
    struct history_rows rows = {0};
    long long n;

    *x = *t = NULL;
    if (!run->history) {
        snprintf(why, 512,
                 "no history store yet (record main-branch runs with "
                 "'recsysops gate --record')");
        return -1;
    }
    if (history_error(run->history)) {
        snprintf(why, 512, "%s", history_error(run->history));
        return history_absent(run->history) ? -1 : -2;
    }
    history_filter_init(&flt);
    flt.check = name;
    flt.statistic = stat;
    flt.before = run->now;
    flt.accepted = 1;
    flt.last = last;
    if (span > 0)
        flt.since = run->now - span;
    if (history_query(run->history, &flt, &rows) < 0) {
        snprintf(why, 512, "%s", rso_errmsg());
        history_rows_release(&rows);
        return -2;
    }
    *x = xmalloc((rows.len + 1) * sizeof(**x));
    *t = xmalloc((rows.len + 1) * sizeof(**t));
    for (size_t i = 0; i < rows.len; i++) {
        (*x)[i] = rows.items[i].value;
        (*t)[i] = rows.items[i].time;
    }
    n = (long long)rows.len;
    history_rows_release(&rows);
    return n;
}

static void window_text(char *out, size_t size, const struct compare_spec *s)
{
    char d[32];

    if (s->window_runs) {
        snprintf(out, size, "the last %lld runs", s->window_runs);
    } else if (s->window_as_written) {
        snprintf(out, size, "the last %s", s->window_as_written);
    } else {
        units_format_duration(d, s->window_span);
        snprintf(out, size, "the last %s", d);
    }
}

static void band_verdict(struct rso_finding *f, const struct compare_spec *s,
                         const char *stat, double v,
                         const struct series_band *b, const char *win)
{
    double z = series_z(b, v);
    int low = s->higher_is_better || s->has_drop;
    int high = !s->higher_is_better || s->has_rise;
    const char *center = s->strategy == SERIES_SD             ? "mean"
                         : s->strategy == SERIES_HOLT_WINTERS ? "forecast"
                                                              : "median";
    char cur[48], ref[48], text[256];

    compare_fmt(cur, v);
    compare_fmt(ref, b->center);
    finding_prop(f, "z", "%.3g", z);
    snprintf(text, sizeof(text), "z %.2f against the %s %s of %s (%s, k %g)", z,
             center, ref, win, series_strategy_name(s->strategy), s->k);
    if ((low && z < -s->k) || (high && z > s->k)) {
        if (f->status == RSO_FAIL)
            finding_detail(f, "also %s", text);
        else
            finding_set(f, RSO_FAIL, "%s = %s, %s", stat, cur, text);
    } else if (f->status == RSO_PASS) {
        finding_set(f, RSO_PASS, "%s; %s", f->message ? f->message : "", text);
    }
}

static void vs_history(struct rso_run *run, struct rso_finding *f,
                       const char *name, const char *stat, double v,
                       const struct compare_spec *s)
{
    char why[512], win[64], where[192], ref[48];
    struct series_band band;
    double *x, *t;
    long long n =
        load(run, name, stat, s->window_runs, s->window_span, &x, &t, why);
    size_t season;

    window_text(win, sizeof(win), s);
    if (n == -2) {
        if (f->status == RSO_FAIL)
            finding_detail(f, "%s", why);
        else
            finding_set(f, RSO_ERROR, "%s", why);
        goto done;
    }
    if (n >= 0 && n < s->min_runs)
        snprintf(why, sizeof(why),
                 "too little history: %lld earlier run%s with '%s' in %s, "
                 "%lld needed",
                 n, n == 1 ? "" : "s", stat, win, s->min_runs);
    if (n < s->min_runs) {
        no_history(f, why);
        goto done;
    }
    t[n] = run->now;
    season = series_season(t, (size_t)n + 1);
    if (series_band(s->strategy, x, (size_t)n, season, &band, why) < 0) {
        no_history(f, why);
        goto done;
    }
    finding_prop(f, "history_runs", "%lld", n);
    finding_prop(f, "history_center", "%.17g", band.center);
    if (s->strategy == SERIES_RELATIVE) {
        snprintf(where, sizeof(where), "from the median %s of %s",
                 compare_fmt(ref, band.center), win);
        judge(f, s, stat, v, band.center, where);
    } else {
        band_verdict(f, s, stat, v, &band, win);
    }
done:
    free(x);
    free(t);
}

static void add_forecast(const struct rso_check *c, struct rso_run *run,
                         const char *name, const char *stat, const char *side,
                         double threshold, const struct series_crossing *cr,
                         double when, size_t n)
{
    struct rso_buf fname = RSO_BUF_INIT;
    struct rso_finding *f;
    char lim[48], date[32];

    rso_buf_printf(&fname, "%s.forecast", name);
    f = results_add(run->results, c, NULL, rso_buf_str(&fname));
    rso_buf_release(&fname);
    f->severity = RSO_WARN;
    units_format_time(date, when, 0);
    date[10] = '\0';
    finding_set(f, RSO_FAIL,
                "%s: at the current trend, %s crosses %s %s in about %d "
                "run%s (%s)",
                name, stat, side, compare_fmt(lim, threshold), cr->steps,
                cr->steps == 1 ? "" : "s", date);
    finding_detail(f, "forecast by %s from %zu runs, the last one now",
                   cr->method, n);
    finding_prop(f, "runs_ahead", "%d", cr->steps);
    finding_prop(f, "expected_on", "%s", date);
}

void compare_forecast(const struct rso_check *c, struct rso_run *run,
                      const char *name, const char *stat, double v,
                      const struct compare_spec *s)
{
    struct series_crossing cr;
    char why[512];
    double *x, *t, gap;
    long long n;
    size_t season;

    if (!s->horizon || (!s->has_min && !s->has_max))
        return;
    n = load(run, name, stat, FORECAST_RUNS, 0, &x, &t, why);
    if (n >= 4) {
        x[n] = v;
        t[n] = run->now;
        n++;
        season = series_season(t, (size_t)n);
        gap = (t[n - 1] - t[0]) / (double)(n - 1);
        if (s->has_min && series_crossing(x, (size_t)n, season, s->min, 1,
                                          (int)s->horizon, &cr))
            add_forecast(c, run, name, stat, "min", s->min, &cr,
                         run->now + gap * cr.steps, (size_t)n);
        if (s->has_max && series_crossing(x, (size_t)n, season, s->max, 0,
                                          (int)s->horizon, &cr))
            add_forecast(c, run, name, stat, "max", s->max, &cr,
                         run->now + gap * cr.steps, (size_t)n);
    }
    free(x);
    free(t);
}

void compare_eval(struct rso_check *c, struct rso_run *run,
                  struct rso_finding *f, const char *statistic, double v,
                  const struct compare_spec *s, compare_baseline_fn at_base)
{
    char *name = xstrdup(f->name);

    if (s->vs == COMPARE_BASELINE)
        vs_baseline(c, run, f, statistic, v, s, at_base);
    else if (s->vs == COMPARE_HISTORY)
        vs_history(run, f, name, statistic, v, s);
    /* f may move: forecast adds findings. */
    compare_forecast(c, run, name, statistic, v, s);
    free(name);
}
