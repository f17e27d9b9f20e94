#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/msg.h"

static int verbosity = 1;
static enum rso_color_mode color_mode = RSO_COLOR_AUTO;

void msg_setup(int level, enum rso_color_mode mode)
{
    verbosity = level;
    color_mode = mode;
}

int msg_verbosity(void)
{
    return verbosity;
}

int msg_color(FILE *f)
{
    const char *no = getenv("NO_COLOR");

    if (color_mode == RSO_COLOR_ALWAYS)
        return 1;
    if (color_mode == RSO_COLOR_NEVER || (no && *no))
        return 0;
    return isatty(fileno(f));
}

static void say(const char *label, const char *color, const char *fmt,
                va_list ap)
{
    int c = msg_color(stderr);

    fputs("recsysops: ", stderr);
    if (label)
        fprintf(stderr, "%s%s%s", c ? color : "", label, c ? "\033[0m" : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void msg_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    say(NULL, "", fmt, ap);
    va_end(ap);
}

void msg_warn(const char *fmt, ...)
{
    va_list ap;

    if (verbosity < 1)
        return;
    va_start(ap, fmt);
    say("warning: ", "\033[33m", fmt, ap);
    va_end(ap);
}

void msg_note(const char *fmt, ...)
{
    va_list ap;

    if (verbosity < 2)
        return;
    va_start(ap, fmt);
    say(NULL, "", fmt, ap);
    va_end(ap);
}
