/*
 * values: the values of a categorical column in an accepted set ('in'),
 * or matching a regular expression ('pattern', PCRE2, anchored at both
 * ends); at most a share 'max' (default 0) of the present values may be
 * unexpected.  The most frequent unexpected values are listed.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/examples.h"
#include "check/kinds.h"
#include "stats/freq.h"
#include "util/mem.h"

#define TOP 5

struct values_state {
    const struct values_spec *spec;
    pcre2_match_data *md;
    long long present;
    struct freq *bad;
    struct examples ex;
};

struct values_spec {
    const char *column;
    const char **in;
    size_t n_in;
    struct freq *accepted;
    const char *pattern;
    pcre2_code *re;
    int jit; /* re was compiled to machine code */
    double max;
    struct scan_col *col;
    struct values_state *st;
};

static void state_free(struct values_state *st)
{
    if (!st)
        return;
    pcre2_match_data_free(st->md);
    freq_free(st->bad);
    free(st);
}

static void values_free(void *p)
{
    struct values_spec *s = p;

    free(s->in);
    freq_free(s->accepted);
    pcre2_code_free(s->re);
    state_free(s->st);
    free(s);
}

static int values_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"column", "in", "pattern", "max", NULL};
    struct values_spec *s = xcalloc(1, sizeof(*s));
    const struct ynode *n;
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "column")) ||
        (rc = spec_string(c, spec, "column", &s->column)) ||
        (rc = spec_string(c, spec, "pattern", &s->pattern)) ||
        (rc = spec_fraction(c, spec, "max", &s->max, NULL)))
        return rc;
    if ((n = ynode_get(spec, "in"))) {
        if ((rc = ynode_strings(n, "'in'", &s->in, &s->n_in)))
            return rc;
        s->accepted = freq_new(s->n_in + 1);
        for (size_t i = 0; i < s->n_in; i++)
            freq_add(s->accepted, s->in[i], strlen(s->in[i]), 0);
    }
    if (!s->in == !s->pattern)
        return ynode_fail(spec,
                          "'values' of check '%s' needs either 'in' "
                          "or 'pattern'",
                          c->id);
    if (s->pattern) {
        int err;
        PCRE2_SIZE off;

        s->re = pcre2_compile((PCRE2_SPTR)s->pattern, PCRE2_ZERO_TERMINATED,
                              PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF,
                              &err, &off, NULL);
        if (!s->re) {
            PCRE2_UCHAR msg[256];

            pcre2_get_error_message(err, msg, sizeof(msg));
            return ynode_fail(ynode_get(spec, "pattern"),
                              "bad regular expression in check '%s' at "
                              "offset %zu: %s",
                              c->id, (size_t)off, (char *)msg);
        }
        s->jit = pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE) == 0;
    }
    return 0;
}

static struct values_state *state_new(const struct values_spec *s)
{
    struct values_state *st = xcalloc(1, sizeof(*st));

    st->spec = s;
    st->bad = freq_new(FREQ_MAX);
    if (s->re)
        st->md = pcre2_match_data_create_from_pattern(s->re, NULL);
    return st;
}

/* The column's cells of a run of records (see scan_cells). */
static int values_cells(void *state, const struct scan_cells *cells)
{
    struct values_state *st = state;
    const struct values_spec *s = st->spec;

    for (size_t i = 0; i < cells->n; i++) {
        const char *v = cells->field[i];
        size_t n = cells->len[i];
        long long line = cells->line + (long long)i;
        int ok;

        if (cells->code[i] == SCAN_NULL)
            continue;
        st->present++;
        if (s->accepted)
            ok = freq_get(s->accepted, v, n) != NULL;
        else if (s->jit) /* the reader has checked the field is UTF-8 */
            ok = pcre2_jit_match(s->re, (PCRE2_SPTR)v, n, 0, 0, st->md, NULL) >=
                 0;
        else
            ok = pcre2_match(s->re, (PCRE2_SPTR)v, n, 0, 0, st->md, NULL) >= 0;
        if (ok)
            continue;
        freq_add(st->bad, v, n, line);
        examples_add_at(&st->ex, cells->file, line, v, n);
    }
    return 0;
}

static void *values_fork(void *state)
{
    return state_new(((struct values_state *)state)->spec);
}

static void values_join(void *state, void *other, long long shift)
{
    struct values_state *a = state, *b = other;

    a->present += b->present;
    freq_merge(a->bad, b->bad, shift);
    examples_join(&a->ex, &b->ex, shift);
    state_free(b);
}

static void values_drop(void *other)
{
    state_free(other);
}

static const struct scan_par values_par = {values_fork, values_join,
                                           values_drop};

static void values_plan(struct rso_check *c, struct scan_source *ss)
{
    struct values_spec *s = c->spec;

    s->col = scan_column(ss, s->column);
    if (!s->st)
        s->st = state_new(s);
    scan_read_cells(ss, s->col, values_cells, s->st, NULL, &values_par);
}

static void values_eval(struct rso_check *c, struct rso_run *run)
{
    struct values_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    struct values_state *st = s->st;
    const struct freq_item **top;
    double share;
    size_t k;

    if (!check_column(c, run, s->col, f))
        return;
    share = st->present ? (double)st->ex.count / (double)st->present : 0;
    finding_value(f, "unexpected_share", share);
    finding_limit(f, "unexpected_share", NULL, &s->max);
    finding_value(f, "unexpected", (double)st->ex.count);
    if (share <= s->max) {
        finding_set(f, RSO_PASS,
                    "%lld of %lld values of '%s' unexpected (%.3f%%), "
                    "within the maximum %.3f%%",
                    st->ex.count, st->present, s->column, share * 100,
                    s->max * 100);
        return;
    }
    finding_set(f, RSO_FAIL,
                "%lld of %lld values of '%s' unexpected (%.3f%%), above the "
                "maximum %.3f%%",
                st->ex.count, st->present, s->column, share * 100,
                s->max * 100);
    k = freq_top(st->bad, TOP, &top);
    for (size_t i = 0; i < k; i++)
        finding_detail(f, "'%s': %lld rows (first on line %lld)", top[i]->value,
                       top[i]->count, top[i]->first_row);
    if (st->bad->other)
        finding_detail(f, "%lld more rows with other values", st->bad->other);
    free(top);
    examples_detail(f, &st->ex, s->column);
}

const struct rso_kind kind_values = {
    .name = "values",
    .area = "data",
    .needs_source = 1,
    .parse = values_parse,
    .free_spec = values_free,
    .plan = values_plan,
    .eval = values_eval,
};
