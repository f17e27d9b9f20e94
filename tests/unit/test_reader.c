/*
 * The readers: CSV/TSV (RFC 4180), JSON Lines, gzip and zstd, partitions,
 * declared types, and every class of bad input.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "config/config.h"
#include "helpers.h"
#include "scan/reader.h"
#include "scan/value.h"
#include "util/err.h"

/* Every record as "a|b|c" lines, with "@line" in front. */
static char *dump(struct rso_source *s, int *rc_out)
{
    struct rso_reader *r = NULL;
    struct rso_record rec;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    const char *const *names;
    size_t n;
    int rc;

    if ((rc = reader_open(&r, s)) < 0) {
        *rc_out = rc;
        return out;
    }
    n = reader_columns(r, &names);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "|" : "",
                                names[i]);
    len += (size_t)snprintf(out + len, cap - len, "\n");
    while ((rc = reader_next(r, &rec)) == 1) {
        len += (size_t)snprintf(out + len, cap - len, "@%lld ", rec.line);
        for (size_t i = 0; i < rec.n; i++)
            len +=
                (size_t)snprintf(out + len, cap - len, "%s%.*s", i ? "|" : "",
                                 (int)rec.len[i], rec.field[i]);
        len += (size_t)snprintf(out + len, cap - len, "\n");
    }
    *rc_out = rc;
    reader_close(r);
    return out;
}

static char *read_text(const char *dir, const char *rel, const char *text,
                       enum rso_format fmt, int *rc)
{
    struct rso_source s = th_source(dir, rel, fmt);
    char *out;

    th_write(dir, rel, text);
    out = dump(&s, rc);
    free(s.resolved);
    return out;
}

Test(reader, csv_rfc4180)
{
    char *dir = th_tmpdir(), *out;
    int rc;

    out = read_text(dir, "a.csv",
                    "\xEF\xBB\xBFid,text,n\r\n"
                    "1,\"a, b\",2\r\n"
                    "2,\"say \"\"hi\"\"\",3\n"
                    "3,\"two\nlines\",4\n"
                    "\n"
                    "4,,\n"
                    "5,last,6",
                    RSO_FMT_CSV, &rc);
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_str_eq(out, "id|text|n\n"
                          "@2 1|a, b|2\n"
                          "@3 2|say \"hi\"|3\n"
                          "@4 3|two\nlines|4\n"
                          "@7 4||\n"
                          "@8 5|last|6\n");
    free(out);
    th_rmrf(dir);
    free(dir);
}

Test(reader, tsv_and_delimiter)
{
    char *dir = th_tmpdir(), *out;
    struct rso_source s;
    int rc;

    out = read_text(dir, "a.tsv", "a\tb\nx,y\t\"q\"\n", RSO_FMT_TSV, &rc);
    cr_assert_eq(rc, 0);
    cr_assert_str_eq(out, "a|b\n@2 x,y|q\n");
    free(out);
    th_write(dir, "b.txt", "a;b\n1;2\n");
    s = th_source(dir, "b.txt", RSO_FMT_CSV);
    s.delimiter = ';';
    out = dump(&s, &rc);
    cr_assert_str_eq(out, "a|b\n@2 1|2\n");
    free(out);
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
}

Test(reader, jsonl_dotted_paths)
{
    char *dir = th_tmpdir(), *out;
    int rc;

    out = read_text(dir, "a.jsonl",
                    "{\"id\": 1, \"u\": {\"c\": \"fr\", \"d\": 2.5}, "
                    "\"ok\": true}\n"
                    "\n"
                    "{\"u\": {\"c\": null}, \"id\": 2, \"tags\": [1]}\n"
                    "{\"id\": 3, \"ok\": false, \"u\": {\"d\": 1e3}}\n",
                    RSO_FMT_JSONL, &rc);
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_str_eq(out, "id|u.c|u.d|ok\n"
                          "@1 1|fr|2.5|true\n"
                          "@3 2|||\n"
                          "@4 3||1000|false\n");
    free(out);
    th_rmrf(dir);
    free(dir);
}

static const char csv_text[] = "a,b\n1,\"x\ny\"\n2,z\n";

static void write_gzip(const char *dir, const char *rel, const char *text,
                       size_t n)
{
    char path[512];
    gzFile g;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    g = gzopen(path, "wb");
    cr_assert(g);
    cr_assert_eq(gzwrite(g, text, (unsigned)n), (int)n);
    gzclose(g);
}

static size_t zstd_bytes(const char *text, size_t n, char **out)
{
    size_t cap = ZSTD_compressBound(n), m;

    *out = malloc(cap);
    m = ZSTD_compress(*out, cap, text, n, 3);
    cr_assert(!ZSTD_isError(m));
    return m;
}

Test(reader, gzip_and_zstd_by_magic)
{
    char *dir = th_tmpdir(), *plain, *out, *z;
    struct rso_source s;
    size_t zn;
    int rc;

    plain = read_text(dir, "p.csv", csv_text, RSO_FMT_CSV, &rc);
    cr_assert_eq(rc, 0);
    /* The names lie: the magic bytes decide. */
    write_gzip(dir, "g.csv", csv_text, strlen(csv_text));
    s = th_source(dir, "g.csv", RSO_FMT_CSV);
    out = dump(&s, &rc);
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_str_eq(out, plain);
    free(out);
    free(s.resolved);
    zn = zstd_bytes(csv_text, strlen(csv_text), &z);
    th_write_bytes(dir, "z.csv.gz", z, zn);
    s = th_source(dir, "z.csv.gz", RSO_FMT_CSV);
    out = dump(&s, &rc);
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_str_eq(out, plain);
    free(out);
    /* Truncated zstd: an error naming the file. */
    th_write_bytes(dir, "z.csv.gz", z, zn - 3);
    out = dump(&s, &rc);
    cr_assert_eq(rc, RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "zstd stream is truncated"), "%s",
              rso_errmsg());
    cr_assert(strstr(rso_errmsg(), "z.csv.gz"));
    free(out);
    free(s.resolved);
    free(z);
    free(plain);
    th_rmrf(dir);
    free(dir);
}

Test(reader, truncated_gzip)
{
    char *dir = th_tmpdir(), *out, path[512], *bytes;
    struct rso_source s;
    FILE *f;
    long n;
    int rc;

    write_gzip(dir, "g.csv.gz", csv_text, strlen(csv_text));
    snprintf(path, sizeof(path), "%s/g.csv.gz", dir);
    f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    bytes = malloc((size_t)n);
    cr_assert_eq(fread(bytes, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    th_write_bytes(dir, "g.csv.gz", bytes, (size_t)n - 6);
    s = th_source(dir, "g.csv.gz", RSO_FMT_CSV);
    out = dump(&s, &rc);
    cr_assert_eq(rc, RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "gzip stream is truncated"), "%s",
              rso_errmsg());
    free(out);
    free(s.resolved);
    free(bytes);
    th_rmrf(dir);
    free(dir);
}

Test(reader, partitions_as_one_source)
{
    char *dir = th_tmpdir(), *out;
    struct rso_source s;
    int rc;

    th_write(dir, "parts/day=1.csv", "a,b\n1,2\n");
    th_write(dir, "parts/day=2.csv", "a,b\n3,4\n5,6\n");
    th_write(dir, "parts/.hidden", "junk");
    s = th_source(dir, "parts", RSO_FMT_CSV);
    out = dump(&s, &rc);
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_str_eq(out, "a|b\n@2 1|2\n@2 3|4\n@3 5|6\n");
    free(out);
    free(s.resolved);
    s = th_source(dir, "parts/*.csv", RSO_FMT_CSV);
    out = dump(&s, &rc);
    cr_assert_eq(rc, 0);
    cr_assert_str_eq(out, "a|b\n@2 1|2\n@2 3|4\n@3 5|6\n");
    free(out);
    th_write(dir, "parts/day=3.csv", "a,c\n7,8\n");
    out = dump(&s, &rc);
    cr_assert_eq(rc, RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "day=3.csv:1: the header differs"), "%s",
              rso_errmsg());
    free(out);
    free(s.resolved);
    s = th_source(dir, "nothing/*.csv", RSO_FMT_CSV);
    out = dump(&s, &rc);
    cr_assert_eq(rc, RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "no file matches"));
    free(out);
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
}

/* Read text as rel and expect an error containing want. */
static void expect_bad(const char *rel, const char *text, size_t n,
                       enum rso_format fmt, const char *want)
{
    char *dir = th_tmpdir(), *out;
    struct rso_source s = th_source(dir, rel, fmt);
    int rc;

    th_write_bytes(dir, rel, text, n);
    out = dump(&s, &rc);
    cr_assert_eq(rc, RSO_EDATA, "no error for %s", rel);
    cr_assert(strstr(rso_errmsg(), want), "'%s' lacks '%s'", rso_errmsg(),
              want);
    cr_assert(strstr(rso_errmsg(), rel), "'%s' names no file", rso_errmsg());
    free(out);
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
}

#define BAD(rel, text, fmt, want)                                              \
    expect_bad(rel, text, sizeof(text) - 1, fmt, want)

Test(reader, bad_input_classes)
{
    BAD("ragged.csv", "a,b\n1,2\n3\n", RSO_FMT_CSV,
        "ragged.csv:3: expected 2 fields as in the header, found 1");
    BAD("quote.csv", "a,b\n1,2\n3,\"open\n4,5\n", RSO_FMT_CSV,
        "quote.csv:3:3: unterminated quoted field");
    BAD("after.csv", "a,b\n1,\"x\"y\n", RSO_FMT_CSV,
        "after.csv:2:6: text after a closing quote");
    BAD("utf8.csv", "a,b\n1,2\n3,ab\xff\n", RSO_FMT_CSV,
        "utf8.csv:3:5: invalid UTF-8");
    BAD("overlong.csv", "a\n\xc0\xaf\n", RSO_FMT_CSV,
        "overlong.csv:2:1: invalid UTF-8");
    BAD("binary.csv", "a,b\n1,\0\1\2\n", RSO_FMT_CSV,
        "binary.csv:2:3: a NUL byte: this looks like a binary file");
    BAD("empty.csv", "", RSO_FMT_CSV, "empty.csv: the file is empty");
    BAD("dup.csv", "a,a\n1,2\n", RSO_FMT_CSV, "column 'a' appears twice");
    BAD("bad.jsonl", "{\"a\": 1}\n{\"a\": 2,}\n", RSO_FMT_JSONL,
        "bad.jsonl:2:");
    BAD("arr.jsonl", "{\"a\": 1}\n[1]\n", RSO_FMT_JSONL,
        "arr.jsonl:2: a JSON Lines record must be an object");
}

Test(reader, declared_types_and_overflow)
{
    char *dir = th_tmpdir(), *out;
    struct rso_source s = th_source(dir, "t.csv", RSO_FMT_CSV);
    const char *cols[] = {"n", "t", NULL};
    enum rso_type types[] = {RSO_TYPE_INT, RSO_TYPE_TIMESTAMP};
    int rc;

    s.type_cols = cols;
    s.types = types;
    s.n_types = 2;
    th_write(dir, "t.csv",
             "n,t\n1,2026-01-01T00:00:00Z\n,NA\n"
             "99999999999999999999,1700000000\n");
    out = dump(&s, &rc);
    cr_assert_eq(rc, RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "t.csv:4: column 'n': "
                                   "'99999999999999999999' overflows the "
                                   "type int"),
              "%s", rso_errmsg());
    free(out);
    th_write(dir, "t.csv", "n,t\n1,yesterday\n");
    out = dump(&s, &rc);
    cr_assert(strstr(rso_errmsg(), "t.csv:2: column 't': 'yesterday' is not "
                                   "of the declared type timestamp"),
              "%s", rso_errmsg());
    free(out);
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
}

Test(reader, skip_bad_rows_within_bound)
{
    char *dir = th_tmpdir(), *out;
    struct rso_source s = th_source(dir, "s.csv", RSO_FMT_CSV);
    struct rso_reader *r;
    struct rso_record rec;
    int rc, n = 0;

    s.skip_bad_rows = 1;
    s.max_bad_rows = 2;
    th_write(dir, "s.csv", "a,b\n1,2\n3\n4,5\n6,7,8\n9,\xff\n10,11\n");
    out = dump(&s, &rc);
    cr_assert_eq(rc, RSO_EDATA);
    cr_assert(strstr(rso_errmsg(), "3 bad rows, more than max_bad_rows (2)"),
              "%s", rso_errmsg());
    free(out);
    s.max_bad_rows = 3;
    cr_assert_eq(reader_open(&r, &s), 0);
    while ((rc = reader_next(r, &rec)) == 1)
        n++;
    cr_assert_eq(rc, 0, "%s", rso_errmsg());
    cr_assert_eq(n, 3);
    cr_assert_eq(reader_bad_rows(r), 3);
    cr_assert(strstr(reader_first_bad(r), "s.csv:3: expected 2 fields"));
    reader_close(r);
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
}

Test(value, numbers_times_bools)
{
    double v;
    long long i;
    int b;

    cr_assert(value_number(" 12.5 ", 6, &v) == 0 && v == 12.5);
    cr_assert(value_number("-0.0001", 7, &v) == 0 && v == -0.0001);
    cr_assert(value_number("1e3", 3, &v) == 0 && v == 1000);
    cr_assert(value_number("0x10", 4, &v) == VALUE_BAD);
    cr_assert(value_number("1e999", 5, &v) == VALUE_OVERFLOW);
    cr_assert(value_number("inf", 3, &v) == 0 && v > 1e308);
    cr_assert(value_int("-42", 3, &i) == 0 && i == -42);
    cr_assert(value_int("4.2", 3, &i) == VALUE_BAD);
    cr_assert(value_int("9223372036854775808", 19, &i) == VALUE_OVERFLOW);
    cr_assert(value_bool("Yes", 3, &b) == 0 && b == 1);
    cr_assert(value_bool("0", 1, &b) == 0 && b == 0);
    cr_assert(value_bool("maybe", 5, &b) == VALUE_BAD);
    cr_assert(value_timestamp("1700000000", 10, &v) == 0 && v == 1.7e9);
    cr_assert(value_timestamp("1700000000500", 13, &v) == 0 &&
              v == 1700000000.5);
    cr_assert(value_timestamp("2023-11-14T22:13:20Z", 20, &v) == 0 &&
              v == 1.7e9);
    cr_assert(value_timestamp("2023-11-15T00:13:20+02:00", 25, &v) == 0 &&
              v == 1.7e9);
    cr_assert(value_timestamp("2023-13-01", 10, &v) == VALUE_BAD);
    cr_assert_eq(value_utf8_bad("h\xc3\xa9llo", 6), 6);
    cr_assert_eq(value_utf8_bad("abcdefgh\xed\xa0\x80", 11), 8);
}
