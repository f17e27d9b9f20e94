/*
 * table.c: reading a launch table whole through the CSV reader.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "launch/table.h"
#include "scan/reader.h"
#include "scan/value.h"
#include "stats/hll.h"
#include "util/err.h"
#include "util/mem.h"

uint64_t table_mix(uint64_t h, const void *data, size_t n)
{
    h = (h ^ stats_hash(data, n)) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

struct arena {
    char *text;
    size_t len, cap;
};

static size_t arena_add(struct arena *a, const char *s, size_t n)
{
    size_t at = a->len;

    RSO_GROW(a->text, a->cap, a->len + n + 1);
    memcpy(a->text + a->len, s, n);
    a->text[a->len + n] = '\0';
    a->len += n + 1;
    return at;
}

static int add_record(struct launch_table *t, struct arena *a, size_t *cap_rows,
                      const struct rso_record *rec)
{
    static const char nul = '\x1e';
    size_t row = t->nrow++;

    if (t->nrow > *cap_rows) {
        *cap_rows = *cap_rows ? *cap_rows * 2 : 1024;
        t->off = xrealloc(t->off, *cap_rows * t->ncol * sizeof(*t->off));
        t->line = xrealloc(t->line, *cap_rows * sizeof(*t->line));
    }
    t->line[row] = rec->line;
    for (size_t c = 0; c < t->ncol; c++) {
        const char *s = c < rec->n ? rec->field[c] : "";
        size_t n = c < rec->n ? rec->len[c] : 0;

        if (value_is_null(t->src, s, n)) {
            t->off[row * t->ncol + c] = TABLE_NULL;
            t->hash = table_mix(t->hash, &nul, 1);
        } else {
            if (a->len + n + 1 >= TABLE_NULL)
                return rso_fail(RSO_EDATA,
                                "%s:%lld: the table holds more "
                                "than 4 GB of text, too much to "
                                "forecast from",
                                t->src->resolved, rec->line);
            t->off[row * t->ncol + c] = (uint32_t)arena_add(a, s, n);
            t->hash = table_mix(t->hash, s, n);
        }
    }
    return 0;
}

int table_read(struct launch_table **out, const struct rso_source *src)
{
    struct launch_table *t = xcalloc(1, sizeof(*t));
    struct rso_reader *r = NULL;
    struct arena a = {NULL, 0, 0};
    struct rso_record rec;
    const char *const *names;
    size_t cap_rows = 0;
    int rc;

    t->src = src;
    t->hash = TABLE_MIX_SEED;
    if ((rc = reader_open(&r, src)) < 0)
        goto done;
    t->ncol = reader_columns(r, &names);
    t->names = xcalloc(t->ncol + 1, sizeof(*t->names));
    for (size_t c = 0; c < t->ncol; c++) {
        t->names[c] = xstrdup(names[c]);
        t->hash = table_mix(t->hash, names[c], strlen(names[c]) + 1);
    }
    while ((rc = reader_next(r, &rec)) == 1)
        if ((rc = add_record(t, &a, &cap_rows, &rec)) < 0)
            break;
    t->text = a.text ? a.text : xstrdup("");
done:
    reader_close(r);
    if (rc < 0) {
        free(a.text);
        t->text = NULL;
        table_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

long table_column(const struct launch_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncol; c++)
        if (!strcmp(t->names[c], name))
            return (long)c;
    return -1;
}

const char *table_get(const struct launch_table *t, size_t row, size_t col)
{
    uint32_t o = t->off[row * t->ncol + col];

    return o == TABLE_NULL ? NULL : t->text + o;
}

void table_free(struct launch_table *t)
{
    if (!t)
        return;
    for (size_t c = 0; t->names && c < t->ncol; c++)
        free(t->names[c]);
    free(t->names);
    free(t->text);
    free(t->off);
    free(t->line);
    free(t);
}
