/*
 * The launch forecaster's parts: ranks and scores, the feature map, and
 * the XGBoost model's save/load round trip and determinism.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "launch/fmap.h"
#include "launch/model.h"
#include "launch/rank.h"
#include "launch/table.h"

Test(launch_rank, spearman_of_monotone_and_constant)
{
    double a[] = {1, 2, 3, 4, 5}, b[] = {10, 20, 30, 40, 1000};
    double c[] = {5, 4, 3, 2, 1}, k[] = {7, 7, 7, 7, 7};

    cr_assert_float_eq(rank_spearman(a, b, 5), 1, 1e-12);
    cr_assert_float_eq(rank_spearman(a, c, 5), -1, 1e-12);
    cr_assert_eq(rank_spearman(a, k, 5), 0);
    cr_assert(isnan(rank_spearman(a, b, 1)));
}

Test(launch_rank, midranks_share_ties)
{
    double v[] = {3, 1, 3, 2}, r[4];

    rank_mid(r, v, 4);
    cr_assert_eq(r[0], 3.5);
    cr_assert_eq(r[1], 1);
    cr_assert_eq(r[2], 3.5);
    cr_assert_eq(r[3], 2);
}

Test(launch_rank, auc_and_precision)
{
    double perfect[] = {0.9, 0.8, 0.1, 0.2}, flat[] = {1, 1, 1, 1};
    int label[] = {1, 1, 0, 0};

    cr_assert_eq(rank_auc(perfect, label, 4), 1);
    cr_assert_eq(rank_auc(flat, label, 4), 0.5);
    cr_assert_eq(rank_precision_at(perfect, label, 4, 2), 1);
    /* A constant score flags at the base rate. */
    cr_assert_eq(rank_precision_at(flat, label, 4, 2), 0.5);
    int none[] = {0, 0, 0, 0};
    cr_assert(isnan(rank_auc(perfect, none, 4)));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Selection gives what interpolating a sorted copy gives, ties and all. */
Test(launch_rank, quantile_by_selection_matches_sorting)
{
    const double qs[] = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1};
    double v[64], w[64];
    unsigned long long x = 7;

    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + (size_t)round % 64;

        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* Few distinct values in some rounds, many in others. */
            v[i] = (double)(x % (round % 3 ? 1000 : 4));
        }
        for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
            double h = (double)(n - 1) * qs[k], lo = floor(h), want;
            size_t i = (size_t)lo;

            memcpy(w, v, n * sizeof(*w));
            qsort(w, n, sizeof(*w), cmp_double);
            want = i + 1 >= n ? w[n - 1] : w[i] + (h - lo) * (w[i + 1] - w[i]);
            memcpy(w, v, n * sizeof(*w));
            cr_assert_eq(rank_quantile(w, n, qs[k]), want, "n %zu q %g", n,
                         qs[k]);
        }
    }
}

Test(launch_rank, quantiles_and_robust_z)
{
    double v[] = {4, 1, 3, 2, 5};
    double peers[] = {10, 11, 9, 10, 12, 10, 8};
    double same[] = {5, 5, 5, 5};

    cr_assert_eq(rank_quantile(v, 5, 0.5), 3);
    cr_assert_eq(rank_quantile(v, 5, 0.25), 2);
    cr_assert_float_eq(rank_quantile(v, 5, 0.1), 1.4, 1e-12);
    cr_assert(isnan(rank_quantile(v, 0, 0.5)));
    /* median 10, MAD 1: z = |40 - 10| / 1.4826 */
    double z = rank_robust_z(40, peers, 7);

    cr_assert_float_eq(z, 30 / 1.4826, 1e-9);
    cr_assert(isnan(rank_robust_z(6, same, 4)));
}

static struct launch_table *table_of(const char *dir, const char *name,
                                     const char *text, struct rso_source *src)
{
    struct launch_table *t = NULL;
    size_t n = strlen(dir) + strlen(name) + 2;

    th_write(dir, name, text);
    memset(src, 0, sizeof(*src));
    src->name = name;
    src->path = name;
    src->resolved = malloc(n);
    snprintf(src->resolved, n, "%s/%s", dir, name);
    src->format = RSO_FMT_CSV;
    cr_assert_eq(table_read(&t, src), 0);
    return t;
}

Test(launch_fmap, types_vocabulary_and_missing)
{
    char *dir = th_tmpdir();
    struct rso_source hs, us;
    struct launch_table *h =
        table_of(dir, "h.csv",
                 "id,day,genres,lang,runtime,opened,y\n"
                 "a,2026-01-01,Action|Comedy,en,90,2025-01-01,10\n"
                 "b,2026-01-02,Comedy,en,100,2025-02-01,20\n"
                 "c,2026-01-03,Drama|Comedy,fr,,2025-03-01,30\n"
                 "d,2026-01-04,Drama,fr,120,,40\n",
                 &hs);
    struct launch_table *u =
        table_of(dir, "u.csv",
                 "id,day,genres,lang,runtime,opened\n"
                 "x,2026-02-01,Comedy|Horror,,95,2025-04-01\n"
                 "z,2026-02-01,Action,xx,abc,2025-04-01\n",
                 &us);
    struct launch_spec spec = {0};
    struct fmap m, back;
    float *x = NULL;
    json_t *j;

    spec.key = "id";
    spec.date = "day";
    spec.target = "y";
    cr_assert_eq(fmap_build(&m, &spec, h, u), 0);
    cr_assert_eq(m.n, 4);
    cr_assert_eq(m.f[0].type, FEAT_MULTI);
    cr_assert_eq(m.f[1].type, FEAT_CATEGORY);
    cr_assert_eq(m.f[2].type, FEAT_NUMBER);
    cr_assert_eq(m.f[3].type, FEAT_DATE);
    /* Comedy (3) then Drama (2); Action was seen once only. */
    cr_assert_eq(m.f[0].n_vocab, 2);
    cr_assert_str_eq(m.f[0].vocab[0], "Comedy");
    cr_assert_str_eq(m.f[0].vocab[1], "Drama");
    cr_assert_eq(m.ncols, 2 + 2 + 1 + 1);

    size_t rows[] = {0};
    cr_assert_eq(fmap_encode(&x, &m, u, rows, 1), 0);
    cr_assert_eq(x[0], 1); /* Comedy */
    cr_assert_eq(x[1], 0); /* Drama; Horror is outside the vocab */
    cr_assert(isnan(x[2]) && isnan(x[3])); /* lang missing stays missing */
    cr_assert_eq(x[4], 95);
    cr_assert_float_eq(x[5], 20179, 0.5); /* 2025-04-01 in days */
    free(x);
    size_t bad[] = {1};
    cr_assert_lt(fmap_encode(&x, &m, u, bad, 1), 0);

    j = fmap_to_json(&m);
    cr_assert_eq(fmap_from_json(&back, j), 0);
    cr_assert(fmap_equal(&m, &back));
    json_decref(j);
    fmap_free(&back);
    fmap_free(&m);
    table_free(h);
    table_free(u);
    free(hs.resolved);
    free(us.resolved);
    th_rmrf(dir);
    free(dir);
}

/* y = 3 x0 - 2 [x1 missing] + small wiggle, on 400 rows. */
static void toy(float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        x[2 * i] = (float)(i % 37) / 37.0f;
        x[2 * i + 1] = i % 5 == 0 ? NAN : (float)(i % 11);
        y[i] = 3 * x[2 * i] - 2 * (i % 5 == 0) + (float)(i % 3) * 0.01f;
    }
}

Test(launch_model, save_load_round_trip_and_determinism)
{
    struct model_params p = {30, 3, 2, 0.3};
    struct launch_model *a = NULL, *b = NULL, *c = NULL;
    float x[800], y[400], *pa, *pc, *sh;
    char *ba, *bb;
    size_t la, lb;

    toy(x, y, 400);
    cr_assert_eq(model_train(&a, x, y, 400, 2, &p), 0);
    cr_assert_eq(model_train(&b, x, y, 400, 2, &p), 0);
    cr_assert_eq(model_save(a, &ba, &la), 0);
    cr_assert_eq(model_save(b, &bb, &lb), 0);
    cr_assert_eq(la, lb);
    cr_assert_eq(memcmp(ba, bb, la), 0, "training is not deterministic");

    cr_assert_eq(model_load(&c, ba, la, 1), 0);
    cr_assert_eq(model_predict(a, x, 400, 2, MODEL_VALUE, &pa), 0);
    cr_assert_eq(model_predict(c, x, 400, 2, MODEL_VALUE, &pc), 0);
    cr_assert_eq(memcmp(pa, pc, 400 * sizeof(float)), 0);
    /* The model learned something: a missing x1 lowers the prediction. */
    cr_assert_lt(pa[0], pa[1] - 1);

    /* SHAP contributions add up to the prediction. */
    cr_assert_eq(model_predict(c, x, 400, 2, MODEL_SHAP, &sh), 0);
    for (size_t i = 0; i < 400; i += 37)
        cr_assert_float_eq(sh[3 * i] + sh[3 * i + 1] + sh[3 * i + 2], pa[i],
                           1e-3);
    cr_assert_lt(sh[3 * 0 + 1], -1); /* the missing x1 pushes down */
    free(pa);
    free(pc);
    free(sh);
    free(ba);
    free(bb);
    model_free(a);
    model_free(b);
    model_free(c);
    cr_assert_lt(model_load(&c, "junk", 4, 1), 0);
}

#include <xgboost/c_api.h>

/*
 * Path contributions computed from the saved trees are XGBoost's own
 * approximate contributions, bit for bit, on rows with missing values
 * and features split on twice in a tree; they add up to the prediction.
 */
Test(launch_model, path_contributions_match_xgboost)
{
    struct model_params p = {40, 5, 1, 0.3};
    struct launch_model *m = NULL;
    enum { N = 600, W = 6 };
    static float x[N * W], y[N];
    float *ours, *pred;
    const float *theirs;
    const bst_ulong *shape;
    bst_ulong dim;
    BoosterHandle b;
    DMatrixHandle d;
    char *bytes;
    size_t len;
    unsigned long long r = 99;

    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < W; j++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            x[i * W + j] = r % 9 == 0 ? NAN : (float)(r % 1000) / 100.0f;
        }
        y[i] = (isnan(x[i * W]) ? 1 : x[i * W]) * 2 -
               (x[i * W + 1] > 5 ? 3 : 0) + (float)(i % 7) * 0.1f;
    }
    cr_assert_eq(model_train(&m, x, y, N, W, &p), 0);
    cr_assert_eq(model_predict(m, x, N, W, MODEL_SHAP_PATHS, &ours), 0);
    cr_assert_eq(model_predict(m, x, N, W, MODEL_VALUE, &pred), 0);
    cr_assert_eq(model_save(m, &bytes, &len), 0);
    cr_assert_eq(XGBoosterCreate(NULL, 0, &b), 0);
    cr_assert_eq(XGBoosterLoadModelFromBuffer(b, bytes, (bst_ulong)len), 0);
    cr_assert_eq(XGDMatrixCreateFromMat(x, N, W, NAN, &d), 0);
    cr_assert_eq(XGBoosterPredictFromDMatrix(
                     b, d,
                     "{\"type\": 3, \"training\": false, "
                     "\"iteration_begin\": 0, \"iteration_end\": 0, "
                     "\"strict_shape\": false}",
                     &shape, &dim, &theirs),
                 0);
    cr_assert_eq(memcmp(ours, theirs, N * (W + 1) * sizeof(float)), 0,
                 "row 0: ours %g %g, xgboost %g %g", ours[0], ours[W],
                 theirs[0], theirs[W]);
    for (size_t i = 0; i < N; i += 17) {
        float sum = 0;

        for (size_t j = 0; j <= W; j++)
            sum += ours[i * (W + 1) + j];
        cr_assert_float_eq(sum, pred[i], 1e-3, "row %zu", i);
    }
    XGDMatrixFree(d);
    XGBoosterFree(b);
    free(bytes);
    free(ours);
    free(pred);
    model_free(m);
}

#include "config/config.h"
#include "launch/spec.h"
#include "util/err.h"

/* Load a config holding launches text; returns the parse's code. */
static int spec_of(const char *launches, struct launch_spec *s,
                   struct rso_config **cfg)
{
    char *dir = th_tmpdir(), path[512];
    char text[2048];
    int rc;

    snprintf(text, sizeof(text), "version: 1\nlaunches:\n%s", launches);
    th_write(dir, "recsysops.yml", text);
    snprintf(path, sizeof(path), "%s/recsysops.yml", dir);
    cr_assert_eq(config_load(cfg, path), 0, "%s", rso_errmsg());
    rc = launch_spec_parse(s, *cfg);
    th_rmrf(dir);
    free(dir);
    return rc;
}

#define BASE                                                                   \
    "  history: h.csv\n  upcoming: u.csv\n  key: id\n"                         \
    "  date: day\n  target: y\n"

Test(launch_spec, reads_every_setting)
{
    struct rso_config *cfg = NULL;
    struct launch_spec s;

    cr_assert_eq(spec_of(BASE "  flag: { below: p15, per: genre, "
                              "min_risk: 70% }\n  horizon: 28d\n"
                              "  block_within: 3d\n  trees: 20\n"
                              "  features: [a, b]\n  transform: none\n",
                         &s, &cfg),
                 0, "%s", rso_errmsg());
    cr_assert(s.below_is_pct);
    cr_assert_eq(s.below, 15);
    cr_assert_str_eq(s.per, "genre");
    cr_assert_float_eq(s.min_risk, 0.7, 1e-12);
    cr_assert_eq(s.horizon, 28 * 86400);
    cr_assert_eq(s.block_within, 3 * 86400);
    cr_assert_eq(s.trees, 20);
    cr_assert_eq(s.n_features, 2);
    cr_assert_eq(s.transform, LAUNCH_IDENTITY);
    cr_assert(th_has(s.history.resolved, "/h.csv"));
    cr_assert(th_has(s.model_dir, ".recsysops/launch-model"));
    launch_spec_free(&s);
    config_free(cfg);
}

Test(launch_spec, positioned_errors)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {BASE, "'launches' needs 'flag'"},
        {BASE "  flag: { below: p0 }\n", "recsysops.yml:8:18: 'below' "
                                         "takes a number or a percentile"},
        {BASE "  flag: { below: 5, per: genre }\n", "'per' needs a percentile"},
        {BASE "  flag: { below: 5 }\n  horizn: 28d\n",
         "did you mean 'horizon'"},
        {BASE "  flag: { below: 5 }\n  trees: 0\n",
         "'trees' in 'launches' must be between 1 and 5000"},
        {BASE "  flag: { below: 5 }\n  features: [a, a]\n",
         "feature 'a' is listed twice"},
        {"  history: h.csv\n  upcoming: u.csv\n  flag: { below: 5 }\n",
         "'launches' needs 'key', 'date' and 'target'"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct rso_config *cfg = NULL;
        struct launch_spec s;

        cr_assert_eq(spec_of(cases[i].text, &s, &cfg), RSO_EUSAGE, "%s",
                     cases[i].msg);
        cr_assert(th_has(rso_errmsg(), cases[i].msg), "%s: %s", cases[i].msg,
                  rso_errmsg());
        launch_spec_free(&s);
        config_free(cfg);
    }
}

#include "launch/forecast.h"

Test(launch_conformal, halfwidth_is_the_right_order_statistic)
{
    double r[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /* ceil((9 + 1) * 0.9) = 9: the largest of nine. */
    cr_assert_eq(forecast_halfwidth(r, 9, 0.9), 0.9);
    /* ceil(10 * 0.5) = 5. */
    cr_assert_eq(forecast_halfwidth(r, 9, 0.5), 0.5);
    /* Too few residuals for 90%: ceil(6 * 0.9) = 6 > 5. */
    cr_assert(isinf(forecast_halfwidth(r, 5, 0.9)));
    cr_assert(isinf(forecast_halfwidth(r, 0, 0.5)));
}

Test(launch_conformal, calibration_split_is_a_fixed_fifth)
{
    size_t held = 0, again = 0;

    for (size_t i = 0; i < 10000; i++) {
        held += forecast_is_calib(i);
        again += forecast_is_calib(i);
    }
    cr_assert_eq(held, again);
    cr_assert(held > 1800 && held < 2200, "%zu of 10000", held);
}
