/*
 * rubric.h: a rubric of readiness tests, grouped in sections, with the
 * bands that name what a final score means.
 *
 * The ML Test Score (checks/ml-test-score.yml) and the recsysops rubric
 * (checks/recsysops.yml) are built in; a team may name its own file in the
 * same format.  A rubric owns its YAML document, and every string in it
 * is borrowed from that document; rubric_free() releases it all.
 */
#ifndef RSO_RUBRIC_H
#define RSO_RUBRIC_H

#include <stddef.h>

#include "yaml/ydoc.h"

struct rubric_test {
    const char *id;
    const char *title;
    const char *asks;
    const char **kinds; /* check kinds that give evidence; may be NULL */
    size_t section;     /* index into the rubric's sections */
    const struct ynode *node;
};

struct rubric_section {
    const char *id;
    const char *title;
    size_t first, n; /* its tests: tests[first .. first + n) */
};

/* A band covers scores above the previous band's upto, up to its own. */
struct rubric_band {
    double upto;
    int open; /* the last band: no upper bound */
    const char *says;
};

struct rubric {
    struct ydoc *doc;
    const char *id;
    const char *title;
    const char *source;
    struct rubric_section *sections;
    size_t n_sections;
    struct rubric_test *tests;
    size_t n_tests, cap_tests;
    struct rubric_band *bands;
    size_t n_bands;
};

/*
 * Load a rubric by name: a built-in id ("ml-test-score", "recsysops"), or
 * a path to a team's file, relative to dir when not absolute.  Returns 0
 * and sets *out, or RSO_EUSAGE with a positioned message.
 */
int rubric_load(struct rubric **out, const char *name, const char *dir);

/* Parse a rubric from text named file in messages. */
int rubric_parse(struct rubric **out, const char *file, const char *text,
                 size_t n);

void rubric_free(struct rubric *r);

/* The test with id, or NULL. */
const struct rubric_test *rubric_test(const struct rubric *r, const char *id);

/*
 * The band score falls in: the first whose upto is at least score, or the
 * open last band.  NaN falls in the first band.
 */
const struct rubric_band *rubric_band(const struct rubric *r, double score);

/* Whether name denotes a built-in rubric rather than a file. */
int rubric_is_builtin(const char *name);

#endif
