/*
 * commands.c: the table of commands and the options they share.
 */
#include <stddef.h>

#include "cli/cli.h"

#define O(field) offsetof(struct rso_opts, field)

const struct rso_command rso_commands[] = {
    {"gate", "run every check, write the reports, exit 1 to block",
     cmd_gate},
    {"validate", "check the config only; read no data", cmd_validate},
    {"predict", "forecast which upcoming launches will start poorly",
     cmd_predict},
    {"version", "print the version", cmd_version},
    {"help", "show help for a command", cmd_help},
    {NULL, NULL, NULL},
};

/* The options of every command that loads a config and runs checks. */
const struct rso_option cli_common_options[] = {
    {'c', "config", "FILE", OPT_STRING, O(config),
     "the config (default: recsysops.yml, searched upwards)"},
    {0, "only", "ID", OPT_LIST, O(only),
     "run only checks with this id, kind or tag (glob; repeatable)"},
    {0, "skip", "ID", OPT_LIST, O(skip),
     "skip checks with this id, kind or tag (glob; repeatable)"},
    {0, "now", "TIME", OPT_STRING, O(now),
     "a fixed clock, e.g. 2026-12-01T06:00:00Z"},
    {'q', "quiet", NULL, OPT_FLAG, O(quiet), "print only errors"},
    {'v', "verbose", NULL, OPT_COUNT, O(verbose),
     "say more (twice: list passing checks too)"},
    {0, "color", "WHEN", OPT_STRING, O(color),
     "auto, always or never (NO_COLOR is respected)"},
    {'h', "help", NULL, OPT_FLAG, O(help), "show this help"},
    OPT_END,
};
