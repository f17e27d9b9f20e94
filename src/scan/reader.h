/*
 * reader.h: streaming records from a tabular source.
 *
 * A reader yields one record at a time as fields (pointer and length,
 * valid until the next call).  The header row names the columns.  Errors
 * name the file, the line and, where it helps, the column.
 *
 * The reader owns its buffers; reader_close() frees them (NULL is fine).
 */
#ifndef RSO_READER_H
#define RSO_READER_H

#include <stddef.h>

#include "config/config.h"

struct rso_reader;

struct rso_record {
    size_t n;
    const char **field;  /* not NUL-terminated: use len */
    const size_t *len;
    long long line;      /* line where the record starts (1-based) */
    long long index;     /* data record number (1-based, header excluded) */
};

/*
 * Open the source's resolved path.  Returns 0, or RSO_EDATA with a
 * message (missing file, unreadable, empty, no header).
 */
int reader_open(struct rso_reader **out, const struct rso_source *src);

/* The header: n column names, NUL-terminated, owned by the reader. */
size_t reader_columns(const struct rso_reader *r, const char *const **names);

/*
 * Read the next record.  Returns 1 with *rec filled, 0 at the end, or
 * RSO_EDATA with "file:line:col: problem" (ragged row, unterminated
 * quote, invalid UTF-8...).  With on_bad_row: skip, bad records are
 * counted (reader_bad_rows) and skipped until max_bad_rows is passed.
 */
int reader_next(struct rso_reader *r, struct rso_record *rec);

long long reader_bad_rows(const struct rso_reader *r);

/* The first skipped record's message, or NULL. */
const char *reader_first_bad(const struct rso_reader *r);

void reader_close(struct rso_reader *r);

#endif
