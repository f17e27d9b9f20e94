/*
 * peers_check.h: the spec of the peers check, shared with the diagnose
 * command, which scans the same source and explains one item.
 */
#ifndef RSO_PEERS_CHECK_H
#define RSO_PEERS_CHECK_H

#include "check/check.h"
#include "diagnose/peers.h"

struct peers_spec {
    const char **by, **features;
    size_t n_by, n_features;
    long long k;
    double max_z;
    const char *key;
    const struct rso_source *src;
    struct scan_col *key_col, **by_cols, **feat_cols;
    struct peers_table table; /* filled by the scan */
};

#endif
