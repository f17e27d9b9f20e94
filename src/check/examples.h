/*
 * examples.h: the first few offending rows of a check, for its failure
 * text ("file:line: column = value"), kept in row order.  Two lists from
 * threads that read consecutive parts of a source join into the list
 * one thread would have kept.
 */
#ifndef RSO_EXAMPLES_H
#define RSO_EXAMPLES_H

#include <stddef.h>

#include "report/results.h"
#include "scan/reader.h"

#define EXAMPLES_MAX 5

struct examples {
    long long count; /* every offending row */
    int n;
    long long line[EXAMPLES_MAX];
    char file[EXAMPLES_MAX][160];
    char value[EXAMPLES_MAX][64];
};

/* Count an offending row; keep it when there is room.  value may be NULL. */
void examples_add(struct examples *e, const struct rso_record *rec,
                  const char *value, size_t n);
/* The same for the row on line of file (NULL: none). */
void examples_add_at(struct examples *e, const char *file, long long line,
                     const char *value, size_t n);
/* Fold b (later rows, lines shift short: see scan_visitor) into a. */
void examples_join(struct examples *a, const struct examples *b,
                   long long shift);
/* One detail line per example: "file:line: what = value". */
void examples_detail(struct rso_finding *f, const struct examples *e,
                     const char *what);

#endif
