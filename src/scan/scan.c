#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include "scan/input.h"
#include "scan/scan.h"
#include "scan/value.h"
#include "util/err.h"
#include "util/mem.h"

/*
 * Below this size a file is read by one thread: forking costs more.
 * RSO_SPLIT_MIN (bytes) overrides it, RSO_THREADS=1 turns splitting off;
 * both exist for tests and benchmarks.
 */
#define SPLIT_MIN (8LL << 20)

void scan_plan_init(struct scan_plan *p)
{
    memset(p, 0, sizeof(*p));
}

static void col_release(struct scan_col *c)
{
    free(c->batch_rc);
    free(c->batch_v);
    free(c->batch_fin);
    kll_free(c->quant);
    hll_free(c->distinct);
    freq_free(c->values);
    free(c->error);
}

/* The plan's entries own the watch lists; a shard's share them. */
static void col_free(struct scan_col *c)
{
    col_release(c);
    free(c->watches);
    free(c->readers);
    free(c->name);
    free(c);
}

static void source_free(struct scan_source *s)
{
    for (size_t i = 0; i < s->n_cols; i++)
        col_free(s->cols[i]);
    for (size_t i = 0; i < s->n_visitors; i++) {
        if (s->visitors[i].free_state)
            s->visitors[i].free_state(s->visitors[i].state);
        free(s->visitors[i].error);
    }
    for (size_t i = 0; i < s->n_header; i++)
        free(s->header_copy[i]);
    free(s->header_copy);
    free(s->cols);
    free(s->visitors);
    free(s->error);
    free(s->extra_first);
    free(s);
}

void scan_plan_free(struct scan_plan *p)
{
    for (size_t i = 0; i < p->len; i++)
        source_free(p->sources[i]);
    free(p->sources);
    memset(p, 0, sizeof(*p));
}

struct scan_source *scan_source(struct scan_plan *p,
                                const struct rso_source *src)
{
    struct scan_source *s;

    for (size_t i = 0; i < p->len; i++)
        if (p->sources[i]->src == src)
            return p->sources[i];
    s = xcalloc(1, sizeof(*s));
    s->plan = p;
    s->src = src;
    RSO_GROW(p->sources, p->cap, p->len + 1);
    p->sources[p->len++] = s;
    return s;
}

static void col_alloc(struct scan_col *c)
{
    if ((c->want & SCAN_QUANTILES) && !c->quant)
        c->quant = kll_new(KLL_K);
    if ((c->want & SCAN_DISTINCT) && !c->distinct)
        c->distinct = hll_new();
    if ((c->want & SCAN_VALUES) && !c->values)
        c->values = freq_new(FREQ_MAX);
    if ((c->want & SCAN_INFER) && !c->infer.maybe_int && !c->infer.present)
        c->infer.maybe_int = c->infer.maybe_float = c->infer.maybe_bool =
            c->infer.maybe_time = 1;
}

void scan_want(struct scan_col *c, unsigned flags)
{
    c->want |= flags;
    col_alloc(c);
}

void scan_all_columns(struct scan_source *s, unsigned flags)
{
    s->all_columns = 1;
    s->all_want |= flags;
}

struct scan_col *scan_column(struct scan_source *s, const char *name)
{
    struct scan_col *c;

    for (size_t i = 0; i < s->n_cols; i++)
        if (!strcmp(s->cols[i]->name, name)) {
            s->cols[i]->nulls_only = 0;
            return s->cols[i];
        }
    c = xaligned(SCAN_LINE, sizeof(*c));
    c->name = xstrdup(name);
    c->index = -1;
    c->slot = s->n_cols;
    colstats_init(&c->st);
    RSO_GROW(s->cols, s->cap_cols, s->n_cols + 1);
    s->cols[s->n_cols++] = c;
    return c;
}

struct scan_visitor *scan_visit_par(struct scan_source *s, scan_visit_fn fn,
                                    void *state, void (*free_state)(void *),
                                    const struct scan_par *par)
{
    struct scan_visitor *v;

    RSO_GROW(s->visitors, s->cap_visitors, s->n_visitors + 1);
    v = &s->visitors[s->n_visitors++];
    memset(v, 0, sizeof(*v));
    v->fn = fn;
    v->state = state;
    v->free_state = free_state;
    if (par)
        v->par = *par;
    return v;
}

struct scan_visitor *scan_visit(struct scan_source *s, scan_visit_fn fn,
                                void *state, void (*free_state)(void *))
{
    return scan_visit_par(s, fn, state, free_state, NULL);
}

struct scan_visitor *scan_watch(struct scan_source *s, struct scan_col *c,
                                unsigned parse, double lo, double hi,
                                scan_watch_fn fn, void *state,
                                void (*free_state)(void *),
                                const struct scan_par *par)
{
    struct scan_visitor *v;

    scan_want(c, parse & SCAN_TIME ? SCAN_TIME : SCAN_NUMBERS);
    RSO_GROW(c->watches, c->cap_watches, c->n_watches + 1);
    c->watches[c->n_watches++] = s->n_visitors;
    v = scan_visit_par(s, NULL, state, free_state, par);
    v->watch = fn;
    v->lo = lo;
    v->hi = hi;
    return v;
}

struct scan_visitor *scan_read_cells(struct scan_source *s, struct scan_col *c,
                                     scan_cells_fn fn, void *state,
                                     void (*free_state)(void *),
                                     const struct scan_par *par)
{
    struct scan_visitor *v;

    RSO_GROW(c->readers, c->cap_readers, c->n_readers + 1);
    c->readers[c->n_readers++] = s->n_visitors;
    v = scan_visit_par(s, NULL, state, free_state, par);
    v->cells = fn;
    return v;
}

int scan_has_column(const struct scan_source *s, const char *name)
{
    for (size_t i = 0; i < s->n_header; i++)
        if (!strcmp(s->header_copy[i], name))
            return 1;
    return 0;
}

/*
 * One thread's accumulators: columns and visitor states.  Shards live
 * side by side on one stack; each gets its own cache lines.
 */
struct shard {
    _Alignas(SCAN_LINE) struct scan_source *s;
    struct scan_col **cols;
    void **states;
    int *failed;
    char **errors;
    struct rso_reader *r;
    const char **field; /* the batch's fields, READER_BATCH records */
    size_t *len;
    const char **rec_field; /* one record of it, for visitors */
    size_t *rec_len;
    long long rows;
    unsigned long long seq; /* records fed, for scan_cached */
    int visits;             /* some visitor is called on every record */
    int rc;
};

/* A field col_read() found present but did not parse (batch_rc). */
#define PRESENT 3

/* This thread's entry for c, when it holds rec's field; else NULL. */
static const struct scan_col *cached_col(const struct rso_record *rec,
                                         const struct scan_col *c, size_t *i)
{
    const struct shard *sh = rec->scan;
    const struct scan_col *mine;

    if (!sh || c->slot >= sh->s->n_cols)
        return NULL;
    mine = sh->cols[c->slot];
    *i = (size_t)(sh->seq - mine->batch_seq);
    return sh->seq >= mine->batch_seq && *i < mine->batch_n ? mine : NULL;
}

int scan_cached(const struct rso_record *rec, const struct scan_col *c,
                double *out)
{
    size_t i;
    const struct scan_col *mine = cached_col(rec, c, &i);

    if (!mine || mine->batch_rc[i] == PRESENT)
        return SCAN_NOT_CACHED;
    *out = mine->batch_v[i];
    return mine->batch_rc[i];
}

int scan_null(const struct rso_record *rec, const struct scan_col *c)
{
    size_t i;
    const struct scan_col *mine = cached_col(rec, c, &i);

    return mine ? mine->batch_rc[i] == SCAN_NULL : -1;
}

static void refute(struct scan_infer *in, int *maybe, enum rso_type t,
                   const char *s, size_t n, long long line)
{
    *maybe = 0;
    in->bad_line[t] = line;
    snprintf(in->bad_value[t], sizeof(in->bad_value[t]), "%.*s",
             (int)(n < 40 ? n : 40), s);
}

static void infer_add(struct scan_infer *in, const char *s, size_t n,
                      long long line)
{
    long long i;
    double d;
    int b;

    in->present++;
    if (in->maybe_int && value_int(s, n, &i) != 0)
        refute(in, &in->maybe_int, RSO_TYPE_INT, s, n, line);
    if (in->maybe_float && value_number(s, n, &d) != 0)
        refute(in, &in->maybe_float, RSO_TYPE_FLOAT, s, n, line);
    if (in->maybe_bool && value_bool(s, n, &b) != 0)
        refute(in, &in->maybe_bool, RSO_TYPE_BOOL, s, n, line);
    if (in->maybe_time && value_timestamp(s, n, &d) != 0) {
        refute(in, &in->maybe_time, RSO_TYPE_TIMESTAMP, s, n, line);
    } else if (in->maybe_time) {
        if (in->present == 1 || d < in->tmin)
            in->tmin = d;
        if (in->present == 1 || d > in->tmax)
            in->tmax = d;
    }
}

int scan_infer_fits(const struct scan_infer *in, enum rso_type t)
{
    switch (t) {
    case RSO_TYPE_INT:
        return in->maybe_int;
    case RSO_TYPE_FLOAT:
        return in->maybe_float;
    case RSO_TYPE_BOOL:
        return in->maybe_bool;
    case RSO_TYPE_TIMESTAMP:
        return in->maybe_time;
    default:
        return 1;
    }
}

/* Record i of batch b, as visitors and watches see it (in sh's arrays). */
static void batch_record(struct shard *sh, const struct rso_batch *b, size_t i,
                         struct rso_record *rec)
{
    for (size_t j = 0; j < b->width; j++) {
        sh->rec_field[j] = b->field[j * READER_BATCH + i];
        sh->rec_len[j] = b->len[j * READER_BATCH + i];
    }
    rec->n = b->width;
    rec->field = sh->rec_field;
    rec->len = sh->rec_len;
    rec->line = b->line + (long long)i;
    rec->index = b->index + (long long)i;
    rec->file = b->file;
    rec->scan = sh;
}

/* Note a present value of c that is not a number (rc < 0), on line. */
static void col_nonnum(const struct shard *sh, struct scan_col *c, int rc,
                       const char *s, size_t n, const char *file,
                       long long line)
{
    if (rc == VALUE_OVERFLOW && !c->error) {
        char msg[256];

        snprintf(msg, sizeof(msg),
                 "%s:%lld: '%.*s' in column '%s' overflows a double",
                 file ? file : sh->s->src->resolved, line,
                 (int)(n < 60 ? n : 60), s, c->name);
        c->error = xstrdup(msg);
    }
    c->st.nonnum++;
    if (!c->st.first_nonnum_row) {
        snprintf(c->st.first_nonnum, sizeof(c->st.first_nonnum), "%.*s",
                 (int)(n < 60 ? n : 60), s);
        c->st.first_nonnum_row = line;
    }
}

/*
 * Field i of column c in batch b, which value_decimal() did not
 * read: a number or a timestamp in another form, or not one (rc < 0).
 */
static int col_number_slow(struct shard *sh, struct scan_col *c,
                           const struct rso_batch *b, size_t i, const char *s,
                           size_t n, double *v)
{
    int rc = (c->want & SCAN_TIME) ? value_timestamp(s, n, v)
                                   : value_number(s, n, v);

    if (rc < 0)
        col_nonnum(sh, c, rc, s, n, b->file, b->line + (long long)i);
    return rc;
}

/*
 * The loop of col_read() for a column that only wants numbers.  The
 * finite ones are also gathered in batch_fin as they are read, for
 * col_numbers().  Restrict keeps the stores to the batch's arrays from
 * making the compiler reload the rest.
 */
static inline __attribute__((always_inline)) void
col_read_numbers(struct shard *sh, struct scan_col *c,
                 const struct rso_batch *b, const char *const *f,
                 const size_t *l, const int padded)
{
    const struct rso_source *src = sh->s->src;
    /* A listed null value may be a number ("-1"); the default ones never. */
    const int listed = src && src->null_values;
    const int time = (c->want & SCAN_TIME) != 0;
    signed char *restrict out = c->batch_rc;
    double *restrict vals = c->batch_v;
    double *restrict fin = c->batch_fin;
    size_t k = 0;
    long long nonfinite = 0;
    int odd = 0;

    for (size_t i = 0; i < b->n; i++) {
        const char *s = f[i];
        size_t n = l[i];
        double v = 0;
        int rc = 0;

        if (listed && value_is_null(src, s, n)) {
            colstats_null(&c->st, b->line + (long long)i);
            out[i] = SCAN_NULL;
            continue;
        }
        /* Most fields are plain decimals: read those inline, before the
           test for the default nulls.  Those are finite.  (The slow
           path's own variable keeps v in a register.) */
        if ((padded ? value_decimal_padded(s, n, &v)
                    : value_decimal(s, n, &v)) == 0) {
            if (time)
                v = value_epoch_seconds(v);
            out[i] = 0;
            vals[i] = v;
            fin[k++] = v;
            continue;
        }
        if (!listed && value_is_null(src, s, n)) {
            colstats_null(&c->st, b->line + (long long)i);
            out[i] = SCAN_NULL;
            continue;
        }
        {
            double w = 0;

            rc = col_number_slow(sh, c, b, i, s, n, &w);
            v = w;
        }
        out[i] = (signed char)rc;
        vals[i] = v;
        /* v - v is NaN for an infinity or NaN: not equal to 0. */
        if (rc == 0 && v - v == 0) {
            fin[k++] = v;
            continue;
        }
        odd = 1;
        nonfinite += rc == 0;
    }
    c->batch_nfin = k;
    c->st.nonfinite += nonfinite;
    c->batch_gathered = 1;
    c->batch_odd = odd;
}

/* col_read_numbers() compiled twice: word-at-a-time for padded fields. */
static void col_read_padded(struct shard *sh, struct scan_col *c,
                            const struct rso_batch *b, const char *const *f,
                            const size_t *l)
{
    col_read_numbers(sh, c, b, f, l, 1);
}

static void col_read_unpadded(struct shard *sh, struct scan_col *c,
                              const struct rso_batch *b, const char *const *f,
                              const size_t *l)
{
    col_read_numbers(sh, c, b, f, l, 0);
}

/* Whether col_read() only counts c's nulls. */
static int col_counts_nulls(const struct scan_col *c)
{
    return (c->nulls_only || !(c->want & SCAN_PARSED)) &&
           !(c->want & (SCAN_VALUES | SCAN_DISTINCT | SCAN_INFER));
}

/* Whether col_read() counts c's nulls and its distinct values alone. */
static int col_counts_distinct(const struct scan_col *c)
{
    return (c->nulls_only || !(c->want & SCAN_PARSED)) &&
           (c->want & (SCAN_VALUES | SCAN_DISTINCT | SCAN_INFER)) ==
               SCAN_DISTINCT;
}

/*
 * Column c of every record of b: count nulls, feed the value counts,
 * distinct count and type inference, and read the numbers into
 * batch_v (or just note the code in batch_rc).  The columns that only
 * count nulls, and those that only want numbers, have loops of their
 * own: most columns are one or the other.
 */
static void col_read(struct shard *sh, struct scan_col *c,
                     const struct rso_batch *b, unsigned long long seq)
{
    const struct rso_source *src = sh->s->src;
    const char *const *f = b->field + (size_t)c->index * READER_BATCH;
    const size_t *l = b->len + (size_t)c->index * READER_BATCH;
    const unsigned want = c->want;
    const int parse = !c->nulls_only && (want & SCAN_PARSED);
    const int extra = (want & (SCAN_VALUES | SCAN_DISTINCT | SCAN_INFER)) != 0;
    signed char *out = c->batch_rc;

    c->batch_seq = seq;
    c->batch_n = b->n;
    c->batch_odd = 1; /* unless the loop for numbers finds otherwise */
    c->batch_gathered = 0;
    c->st.rows += (long long)b->n;
    if ((col_counts_nulls(c) || col_counts_distinct(c)) && b->marked) {
        /* Only the records the reader marked may hold a null. */
        uint64_t nulls[READER_BATCH / 64] = {0};

        memset(out, PRESENT, b->n);
        for (size_t w = 0; w < READER_BATCH / 64; w++)
            for (uint64_t m = b->maybe_null[w]; m; m &= m - 1) {
                size_t i = w * 64 + (size_t)__builtin_ctzll(m);

                if (value_is_null(src, f[i], l[i])) {
                    out[i] = SCAN_NULL;
                    nulls[w] |= 1ULL << (i % 64);
                    colstats_null(&c->st, b->line + (long long)i);
                }
            }
        if (want & SCAN_DISTINCT)
            hll_add_many(c->distinct, f, l, b->n, nulls, b->padded);
        return;
    }
    if (!parse && !extra) {
        for (size_t i = 0; i < b->n; i++) {
            int null = value_is_null(src, f[i], l[i]);

            out[i] = (signed char)(null ? SCAN_NULL : PRESENT);
            if (null)
                colstats_null(&c->st, b->line + (long long)i);
        }
        return;
    }
    if (!extra) {
        if (b->padded)
            col_read_padded(sh, c, b, f, l);
        else
            col_read_unpadded(sh, c, b, f, l);
        return;
    }
    for (size_t i = 0; i < b->n; i++) {
        const char *s = f[i];
        size_t n = l[i];

        if (value_is_null(src, s, n)) {
            colstats_null(&c->st, b->line + (long long)i);
            out[i] = SCAN_NULL;
            continue;
        }
        if (want & SCAN_VALUES)
            freq_add(c->values, s, n, b->line + (long long)i);
        if (want & SCAN_DISTINCT)
            hll_add(c->distinct, s, n);
        if (want & SCAN_INFER)
            infer_add(&c->infer, s, n, b->line + (long long)i);
        if (!parse) {
            out[i] = PRESENT;
            continue;
        }
        if (value_decimal(s, n, &c->batch_v[i]) == 0) {
            if (want & SCAN_TIME)
                c->batch_v[i] = value_epoch_seconds(c->batch_v[i]);
            out[i] = 0;
        } else {
            out[i] =
                (signed char)col_number_slow(sh, c, b, i, s, n, &c->batch_v[i]);
        }
    }
}

/*
 * The numbers col_read() found: their sums over the batch (which wait
 * on nothing but themselves, where summing as they are parsed would
 * wait on the parse), the watches of c whose bounds a value (or a text
 * that is not a number) is outside, then the statistics.
 */
static void col_numbers(struct shard *sh, struct scan_col *c,
                        const struct rso_batch *b)
{
    const struct scan_visitor *vis = sh->s->visitors;
    const signed char *rc = c->batch_rc;
    const double *v = c->batch_v;
    struct colstats_block sums;

    if (!c->batch_gathered) /* read by col_read()'s general loop */
        c->batch_nfin = colstats_gather(&c->st, v, rc, b->n, c->batch_fin);
    colstats_block_init(&sums, &c->st);
    colstats_block_add_many(&sums, c->batch_fin, c->batch_nfin);
    for (size_t k = 0; k < c->n_watches; k++) {
        size_t w = c->watches[k];
        const double lo = vis[w].lo, hi = vis[w].hi;

        /* With every value a finite number, the bounds say it all. */
        if (!c->batch_odd && sums.lo >= lo && sums.hi <= hi)
            continue;
        for (size_t i = 0; i < b->n; i++) {
            struct rso_record rec;

            if (rc[i] == SCAN_NULL || rc[i] == PRESENT ||
                (rc[i] == 0 && v[i] >= lo && v[i] <= hi && isfinite(v[i])))
                continue;
            batch_record(sh, b, i, &rec);
            sh->seq = c->batch_seq + i;
            vis[w].watch(sh->states[w], &rec, rc[i], v[i]);
        }
    }
    colstats_add_block(&c->st, &sums, v, rc, b->n, b->line);
    if (c->quant)
        kll_add_finite(c->quant, c->batch_fin, c->batch_nfin);
}

/* The readers of c's cells, over batch b. */
static void col_cells(struct shard *sh, const struct scan_col *c,
                      const struct rso_batch *b)
{
    const struct scan_visitor *vis = sh->s->visitors;
    struct scan_cells cells = {
        b->n,
        b->field + (size_t)c->index * READER_BATCH,
        b->len + (size_t)c->index * READER_BATCH,
        c->batch_rc,
        c->batch_v,
        b->line,
        b->file,
    };

    for (size_t k = 0; k < c->n_readers; k++) {
        size_t w = c->readers[k];

        if (sh->failed[w])
            continue;
        if ((sh->failed[w] = vis[w].cells(sh->states[w], &cells)) < 0)
            sh->errors[w] = xstrdup(rso_errmsg());
        else
            sh->failed[w] = 0;
    }
}

/*
 * Read the shard's part a batch at a time: each column over the whole
 * batch, its watches and readers of cells, then each visitor over its
 * records.
 */
static void *shard_run(void *arg)
{
    struct shard *sh = arg;
    struct scan_source *s = sh->s;
    struct rso_batch b;
    int rc;

    b.field = sh->field;
    b.len = sh->len;
    b.mark = 0; /* the marks serve columns that count nulls (and distincts) */
    for (size_t i = 0; i < s->n_cols; i++)
        b.mark |= sh->cols[i]->index >= 0 && (col_counts_nulls(sh->cols[i]) ||
                                              col_counts_distinct(sh->cols[i]));
    while ((rc = reader_batch(sh->r, &b)) == 1) {
        unsigned long long seq = sh->seq + 1;

        for (size_t i = 0; i < s->n_cols; i++)
            if (sh->cols[i]->index >= 0)
                col_read(sh, sh->cols[i], &b, seq);
        for (size_t i = 0; i < s->n_cols; i++)
            if (sh->cols[i]->index >= 0 && !sh->cols[i]->nulls_only &&
                (sh->cols[i]->want & SCAN_PARSED))
                col_numbers(sh, sh->cols[i], &b);
        for (size_t i = 0; i < s->n_cols; i++)
            if (sh->cols[i]->index >= 0 && sh->cols[i]->n_readers)
                col_cells(sh, sh->cols[i], &b);
        for (size_t j = 0; sh->visits && j < b.n; j++) {
            struct rso_record rec;

            batch_record(sh, &b, j, &rec);
            sh->seq = seq + j;
            for (size_t i = 0; i < s->n_visitors; i++) {
                if (sh->failed[i] || !s->visitors[i].fn)
                    continue;
                sh->failed[i] = s->visitors[i].fn(sh->states[i], &rec);
                if (sh->failed[i] < 0)
                    sh->errors[i] = xstrdup(rso_errmsg());
                else
                    sh->failed[i] = 0;
            }
        }
        sh->seq = seq + b.n - 1;
        sh->rows += (long long)b.n;
    }
    sh->rc = rc < 0 ? rc : 0;
    if (rc < 0)
        sh->errors[s->n_visitors] = xstrdup(rso_errmsg());
    return NULL;
}

/* Room for a batch's values in c (each shard's entries have their own). */
static void col_batch_alloc(struct scan_col *c)
{
    if (!c->batch_rc) {
        c->batch_rc = xcalloc(READER_BATCH, sizeof(*c->batch_rc));
        c->batch_v = xcalloc(READER_BATCH, sizeof(*c->batch_v));
        c->batch_fin = xcalloc(READER_BATCH, sizeof(*c->batch_fin));
    }
}

/* The shard that works on the plan's own accumulators. */
static void shard_main(struct shard *sh, struct scan_source *s,
                       struct rso_reader *r)
{
    memset(sh, 0, sizeof(*sh));
    sh->s = s;
    sh->r = r;
    sh->cols = s->cols;
    sh->states = xcalloc(s->n_visitors + 1, sizeof(void *));
    sh->failed = xcalloc(s->n_visitors + 1, sizeof(int));
    sh->errors = xcalloc(s->n_visitors + 1, sizeof(char *));
    sh->field = xcalloc(READER_BATCH * (s->n_header + 1), sizeof(char *));
    sh->len = xcalloc(READER_BATCH * (s->n_header + 1), sizeof(size_t));
    sh->rec_field = xcalloc(s->n_header + 1, sizeof(char *));
    sh->rec_len = xcalloc(s->n_header + 1, sizeof(size_t));
    for (size_t i = 0; i < s->n_visitors; i++) {
        sh->states[i] = s->visitors[i].state;
        sh->visits |= s->visitors[i].fn != NULL;
    }
    for (size_t i = 0; i < s->n_cols; i++)
        col_batch_alloc(s->cols[i]);
}

/* A second shard: empty accumulators like the main ones. */
static void shard_fork(struct shard *sh, const struct shard *like,
                       struct rso_reader *r)
{
    struct scan_source *s = like->s;

    shard_main(sh, s, r);
    sh->cols = xcalloc(s->n_cols + 1, sizeof(*sh->cols));
    for (size_t i = 0; i < s->n_cols; i++) {
        struct scan_col *c = xaligned(SCAN_LINE, sizeof(*c));

        c->name = s->cols[i]->name;
        c->index = s->cols[i]->index;
        c->slot = s->cols[i]->slot;
        c->want = s->cols[i]->want;
        c->nulls_only = s->cols[i]->nulls_only;
        c->watches = s->cols[i]->watches;
        c->n_watches = s->cols[i]->n_watches;
        c->readers = s->cols[i]->readers;
        c->n_readers = s->cols[i]->n_readers;
        colstats_init(&c->st);
        col_alloc(c);
        col_batch_alloc(c);
        sh->cols[i] = c;
    }
    for (size_t i = 0; i < s->n_visitors; i++)
        sh->states[i] = s->visitors[i].par.fork(s->visitors[i].state);
}

static void shard_release(struct shard *sh, int own_cols)
{
    for (size_t i = 0; own_cols && i < sh->s->n_cols; i++) {
        col_release(sh->cols[i]);
        free(sh->cols[i]);
    }
    if (own_cols)
        free(sh->cols);
    for (size_t i = 0; i <= sh->s->n_visitors; i++)
        free(sh->errors[i]);
    free(sh->states);
    free(sh->failed);
    free(sh->errors);
    free(sh->field);
    free(sh->len);
    free(sh->rec_field);
    free(sh->rec_len);
}

/*
 * Fold shard b (which read the rest of the file) into a.  The line
 * numbers b holds are shift short of the true ones (see scan_visitor).
 */
static void shard_join(struct shard *a, struct shard *b, long long shift)
{
    struct scan_source *s = a->s;

    for (size_t i = 0; i < s->n_cols; i++) {
        struct scan_col *x = a->cols[i], *y = b->cols[i];

        colstats_merge(&x->st, &y->st, shift);
        if (x->quant)
            kll_merge(x->quant, y->quant);
        if (x->distinct)
            hll_merge(x->distinct, y->distinct);
        if (x->values)
            freq_merge(x->values, y->values, shift);
        if (x->want & SCAN_INFER) {
            int *mx[] = {NULL, &x->infer.maybe_int,  &x->infer.maybe_float,
                         NULL, &x->infer.maybe_bool, &x->infer.maybe_time};
            int *my[] = {NULL, &y->infer.maybe_int,  &y->infer.maybe_float,
                         NULL, &y->infer.maybe_bool, &y->infer.maybe_time};

            if (y->infer.present &&
                (!x->infer.present || y->infer.tmin < x->infer.tmin))
                x->infer.tmin = y->infer.tmin;
            if (y->infer.present &&
                (!x->infer.present || y->infer.tmax > x->infer.tmax))
                x->infer.tmax = y->infer.tmax;
            x->infer.present += y->infer.present;
            for (int t = 0; t <= RSO_TYPE_TIMESTAMP; t++) {
                if (!mx[t] || !*mx[t] || *my[t])
                    continue;
                *mx[t] = 0;
                x->infer.bad_line[t] = y->infer.bad_line[t] + shift;
                memcpy(x->infer.bad_value[t], y->infer.bad_value[t],
                       sizeof(x->infer.bad_value[t]));
            }
        }
        if (!x->error && y->error) {
            x->error = y->error;
            y->error = NULL;
        }
    }
    for (size_t i = 0; i < s->n_visitors; i++) {
        if (!a->failed[i] && b->failed[i]) {
            a->failed[i] = b->failed[i];
            a->errors[i] = b->errors[i];
            b->errors[i] = NULL;
        }
        s->visitors[i].par.join(a->states[i], b->states[i], shift);
        b->states[i] = NULL;
    }
    a->rows += b->rows;
}

/* Whether a source of size bytes may be read by two threads. */
static int can_split(const struct scan_source *s, long long size)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("RSO_THREADS");
    const char *min = getenv("RSO_SPLIT_MIN");

    if (env && atoi(env) == 1)
        return 0;
    if (ncpu < 2 || size < (min ? atoll(min) : SPLIT_MIN))
        return 0;
    for (size_t i = 0; i < s->n_visitors; i++)
        if (!s->visitors[i].par.fork || !s->visitors[i].par.join ||
            !s->visitors[i].par.drop)
            return 0;
    return 1;
}

static void header_setup(struct scan_source *s, struct rso_reader *r)
{
    const char *const *names;

    s->n_header = reader_columns(r, &names);
    s->header_copy = xcalloc(s->n_header + 1, sizeof(char *));
    for (size_t i = 0; i < s->n_header; i++)
        s->header_copy[i] = xstrdup(names[i]);
    s->header = (const char *const *)s->header_copy;
    for (size_t j = 0; s->all_columns && j < s->n_header; j++) {
        size_t n = s->n_cols;
        struct scan_col *c = scan_column(s, names[j]);

        /* A column no check named only counts nulls (unless asked). */
        c->nulls_only = s->n_cols > n && !s->all_want;
        scan_want(c, s->all_want);
    }
    for (size_t i = 0; i < s->n_cols; i++)
        for (size_t j = 0; j < s->n_header; j++)
            if (!strcmp(s->cols[i]->name, names[j]))
                s->cols[i]->index = (int)j;
}

/* What the second thread of a split file needs to start. */
struct part {
    struct shard *b;
    const struct shard *a;
    struct rso_reader *like; /* the first thread's reader */
    long long at;            /* where the first thread stops */
    struct rso_reader *r;    /* opened at 'at', or NULL */
    long long line;          /* the line r numbered its first record */
};

/*
 * The second thread opens the file at the split and makes its
 * accumulators there, on its own memory.  It does not count the lines
 * before the split: its line numbers are short by a number the first
 * thread knows when it is done.
 */
static void *part_run(void *arg)
{
    struct part *pt = arg;

    if (reader_open_part(&pt->r, pt->like, pt->at - 1) < 0 ||
        reader_offset(pt->r) != pt->at) {
        reader_close(pt->r);
        pt->r = NULL;
        rso_err_clear();
        return NULL;
    }
    pt->line = reader_line(pt->r);
    shard_fork(pt->b, pt->a, pt->r);
    return shard_run(pt->b);
}

/*
 * Whether joining b into a would take a message b wrote (an error, a
 * skipped record): the line numbers in its text are b's own, short of
 * the true ones.
 */
static int takes_text(const struct shard *a, const struct shard *b)
{
    const struct scan_source *s = a->s;

    if (b->rc < 0 || reader_takes_text(a->r, b->r))
        return 1;
    for (size_t i = 0; i < s->n_cols; i++)
        if (!a->cols[i]->error && b->cols[i]->error)
            return 1;
    for (size_t i = 0; i < s->n_visitors; i++)
        if (!a->failed[i] && b->failed[i])
            return 1;
    return 0;
}

/*
 * Two threads on one plain file: the first reads up to the first line
 * end after half of the file, the second from there, speculating that a
 * record starts after that line end.  If the first lands exactly on it
 * (no quoted newline straddles the split), the second's work is folded
 * in, its line numbers shifted by the lines the first read.  Else, or
 * when the second wrote a message that would be reported (its line
 * numbers are in the text), its work is dropped and the first reads on.
 */
static int scan_split(struct shard *a, struct rso_reader *r)
{
    struct part pt = {NULL, a, r, -1, NULL, 0};
    struct shard b;
    pthread_t t;
    int rc;

    pt.b = &b;
    /*
     * The place is fixed, not chosen as the threads go, so that sketches
     * merged from the two parts are the same from run to run.
     */
    pt.at = reader_split_point(r, reader_split_size(r) / 2);
    if (pt.at < 0 || pthread_create(&t, NULL, part_run, &pt) != 0) {
        rso_err_clear();
        shard_run(a);
        return a->rc;
    }
    reader_stop_at(r, pt.at);
    shard_run(a);
    pthread_join(t, NULL);
    rc = a->rc;
    if (!pt.r) {
        /* The second thread could not start: read on alone. */
        reader_stop_at(r, -1);
        if (rc == 0) {
            shard_run(a);
            rc = a->rc;
        }
        return rc;
    }
    if (rc == 0 && reader_offset(r) == pt.at && !takes_text(a, &b)) {
        const long long shift = reader_line(r) - pt.line;

        a->s->threads = 2;
        shard_join(a, &b, shift);
        reader_add_bad(r, pt.r, shift);
    } else if (rc == 0) {
        reader_stop_at(r, -1);
        shard_run(a);
        rc = a->rc;
    }
    for (size_t i = 0; i < a->s->n_visitors; i++)
        if (b.states[i])
            a->s->visitors[i].par.drop(b.states[i]);
    shard_release(&b, 1);
    reader_close(pt.r);
    return rc;
}

/* Fold b's results into a after both threads ran; returns a's code. */
static int shard_finish(struct shard *a, struct shard *b)
{
    int rc = a->rc;

    if (rc == 0 && b->rc < 0)
        rc = rso_fail(b->rc, "%s", b->errors[a->s->n_visitors]);
    shard_join(a, b, 0);
    reader_add_bad(a->r, b->r, 0);
    for (size_t i = 0; i < a->s->n_visitors; i++)
        if (b->states[i])
            a->s->visitors[i].par.drop(b->states[i]);
    shard_release(b, 1);
    return rc;
}

/* Keep the count of JSON Lines records with names not read. */
static void extra_note(struct scan_source *s, const struct rso_reader *r)
{
    char *first;

    s->extra_rows = reader_extra_rows(r, &first);
    if (first && !s->extra_first)
        s->extra_first = first;
    else
        free(first);
}

/*
 * Partition files between two threads: the first reads the first half
 * of the files, the second the rest; line numbers are per file, so
 * nothing needs shifting.  Returns 1 after reading (*rc set), 0 when the
 * source is not split (one file, small, or a visitor that cannot fork).
 */
static int scan_partitions(struct scan_source *s, int *rc)
{
    struct rso_reader *r1 = NULL, *r2 = NULL;
    struct shard a, b;
    long long size = 0;
    struct stat st;
    char **files;
    size_t n, h;
    pthread_t t;

    if (s->src->format == RSO_FMT_JSON ||
        input_files(s->src->resolved, &files, &n) < 0) {
        rso_err_clear();
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        size += stat(files[i], &st) == 0 ? (long long)st.st_size : 0;
    if (n < 2 || !can_split(s, size)) {
        input_files_free(files, n);
        return 0;
    }
    h = n / 2;
    if ((*rc = reader_open_files(&r1, s->src, files, h)) < 0 ||
        (*rc = reader_open_files(&r2, s->src, files + h, n - h)) < 0 ||
        (*rc = reader_same_header(r1, r2)) < 0)
        goto done;
    header_setup(s, r1);
    shard_main(&a, s, r1);
    shard_fork(&b, &a, r2);
    if (pthread_create(&t, NULL, shard_run, &b) != 0) {
        shard_run(&b);
        shard_run(&a);
    } else {
        shard_run(&a);
        pthread_join(t, NULL);
    }
    s->threads = 2;
    *rc = shard_finish(&a, &b);
    s->rows = a.rows;
    s->bad_rows = reader_bad_rows(r1);
    extra_note(s, r1);
    if (*rc == 0 && s->rows == 0 && s->bad_rows == 0)
        *rc = rso_fail(RSO_EDATA, "%s: no data row in any file",
                       s->src->resolved);
    shard_release(&a, 0);
done:
    reader_close(r1);
    reader_close(r2);
    input_files_free(files, n);
    return 1;
}

/* The bound on skipped rows over the whole source. */
static int bad_rows_bound(const struct scan_source *s)
{
    if (s->src->skip_bad_rows && s->src->max_bad_rows >= 0 &&
        s->bad_rows > s->src->max_bad_rows)
        return rso_fail(RSO_EDATA,
                        "%s: %lld bad rows, more than max_bad_rows (%lld)",
                        s->src->resolved, s->bad_rows, s->src->max_bad_rows);
    return 0;
}

static int scan_one(struct scan_source *s)
{
    struct rso_reader *r = NULL;
    struct shard a;
    int rc;

    if (scan_partitions(s, &rc))
        return rc < 0 ? rc : bad_rows_bound(s);
    if ((rc = reader_open(&r, s->src)) < 0)
        return rc;
    header_setup(s, r);
    shard_main(&a, s, r);
    s->threads = 1;
    if (can_split(s, reader_split_size(r))) {
        rc = scan_split(&a, r);
    } else {
        shard_run(&a);
        rc = a.rc;
    }
    if (rc < 0 && a.rc < 0)
        rso_fail(rc, "%s", a.errors[s->n_visitors]);
    for (size_t i = 0; i < s->n_visitors; i++)
        if (a.failed[i] && !s->visitors[i].failed) {
            s->visitors[i].failed = a.failed[i];
            s->visitors[i].error = a.errors[i];
            a.errors[i] = NULL;
        }
    s->rows = a.rows;
    s->bad_rows = reader_bad_rows(r);
    extra_note(s, r);
    if (rc == 0 && s->rows == 0 && s->bad_rows == 0)
        rc = reader_files_count(r) == 1
                 ? rso_fail(RSO_EDATA, "%s:1: no data row after the header",
                            s->src->resolved)
                 : rso_fail(RSO_EDATA, "%s: no data row in any file",
                            s->src->resolved);
    if (rc == 0 && s->src->skip_bad_rows && s->src->max_bad_rows >= 0 &&
        s->bad_rows > s->src->max_bad_rows)
        rc = rso_fail(RSO_EDATA,
                      "%s: %lld bad rows, more than max_bad_rows (%lld); "
                      "the first: %s",
                      s->src->resolved, s->bad_rows, s->src->max_bad_rows,
                      reader_first_bad(r));
    shard_release(&a, 0);
    reader_close(r);
    return rc;
}

int scan_run(struct scan_plan *p)
{
    int failed = 0;

    /* Sources added while planning (references) are read too. */
    for (size_t i = 0; i < p->len; i++) {
        struct scan_source *s = p->sources[i];
        struct timespec t0, t1;

        clock_gettime(CLOCK_MONOTONIC, &t0);
        s->status = scan_one(s);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        s->seconds = (double)(t1.tv_sec - t0.tv_sec) +
                     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (s->status < 0) {
            s->error = xstrdup(rso_errmsg());
            failed++;
        }
    }
    return failed;
}
