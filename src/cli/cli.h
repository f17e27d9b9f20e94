/*
 * cli.h: commands and their options.
 *
 * One table of options per command drives both parsing and --help.  The
 * options shared by the commands that run checks live in struct
 * rso_opts; a command with options of its own passes its own table.
 */
#ifndef RSO_CLI_H
#define RSO_CLI_H

#include <stddef.h>

#include "config/config.h"
#include "util/msg.h"

enum opt_type {
    OPT_FLAG,   /* sets an int to 1 */
    OPT_COUNT,  /* adds 1 to an int */
    OPT_STRING, /* a const char * */
    OPT_LIST    /* appends to a NULL-terminated const char ** */
};

struct rso_option {
    char short_name; /* 0 for none */
    const char *long_name;
    const char *arg; /* placeholder in help, NULL for flags */
    enum opt_type type;
    size_t offset; /* into the options struct */
    const char *help;
};

#define OPT_END                                                                \
    {                                                                          \
        0, NULL, NULL, 0, 0, NULL                                              \
    }

/* Entries that several commands' tables share, worded once. */
#define OPT_FIELD(field) offsetof(struct rso_opts, field)
#define OPT_CONFIG                                                             \
    {                                                                          \
        'c', "config", "FILE", OPT_STRING, OPT_FIELD(config),                  \
            "the config (default: recsysops.yml, searched upwards)"            \
    }
#define OPT_ONLY                                                               \
    {                                                                          \
        0, "only", "ID", OPT_LIST, OPT_FIELD(only),                            \
            "run only checks with this id, kind or tag (glob; repeatable)"     \
    }
#define OPT_SKIP                                                               \
    {                                                                          \
        0, "skip", "ID", OPT_LIST, OPT_FIELD(skip),                            \
            "skip checks with this id, kind or tag (glob; repeatable)"         \
    }
#define OPT_NOW                                                                \
    {                                                                          \
        0, "now", "TIME", OPT_STRING, OPT_FIELD(now),                          \
            "a fixed clock, e.g. 2026-12-01T06:00:00Z"                         \
    }
#define OPT_VERBOSE                                                            \
    {                                                                          \
        'v', "verbose", NULL, OPT_COUNT, OPT_FIELD(verbose),                   \
            "say more (twice: list passing checks too)"                        \
    }
#define OPT_COLOR                                                              \
    {                                                                          \
        0, "color", "WHEN", OPT_STRING, OPT_FIELD(color),                      \
            "auto, always or never (NO_COLOR is respected)"                    \
    }
#define OPT_HELP                                                               \
    {                                                                          \
        'h', "help", NULL, OPT_FLAG, OPT_FIELD(help), "show this help"         \
    }

/* Options shared by gate, validate, predict, score and hotfix. */
struct rso_opts {
    const char *config;
    const char *junit;
    const char *junit_profile;
    const char *fail_on;
    const char *color;
    const char *now;
    const char *format;
    const char *results;
    const char *html;
    const char *check;
    const char **only;
    const char **skip;
    int quiet;
    int verbose;
    int help;
    int record;
    int require_baseline;
    int backtest;
    int force;
    const char *item;
    const char **set;
    const char *profile;
    int checklist;
    const char **args; /* operands left after the options */
    size_t n_args;
    double now_value;          /* the parsed clock */
    const char *history_store; /* history: --history STORE */
    const char *last;          /* history: --last N */
    const char *since;         /* history: --since TIME|SPAN */
    const char *older_than;    /* history prune: --older-than SPAN */
    const char *keep;          /* history prune: --keep N */
};

/*
 * Parse argv against table into opts.  Operands go to opts->args.
 * Returns 0, or RSO_EUSAGE with a message naming the bad option.
 */
int cli_parse(const struct rso_option *table, int argc, char **argv,
              struct rso_opts *opts);

/* Apply -q/-v/--color and parse --now; RSO_EUSAGE on a bad value. */
int cli_setup(struct rso_opts *opts);

/* Print usage of a command from its table. */
void cli_usage(FILE *f, const char *usage, const char *summary,
               const struct rso_option *table);

void cli_opts_release(struct rso_opts *opts);

struct rso_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* returns the exit status */
};

/* Every command, ending with a NULL name. */
extern const struct rso_command rso_commands[];

/*
 * Load the config named by opts (or found upwards) and apply --only and
 * --skip.  Returns 0, or RSO_EUSAGE.
 */
int cli_load_config(struct rso_opts *opts, struct rso_config **out);

int cmd_gate(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_diagnose(int argc, char **argv);
int cmd_hotfix(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_predict(int argc, char **argv);

#endif
