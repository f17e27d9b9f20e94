#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "scan/input.h"
#include "scan/reader.h"
#include "scan/tok.h"
#include "scan/value.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"

#define CHUNK (128 << 10)

#define MAX_RECORD (256u << 20)
#define NEED_MORE 2

struct rso_reader {
    const struct rso_source *src;
    char **files;
    size_t n_files, file_i;
    struct rso_input *in;
    char *buf; /* input bytes; records are parsed in place;
                  TOK_PAD more bytes may be read past cap */
    size_t cap, pos, end;
    long long base; /* file offset of buf[0] */
    long long stop; /* end records at this offset; -1: never */
    int eof;        /* the current file has no more bytes */
    long long line; /* line where the next record starts (1-based) */
    char delim;
    int jsonl;
    /* The record: fields point into buf (CSV) or text (JSON Lines). */
    const char **fields;
    size_t *lens;
    unsigned char *quoted; /* per field, unless plain */
    size_t n_fields, cap_fields;
    int plain; /* the record came from csv_plain(): none quoted */
    long long rec_line;
    struct rso_buf text;
    size_t *offs;
    json_t *pending; /* JSON Lines: the first object, read for names */
    /* The header. */
    char **names;
    size_t n_names, cap_names;
    int line_bad;         /* the last error spoilt one record only */
    enum rso_type *types; /* per column */
    long long records;
    long long bad_rows;
    char *first_bad;
    int rec_extra;        /* the record has names the first had not */
    long long extra_rows; /* JSON Lines records with such names */
    char *extra_name;     /* the first such name, */
    char *extra_file;     /* the file */
    long long extra_line; /* and line it was on */
};

/* Keep unread bytes, and read more of the current file after them. */
static int buf_more(struct rso_reader *r)
{
    size_t got;
    int rc;

    if (r->eof)
        return 0;
    if (r->pos > 0) {
        r->base += (long long)r->pos;
        memmove(r->buf, r->buf + r->pos, r->end - r->pos);
        r->end -= r->pos;
        r->pos = 0;
    }
    if (r->end == r->cap) {
        if (r->cap >= MAX_RECORD)
            return rso_fail(RSO_EDATA,
                            "%s:%lld: a record longer than %u MB (a "
                            "missing line end or quote?)",
                            r->files[r->file_i], r->line, MAX_RECORD >> 20);
        r->cap *= 2;
        r->buf = xrealloc(r->buf, r->cap + TOK_PAD);
        /* Read past the data, never used, but defined for valgrind. */
        memset(r->buf + r->cap / 2 + TOK_PAD, 0, r->cap / 2);
    }
    if ((rc = input_read(r->in, r->buf + r->end, r->cap - r->end, &got)) < 0)
        return rc;
    if (got == 0)
        r->eof = 1;
    r->end += got;
    return 0;
}

/* Room for one field more than the n_fields of the record so far. */
static void fields_grow(struct rso_reader *r)
{
    size_t cap = r->cap_fields;

    RSO_GROW(r->lens, cap, r->n_fields + 1);
    cap = r->cap_fields;
    RSO_GROW(r->quoted, cap, r->n_fields + 1);
    RSO_GROW(r->fields, r->cap_fields, r->n_fields + 1);
}

static void field_add(struct rso_reader *r, const char *s, size_t n, int q)
{
    if (r->n_fields == r->cap_fields)
        fields_grow(r);
    r->fields[r->n_fields] = s;
    r->lens[r->n_fields] = n;
    r->quoted[r->n_fields] = (unsigned char)q;
    r->n_fields++;
}

static const char *cur_file(const struct rso_reader *r)
{
    return r->files[r->file_i];
}

/* The line and column of p, inside the record that starts at buf+pos. */
static void position(const struct rso_reader *r, const char *p, long long *line,
                     long long *col)
{
    const char *s = r->buf + r->pos, *ls = s;

    *line = r->line;
    for (const char *q = s; q < p; q++)
        if (*q == '\n') {
            (*line)++;
            ls = q + 1;
        }
    *col = (long long)(p - ls) + 1;
}

/* A quoted field from p (at its opening quote); sets *next after it. */
static int csv_quoted(struct rso_reader *r, char *p, char *end, char **next)
{
    char *x = p + 1, *q;

    for (;;) {
        q = memchr(x, '"', (size_t)(end - x));
        if (!q) {
            long long line, col;

            if (!r->eof)
                return NEED_MORE;
            position(r, p, &line, &col);
            return rso_fail(RSO_EDATA,
                            "%s:%lld:%lld: unterminated quoted field",
                            cur_file(r), line, col);
        }
        if (q + 1 == end && !r->eof)
            return NEED_MORE;
        if (q + 1 < end && q[1] == '"') {
            x = q + 2;
            continue;
        }
        *next = q + 1;
        field_add(r, p + 1, (size_t)(q - p - 1), 1);
        return 0;
    }
}

/* Undo the doubled quotes of the n bytes at s, in place; the new length. */
static size_t unescape(char *s, size_t n)
{
    char *w = s, *e = s + n;

    for (char *p = s; p < e; p++) {
        *w++ = *p;
        if (*p == '"')
            p++;
    }
    return (size_t)(w - s);
}

/* Undo the doubled quotes of quoted fields, in place. */
static void csv_unescape(struct rso_reader *r)
{
    for (size_t i = 0; i < r->n_fields; i++)
        if (r->quoted[i] && memchr(r->fields[i], '"', r->lens[i]))
            r->lens[i] = unescape((char *)r->fields[i], r->lens[i]);
}

/*
 * Parse one record at buf+pos.  Returns 1 (fields set, pos after it), 0
 * at the end of the file, NEED_MORE, or RSO_EDATA.
 */
static int csv_try(struct rso_reader *r)
{
    char *p = r->buf + r->pos, *end = r->buf + r->end;
    const char d = r->delim;
    long long nl = 1;
    int rc;

    r->n_fields = 0;
    if (p == end)
        return r->eof ? 0 : NEED_MORE;
    for (;;) {
        if (p < end && *p == '"') {
            if ((rc = csv_quoted(r, p, end, &p)) != 0)
                return rc;
            for (const char *q = r->fields[r->n_fields - 1];
                 (q = memchr(q, '\n', (size_t)(p - q))); q++)
                nl++;
            if (p == end) {
                if (!r->eof)
                    return NEED_MORE;
                break;
            }
            if (*p == d) {
                p++;
                continue;
            }
            if (*p == '\n') {
                p++;
                break;
            }
            if (*p == '\r') {
                if (p + 1 == end && !r->eof)
                    return NEED_MORE;
                if (p + 1 < end && p[1] == '\n') {
                    p += 2;
                    break;
                }
            }
            {
                long long line, col;

                position(r, p, &line, &col);
                return rso_fail(RSO_EDATA,
                                "%s:%lld:%lld: text after a closing quote",
                                cur_file(r), line, col);
            }
        } else {
            char *s = p;
            size_t n;

            while (p < end && *p != d && *p != '\n')
                p++;
            if (p == end && !r->eof)
                return NEED_MORE;
            n = (size_t)(p - s);
            if ((p == end || *p == '\n') && n && s[n - 1] == '\r')
                n--;
            field_add(r, s, n, 0);
            if (p == end)
                break;
            if (*p++ == '\n')
                break;
            if (p == end && r->eof) {
                field_add(r, p, 0, 0); /* a last empty field */
                break;
            }
        }
    }
    r->rec_line = r->line;
    r->line += nl;
    r->pos = (size_t)(p - r->buf);
    return 1;
}

/* The raw bytes of the record just parsed, for checking UTF-8. */
static int record_utf8(struct rso_reader *r, const char *start,
                       const char *stop)
{
    size_t bad = value_utf8_bad(start, (size_t)(stop - start));
    long long line = r->rec_line, col;
    const char *ls = start;

    if (bad == (size_t)(stop - start))
        return 0;
    r->line_bad = 1;
    for (const char *q = start; q < start + bad; q++)
        if (*q == '\n') {
            line++;
            ls = q + 1;
        }
    col = (long long)(start + bad - ls) + 1;
    if (start[bad] == '\0')
        return rso_fail(RSO_EDATA,
                        "%s:%lld:%lld: a NUL byte: this looks like a "
                        "binary file, not text",
                        cur_file(r), line, col);
    return rso_fail(RSO_EDATA, "%s:%lld:%lld: invalid UTF-8", cur_file(r), line,
                    col);
}

/*
 * The record at buf+pos, when it is plain: no quote in it and its line
 * end in the buffer (most records are).  It takes 64 bytes at a time and
 * a field per set bit, where csv_try() takes a byte at a time.  Returns
 * 1 as csv_try() does, with *odd set when the record holds a byte that
 * only a UTF-8 check can clear (NUL or >= 0x80), or 0 to leave the
 * record to csv_try() (the fields it set are then garbage).
 */
static int csv_plain(struct rso_reader *r, int *odd)
{
    const char *s = r->buf + r->pos, *blk = s, *end = r->buf + r->end;
    uint64_t seen_odd = 0;
    size_t nf = 0;

    for (; blk < end; blk += 64) {
        size_t left = (size_t)(end - blk);
        uint64_t live = left < 64 ? (1ULL << left) - 1 : ~0ULL, upto, sep;
        struct tok_masks m;

        tok_block(&m, blk, r->delim);
        m.nl &= live;
        /* The bits up to the first line end, itself included. */
        upto = m.nl ? m.nl ^ (m.nl - 1) : live;
        if (m.quote & upto)
            return 0;
        seen_odd |= m.odd & upto;
        for (sep = (m.delim | m.nl) & upto; sep; sep &= sep - 1) {
            unsigned at = (unsigned)__builtin_ctzll(sep);
            const char *p = blk + at;
            size_t n = (size_t)(p - s);

            if (nf == r->cap_fields) {
                r->n_fields = nf;
                fields_grow(r);
            }
            if (m.nl >> at & 1) {
                if (n && p[-1] == '\r')
                    n--;
                r->fields[nf] = s;
                r->lens[nf] = n;
                r->n_fields = nf + 1;
                r->plain = 1;
                r->rec_line = r->line++;
                r->pos = (size_t)(p + 1 - r->buf);
                *odd = seen_odd != 0;
                return 1;
            }
            r->fields[nf] = s;
            r->lens[nf++] = n;
            s = p + 1;
        }
    }
    return 0;
}

static int csv_record(struct rso_reader *r)
{
    for (;;) {
        size_t start = r->pos;
        int odd, rc;

        if (csv_plain(r, &odd)) {
            if (odd &&
                (rc = record_utf8(r, r->buf + start, r->buf + r->pos)) < 0)
                return rc;
            return 1;
        }
        r->plain = 0;
        rc = csv_try(r);
        if (rc == 1) {
            if ((rc = record_utf8(r, r->buf + start, r->buf + r->pos)) < 0)
                return rc;
            csv_unescape(r);
            return 1;
        }
        if (rc != NEED_MORE)
            return rc;
        if ((rc = buf_more(r)) < 0)
            return rc;
    }
}

/* JSON Lines ------------------------------------------------------------ */

static void json_text(struct rso_reader *r, const char *path, json_t *v,
                      int naming);

static void json_leaf(struct rso_reader *r, const char *path, const char *s,
                      size_t n, int naming)
{
    size_t i;

    if (naming) {
        RSO_GROW(r->names, r->cap_names, r->n_names + 1);
        r->names[r->n_names++] = xstrdup(path);
        return;
    }
    /* Columns usually come in the header's order: try that first. */
    i = r->n_fields < r->n_names && !strcmp(r->names[r->n_fields], path)
            ? r->n_fields
            : r->n_names;
    if (i == r->n_names)
        for (i = 0; i < r->n_names; i++)
            if (!strcmp(r->names[i], path))
                break;
    r->n_fields++;
    if (i == r->n_names) {
        r->rec_extra = 1;
        if (!r->extra_name) {
            r->extra_name = xstrdup(path);
            r->extra_file = xstrdup(cur_file(r));
            r->extra_line = r->rec_line;
        }
        return;
    }
    r->offs[i] = r->text.len;
    r->lens[i] = n;
    rso_buf_add(&r->text, s, n);
}

static void json_text(struct rso_reader *r, const char *path, json_t *v,
                      int naming)
{
    char num[40];
    char *dump;

    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *c;

        json_object_foreach(v, k, c)
        {
            struct rso_buf p = RSO_BUF_INIT;

            if (*path)
                rso_buf_printf(&p, "%s.%s", path, k);
            else
                rso_buf_puts(&p, k);
            json_text(r, rso_buf_str(&p), c, naming);
            rso_buf_release(&p);
        }
        return;
    }
    case JSON_STRING:
        json_leaf(r, path, json_string_value(v), json_string_length(v), naming);
        return;
    case JSON_INTEGER:
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        break;
    case JSON_REAL:
        snprintf(num, sizeof(num), "%.17g", json_real_value(v));
        break;
    case JSON_TRUE:
        snprintf(num, sizeof(num), "true");
        break;
    case JSON_FALSE:
        snprintf(num, sizeof(num), "false");
        break;
    case JSON_NULL:
        num[0] = '\0';
        break;
    default:
        dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        json_leaf(r, path, dump ? dump : "", dump ? strlen(dump) : 0, naming);
        free(dump);
        return;
    }
    json_leaf(r, path, num, strlen(num), naming);
}

/* Parse the next non-blank line into *out (the caller's reference). */
static int jsonl_object(struct rso_reader *r, json_t **out)
{
    for (;;) {
        char *p = r->buf + r->pos, *end = r->buf + r->end;
        char *nl = memchr(p, '\n', (size_t)(end - p));
        json_error_t e;
        size_t n;
        int rc;

        if (!nl && !r->eof) {
            if ((rc = buf_more(r)) < 0)
                return rc;
            continue;
        }
        if (p == end)
            return 0;
        n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        r->rec_line = r->line++;
        r->pos += n + (nl != NULL);
        if ((rc = record_utf8(r, p, p + n)) < 0)
            return rc;
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 0)
            continue;
        *out = json_loadb(p, n, JSON_DECODE_ANY, &e);
        r->line_bad = 1;
        if (!*out)
            return rso_fail(RSO_EDATA, "%s:%lld:%d: invalid JSON: %s",
                            cur_file(r), r->rec_line, e.column, e.text);
        if (!json_is_object(*out)) {
            json_decref(*out);
            *out = NULL;
            return rso_fail(RSO_EDATA,
                            "%s:%lld: a JSON Lines record must be an object",
                            cur_file(r), r->rec_line);
        }
        r->line_bad = 0;
        return 1;
    }
}

static void jsonl_fill(struct rso_reader *r, json_t *obj)
{
    if (!r->offs) {
        r->offs = xcalloc(r->n_names + 1, sizeof(size_t));
        r->lens = xrealloc(r->lens, (r->n_names + 1) * sizeof(size_t));
        r->fields = xrealloc(r->fields, (r->n_names + 1) * sizeof(char *));
    }
    rso_buf_clear(&r->text);
    rso_buf_add(&r->text, "", 1); /* offset 0: the empty (null) field */
    for (size_t i = 0; i < r->n_names; i++)
        r->offs[i] = r->lens[i] = 0;
    r->n_fields = 0;
    r->rec_extra = 0;
    json_text(r, "", obj, 0);
    r->extra_rows += r->rec_extra;
    for (size_t i = 0; i < r->n_names; i++)
        r->fields[i] = r->text.ptr + r->offs[i];
    r->n_fields = r->n_names;
}

static int jsonl_record(struct rso_reader *r)
{
    json_t *obj = r->pending;
    int rc = 1;

    r->pending = NULL;
    if (!obj && (rc = jsonl_object(r, &obj)) <= 0)
        return rc;
    jsonl_fill(r, obj);
    json_decref(obj);
    return 1;
}

/* Files and headers ----------------------------------------------------- */

static int names_check(struct rso_reader *r)
{
    for (size_t i = 0; i < r->n_names; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(r->names[j], r->names[i]))
                return rso_fail(RSO_EDATA,
                                "%s:%lld: column '%s' appears twice in the "
                                "header",
                                cur_file(r), r->rec_line, r->names[i]);
    r->types = xcalloc(r->n_names + 1, sizeof(*r->types));
    for (size_t k = 0; k < r->src->n_types; k++) {
        size_t i;

        for (i = 0; i < r->n_names; i++)
            if (!strcmp(r->names[i], r->src->type_cols[k]))
                break;
        if (i == r->n_names)
            return rso_fail(RSO_EDATA,
                            "%s: column '%s' has a declared type but is not "
                            "in the data",
                            cur_file(r), r->src->type_cols[k]);
        r->types[i] = r->src->types[k];
    }
    return 0;
}

static int file_open(struct rso_reader *r)
{
    int rc;

    input_close(r->in);
    r->in = NULL;
    r->pos = r->end = 0;
    r->base = 0;
    r->eof = 0;
    r->line = 1;
    if ((rc = input_open(&r->in, cur_file(r))) < 0)
        return rc;
    if ((rc = buf_more(r)) < 0)
        return rc;
    if (r->end == 0)
        return rso_fail(RSO_EDATA, "%s: the file is empty%s", cur_file(r),
                        r->jsonl ? "" : " (no header row)");
    if (r->end >= 3 && !memcmp(r->buf, "\xEF\xBB\xBF", 3))
        r->pos = 3;
    return 0;
}

/* Read the header of the current file: set names, or compare with them. */
static int read_header(struct rso_reader *r)
{
    int first = r->names == NULL, rc;

    if (r->jsonl) {
        json_t *obj = NULL;

        if ((rc = jsonl_object(r, &obj)) < 0)
            return rc;
        if (rc == 0)
            return rso_fail(RSO_EDATA, "%s: the file holds no record",
                            cur_file(r));
        r->pending = obj;
        if (!first)
            return 0;
        json_text(r, "", obj, 1);
        if (r->n_names == 0)
            return rso_fail(RSO_EDATA,
                            "%s:%lld: the first record has no "
                            "field",
                            cur_file(r), r->rec_line);
        return names_check(r);
    }
    if ((rc = csv_record(r)) < 0)
        return rc;
    if (rc == 0)
        return rso_fail(RSO_EDATA, "%s: the file is empty (no header row)",
                        cur_file(r));
    if (!first) {
        int same = r->n_fields == r->n_names;

        for (size_t i = 0; same && i < r->n_names; i++)
            same = strlen(r->names[i]) == r->lens[i] &&
                   !memcmp(r->names[i], r->fields[i], r->lens[i]);
        if (!same)
            return rso_fail(RSO_EDATA,
                            "%s:1: the header differs from that of '%s'",
                            cur_file(r), r->files[0]);
        return 0;
    }
    r->names = xcalloc(r->n_fields + 1, sizeof(*r->names));
    r->n_names = r->n_fields;
    for (size_t i = 0; i < r->n_fields; i++)
        r->names[i] = xstrndup(r->fields[i], r->lens[i]);
    return names_check(r);
}

/* Open files[0..n) (copied) of src. */
static int open_files(struct rso_reader **out, const struct rso_source *src,
                      char **files, size_t n)
{
    struct rso_reader *r;
    int rc;

    if (src->format == RSO_FMT_JSON)
        return rso_fail(RSO_EDATA,
                        "%s: a JSON document is not a table; use JSON "
                        "Lines (one object per line)",
                        src->resolved);
    r = xcalloc(1, sizeof(*r));
    r->src = src;
    r->jsonl = src->format == RSO_FMT_JSONL;
    r->delim = src->delimiter ? src->delimiter
                              : (src->format == RSO_FMT_TSV ? '\t' : ',');
    r->cap = CHUNK;
    r->buf = xcalloc(1, r->cap + TOK_PAD);
    r->stop = -1;
    r->files = xcalloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        r->files[i] = xstrdup(files[i]);
    r->n_files = n;
    if ((rc = file_open(r)) < 0 || (rc = read_header(r)) < 0) {
        reader_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

int reader_open(struct rso_reader **out, const struct rso_source *src)
{
    char **files;
    size_t n;
    int rc;

    if (src->format == RSO_FMT_JSON)
        return open_files(out, src, NULL, 0);
    if ((rc = input_files(src->resolved, &files, &n)) < 0)
        return rc;
    rc = open_files(out, src, files, n);
    input_files_free(files, n);
    return rc;
}

int reader_open_files(struct rso_reader **out, const struct rso_source *src,
                      char **files, size_t n)
{
    return open_files(out, src, files, n);
}

int reader_same_header(const struct rso_reader *a, const struct rso_reader *b)
{
    if (a->n_names != b->n_names)
        return rso_fail(RSO_EDATA,
                        "%s:1: the header differs from that of "
                        "'%s'",
                        b->files[0], a->files[0]);
    for (size_t i = 0; i < a->n_names; i++)
        if (strcmp(a->names[i], b->names[i]))
            return rso_fail(RSO_EDATA,
                            "%s:1: the header differs from that "
                            "of '%s'",
                            b->files[0], a->files[0]);
    return 0;
}

size_t reader_columns(const struct rso_reader *r, const char *const **names)
{
    *names = (const char *const *)r->names;
    return r->n_names;
}

/*
 * The first field of a record that does not parse as its column's
 * declared type, with the parser's code in *rc; or -1 when all do.
 */
static long first_untyped(const struct rso_reader *r, const char *const *f,
                          const size_t *l, int *rc)
{
    for (size_t i = 0; r->src->n_types && i < r->n_names; i++) {
        if (r->types[i] == RSO_TYPE_AUTO || r->types[i] == RSO_TYPE_STRING ||
            value_is_null(r->src, f[i], l[i]))
            continue;
        if ((*rc = value_check(r->types[i], f[i], l[i])) != 0)
            return (long)i;
    }
    return -1;
}

/* Why the record just read is bad, or NULL: its width or a typed field. */
static int record_check(struct rso_reader *r, struct rso_buf *why)
{
    long i;
    int rc;

    if (r->n_fields != r->n_names) {
        rso_buf_printf(why,
                       "%s:%lld: expected %zu fields as in the header, "
                       "found %zu",
                       cur_file(r), r->rec_line, r->n_names, r->n_fields);
        return 1;
    }
    if ((i = first_untyped(r, r->fields, r->lens, &rc)) < 0)
        return 0;
    rso_buf_printf(why, "%s:%lld: column '%s': '%.*s' %s %s", cur_file(r),
                   r->rec_line, r->names[i],
                   (int)(r->lens[i] < 60 ? r->lens[i] : 60), r->fields[i],
                   rc == VALUE_OVERFLOW ? "overflows the type"
                                        : "is not of the declared type",
                   rso_type_name(r->types[i]));
    return 1;
}

/* Count a bad record; an error unless skipping and still within bounds. */
static int bad_row(struct rso_reader *r, const char *msg)
{
    if (!r->src->skip_bad_rows)
        return rso_fail(RSO_EDATA, "%s", msg);
    r->bad_rows++;
    if (!r->first_bad)
        r->first_bad = xstrdup(msg);
    if (r->src->max_bad_rows >= 0 && r->bad_rows > r->src->max_bad_rows)
        return rso_fail(RSO_EDATA,
                        "%s: %lld bad rows, more than max_bad_rows (%lld); "
                        "the first: %s",
                        r->src->resolved, r->bad_rows, r->src->max_bad_rows,
                        r->first_bad);
    return 0;
}

static int next_raw(struct rso_reader *r)
{
    for (;;) {
        int rc;

        if (r->stop >= 0 && r->base + (long long)r->pos >= r->stop)
            return 0;
        rc = r->jsonl ? jsonl_record(r) : csv_record(r);

        if (rc != 0)
            return rc;
        if (r->file_i + 1 == r->n_files)
            return 0;
        r->file_i++;
        if ((rc = file_open(r)) < 0 || (rc = read_header(r)) < 0)
            return rc;
    }
}

int reader_next(struct rso_reader *r, struct rso_record *rec)
{
    for (;;) {
        struct rso_buf why = RSO_BUF_INIT;
        int rc;

        r->line_bad = 0;
        rc = next_raw(r);
        if (rc < 0 && r->line_bad && r->src->skip_bad_rows) {
            /* The record was read whole: the next one is intact. */
            char *msg = xstrdup(rso_errmsg());

            rc = bad_row(r, msg);
            free(msg);
            if (rc < 0)
                return rc;
            continue;
        }
        if (rc <= 0)
            return rc;
        if (!r->jsonl && r->n_fields == 1 && r->lens[0] == 0 &&
            (r->plain || !r->quoted[0]))
            continue; /* a blank line */
        if (record_check(r, &why)) {
            rc = bad_row(r, rso_buf_str(&why));
            rso_buf_release(&why);
            if (rc < 0)
                return rc;
            continue;
        }
        rec->n = r->n_fields;
        rec->field = r->fields;
        rec->len = r->lens;
        rec->line = r->rec_line;
        rec->index = ++r->records;
        rec->file = cur_file(r);
        return 1;
    }
}

/*
 * Whether the record whose first field is at f (a batch's, a field per
 * READER_BATCH) holds values of the declared types.
 */
static int run_typed(struct rso_reader *r, const char **f, const size_t *l)
{
    int rc;

    /* The header was read into fields: they have room for a record. */
    for (size_t j = 0; j < r->n_names; j++) {
        r->fields[j] = f[j * READER_BATCH];
        r->lens[j] = l[j * READER_BATCH];
    }
    return first_untyped(r, r->fields, r->lens, &rc) < 0;
}

/*
 * Whether the record from rec to next, its fields at f and l (a field
 * per READER_BATCH), is valid UTF-8 (checked only when odd: it holds a
 * byte that needs it) and of the declared types.
 */
static inline __attribute__((always_inline)) int
run_valid(struct rso_reader *r, const char *rec, const char *next,
          const char **f, const size_t *l, int odd)
{
    size_t n = (size_t)(next - rec);

    if (odd && value_utf8_bad(rec, n) != n)
        return 0;
    return !r->src->n_types || run_typed(r, f, l);
}

/*
 * The record at rec (whole in the buffer up to end), which holds a
 * quote, when each of its quoted fields is whole: in quotes from its
 * first byte to its separator, with no line end in it.  Sets its fields
 * (a field per READER_BATCH in f and l, without the quotes, doubled
 * quotes still doubled: bit j of *doubled says field j has some) as
 * reader_next() would, and returns where the next record starts; or
 * NULL to leave the record to reader_next().
 */
static const char *csv_quoted_run(const struct rso_reader *r, const char *rec,
                                  const char *end, const char **f, size_t *l,
                                  uint64_t *doubled)
{
    const size_t w = r->n_names;
    const char d = r->delim;
    const char *p = rec;

    *doubled = 0;
    for (size_t j = 0; j < w; j++) {
        const char *s = p, *e;

        if (p < end && *p == '"') {
            /* The closing quote: the first not doubled. */
            for (const char *x = p + 1;; x = e + 2) {
                e = memchr(x, '"', (size_t)(end - x));
                if (!e || e + 1 == end)
                    return NULL; /* not whole */
                if (e[1] != '"')
                    break;
                if (j >= 64)
                    return NULL;
                *doubled |= 1ULL << j;
            }
            if (memchr(p + 1, '\n', (size_t)(e - p - 1)))
                return NULL;
            s = p + 1;
            p = e + 1;
            if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
                p++;
            /* Text after the quote: an error reader_next() reports. */
            if (*p != d && *p != '\n')
                return NULL;
        } else {
            for (e = p; e < end && *e != d && *e != '\n'; e++)
                ;
            if (e == end || (w == 1 && e == s))
                return NULL; /* not whole, or a blank line */
            p = e;
            if (*e == '\n' && e > s && e[-1] == '\r')
                e--;
        }
        f[j * READER_BATCH] = s;
        l[j * READER_BATCH] = (size_t)(e - s);
        if (*p == '\n')
            return j + 1 == w ? p + 1 : NULL;
        p++;
    }
    return NULL; /* more fields than the header */
}

/*
 * The plain records from buf+pos on into b, up to READER_BATCH: each
 * whole in the buffer, of the header's width, without a quote (or with
 * whole quoted fields: csv_quoted_run), valid UTF-8, of the declared
 * types and starting before the stop.  Each 64-byte block is classed
 * once for all the records in it.  Stops before the first record that
 * is not such (reader_next() takes that one); returns the number read.
 * With mark, sets b's maybe_null from the same masks.
 */
static inline __attribute__((always_inline)) size_t
csv_run(struct rso_reader *r, struct rso_batch *b, const int mark)
{
    const char *rec = r->buf + r->pos, *s = rec, *end = r->buf + r->end;
    const char *stop = end, *blk, *next;
    const size_t w = r->n_names, last = (w - 1) * READER_BATCH;
    /* Read once: the stores to the batch might alias them. */
    const int typed = r->src->n_types != 0;
    const char delim = r->delim;
    const char **f = b->field;
    size_t *l = b->len, n = 0;
    /* The slots of the next field, and of the record's last field. */
    const char **fp = f, **flast = f + last;
    size_t *lp = l;
    int odd = 0;
    /*
     * The fields that may be null: those that start with n or N, or are
     * empty (start at a separator), found from the block's masks.  A
     * field starts after a separator, or at rec (carry).
     */
    uint64_t maybe = 0, carry = 1, cand = 0;
    uint64_t doubled; /* fields of a quoted record with doubled quotes */

    /* Field j of record n: f[j * READER_BATCH + n]. */
    if (r->stop >= 0 && r->stop - r->base < (long long)r->end)
        stop = r->buf + (r->stop > r->base ? r->stop - r->base : 0);
    if (rec >= stop)
        return 0;
again:
    for (blk = rec; blk < end; blk += 64) {
        size_t left = (size_t)(end - blk);
        uint64_t live = left < 64 ? (1ULL << left) - 1 : ~0ULL, sep;
        struct tok_masks m;

        tok_block(&m, blk, delim);
        m.quote &= live;
        m.odd &= live;
        sep = (m.delim | m.nl) & live;
        if (mark) {
            cand = ((sep << 1) | carry) & (sep | tok_letter_n(blk)) & live;
            carry = sep >> 63;
        }
        while (sep) {
            /* The separators up to the next line end, or all. */
            const uint64_t e = m.nl & sep & -(m.nl & sep);
            const uint64_t upto = e ^ (e - 1);
            unsigned at;
            const char *p;

            if (m.quote | m.odd) {
                if (m.quote & upto)
                    goto quoted; /* a quote in this record */
                odd |= (m.odd & upto) != 0;
                m.odd &= ~upto;
            }
            for (uint64_t d = sep & upto & ~e; d; d &= d - 1) {
                p = blk + __builtin_ctzll(d);
                if (fp == flast)
                    goto done; /* too many fields */
                *fp = s;
                *lp = (size_t)(p - s);
                s = p + 1;
                fp += READER_BATCH;
                lp += READER_BATCH;
            }
            if (!e)
                break; /* the record goes on in the next block */
            sep &= ~upto;
            at = (unsigned)__builtin_ctzll(e);
            p = blk + at;
            *fp = s;
            *lp = (size_t)(p - s);
            s = p + 1;
            if (fp != flast)
                goto done; /* too few fields, or a blank line */
            if (*lp && p[-1] == '\r' && --*lp == 0)
                maybe = 1; /* "\r" alone: empty */
            if (w == 1 && *lp == 0)
                goto done; /* a blank line (one column) */
            if ((odd || typed) && !run_valid(r, rec, s, f + n, l + n, odd))
                goto done;
            if (mark) {
                maybe |= (cand & upto) != 0;
                cand &= ~upto;
                b->maybe_null[n / 64] |= maybe << (n % 64);
                maybe = 0;
            }
            n++;
            fp = f + n;
            lp = l + n;
            flast = fp + last;
            odd = 0;
            rec = s;
            if (n == READER_BATCH || rec >= stop)
                goto done;
        }
        if (m.quote)
            goto quoted; /* a quote after the last separator */
        odd |= m.odd != 0;
        if (mark)
            maybe |= cand != 0; /* the record goes on to the next block */
    }
    goto done;
quoted:
    /* The record again from its start, a field at a time. */
    if (!(next = csv_quoted_run(r, rec, end, f + n, l + n, &doubled)) ||
        !run_valid(r, rec, next, f + n, l + n, 1))
        goto done;
    /*
     * Taken: its doubled quotes are undone in place, as reader_next()
     * does, only now (the checks above saw the raw bytes, as there; no
     * declared type takes a quote, doubled or not).
     */
    for (; doubled; doubled &= doubled - 1) {
        size_t j = (size_t)__builtin_ctzll(doubled) * READER_BATCH + n;

        l[j] = unescape((char *)f[j], l[j]);
    }
    if (mark)
        b->maybe_null[n / 64] |= 1ULL << (n % 64); /* not looked at */
    n++;
    fp = f + n;
    lp = l + n;
    flast = fp + last;
    odd = 0;
    maybe = 0;
    carry = 1;
    rec = s = next;
    if (n < READER_BATCH && rec < stop)
        goto again;
done:
    r->pos = (size_t)(rec - r->buf);
    r->line += (long long)n;
    r->records += (long long)n;
    return n;
}

/* csv_run() compiled twice: marking costs nothing when not asked. */
static size_t csv_run_marked(struct rso_reader *r, struct rso_batch *b)
{
    return csv_run(r, b, 1);
}

static size_t csv_run_plain(struct rso_reader *r, struct rso_batch *b)
{
    return csv_run(r, b, 0);
}

int reader_batch(struct rso_reader *r, struct rso_batch *b)
{
    struct rso_record rec;
    int rc;

    b->width = r->n_names;
    b->line = r->line;
    b->index = r->records + 1;
    b->file = cur_file(r);
    b->marked = b->mark && !r->src->null_values;
    /* CSV fields lie in buf, which has TOK_PAD bytes to spare. */
    b->padded = !r->jsonl;
    if (b->marked)
        memset(b->maybe_null, 0, sizeof(b->maybe_null));
    if (!r->jsonl &&
        (b->n = b->marked ? csv_run_marked(r, b) : csv_run_plain(r, b)) > 0)
        return 1;
    b->marked = 0;
    if ((rc = reader_next(r, &rec)) <= 0)
        return rc;
    if (rec.n != b->width)
        return rso_fail(RSO_EDATA, "%s:%lld: expected %zu fields, found %zu",
                        rec.file, rec.line, b->width, rec.n);
    for (size_t j = 0; j < rec.n; j++) {
        b->field[j * READER_BATCH] = rec.field[j];
        b->len[j * READER_BATCH] = rec.len[j];
    }
    b->n = 1;
    b->line = rec.line;
    b->index = rec.index;
    b->file = rec.file;
    return 1;
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
    input_close(r->in);
    input_files_free(r->files, r->n_files);
    for (size_t i = 0; i < r->n_names; i++)
        free(r->names[i]);
    free(r->names);
    free(r->types);
    free(r->buf);
    free(r->fields);
    free(r->lens);
    free(r->quoted);
    free(r->offs);
    rso_buf_release(&r->text);
    json_decref(r->pending);
    free(r->first_bad);
    free(r->extra_name);
    free(r->extra_file);
    free(r);
}

long long reader_extra_rows(const struct rso_reader *r, char **first)
{
    *first = NULL;
    if (r->extra_name) {
        struct rso_buf t = RSO_BUF_INIT;

        rso_buf_printf(&t, "'%.100s' on line %lld of %.100s", r->extra_name,
                       r->extra_line, r->extra_file);
        *first = rso_buf_detach(&t);
    }
    return r->extra_rows;
}

long long reader_split_size(const struct rso_reader *r)
{
    struct stat st;

    if (r->n_files != 1 || input_codec(r->in) != INPUT_PLAIN ||
        stat(r->files[0], &st) != 0)
        return 0;
    return (long long)st.st_size;
}

long long reader_split_point(const struct rso_reader *r, long long at)
{
    char buf[1 << 16];
    long long found = -1;
    ssize_t got;
    int fd = open(r->files[0], O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    while (found < 0 && (got = pread(fd, buf, sizeof(buf), at)) > 0) {
        const char *nl = memchr(buf, '\n', (size_t)got);

        if (nl)
            found = at + (nl - buf) + 1;
        at += got;
    }
    close(fd);
    return found;
}

int reader_open_part(struct rso_reader **out, const struct rso_reader *like,
                     long long at)
{
    struct rso_reader *r = xcalloc(1, sizeof(*r));
    long long lines = 0;
    int rc;

    r->src = like->src;
    r->files = xcalloc(1, sizeof(char *));
    r->files[0] = xstrdup(like->files[0]);
    r->n_files = 1;
    r->delim = like->delim;
    r->jsonl = like->jsonl;
    r->cap = CHUNK;
    r->buf = xcalloc(1, r->cap + TOK_PAD);
    r->stop = -1;
    r->names = xcalloc(like->n_names + 1, sizeof(char *));
    for (size_t i = 0; i < like->n_names; i++)
        r->names[i] = xstrdup(like->names[i]);
    r->n_names = like->n_names;
    r->types = xcalloc(r->n_names + 1, sizeof(*r->types));
    memcpy(r->types, like->types, r->n_names * sizeof(*r->types));
    if ((rc = input_open(&r->in, r->files[0])) < 0)
        goto fail;
    /*
     * Read from at on, numbering lines from there (the caller knows how
     * many come before only later); when the input cannot seek, from the
     * start, counting them.
     */
    if (input_seek(r->in, at) == 0)
        r->base = at;
    for (;;) {
        char *p, *e;

        r->pos = r->end;
        if ((rc = buf_more(r)) < 0)
            goto fail;
        if (r->end == 0) {
            rc = rso_fail(RSO_EDATA, "%s: no split point", r->files[0]);
            goto fail;
        }
        p = r->buf;
        e = r->buf + r->end;
        if (r->base + (long long)r->end > at) {
            char *q = r->buf + (at > r->base ? at - r->base : 0), *nl;

            lines += (long long)tok_count_lines(p, (size_t)(q - p));
            if ((nl = memchr(q, '\n', (size_t)(e - q)))) {
                r->pos = (size_t)(nl + 1 - r->buf);
                r->line = lines + 2;
                *out = r;
                return 0;
            }
            at = r->base + (long long)r->end;
            p = q;
        }
        lines += (long long)tok_count_lines(p, (size_t)(e - p));
    }
fail:
    reader_close(r);
    return rc;
}

long long reader_offset(const struct rso_reader *r)
{
    return r->base + (long long)r->pos;
}

long long reader_line(const struct rso_reader *r)
{
    return r->line;
}

void reader_stop_at(struct rso_reader *r, long long offset)
{
    r->stop = offset;
}

int reader_takes_text(const struct rso_reader *r,
                      const struct rso_reader *other)
{
    return !r->first_bad && other->first_bad;
}

void reader_add_bad(struct rso_reader *r, const struct rso_reader *other,
                    long long shift)
{
    r->extra_rows += other->extra_rows;
    if (!r->extra_name && other->extra_name) {
        r->extra_name = xstrdup(other->extra_name);
        r->extra_file = xstrdup(other->extra_file);
        r->extra_line = other->extra_line + shift;
    }
    r->bad_rows += other->bad_rows;
    if (!r->first_bad && other->first_bad)
        r->first_bad = xstrdup(other->first_bad);
}

size_t reader_files_count(const struct rso_reader *r)
{
    return r->n_files;
}
