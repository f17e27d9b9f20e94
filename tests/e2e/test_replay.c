/*
 * Replay: a model trained here through XGBoost's C API serves a log;
 * the replay check reproduces the logged scores, finds the rows whose
 * features were changed after scoring, and diagnose explains a request.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "helpers.h"

#define ROWS 200
#define COLS 3

static char *dir;

/* A small deterministic generator, so the test needs no seed handling. */
static double uniform(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (double)((*state >> 8) & 0xFFFF) / 65536.0;
}

/* Train y = 3 f1 - 2 f2 + noise (f3 is noise) and save the model with
 * its feature names; write the log with the model's own scores, with
 * the features of rows in tamper[] changed afterwards. */
static void make_project(const int *tamper, size_t n_tamper)
{
    static const char *names[COLS] = {"f1", "f2", "f3"};
    float x[ROWS * COLS], y[ROWS];
    const float *pred;
    const bst_ulong *shape;
    bst_ulong dim;
    DMatrixHandle dm;
    BoosterHandle b;
    unsigned seed = 7;
    char *path, line[160];
    FILE *f;

    for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < COLS; j++)
            x[i * COLS + j] = (float)uniform(&seed);
        y[i] = 3 * x[i * COLS] - 2 * x[i * COLS + 1] +
               0.1f * (float)uniform(&seed);
    }
    cr_assert_eq(XGDMatrixCreateFromMat(x, ROWS, COLS, -1e30f, &dm), 0);
    cr_assert_eq(XGDMatrixSetFloatInfo(dm, "label", y, ROWS), 0);
    cr_assert_eq(XGDMatrixSetStrFeatureInfo(dm, "feature_name", names, COLS), 0,
                 "%s", XGBGetLastError());
    cr_assert_eq(XGBoosterCreate(&dm, 1, &b), 0);
    XGBoosterSetParam(b, "max_depth", "3");
    XGBoosterSetParam(b, "nthread", "1");
    XGBoosterSetParam(b, "seed", "1");
    for (int it = 0; it < 20; it++)
        cr_assert_eq(XGBoosterUpdateOneIter(b, it, dm), 0);
    cr_assert_eq(XGBoosterSetStrFeatureInfo(b, "feature_name", names, COLS), 0,
                 "%s", XGBGetLastError());
    cr_assert(asprintf(&path, "%s/model.json", dir) > 0);
    cr_assert_eq(XGBoosterSaveModel(b, path), 0, "%s", XGBGetLastError());
    cr_assert_eq(XGBoosterPredictFromDMatrix(
                     b, dm,
                     "{\"type\": 0, \"training\": false, "
                     "\"iteration_begin\": 0, \"iteration_end\": 0, "
                     "\"strict_shape\": false}",
                     &shape, &dim, &pred),
                 0);
    free(path);
    cr_assert(asprintf(&path, "%s/served.csv", dir) > 0);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("request_id,f1,f2,f3,score\n", f);
    for (int i = 0; i < ROWS; i++) {
        float f1 = x[i * COLS];

        for (size_t t = 0; t < n_tamper; t++)
            if (tamper[t] == i)
                f1 += 5; /* computed differently online */
        snprintf(line, sizeof(line), "r%d,%.9g,%.9g,%.9g,%.9g\n", i / 4, f1,
                 x[i * COLS + 1], x[i * COLS + 2], pred[i]);
        fputs(line, f);
    }
    cr_assert_eq(fclose(f), 0);
    free(path);
    XGBoosterFree(b);
    XGDMatrixFree(dm);
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  served: { path: served.csv }\n"
             "checks:\n"
             "  - id: serving-skew\n"
             "    source: served\n"
             "    replay: { model: model.json, score: score, "
             "request: request_id, max_diff: 0.0001 }\n");
}

static void setup(void)
{
    dir = th_tmpdir();
}

static void teardown(void)
{
    th_rmrf(dir);
    free(dir);
}

TestSuite(replay, .init = setup, .fini = teardown);

Test(replay, reproduces_every_logged_score)
{
    struct th_run r;

    make_project(NULL, 0);
    th_rso(&r, dir, "gate -v");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate -vv");
    cr_assert(th_has(r.out, "200 logged scores reproduced by 'model.json'"),
              "%s", r.out);
    th_run_free(&r);
}

Test(replay, finds_rows_whose_features_changed)
{
    static const int tamper[] = {5, 77, 150};
    struct th_run r;
    char *xml;

    make_project(tamper, 3);
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "3 of 200 logged scores not reproduced by "
                          "'model.json'"),
              "%s", xml);
    /* Data row 5 is on line 7 (the header is line 1). */
    cr_assert(th_has(xml, "served.csv:7: logged"), "%s", xml);
    cr_assert(th_has(xml, "served.csv:79: logged"), "%s", xml);
    cr_assert(th_has(xml, "served.csv:152: logged"), "%s", xml);
    free(xml);
}

Test(replay, diagnose_explains_a_request)
{
    static const int tamper[] = {5};
    struct th_run r;

    make_project(tamper, 1);
    /* Request r1 holds rows 4 to 7; row 5 was changed. */
    th_rso(&r, dir, "diagnose r1");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "line 6: logged"), "%s", r.out);
    cr_assert(th_has(r.out, "line 7: logged"), "%s", r.out);
    cr_assert(th_has(r.out, "(NOT reproduced)"), "%s", r.out);
    cr_assert(th_has(r.out, "(reproduced)"), "%s", r.out);
    cr_assert(th_has(r.out, "contributions to the margin"), "%s", r.out);
    /* The changed feature is the largest contribution of its row. */
    cr_assert(th_has(strstr(r.out, "line 7:"), "largest first:\n    f1 "), "%s",
              r.out);
    th_run_free(&r);
    th_rso(&r, dir, "diagnose r999");
    cr_assert_eq(r.status, 3);
    cr_assert(th_has(r.err, "no logged row for request 'r999'"), "%s", r.err);
    th_run_free(&r);
}

Test(replay, features_must_match_the_model)
{
    struct th_run r;
    char *xml;

    make_project(NULL, 0);
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  served: { path: served.csv }\n"
             "checks:\n"
             "  - id: serving-skew\n"
             "    source: served\n"
             "    replay: { model: model.json, score: score, "
             "features: [f1, f2] }\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "model 'model.json' takes 3 features, 'features' "
                          "lists 2"),
              "%s", xml);
    free(xml);
    /* Listed explicitly and in the model's order, they replay. */
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  served: { path: served.csv }\n"
             "checks:\n"
             "  - id: serving-skew\n"
             "    source: served\n"
             "    replay: { model: model.json, score: score, "
             "features: [f1, f2, f3] }\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    /* Without a request column, diagnose takes a line of the log. */
    th_rso(&r, dir, "diagnose 3");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "line 3: logged"), "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "diagnose r1");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "has no 'request' column: name a line"), "%s",
              r.err);
    th_run_free(&r);
}

Test(replay, a_missing_model_is_an_error)
{
    struct th_run r;
    char *xml;

    make_project(NULL, 0);
    th_sh(&r, dir, "rm model.json");
    th_run_free(&r);
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "cannot load model '"), "%s", xml);
    free(xml);
    th_write(dir, "model.json", "{\"not\": \"a model\"}");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    th_run_free(&r);
}
