/*
 * checklist.h: a team's checklist, which maps rubric test ids to the
 * evidence that the team claims for them.
 *
 *   data-1:  { check: catalog-keys }
 *   data-7:  { junit: reports/pytest.xml, cases: "test_feature_*" }
 *   infra-1: { file: tests/test_reproducible.py, max_age: 180d }
 *   infra-7: { workflow: .github/workflows/rollback-drill.yml }
 *   model-4: { manual: { by: ana, on: 2026-11-01, every: 90d,
 *                        link: "https://wiki/staleness" } }
 *
 * Loading checks everything that can be checked without looking at the
 * evidence: ids known to the rubric, one kind of evidence per test, types
 * and durations.  A checklist owns its YAML document; its strings are
 * borrowed from it and live until checklist_free().
 */
#ifndef RSO_CHECKLIST_H
#define RSO_CHECKLIST_H

#include <stddef.h>

#include "checklist/rubric.h"
#include "yaml/ydoc.h"

enum evidence_kind {
    EV_CHECK,    /* a check of this config passed in this gate */
    EV_JUNIT,    /* another suite's JUnit report: matching cases passed */
    EV_FILE,     /* a file at HEAD, changed within max_age */
    EV_WORKFLOW, /* a CI workflow or Jenkinsfile with a cron trigger */
    EV_MANUAL    /* a person's attestation, valid until on + every */
};

struct evidence {
    enum evidence_kind kind;
    const struct ynode *node; /* the entry's mapping, for positions */
    const char **checks;      /* EV_CHECK: NULL-terminated, owned array */
    const char *path;         /* EV_JUNIT, EV_FILE, EV_WORKFLOW */
    const char *cases;        /* EV_JUNIT: glob over case names */
    long long min_cases;      /* EV_JUNIT: at least this many ran */
    double max_age;           /* EV_FILE: seconds */
    const char *by;           /* EV_MANUAL */
    double on, every;
    const char *link;
};

struct checklist_entry {
    const struct rubric_test *test;
    struct evidence ev;
};

struct checklist {
    struct ydoc *doc;
    struct checklist_entry *entries;
    size_t len;
};

/*
 * The parsed spec of a 'checklist' check of the config (its c->spec):
 *
 *   checklist: { file: mlts.yml, min_score: 2, rubric: ml-test-score }
 *
 * It owns its rubric and checklist, both loaded when the config is.
 */
struct checklist_check {
    const char *file;        /* as written, relative to the config */
    const char *rubric_name; /* "ml-test-score" unless given */
    double min_score;
    int has_min;
    struct rubric *rubric;
    struct checklist *list;
};

/*
 * Load the checklist at path against rubric r (which must outlive it).
 * Returns 0 and sets *out, or RSO_EUSAGE with a positioned message.
 */
int checklist_load(struct checklist **out, const char *path,
                   const struct rubric *r);
int checklist_parse(struct checklist **out, const char *file, const char *text,
                    size_t n, const struct rubric *r);
void checklist_free(struct checklist *cl);

/* The entry for the rubric test id, or NULL when the team claims none. */
const struct checklist_entry *checklist_entry(const struct checklist *cl,
                                              const char *id);

/* The evidence kind's key in the file: "check", "junit", ... */
const char *evidence_kind_name(enum evidence_kind k);

#endif
