/*
 * The built-in rubrics, the checklist format and the score arithmetic.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist/checklist.h"
#include "checklist/rubric.h"
#include "checklist/score.h"
#include "util/err.h"

static const char *const paper[4][7] = {
    {"Feature expectations are captured in a schema",
     "All features are beneficial", "No feature's cost is too much",
     "Features adhere to meta-level requirements",
     "The data pipeline has appropriate privacy controls",
     "New features can be added quickly", "All input feature code is tested"},
    {"Model specs are reviewed and submitted",
     "Offline and online metrics correlate",
     "All hyperparameters have been tuned",
     "The impact of model staleness is known", "A simpler model is not better",
     "Model quality is sufficient on important data slices",
     "The model is tested for considerations of inclusion"},
    {"Training is reproducible", "Model specs are unit tested",
     "The ML pipeline is integration tested",
     "Model quality is validated before serving", "The model is debuggable",
     "Models are canaried before serving", "Serving models can be rolled back"},
    {"Dependency changes result in notification",
     "Data invariants hold for inputs", "Training and serving are not skewed",
     "Models are not too stale", "Models are numerically stable",
     "Computing performance has not regressed",
     "Prediction quality has not regressed"},
};

static struct rubric *mlts(void)
{
    struct rubric *r = NULL;

    cr_assert_eq(rubric_load(&r, "ml-test-score", "."), 0, "%s", rso_errmsg());
    return r;
}

Test(rubric, ml_test_score_has_the_28_tests_of_the_paper)
{
    static const char *const sections[] = {"data", "model", "infra", "monitor"};
    struct rubric *r = mlts();

    cr_assert_str_eq(r->id, "ml-test-score");
    cr_assert_eq(r->n_sections, 4);
    cr_assert_eq(r->n_tests, 28);
    for (size_t s = 0; s < 4; s++) {
        const struct rubric_section *sec = &r->sections[s];

        cr_assert_str_eq(sec->id, sections[s]);
        cr_assert_eq(sec->n, 7);
        for (size_t i = 0; i < 7; i++) {
            const struct rubric_test *t = &r->tests[sec->first + i];
            char id[32];

            snprintf(id, sizeof(id), "%s-%zu", sections[s], i + 1);
            cr_assert_str_eq(t->id, id);
            cr_assert_str_eq(t->title, paper[s][i], "%s", id);
            cr_assert_eq(t->section, s);
            cr_assert(strlen(t->asks) > 30, "%s asks too little", id);
            cr_assert_eq(rubric_test(r, id), t);
        }
    }
    rubric_free(r);
}

Test(rubric, recsysops_rubric_loads)
{
    struct rubric *r = NULL;

    cr_assert_eq(rubric_load(&r, "recsysops", "."), 0, "%s", rso_errmsg());
    cr_assert_eq(r->n_sections, 4);
    cr_assert_str_eq(r->sections[1].id, "prediction");
    cr_assert(rubric_test(r, "predict-launches"));
    cr_assert(rubric_test(r, "diagnose-logging"));
    cr_assert(rubric_test(r, "resolve-menu"));
    cr_assert(rubric_test(r, "detect-schedule"));
    rubric_free(r);
}

/* The paper's bands, with both sides of every boundary. */
Test(rubric, every_band_boundary)
{
    static const struct {
        double score;
        size_t band;
    } cases[] = {{0, 0},   {0.5, 1},  {1, 1},   {1.5, 2}, {2, 2},
                 {2.5, 3}, {3, 3},    {3.5, 4}, {5, 4},   {5.5, 5},
                 {7, 5},   {1e-9, 1}, {NAN, 0}};
    struct rubric *r = mlts();

    cr_assert_eq(r->n_bands, 6);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        cr_assert_eq(rubric_band(r, cases[i].score), &r->bands[cases[i].band],
                     "score %g", cases[i].score);
    cr_assert(strstr(r->bands[0].says, "research project"));
    cr_assert(strstr(r->bands[4].says, "mission-critical"));
    cr_assert(strstr(r->bands[5].says, "exceptional"));
    rubric_free(r);
}

static void set(struct scorecard *sc, const char *id, double points)
{
    for (size_t i = 0; i < sc->n_rows; i++)
        if (!strcmp(sc->rows[i].test->id, id)) {
            sc->rows[i].v.points = points;
            return;
        }
    cr_assert_fail("no row %s", id);
}

Test(score, half_points_sums_and_the_minimum_over_sections)
{
    struct rubric *r = mlts();
    struct scorecard sc;

    score_init(&sc, r);
    score_totals(&sc);
    cr_assert_eq(sc.final, 0);
    cr_assert_eq(sc.band, &r->bands[0]);

    set(&sc, "data-1", 1);
    set(&sc, "data-2", 0.5);
    set(&sc, "data-3", 0.5);
    set(&sc, "model-1", 1);
    set(&sc, "model-2", 1);
    set(&sc, "infra-1", 0.5);
    set(&sc, "infra-7", 1);
    set(&sc, "infra-4", 0.5);
    set(&sc, "monitor-1", 1);
    set(&sc, "monitor-2", 1);
    set(&sc, "monitor-3", 1);
    score_totals(&sc);
    cr_assert_eq(sc.sums[0], 2);
    cr_assert_eq(sc.sums[1], 2);
    cr_assert_eq(sc.sums[2], 2);
    cr_assert_eq(sc.sums[3], 3);
    cr_assert_eq(sc.final, 2);
    cr_assert_eq(sc.band, &r->bands[2], "2 is within (1, 2]");

    /* One half point less in infra makes it the weakest section. */
    set(&sc, "infra-4", 0);
    score_totals(&sc);
    cr_assert_eq(sc.sums[2], 1.5);
    cr_assert_eq(sc.final, 1.5);
    cr_assert_eq(sc.weakest, 2);
    cr_assert_eq(sc.band, &r->bands[2]);

    /* A strong section does not lift the minimum. */
    for (int i = 1; i <= 7; i++) {
        char id[32];

        snprintf(id, sizeof(id), "monitor-%d", i);
        set(&sc, id, 1);
    }
    score_totals(&sc);
    cr_assert_eq(sc.sums[3], 7);
    cr_assert_eq(sc.final, 1.5);

    /* Every test automated: 7 everywhere, exceptional. */
    for (size_t i = 0; i < sc.n_rows; i++)
        sc.rows[i].v.points = 1;
    score_totals(&sc);
    cr_assert_eq(sc.final, 7);
    cr_assert_eq(sc.band, &r->bands[5]);

    /* Every test manual: 3.5 everywhere, strong. */
    for (size_t i = 0; i < sc.n_rows; i++)
        sc.rows[i].v.points = 0.5;
    score_totals(&sc);
    cr_assert_eq(sc.final, 3.5);
    cr_assert_eq(sc.band, &r->bands[4]);
    score_release(&sc);
    rubric_free(r);
}

static int parse(struct checklist **cl, const struct rubric *r,
                 const char *text)
{
    return checklist_parse(cl, "mlts.yml", text, strlen(text), r);
}

Test(checklist, reads_every_kind_of_evidence)
{
    struct rubric *r = mlts();
    struct checklist *cl = NULL;
    const struct checklist_entry *e;

    cr_assert_eq(parse(&cl, r,
                       "data-1: { check: [a, b] }\n"
                       "data-7: { junit: 'r/*.xml', cases: 'test_*', "
                       "min_cases: 3 }\n"
                       "infra-1: { file: t/x.py, max_age: 180d }\n"
                       "infra-7: { workflow: .github/workflows/d.yml }\n"
                       "model-4: { manual: { by: ana, on: 2026-11-01, "
                       "every: 90d, link: 'https://wiki/x' } }\n"),
                 0, "%s", rso_errmsg());
    cr_assert_eq(cl->len, 5);
    e = checklist_entry(cl, "data-1");
    cr_assert_eq(e->ev.kind, EV_CHECK);
    cr_assert_str_eq(e->ev.checks[1], "b");
    e = checklist_entry(cl, "data-7");
    cr_assert_eq(e->ev.kind, EV_JUNIT);
    cr_assert_eq(e->ev.min_cases, 3);
    e = checklist_entry(cl, "infra-1");
    cr_assert_eq(e->ev.max_age, 180 * 86400.0);
    e = checklist_entry(cl, "model-4");
    cr_assert_eq(e->ev.every, 90 * 86400.0);
    cr_assert_str_eq(e->ev.by, "ana");
    cr_assert_null(checklist_entry(cl, "data-2"));
    checklist_free(cl);
    rubric_free(r);
}

static void refused(const char *text, const char *where, const char *what)
{
    struct rubric *r = mlts();
    struct checklist *cl = NULL;

    cr_assert_eq(parse(&cl, r, text), RSO_EUSAGE, "accepted: %s", text);
    cr_assert_null(cl);
    cr_assert(strstr(rso_errmsg(), where), "%s", rso_errmsg());
    cr_assert(strstr(rso_errmsg(), what), "%s", rso_errmsg());
    rubric_free(r);
}

Test(checklist, bad_entries_are_refused_with_a_position)
{
    refused("data-1: { check: a }\ndata-8: { check: b }\n", "mlts.yml:2:1",
            "'data-8' is not a test of the rubric");
    refused("monitr-2: { check: a }\n", "mlts.yml:1:1",
            "did you mean 'monitor-2'");
    refused("data-1: { check: a, workflow: w.yml }\n", "mlts.yml:1:9",
            "both 'check' and 'workflow'");
    refused("data-1: { }\n", "mlts.yml:1:9", "names no kind");
    refused("data-1: { file: x.py }\n", "mlts.yml:1:9", "needs 'max_age'");
    refused("data-1: { check: a, cases: 'x' }\n",
            "mlts.yml:1:", "'cases' goes with 'junit'");
    refused("data-1: { junit: r.xml }\n", "mlts.yml:1:9", "needs 'cases'");
    refused("data-1: { junit: r.xml, cases: x, min_cases: 0 }\n",
            "mlts.yml:1:", "1 or more");
    refused("data-1: { manual: { by: ana, on: 2026-11-01, link: x } }\n",
            "mlts.yml:1:", "needs 'on'");
    refused("data-1: { manual: { by: ana, on: soon, every: 9d, link: x } "
            "}\n",
            "mlts.yml:1:", "date or time");
    refused("data-1: { file: x.py, max_age: forever }\n",
            "mlts.yml:1:", "duration");
    refused("data-1: { chek: a }\n", "mlts.yml:1:", "did you mean 'check'");
    refused("- data-1\n", "mlts.yml:1:1", "must map rubric test ids");
}

Test(checklist, check_evidence_names_at_least_one_check)
{
    /* Loaded, and verified as "all 0 checks ran and passed". */
    refused("data-1: { check: [] }\n", "mlts.yml:1:18",
            "'check' of 'data-1' names no check");
    refused("data-1: { check: [a, ''] }\n", "mlts.yml:1:22",
            "'check' of 'data-1' holds an empty check id");
    refused("data-1: { check: \"\" }\n", "mlts.yml:1:18",
            "holds an empty check id");
}

Test(checklist, an_attestation_is_dated_within_the_calendar)
{
    /* Loaded, and the verdict wrote its expiry from a failed gmtime. */
    refused("data-1: { manual: { by: a, on: 1e300, every: 9d, link: x } }\n",
            "mlts.yml:1:32",
            "'on' of 'data-1' must be a date in the years "
            "1 to 9999");
    refused("data-1: { manual: { by: a, on: 2026-11-01, "
            "every: 99999999999d, link: x } }\n",
            "mlts.yml:1:51", "'every' of 'data-1' runs past the year 9999");
}

Test(rubric, a_team_rubric_is_checked)
{
    struct rubric *r = NULL;
    const char *bad_bands =
        "id: t\ntitle: T\nsections:\n"
        "  - { id: s, title: S, tests: [{ id: a, title: A, asks: x }] }\n"
        "bands:\n  - { upto: 2, says: low }\n  - { upto: 1, says: mid }\n"
        "  - { says: high }\n";
    const char *dup =
        "id: t\ntitle: T\nsections:\n"
        "  - { id: s, title: S, tests: [{ id: a, title: A, asks: x },\n"
        "                               { id: a, title: B, asks: y }] }\n"
        "bands:\n  - { says: any }\n";

    cr_assert_eq(rubric_parse(&r, "team.yml", bad_bands, strlen(bad_bands)),
                 RSO_EUSAGE);
    cr_assert(strstr(rso_errmsg(), "team.yml:7:"), "%s", rso_errmsg());
    cr_assert(strstr(rso_errmsg(), "must increase"), "%s", rso_errmsg());
    cr_assert_eq(rubric_parse(&r, "team.yml", dup, strlen(dup)), RSO_EUSAGE);
    cr_assert(strstr(rso_errmsg(), "duplicate rubric test id 'a'"), "%s",
              rso_errmsg());
    cr_assert_eq(rubric_load(&r, "no-such-rubric", "."), RSO_EUSAGE);
    cr_assert(strstr(rso_errmsg(), "unknown rubric"), "%s", rso_errmsg());
}
