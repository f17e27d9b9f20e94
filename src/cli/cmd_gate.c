/*
 * gate: run every check, write the reports, exit with the verdict.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "gate/gate.h"
#include "history/history.h"
#include "launch/spec.h"
#include "report/github.h"
#include "report/html.h"
#include "report/json.h"
#include "report/junit.h"
#include "report/terminal.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"

static const struct rso_option gate_options[] = {
    OPT_CONFIG,
    {0, "junit", "PATH", OPT_STRING, OPT_FIELD(junit),
     "the JUnit report (default: reports/recsysops.xml)"},
    {0, "junit-profile", "NAME", OPT_STRING, OPT_FIELD(junit_profile),
     "default (file and line for GitHub) or strict (schema-valid)"},
    {0, "results", "PATH", OPT_STRING, OPT_FIELD(results),
     "the JSON results (default: reports/recsysops.json)"},
    {0, "html", "PATH", OPT_STRING, OPT_FIELD(html),
     "the HTML report (default: reports/recsysops.html)"},
    OPT_ONLY,
    OPT_SKIP,
    {0, "fail-on", "LEVEL", OPT_STRING, OPT_FIELD(fail_on),
     "block (default) or warn: what makes the exit code 1"},
    {0, "require-baseline", NULL, OPT_FLAG, OPT_FIELD(require_baseline),
     "a baseline that cannot be found is an error, not a skip"},
    {0, "record", NULL, OPT_FLAG, OPT_FIELD(record),
     "append every observed value to the history store"},
    OPT_NOW,
    {'q', "quiet", NULL, OPT_FLAG, OPT_FIELD(quiet), "print only the verdict"},
    OPT_VERBOSE,
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

static int is_github(void)
{
    const char *v = getenv("GITHUB_ACTIONS");

    return v && !strcmp(v, "true");
}

static double wall(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A finding's file from the repository root, for annotations; as it is
 * outside a repository, or when it lies outside the working tree.
 */
static const char *repo_path(void *git, const char *file, struct rso_buf *out)
{
    if (!git || rso_git_relpath(git, file, out) < 0) {
        rso_err_clear();
        return file;
    }
    return rso_buf_str(out);
}

/* Write every report; returns 0, or the code of the first that failed. */
static int write_reports(const struct rso_opts *opts, struct rso_run *run,
                         struct rso_results *res)
{
    enum junit_profile profile = JUNIT_DEFAULT;
    const char *junit = opts->junit ? opts->junit : "reports/recsysops.xml";
    const char *json = opts->results ? opts->results : "reports/recsysops.json";
    const char *html = opts->html ? opts->html : "reports/recsysops.html";
    int rc = 0;

    if (opts->junit_profile && !strcmp(opts->junit_profile, "strict"))
        profile = JUNIT_STRICT;
    if (junit_write(res, profile, junit) < 0) {
        msg_error("%s", rso_errmsg());
        rc = RSO_EIO;
    }
    if (json_write(res, json) < 0) {
        msg_error("%s", rso_errmsg());
        rc = RSO_EIO;
    }
    if (html_write(res, run->cfg->project, html) < 0) {
        msg_error("%s", rso_errmsg());
        rc = RSO_EIO;
    }
    if (is_github()) {
        const char *summary = getenv("GITHUB_STEP_SUMMARY");

        fflush(stdout);
        github_annotate(stdout, res, repo_path, run->git);
        if (summary && *summary && github_write_summary(summary, res) < 0)
            msg_warn("%s", rso_errmsg());
    }
    return rc;
}

int cmd_gate(int argc, char **argv)
{
    struct rso_opts opts = {0};
    struct rso_config *cfg = NULL;
    struct rso_results res;
    struct rso_run run;
    double t0 = wall();
    int rc, status, recorded = 0;

    results_init(&res);
    if ((rc = cli_parse(gate_options, argc, argv, &opts)) == 0 && opts.help) {
        cli_usage(stdout, "recsysops gate [options]",
                  "Run every check of the config, write the reports and "
                  "exit 0 (ship),\n1 (blocked), 2 (usage or config error) "
                  "or 3 (a check could not run).",
                  gate_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.n_args)
        rc = rso_fail(RSO_EUSAGE, "gate takes no operand ('%s')", opts.args[0]);
    if (rc == 0)
        rc = cli_setup(&opts);
    if (rc == 0)
        rc = cli_load_config(&opts, &cfg);
    if (rc == 0)
        rc = launch_spec_check(cfg);
    /* Nothing checked is not "safe to ship". */
    if (rc == 0 && cfg->n_checks == 0 && !cfg->launches)
        rc = rso_fail(RSO_EUSAGE,
                      "%s has no checks and no launches: nothing to gate",
                      cfg->path);
    if (rc < 0) {
        msg_error("%s", rso_errmsg());
        config_free(cfg);
        cli_opts_release(&opts);
        return rso_exit_code(rc);
    }

    gate_prepare(&run, cfg, &opts, &res);
    gate_plan(&run);
    gate_scan(&run);
    gate_evaluate(&run);
    gate_suggest(&run);
    res.meta.seconds = wall() - t0;
    if (opts.record && (recorded = history_record(&run)) < 0)
        msg_error("%s", rso_errmsg());

    rc = write_reports(&opts, &run, &res);
    terminal_summary(stdout, &res, msg_verbosity());
    status =
        gate_exit_code(&res, opts.fail_on && !strcmp(opts.fail_on, "warn"));
    if (rc < 0) {
        msg_error("the reports could not be written; failing the gate");
        status = RSO_EXIT_DATA;
    }
    if (recorded < 0 && status == RSO_EXIT_PASS)
        status = RSO_EXIT_DATA;
    gate_release(&run);
    results_release(&res);
    config_free(cfg);
    cli_opts_release(&opts);
    if (fflush(stdout) != 0 || ferror(stdout))
        return RSO_EXIT_DATA;
    return status;
}
