/*
 * evidence.h: verify the evidence a checklist claims for a rubric test.
 *
 * Automated evidence (check, junit, file, workflow) that verifies is
 * worth 1 point; a manual attestation that has not expired, half a point
 * (the ML Test Score's scoring).  Evidence that does not verify is worth
 * nothing and says why, in one line that starts with its kind
 * ("junit: reports/pytest.xml: 3 of 5 cases matching 'test_schema_*'
 * failed").
 */
#ifndef RSO_EVIDENCE_H
#define RSO_EVIDENCE_H

#include "checklist/checklist.h"
#include "config/config.h"
#include "git/repo.h"
#include "report/results.h"
#include "util/buf.h"

struct ev_context {
    const char *dir;     /* paths in the checklist are relative to it */
    struct rso_git *git; /* NULL outside a repository */
    double now;          /* the clock (--now or the real one) */
    const struct rso_config *cfg;
    const struct rso_results *results; /* the checks that ran */
};

struct verdict {
    int verified;           /* 1 when the evidence holds */
    double points;          /* 0, 0.5 or 1 */
    char *claim;            /* what is claimed: "check: catalog-keys" */
    char *why;              /* one line: why it holds or not */
    struct rso_buf details; /* more lines, e.g. the failing cases */
};

/*
 * Verify ev in ctx and fill out (which the caller releases with
 * verdict_release()).  Never fails: evidence that cannot be checked does
 * not verify, and why says what was missing.
 */
void evidence_verify(struct verdict *out, const struct evidence *ev,
                     const struct ev_context *ctx);

/* The claim of ev in one line, appended to out. */
void evidence_describe(struct rso_buf *out, const struct evidence *ev);

void verdict_release(struct verdict *v);

#endif
