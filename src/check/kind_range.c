/*
 * range: every value of a numeric column within [min, max].  Values that
 * are not numbers, NaN and infinities are violations too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "scan/value.h"
#include "util/mem.h"

#define EXAMPLES 5

struct range_spec {
    const char *column;
    double min, max;
    int has_min, has_max;
    struct scan_col *col;
    const struct rso_source *src;
    long long violations;
    long long ex_row[EXAMPLES];
    char ex_val[EXAMPLES][40];
    int n_ex;
};

static int range_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"column", "min", "max", NULL};
    struct range_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "column")) ||
        (rc = spec_string(c, spec, "column", &s->column)) ||
        (rc = spec_number(c, spec, "min", &s->min, &s->has_min)) ||
        (rc = spec_number(c, spec, "max", &s->max, &s->has_max)))
        return rc;
    if (!s->has_min && !s->has_max)
        return ynode_fail(spec, "'range' of check '%s' needs 'min' or 'max'",
                          c->id);
    if (s->has_min && s->has_max && s->min > s->max)
        return ynode_fail(spec, "'range' of check '%s' has min above max",
                          c->id);
    return 0;
}

static int range_visit(void *state, const struct rso_record *rec)
{
    struct range_spec *s = state;
    int i = s->col->index;
    double v;
    int bad;

    if (i < 0 || value_is_null(s->src, rec->field[i], rec->len[i]))
        return 0;
    bad = value_number(rec->field[i], rec->len[i], &v) < 0 || !isfinite(v) ||
          (s->has_min && v < s->min) || (s->has_max && v > s->max);
    if (!bad)
        return 0;
    s->violations++;
    if (s->n_ex < EXAMPLES) {
        size_t n = rec->len[i] < 36 ? rec->len[i] : 36;

        s->ex_row[s->n_ex] = rec->line;
        snprintf(s->ex_val[s->n_ex], sizeof(s->ex_val[0]), "%.*s", (int)n,
                 rec->field[i]);
        s->n_ex++;
    }
    return 0;
}

static void range_plan(struct rso_check *c, struct scan_source *ss)
{
    struct range_spec *s = c->spec;

    s->src = c->source;
    s->col = scan_column(ss, s->column);
    scan_visit(ss, range_visit, s, NULL);
}

static void range_eval(struct rso_check *c, struct rso_run *run)
{
    struct range_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const struct colstats *st;
    char a[32], b[32], lo[32], hi[32];

    if (!check_column(c, run, s->col, f))
        return;
    st = &s->col->st;
    snprintf(lo, sizeof(lo), "%s", s->has_min ? fmt_num(a, s->min) : "-inf");
    snprintf(hi, sizeof(hi), "%s", s->has_max ? fmt_num(b, s->max) : "+inf");
    if (st->numeric) {
        finding_value(f, "min", st->min);
        finding_value(f, "max", st->max);
        finding_detail(f, "observed min %s (row %lld), max %s",
                       fmt_num(a, st->min), st->min_row,
                       fmt_num(b, st->max));
    }
    finding_value(f, "violations", (double)s->violations);
    if (s->violations == 0) {
        finding_set(f, RSO_PASS, "all %lld values of '%s' within [%s, %s]",
                    st->numeric, s->column, lo, hi);
        return;
    }
    finding_set(f, RSO_FAIL,
                "%lld of %lld values of '%s' outside [%s, %s]",
                s->violations, st->rows - st->nulls, s->column, lo, hi);
    for (int i = 0; i < s->n_ex; i++)
        finding_detail(f, "%s:%lld: %s = %s", c->source->path, s->ex_row[i],
                       s->column, s->ex_val[i]);
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
