/*
 * reader.h: streaming records from a tabular source.
 *
 * A reader yields one record at a time as fields (pointer and length,
 * valid until the next call).  CSV and TSV follow RFC 4180 (quoted
 * fields may hold the delimiter, newlines and doubled quotes; CRLF or LF
 * line ends; a UTF-8 byte order mark is skipped) and their header row
 * names the columns.  JSON Lines hold one object per line; nested
 * objects are flattened to dotted names ("user.country"), and the first
 * object's names are the columns (a later object's other names are not
 * read but counted, see reader_extra_rows; its missing ones are null).  Arrays
 * are kept as JSON text.
 *
 * Files may be gzip or zstd streams (found by their magic bytes), and a
 * source may be a folder or a glob of partition files with one header.
 * Every field must be valid UTF-8; a NUL byte means a binary file.
 * Columns with a declared type (source key 'types') must parse as it.
 * Errors name the file, the line and, where it helps, the column.
 *
 * The reader owns its buffers; reader_close() frees them (NULL is fine).
 */
#ifndef RSO_READER_H
#define RSO_READER_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

struct rso_reader;

struct rso_record {
    size_t n;
    const char **field; /* not NUL-terminated: use len */
    const size_t *len;
    long long line;   /* line where the record starts (1-based) */
    long long index;  /* data record number (1-based, header excluded) */
    const char *file; /* the file it came from (partitions differ) */
    const void *scan; /* set by the scan: see scan_cached() */
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

/*
 * Records read a run at a time, for a scan that takes one column at a
 * time: field j of record i is field[j * READER_BATCH + i] (len
 * likewise), so that each column's fields lie side by side.  Record i is
 * data record index + i and starts on line line + i: a run holds only
 * one-line records of one file, or a single record.  The caller owns
 * field and len, room for READER_BATCH records of the header's width;
 * the fields are valid until the next call.
 */
#define READER_BATCH 256

/*
 * The caller sets mark to ask for maybe_null.  When the batch comes
 * back marked, bit i of maybe_null is clear only if no field of record
 * i can be one of the default null values: none is empty or starts
 * with n or N.  A scan then tests columns for nulls on the records with
 * the bit set alone.  Only sources with the default null values are
 * marked.
 */
struct rso_batch {
    size_t n, width;
    const char **field;
    size_t *len;
    long long line, index;
    const char *file;
    int mark, marked;
    int padded; /* 8 bytes from each field's start may be read */
    uint64_t maybe_null[READER_BATCH / 64];
};

/*
 * Read the next run of records: as reader_next(), 1 with b filled
 * (b->n >= 1), 0 at the end, or RSO_EDATA.  CSV records whole in the
 * buffer are read in one sweep, 64 bytes at a time, those with quotes
 * a field at a time (doubled quotes undone in the buffer, as
 * reader_next() does); a record with a quoted line end, a bad record, a
 * blank line and JSON Lines come alone, through reader_next().
 */
int reader_batch(struct rso_reader *r, struct rso_batch *b);

long long reader_bad_rows(const struct rso_reader *r);

/* The number of files the reader reads (partitions). */
size_t reader_files_count(const struct rso_reader *r);

/*
 * JSON Lines records holding names the first record had not (those
 * values are not read); *first says the first such name and where (a
 * string the caller frees), or is NULL.
 */
long long reader_extra_rows(const struct rso_reader *r, char **first);

/* The first skipped record's message, or NULL. */
const char *reader_first_bad(const struct rso_reader *r);

void reader_close(struct rso_reader *r);

/*
 * Splitting one file between threads.  reader_split_size() is the size
 * of a source that is one plain (uncompressed) file, else 0.
 * reader_open_part() opens like's file again at the first record that
 * seems to start after byte at (after a line end).  It does not count
 * the lines before: its line numbers are short by the lines before at,
 * which the reader of the part before knows once it has read it.
 * reader_offset() is the byte offset of the next record, reader_line()
 * the line it starts on; reader_stop_at() makes reader_next() end there
 * (-1: no stop).  reader_add_bad() adds other's bad-row and extra-name
 * counts (other's lines shift short), and reader_takes_text() says
 * whether it would take other's message for the first skipped record,
 * whose text names a line.
 */
long long reader_split_size(const struct rso_reader *r);

/*
 * Partitions between threads: reader_open_files() reads files[0..n)
 * (copied) of src as one part of it.
 * reader_same_header() is 0 when both readers have the same columns,
 * else RSO_EDATA naming b's first file.
 */
int reader_open_files(struct rso_reader **out, const struct rso_source *src,
                      char **files, size_t n);
int reader_same_header(const struct rso_reader *a, const struct rso_reader *b);
int reader_open_part(struct rso_reader **out, const struct rso_reader *like,
                     long long at);
long long reader_offset(const struct rso_reader *r);
long long reader_line(const struct rso_reader *r);
/*
 * The offset just after the first line end at or after byte at of a
 * reader's (single, plain) file, or -1 when there is none.
 */
long long reader_split_point(const struct rso_reader *r, long long at);
void reader_stop_at(struct rso_reader *r, long long offset);
int reader_takes_text(const struct rso_reader *r,
                      const struct rso_reader *other);
void reader_add_bad(struct rso_reader *r, const struct rso_reader *other,
                    long long shift);

#endif
