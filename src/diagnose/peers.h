/*
 * peers.h: an item against the items most like it.
 *
 * A peer table holds, per item, its key, its values of the "by" columns
 * (split on '|' into sets, so "Action|Comedy" shares with "Comedy") and
 * its numeric features.  A feature that is not a number counts its
 * '|'-separated values, so a list of languages becomes how many there
 * are; in such a list column a missing value is an empty list, 0.  In a
 * numeric column a missing value stays missing.
 *
 * The k peers of an item are the k others with the highest similarity:
 * the sum over "by" columns of the Jaccard index of their value sets
 * (ties: table order).  Peers with no similarity at all are never taken.
 * Each feature is then judged by the robust z-score
 *     z = (x - median) / (1.4826 * MAD)
 * over the peers' values (missing values left out).  When MAD is 0 and x
 * differs from the median, z is infinite; with fewer than 3 peer values
 * z is NaN (not judged).
 *
 * The table owns its strings; peers_table_free() releases it.
 */
#ifndef RSO_PEERS_H
#define RSO_PEERS_H

#include <stddef.h>

struct peers_table {
    size_t n_by, n_feat;
    size_t len, cap;
    char **keys;
    char ***by;             /* len x n_by: each a '\x1f'-joined sorted set */
    double *feat;           /* len x n_feat, NaN when missing */
    unsigned char *is_list; /* n_feat: a value was a list, not a number */
    long long *lines;       /* where each item is in its file */
};

struct peers_feature {
    double value, median, mad, z;
    size_t n; /* peer values used */
};

struct peers_result {
    size_t *peers; /* up to k row indexes, most similar first */
    double *similarity;
    size_t n_peers;
    struct peers_feature *features; /* n_feat */
};

void peers_table_init(struct peers_table *t, size_t n_by, size_t n_feat);
void peers_table_free(struct peers_table *t);

/*
 * Append an item: its key, n_by "by" fields and n_feat feature fields
 * (pointer and length each; a NULL pointer is a missing value).
 */
void peers_table_add(struct peers_table *t, const char *key, size_t key_len,
                     const char *const *by, const size_t *by_len,
                     const char *const *feat, const size_t *feat_len,
                     long long line);

/* The row of key, or -1. */
long peers_find(const struct peers_table *t, const char *key);

/*
 * Compare row with its k most similar peers; fills out (released with
 * peers_result_release).
 */
void peers_compare(const struct peers_table *t, size_t row, size_t k,
                   struct peers_result *out);
void peers_result_release(struct peers_result *r);

/* Median and MAD of n values (NaN left out; both NaN when none). */
void peers_median_mad(const double *v, size_t n, double *median, double *mad);

#endif
