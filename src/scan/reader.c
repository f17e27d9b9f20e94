#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/reader.h"
#include "util/err.h"
#include "util/mem.h"

#define CHUNK (1 << 20)

struct rso_reader {
    const struct rso_source *src;
    FILE *f;
    char *buf;          /* input chunk */
    size_t pos, end;
    int eof;
    long long line;     /* current line (1-based) */
    long long col;      /* current column of the next byte (1-based) */
    char delim;
    /* The record being built: field text back to back. */
    char *text;
    size_t text_len, text_cap;
    size_t *starts, *lens;
    const char **fields;
    size_t n_fields, cap_fields;
    /* The header. */
    char **names;
    size_t n_names;
    long long records;
    long long bad_rows;
    char *first_bad;
};

static int fill(struct rso_reader *r)
{
    if (r->eof)
        return 0;
    r->end = fread(r->buf, 1, CHUNK, r->f);
    r->pos = 0;
    if (r->end == 0) {
        r->eof = 1;
        if (ferror(r->f))
            return rso_fail(RSO_EDATA, "%s: read error: %s",
                            r->src->resolved, strerror(errno));
    }
    return (int)(r->end > 0);
}

/* The next byte, or -1 at the end of the input (or -2 on a read error). */
static int next_byte(struct rso_reader *r)
{
    int c;

    if (r->pos == r->end) {
        int rc = fill(r);

        if (rc < 0)
            return -2;
        if (rc == 0)
            return -1;
    }
    c = (unsigned char)r->buf[r->pos++];
    if (c == '\n') {
        r->line++;
        r->col = 1;
    } else {
        r->col++;
    }
    return c;
}

static int peek_byte(struct rso_reader *r)
{
    if (r->pos == r->end && fill(r) <= 0)
        return -1;
    return (unsigned char)r->buf[r->pos];
}

static void text_add(struct rso_reader *r, char c)
{
    RSO_GROW(r->text, r->text_cap, r->text_len + 2);
    r->text[r->text_len++] = c;
}

static void field_end(struct rso_reader *r, size_t start)
{
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields;

        RSO_GROW(r->starts, cap, r->n_fields + 1);
        cap = r->cap_fields;
        RSO_GROW(r->lens, cap, r->n_fields + 1);
        RSO_GROW(r->fields, r->cap_fields, r->n_fields + 1);
    }
    r->starts[r->n_fields] = start;
    r->lens[r->n_fields] = r->text_len - start;
    r->n_fields++;
    text_add(r, '\0');
}

/*
 * Read one record into the field arrays.  Returns 1, 0 at the end of the
 * input, or RSO_EDATA.
 */
static int read_record(struct rso_reader *r, long long *start_line)
{
    int c, quoted = 0, in_quotes = 0, any = 0;
    size_t start = 0;
    long long quote_line = 0, quote_col = 0;

    r->text_len = 0;
    r->n_fields = 0;
    *start_line = r->line;
    for (;;) {
        c = next_byte(r);
        if (c == -2)
            return RSO_EDATA;
        if (in_quotes) {
            if (c == -1)
                return rso_fail(RSO_EDATA,
                                "%s:%lld:%lld: unterminated quoted field",
                                r->src->resolved, quote_line, quote_col);
            if (c == '"') {
                if (peek_byte(r) == '"') {
                    next_byte(r);
                    text_add(r, '"');
                } else {
                    in_quotes = 0;
                }
            } else {
                text_add(r, (char)c);
            }
            continue;
        }
        if (c == -1) {
            if (!any)
                return 0;
            field_end(r, start);
            return 1;
        }
        any = 1;
        if (c == r->delim) {
            field_end(r, start);
            start = r->text_len;
            quoted = 0;
        } else if (c == '\n') {
            field_end(r, start);
            return 1;
        } else if (c == '\r' && peek_byte(r) == '\n') {
            continue;
        } else if (c == '"' && r->text_len == start && !quoted) {
            quoted = in_quotes = 1;
            quote_line = r->line;
            quote_col = r->col - 1;
        } else if (quoted) {
            return rso_fail(RSO_EDATA,
                            "%s:%lld:%lld: text after a closing quote",
                            r->src->resolved, r->line, r->col - 1);
        } else {
            text_add(r, (char)c);
        }
    }
}

static void record_view(struct rso_reader *r, struct rso_record *rec)
{
    for (size_t i = 0; i < r->n_fields; i++)
        r->fields[i] = r->text + r->starts[i];
    rec->n = r->n_fields;
    rec->field = r->fields;
    rec->len = r->lens;
}

static int read_header(struct rso_reader *r)
{
    struct rso_record rec;
    long long line;
    int rc = read_record(r, &line);

    if (rc < 0)
        return rc;
    if (rc == 0)
        return rso_fail(RSO_EDATA, "%s: the file is empty (no header row)",
                        r->src->resolved);
    record_view(r, &rec);
    r->names = xcalloc(rec.n, sizeof(*r->names));
    r->n_names = rec.n;
    for (size_t i = 0; i < rec.n; i++) {
        const char *s = rec.field[i];
        size_t n = rec.len[i];

        /* A UTF-8 byte order mark before the first name is not part of
         * it. */
        if (i == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
            s += 3, n -= 3;
        r->names[i] = xstrndup(s, n);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(r->names[j], r->names[i]))
                return rso_fail(RSO_EDATA,
                                "%s:1: column '%s' appears twice in the "
                                "header",
                                r->src->resolved, r->names[i]);
    }
    return 0;
}

int reader_open(struct rso_reader **out, const struct rso_source *src)
{
    struct rso_reader *r;
    int rc;

    if (src->format == RSO_FMT_JSON || src->format == RSO_FMT_JSONL)
        return rso_fail(RSO_EDATA, "%s: this build reads CSV and TSV only",
                        src->resolved);
    r = xcalloc(1, sizeof(*r));
    r->src = src;
    r->line = 1;
    r->col = 1;
    r->delim = src->delimiter ? src->delimiter
                              : (src->format == RSO_FMT_TSV ? '\t' : ',');
    r->f = fopen(src->resolved, "rb");
    if (!r->f) {
        rc = rso_fail(RSO_EDATA, "cannot open '%s': %s", src->resolved,
                      strerror(errno));
        free(r);
        return rc;
    }
    r->buf = xmalloc(CHUNK);
    if ((rc = read_header(r)) < 0) {
        reader_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

size_t reader_columns(const struct rso_reader *r, const char *const **names)
{
    *names = (const char *const *)r->names;
    return r->n_names;
}

int reader_next(struct rso_reader *r, struct rso_record *rec)
{
    for (;;) {
        long long line;
        int rc = read_record(r, &line);

        if (rc <= 0)
            return rc;
        if (r->n_fields == 1 && r->lens[0] == 0)
            continue; /* a blank line */
        if (r->n_fields != r->n_names) {
            char msg[256];

            snprintf(msg, sizeof(msg),
                     "%s:%lld: expected %zu fields as in the header, found "
                     "%zu",
                     r->src->resolved, line, r->n_names, r->n_fields);
            if (!r->src->skip_bad_rows)
                return rso_fail(RSO_EDATA, "%s", msg);
            r->bad_rows++;
            if (!r->first_bad)
                r->first_bad = xstrdup(msg);
            if (r->src->max_bad_rows >= 0 &&
                r->bad_rows > r->src->max_bad_rows)
                return rso_fail(RSO_EDATA,
                                "%s: %lld bad rows, more than max_bad_rows "
                                "(%lld); the first: %s",
                                r->src->resolved, r->bad_rows,
                                r->src->max_bad_rows, r->first_bad);
            continue;
        }
        record_view(r, rec);
        rec->line = line;
        rec->index = ++r->records;
        return 1;
    }
}

long long reader_bad_rows(const struct rso_reader *r)
{
    return r->bad_rows;
}

const char *reader_first_bad(const struct rso_reader *r)
{
    return r->first_bad;
}

void reader_close(struct rso_reader *r)
{
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    for (size_t i = 0; i < r->n_names; i++)
        free(r->names[i]);
    free(r->names);
    free(r->buf);
    free(r->text);
    free(r->starts);
    free(r->lens);
    free(r->fields);
    free(r->first_bad);
    free(r);
}
