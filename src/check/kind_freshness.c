/*
 * freshness: the newest value of a time column (the check's 'column', or
 * the source's 'time') at most max_age before now (--now fixes the
 * clock), and no value more than max_future (default 5m) after it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/examples.h"
#include "check/kinds.h"
#include "util/mem.h"
#include "util/units.h"

#define NEWEST 3

/* The newest few values and their rows, newest first. */
struct fresh_state {
    const struct fresh_spec *spec;
    double t[NEWEST];
    long long line[NEWEST];
    char file[NEWEST][160];
    int n;
};

struct fresh_spec {
    const char *column;
    double max_age, max_future;
    struct scan_col *col;
    struct fresh_state st;
};

static int fresh_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"column", "max_age", "max_future", NULL};
    struct fresh_spec *s = xcalloc(1, sizeof(*s));
    const struct ynode *n;
    int rc;

    c->spec = s;
    s->max_future = 300;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_string(c, spec, "column", &s->column)) ||
        (rc = spec_require(c, spec, "max_age")))
        return rc;
    if ((rc = ynode_duration(ynode_get(spec, "max_age"), "'max_age'",
                             &s->max_age)))
        return rc;
    if ((n = ynode_get(spec, "max_future")) &&
        (rc = ynode_duration(n, "'max_future'", &s->max_future)))
        return rc;
    if (!s->column)
        s->column = c->source ? c->source->time : NULL;
    if (!s->column)
        return ynode_fail(spec,
                          "'freshness' of check '%s' needs 'column' "
                          "(or 'time' on source '%s')",
                          c->id, c->source ? c->source->name : "?");
    return 0;
}

static void keep(struct fresh_state *st, double t, long long line,
                 const char *file)
{
    int i;

    if (st->n == NEWEST) {
        if (t <= st->t[NEWEST - 1])
            return;
        i = NEWEST - 1;
    } else {
        i = st->n++;
    }
    for (; i > 0 && st->t[i - 1] < t; i--) {
        st->t[i] = st->t[i - 1];
        st->line[i] = st->line[i - 1];
        memcpy(st->file[i], st->file[i - 1], sizeof(st->file[0]));
    }
    st->t[i] = t;
    st->line[i] = line;
    snprintf(st->file[i], sizeof(st->file[i]), "%s", file ? file : "");
}

/* The column's times in a run of records (see scan_cells). */
static int fresh_cells(void *state, const struct scan_cells *cells)
{
    struct fresh_state *st = state;

    for (size_t i = 0; i < cells->n; i++)
        if (cells->code[i] == 0)
            keep(st, cells->value[i], cells->line + (long long)i, cells->file);
    return 0;
}

static void *fresh_fork(void *state)
{
    struct fresh_state *st = xcalloc(1, sizeof(*st));

    st->spec = ((struct fresh_state *)state)->spec;
    return st;
}

static void fresh_join(void *state, void *other, long long shift)
{
    struct fresh_state *a = state, *b = other;

    for (int i = 0; i < b->n; i++)
        keep(a, b->t[i], b->line[i] + shift, b->file[i]);
    free(b);
}

static const struct scan_par fresh_par = {fresh_fork, fresh_join, free};

static void fresh_plan(struct rso_check *c, struct scan_source *ss)
{
    struct fresh_spec *s = c->spec;

    s->st.spec = s;
    s->col = scan_column(ss, s->column);
    scan_want(s->col, SCAN_TIME);
    scan_read_cells(ss, s->col, fresh_cells, &s->st, NULL, &fresh_par);
}

static void fresh_eval(struct rso_check *c, struct rso_run *run)
{
    struct fresh_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const struct colstats *st;
    char when[32], now[32], age[32], lim[32];
    double newest, a;

    if (!check_column(c, run, s->col, f))
        return;
    st = &s->col->st;
    if (!st->numeric) {
        finding_set(f, RSO_ERROR, "column '%s' holds no timestamp%s", s->column,
                    st->nonnum ? "" : " (every value is empty)");
        if (st->first_nonnum_row)
            finding_detail(f, "%s:%lld: %s = %s", c->source->path,
                           st->first_nonnum_row, s->column, st->first_nonnum);
        return;
    }
    newest = st->max;
    a = run->now - newest;
    units_format_time(when, newest, 1);
    units_format_time(now, run->now, 1);
    finding_value(f, "age_seconds", a);
    finding_limit(f, "age_seconds", NULL, &s->max_age);
    finding_prop(f, "newest", "%s", when);
    if (st->nonnum)
        finding_detail(f,
                       "%lld values are not timestamps; the first: "
                       "line %lld: %s",
                       st->nonnum, st->first_nonnum_row, st->first_nonnum);
    if (-a > s->max_future) {
        units_format_duration(age, -a);
        units_format_duration(lim, s->max_future);
        finding_set(f, RSO_FAIL,
                    "the newest '%s' is %s, %s in the future (now %s); "
                    "the tolerance is %s",
                    s->column, when, age, now, lim);
    } else if (a > s->max_age) {
        units_format_duration(age, a);
        units_format_duration(lim, s->max_age);
        finding_set(f, RSO_FAIL,
                    "the newest '%s' is %s, %s old, above the maximum age "
                    "%s",
                    s->column, when, age, lim);
    } else {
        units_format_duration(age, a < 0 ? 0 : a);
        units_format_duration(lim, s->max_age);
        finding_set(f, RSO_PASS,
                    "the newest '%s' is %s, %s old (maximum "
                    "%s)",
                    s->column, when, age, lim);
        return;
    }
    for (int i = 0; i < s->st.n; i++) {
        units_format_time(when, s->st.t[i], 1);
        finding_detail(f, "%s:%lld: %s = %s", s->st.file[i], s->st.line[i],
                       s->column, when);
    }
}

const struct rso_kind kind_freshness = {
    .name = "freshness",
    .area = "data",
    .needs_source = 1,
    .parse = fresh_parse,
    .free_spec = free,
    .plan = fresh_plan,
    .eval = fresh_eval,
};
