/*
 * validate, version and help.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cli/cli.h"
#include "hotfix/menu.h"
#include "launch/spec.h"
#include "util/err.h"
#include "util/msg.h"

static const struct rso_option validate_options[] = {
    OPT_CONFIG,
    {'q', "quiet", NULL, OPT_FLAG, OPT_FIELD(quiet),
     "print nothing on success"},
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

/* The team's hotfix menu, when the config names one, must load too. */
static int validate_menu(const struct rso_config *cfg)
{
    struct hotfix_menu *m = NULL;
    char *team;
    int rc;

    if (!cfg->hotfixes)
        return 0;
    team = config_path(cfg, cfg->hotfixes);
    rc = hotfix_menu_load(&m, team);
    hotfix_menu_free(m);
    free(team);
    return rc;
}

int cmd_validate(int argc, char **argv)
{
    struct rso_opts opts = {0};
    struct rso_config *cfg = NULL;
    int rc = cli_parse(validate_options, argc, argv, &opts);

    if (rc == 0 && opts.help) {
        cli_usage(stdout, "recsysops validate [options]",
                  "Check the config: keys, types, ids, sources and every "
                  "check's settings.\nReads no data.",
                  validate_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.n_args)
        rc = rso_fail(RSO_EUSAGE, "validate takes no operand ('%s')",
                      opts.args[0]);
    if (rc == 0)
        rc = cli_setup(&opts);
    if (rc == 0)
        rc = cli_load_config(&opts, &cfg);
    if (rc == 0)
        rc = validate_menu(cfg);
    if (rc == 0)
        rc = launch_spec_check(cfg);
    if (rc < 0) {
        msg_error("%s", rso_errmsg());
        config_free(cfg);
        cli_opts_release(&opts);
        return rso_exit_code(rc);
    }
    if (!opts.quiet)
        printf("%s: valid (%zu source%s, %zu check%s)\n", cfg->path,
               cfg->n_sources, cfg->n_sources == 1 ? "" : "s", cfg->n_checks,
               cfg->n_checks == 1 ? "" : "s");
    config_free(cfg);
    cli_opts_release(&opts);
    return fflush(stdout) == 0 ? 0 : RSO_EXIT_DATA;
}

int cmd_version(int argc, char **argv)
{
    printf("recsysops %s\n", RSO_VERSION);
    return fflush(stdout) == 0 ? 0 : RSO_EXIT_DATA;
}

int cmd_help(int argc, char **argv)
{
    if (argc > 0) {
        for (const struct rso_command *c = rso_commands; c->name; c++) {
            char *args[] = {"--help", NULL};

            if (!strcmp(c->name, argv[0]) && strcmp(c->name, "help") &&
                strcmp(c->name, "version"))
                return c->run(1, args);
        }
    }
    printf("usage: recsysops COMMAND [options]\n\n"
           "Is it safe to ship?  recsysops checks a recommender system's\n"
           "data, metrics and readiness before a deploy, and blocks it "
           "when it must.\n\ncommands:\n");
    for (const struct rso_command *c = rso_commands; c->name; c++)
        printf("  %-10s %s\n", c->name, c->summary);
    printf("\nexit codes: 0 ship, 1 blocked, 2 usage or config error, "
           "3 a check could not run\n"
           "'recsysops help COMMAND' or 'recsysops COMMAND --help' for "
           "a command's options.\n");
    return fflush(stdout) == 0 ? 0 : RSO_EXIT_DATA;
}
