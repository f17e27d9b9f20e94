/*
 * range: every value of a numeric or timestamp column within [min, max].
 * Values that are not numbers (or timestamps) are violations; so are NaN
 * and infinities unless allow_nan / allow_inf say otherwise.  A column
 * is read as timestamps when min or max is a date, when the source
 * declares it a timestamp, or when it is the source's 'time' column.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/examples.h"
#include "check/kinds.h"
#include "scan/value.h"
#include "util/mem.h"
#include "util/units.h"

struct range_state {
    const struct range_spec *spec;
    struct examples ex;
    long long nan, inf;
};

struct range_spec {
    const char *column;
    double min, max;
    int has_min, has_max;
    int allow_nan, allow_inf;
    int time;
    struct scan_col *col;
    const struct rso_source *src;
    struct range_state st;
};

/* A bound: a number, or a timestamp (which makes the check a time one). */
static int bound(struct rso_check *c, struct range_spec *s,
                 const struct ynode *spec, const char *key, double *out,
                 int *has)
{
    const struct ynode *n = ynode_get(spec, key);

    *has = n != NULL;
    if (!n)
        return 0;
    if (n->type == YNODE_SCALAR && n->str && strlen(n->str) >= 10 &&
        n->str[4] == '-') {
        char what[64];

        s->time = 1;
        snprintf(what, sizeof(what), "'%s' in check '%s'", key, c->id);
        return ynode_timestamp(n, what, out);
    }
    return spec_number(c, spec, key, out, has);
}

static int flag(struct rso_check *c, const struct ynode *spec, const char *key,
                int *out)
{
    const struct ynode *n = ynode_get(spec, key);
    char what[64];

    if (!n)
        return 0;
    snprintf(what, sizeof(what), "'%s' in check '%s'", key, c->id);
    return ynode_bool(n, what, out);
}

static int range_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"column",    "min",       "max",
                                       "allow_nan", "allow_inf", NULL};
    struct range_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "column")) ||
        (rc = spec_string(c, spec, "column", &s->column)) ||
        (rc = bound(c, s, spec, "min", &s->min, &s->has_min)) ||
        (rc = bound(c, s, spec, "max", &s->max, &s->has_max)) ||
        (rc = flag(c, spec, "allow_nan", &s->allow_nan)) ||
        (rc = flag(c, spec, "allow_inf", &s->allow_inf)))
        return rc;
    if (!s->has_min && !s->has_max)
        return ynode_fail(spec, "'range' of check '%s' needs 'min' or 'max'",
                          c->id);
    if (s->has_min && s->has_max && s->min > s->max)
        return ynode_fail(spec, "'range' of check '%s' has min above max",
                          c->id);
    if (c->source && c->source->time && !strcmp(c->source->time, s->column))
        s->time = 1;
    for (size_t i = 0; c->source && i < c->source->n_types; i++)
        if (!strcmp(c->source->type_cols[i], s->column) &&
            c->source->types[i] == RSO_TYPE_TIMESTAMP)
            s->time = 1;
    return 0;
}

/* A value the scan found outside [min, max], or not a finite number. */
static void range_watch(void *state, const struct rso_record *rec, int rc,
                        double v)
{
    struct range_state *st = state;
    const struct range_spec *s = st->spec;
    int i = s->col->index;

    if (rc == 0 && isnan(v)) {
        st->nan++;
        if (s->allow_nan)
            return;
    } else if (rc == 0 && isinf(v)) {
        st->inf++;
        if (s->allow_inf)
            return;
    }
    examples_add(&st->ex, rec, rec->field[i], rec->len[i]);
}

static void *range_fork(void *state)
{
    struct range_state *st = xcalloc(1, sizeof(*st));

    st->spec = ((struct range_state *)state)->spec;
    return st;
}

static void range_join(void *state, void *other, long long shift)
{
    struct range_state *a = state, *b = other;

    examples_join(&a->ex, &b->ex, shift);
    a->nan += b->nan;
    a->inf += b->inf;
    free(b);
}

static const struct scan_par range_par = {range_fork, range_join, free};

static void range_plan(struct rso_check *c, struct scan_source *ss)
{
    struct range_spec *s = c->spec;

    s->src = c->source;
    s->st.spec = s;
    s->col = scan_column(ss, s->column);
    scan_watch(ss, s->col, s->time ? SCAN_TIME : 0,
               s->has_min ? s->min : -INFINITY, s->has_max ? s->max : INFINITY,
               range_watch, &s->st, NULL, &range_par);
}

static const char *fmt_bound(char buf[32], const struct range_spec *s, double v)
{
    if (s->time)
        units_format_time(buf, v, 1);
    else
        fmt_num(buf, v);
    return buf;
}

static void range_eval(struct rso_check *c, struct rso_run *run)
{
    struct range_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const struct colstats *st;
    char a[32], b[32], lo[32], hi[32];
    long long present;

    if (!check_column(c, run, s->col, f))
        return;
    st = &s->col->st;
    present = st->rows - st->nulls;
    snprintf(lo, sizeof(lo), "%s",
             s->has_min ? fmt_bound(a, s, s->min) : "-inf");
    snprintf(hi, sizeof(hi), "%s",
             s->has_max ? fmt_bound(b, s, s->max) : "+inf");
    if (st->numeric) {
        finding_value(f, "min", st->min);
        finding_value(f, "max", st->max);
        /* The observed extremes drifting towards the bounds. */
        finding_limit(f, "min", s->has_min ? &s->min : NULL, NULL);
        finding_limit(f, "max", NULL, s->has_max ? &s->max : NULL);
        finding_detail(f, "observed min %s (line %lld), max %s (line %lld)",
                       fmt_bound(a, s, st->min), st->min_row,
                       fmt_bound(b, s, st->max), st->max_row);
    }
    if (s->st.nan || s->st.inf)
        finding_detail(
            f, "%lld NaN and %lld infinite values (%s)", s->st.nan, s->st.inf,
            s->allow_nan || s->allow_inf ? "some allowed" : "violations");
    finding_value(f, "violations", (double)s->st.ex.count);
    if (s->st.ex.count == 0) {
        finding_set(f, RSO_PASS, "all %lld values of '%s' within [%s, %s]",
                    present, s->column, lo, hi);
        return;
    }
    finding_set(f, RSO_FAIL, "%lld of %lld values of '%s' outside [%s, %s]",
                s->st.ex.count, present, s->column, lo, hi);
    examples_detail(f, &s->st.ex, s->column);
}

const struct rso_kind kind_range = {
    .name = "range",
    .area = "data",
    .needs_source = 1,
    .parse = range_parse,
    .free_spec = free,
    .plan = range_plan,
    .eval = range_eval,
};
