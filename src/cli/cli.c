#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"
#include "util/units.h"

static const struct rso_option *find_long(const struct rso_option *t,
                                          const char *name, size_t len)
{
    for (; t->long_name; t++)
        if (strlen(t->long_name) == len && !strncmp(t->long_name, name, len))
            return t;
    return NULL;
}

static const struct rso_option *find_short(const struct rso_option *t, char c)
{
    for (; t->long_name; t++)
        if (t->short_name && t->short_name == c)
            return t;
    return NULL;
}

static void list_add(const char ***list, const char *value)
{
    size_t n = 0;

    while (*list && (*list)[n])
        n++;
    *list = xrealloc(*list, (n + 2) * sizeof(**list));
    (*list)[n] = value;
    (*list)[n + 1] = NULL;
}

static void apply(const struct rso_option *o, struct rso_opts *opts,
                  const char *value)
{
    char *field = (char *)opts + o->offset;

    switch (o->type) {
    case OPT_FLAG:
        *(int *)field = 1;
        break;
    case OPT_COUNT:
        (*(int *)field)++;
        break;
    case OPT_STRING:
        *(const char **)field = value;
        break;
    case OPT_LIST:
        list_add((const char ***)field, value);
        break;
    }
}

static int unknown_option(const struct rso_option *table, const char *arg)
{
    const char *names[64];
    const char *hint;
    size_t n = 0;
    const char *eq = strchr(arg, '=');
    char word[64];

    for (; table->long_name && n < 63; table++)
        names[n++] = table->long_name;
    names[n] = NULL;
    snprintf(word, sizeof(word), "%.*s",
             (int)(eq ? (size_t)(eq - arg) : strlen(arg)) - 2, arg + 2);
    hint = strncmp(arg, "--", 2) == 0 ? text_suggest(word, names) : NULL;
    if (hint)
        return rso_fail(RSO_EUSAGE,
                        "unknown option '%s' (did you mean "
                        "'--%s'?)",
                        arg, hint);
    return rso_fail(RSO_EUSAGE, "unknown option '%s'", arg);
}

int cli_parse(const struct rso_option *table, int argc, char **argv,
              struct rso_opts *opts)
{
    int only_operands = 0;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const struct rso_option *o;

        if (only_operands || a[0] != '-' || !a[1]) {
            opts->args =
                xrealloc(opts->args, (opts->n_args + 2) * sizeof(char *));
            opts->args[opts->n_args++] = a;
            opts->args[opts->n_args] = NULL;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_operands = 1;
            continue;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

            if (!(o = find_long(table, a + 2, len)))
                return unknown_option(table, a);
            if (!o->arg) {
                if (eq)
                    return rso_fail(RSO_EUSAGE, "option '--%s' takes no value",
                                    o->long_name);
                apply(o, opts, NULL);
            } else if (eq) {
                apply(o, opts, eq + 1);
            } else if (i + 1 < argc) {
                apply(o, opts, argv[++i]);
            } else {
                return rso_fail(RSO_EUSAGE, "option '--%s' needs a value",
                                o->long_name);
            }
            continue;
        }
        for (const char *p = a + 1; *p; p++) {
            if (!(o = find_short(table, *p)))
                return rso_fail(RSO_EUSAGE, "unknown option '-%c'", *p);
            if (!o->arg) {
                apply(o, opts, NULL);
                continue;
            }
            if (p[1]) {
                apply(o, opts, p + 1);
            } else if (i + 1 < argc) {
                apply(o, opts, argv[++i]);
            } else {
                return rso_fail(RSO_EUSAGE, "option '-%c' needs a value", *p);
            }
            break;
        }
    }
    return 0;
}

int cli_setup(struct rso_opts *opts)
{
    enum rso_color_mode mode = RSO_COLOR_AUTO;

    if (opts->color) {
        if (!strcmp(opts->color, "always"))
            mode = RSO_COLOR_ALWAYS;
        else if (!strcmp(opts->color, "never"))
            mode = RSO_COLOR_NEVER;
        else if (strcmp(opts->color, "auto"))
            return rso_fail(RSO_EUSAGE,
                            "--color takes auto, always or never, not '%s'",
                            opts->color);
    }
    msg_setup(opts->quiet ? 0 : 1 + opts->verbose, mode);
    if (opts->now) {
        if (units_timestamp(opts->now, &opts->now_value) < 0)
            return rso_fail(RSO_EUSAGE,
                            "--now takes a time such as "
                            "2026-12-01T06:00:00Z, not '%s'",
                            opts->now);
    } else {
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        opts->now_value = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    }
    if (opts->fail_on && strcmp(opts->fail_on, "block") &&
        strcmp(opts->fail_on, "warn"))
        return rso_fail(RSO_EUSAGE, "--fail-on takes block or warn, not '%s'",
                        opts->fail_on);
    if (opts->junit_profile && strcmp(opts->junit_profile, "default") &&
        strcmp(opts->junit_profile, "strict"))
        return rso_fail(RSO_EUSAGE,
                        "--junit-profile takes default or strict, not '%s'",
                        opts->junit_profile);
    return 0;
}

void cli_usage(FILE *f, const char *usage, const char *summary,
               const struct rso_option *table)
{
    fprintf(f, "usage: %s\n\n%s\n\noptions:\n", usage, summary);
    for (; table->long_name; table++) {
        char left[64];

        if (table->short_name)
            snprintf(left, sizeof(left), "-%c, --%s%s%s", table->short_name,
                     table->long_name, table->arg ? " " : "",
                     table->arg ? table->arg : "");
        else
            snprintf(left, sizeof(left), "    --%s%s%s", table->long_name,
                     table->arg ? " " : "", table->arg ? table->arg : "");
        fprintf(f, "  %-30s %s\n", left, table->help);
    }
}

void cli_opts_release(struct rso_opts *opts)
{
    free(opts->only);
    free(opts->skip);
    free(opts->set);
    free(opts->args);
    memset(opts, 0, sizeof(*opts));
}

int cli_load_config(struct rso_opts *opts, struct rso_config **out)
{
    struct rso_buf path = RSO_BUF_INIT;
    int rc = config_find(opts->config, &path);

    if (rc == 0)
        rc = config_load(out, rso_buf_str(&path));
    rso_buf_release(&path);
    if (rc == 0)
        config_select(*out, opts->only, opts->skip);
    return rc;
}
