/*
 * libFuzzer target: any bytes as a CSV source, read a record at a time
 * (reader_next) and a batch at a time (reader_batch).  The first byte
 * picks the options: skipping bad rows, a declared int column 'a', tab
 * as the delimiter.  Both ways must give the same records, line and
 * record numbers, bad-row count and error, and a batch must mark every
 * record that holds a null; a difference aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "fuzz_file.h"
#include "scan/reader.h"
#include "scan/value.h"
#include "util/buf.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(struct rso_buf *out, long long line, long long index,
                const char *const *f, const size_t *l, size_t n)
{
    rso_buf_printf(out, "@%lld #%lld", line, index);
    for (size_t i = 0; i < n; i++) {
        rso_buf_printf(out, "|%zu:", l[i]);
        rso_buf_add(out, f[i], l[i]);
    }
    rso_buf_puts(out, "\n");
}

/* Every record and the end, as text; NULL when the file cannot open. */
static char *read_all(const struct rso_source *src, int batch)
{
    struct rso_buf out = RSO_BUF_INIT;
    struct rso_reader *r;
    int rc;

    if (reader_open(&r, src) < 0)
        return NULL;
    if (batch) {
        const char *const *names;
        size_t w = reader_columns(r, &names);
        const char **field = calloc(READER_BATCH * w, sizeof(char *));
        size_t *len = calloc(READER_BATCH * w, sizeof(size_t));
        const char **f = calloc(w, sizeof(char *));
        size_t *l = calloc(w, sizeof(size_t));
        struct rso_batch b = {.field = field, .len = len, .mark = 1};

        if (!field || !len || !f || !l)
            abort();
        while ((rc = reader_batch(r, &b)) == 1) {
            if (b.n < 1 || b.n > READER_BATCH || b.width != w)
                abort();
            for (size_t i = 0; i < b.n; i++) {
                int marked = b.maybe_null[i / 64] >> (i % 64) & 1;

                for (size_t j = 0; j < w; j++) {
                    f[j] = field[j * READER_BATCH + i];
                    l[j] = len[j * READER_BATCH + i];
                    if (b.marked && !marked && value_is_null(src, f[j], l[j]))
                        abort();
                }
                put(&out, b.line + (long long)i, b.index + (long long)i, f, l,
                    w);
            }
        }
        free(field);
        free(len);
        free(f);
        free(l);
    } else {
        struct rso_record rec;

        while ((rc = reader_next(r, &rec)) == 1)
            put(&out, rec.line, rec.index, rec.field, rec.len, rec.n);
    }
    rso_buf_printf(&out, "end %d bad %lld: %s\n", rc, reader_bad_rows(r),
                   rc < 0 ? rso_errmsg() : "");
    reader_close(r);
    return rso_buf_detach(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *type_cols[] = {"a"};
    static enum rso_type types[] = {RSO_TYPE_INT};
    struct rso_source src;
    const char *path;
    char *one, *many;
    unsigned opts;

    if (size < 1)
        return 0;
    opts = data[0];
    if (!(path = fuzz_file(".csv", data + 1, size - 1)))
        return 0;
    memset(&src, 0, sizeof(src));
    src.name = src.path = path;
    src.resolved = (char *)path;
    src.format = RSO_FMT_CSV;
    src.max_bad_rows = -1;
    src.skip_bad_rows = opts & 1;
    if (opts & 2) {
        src.type_cols = type_cols;
        src.types = types;
        src.n_types = 1;
    }
    if (opts & 4)
        src.delimiter = '\t';
    one = read_all(&src, 0);
    many = read_all(&src, 1);
    if ((one == NULL) != (many == NULL) || (one && strcmp(one, many) != 0))
        abort();
    free(one);
    free(many);
    rso_err_clear();
    return 0;
}
