/*
 * backtest.c: folds by launch date, three predictors, three scores.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "launch/backtest.h"
#include "launch/rank.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/units.h"

#define KNN_POOL 5000

static const char *const names[BT_N] = {"model", "median of history",
                                        "mean of 10 nearest"};
static const char *const keys[BT_N] = {"model", "median", "nearest"};

static int date_cmp(const void *a, const void *b, void *ctx)
{
    const double *date = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    if (date[x] != date[y])
        return date[x] < date[y] ? -1 : 1;
    return (x > y) - (x < y);
}

static void scores(struct bt_scores *s, const double *pred, const double *y,
                   size_t n)
{
    double *v = xmalloc((n + 1) * sizeof(*v)), *risk, cut;
    int *label = xcalloc(n + 1, sizeof(*label));
    size_t budget = 0;

    memcpy(v, y, n * sizeof(*v));
    cut = rank_quantile(v, n, 0.1);
    risk = v;
    for (size_t i = 0; i < n; i++) {
        label[i] = y[i] < cut;
        budget += label[i];
        risk[i] = -pred[i];
    }
    s->spearman = rank_spearman(pred, y, n);
    s->auc = rank_auc(risk, label, n);
    s->precision = rank_precision_at(risk, label, n, budget);
    free(v);
    free(label);
}

/* Mean outcome of the BACKTEST_K nearest of the most recent train rows. */
static void knn(double *out, const struct launch_forecast *f, const float *xtr,
                const double *ytr, size_t ntr, const float *xte, size_t nte)
{
    size_t from = ntr > KNN_POOL ? ntr - KNN_POOL : 0, w = f->map.ncols;

    for (size_t i = 0; i < nte; i++) {
        double best[BACKTEST_K], by[BACKTEST_K], sum = 0;
        size_t n = 0;

        for (size_t j = from; j < ntr; j++) {
            double d =
                forecast_distance(&f->map, NULL, xte + i * w, xtr + j * w);
            size_t at = n;

            if (n == BACKTEST_K && d >= best[n - 1])
                continue;
            while (at > 0 && best[at - 1] > d)
                at--;
            if (n < BACKTEST_K)
                n++;
            memmove(best + at + 1, best + at, (n - 1 - at) * sizeof(*best));
            memmove(by + at + 1, by + at, (n - 1 - at) * sizeof(*by));
            best[at] = d;
            by[at] = ytr[j];
        }
        for (size_t j = 0; j < n; j++)
            sum += by[j];
        out[i] = n ? sum / (double)n : NAN;
    }
}

struct fold_data {
    size_t *tr, *te, ntr, nte; /* table rows */
    double *ytr, *yte;         /* outcomes, own scale */
};

static int fit_fold(struct bt_fold *fo, const struct launch_forecast *f,
                    const struct fold_data *d, const float *xtr,
                    const float *xte, double *pte)
{
    float *xp = xmalloc((d->ntr + 1) * f->map.ncols * sizeof(*xp));
    float *yp = xmalloc((d->ntr + 1) * sizeof(*yp)), *pc = NULL, *pt = NULL;
    float *xc = xmalloc((d->ntr + 1) * f->map.ncols * sizeof(*xc));
    double *yc = xmalloc((d->ntr + 1) * sizeof(*yc)), q, inside = 0;
    struct model_params mp = forecast_params(f->spec);
    struct launch_model *m = NULL;
    size_t np = 0, nc = 0, w = f->map.ncols;
    int rc;

    for (size_t i = 0; i < d->ntr; i++) {
        if (forecast_is_calib(i)) {
            memcpy(xc + nc * w, xtr + i * w, w * sizeof(*xc));
            yc[nc++] = forecast_fwd(&f->map, d->ytr[i]);
        } else {
            memcpy(xp + np * w, xtr + i * w, w * sizeof(*xp));
            yp[np++] = (float)forecast_fwd(&f->map, d->ytr[i]);
        }
    }
    if ((rc = model_train(&m, xp, yp, np, w, &mp)) ||
        (rc = model_predict(m, xc, nc, w, MODEL_VALUE, &pc)) ||
        (rc = model_predict(m, xte, d->nte, w, MODEL_VALUE, &pt)))
        goto done;
    for (size_t i = 0; i < nc; i++)
        yc[i] = fabs(yc[i] - (double)pc[i]);
    rank_sort(yc, nc);
    q = forecast_halfwidth(yc, nc, f->spec->coverage);
    for (size_t i = 0; i < d->nte; i++) {
        pte[i] = pt[i];
        inside += fabs(forecast_fwd(&f->map, d->yte[i]) - pte[i]) <= q;
    }
    fo->coverage = d->nte ? inside / (double)d->nte : NAN;
done:
    model_free(m);
    free(xp);
    free(yp);
    free(xc);
    free(yc);
    free(pc);
    free(pt);
    return rc;
}

static int run_fold(struct bt_fold *fo, const struct launch_forecast *f,
                    const struct fold_data *d)
{
    float *xtr = NULL, *xte = NULL;
    double *p = xcalloc(d->nte + 1, sizeof(*p)), *med, m;
    int rc;

    if ((rc = fmap_encode(&xtr, &f->map, f->hist, d->tr, d->ntr)) ||
        (rc = fmap_encode(&xte, &f->map, f->hist, d->te, d->nte)) ||
        (rc = fit_fold(fo, f, d, xtr, xte, p)))
        goto done;
    scores(&fo->s[BT_MODEL], p, d->yte, d->nte);
    med = xmalloc((d->ntr + 1) * sizeof(*med));
    memcpy(med, d->ytr, d->ntr * sizeof(*med));
    m = rank_quantile(med, d->ntr, 0.5);
    free(med);
    for (size_t i = 0; i < d->nte; i++)
        p[i] = m;
    scores(&fo->s[BT_MEDIAN], p, d->yte, d->nte);
    knn(p, f, xtr, d->ytr, d->ntr, xte, d->nte);
    scores(&fo->s[BT_KNN], p, d->yte, d->nte);
done:
    free(xtr);
    free(xte);
    free(p);
    return rc;
}

static void fold_rows(struct fold_data *d, const struct launch_forecast *f,
                      const size_t *order, size_t start, size_t end)
{
    d->ntr = start;
    d->nte = end - start;
    d->tr = xcalloc(start + 1, sizeof(*d->tr));
    d->te = xcalloc(d->nte + 1, sizeof(*d->te));
    d->ytr = xcalloc(start + 1, sizeof(*d->ytr));
    d->yte = xcalloc(d->nte + 1, sizeof(*d->yte));
    for (size_t i = 0; i < start; i++) {
        d->tr[i] = f->rows[order[i]];
        d->ytr[i] = f->y[order[i]];
    }
    for (size_t i = start; i < end; i++) {
        d->te[i - start] = f->rows[order[i]];
        d->yte[i - start] = f->y[order[i]];
    }
}

static void fold_free(struct fold_data *d)
{
    free(d->tr);
    free(d->te);
    free(d->ytr);
    free(d->yte);
}

static void summarize(struct backtest *bt)
{
    double covered = 0;

    for (int k = 0; k < BT_N; k++) {
        struct bt_scores *m = &bt->mean[k];

        for (size_t j = 0; j < bt->n; j++) {
            m->spearman += bt->folds[j].s[k].spearman / (double)bt->n;
            m->auc += bt->folds[j].s[k].auc / (double)bt->n;
            m->precision += bt->folds[j].s[k].precision / (double)bt->n;
        }
    }
    for (size_t j = 0; j < bt->n; j++) {
        covered += bt->folds[j].coverage * (double)bt->folds[j].n_test;
        bt->n_test += bt->folds[j].n_test;
    }
    bt->coverage = bt->n_test ? covered / (double)bt->n_test : NAN;
}

int backtest_run(struct backtest *bt, const struct launch_forecast *f)
{
    size_t folds = (size_t)f->spec->folds, n = f->n;
    size_t *order = xcalloc(n + 1, sizeof(*order)), chunk = n / (folds + 1);
    int rc = 0;

    memset(bt, 0, sizeof(*bt));
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof(*order), date_cmp, f->date);
    if (chunk < 20) {
        rc = rso_fail(RSO_EDATA,
                      "%s: %zu past launches are too few for %zu "
                      "backtest folds (at least %zu needed)",
                      f->hist->src->resolved, n, folds, 20 * (folds + 1));
        goto done;
    }
    for (size_t j = 1; j <= folds && rc == 0; j++) {
        size_t start = j * chunk, end = j == folds ? n : (j + 1) * chunk;
        struct bt_fold *fo = &bt->folds[bt->n];
        struct fold_data d;

        while (start < end &&
               f->date[order[start]] == f->date[order[start - 1]])
            start++;
        if (end - start < 10)
            continue;
        fold_rows(&d, f, order, start, end);
        fo->n_train = d.ntr;
        fo->n_test = d.nte;
        fo->from = f->date[order[start]];
        fo->to = f->date[order[end - 1]];
        if ((rc = run_fold(fo, f, &d)) == 0)
            bt->n++;
        fold_free(&d);
    }
    summarize(bt);
done:
    free(order);
    return rc;
}

static const char *day(char buf[32], double t)
{
    units_format_time(buf, t, 0);
    buf[10] = '\0';
    return buf;
}

static void write_text(FILE *out, const struct backtest *bt,
                       const struct launch_forecast *f)
{
    char a[32], b[32];

    fprintf(out,
            "backtest of '%s': %zu folds by launch date, %zu test "
            "launches\n",
            f->spec->target, bt->n, bt->n_test);
    fprintf(out, "%-20s %9s %17s %17s\n", "predictor", "spearman",
            "auc bottom 10%", "precision@budget");
    for (int k = 0; k < BT_N; k++)
        fprintf(out, "%-20s %9.3f %17.3f %17.3f\n", names[k],
                bt->mean[k].spearman, bt->mean[k].auc, bt->mean[k].precision);
    fprintf(out, "interval coverage: %.1f%% (target %g%%)\n",
            bt->coverage * 100, f->spec->coverage * 100);
    for (size_t j = 0; j < bt->n; j++) {
        const struct bt_fold *fo = &bt->folds[j];

        fprintf(out,
                "fold %zu: train %zu, test %zu (%s to %s): spearman "
                "%.3f, auc %.3f, precision %.3f, coverage %.1f%%\n",
                j + 1, fo->n_train, fo->n_test, day(a, fo->from),
                day(b, fo->to), fo->s[BT_MODEL].spearman, fo->s[BT_MODEL].auc,
                fo->s[BT_MODEL].precision, fo->coverage * 100);
    }
}

static json_t *scores_json(const struct bt_scores *s)
{
    return json_pack("{s:f, s:f, s:f}", "spearman", s->spearman, "auc", s->auc,
                     "precision", s->precision);
}

static void write_json(FILE *out, const struct backtest *bt,
                       const struct launch_forecast *f)
{
    json_t *doc = json_object(), *folds = json_array(), *mean;
    char a[32], b[32];

    json_object_set_new(doc, "target", json_string(f->spec->target));
    mean = json_object();
    for (int k = 0; k < BT_N; k++)
        json_object_set_new(mean, keys[k], scores_json(&bt->mean[k]));
    json_object_set_new(doc, "scores", mean);
    json_object_set_new(doc, "coverage", json_real(bt->coverage));
    json_object_set_new(doc, "coverage_target", json_real(f->spec->coverage));
    for (size_t j = 0; j < bt->n; j++) {
        const struct bt_fold *fo = &bt->folds[j];
        json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:f}", "train",
                              (json_int_t)fo->n_train, "test",
                              (json_int_t)fo->n_test, "from", day(a, fo->from),
                              "to", day(b, fo->to), "coverage", fo->coverage);

        for (int k = 0; k < BT_N; k++)
            json_object_set_new(o, keys[k], scores_json(&fo->s[k]));
        json_array_append_new(folds, o);
    }
    json_object_set_new(doc, "folds", folds);
    json_dumpf(doc, out,
               JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    fputc('\n', out);
    json_decref(doc);
}

static void write_csv(FILE *out, const struct backtest *bt)
{
    fputs("fold,predictor,train,test,spearman,auc,precision,coverage\n", out);
    for (size_t j = 0; j < bt->n; j++)
        for (int k = 0; k < BT_N; k++) {
            const struct bt_fold *fo = &bt->folds[j];

            fprintf(out, "%zu,%s,%zu,%zu,%.6f,%.6f,%.6f,%.6f\n", j + 1, keys[k],
                    fo->n_train, fo->n_test, fo->s[k].spearman, fo->s[k].auc,
                    fo->s[k].precision, k == BT_MODEL ? fo->coverage : NAN);
        }
}

int backtest_write(FILE *out, const struct backtest *bt,
                   const struct launch_forecast *f, const char *format)
{
    if (!strcmp(format, "json"))
        write_json(out, bt, f);
    else if (!strcmp(format, "csv"))
        write_csv(out, bt);
    else
        write_text(out, bt, f);
    if (fflush(out) != 0 || ferror(out))
        return rso_fail(RSO_EIO, "cannot write the backtest: output error");
    return 0;
}
