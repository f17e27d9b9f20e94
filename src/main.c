/*
 * recsysops: is it safe to ship?  The command dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/err.h"
#include "util/msg.h"
#include "util/text.h"

static const struct rso_command *find_command(const char *name)
{
    for (const struct rso_command *c = rso_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

int main(int argc, char **argv)
{
    const struct rso_command *cmd;
    const char *names[32];
    size_t n = 0;

    if (argc < 2)
        return cmd_help(0, NULL) == 0 ? RSO_EXIT_USAGE : RSO_EXIT_USAGE;
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return cmd_help(argc - 2, argv + 2);
    if (!strcmp(argv[1], "--version"))
        return cmd_version(0, NULL);
    cmd = find_command(argv[1]);
    if (cmd)
        return cmd->run(argc - 2, argv + 2);
    for (const struct rso_command *c = rso_commands; c->name && n < 31; c++)
        names[n++] = c->name;
    names[n] = NULL;
    if (text_suggest(argv[1], names))
        msg_error("unknown command '%s' (did you mean '%s'?)", argv[1],
                  text_suggest(argv[1], names));
    else
        msg_error("unknown command '%s'; see 'recsysops help'", argv[1]);
    return RSO_EXIT_USAGE;
}
