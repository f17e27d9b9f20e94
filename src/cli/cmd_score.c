/*
 * score: the score table of the config's checklist.
 *
 * The checks that the checklist names as 'check:' evidence are run (and
 * only those), so that their evidence is verified as in a gate; no report
 * is written.  Exit 0, or 1 when the score is below the check's
 * min_score.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "checklist/report.h"
#include "checklist/score.h"
#include "cli/cli.h"
#include "gate/gate.h"
#include "util/err.h"
#include "util/msg.h"

static const struct rso_option score_options[] = {
    OPT_CONFIG,
    {0, "format", "FORMAT", OPT_STRING, OPT_FIELD(format),
     "text (default), markdown or json"},
    OPT_NOW,
    {'q', "quiet", NULL, OPT_FLAG, OPT_FIELD(quiet), "print only errors"},
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

/* The checklist check named id, or the config's first one. */
static int pick(const struct rso_config *cfg, const char *id,
                struct rso_check **out)
{
    for (size_t i = 0; i < cfg->n_checks; i++) {
        struct rso_check *c = &cfg->checks[i];

        if (id && strcmp(c->id, id))
            continue;
        if (strcmp(c->kind->name, "checklist")) {
            if (id)
                return rso_fail(RSO_EUSAGE,
                                "check '%s' is a '%s' check, "
                                "not a checklist",
                                id, c->kind->name);
            continue;
        }
        *out = c;
        return 0;
    }
    if (id)
        return rso_fail(RSO_EUSAGE, "there is no check '%s' in '%s'", id,
                        cfg->path);
    return rso_fail(RSO_EUSAGE,
                    "'%s' has no checklist check; add one such "
                    "as '- id: ml-test-score' with 'checklist: "
                    "{ file: mlts.yml, min_score: 2 }', or "
                    "write a starter with 'recsysops init "
                    "--checklist'",
                    cfg->path);
}

/* Select exactly the checks that the checklist names as evidence. */
static void select_evidence(struct rso_config *cfg, const struct checklist *cl)
{
    for (size_t i = 0; i < cfg->n_checks; i++)
        cfg->checks[i].selected = 0;
    for (size_t i = 0; i < cl->len; i++) {
        const struct evidence *ev = &cl->entries[i].ev;

        for (size_t j = 0; ev->kind == EV_CHECK && ev->checks[j]; j++) {
            struct rso_check *c = config_check(cfg, ev->checks[j]);

            if (c && !c->kind->late)
                c->selected = 1;
        }
    }
}

static int run_score(struct rso_opts *opts, struct rso_config *cfg)
{
    const struct checklist_check *spec;
    struct rso_check *check = NULL;
    enum score_format fmt;
    struct rso_results res;
    struct rso_run run;
    struct scorecard sc;
    struct ev_context ctx;
    int rc;

    if ((rc = score_format_parse(opts->format, &fmt)) ||
        (rc = pick(cfg, opts->n_args ? opts->args[0] : NULL, &check)))
        return rc;
    spec = check->spec;
    if (!spec->list)
        return rso_fail(RSO_EDATA,
                        "the checklist '%s' does not exist; "
                        "write a starter with 'recsysops init "
                        "--checklist'",
                        spec->file);
    select_evidence(cfg, spec->list);
    results_init(&res);
    gate_prepare(&run, cfg, opts, &res);
    gate_plan(&run);
    gate_scan(&run);
    gate_evaluate(&run);
    ctx = (struct ev_context){cfg->dir, run.git, run.now, cfg, &res};
    score_compute(&sc, spec->rubric, spec->list, &ctx);
    rc = score_print(stdout, &sc, spec, fmt);
    if (rc == 0)
        rc = score_below(&sc, spec) ? RSO_EXIT_BLOCK : 0;
    score_release(&sc);
    gate_release(&run);
    results_release(&res);
    return rc;
}

int cmd_score(int argc, char **argv)
{
    struct rso_opts opts = {0};
    struct rso_config *cfg = NULL;
    int rc = cli_parse(score_options, argc, argv, &opts);

    if (rc == 0 && opts.help) {
        cli_usage(stdout, "recsysops score [options] [CHECK-ID]",
                  "Score the checklist of the config's checklist check "
                  "(the first one, or CHECK-ID)\nagainst its rubric, "
                  "verifying every claimed piece of evidence.  Exit 1 "
                  "when\nthe score is below the check's min_score.",
                  score_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.n_args > 1)
        rc = rso_fail(RSO_EUSAGE, "score takes at most one check id");
    if (rc == 0)
        rc = cli_setup(&opts);
    if (rc == 0)
        rc = cli_load_config(&opts, &cfg);
    if (rc == 0)
        rc = run_score(&opts, cfg);
    if (rc < 0)
        msg_error("%s", rso_errmsg());
    config_free(cfg);
    cli_opts_release(&opts);
    return rc < 0 ? rso_exit_code(rc) : rc;
}
