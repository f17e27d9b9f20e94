/*
 * forecast.c: reading the launch tables, fitting or reusing the model,
 * and predicting the upcoming items.  Explanations are in explain.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "launch/explain.h"
#include "launch/forecast.h"
#include "launch/rank.h"
#include "launch/store.h"
#include "scan/value.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"
#include "util/units.h"

int forecast_is_calib(size_t i)
{
    uint64_t z = (uint64_t)i + 0x9e3779b97f4a7c15ULL;

    /* splitmix64's finalizer: a fixed, well-spread hash of the index. */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z % 5 == 0;
}

double forecast_fwd(const struct fmap *m, double y)
{
    return m->log1p ? log1p(y) : y;
}

double forecast_back(const struct fmap *m, double z)
{
    return m->log1p ? fmax(expm1(z), 0) : z;
}

double forecast_halfwidth(const double *abs_sorted, size_t n, double c)
{
    size_t k = (size_t)ceil((double)(n + 1) * c);

    if (n == 0 || k > n)
        return INFINITY;
    return abs_sorted[k ? k - 1 : 0];
}

struct model_params forecast_params(const struct launch_spec *s)
{
    struct model_params p = {s->trees, s->depth, s->threads, s->eta};

    return p;
}

static int column_of(const struct launch_table *t, const struct ynode *at,
                     const char *what, const char *name, size_t *out)
{
    long c = table_column(t, name);

    if (c < 0)
        return ynode_fail(at,
                          "unknown %s column '%s': '%s' has no such "
                          "column",
                          what, name,
                          t->src->path ? t->src->path : t->src->resolved);
    *out = (size_t)c;
    return 0;
}

static int parse_date(const struct launch_table *t, size_t r, size_t col,
                      double *out)
{
    const char *s = table_get(t, r, col);

    if (!s || units_timestamp(s, out) < 0)
        return rso_fail(RSO_EDATA,
                        "%s:%lld: launch date '%s' in column "
                        "'%s' is %s",
                        t->src->resolved, t->line[r], s ? s : "", t->names[col],
                        s ? "not a date" : "missing");
    return 0;
}

/* The history rows with a target, their target and date. */
static int load_history(struct launch_forecast *f)
{
    const struct launch_spec *s = f->spec;
    const struct launch_table *t = f->hist;
    size_t ct = 0, cd = 0, ck = 0;
    int rc;

    if ((rc = column_of(t, s->target_node, "target", s->target, &ct)) ||
        (rc = column_of(t, ynode_get(s->node, "date"), "date", s->date, &cd)) ||
        (rc = column_of(t, ynode_get(s->node, "key"), "key", s->key, &ck)))
        return rc;
    f->rows = xcalloc(t->nrow + 1, sizeof(*f->rows));
    f->y = xcalloc(t->nrow + 1, sizeof(*f->y));
    f->date = xcalloc(t->nrow + 1, sizeof(*f->date));
    for (size_t r = 0; r < t->nrow; r++) {
        const char *v = table_get(t, r, ct);
        double y;

        if (!v)
            continue;
        if (value_number(v, strlen(v), &y) < 0 || !isfinite(y))
            return rso_fail(RSO_EDATA,
                            "%s:%lld: target '%s' is '%s', not "
                            "a number",
                            t->src->resolved, t->line[r], s->target, v);
        if ((rc = parse_date(t, r, cd, &f->date[f->n])))
            return rc;
        f->rows[f->n] = r;
        f->y[f->n++] = y;
    }
    if (f->n < 10)
        return rso_fail(RSO_EDATA,
                        "%s: the history holds %zu past launch%s "
                        "with a '%s'; at least 10 are needed",
                        t->src->resolved, f->n, f->n == 1 ? "" : "es",
                        s->target);
    return 0;
}

/* log1p for counts (auto: every target a whole number >= 0). */
static int choose_transform(struct launch_forecast *f)
{
    int counts = 1, nonneg = 1;

    for (size_t i = 0; i < f->n; i++) {
        counts &= f->y[i] >= 0 && f->y[i] == floor(f->y[i]);
        nonneg &= f->y[i] >= 0;
    }
    if (f->spec->transform == LAUNCH_LOG1P && !nonneg)
        return ynode_fail(ynode_get(f->spec->node, "transform"),
                          "'transform: log1p' needs targets of 0 or more");
    f->log1p = f->spec->transform == LAUNCH_LOG1P ||
               (f->spec->transform == LAUNCH_AUTO && counts);
    return 0;
}

/*
 * A hash of the history's every field, the settings the model depends
 * on and the chosen features' names.
 */
static int fingerprint(struct launch_forecast *f)
{
    const struct launch_spec *s = f->spec;
    const char **names = NULL;
    char params[256];
    uint64_t h = f->hist->hash;
    size_t n = 0;
    int rc;

    if ((rc = fmap_names(&names, &n, s, f->hist, f->upc)))
        return rc;
    snprintf(params, sizeof(params), "v1|%s|%s|%d|%d|%d|%.17g", s->target,
             s->date, f->log1p, s->trees, s->depth, s->eta);
    h = table_mix(h, params, strlen(params));
    for (size_t i = 0; i < n; i++)
        h = table_mix(h, names[i], strlen(names[i]) + 1);
    free(names);
    snprintf(f->fingerprint, sizeof(f->fingerprint), "%016llx",
             (unsigned long long)h);
    return 0;
}

/* Fit on four fifths of the history, calibrate on the rest. */
static int fit(struct launch_forecast *f)
{
    size_t *train = xcalloc(f->n + 1, sizeof(*train));
    size_t *calib = xcalloc(f->n + 1, sizeof(*calib));
    float *y = xcalloc(f->n + 1, sizeof(*y));
    float *x = NULL, *xc = NULL, *pc = NULL;
    struct model_params p = forecast_params(f->spec);
    size_t nt = 0, nc = 0;
    int rc;

    for (size_t i = 0; i < f->n; i++) {
        if (forecast_is_calib(i))
            calib[nc++] = f->rows[i];
        else {
            y[nt] = (float)forecast_fwd(&f->map, f->y[i]);
            train[nt++] = f->rows[i];
        }
    }
    if ((rc = fmap_encode(&x, &f->map, f->hist, train, nt)) ||
        (rc = fmap_encode(&xc, &f->map, f->hist, calib, nc)))
        goto done;
    if ((rc = model_train(&f->model, x, y, nt, f->map.ncols, &p)) ||
        (rc = model_predict(f->model, xc, nc, f->map.ncols, MODEL_VALUE, &pc)))
        goto done;
    f->resid = xcalloc(nc + 1, sizeof(*f->resid));
    for (size_t i = 0, j = 0; i < f->n; i++)
        if (forecast_is_calib(i)) {
            f->resid[j] = forecast_fwd(&f->map, f->y[i]) - (double)pc[j];
            j++;
        }
    f->n_resid = nc;
    f->n_train = nt;
    rank_sort(f->resid, nc);
done:
    free(train);
    free(calib);
    free(x);
    free(xc);
    free(y);
    free(pc);
    return rc;
}

static void set_halfwidth(struct launch_forecast *f)
{
    double *a = xcalloc(f->n_resid + 1, sizeof(*a));

    for (size_t i = 0; i < f->n_resid; i++)
        a[i] = fabs(f->resid[i]);
    rank_sort(a, f->n_resid);
    f->q = forecast_halfwidth(a, f->n_resid, f->spec->coverage);
    free(a);
}

static int get_model(struct launch_forecast *f, int force)
{
    int rc;

    if ((rc = fingerprint(f)))
        return rc;
    if (!force && store_load(f) == 0) {
        f->reused = 1;
        msg_note("reusing the launch model saved in '%s' (fingerprint %s)",
                 f->spec->model_dir, f->fingerprint);
        return 0;
    }
    rso_err_clear();
    if ((rc = fmap_build(&f->map, f->spec, f->hist, f->upc)))
        return rc;
    f->map.log1p = f->log1p;
    if ((rc = fit(f)))
        return rc;
    if (store_save(f) < 0) {
        msg_warn("%s; the model will be trained again next time", rso_errmsg());
        rso_err_clear();
    }
    return 0;
}

/* Upcoming rows launching within the horizon; past ones are errors. */
static int select_upcoming(struct launch_forecast *f)
{
    const struct launch_spec *s = f->spec;
    const struct launch_table *t = f->upc;
    size_t cd = 0, ck = 0;
    int rc;

    if ((rc = column_of(t, ynode_get(s->node, "date"), "date", s->date, &cd)) ||
        (rc = column_of(t, ynode_get(s->node, "key"), "key", s->key, &ck)))
        return rc;
    f->preds = xcalloc(t->nrow + 1, sizeof(*f->preds));
    for (size_t r = 0; r < t->nrow; r++) {
        struct launch_pred *p = &f->preds[f->n_preds];
        char a[32], b[32];

        if ((rc = parse_date(t, r, cd, &p->launch)))
            return rc;
        if (!(p->key = table_get(t, r, ck)))
            return rso_fail(RSO_EDATA, "%s:%lld: the item has no '%s'",
                            t->src->resolved, t->line[r], s->key);
        if (p->launch < f->now) {
            units_format_time(a, p->launch, 1);
            units_format_time(b, f->now, 1);
            return rso_fail(RSO_EDATA,
                            "%s:%lld: item '%s' launches on %s, "
                            "already past (now %s)",
                            t->src->resolved, t->line[r], p->key, a, b);
        }
        if (s->horizon > 0 && p->launch - f->now > s->horizon) {
            f->beyond_horizon++;
            continue;
        }
        p->row = r;
        f->n_preds++;
    }
    return 0;
}

/* Percentile of the history's targets, over rows whose segment is seg. */
static double percentile(const struct launch_forecast *f, long col,
                         const char *seg, size_t *n_out)
{
    double *v = xcalloc(f->n + 1, sizeof(*v)), q;
    size_t n = 0;

    for (size_t i = 0; i < f->n; i++)
        if (!seg || explain_segment_is(f->hist, f->rows[i], col, seg))
            v[n++] = f->y[i];
    q = rank_quantile(v, n, f->spec->below / 100.0);
    free(v);
    *n_out = n;
    return q;
}

static int set_thresholds(struct launch_forecast *f)
{
    const struct launch_spec *s = f->spec;
    size_t n, hc = 0, uc = 0;
    char seg[256];
    int rc;

    f->global_threshold =
        s->below_is_pct ? percentile(f, -1, NULL, &n) : s->below;
    if (s->per &&
        ((rc = column_of(f->hist, s->per_node, "segment", s->per, &hc)) ||
         (rc = column_of(f->upc, s->per_node, "segment", s->per, &uc))))
        return rc;
    for (size_t i = 0; i < f->n_preds; i++) {
        struct launch_pred *p = &f->preds[i];

        p->threshold = f->global_threshold;
        if (!s->per ||
            !explain_segment(f->upc, p->row, (long)uc, seg, sizeof(seg)))
            continue;
        /* Segments with fewer than 20 past launches use the global. */
        double t = percentile(f, (long)hc, seg, &n);
        if (n >= 20)
            p->threshold = t;
    }
    return 0;
}

static void score(struct launch_forecast *f, const float *pred)
{
    for (size_t i = 0; i < f->n_preds; i++) {
        struct launch_pred *p = &f->preds[i];
        double z = pred[i], t = forecast_fwd(&f->map, p->threshold);
        size_t below = 0, hi = f->n_resid;

        /* resid is sorted: count e with z + e < t by bisection. */
        while (below < hi) {
            size_t mid = below + (hi - below) / 2;

            if (z + f->resid[mid] < t)
                below = mid + 1;
            else
                hi = mid;
        }
        p->pred = forecast_back(&f->map, z);
        p->lo = forecast_back(&f->map, z - f->q);
        p->hi = isinf(f->q) ? INFINITY : forecast_back(&f->map, z + f->q);
        p->risk = f->n_resid ? (double)below / (double)f->n_resid : NAN;
        p->at_risk = p->risk >= f->spec->min_risk;
        p->blocking = p->at_risk && p->launch - f->now <= f->spec->block_within;
    }
}

static int pred_cmp(const void *a, const void *b)
{
    const struct launch_pred *x = a, *y = b;

    if (x->risk != y->risk)
        return x->risk > y->risk ? -1 : 1;
    if (x->pred != y->pred)
        return x->pred < y->pred ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int predict(struct launch_forecast *f)
{
    size_t *rows = xcalloc(f->n_preds + 1, sizeof(*rows));
    float *x = NULL, *pred = NULL;
    int rc;

    for (size_t i = 0; i < f->n_preds; i++)
        rows[i] = f->preds[i].row;
    if ((rc = fmap_encode(&x, &f->map, f->upc, rows, f->n_preds)) ||
        (rc = model_predict(f->model, x, f->n_preds, f->map.ncols, MODEL_VALUE,
                            &pred)) ||
        (rc = set_thresholds(f)))
        goto done;
    set_halfwidth(f);
    score(f, pred);
    if ((rc = explain_all(f, x)))
        goto done;
    qsort(f->preds, f->n_preds, sizeof(*f->preds), pred_cmp);
done:
    free(rows);
    free(x);
    free(pred);
    return rc;
}

/* Read the tables and the history's targets and dates. */
static int read_tables(struct launch_forecast **out,
                       const struct launch_spec *s, double now)
{
    struct launch_forecast *f = xcalloc(1, sizeof(*f));
    int rc;

    f->spec = s;
    f->now = now;
    if ((rc = table_read(&f->hist, &s->history)) ||
        (rc = table_read(&f->upc, &s->upcoming)) || (rc = load_history(f)) ||
        (rc = choose_transform(f))) {
        forecast_free(f);
        return rc;
    }
    *out = f;
    return 0;
}

int forecast_load(struct launch_forecast **out, const struct launch_spec *s,
                  double now)
{
    struct launch_forecast *f = NULL;
    int rc;

    if ((rc = read_tables(&f, s, now)) ||
        (rc = fmap_build(&f->map, s, f->hist, f->upc))) {
        forecast_free(f);
        return rc;
    }
    f->map.log1p = f->log1p;
    *out = f;
    return 0;
}

/* CPU seconds of the process: what a phase costs on a shared machine. */
static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int forecast_run(struct launch_forecast **out, const struct launch_spec *s,
                 double now, int force)
{
    struct launch_forecast *f = NULL;
    double t[4];
    int rc;

    t[0] = seconds();
    if ((rc = read_tables(&f, s, now)) || (rc = select_upcoming(f)))
        goto fail;
    t[1] = seconds();
    if ((rc = get_model(f, force)))
        goto fail;
    t[2] = seconds();
    if ((rc = predict(f)))
        goto fail;
    t[3] = seconds();
    msg_note("launch forecast (CPU time): tables read in %.2f s, model %s "
             "in %.2f s, %zu items predicted and explained in %.2f s",
             t[1] - t[0], f->reused ? "loaded" : "trained", t[2] - t[1],
             f->n_preds, t[3] - t[2]);
    *out = f;
    return 0;
fail:
    forecast_free(f);
    return rc;
}

void forecast_free(struct launch_forecast *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_preds; i++)
        for (size_t j = 0; j < f->preds[i].n_reasons; j++)
            free(f->preds[i].reasons[j].detail);
    free(f->preds);
    table_free(f->hist);
    table_free(f->upc);
    fmap_free(&f->map);
    model_free(f->model);
    free(f->rows);
    free(f->y);
    free(f->date);
    free(f->resid);
    free(f);
}
