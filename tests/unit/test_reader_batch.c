/*
 * Reading a run of records at a time (reader_batch) against one at a
 * time (reader_next): on generated files that mix plain records with
 * quoted ones, CRLF, blank lines, multibyte UTF-8, long fields across
 * the 64-byte blocks and the buffer's refills, ragged rows, invalid
 * UTF-8 and values of the wrong declared type (skipped with
 * on_bad_row: skip), both must give the same records with the same line
 * and record numbers, the same bad-row count and the same error.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "helpers.h"
#include "scan/reader.h"
#include "scan/value.h"
#include "stats/colstats.h"
#include "util/buf.h"
#include "util/err.h"

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* Which odd records a generated file may hold. */
enum {
    ODD_QUOTES = 1,
    ODD_BLANKS = 2,
    ODD_RAGGED = 4, /* bad: with skip only */
    ODD_BAD_UTF8 = 8,
    ODD_BAD_TYPE = 16,
    ODD_CRLF = 32,
    ODD_SIMPLE_QUOTES = 64, /* whole fields in quotes, batched too */
    ODD_DOUBLED = 128       /* and doubled quotes in them: batched too */
};

static void gen_field(struct rso_buf *b, unsigned odd, int col)
{
    static const char *utf8[] = {"\xC3\xA9t\xC3\xA9", "\xE2\x82\xAC",
                                 "\xF0\x9F\x98\x80"};
    unsigned kind = rnd(40);
    size_t n;

    if (col == 0) {
        /* The typed column: an integer, or now and then not one. */
        if ((odd & ODD_BAD_TYPE) && kind == 0)
            rso_buf_puts(b, "x1");
        else
            rso_buf_printf(b, "%u", rnd(100000));
        return;
    }
    if ((odd & ODD_DOUBLED) && kind >= 36) {
        static const char *doubled[] = {"\"a\"\"b\"", "\"\"\"\"",
                                        "\"x\"\",y\"\"\"", "\"\"\"n\"",
                                        "\"\xC3\xA9\"\"\""};

        rso_buf_puts(b, doubled[kind % 5]);
        return;
    }
    if ((odd & ODD_SIMPLE_QUOTES) && kind >= 30) {
        static const char *quoted[] = {"\"de\"", "\"a,b\"", "\"\"",
                                       "\"\xC3\xA9t\xC3\xA9\"", "\"12\""};

        rso_buf_puts(b, quoted[kind % 5]);
        return;
    }
    switch (kind) {
    case 0:
        if (odd & ODD_QUOTES) {
            rso_buf_puts(b, rnd(2) ? "\"a,b\"\"c\nd\"" : "\"a\"\"b\"");
            return;
        }
        break;
    case 1:
        rso_buf_puts(b, utf8[rnd(3)]);
        return;
    case 2:
        if (odd & ODD_BAD_UTF8) {
            rso_buf_puts(b, "\xC3(");
            return;
        }
        break;
    case 3:
        /* Long: across blocks, sometimes across refills. */
        n = rnd(10) == 0 ? 70000 + rnd(100000) : 60 + rnd(200);
        for (size_t i = 0; i < n; i++)
            rso_buf_add(b, &"abcdefghij"[i % 10], 1);
        return;
    case 4:
        return; /* empty: null */
    case 5: {
        /* Default null values, and texts that only start like one. */
        static const char *nullish[] = {"NA",  "null", "NULL", "NaN",
                                        "nan", "N/A",  "no",   "Nx"};

        rso_buf_puts(b, nullish[rnd(8)]);
        return;
    }
    default:
        break;
    }
    n = rnd(12);
    for (size_t i = 0; i < n; i++)
        rso_buf_add(b, &"0123456789.-xyz"[rnd(15)], 1);
}

/* A file of about rows records of 4 columns (a, b, c, d). */
static void gen_file(struct rso_buf *b, unsigned odd, size_t rows)
{
    const char *eol = (odd & ODD_CRLF) ? "\r\n" : "\n";

    rso_buf_printf(b, "a,b,c,d%s", eol);
    for (size_t r = 0; r < rows; r++) {
        int width = 4;

        if ((odd & ODD_BLANKS) && rnd(50) == 0)
            rso_buf_puts(b, eol);
        if ((odd & ODD_RAGGED) && rnd(60) == 0)
            width = rnd(2) ? 3 : 5;
        for (int c = 0; c < width; c++) {
            if (c)
                rso_buf_puts(b, ",");
            gen_field(b, odd, c);
        }
        rso_buf_puts(b, eol);
    }
}

/* One record as text: "@line #index a|b|c|d". */
static void put_record(struct rso_buf *out, long long line, long long index,
                       const char *const *f, const size_t *l, size_t n)
{
    rso_buf_printf(out, "@%lld #%lld ", line, index);
    for (size_t i = 0; i < n; i++)
        rso_buf_printf(out, "%s%.*s", i ? "|" : "", (int)l[i], f[i]);
    rso_buf_puts(out, "\n");
}

/*
 * Every record of the file as text, read one at a time or a batch at a
 * time, then the end: the code, the bad rows and the error.  With
 * stop >= 0 the reader stops there (as the first of two threads does).
 */
/* Records of marked batches whose maybe_null bit was clear. */
static size_t unmarked;

/*
 * Record i of marked batch b, of source s: a field that is null must
 * have its record's bit set.
 */
static void check_marks(const struct rso_source *s, const struct rso_batch *b,
                        size_t i)
{
    int bit = b->maybe_null[i / 64] >> (i % 64) & 1;

    for (size_t j = 0; j < b->width; j++) {
        const char *f = b->field[j * READER_BATCH + i];
        size_t l = b->len[j * READER_BATCH + i];

        cr_assert(bit || !value_is_null(s, f, l),
                  "line %lld, field %zu '%.*s' is null, not marked",
                  b->line + (long long)i, j, (int)l, f);
    }
    unmarked += !bit;
}

static char *read_all(const struct rso_source *s, int batch, long long stop,
                      size_t *batches)
{
    struct rso_buf out = RSO_BUF_INIT;
    struct rso_reader *r;
    int rc;

    *batches = 0;
    cr_assert_eq(reader_open(&r, s), 0, "%s", rso_errmsg());
    if (stop >= 0)
        reader_stop_at(r, stop);
    if (batch) {
        const char *const *names;
        size_t w = reader_columns(r, &names);
        const char **field = calloc(READER_BATCH * w, sizeof(char *));
        size_t *len = calloc(READER_BATCH * w, sizeof(size_t));
        struct rso_batch b = {.field = field, .len = len, .mark = 1};

        cr_assert(w <= 4);
        while ((rc = reader_batch(r, &b)) == 1) {
            cr_assert(b.n >= 1 && b.n <= READER_BATCH, "batch of %zu", b.n);
            cr_assert_eq(b.width, w);
            (*batches)++;
            for (size_t i = 0; i < b.n; i++) {
                const char *f[4];
                size_t l[4];

                if (b.marked)
                    check_marks(s, &b, i);
                for (size_t j = 0; j < w; j++) {
                    f[j] = b.field[j * READER_BATCH + i];
                    l[j] = b.len[j * READER_BATCH + i];
                }
                put_record(&out, b.line + (long long)i, b.index + (long long)i,
                           f, l, w);
            }
        }
        free(field);
        free(len);
    } else {
        struct rso_record rec;

        while ((rc = reader_next(r, &rec)) == 1)
            put_record(&out, rec.line, rec.index, rec.field, rec.len, rec.n);
    }
    rso_buf_printf(&out, "end %d, bad %lld, next at %lld: %s\n", rc,
                   reader_bad_rows(r), reader_offset(r),
                   rc < 0 ? rso_errmsg() : "");
    reader_close(r);
    return rso_buf_detach(&out);
}

static void same_both_ways(unsigned odd, int skip, size_t rows, uint64_t seed)
{
    char *dir = th_tmpdir();
    struct rso_source s = th_source(dir, "t.csv", RSO_FMT_CSV);
    const char *type_cols[] = {"a"};
    enum rso_type types[] = {RSO_TYPE_INT};
    struct rso_buf text = RSO_BUF_INIT;
    char *one, *many;
    size_t batches, records = 0;

    rng_state = seed;
    gen_file(&text, odd, rows);
    th_write_bytes(dir, "t.csv", text.ptr, text.len);
    s.skip_bad_rows = skip;
    if (odd & ODD_BAD_TYPE) {
        s.type_cols = type_cols;
        s.types = types;
        s.n_types = 1;
    }
    one = read_all(&s, 0, -1, &batches);
    unmarked = 0;
    many = read_all(&s, 1, -1, &batches);
    cr_assert_str_eq(many, one, "seed %llu, odd %u", (unsigned long long)seed,
                     odd);
    for (const char *p = one; (p = strchr(p, '@')); p++)
        records++;
    /* Most records hold no null: the marks leave them out. */
    if (!(odd & (ODD_QUOTES | ODD_SIMPLE_QUOTES | ODD_DOUBLED)) &&
        records > 1000)
        cr_assert_gt(unmarked, records / 2, "%zu of %zu records unmarked",
                     unmarked, records);
    /* Plain records, and those with whole quoted fields (doubled quotes
       or not), come many to a batch. */
    if (!(odd & ODD_QUOTES) && records > 1000)
        cr_assert_lt(batches * 4, records, "%zu batches for %zu records",
                     batches, records);
    /* Stopping part way, as the first thread of a split file does. */
    {
        long long stop = (long long)text.len / 2;

        while (text.ptr[stop - 1] != '\n')
            stop++;
        free(one);
        free(many);
        one = read_all(&s, 0, stop, &batches);
        many = read_all(&s, 1, stop, &batches);
        cr_assert_str_eq(many, one, "stop at %lld", stop);
    }
    free(one);
    free(many);
    rso_buf_release(&text);
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
}

Test(reader_batch, plain_records_as_one_at_a_time)
{
    for (uint64_t seed = 1; seed <= 4; seed++)
        same_both_ways(0, 0, 3000, seed * 7919);
}

Test(reader_batch, simply_quoted_fields_in_batches)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        same_both_ways(ODD_SIMPLE_QUOTES, 0, 3000, seed * 6700417);
        same_both_ways(ODD_SIMPLE_QUOTES | ODD_CRLF | ODD_BLANKS, 0, 3000,
                       seed * 2147483647);
        same_both_ways(ODD_SIMPLE_QUOTES | ODD_QUOTES | ODD_RAGGED |
                           ODD_BAD_UTF8 | ODD_BAD_TYPE,
                       1, 3000, seed * 1000000007);
    }
}

Test(reader_batch, doubled_quotes_in_batches)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        same_both_ways(ODD_DOUBLED, 0, 3000, seed * 1299709);
        same_both_ways(ODD_DOUBLED | ODD_SIMPLE_QUOTES | ODD_CRLF, 0, 3000,
                       seed * 15485867);
        same_both_ways(ODD_DOUBLED | ODD_QUOTES | ODD_RAGGED | ODD_BAD_UTF8 |
                           ODD_BAD_TYPE | ODD_BLANKS,
                       1, 3000, seed * 179424673);
    }
}

Test(reader_batch, crlf_blank_lines_and_quotes)
{
    for (uint64_t seed = 1; seed <= 4; seed++)
        same_both_ways(ODD_CRLF | ODD_BLANKS | ODD_QUOTES, 0, 3000,
                       seed * 104729);
}

Test(reader_batch, skipped_ragged_utf8_and_typed_rows)
{
    unsigned all = ODD_CRLF | ODD_BLANKS | ODD_QUOTES | ODD_RAGGED |
                   ODD_BAD_UTF8 | ODD_BAD_TYPE;

    for (uint64_t seed = 1; seed <= 4; seed++) {
        same_both_ways(all, 1, 3000, seed * 15485863);
        same_both_ways(ODD_RAGGED | ODD_BAD_TYPE, 1, 3000, seed * 32452843);
    }
}

Test(reader_batch, stops_at_the_same_error)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        same_both_ways(ODD_BAD_UTF8, 0, 3000, seed * 49979687);
        same_both_ways(ODD_RAGGED, 0, 3000, seed * 86028121);
        same_both_ways(ODD_BAD_TYPE, 0, 3000, seed * 99194853);
    }
}

/*
 * The n bytes of text read both ways: the same records, and the batch's
 * text holds want.
 */
static void same_text(const char *text, size_t n, const char *want)
{
    char *dir = th_tmpdir();
    struct rso_source s = th_source(dir, "t.csv", RSO_FMT_CSV);
    char *one, *many;
    size_t batches;

    th_write_bytes(dir, "t.csv", text, n);
    one = read_all(&s, 0, -1, &batches);
    many = read_all(&s, 1, -1, &batches);
    cr_assert_str_eq(many, one);
    cr_assert(strstr(many, want), "%s", many);
    free(one);
    free(many);
    free(s.resolved);
    th_rmrf(dir);
    free(dir);
}

Test(reader_batch, blank_lines_of_a_single_column)
{
    static const char text[] = "a\n1\n\n2\r\n\r\n3\n";

    same_text(text, sizeof(text) - 1, "@4 #2 2\n@6 #3 3\n");
}

Test(reader_batch, a_last_line_without_its_end)
{
    static const char text[] = "a,b,c,d\n1,2,3,4\n5,6,7,8";

    same_text(text, sizeof(text) - 1, "@3 #2 5|6|7|8");
}

/*
 * A batch into s as the scan adds one: its finite numbers gathered,
 * summed as a block, the block folded in (value i on row row0 + i).
 */
static void add_batch(struct colstats *s, const double *v,
                      const signed char *rc, size_t n, long long row0)
{
    double fin[1000];
    struct colstats_block b;

    cr_assert_leq(n, sizeof(fin) / sizeof(fin[0]));
    colstats_block_init(&b, s);
    colstats_block_add_many(&b, fin, colstats_gather(s, v, rc, n, fin));
    colstats_add_block(s, &b, v, rc, n, row0);
}

/*
 * Batches against colstats_add one value at a time: the same counts,
 * extremes and their rows exactly, mean and variance up to rounding.
 */
Test(colstats, add_many_as_one_at_a_time)
{
    enum { N = 1000 };
    double v[N];
    signed char rc[N];

    rng_state = 12345;
    for (int round = 0; round < 20; round++) {
        struct colstats one, many;
        size_t n = 1 + rnd(N);

        for (size_t i = 0; i < n; i++) {
            unsigned k = rnd(100);

            rc[i] = k < 5 ? -1 : 0; /* not a number: not counted */
            v[i] = 1e6 + (double)rnd(1000) / 7.0;
            if (k == 5)
                v[i] = NAN;
            if (k == 6)
                v[i] = round & 2 ? -INFINITY : INFINITY;
            if (k == 7 && round & 1)
                v[i] = 1e6; /* ties for the minimum: the first row wins */
        }
        colstats_init(&one);
        colstats_init(&many);
        for (size_t i = 0; i < n; i++)
            if (rc[i] == 0)
                colstats_add(&one, v[i], 100 + (long long)i);
        /* In two calls, as two batches are. */
        add_batch(&many, v, rc, n / 3, 100);
        add_batch(&many, v + n / 3, rc + n / 3, n - n / 3,
                  100 + (long long)(n / 3));
        cr_assert_eq(many.numeric, one.numeric);
        cr_assert_eq(many.nonfinite, one.nonfinite);
        cr_assert_eq(many.min, one.min);
        cr_assert_eq(many.max, one.max);
        cr_assert_eq(many.min_row, one.min_row, "round %d", round);
        cr_assert_eq(many.max_row, one.max_row, "round %d", round);
        if (one.numeric == 0)
            continue;
        cr_assert_float_eq(many.mean, one.mean, 1e-12 * fabs(one.mean));
        if (one.numeric > 1)
            cr_assert_float_eq(colstats_variance(&many),
                               colstats_variance(&one),
                               1e-9 * colstats_variance(&one) + 1e-12);
    }
}
