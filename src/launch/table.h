/*
 * table.h: a small tabular file held in memory, field by field.
 *
 * Launch tables are small (thousands to a few hundred thousand rows), so
 * the forecaster reads them whole: every field is kept as NUL-terminated
 * text in one arena, with the line each row starts on for messages.
 * Fields that are null for the source (value_is_null) are stored as NULL.
 *
 * The table owns everything in it; table_free() frees it (NULL is fine).
 */
#ifndef RSO_LAUNCH_TABLE_H
#define RSO_LAUNCH_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

#define TABLE_NULL UINT32_MAX

struct launch_table {
    const struct rso_source *src;
    char **names; /* ncol column names */
    size_t ncol, nrow;
    char *text;      /* the arena */
    uint32_t *off;   /* nrow * ncol offsets; TABLE_NULL for null */
    long long *line; /* line each row starts on */
    uint64_t hash;   /* of the header and every field (table_mix) */
};

/*
 * Read the whole source.  Returns 0 and sets *out, or RSO_EDATA with the
 * reader's positioned message (or when the text passes 4 GB).
 */
int table_read(struct launch_table **out, const struct rso_source *src);

/* The column named name, or -1. */
long table_column(const struct launch_table *t, const char *name);

/* Field (row, col), or NULL when null. */
const char *table_get(const struct launch_table *t, size_t row, size_t col);

void table_free(struct launch_table *t);

/*
 * Fold n bytes into the 64-bit hash h (start with TABLE_MIX_SEED): a
 * hash of the bytes (stats_hash, which counts their length), then a
 * multiply, so the order of the pieces counts too.
 */
#define TABLE_MIX_SEED 1469598103934665603ULL
uint64_t table_mix(uint64_t h, const void *data, size_t n);

#endif
