/*
 * Evidence of every kind, verifying and not: JUnit reports in the
 * dialects other suites write (and hostile ones), git file age, CI
 * schedules, attestations against a fixed clock, and checks of the run.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist/evidence.h"
#include "checklist/workflow.h"
#include "checklist/xunit.h"
#include "helpers.h"
#include "util/err.h"
#include "util/units.h"

static double at(const char *when)
{
    double t;

    cr_assert_eq(units_timestamp(when, &t), 0, "%s", when);
    return t;
}

/* The source tree's root as an absolute path (tests cd elsewhere). */
static const char *top(void)
{
    static char path[4096];

    if (!path[0])
        cr_assert(realpath(th_top(), path));
    return path;
}

static char *fixture(const char *name)
{
    char *p;

    cr_assert(asprintf(&p, "%s/tests/fixtures/junit/%s", top(), name) > 0);
    return p;
}

struct counts {
    size_t pass, fail, error, skip;
};

static struct counts read_dialect(const char *name, struct xunit *x)
{
    char *path = fixture(name);
    struct counts n = {0, 0, 0, 0};

    cr_assert_eq(xunit_read(x, path), 0, "%s: %s", name, rso_errmsg());
    for (size_t i = 0; i < x->len; i++) {
        switch (x->cases[i].status) {
        case XU_PASS:
            n.pass++;
            break;
        case XU_FAIL:
            n.fail++;
            break;
        case XU_ERROR:
            n.error++;
            break;
        case XU_SKIP:
            n.skip++;
            break;
        }
    }
    free(path);
    return n;
}

#define DIALECT(file, p, f, e, s)                                              \
    do {                                                                       \
        struct xunit x = XUNIT_INIT;                                           \
        struct counts n = read_dialect(file, &x);                              \
        cr_assert(n.pass == (p) && n.fail == (f) && n.error == (e) &&          \
                      n.skip == (s),                                           \
                  "%s: %zu pass %zu fail %zu error %zu skip", file, n.pass,    \
                  n.fail, n.error, n.skip);                                    \
        xunit_release(&x);                                                     \
    } while (0)

Test(xunit, reads_every_dialect)
{
    DIALECT("python-xunit-pytest.xml", 6, 2, 0, 2);
    DIALECT("junit-basic.xml", 8, 1, 0, 0); /* nested suites */
    DIALECT("junit4-complete.xml", 5, 1, 1, 1);
    DIALECT("jest-junit.xml", 1, 4, 0, 1);
    DIALECT("surefire.xml", 3, 1, 0, 1); /* flaky passes */
    DIALECT("phpunit.xml", 3, 1, 1, 0);  /* three levels deep */
    DIALECT("bare.xml", 2, 0, 0, 0);     /* no attributes */
}

Test(xunit, names_and_matching)
{
    struct xunit x = XUNIT_INIT;

    read_dialect("python-xunit-pytest.xml", &x);
    cr_assert_str_eq(x.cases[2].name, "test_parameterized[param1]");
    cr_assert_str_eq(x.cases[2].classname, "tests.test_lib");
    cr_assert_str_eq(x.cases[5].message, "assert False");
    cr_assert(xunit_case_matches(&x.cases[2], "test_parameterized*"));
    cr_assert(xunit_case_matches(&x.cases[2], "tests.test_lib.*"));
    cr_assert(!xunit_case_matches(&x.cases[2], "test_always_*"));
    xunit_release(&x);
    read_dialect("bare.xml", &x);
    cr_assert_str_eq(x.cases[0].name, "");
    cr_assert_str_eq(x.cases[0].classname, "");
    cr_assert(!xunit_case_matches(&x.cases[0], "test_*"));
    xunit_release(&x);
}

static int read_text(const char *text, struct xunit *x, char **dir)
{
    char *path;
    int rc;

    *dir = th_tmpdir();
    th_write(*dir, "r.xml", text);
    cr_assert(asprintf(&path, "%s/r.xml", *dir) > 0);
    rc = xunit_read(x, path);
    free(path);
    return rc;
}

Test(xunit, malformed_and_foreign_documents_are_refused)
{
    struct xunit x = XUNIT_INIT;
    char *dir;

    cr_assert_eq(
        read_text("<testsuite>\n<testcase name='a'>\n</testsuite>", &x, &dir),
        RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "malformed XML"), "%s", rso_errmsg());
    cr_assert(strstr(rso_errmsg(), "r.xml':3:"), "%s", rso_errmsg());
    cr_assert_eq(x.len, 0);
    th_rmrf(dir);
    free(dir);
    cr_assert_eq(read_text("<html><body/></html>", &x, &dir), RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "its root is <html>"), "%s", rso_errmsg());
    th_rmrf(dir);
    free(dir);
    cr_assert_eq(read_text("", &x, &dir), RSO_EDATA);
    th_rmrf(dir);
    free(dir);
}

Test(xunit, an_external_entity_cannot_read_a_local_file)
{
    struct xunit x = XUNIT_INIT;
    char *dir = th_tmpdir(), *doc, *path;
    struct th_run r;

    th_write(dir, "secret.txt", "TOPSECRET-42");
    cr_assert(asprintf(&doc,
                       "<?xml version='1.0'?>\n"
                       "<!DOCTYPE testsuite [\n"
                       "  <!ENTITY leak SYSTEM 'file://%s/secret.txt'>\n"
                       "]>\n"
                       "<testsuite><testcase name='t'>"
                       "<failure>&leak;</failure></testcase>"
                       "</testsuite>\n",
                       dir) > 0);
    th_write(dir, "xxe.xml", doc);
    cr_assert(asprintf(&path, "%s/xxe.xml", dir) > 0);
    cr_assert_eq(xunit_read(&x, path), RSO_EDATA);
    cr_assert_eq(x.len, 0);
    cr_assert(strstr(rso_errmsg(), "DOCTYPE"), "%s", rso_errmsg());
    cr_assert(!strstr(rso_errmsg(), "TOPSECRET"), "%s", rso_errmsg());
    /* The stock parser, as a control, does read it with NOENT. */
    th_sh(&r, dir, "xmllint --noent xxe.xml");
    cr_assert(strstr(r.out, "TOPSECRET-42"), "control failed: %s", r.out);
    th_run_free(&r);
    free(path);
    free(doc);
    th_rmrf(dir);
    free(dir);
}

Test(xunit, an_entity_bomb_is_refused)
{
    struct xunit x = XUNIT_INIT;
    struct rso_buf doc = RSO_BUF_INIT;
    char *dir;

    rso_buf_puts(&doc, "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
                       "<!ENTITY l0 'lol'>\n");
    for (int i = 1; i < 10; i++)
        rso_buf_printf(&doc,
                       "<!ENTITY l%d '&l%d;&l%d;&l%d;&l%d;&l%d;"
                       "&l%d;&l%d;&l%d;&l%d;&l%d;'>\n",
                       i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                       i - 1, i - 1, i - 1);
    rso_buf_puts(&doc, "]>\n<testsuite><testcase name='&l9;'/>"
                       "</testsuite>\n");
    cr_assert_eq(read_text(rso_buf_str(&doc), &x, &dir), RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "DOCTYPE"), "%s", rso_errmsg());
    cr_assert_eq(x.len, 0);
    th_rmrf(dir);
    free(dir);

    /* An external DTD is not fetched either: the DOCTYPE is refused. */
    cr_assert_eq(read_text("<!DOCTYPE testsuite SYSTEM "
                           "'http://127.0.0.1:9/junit.dtd'>\n"
                           "<testsuite><testcase name='a'/></testsuite>",
                           &x, &dir),
                 RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "DOCTYPE"), "%s", rso_errmsg());
    rso_buf_release(&doc);
    th_rmrf(dir);
    free(dir);
}

/* --- evidence ---------------------------------------------------------- */

static struct verdict verify(const struct evidence *ev,
                             const struct ev_context *ctx)
{
    struct verdict v;

    evidence_verify(&v, ev, ctx);
    return v;
}

static char *junit_project(void)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_sh(&r, dir,
          "mkdir reports && cp '%s/tests/fixtures/junit/"
          "python-xunit-pytest.xml' reports/pytest.xml && cp '%s/tests/"
          "fixtures/junit/surefire.xml' reports/surefire.xml",
          top(), top());
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    return dir;
}

Test(evidence, junit_passes_and_fails_with_a_reason)
{
    char *dir = junit_project();
    struct ev_context ctx = {dir, NULL, 0, NULL, NULL};
    struct evidence ev = {.kind = EV_JUNIT,
                          .path = "reports/pytest.xml",
                          .cases = "test_parameterized*",
                          .min_cases = 1};
    struct verdict v = verify(&ev, &ctx);

    cr_assert(v.verified, "%s", v.why);
    cr_assert_eq(v.points, 1);
    cr_assert_str_eq(v.why, "junit: reports/pytest.xml: 2 cases matching "
                            "'test_parameterized*' passed");
    verdict_release(&v);

    ev.cases = "test_always_*";
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert_eq(v.points, 0);
    cr_assert_str_eq(v.why, "junit: reports/pytest.xml: 1 of 2 cases "
                            "matching 'test_always_*' failed");
    cr_assert(strstr(rso_buf_str(&v.details), "test_always_fail"));
    verdict_release(&v);

    ev.cases = "test_parameterized*";
    ev.min_cases = 3;
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "fewer than min_cases 3"), "%s", v.why);
    verdict_release(&v);

    /* Skipped cases alone prove nothing. */
    ev.cases = "test_always_skip";
    ev.min_cases = 1;
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "0 cases matching 'test_always_skip' ran (1 "
                            "skipped)"),
              "%s", v.why);
    verdict_release(&v);

    /* A glob reads every report; the classname also matches. */
    ev.path = "reports/*.xml";
    ev.cases = "com.example.features.FeatureSchemaTest.testSchemaA*";
    v = verify(&ev, &ctx);
    cr_assert(v.verified, "%s", v.why);
    verdict_release(&v);

    ev.path = "reports/none-*.xml";
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert_str_eq(v.why, "junit: no report matches "
                            "'reports/none-*.xml'");
    verdict_release(&v);

    th_write(dir, "reports/broken.xml", "<testsuite><testcase></testsuite>");
    ev.path = "reports/*.xml";
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "malformed XML"), "%s", v.why);
    verdict_release(&v);
    th_rmrf(dir);
    free(dir);
}

Test(evidence, manual_attestation_holds_then_expires)
{
    struct ev_context ctx = {".", NULL, at("2026-12-01T06:00:00Z"), NULL, NULL};
    struct evidence ev = {.kind = EV_MANUAL,
                          .by = "ana",
                          .on = at("2026-11-01"),
                          .every = 90 * 86400.0,
                          .link = "https://wiki/staleness"};
    struct verdict v = verify(&ev, &ctx);

    cr_assert(v.verified, "%s", v.why);
    cr_assert_eq(v.points, 0.5);
    cr_assert(strstr(v.why, "holds until 2027-01-30"), "%s", v.why);
    verdict_release(&v);

    /* The last second of validity, then one second past it. */
    ctx.now = at("2027-01-30T00:00:00Z");
    v = verify(&ev, &ctx);
    cr_assert_eq(v.points, 0.5, "%s", v.why);
    verdict_release(&v);
    ctx.now += 1;
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert_eq(v.points, 0);
    cr_assert_str_eq(v.why, "manual: the attestation by ana of 2026-11-01 "
                            "expired on 2027-01-30 (every 90d); ana must "
                            "redo it and update the checklist");
    verdict_release(&v);

    ctx.now = at("2026-10-01");
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "in the future"), "%s", v.why);
    verdict_release(&v);
}

static void commit_at(const char *dir, const char *when, const char *msg)
{
    struct th_run r;

    th_sh(&r, dir,
          "GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
          "GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@example.com "
          "GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@example.com "
          "git -c commit.gpgsign=false commit -q -m '%s'",
          when, when, msg);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
}

Test(evidence, file_age_comes_from_git_history)
{
    char *dir = th_tmpdir();
    struct rso_git *git = NULL;
    struct ev_context ctx = {dir, NULL, at("2026-12-01T06:00:00Z"), NULL, NULL};
    struct evidence ev = {.kind = EV_FILE,
                          .path = "tests/test_repro.py",
                          .max_age = 180 * 86400.0};
    struct verdict v;

    th_git(dir, "init -q");
    th_write(dir, "tests/test_repro.py", "def test_repro(): pass\n");
    th_git(dir, "add tests/test_repro.py");
    commit_at(dir, "2026-05-01T12:00:00Z", "add the reproducibility test");
    th_write(dir, "README", "other work\n");
    th_git(dir, "add README");
    commit_at(dir, "2026-11-20T12:00:00Z", "touch something else");
    cr_assert_eq(rso_git_open(&git, dir), 0, "%s", rso_errmsg());
    ctx.git = git;

    v = verify(&ev, &ctx);
    cr_assert(!v.verified, "%s", v.why);
    cr_assert(strstr(v.why, "file: 'tests/test_repro.py' last changed 213d"),
              "%s", v.why);
    cr_assert(strstr(v.why, "2026-05-01"), "%s", v.why);
    cr_assert(strstr(v.why, "more than max_age 180d"), "%s", v.why);
    verdict_release(&v);

    ev.max_age = 365 * 86400.0;
    v = verify(&ev, &ctx);
    cr_assert(v.verified, "%s", v.why);
    cr_assert_eq(v.points, 1);
    verdict_release(&v);

    /* A working-tree file that was never committed is no evidence. */
    th_write(dir, "tests/test_new.py", "def test_new(): pass\n");
    ev.path = "tests/test_new.py";
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert_str_eq(v.why, "file: 'tests/test_new.py' is not committed at "
                            "HEAD");
    verdict_release(&v);

    ctx.git = NULL;
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "no git repository"), "%s", v.why);
    verdict_release(&v);
    rso_git_free(git);
    th_rmrf(dir);
    free(dir);
}

static struct verdict workflow(const char *name, const char *text)
{
    char *dir = th_tmpdir();
    struct ev_context ctx = {dir, NULL, 0, NULL, NULL};
    struct evidence ev = {.kind = EV_WORKFLOW, .path = name};
    struct verdict v;

    if (text)
        th_write(dir, name, text);
    v = verify(&ev, &ctx);
    th_rmrf(dir);
    free(dir);
    return v;
}

Test(evidence, workflows_must_run_on_a_schedule)
{
    struct verdict v;

    v = workflow(".github/workflows/drill.yml",
                 "name: drill\non:\n  push: {}\n  schedule:\n"
                 "    - cron: '0 3 * * 1'\njobs: {}\n");
    cr_assert(v.verified, "%s", v.why);
    cr_assert(strstr(v.why, "cron '0 3 * * 1'"), "%s", v.why);
    verdict_release(&v);

    v = workflow(".github/workflows/ci.yml",
                 "on: [push, pull_request]\njobs: {}\n");
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "does not run on a schedule"), "%s", v.why);
    verdict_release(&v);

    v = workflow(".github/workflows/bad.yml",
                 "on:\n  schedule:\n    - cron: '0 3 * *'\n");
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "bad.yml:3:"), "%s", v.why);
    verdict_release(&v);

    v = workflow("Jenkinsfile", "pipeline {\n  agent any\n  triggers {\n"
                                "    cron('H 2 * * *')\n  }\n}\n");
    cr_assert(v.verified, "%s", v.why);
    cr_assert(strstr(v.why, "'H 2 * * *'"), "%s", v.why);
    verdict_release(&v);

    v = workflow("Jenkinsfile",
                 "pipeline {\n  triggers {\n"
                 "    // cron('H 2 * * *')\n    pollSCM('H * * * *')\n"
                 "  }\n}\n");
    cr_assert(!v.verified, "a commented-out cron counted: %s", v.why);
    verdict_release(&v);

    v = workflow(".github/workflows/missing.yml", NULL);
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "cannot open"), "%s", v.why);
    verdict_release(&v);

    cr_assert(workflow_cron_valid("*/15 0-6 1,15 * MON-FRI", 0));
    cr_assert(!workflow_cron_valid("@daily", 0));
    cr_assert(workflow_cron_valid("@daily", 1));
    cr_assert(!workflow_cron_valid("0 3 * * * *", 0));
}

Test(evidence, checks_must_have_run_and_passed)
{
    char *dir = th_tmpdir(), *path;
    struct rso_config *cfg = NULL;
    struct rso_results res;
    struct ev_context ctx = {dir, NULL, 0, NULL, NULL};
    const char *ids[] = {"a", "b", NULL};
    struct evidence ev = {.kind = EV_CHECK, .checks = ids};
    struct verdict v;

    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv }\nchecks:\n"
             "  - { id: a, source: s, rows: { min: 1 } }\n"
             "  - { id: b, source: s, rows: { min: 1 } }\n"
             "  - { id: c, source: s, rows: { min: 1 } }\n");
    cr_assert(asprintf(&path, "%s/recsysops.yml", dir) > 0);
    cr_assert_eq(config_load(&cfg, path), 0, "%s", rso_errmsg());
    results_init(&res);
    finding_set(results_add(&res, &cfg->checks[0], NULL, NULL), RSO_PASS, "ok");
    finding_set(results_add(&res, &cfg->checks[1], NULL, NULL), RSO_PASS, "ok");
    finding_set(results_add(&res, &cfg->checks[2], NULL, NULL), RSO_FAIL,
                "3 rows, below the minimum 5");
    ctx.cfg = cfg;
    ctx.results = &res;

    v = verify(&ev, &ctx);
    cr_assert(v.verified, "%s", v.why);
    cr_assert_eq(v.points, 1);
    verdict_release(&v);

    ids[1] = "c";
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert_str_eq(v.why, "check: 'c' failed in this run: 3 rows, below "
                            "the minimum 5");
    verdict_release(&v);

    ids[1] = "nope";
    v = verify(&ev, &ctx);
    cr_assert_str_eq(v.why, "check: there is no check 'nope' in the config");
    verdict_release(&v);

    results_release(&res);
    results_init(&res);
    finding_set(results_add(&res, &cfg->checks[0], NULL, NULL), RSO_SKIP,
                "filtered out by --only or --skip");
    ids[1] = NULL;
    v = verify(&ev, &ctx);
    cr_assert(!v.verified);
    cr_assert(strstr(v.why, "'a' did not run"), "%s", v.why);
    verdict_release(&v);
    results_release(&res);
    config_free(cfg);
    free(path);
    th_rmrf(dir);
    free(dir);
}

/* Regression tests from fuzzing and review of tests/fuzz/fuzz_xunit.c. */

static const char *const failing =
    "<testsuite><testcase name='t'><failure message='no'/></testcase>"
    "</testsuite>\n";

Test(xunit, a_report_is_read_from_its_own_name_only)
{
    struct xunit x = XUNIT_INIT;
    char *dir = th_tmpdir(), *path;

    /* A name is a file's name, not a URI to unescape into rA.xml. */
    th_write(dir, "r%41.xml", failing);
    th_write(dir, "rA.xml", "<testsuite><testcase name='t'/></testsuite>");
    cr_assert(asprintf(&path, "%s/r%%41.xml", dir) > 0);
    cr_assert_eq(xunit_read(&x, path), 0, "%s", rso_errmsg());
    cr_assert_eq(x.len, 1);
    cr_assert_eq(x.cases[0].status, XU_FAIL);
    xunit_release(&x);
    free(path);
    th_rmrf(dir);
    free(dir);
}

/* Bytes the declared encoding cannot convert: one message, on no stream. */
Test(xunit, an_encoding_error_is_reported_not_printed,
     .init = cr_redirect_stderr)
{
    struct xunit x = XUNIT_INIT;
    char *dir;

    cr_assert_eq(read_text("<?xml version='1.0' encoding='ISO-2022-JP'?>\n"
                           "<testsuite name='x'><testcase name='\x86\x63e'/>"
                           "</testsuite>\n",
                           &x, &dir),
                 RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "r.xml':"), "%s", rso_errmsg());
    fflush(stderr);
    cr_assert_stderr_eq_str("");
    xunit_release(&x);
    th_rmrf(dir);
    free(dir);
}

Test(xunit, a_compressed_report_is_not_inflated)
{
    struct xunit x = XUNIT_INIT;
    char *dir = th_tmpdir(), *path;
    struct th_run r;

    /* libxml2 inflated gzip by itself: a small file could fill memory. */
    th_write(dir, "r.xml", failing);
    th_sh(&r, dir, "gzip -c r.xml > z.xml");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    cr_assert(asprintf(&path, "%s/z.xml", dir) > 0);
    cr_assert_eq(xunit_read(&x, path), RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "z.xml':1: malformed XML"), "%s",
              rso_errmsg());
    cr_assert_eq(x.len, 0);
    free(path);
    th_rmrf(dir);
    free(dir);
}

Test(xunit, a_missing_report_says_so)
{
    struct xunit x = XUNIT_INIT;

    cr_assert_eq(xunit_read(&x, "/nonexistent/r.xml"), RSO_EDATA);
    cr_assert_str_eq(rso_errmsg(), "cannot open '/nonexistent/r.xml': No "
                                   "such file or directory");
}
