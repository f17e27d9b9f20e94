/*
 * commands.c: the table of commands and the options they share.
 */
#include <stddef.h>

#include "cli/cli.h"

const struct rso_command rso_commands[] = {
    {"gate", "run every check, write the reports, exit 1 to block", cmd_gate},
    {"predict", "forecast which upcoming launches will start poorly",
     cmd_predict},
    {"score", "the ML Test Score table of the checklist", cmd_score},
    {"diagnose", "an item against its peers; replay a logged request",
     cmd_diagnose},
    {"hotfix", "list | suggest | apply ENTRY: the hotfix menu", cmd_hotfix},
    {"history", "show, export or prune the history of recorded runs",
     cmd_history},
    {"validate", "check the config only; read no data", cmd_validate},
    {"init",
     "write a starter config (--profile) or checklist "
     "(--checklist)",
     cmd_init},
    {"version", "print the version", cmd_version},
    {"help", "show help for a command", cmd_help},
    {NULL, NULL, NULL},
};
