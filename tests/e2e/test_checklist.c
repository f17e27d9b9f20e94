/*
 * The ML Test Score through the real binary: the gate's checklist suite,
 * the gate failing below min_score, 'score' in every format and
 * 'init --checklist'.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define NOW "--now 2026-12-01T06:00:00Z"

static const char *const config_head = "version: 1\n"
                                       "project: tiny-ranker\n"
                                       "sources:\n"
                                       "  plays: { path: data/plays.csv }\n"
                                       "checks:\n"
                                       "  - id: plays-volume\n"
                                       "    source: plays\n"
                                       "    rows: { min: 2 }\n"
                                       "  - id: plays-few\n"
                                       "    source: plays\n"
                                       "    rows: { max: 1 }\n"
                                       "    severity: warn\n";

/*
 * data 1.5 (a check, a valid attestation, a failing check), model 0.5,
 * infra 1 (a JUnit report), monitor 0.5 (one valid, one expired): 0.5.
 */
static const char *const checklist =
    "data-1: { check: plays-volume }\n"
    "data-2: { manual: { by: ana, on: 2026-11-01, every: 90d, "
    "link: 'https://wiki/ablation' } }\n"
    "data-3: { check: plays-few }\n"
    "model-4: { manual: { by: ana, on: 2026-10-15, every: 90d, "
    "link: 'https://wiki/staleness' } }\n"
    "infra-1: { junit: reports/pytest.xml, cases: 'test_parameterized*' }\n"
    "monitor-2: { manual: { by: cy, on: 2026-11-20, every: 30d, "
    "link: 'https://wiki/invariants' } }\n"
    "monitor-4: { manual: { by: bo, on: 2026-01-01, every: 90d, "
    "link: 'https://wiki/age' } }\n";

static char *project(const char *min_score)
{
    char *dir = th_tmpdir(), *cfg;
    struct th_run r;

    cr_assert(asprintf(&cfg,
                       "%s  - id: ml-test-score\n"
                       "    checklist: { file: mlts.yml, min_score: %s }\n",
                       config_head, min_score) > 0);
    th_write(dir, "recsysops.yml", cfg);
    th_write(dir, "data/plays.csv", "user,item\n1,a\n2,b\n3,c\n");
    th_write(dir, "mlts.yml", checklist);
    th_sh(&r, dir,
          "mkdir -p reports && cp '%s/tests/fixtures/junit/"
          "python-xunit-pytest.xml' reports/pytest.xml",
          th_top());
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    free(cfg);
    return dir;
}

static void done(char *dir)
{
    th_rmrf(dir);
    free(dir);
}

/* The <testcase> element named name in xml, up to its end. */
static char *testcase(const char *xml, const char *name)
{
    char *open, *at, *end;

    cr_assert(asprintf(&open, "<testcase name=\"%s\"", name) > 0);
    at = strstr(xml, open);
    cr_assert(at, "no testcase %s", name);
    end = strstr(at, "</testcase>");
    free(open);
    return strndup(at, end ? (size_t)(end - at) : strlen(at));
}

Test(checklist_gate, fails_below_min_score)
{
    char *dir = project("1"), *xml, *tc;
    struct th_run r;

    th_rso(&r, dir, "gate " NOW);
    cr_assert_eq(r.status, 1, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK checklist/ml-test-score"), "%s", r.out);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(xml);

    tc = testcase(xml, "ml-test-score");
    cr_assert(th_has(tc, "classname=\"recsysops.checklist.ml-test-score\""),
              "%s", tc);
    cr_assert(th_has(tc, "<failure type=\"block\""), "%s", tc);
    cr_assert(th_has(tc, "The ML Test Score 0.5 (weakest section: model),"
                         " below min_score 1"),
              "%s", tc);
    cr_assert(th_has(tc, "<property name=\"infra\" value=\"1\"/>"), "%s", tc);
    free(tc);

    tc = testcase(xml, "data-1");
    cr_assert(th_has(tc, "<property name=\"points\" value=\"1\"/>"), "%s", tc);
    cr_assert(!th_has(tc, "<failure"), "%s", tc);
    free(tc);
    tc = testcase(xml, "data-2");
    cr_assert(th_has(tc, "<property name=\"points\" value=\"0.5\"/>"), "%s",
              tc);
    free(tc);
    tc = testcase(xml, "data-5");
    cr_assert(th_has(tc, "<skipped"), "%s", tc);
    cr_assert(th_has(tc, "not implemented"), "%s", tc);
    free(tc);
    tc = testcase(xml, "data-3");
    cr_assert(th_has(tc, "<failure type=\"warn\""), "%s", tc);
    cr_assert(th_has(tc, "check: &apos;plays-few&apos; failed") ||
                  th_has(tc, "check: 'plays-few' failed"),
              "%s", tc);
    free(tc);
    tc = testcase(xml, "monitor-4");
    cr_assert(th_has(tc, "<failure type=\"warn\""), "%s", tc);
    cr_assert(th_has(tc, "bo must redo it"), "%s", tc);
    free(tc);
    tc = testcase(xml, "infra-1");
    cr_assert(th_has(tc, "<property name=\"points\" value=\"1\"/>"), "%s", tc);
    free(tc);
    cr_assert(th_has(xml, "<testsuite name=\"recsysops.checklist\""), "%s",
              xml);
    free(xml);
    th_run_free(&r);
    done(dir);
}

Test(checklist_gate, passes_at_min_score)
{
    char *dir = project("0.5");
    struct th_run r;

    th_rso(&r, dir, "gate " NOW " -vv");
    cr_assert_eq(r.status, 0, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "pass  checklist/ml-test-score"), "%s", r.out);
    cr_assert(th_has(r.out, "warn  checklist/monitor-4"), "%s", r.out);
    th_run_free(&r);
    done(dir);
}

Test(checklist_gate, attestations_follow_the_clock)
{
    char *dir = project("0.5");
    struct th_run r;

    /* By March, cy's 30-day attestation has lapsed: monitor falls to 0. */
    th_rso(&r, dir, "gate --now 2027-03-01T00:00:00Z -vv");
    cr_assert_eq(r.status, 1, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "cy must redo it"), "%s", r.out);
    cr_assert(th_has(r.out, "The ML Test Score 0 "), "%s", r.out);
    th_run_free(&r);
    done(dir);
}

Test(checklist_score, text_markdown_and_json)
{
    char *dir = project("1");
    struct th_run r;
    json_t *j, *tests;
    json_error_t err;

    th_rso(&r, dir, "score " NOW);
    cr_assert_eq(r.status, 1, "below min_score: %s %s", r.out, r.err);
    cr_assert(th_has(r.out, "section  test       evidence"), "%s", r.out);
    cr_assert(th_has(r.out, "sections: data 1.5, model 0.5, infra 1, "
                            "monitor 0.5"),
              "%s", r.out);
    cr_assert(th_has(r.out, "final score: 0.5 (the minimum over the "
                            "sections; weakest: model), below min_score 1"),
              "%s", r.out);
    cr_assert(th_has(r.out, "band: not totally untested"), "%s", r.out);
    th_run_free(&r);

    th_rso(&r, dir, "score " NOW " --format markdown");
    cr_assert(th_has(r.out, "| section | test | evidence | points | why |"),
              "%s", r.out);
    cr_assert(th_has(r.out, "| data | data-1 Feature expectations are "
                            "captured in a schema | check: plays-volume "
                            "| 1 |"),
              "%s", r.out);
    cr_assert(th_has(r.out, "| model | 0.5 |"), "%s", r.out);
    th_run_free(&r);

    th_rso(&r, dir, "score " NOW " --format json");
    j = json_loads(r.out, 0, &err);
    cr_assert(j, "not JSON: %s\n%s", err.text, r.out);
    cr_assert_float_eq(json_real_value(json_object_get(j, "score")), 0.5,
                       1e-12);
    cr_assert_float_eq(json_real_value(json_object_get(
                           json_object_get(j, "sections"), "data")),
                       1.5, 1e-12);
    cr_assert(json_is_false(json_object_get(j, "passed")));
    tests = json_object_get(j, "tests");
    cr_assert_eq(json_array_size(tests), 28);
    cr_assert_str_eq(
        json_string_value(json_object_get(json_array_get(tests, 0), "status")),
        "verified");
    cr_assert_str_eq(
        json_string_value(json_object_get(json_array_get(tests, 4), "status")),
        "not implemented");
    json_decref(j);
    th_run_free(&r);

    th_rso(&r, dir, "score " NOW " --format yaml");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "--format takes text, markdown or json"), "%s",
              r.err);
    th_run_free(&r);
    done(dir);
}

Test(checklist_score, bad_checklists_exit_2_with_a_position)
{
    char *dir = project("1");
    struct th_run r;

    th_write(dir, "mlts.yml",
             "data-1: { check: plays-volume }\n"
             "data-9: { check: plays-volume }\n");
    th_rso(&r, dir, "gate " NOW);
    cr_assert_eq(r.status, 2, "%s %s", r.out, r.err);
    cr_assert(th_has(r.err, "mlts.yml:2:1: 'data-9' is not a test of the "
                            "rubric 'ml-test-score'"),
              "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    th_run_free(&r);

    th_write(dir, "recsysops.yml",
             "version: 1\nchecks:\n  - id: s\n"
             "    checklist: { file: mlts.yml, rubric: ml-tst-score }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "recsysops.yml:4:42: unknown rubric "
                            "'ml-tst-score'"),
              "%s", r.err);
    th_run_free(&r);
    th_write(dir, "recsysops.yml",
             "version: 1\nchecks:\n  - id: s\n"
             "    checklist: { file: mlts.yml, min_score: -1 }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "must be 0 or more"), "%s", r.err);
    th_run_free(&r);

    th_write(dir, "recsysops.yml",
             "version: 1\nchecks:\n  - id: s\n"
             "    checklist: { file: mlts.yml }\n");
    th_sh(&r, dir, "rm mlts.yml");
    th_run_free(&r);
    th_rso(&r, dir, "gate " NOW " -vv");
    cr_assert_eq(r.status, 3, "%s %s", r.out, r.err);
    cr_assert(th_has(r.out, "the checklist 'mlts.yml' does not exist"), "%s",
              r.out);
    th_run_free(&r);
    done(dir);
}

Test(checklist_init, writes_a_starter_wired_to_the_checks)
{
    char *dir = th_tmpdir(), *text, *cfg;
    struct th_run r;

    th_write(dir, "recsysops.yml", config_head);
    th_write(dir, "data/plays.csv", "user,item\n1,a\n2,b\n3,c\n");
    th_rso(&r, dir, "init --checklist");
    cr_assert_eq(r.status, 0, "%s %s", r.out, r.err);
    cr_assert(th_has(r.out, "wrote mlts.yml"), "%s", r.out);
    cr_assert(th_has(r.out, "checklist: { file: mlts.yml, min_score: 2 }"),
              "%s", r.out);
    th_run_free(&r);
    text = th_read(dir, "mlts.yml");
    /* rows checks are no schema (data-1), but input invariants. */
    cr_assert(th_has(text, "\n# data-1: { manual:"), "%s", text);
    cr_assert(th_has(text, "\nmonitor-2: { check: [plays-volume, "
                           "plays-few] }"),
              "%s", text);
    cr_assert(th_has(text, "# infra-7 Serving models can be rolled back"), "%s",
              text);
    cr_assert(th_has(text, "# infra-7: { manual:"), "%s", text);
    free(text);

    th_rso(&r, dir, "init --checklist");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "exists"), "%s", r.err);
    th_run_free(&r);

    /* The starter loads, and scores what the config's checks prove. */
    cr_assert(asprintf(&cfg,
                       "%s  - id: ml-test-score\n"
                       "    checklist: { file: mlts.yml }\n",
                       config_head) > 0);
    th_write(dir, "recsysops.yml", cfg);
    th_rso(&r, dir, "score " NOW);
    cr_assert_eq(r.status, 0, "%s %s", r.out, r.err);
    cr_assert(th_has(r.out, "check: 'plays-few' failed"), "%s", r.out);
    cr_assert(th_has(r.out, "final score: 0 "), "%s", r.out);
    th_run_free(&r);
    /* Plain init writes the checklist too; --force writes over it. */
    th_rso(&r, dir, "init --force");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "wrote mlts.yml"), "%s", r.out);
    cr_assert(!th_has(r.out, "add to the checks"), "%s", r.out);
    th_run_free(&r);
    free(cfg);
    done(dir);
}

Test(checklist_gate, scores_the_recsysops_rubric_and_a_team_rubric)
{
    char *dir = th_tmpdir(), *cfg;
    struct th_run r;

    th_write(dir, "data/plays.csv", "user,item\n1,a\n2,b\n3,c\n");
    th_write(dir, "ops.yml",
             "detect-inputs: { check: plays-volume }\n"
             "resolve-menu: { manual: { by: dee, on: 2026-11-30, "
             "every: 30d, link: 'https://wiki/menu' } }\n");
    cr_assert(asprintf(&cfg,
                       "%s  - id: ops\n"
                       "    checklist: { file: ops.yml, rubric: recsysops,"
                       " min_score: 0 }\n"
                       "  - id: team\n"
                       "    checklist: { file: team-list.yml, rubric: "
                       "rubrics/team.yml, min_score: 1 }\n",
                       config_head) > 0);
    th_write(dir, "recsysops.yml", cfg);
    th_write(dir, "rubrics/team.yml",
             "id: team\ntitle: Team readiness\nsections:\n"
             "  - id: ops\n    title: Operations\n    tests:\n"
             "      - { id: ops-1, title: On-call, asks: staffed }\n"
             "      - { id: ops-2, title: Runbook, asks: written }\n"
             "bands:\n  - { upto: 0, says: not ready }\n"
             "  - { upto: 1, says: getting there }\n"
             "  - { says: ready }\n");
    th_write(dir, "team-list.yml",
             "ops-1: { check: plays-volume }\n"
             "ops-2: { manual: { by: ed, on: 2026-11-01, every: 7d, "
             "link: 'https://wiki/runbook' } }\n");
    th_rso(&r, dir, "gate " NOW " -vv");
    cr_assert_eq(r.status, 0, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "pass  checklist/detect-inputs"), "%s", r.out);
    cr_assert(th_has(r.out, "skip  checklist/predict-launches"), "%s", r.out);
    cr_assert(th_has(r.out, "pass  checklist/recsysops: Operating a "
                            "recommender system 0"),
              "%s", r.out);
    cr_assert(th_has(r.out, "warn  checklist/ops-2: manual: the "
                            "attestation by ed"),
              "%s", r.out);
    cr_assert(th_has(r.out, "pass  checklist/team: Team readiness 1 "
                            "(weakest section: ops): getting there"),
              "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "score team " NOW " --format json");
    cr_assert_eq(r.status, 0, "%s %s", r.out, r.err);
    cr_assert(th_has(r.out, "\"rubric\": \"team\""), "%s", r.out);
    th_run_free(&r);
    free(cfg);
    done(dir);
}

/*
 * On GitHub, annotations name files from the repository root: the config
 * and the checklist of a project in a subfolder, the gate run there.
 */
Test(checklist_gate, annotations_name_files_from_the_repository_root)
{
    char *dir = project("1"), *top = th_tmpdir();
    struct th_run r;

    th_sh(&r, top, "mkdir svc && cp -r '%s'/. svc/", dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    th_git(top, "init -q -b main . && git add -A && "
                "git -c user.name=t -c user.email=t@t commit -qm c");
    th_sh(&r, top, "cd svc && GITHUB_ACTIONS=true '%s' gate " NOW, th_bin());
    cr_assert_eq(r.status, 1, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "::error file=svc/recsysops.yml,line="), "%s",
              r.out);
    /* The per-test warnings point into the checklist. */
    cr_assert(th_has(r.out, "::warning file=svc/mlts.yml,line=3,"), "%s",
              r.out);
    cr_assert(th_has(r.out, "::warning file=svc/mlts.yml,line=7,"), "%s",
              r.out);
    th_run_free(&r);
    done(top);
    done(dir);
}
