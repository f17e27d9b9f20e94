#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan/scan.h"
#include "scan/value.h"
#include "util/err.h"
#include "util/mem.h"

void scan_plan_init(struct scan_plan *p)
{
    memset(p, 0, sizeof(*p));
}

static void source_free(struct scan_source *s)
{
    for (size_t i = 0; i < s->n_cols; i++) {
        free(s->cols[i]->name);
        free(s->cols[i]);
    }
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

struct scan_col *scan_column(struct scan_source *s, const char *name)
{
    struct scan_col *c;

    for (size_t i = 0; i < s->n_cols; i++)
        if (!strcmp(s->cols[i]->name, name))
            return s->cols[i];
    c = xcalloc(1, sizeof(*c));
    c->name = xstrdup(name);
    c->index = -1;
    colstats_init(&c->st);
    RSO_GROW(s->cols, s->cap_cols, s->n_cols + 1);
    s->cols[s->n_cols++] = c;
    return c;
}

struct scan_visitor *scan_visit(struct scan_source *s, scan_visit_fn fn,
                                void *state, void (*free_state)(void *))
{
    struct scan_visitor *v;

    RSO_GROW(s->visitors, s->cap_visitors, s->n_visitors + 1);
    v = &s->visitors[s->n_visitors++];
    memset(v, 0, sizeof(*v));
    v->fn = fn;
    v->state = state;
    v->free_state = free_state;
    return v;
}

int scan_has_column(const struct scan_source *s, const char *name)
{
    for (size_t i = 0; i < s->n_header; i++)
        if (!strcmp(s->header_copy[i], name))
            return 1;
    return 0;
}

static void feed_column(struct scan_col *c, const struct rso_source *src,
                        const struct rso_record *rec)
{
    const char *s = rec->field[c->index];
    size_t n = rec->len[c->index];
    double v;

    c->st.rows++;
    if (value_is_null(src, s, n)) {
        c->st.nulls++;
        return;
    }
    if (value_number(s, n, &v) == 0) {
        colstats_add(&c->st, v, rec->index);
        return;
    }
    c->st.nonnum++;
    if (!c->st.first_nonnum_row) {
        snprintf(c->st.first_nonnum, sizeof(c->st.first_nonnum), "%.*s",
                 (int)(n < 60 ? n : 60), s);
        c->st.first_nonnum_row = rec->index;
    }
}

static int scan_one(struct scan_source *s)
{
    struct rso_reader *r = NULL;
    struct rso_record rec;
    const char *const *names;
    int rc;

    if ((rc = reader_open(&r, s->src)) < 0)
        return rc;
    s->n_header = reader_columns(r, &names);
    s->header_copy = xcalloc(s->n_header + 1, sizeof(char *));
    for (size_t i = 0; i < s->n_header; i++)
        s->header_copy[i] = xstrdup(names[i]);
    s->header = (const char *const *)s->header_copy;
    for (size_t i = 0; i < s->n_cols; i++)
        for (size_t j = 0; j < s->n_header; j++)
            if (!strcmp(s->cols[i]->name, names[j]))
                s->cols[i]->index = (int)j;
    while ((rc = reader_next(r, &rec)) == 1) {
        s->rows++;
        for (size_t i = 0; i < s->n_cols; i++)
            if (s->cols[i]->index >= 0)
                feed_column(s->cols[i], s->src, &rec);
        for (size_t i = 0; i < s->n_visitors; i++) {
            struct scan_visitor *v = &s->visitors[i];

            if (v->failed)
                continue;
            if ((v->failed = v->fn(v->state, &rec)) < 0)
                v->error = xstrdup(rso_errmsg());
            else
                v->failed = 0;
        }
    }
    s->bad_rows = reader_bad_rows(r);
    reader_close(r);
    return rc < 0 ? rc : 0;
}

int scan_run(struct scan_plan *p)
{
    int failed = 0;

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
