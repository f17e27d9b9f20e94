/*
 * kinds.h: the built-in check kinds, each defined in its own file, and
 * the helpers they share for reading their specs.
 */
#ifndef RSO_KINDS_H
#define RSO_KINDS_H

#include "check/check.h"

extern const struct rso_kind kind_rows;
extern const struct rso_kind kind_missing;
extern const struct rso_kind kind_range;
extern const struct rso_kind kind_metric;
extern const struct rso_kind kind_rank;
extern const struct rso_kind kind_cold_start;
extern const struct rso_kind kind_bias;
extern const struct rso_kind kind_coverage;
extern const struct rso_kind kind_peers;
extern const struct rso_kind kind_replay;
extern const struct rso_kind kind_checklist;
extern const struct rso_kind kind_freshness;
extern const struct rso_kind kind_unique;
extern const struct rso_kind kind_values;
extern const struct rso_kind kind_schema;
extern const struct rso_kind kind_drift;
extern const struct rso_kind kind_stats;

/*
 * Check spec's keys against allowed, naming the check in messages
 * ("in 'rows' of check 'plays-volume'").
 */
int spec_keys(const struct rso_check *c, const struct ynode *spec,
              const char *const *allowed);

/*
 * Optional typed values of spec.  Each leaves *out alone when key is
 * absent and sets *has (when not NULL) to whether it was present.
 */
int spec_number(const struct rso_check *c, const struct ynode *spec,
                const char *key, double *out, int *has);
int spec_fraction(const struct rso_check *c, const struct ynode *spec,
                  const char *key, double *out, int *has);
int spec_string(const struct rso_check *c, const struct ynode *spec,
                const char *key, const char **out);
int spec_duration(const struct rso_check *c, const struct ynode *spec,
                  const char *key, double *out, int *has);
int spec_integer(const struct rso_check *c, const struct ynode *spec,
                 const char *key, long long *out, int *has);
/* A value or a list of values; *out is the caller's to free. */
int spec_strings(const struct rso_check *c, const struct ynode *spec,
                 const char *key, const char ***out, size_t *n);
/* A key that must be present. */
int spec_require(const struct rso_check *c, const struct ynode *spec,
                 const char *key);

/* Format v compactly for messages: integers without decimals. */
const char *fmt_num(char buf[32], double v);

#endif
