/*
 * match.h: which menu entries answer a failing finding, best first.
 *
 * An entry answers a finding when one of its `answers` names the check
 * id (fit 3), one of the check's tags (fit 2, or "tag:NAME"), the check's
 * kind (fit 1, or "kind:NAME") or "launch" for a finding of the launches
 * area (fit 1), its `when` holds (fit +1 when it has one), and it has
 * not expired.  The config's explicit `hotfix:` ids come first, in their
 * order.  Last resorts come after every other entry; among the rest,
 * higher fit first, then lower cost (time to apply in hours, plus 24
 * when not reversible), then menu order.
 */
#ifndef RSO_HOTFIX_MATCH_H
#define RSO_HOTFIX_MATCH_H

#include <stddef.h>

#include "hotfix/menu.h"

/* What matching needs to know of a finding; every field may be NULL. */
struct hotfix_finding {
    const char *name;
    const char *check;
    const char *kind;
    const char *area;
    const char *source;
    const char *const *tags;         /* NULL-terminated */
    const char *const *explicit_ids; /* the check's `hotfix:` ids */
    int severity;                    /* RSO_BLOCK or RSO_WARN */
    double off;                      /* how far past its threshold; NAN */
};

struct hotfix_match {
    const struct hotfix_entry *entry;
    int fit; /* 0 for explicit ids */
    int is_explicit;
    double cost;
};

/*
 * The entries of m answering f at now, best first, in a new array the
 * caller frees (*out is NULL when none).  Explicit ids absent from the
 * menu are skipped and counted in *out_unknown when it is not NULL.
 */
size_t hotfix_match(const struct hotfix_menu *m, const struct hotfix_finding *f,
                    double now, struct hotfix_match **out, size_t *out_unknown);

/* The cost used for ranking: hours to apply, +24 when irreversible. */
double hotfix_cost(const struct hotfix_entry *e);

#endif
