/*
 * commands.c: the table of commands and the options they share.
 */
#include <stddef.h>

#include "cli/cli.h"

const struct rso_command rso_commands[] = {
    {"gate", "run every check, write the reports, exit 1 to block",
     cmd_gate},
    {"validate", "check the config only; read no data", cmd_validate},
    {"diagnose", "an item's features against its most comparable items",
     cmd_diagnose},
    {"hotfix", "list | suggest | apply ENTRY: the hotfix menu", cmd_hotfix},
    {"score", "the ML Test Score table of the checklist", cmd_score},
    {"init", "write a starter config (--profile) or checklist "
     "(--checklist)",
     cmd_init},
    {"history", "show, export or prune the history of recorded runs",
     cmd_history},
    {"version", "print the version", cmd_version},
    {"help", "show help for a command", cmd_help},
    {NULL, NULL, NULL},
};
