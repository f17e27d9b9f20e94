/*
 * metrics.h: reading model metrics from a JSON document by dotted path.
 */
#ifndef RSO_METRICS_H
#define RSO_METRICS_H

#include <stddef.h>

/*
 * Parse the JSON text (named name in messages) and find the number at
 * path ("ranking.ndcg_at_10", "slices.3.auc": a number segment indexes
 * an array).  Returns 0 and sets *out; RSO_EDATA with "name:line:col:
 * ..." for malformed JSON, a missing path or a value that is not a
 * number.
 */
int metrics_lookup(const char *name, const char *text, size_t len,
                   const char *path, double *out);

/* The same, reading the file at path first. */
int metrics_lookup_file(const char *file, const char *path, double *out);

#endif
