/*
 * msg.h: everything recsysops says on stderr goes through these.
 *
 * Messages start with "recsysops: ", are lowercase and put the problem
 * first.  Colour is used only when stderr is a terminal, never with
 * NO_COLOR set or --color=never.
 */
#ifndef RSO_MSG_H
#define RSO_MSG_H

#include <stdio.h>

enum rso_color_mode { RSO_COLOR_AUTO, RSO_COLOR_ALWAYS, RSO_COLOR_NEVER };

/* -q lowers the level to 0, each -v raises it; notes need level 2. */
void msg_setup(int verbosity, enum rso_color_mode mode);
int msg_verbosity(void);

/* Whether output to f should carry ANSI colour. */
int msg_color(FILE *f);

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
