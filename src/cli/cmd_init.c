/*
 * init: write starter files into a repository.
 *
 * --checklist writes a starter checklist wired to the checks the config
 * already has (see checklist/starter.h).  Other starters (a config and CI
 * files) belong here too, each behind its own option.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "checklist/checklist.h"
#include "checklist/rubric.h"
#include "checklist/starter.h"
#include "cli/cli.h"
#include "report/atomic.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"


static const struct rso_option init_options[] = {
    OPT_CONFIG,
    {0, "checklist", NULL, OPT_FLAG, OPT_FIELD(checklist),
     "write a starter checklist wired to the config's checks"},
    {0, "force", NULL, OPT_FLAG, OPT_FIELD(force), "overwrite files that exist"},
    {'q', "quiet", NULL, OPT_FLAG, OPT_FIELD(quiet), "print only errors"},
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

/* --- init --checklist ------------------------------------------------ */

/* The config's first checklist check, or NULL. */
static const struct rso_check *checklist_of(const struct rso_config *cfg)
{
    for (size_t i = 0; i < cfg->n_checks; i++)
        if (!strcmp(cfg->checks[i].kind->name, "checklist"))
            return &cfg->checks[i];
    return NULL;
}

static int init_checklist(const struct rso_opts *opts)
{
    struct rso_opts copy = *opts;
    struct rso_config *cfg = NULL;
    const struct rso_check *check;
    const struct checklist_check *spec = NULL;
    struct rubric *r = NULL;
    struct rso_buf text = RSO_BUF_INIT;
    char *path = NULL;
    int rc;

    if ((rc = cli_load_config(&copy, &cfg)))
        return rc;
    if ((check = checklist_of(cfg)))
        spec = check->spec;
    path = config_path(cfg, spec ? spec->file : "mlts.yml");
    if (!opts->force && access(path, F_OK) == 0) {
        rc = rso_fail(RSO_EUSAGE, "'%s' exists; keep it, or write over it "
                                  "with --force",
                      path);
        goto done;
    }
    if (!spec && (rc = rubric_load(&r, "ml-test-score", cfg->dir)))
        goto done;
    checklist_starter(&text, cfg, spec ? spec->rubric : r);
    if ((rc = atomic_write(path, text.ptr, text.len)))
        goto done;
    if (!opts->quiet)
        printf("wrote %s\n", path);
    if (!spec && !opts->quiet)
        printf("add to the checks of %s:\n"
               "  - id: ml-test-score\n"
               "    checklist: { file: mlts.yml, min_score: 2 }\n",
               cfg->path);
done:
    rso_buf_release(&text);
    rubric_free(r);
    free(path);
    config_free(cfg);
    return rc;
}

/* --- the command ------------------------------------------------------ */

int cmd_init(int argc, char **argv)
{
    struct rso_opts opts = {0};
    int rc = cli_parse(init_options, argc, argv, &opts);

    if (rc == 0 && opts.help) {
        cli_usage(stdout, "recsysops init [--checklist] [options]",
                  "Write starter files.  --checklist writes a checklist "
                  "for the ML Test Score\n(or the rubric of the config's "
                  "checklist check), wired to the config's checks.",
                  init_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.n_args)
        rc = rso_fail(RSO_EUSAGE, "init takes no operand ('%s')",
                      opts.args[0]);
    if (rc == 0)
        rc = cli_setup(&opts);
    /* With no starter named, the checklist is the one this init writes. */
    if (rc == 0)
        rc = init_checklist(&opts);
    if (rc < 0)
        msg_error("%s", rso_errmsg());
    cli_opts_release(&opts);
    return rc < 0 ? rso_exit_code(rc) : 0;
}
