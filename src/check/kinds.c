/*
 * kinds.c: the table of every check kind.  A new kind is one file that
 * defines its struct rso_kind, and one line here.
 */
#include <stddef.h>

#include "check/check.h"
#include "check/kinds.h"

const struct rso_kind *const rso_kinds[] = {
    &kind_rows,   &kind_missing,   &kind_range,
    &kind_metric, &kind_rank,      &kind_cold_start,
    &kind_bias,   &kind_coverage,  &kind_peers,
    &kind_replay, &kind_checklist, &kind_freshness,
    &kind_unique, &kind_values,    &kind_schema,
    &kind_drift,  &kind_stats,     NULL,
};
