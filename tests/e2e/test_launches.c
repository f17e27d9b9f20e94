/*
 * The launch forecast on the generated fixture (fixtures/launches),
 * through the real binary: the backtest beats both baselines, the items
 * with a planted metadata defect are flagged with the defect as their top
 * reason, the output is deterministic, the saved model is reused, the
 * gate reports one testcase per item, and bad inputs fail clearly.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define NOW "--now 2026-12-01T06:00:00Z"

/* A copy of the fixture in a new folder. */
static char *fixture(void)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_sh(&r, dir,
          "cp -r '%s/fixtures/launches/.' . && rm -rf reports "
          ".recsysops",
          th_top());
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    return dir;
}

static void done(char *dir)
{
    th_rmrf(dir);
    free(dir);
}

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);

    cr_assert(j, "not JSON (%s): %s", e.text, text);
    return j;
}

static void edit(const char *dir, const char *cmd)
{
    struct th_run r;

    th_sh(&r, dir, "%s", cmd);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
}

static double score(json_t *bt, const char *who, const char *what)
{
    json_t *v = json_object_get(
        json_object_get(json_object_get(bt, "scores"), who), what);

    cr_assert(json_is_number(v), "no %s.%s", who, what);
    return json_number_value(v);
}

Test(launches, backtest_beats_both_baselines)
{
    char *dir = fixture();
    static const char *const what[] = {"spearman", "auc", "precision"};
    struct th_run r;
    json_t *bt;

    th_rso(&r, dir, "predict --backtest --format json " NOW);
    cr_assert_eq(r.status, 0, "%s", r.err);
    bt = parse(r.out);
    for (int i = 0; i < 3; i++) {
        double m = score(bt, "model", what[i]);

        cr_assert_gt(m, score(bt, "median", what[i]) + 0.05, "%s", what[i]);
        cr_assert_gt(m, score(bt, "nearest", what[i]) + 0.05, "%s", what[i]);
    }
    cr_assert_gt(json_array_size(json_object_get(bt, "folds")), 2);
    /* The 90% intervals cover close to 90% of the test launches. */
    double cov = json_number_value(json_object_get(bt, "coverage"));
    cr_assert(cov > 0.8 && cov < 0.97, "coverage %g", cov);
    json_decref(bt);
    th_run_free(&r);
    done(dir);
}

Test(launches, defects_are_flagged_with_their_defect_first)
{
    char *dir = fixture();
    struct th_run r;
    json_t *doc, *items;
    size_t defects = 0, i;
    json_t *it;

    th_rso(&r, dir, "predict --format json " NOW);
    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = parse(r.out);
    items = json_object_get(doc, "items");
    cr_assert_gt(json_array_size(items), 30);
    json_array_foreach(items, i, it)
    {
        const char *key = json_string_value(json_object_get(it, "item"));
        json_t *top = json_array_get(json_object_get(it, "reasons"), 0);
        int risky = json_is_true(json_object_get(it, "at_risk"));

        /* Every item is explained: exactly when at risk. */
        cr_assert(top, "%s has no reason", key);
        cr_assert_str_eq(json_string_value(json_object_get(it, "reasons_from")),
                         risky ? "SHAP" : "path contributions", "%s", key);
        if (!strstr(key, "-defect"))
            continue;
        defects++;
        cr_assert(json_is_true(json_object_get(it, "at_risk")), "%s", key);
        cr_assert_str_eq(json_string_value(json_object_get(top, "feature")),
                         "language", "%s", key);
        cr_assert(json_is_true(json_object_get(top, "data_problem")), "%s",
                  key);
        cr_assert_eq(json_array_size(json_object_get(it, "comparables")), 5);
    }
    /* Four defects launch within the 28-day horizon, the fifth after. */
    cr_assert_eq(defects, 4);
    cr_assert(!th_has(r.out, "u0051-defect"));
    /* Sorted by risk. */
    double prev = 2;
    json_array_foreach(items, i, it)
    {
        double risk = json_number_value(json_object_get(it, "risk"));

        cr_assert_leq(risk, prev);
        prev = risk;
    }
    json_decref(doc);
    th_run_free(&r);

    /* The text table says the same: a near defect blocks, with its why. */
    th_rso(&r, dir, "predict " NOW);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "BLOCK u0003-defect"), "%s", r.out);
    cr_assert(th_has(r.out, "why: language = missing"), "%s", r.out);
    th_run_free(&r);
    done(dir);
}

Test(launches, same_input_same_bytes)
{
    char *dir = fixture();
    struct th_run a, b;

    th_rso(&a, dir, "predict --force --format json " NOW);
    cr_assert_eq(a.status, 0, "%s", a.err);
    edit(dir, "cp .recsysops/launch-model/model.ubj first.ubj && "
              "cp .recsysops/launch-model/meta.json first.json");
    th_rso(&b, dir, "predict --force --format json " NOW);
    cr_assert_eq(b.status, 0, "%s", b.err);
    cr_assert_str_eq(a.out, b.out);
    /* The model and its meta (feature map, residuals) too. */
    edit(dir, "cmp first.ubj .recsysops/launch-model/model.ubj && "
              "cmp first.json .recsysops/launch-model/meta.json");
    th_run_free(&a);
    th_run_free(&b);
    done(dir);
}

Test(launches, saved_model_is_reused_until_history_changes)
{
    char *dir = fixture();
    struct th_run a, b, c;

    th_rso(&a, dir, "predict --format csv -v " NOW);
    cr_assert_eq(a.status, 0, "%s", a.err);
    cr_assert(!th_has(a.err, "reusing"), "%s", a.err);
    cr_assert(th_has(a.out, "item,launch,prediction,lower,upper"));
    th_rso(&b, dir, "predict --format csv -v " NOW);
    cr_assert_eq(b.status, 0, "%s", b.err);
    cr_assert(th_has(b.err, "reusing the launch model"), "%s", b.err);
    cr_assert_str_eq(a.out, b.out);
    th_run_free(&b);
    th_sh(&b, dir, "sed -i '$d' data/history.csv");
    th_run_free(&b);
    th_rso(&c, dir, "predict --format csv -v " NOW);
    cr_assert_eq(c.status, 0, "%s", c.err);
    cr_assert(!th_has(c.err, "reusing"), "%s", c.err);
    th_run_free(&a);
    th_run_free(&c);
    done(dir);
}

Test(launches, gate_blocks_near_launches_and_warns_later_ones)
{
    char *dir = fixture(), *xml;
    struct th_run r;

    th_rso(&r, dir, "gate " NOW);
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(xml);
    cr_assert(th_has(xml, "<testsuite name=\"recsysops.launches\""), "%s", xml);
    cr_assert(th_has(xml, "<testcase name=\"u0003-defect\" "
                          "classname=\"recsysops.launches.upcoming\""));
    cr_assert(th_has(xml, "<failure type=\"block\" message=\"predicted "
                          "day1_impressions"));
    cr_assert(th_has(xml, "<failure type=\"warn\""));
    cr_assert(th_has(xml, "top reason: language = missing"));
    cr_assert(th_has(xml, "comparable launches:"));
    cr_assert(th_has(xml, "recsysops hotfix apply boost-new-item"));
    cr_assert(th_has(xml, "<testcase name=\"u0001\""));
    cr_assert(!th_has(xml, "u0051-defect"));
    free(xml);
    th_run_free(&r);
    done(dir);
}

static void expect_error(const char *dir, const char *args, int status,
                         const char *msg)
{
    struct th_run r;

    th_rso(&r, dir, "predict %s", args);
    cr_assert_eq(r.status, status, "%s", r.err);
    cr_assert(th_has(r.err, msg), "expected '%s' in: %s", msg, r.err);
    th_run_free(&r);
}

Test(launches, unknown_feature)
{
    char *dir = fixture();

    edit(dir, "sed -i 's/^  key: item_id/  features: [genres, langauge]\\n"
              "  key: item_id/' recsysops.yml");
    expect_error(dir, NOW, 2,
                 "recsysops.yml:9:22: unknown feature "
                 "'langauge'");
    expect_error(dir, NOW, 2, "did you mean 'language'?");
    done(dir);
}

Test(launches, all_missing_column)
{
    char *dir = fixture();

    edit(dir, "for f in data/*.csv; do awk 'NR == 1 { print $0 \",extra\"; "
              "next } { print $0 \",\" }' $f > t && mv t $f; done");
    expect_error(dir, NOW, 3,
                 "history.csv:1: column 'extra' is empty in "
                 "every row");
    done(dir);
}

Test(launches, empty_history)
{
    char *dir = fixture();

    edit(dir, "head -1 data/history.csv > t && mv t data/history.csv");
    expect_error(dir, NOW, 3,
                 "history.csv: the history holds 0 past "
                 "launches");
    done(dir);
}

Test(launches, non_numeric_target)
{
    char *dir = fixture();

    edit(dir, "echo 'hX,2026-11-29,Drama,en,100,1000,0.1,no,2026-01-01,"
              "calm,0,0,0,lots,0.1' >> data/history.csv");
    expect_error(dir, NOW, 3,
                 "history.csv:2402: target "
                 "'day1_impressions' is 'lots', not a number");
    done(dir);
}

Test(launches, upcoming_date_already_past)
{
    char *dir = fixture();

    expect_error(dir, "--now 2026-12-03T00:00:00Z", 3,
                 "upcoming.csv:2: item 'u0001' launches on "
                 "2026-12-02T00:00:00Z, already past");
    done(dir);
}

Test(launches, bad_flag_rule)
{
    char *dir = fixture();

    edit(dir, "sed -i 's/below: p10/below: p100/' recsysops.yml");
    expect_error(dir, NOW, 2,
                 "recsysops.yml:12:18: 'below' takes a number "
                 "or a percentile");
    done(dir);
}

Test(launches, gate_stops_on_a_bad_launches_mapping)
{
    char *dir = fixture();
    struct th_run r;

    edit(dir, "sed -i 's/horizon: 28d/horizon: 28 days/' recsysops.yml");
    th_rso(&r, dir, "gate " NOW);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "recsysops.yml:13:12:"), "%s", r.err);
    th_run_free(&r);
    done(dir);
}

Test(launches, thresholds_per_segment)
{
    char *dir = fixture();
    struct th_run r;
    json_t *doc, *items, *it;
    double first = -1;
    int differ = 0;
    size_t i;

    edit(dir, "sed -i 's/below: p10 }/below: p10, per: genres }/' "
              "recsysops.yml");
    th_rso(&r, dir, "predict --format json " NOW);
    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = parse(r.out);
    cr_assert(th_has(r.out, "(p10 of history per genres)"));
    items = json_object_get(doc, "items");
    json_array_foreach(items, i, it)
    {
        double t = json_number_value(json_object_get(it, "threshold"));

        if (first < 0)
            first = t;
        differ |= t != first;
    }
    cr_assert(differ, "every item has the same threshold");
    json_decref(doc);
    th_run_free(&r);
    done(dir);
}
