/*
 * unique: no two rows share a key (one column, or several as a compound
 * key).  Exact: every distinct key is kept, so memory grows with the
 * number of distinct keys (about 80 bytes plus the key's length each).
 * A key with a null part is a violation unless allow_null is set.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/examples.h"
#include "check/kinds.h"
#include "scan/value.h"
#include "stats/hll.h"
#include "util/buf.h"
#include "util/mem.h"

struct key_slot {
    uint64_t hash;
    size_t off; /* in the arena; SIZE_MAX: free */
    size_t len;
    long long line;   /* where the key was first seen */
    const char *file; /* and in which file (the reader's, valid while
                         the scan and its joins run) */
};

struct unique_state {
    const struct unique_spec *spec;
    struct key_slot *slots;
    size_t n_slots, n_keys;
    struct rso_buf arena;
    struct rso_buf key;
    struct examples dup;
    long long first_line[EXAMPLES_MAX]; /* of each example's key */
    long long null_keys;
    struct examples nulls;
};

struct unique_spec {
    const char **columns;
    size_t n_columns;
    int allow_null;
    struct scan_col **cols;
    const struct rso_source *src;
    struct unique_state *st;
};

static void state_free(struct unique_state *st)
{
    if (!st)
        return;
    free(st->slots);
    rso_buf_release(&st->arena);
    rso_buf_release(&st->key);
    free(st);
}

static void unique_free(void *p)
{
    struct unique_spec *s = p;

    free(s->columns);
    free(s->cols);
    state_free(s->st);
    free(s);
}

static int unique_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"columns", "column", "allow_null", NULL};
    struct unique_spec *s = xcalloc(1, sizeof(*s));
    const struct ynode *n;
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)))
        return rc;
    if (!(n = ynode_get(spec, "columns")) && !(n = ynode_get(spec, "column")))
        return spec_require(c, spec, "columns");
    if ((rc = ynode_strings(n, "'columns'", &s->columns, &s->n_columns)))
        return rc;
    if (s->n_columns == 0)
        return ynode_fail(n, "'columns' of check '%s' is empty", c->id);
    if ((n = ynode_get(spec, "allow_null")) &&
        (rc = ynode_bool(n, "'allow_null'", &s->allow_null)))
        return rc;
    s->cols = xcalloc(s->n_columns, sizeof(*s->cols));
    return 0;
}

static struct unique_state *state_new(const struct unique_spec *spec)
{
    struct unique_state *st = xcalloc(1, sizeof(*st));

    st->spec = spec;
    st->n_slots = 1024;
    st->slots = xmalloc(st->n_slots * sizeof(*st->slots));
    for (size_t i = 0; i < st->n_slots; i++)
        st->slots[i].off = SIZE_MAX;
    return st;
}

static void grow(struct unique_state *st)
{
    struct key_slot *old = st->slots;
    size_t n = st->n_slots;

    st->n_slots *= 2;
    st->slots = xmalloc(st->n_slots * sizeof(*st->slots));
    for (size_t i = 0; i < st->n_slots; i++)
        st->slots[i].off = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t j;

        if (old[i].off == SIZE_MAX)
            continue;
        for (j = old[i].hash & (st->n_slots - 1); st->slots[j].off != SIZE_MAX;
             j = (j + 1) & (st->n_slots - 1))
            ;
        st->slots[j] = old[i];
    }
    free(old);
}

/*
 * Insert key k (n bytes) first seen on line.  Returns 0 when new, else
 * the line where it was first seen.
 */
static long long insert(struct unique_state *st, const char *k, size_t n,
                        uint64_t h, long long line, const char *file)
{
    size_t j;

    if (2 * (st->n_keys + 1) > st->n_slots)
        grow(st);
    for (j = h & (st->n_slots - 1); st->slots[j].off != SIZE_MAX;
         j = (j + 1) & (st->n_slots - 1)) {
        const struct key_slot *e = &st->slots[j];

        if (e->hash == h && e->len == n &&
            !memcmp(st->arena.ptr + e->off, k, n))
            return e->line ? e->line : 1;
    }
    st->slots[j].hash = h;
    st->slots[j].off = st->arena.len;
    st->slots[j].len = n;
    st->slots[j].line = line;
    st->slots[j].file = file;
    rso_buf_add(&st->arena, k, n);
    st->n_keys++;
    return 0;
}

/* The key as text for messages: parts joined by ", ". */
static void key_text(const struct unique_spec *s, const struct rso_record *rec,
                     struct rso_buf *out)
{
    for (size_t i = 0; i < s->n_columns; i++) {
        int c = s->cols[i]->index;

        if (i)
            rso_buf_puts(out, ", ");
        rso_buf_add(out, rec->field[c], rec->len[c]);
    }
}

static void add_dup(struct unique_state *st, const char *text, size_t n,
                    long long line, const char *file, long long first)
{
    struct rso_record rec = {0};

    rec.line = line;
    rec.file = file;
    if (st->dup.n < EXAMPLES_MAX)
        st->first_line[st->dup.n] = first;
    examples_add(&st->dup, &rec, text, n);
}

static int unique_visit(void *state, const struct rso_record *rec)
{
    struct unique_state *st = state;
    const struct unique_spec *s = st->spec;
    long long first;

    rso_buf_clear(&st->key);
    for (size_t i = 0; i < s->n_columns; i++) {
        int c = s->cols[i]->index;
        uint32_t len;

        if (c < 0)
            return 0;
        if (value_is_null(s->src, rec->field[c], rec->len[c])) {
            struct rso_buf t = RSO_BUF_INIT;

            st->null_keys++;
            if (!s->allow_null) {
                key_text(s, rec, &t);
                examples_add(&st->nulls, rec, rso_buf_str(&t), t.len);
            }
            rso_buf_release(&t);
            return 0;
        }
        /* Length-prefixed parts: ("a,b", "c") differs from ("a", "b,c"). */
        len = (uint32_t)rec->len[c];
        rso_buf_add(&st->key, &len, sizeof(len));
        rso_buf_add(&st->key, rec->field[c], rec->len[c]);
    }
    first = insert(st, st->key.ptr, st->key.len,
                   stats_hash(st->key.ptr, st->key.len), rec->line, rec->file);
    if (first) {
        struct rso_buf t = RSO_BUF_INIT;

        key_text(s, rec, &t);
        add_dup(st, rso_buf_str(&t), t.len, rec->line, rec->file, first);
        rso_buf_release(&t);
    }
    return 0;
}

static void *unique_fork(void *state)
{
    return state_new(((struct unique_state *)state)->spec);
}

/* The text of a stored key, for a duplicate found when joining. */
static void stored_text(const struct unique_state *st, const struct key_slot *e,
                        struct rso_buf *out)
{
    const char *p = st->arena.ptr + e->off, *end = p + e->len;

    while (p < end) {
        uint32_t len;

        memcpy(&len, p, sizeof(len));
        p += sizeof(len);
        if (out->len)
            rso_buf_puts(out, ", ");
        rso_buf_add(out, p, len);
        p += len;
    }
}

static void unique_join(void *state, void *other, long long shift)
{
    struct unique_state *a = state, *b = other;

    /* b's own duplicates, then b's keys that a had already seen. */
    for (int i = 0; i < b->dup.n; i++)
        if (a->dup.n < EXAMPLES_MAX) {
            a->first_line[a->dup.n] = b->first_line[i] + shift;
            a->dup.line[a->dup.n] = b->dup.line[i] + shift;
            memcpy(a->dup.file[a->dup.n], b->dup.file[i],
                   sizeof(a->dup.file[0]));
            memcpy(a->dup.value[a->dup.n], b->dup.value[i],
                   sizeof(a->dup.value[0]));
            a->dup.n++;
        }
    a->dup.count += b->dup.count;
    for (size_t i = 0; i < b->n_slots; i++) {
        const struct key_slot *e = &b->slots[i];
        long long first, line;

        if (e->off == SIZE_MAX)
            continue;
        line = e->line ? e->line + shift : 0;
        first =
            insert(a, b->arena.ptr + e->off, e->len, e->hash, line, e->file);
        if (first) {
            struct rso_buf t = RSO_BUF_INIT;

            stored_text(b, e, &t);
            add_dup(a, rso_buf_str(&t), t.len, line,
                    e->file ? e->file : a->spec->src->resolved, first);
            rso_buf_release(&t);
        }
    }
    examples_join(&a->nulls, &b->nulls, shift);
    a->null_keys += b->null_keys;
    state_free(b);
}

static void unique_drop(void *other)
{
    state_free(other);
}

static const struct scan_par unique_par = {unique_fork, unique_join,
                                           unique_drop};

static void unique_plan(struct rso_check *c, struct scan_source *ss)
{
    struct unique_spec *s = c->spec;

    s->src = c->source;
    for (size_t i = 0; i < s->n_columns; i++)
        s->cols[i] = scan_column(ss, s->columns[i]);
    if (!s->st)
        s->st = state_new(s);
    scan_visit_par(ss, unique_visit, s->st, NULL, &unique_par);
}

static void unique_eval(struct rso_check *c, struct rso_run *run)
{
    struct unique_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    struct unique_state *st = s->st;
    struct rso_buf name = RSO_BUF_INIT;
    long long bad;

    for (size_t i = 0; i < s->n_columns; i++)
        if (!check_column(c, run, s->cols[i], f))
            return;
    for (size_t i = 0; i < s->n_columns; i++)
        rso_buf_printf(&name, "%s%s", i ? ", " : "", s->columns[i]);
    bad = st->dup.count + (s->allow_null ? 0 : st->null_keys);
    finding_value(f, "duplicates", (double)st->dup.count);
    finding_value(f, "distinct", (double)st->n_keys);
    finding_value(f, "null_keys", (double)st->null_keys);
    if (bad == 0) {
        finding_set(f, RSO_PASS, "%zu distinct keys (%s), no duplicate",
                    st->n_keys, rso_buf_str(&name));
    } else if (st->dup.count) {
        finding_set(f, RSO_FAIL,
                    "%lld duplicate rows of key (%s) among %zu distinct "
                    "keys; the maximum is 0",
                    st->dup.count, rso_buf_str(&name), st->n_keys);
        for (int i = 0; i < st->dup.n; i++)
            finding_detail(f, "%s:%lld: (%s) = %s, first seen on line %lld",
                           st->dup.file[i], st->dup.line[i], rso_buf_str(&name),
                           st->dup.value[i], st->first_line[i]);
    } else {
        finding_set(f, RSO_FAIL,
                    "%lld rows with a null in key (%s); the maximum is 0 "
                    "(allow_null: true accepts them)",
                    st->null_keys, rso_buf_str(&name));
    }
    if (!s->allow_null && st->null_keys)
        examples_detail(f, &st->nulls, "null key");
    rso_buf_release(&name);
}

const struct rso_kind kind_unique = {
    .name = "unique",
    .area = "data",
    .needs_source = 1,
    .parse = unique_parse,
    .free_spec = unique_free,
    .plan = unique_plan,
    .eval = unique_eval,
};
