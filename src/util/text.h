/*
 * text.h: text helpers shared by the reports and the config loader.
 */
#ifndef RSO_TEXT_H
#define RSO_TEXT_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Append s (n bytes) to out as valid UTF-8 holding only characters that
 * XML 1.0 allows: invalid sequences become U+FFFD, ANSI escape sequences
 * are dropped, other control characters but tab, newline and carriage
 * return become U+FFFD.  No XML escaping is done here.
 */
void text_sanitize(struct rso_buf *out, const char *s, size_t n);

/* Like text_sanitize, and also folds newlines and tabs into spaces. */
void text_one_line(struct rso_buf *out, const char *s, size_t n);

/* Levenshtein distance of a and b, capped at 100. */
int text_distance(const char *a, const char *b);

/*
 * The candidate closest to word, or NULL when none is close enough to be
 * a likely typo.  candidates ends with NULL.
 */
const char *text_suggest(const char *word, const char *const *candidates);

/* Whether s matches the shell glob pat (*, ?, [...]). */
int text_glob(const char *pat, const char *s);

#endif
