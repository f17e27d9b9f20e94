/*
 * The gate end to end: the real binary on small projects made by each
 * test, its exit codes, its messages and its reports.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char *dir;

static void setup(void)
{
    dir = th_tmpdir();
}

static void teardown(void)
{
    th_rmrf(dir);
    free(dir);
}

TestSuite(gate, .init = setup, .fini = teardown);

static const char *plays_csv = "member_id,item_id,score,device\n"
                               "u1,m1,0.5,tv\n"
                               "u2,m2,0.9,web\n"
                               "u3,m1,0.1,\n"
                               "u4,m3,0.7,tv\n";

/* A project whose checks all pass, with extra checks appended. */
static void project(const char *extra_checks)
{
    char *cfg;

    th_write(dir, "data/plays.csv", plays_csv);
    th_write(dir, "eval/metrics.json",
             "{\"ranking\": {\"ndcg_at_10\": 0.35, \"recall\": 0.2}}\n");
    cr_assert(asprintf(&cfg,
                       "version: 1\n"
                       "project: test\n"
                       "sources:\n"
                       "  plays: { path: data/plays.csv }\n"
                       "  metrics: { path: eval/metrics.json }\n"
                       "checks:\n"
                       "  - id: plays-volume\n"
                       "    source: plays\n"
                       "    rows: { min: 3, max: 100 }\n"
                       "  - id: score-range\n"
                       "    source: plays\n"
                       "    range: { column: score, min: 0, max: 1 }\n"
                       "    tags: [scores]\n"
                       "  - id: ndcg\n"
                       "    source: metrics\n"
                       "    metric: { path: ranking.ndcg_at_10, min: 0.3 }\n"
                       "%s",
                       extra_checks) > 0);
    th_write(dir, "recsysops.yml", cfg);
    free(cfg);
}

Test(gate, passes_and_writes_the_reports)
{
    struct th_run r;
    char *xml, *json;

    project("");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "verdict: safe to ship"), "%s", r.out);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "tests=\"3\" failures=\"0\" errors=\"0\""), "%s",
              xml);
    cr_assert(th_has(xml, "classname=\"recsysops.data.plays\""));
    json = th_read(dir, "reports/recsysops.html");
    cr_assert(th_has(json, "Safe to ship."), "no HTML report");
    free(json);
    json = th_read(dir, "reports/recsysops.json");
    cr_assert(th_has(json, "\"blocked\": 0"), "%s", json);
    free(xml);
    free(json);
    th_run_free(&r);
}

Test(gate, blocks_with_exit_1_and_names_the_numbers)
{
    struct th_run r;
    char *xml;

    project("  - id: more-plays\n"
            "    source: plays\n"
            "    rows: { min: 10 }\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK data/more-plays: 4 rows, below the "
                            "minimum 10"),
              "%s", r.out);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "<failure type=\"block\" message=\"4 rows, below "
                          "the minimum 10\""),
              "%s", xml);
    cr_assert(th_has(xml, "line=\"17\""), "%s", xml);
    free(xml);
    th_run_free(&r);
}

Test(gate, range_failure_lists_offending_rows)
{
    struct th_run r;
    char *xml;

    project("  - id: tight-range\n"
            "    source: plays\n"
            "    range: { column: score, max: 0.6 }\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "2 of 4 values of 'score' outside [-inf, 0.6]"), "%s",
              xml);
    cr_assert(th_has(xml, "data/plays.csv:3: score = 0.9"), "%s", xml);
    cr_assert(th_has(xml, "data/plays.csv:5: score = 0.7"), "%s", xml);
    free(xml);
    th_run_free(&r);
}

Test(gate, warnings_pass_unless_fail_on_warn)
{
    struct th_run r;

    project("  - id: device-missing\n"
            "    source: plays\n"
            "    missing: { columns: [device], max: 10% }\n"
            "    severity: warn\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "warn  data/device-missing: 1 column over the "
                            "limit: 'device' is 25.000% missing"),
              "%s", r.out);
    cr_assert(th_has(r.out, "safe to ship (with warnings)"));
    th_run_free(&r);
    th_rso(&r, dir, "gate --fail-on warn");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate --fail-on never");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "--fail-on takes block or warn"), "%s", r.err);
    th_run_free(&r);
}

Test(gate, config_errors_exit_2_with_position_and_write_nothing)
{
    struct th_run r;

    project("  - id: typo\n"
            "    source: plays\n"
            "    rows: { mni: 1 }\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 2, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.err, "recsysops: ") &&
                  th_has(r.err, "recsysops.yml:19:13: unknown key 'mni' in "
                                "'rows' of check 'typo' (did you mean "
                                "'min'?)"),
              "%s", r.err);
    cr_assert_null(th_read(dir, "reports/recsysops.xml"));
    th_run_free(&r);
}

Test(gate, missing_data_exits_3_and_reports_an_error)
{
    struct th_run r;
    char *xml;

    project("  - id: catalog-rows\n"
            "    source: catalog\n"
            "    rows: { min: 1 }\n");
    /* The source exists in the config but its file does not. */
    th_sh(&r, dir,
          "sed -i 's|^sources:|sources:\\n  catalog: "
          "{ path: data/catalog.csv }|' recsysops.yml");
    th_run_free(&r);
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "ERROR data/catalog-rows: source 'catalog' "
                            "could not be read: cannot open"),
              "%s", r.out);
    cr_assert(th_has(r.out, "verdict: cannot tell"), "%s", r.out);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "<error type=\"error\""), "%s", xml);
    free(xml);
    th_run_free(&r);
}

Test(gate, malformed_data_names_file_and_line)
{
    struct th_run r;
    char *xml;

    project("");
    th_write(dir, "data/plays.csv",
             "member_id,item_id,score,device\nu1,m1,0.5,tv\nu2,m2\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "data/plays.csv:3: expected 4 fields as in the "
                          "header, found 2"),
              "%s", xml);
    /* The metrics check still ran and passed. */
    cr_assert(th_has(xml, "<testcase name=\"ndcg\""));
    free(xml);
    th_run_free(&r);
    th_write(dir, "data/plays.csv",
             "member_id,item_id,score,device\nu1,\"m1,0.5,tv\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "data/plays.csv:2:4: unterminated quoted field"),
              "%s", xml);
    free(xml);
    th_run_free(&r);
}

Test(gate, bad_metrics_json_is_an_error_with_position)
{
    struct th_run r;
    char *xml;

    project("");
    th_write(dir, "eval/metrics.json", "{\"ranking\": {\"ndcg_at_10\": }\n");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "eval/metrics.json:1:"), "%s", xml);
    cr_assert(th_has(xml, "invalid JSON"), "%s", xml);
    free(xml);
    th_run_free(&r);
    th_write(dir, "eval/metrics.json", "{\"ranking\": {\"ndcg\": \"high\"}}");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3);
    cr_assert(th_has(r.out, "no value at 'ranking.ndcg_at_10'"), "%s", r.out);
    th_run_free(&r);
}

Test(gate, only_and_skip_leave_skipped_testcases)
{
    struct th_run r;
    char *xml;

    project("  - id: more-plays\n"
            "    source: plays\n"
            "    rows: { min: 10 }\n");
    th_rso(&r, dir, "gate --only scores --only 'nd*'");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "skipped=\"2\""), "%s", xml);
    cr_assert(th_has(xml, "<skipped message=\"filtered out by --only or "
                          "--skip\"/>"));
    free(xml);
    th_run_free(&r);
    th_rso(&r, dir, "gate --skip more-plays --skip rows");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    th_run_free(&r);
}

Test(gate, github_actions_annotations_and_summary)
{
    struct th_run r;
    char *md;

    project("  - id: more-plays\n"
            "    source: plays\n"
            "    rows: { min: 10 }\n"
            "  - id: soft\n"
            "    source: plays\n"
            "    rows: { max: 2 }\n"
            "    severity: warn\n");
    th_sh(&r, dir,
          "GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=%s/summary.md "
          "'%s' gate",
          dir, th_bin());
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "::error file=recsysops.yml,line=17,"
                            "title=recsysops data%3A more-plays::4 rows, "
                            "below the minimum 10\n"),
              "%s", r.out);
    cr_assert(th_has(r.out, "::warning file=recsysops.yml,line=20,"), "%s",
              r.out);
    md = th_read(dir, "summary.md");
    cr_assert(md && !strncmp(md, "## recsysops: blocked", 21), "%s", md);
    free(md);
    th_run_free(&r);
}

Test(gate, unwritable_report_fails_the_gate)
{
    struct th_run r;

    project("");
    th_write(dir, "reports", "a file where the folder should be");
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 3, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.err, "the reports could not be written"), "%s", r.err);
    th_run_free(&r);
}

Test(gate, strict_profile_and_custom_paths)
{
    struct th_run r;
    char *xml;

    project("");
    th_rso(&r, dir,
           "gate --junit out/j.xml --results out/r.json "
           "--junit-profile strict");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    xml = th_read(dir, "out/j.xml");
    cr_assert(th_has(xml, "package=\"recsysops\""), "%s", xml);
    cr_assert(!th_has(xml, "file=\""));
    free(xml);
    xml = th_read(dir, "out/r.json");
    cr_assert(th_has(xml, "\"findings\""), "%s", xml);
    free(xml);
    th_run_free(&r);
    th_rso(&r, dir, "gate --junit-profile loose");
    cr_assert_eq(r.status, 2);
    th_run_free(&r);
}

Test(gate, junitparser_reads_the_default_report)
{
    struct th_run r;

    project("  - id: more-plays\n"
            "    source: plays\n"
            "    rows: { min: 10 }\n");
    th_rso(&r, dir, "gate -q");
    cr_assert_eq(r.status, 1);
    th_run_free(&r);
    th_write(dir, "read.py",
             "from junitparser import JUnitXml, Failure\n"
             "xml = JUnitXml.fromfile('reports/recsysops.xml')\n"
             "n = f = 0\n"
             "names = []\n"
             "for suite in xml:\n"
             "    for case in suite:\n"
             "        n += 1\n"
             "        names.append(case.classname + '/' + case.name)\n"
             "        f += any(isinstance(x, Failure) for x in case.result)\n"
             "print(n, f, ' '.join(sorted(names)))\n");
    th_sh(&r, dir, "/usr/bin/python3 read.py");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "4 1 recsysops.data.plays/more-plays "
                            "recsysops.data.plays/plays-volume "
                            "recsysops.data.plays/score-range "
                            "recsysops.metrics.metrics/ndcg\n");
    th_run_free(&r);
}

Test(gate, config_is_found_upwards_within_the_repository)
{
    struct th_run r;

    project("");
    th_git(dir, "init -q");
    th_write(dir, "sub/deeper/.keep", "");
    th_rso(&r, dir, "-C sub 2>/dev/null; cd sub/deeper && '%s' validate",
           th_bin());
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.out, "../../recsysops.yml: valid (2 sources, 3 "
                            "checks)"),
              "%s", r.out);
    th_run_free(&r);
    /* A nested repository is a boundary: no config is taken from above
     * it. */
    th_git(dir, "init -q sub/inner");
    th_rso(&r, dir, "-C x 2>/dev/null; cd sub/inner && '%s' validate",
           th_bin());
    cr_assert_eq(r.status, 2, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.err, "no recsysops.yml here or in any parent"));
    th_run_free(&r);
}

Test(gate, git_metadata_in_the_report)
{
    struct th_run r;
    char *xml;

    project("");
    th_git(dir, "init -q");
    th_git(dir, "add -A");
    th_git(dir, "commit -qm base");
    th_git(dir, "checkout -qb feature");
    th_write(dir, "notes.txt", "x\n");
    th_git(dir, "add notes.txt");
    th_git(dir, "commit -qm feature");
    th_rso(&r, dir, "gate -q");
    cr_assert_eq(r.status, 0, "%s", r.err);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "<property name=\"branch\" value=\"feature\"/>"),
              "%s", xml);
    cr_assert(th_has(xml, "<property name=\"baseline.ref\" "
                          "value=\"main\"/>"));
    cr_assert(th_has(xml, "<property name=\"baseline.commit\""));
    free(xml);
    th_run_free(&r);
}

Test(gate, bad_options_and_commands_exit_2)
{
    struct th_run r;

    project("");
    th_rso(&r, dir, "gaet");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "unknown command 'gaet' (did you mean "
                            "'gate'?)"),
              "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate --junti x.xml");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "unknown option '--junti' (did you mean "
                            "'--junit'?)"),
              "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate --now yesterday");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "--now takes a time"), "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate --config missing.yml");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "cannot open config 'missing.yml'"), "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate --junit");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "option '--junit' needs a value"));
    th_run_free(&r);
}

Test(gate, validate_reads_no_data)
{
    struct th_run r;

    project("");
    th_sh(&r, dir, "rm -rf data eval");
    th_run_free(&r);
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "recsysops.yml: valid (2 sources, 3 checks)"));
    th_run_free(&r);
}

Test(gate, colour_only_when_asked_or_on_a_terminal)
{
    struct th_run r;

    project("  - id: more-plays\n"
            "    source: plays\n"
            "    rows: { min: 10 }\n");
    th_rso(&r, dir, "gate");
    cr_assert(!th_has(r.out, "\033["), "colour without a terminal");
    th_run_free(&r);
    th_sh(&r, dir, "unset NO_COLOR; '%s' gate --color always", th_bin());
    cr_assert(th_has(r.out, "\033[1;31mBLOCK"), "%s", r.out);
    th_run_free(&r);
    th_sh(&r, dir, "NO_COLOR=1 '%s' gate --color auto", th_bin());
    cr_assert(!th_has(r.out, "\033["));
    th_run_free(&r);
}

Test(gate, help_and_version)
{
    struct th_run r;

    th_rso(&r, dir, "--version");
    cr_assert_eq(r.status, 0);
    cr_assert(!strncmp(r.out, "recsysops ", 10));
    th_run_free(&r);
    th_rso(&r, dir, "help gate");
    cr_assert_eq(r.status, 0);
    cr_assert(th_has(r.out, "--junit-profile NAME"), "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "%s", "");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.out, "commands:"));
    th_run_free(&r);
}

Test(gate, bad_durations_are_config_errors_in_validate_and_gate)
{
    struct th_run r;

    project("");
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "launches:\n"
             "  history: h.csv\n"
             "  upcoming: u.csv\n"
             "  key: item_id\n"
             "  date: launch_date\n"
             "  target: day1\n"
             "  flag: { below: p10 }\n"
             "  horizon: 4 weeks\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.err, "recsysops.yml:9:12: 'horizon' in 'launches' "
                            "must be a duration"),
              "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 2, "%s\n%s", r.out, r.err);
    cr_assert_null(th_read(dir, "reports/recsysops.xml"));
    th_run_free(&r);
}

Test(gate, init_writes_a_starter_config_and_workflow)
{
    struct th_run r;
    char *cfg, *wf;

    th_git(dir, "init -q");
    th_rso(&r, dir, "init");
    cr_assert_eq(r.status, 0, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    cfg = th_read(dir, "recsysops.yml");
    wf = th_read(dir, ".github/workflows/recsysops.yml");
    cr_assert(th_has(cfg, "version: 1"), "%s", cfg);
    cr_assert(th_has(wf, "fetch-depth: 0"), "%s", wf);
    free(cfg);
    free(wf);
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    /* An empty config gates nothing, and says so instead of passing. */
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 2, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.err, "has no checks and no launches: nothing to "
                            "gate"),
              "%s", r.err);
    th_run_free(&r);
}

Test(gate, init_never_replaces_a_workflow_without_force)
{
    struct th_run r;

    th_git(dir, "init -q");
    th_write(dir, ".github/workflows/recsysops.yml", "name: mine\n");
    th_rso(&r, dir, "init");
    cr_assert_eq(r.status, 2, "%s\n%s", r.out, r.err);
    cr_assert(th_has(r.err, "exists; --force replaces it"), "%s", r.err);
    cr_assert_null(th_read(dir, "recsysops.yml"));
    th_run_free(&r);
    th_rso(&r, dir, "init --force");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
}

/*
 * libgit2 is loaded when a repository is first opened: 'version' and
 * 'validate' never load it; a gate in a repository does, for the commit.
 */
Test(gate, libgit2_is_loaded_only_when_a_repository_is_read)
{
    struct th_run r;
    char *json;

    project("");
    th_sh(&r, dir, "LD_DEBUG=libs '%s' version 2>&1 >/dev/null", th_bin());
    cr_assert(!th_has(r.out, "libgit2"), "%s", r.out);
    cr_assert(th_has(r.out, "libyaml"), "the loader said nothing: %s", r.out);
    th_run_free(&r);
    th_sh(&r, dir, "LD_DEBUG=libs '%s' validate 2>&1 >/dev/null", th_bin());
    cr_assert(!th_has(r.out, "libgit2"), "%s", r.out);
    th_run_free(&r);
    th_git(dir, "init -q -b main . && git add -A && "
                "git -c user.name=t -c user.email=t@t commit -qm c");
    th_sh(&r, dir, "LD_DEBUG=libs '%s' gate -q 2>&1 >/dev/null", th_bin());
    cr_assert(th_has(r.out, "libgit2"), "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "gate -q --results r.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    json = th_read(dir, "r.json");
    cr_assert(th_has(json, "\"commit\""), "no commit: %s", json);
    free(json);
}
