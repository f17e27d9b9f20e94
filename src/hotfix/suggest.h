/*
 * suggest.h: the suggest stage of the gate: every failing finding gets
 * the menu entries that answer it, best first (see match.h).
 */
#ifndef RSO_HOTFIX_SUGGEST_H
#define RSO_HOTFIX_SUGGEST_H

#include "check/check.h"
#include "hotfix/match.h"

/*
 * The matching view of a finding of this run's results.  Borrows from f;
 * the "off" value (how far past the threshold) comes from f's values.
 */
void hotfix_finding_of(struct hotfix_finding *out, const struct rso_finding *f);

/* Attach the entries of m answering every failing finding of r. */
void hotfix_suggest_results(const struct hotfix_menu *m, struct rso_results *r,
                            double now);

/*
 * Load the run's menu (built-in plus the config's `hotfixes:` file) and
 * suggest.  A menu that cannot be loaded adds one error finding naming
 * the problem, so that the gate cannot pass silently without it.
 */
void hotfix_suggest_run(struct rso_run *run);

#endif
