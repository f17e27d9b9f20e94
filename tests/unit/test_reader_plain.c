/*
 * The CSV reader's block path (csv_plain in reader.c): delimiters, line
 * ends, quotes, CR and odd bytes at every offset of its 64-byte blocks and
 * their 16-byte parts, records across buffer refills, and the same
 * messages as the byte-at-a-time path for invalid UTF-8.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "helpers.h"
#include "scan/reader.h"
#include "util/buf.h"
#include "util/err.h"

/* Past the longest block of the tokenizer, twice. */
#define SPAN 140

/*
 * The n bytes read as CSV: the header, then each record as "@line a|b",
 * one a line; *rc is what reader_open or the last reader_next returned.
 */
static char *read_bytes(const char *text, size_t n, int *rc)
{
    char *dir = th_tmpdir();
    struct rso_source s = th_source(dir, "t.csv", RSO_FMT_CSV);
    struct rso_buf out = RSO_BUF_INIT;
    struct rso_reader *r;
    struct rso_record rec;
    const char *const *names;
    size_t cols;

    th_write_bytes(dir, "t.csv", text, n);
    if ((*rc = reader_open(&r, &s)) == 0) {
        cols = reader_columns(r, &names);
        for (size_t i = 0; i < cols; i++)
            rso_buf_printf(&out, "%s%s", i ? "|" : "", names[i]);
        rso_buf_puts(&out, "\n");
        while ((*rc = reader_next(r, &rec)) == 1) {
            rso_buf_printf(&out, "@%lld ", rec.line);
            for (size_t i = 0; i < rec.n; i++)
                rso_buf_printf(&out, "%s%.*s", i ? "|" : "", (int)rec.len[i],
                               rec.field[i]);
            rso_buf_puts(&out, "\n");
        }
        reader_close(r);
    }
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
    if (!out.ptr)
        rso_buf_puts(&out, "");
    return rso_buf_detach(&out);
}

static void expect_read(const struct rso_buf *in, const struct rso_buf *want)
{
    int rc;
    char *got = read_bytes(in->ptr, in->len, &rc);

    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_str_eq(got, rso_buf_str(want));
    free(got);
}

static void expect_error(const struct rso_buf *in, const char *want)
{
    int rc;
    char *got = read_bytes(in->ptr, in->len, &rc);

    cr_assert_eq(rc, RSO_EDATA, "no error, want '%s'", want);
    cr_assert(strstr(rso_errmsg(), want), "'%s' lacks '%s'", rso_errmsg(),
              want);
    free(got);
}

static void repeat(struct rso_buf *b, char c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rso_buf_putc(b, c);
}

Test(reader_plain, delimiters_and_line_ends_at_every_offset)
{
    struct rso_buf in = RSO_BUF_INIT, want = RSO_BUF_INIT;

    rso_buf_puts(&in, "a,b,c\n");
    rso_buf_puts(&want, "a|b|c\n");
    for (size_t len = 0; len < SPAN; len++) {
        rso_buf_printf(&want, "@%zu ", len + 2);
        repeat(&in, 'x', len);
        repeat(&want, 'x', len);
        rso_buf_puts(&in, ",");
        rso_buf_puts(&want, "|");
        repeat(&in, 'y', len % 7);
        repeat(&want, 'y', len % 7);
        rso_buf_puts(&in, len % 2 ? ",z\r\n" : ",z\n");
        rso_buf_puts(&want, "|z\n");
    }
    expect_read(&in, &want);
    rso_buf_release(&in);
    rso_buf_release(&want);
}

Test(reader_plain, last_line_without_line_end)
{
    for (size_t len = 0; len < SPAN; len++) {
        struct rso_buf in = RSO_BUF_INIT, want = RSO_BUF_INIT;

        rso_buf_puts(&in, "a,b\n");
        rso_buf_puts(&want, "a|b\n@2 ");
        repeat(&in, 'x', len);
        repeat(&want, 'x', len);
        /* A last empty field, one with a CR that goes, or a plain one. */
        rso_buf_puts(&in, len % 3 == 0 ? "," : len % 3 == 1 ? ",y\r" : ",y");
        rso_buf_puts(&want, len % 3 == 0 ? "|\n" : "|y\n");
        expect_read(&in, &want);
        rso_buf_release(&in);
        rso_buf_release(&want);
    }
}

Test(reader_plain, quotes_at_every_offset)
{
    struct rso_buf in = RSO_BUF_INIT, want = RSO_BUF_INIT;

    rso_buf_puts(&in, "a,b,c\n");
    rso_buf_puts(&want, "a|b|c\n");
    for (size_t len = 1; len < SPAN; len++) {
        /* Inside an unquoted field a quote is text. */
        rso_buf_printf(&want, "@%zu ", 3 * len - 1);
        repeat(&in, 'x', len);
        repeat(&want, 'x', len);
        rso_buf_puts(&in, "\"x,b,c\n");
        rso_buf_puts(&want, "\"x|b|c\n");
        /* A quoted field starting at len. */
        rso_buf_printf(&want, "@%zu ", 3 * len);
        repeat(&in, 'x', len);
        repeat(&want, 'x', len);
        rso_buf_puts(&in, ",\"q,\"\"r\"\"\ns\",c\n");
        rso_buf_puts(&want, "|q,\"r\"\ns|c\n");
    }
    expect_read(&in, &want);
    rso_buf_release(&in);
    rso_buf_release(&want);
}

Test(reader_plain, carriage_returns_at_every_offset)
{
    struct rso_buf in = RSO_BUF_INIT, want = RSO_BUF_INIT;

    rso_buf_puts(&in, "a,b,c\n");
    rso_buf_puts(&want, "a|b|c\n");
    for (size_t len = 0; len < SPAN; len++) {
        /* Only one CR before the line end goes; the others are text. */
        rso_buf_printf(&want, "@%zu ", len + 2);
        repeat(&in, 'x', len);
        repeat(&want, 'x', len);
        rso_buf_puts(&in, "\ry\r,b\r,c\r\r\n");
        rso_buf_puts(&want, "\ry\r|b\r|c\r\n");
    }
    expect_read(&in, &want);
    rso_buf_release(&in);
    rso_buf_release(&want);
}

Test(reader_plain, blank_lines_and_empty_fields)
{
    struct rso_buf in = RSO_BUF_INIT, want = RSO_BUF_INIT;

    rso_buf_puts(&in, "a,b\n\n\r\n,\n\"\"\n1,2\n,,\n");
    rso_buf_puts(&want, "a|b\n@4 |\n");
    expect_error(&in, "t.csv:5: expected 2 fields as in the header, found 1");
    rso_buf_clear(&in);
    rso_buf_puts(&in, "a,b\n\n\r\n,\n1,2\n\n");
    rso_buf_puts(&want, "@5 1|2\n");
    expect_read(&in, &want);
    rso_buf_release(&in);
    rso_buf_release(&want);
}

Test(reader_plain, records_wider_than_the_header)
{
    struct rso_buf in = RSO_BUF_INIT, want = RSO_BUF_INIT;

    for (int i = 0; i < 100; i++) {
        rso_buf_printf(&in, "%sc%d", i ? "," : "", i);
        rso_buf_printf(&want, "%sc%d", i ? "|" : "", i);
    }
    rso_buf_puts(&in, "\n");
    rso_buf_puts(&want, "\n@2 ");
    for (int i = 0; i < 100; i++) {
        rso_buf_printf(&in, "%s%d", i ? "," : "", i);
        rso_buf_printf(&want, "%s%d", i ? "|" : "", i);
    }
    rso_buf_puts(&in, "\n");
    rso_buf_puts(&want, "\n");
    expect_read(&in, &want);
    repeat(&in, ',', 149);
    rso_buf_puts(&in, "\n");
    expect_error(&in, "t.csv:3: expected 100 fields as in the header, "
                      "found 150");
    rso_buf_release(&in);
    rso_buf_release(&want);
}

/*
 * A record "p,<len x>,<bytes>,c" after two good lines: its message names
 * byte skip of bytes.
 */
static void expect_bad_bytes(size_t len, const char *bytes, size_t skip,
                             const char *why)
{
    struct rso_buf in = RSO_BUF_INIT;
    char want[128];

    rso_buf_puts(&in, "a,b,c,d\n1,\xc3\xa9,3,4\n");
    rso_buf_puts(&in, "p,");
    repeat(&in, 'x', len);
    rso_buf_printf(&in, ",%s,c\n", bytes);
    snprintf(want, sizeof(want), "t.csv:3:%zu: %s", len + 4 + skip, why);
    expect_error(&in, want);
    rso_buf_release(&in);
}

Test(reader_plain, odd_bytes_at_every_offset)
{
    for (size_t len = 0; len < SPAN; len++) {
        expect_bad_bytes(len, "\xff", 0, "invalid UTF-8");
        expect_bad_bytes(len, "\xc3", 0, "invalid UTF-8");
        expect_bad_bytes(len, "\xc3\xa9\xed\xa0\x80", 2, "invalid UTF-8");
        expect_bad_bytes(len, "\xe2\x82", 0, "invalid UTF-8");
    }
    for (size_t len = 0; len < SPAN; len += 7) {
        struct rso_buf in = RSO_BUF_INIT;
        char want[128];

        rso_buf_puts(&in, "a,b\n");
        repeat(&in, 'x', len);
        rso_buf_add(&in, ",\0\n", 3);
        snprintf(want, sizeof(want), "t.csv:2:%zu: a NUL byte", len + 2);
        expect_error(&in, want);
        rso_buf_release(&in);
    }
}

Test(reader_plain, valid_utf8_at_every_offset)
{
    struct rso_buf in = RSO_BUF_INIT, want = RSO_BUF_INIT;

    rso_buf_puts(&in, "a,b\n");
    rso_buf_puts(&want, "a|b\n");
    for (size_t len = 0; len < SPAN; len++) {
        rso_buf_printf(&want, "@%zu ", len + 2);
        repeat(&in, 'x', len);
        repeat(&want, 'x', len);
        rso_buf_puts(&in, "\xe2\x82\xac,\xf0\x9f\x98\x80\n");
        rso_buf_puts(&want, "\xe2\x82\xac|\xf0\x9f\x98\x80\n");
    }
    expect_read(&in, &want);
    rso_buf_release(&in);
    rso_buf_release(&want);
}

Test(reader_plain, invalid_utf8_in_a_quoted_line_counts_lines)
{
    struct rso_buf in = RSO_BUF_INIT;

    rso_buf_puts(&in, "a,b\n1,2\n3,\"x\nyz\xff\"\n");
    expect_error(&in, "t.csv:4:3: invalid UTF-8");
    rso_buf_release(&in);
}

/* Row i of the refill tests: fields that tell where they came from. */
static void refill_row(struct rso_buf *in, size_t i)
{
    rso_buf_printf(in, "%zu,", i);
    if (i % 5 == 0)
        rso_buf_puts(in, "\"q,\"");
    else
        repeat(in, 'x', i % 131);
    rso_buf_puts(in, i % 3 ? ",end\n" : ",end\r\n");
}

static int refill_ok(const struct rso_record *rec, size_t i)
{
    char num[32];
    size_t n = (size_t)snprintf(num, sizeof(num), "%zu", i);

    if (rec->n != 3 || rec->line != (long long)i + 2 || rec->len[0] != n ||
        memcmp(rec->field[0], num, n) || rec->len[2] != 3 ||
        memcmp(rec->field[2], "end", 3))
        return 0;
    if (i % 5 == 0)
        return rec->len[1] == 2 && !memcmp(rec->field[1], "q,", 2);
    for (size_t k = 0; k < rec->len[1]; k++)
        if (rec->field[1][k] != 'x')
            return 0;
    return rec->len[1] == i % 131;
}

Test(reader_plain, records_across_buffer_refills)
{
    char *dir = th_tmpdir();
    struct rso_source s = th_source(dir, "t.csv", RSO_FMT_CSV);
    struct rso_buf in = RSO_BUF_INIT;
    struct rso_reader *r;
    struct rso_record rec;
    size_t rows = 0, i = 0;
    int rc;

    rso_buf_puts(&in, "a,b,c\n");
    while (in.len < (3u << 20) + 1000)
        refill_row(&in, rows++);
    th_write_bytes(dir, "t.csv", in.ptr, in.len);
    cr_assert_eq(reader_open(&r, &s), 0, "%s", rso_errmsg());
    while ((rc = reader_next(r, &rec)) == 1) {
        cr_assert(refill_ok(&rec, i), "row %zu at line %lld", i, rec.line);
        i++;
    }
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_eq(i, rows);
    reader_close(r);
    free(s.resolved);
    rso_buf_release(&in);
    th_rmrf(dir);
    free(dir);
}

/* The first buffer holds 1 MB: a bad byte just before, at and after. */
Test(reader_plain, invalid_utf8_at_the_refill_is_placed_right)
{
    for (int shift = -2; shift <= 2; shift++) {
        struct rso_buf in = RSO_BUF_INIT;
        size_t at = (1u << 20) + (size_t)shift, rows = 0, line, col;
        char want[128];

        rso_buf_puts(&in, "a,b,c\n");
        while (in.len < at + 200)
            refill_row(&in, rows++);
        /* Not a quote: the record would end elsewhere. */
        cr_assert(in.ptr[at] != '"');
        in.ptr[at] = '\xff';
        line = 1;
        col = 1;
        for (size_t k = 0; k < at; k++, col++)
            if (in.ptr[k] == '\n')
                line++, col = 0;
        snprintf(want, sizeof(want), "t.csv:%zu:%zu: invalid UTF-8", line, col);
        expect_error(&in, want);
        rso_buf_release(&in);
    }
}

/*
 * The last read leaves old bytes after the data, line ends among them: a
 * last line without its own must still end at the data.
 */
Test(reader_plain, last_line_after_a_refill)
{
    struct rso_buf in = RSO_BUF_INIT;
    char *dir = th_tmpdir();
    struct rso_source s = th_source(dir, "t.csv", RSO_FMT_CSV);
    struct rso_reader *r;
    struct rso_record rec;
    long long n = 0;
    int rc;

    rso_buf_puts(&in, "a,b,c\n");
    while (in.len < (1u << 20) + 5000)
        rso_buf_puts(&in, "1,2,3\n");
    rso_buf_puts(&in, "last,x,y");
    th_write_bytes(dir, "t.csv", in.ptr, in.len);
    cr_assert_eq(reader_open(&r, &s), 0, "%s", rso_errmsg());
    while ((rc = reader_next(r, &rec)) == 1)
        n++;
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_eq(rec.n, 3);
    cr_assert_eq(rec.len[2], 1);
    cr_assert_eq(rec.field[2][0], 'y');
    cr_assert_eq(rec.line, n + 1);
    reader_close(r);
    free(s.resolved);
    rso_buf_release(&in);
    th_rmrf(dir);
    free(dir);
}
