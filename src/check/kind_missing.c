/*
 * missing: per column, the share of null values at most max and their
 * number at most max_count.  'columns: all' takes every column of the
 * source's header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "util/mem.h"

struct missing_spec {
    const char **columns;
    size_t n_columns;
    int all;
    double max;
    double max_count;
    int has_max, has_count;
    struct scan_col **cols;
    struct scan_source *ss;
};

static void missing_free(void *p)
{
    struct missing_spec *s = p;

    free(s->columns);
    free(s->cols);
    free(s);
}

static int missing_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"columns", "column", "max", "max_count",
                                       NULL};
    struct missing_spec *s = xcalloc(1, sizeof(*s));
    const struct ynode *n;
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)))
        return rc;
    n = ynode_get(spec, "columns");
    if (!n)
        n = ynode_get(spec, "column");
    if (!n)
        return spec_require(c, spec, "columns");
    if (n->type == YNODE_SCALAR && !n->quoted && !strcmp(n->str, "all")) {
        s->all = 1;
    } else {
        if ((rc = ynode_strings(n, "'columns'", &s->columns, &s->n_columns)))
            return rc;
        if (s->n_columns == 0)
            return ynode_fail(n, "'columns' of check '%s' is empty", c->id);
    }
    if ((rc = spec_fraction(c, spec, "max", &s->max, &s->has_max)) ||
        (rc = spec_number(c, spec, "max_count", &s->max_count, &s->has_count)))
        return rc;
    if (!s->has_max && !s->has_count)
        return ynode_fail(spec,
                          "'missing' of check '%s' needs 'max' or "
                          "'max_count'",
                          c->id);
    if (s->has_max && s->max > 1)
        return ynode_fail(ynode_get(spec, "max"),
                          "'max' of check '%s' is above 100%%", c->id);
    if (s->has_count && s->max_count < 0)
        return ynode_fail(ynode_get(spec, "max_count"),
                          "'max_count' of check '%s' is negative", c->id);
    s->cols = xcalloc(s->n_columns + 1, sizeof(*s->cols));
    return 0;
}

static void missing_plan(struct rso_check *c, struct scan_source *ss)
{
    struct missing_spec *s = c->spec;

    s->ss = ss;
    if (s->all)
        scan_all_columns(ss, 0);
    for (size_t i = 0; i < s->n_columns; i++)
        s->cols[i] = scan_column(ss, s->columns[i]);
}

/* Whether column st is over a limit. */
static int over(const struct missing_spec *s, const struct colstats *st)
{
    double share = st->rows ? (double)st->nulls / (double)st->rows : 0;

    return (s->has_max && share > s->max) ||
           (s->has_count && (double)st->nulls > s->max_count);
}

static void missing_eval(struct rso_check *c, struct rso_run *run)
{
    struct missing_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const struct scan_col *worst = NULL;
    size_t n_over = 0, n_seen = 0;
    char lim[96];

    if (s->all && check_source_failed(c, run, f))
        return;
    for (size_t i = 0; i < s->n_columns; i++)
        if (!check_column(c, run, s->cols[i], f))
            return;
    for (size_t k = 0; k < s->ss->n_cols * s->ss->n_header; k++) {
        /* In the header's order. */
        const struct scan_col *col = s->ss->cols[k % s->ss->n_cols];
        const struct colstats *st = &col->st;

        if (col->index != (int)(k / s->ss->n_cols))
            continue;
        double share = st->rows ? (double)st->nulls / (double)st->rows : 0;
        int mine = s->all;

        for (size_t j = 0; !mine && j < s->n_columns; j++)
            mine = s->cols[j] == col;
        if (!mine)
            continue;
        n_seen++;
        finding_value(f, col->name, share);
        finding_limit(f, col->name, NULL, s->has_max ? &s->max : NULL);
        finding_detail(f, "%s: %lld of %lld missing (%.3f%%)", col->name,
                       st->nulls, st->rows, share * 100);
        if (over(s, st)) {
            n_over++;
            for (int r = 0; r < st->n_null_rows; r++)
                finding_detail(f, "%s:%lld: %s is missing", c->source->path,
                               st->null_rows[r], col->name);
        }
        if (!worst || (over(s, st) && !over(s, &worst->st)) ||
            (over(s, st) == over(s, &worst->st) && st->nulls > worst->st.nulls))
            worst = col;
    }
    lim[0] = '\0';
    if (s->has_max)
        snprintf(lim, sizeof(lim), "%.3f%%", s->max * 100);
    if (s->has_count)
        snprintf(lim + strlen(lim), sizeof(lim) - strlen(lim), "%s%.0f rows",
                 s->has_max ? " or " : "", s->max_count);
    if (!worst) {
        finding_set(f, RSO_PASS, "no column to check");
        return;
    }
    if (n_over)
        finding_set(f, RSO_FAIL,
                    "%zu column%s over the limit: '%s' is %.3f%% missing "
                    "(%lld of %lld rows), above the maximum %s",
                    n_over, n_over == 1 ? "" : "s", worst->name,
                    worst->st.rows ? 100.0 * (double)worst->st.nulls /
                                         (double)worst->st.rows
                                   : 0,
                    worst->st.nulls, worst->st.rows, lim);
    else
        finding_set(f, RSO_PASS,
                    "at most %lld missing (%.3f%%, '%s') in "
                    "%zu column%s; the maximum is %s",
                    worst->st.nulls,
                    worst->st.rows ? 100.0 * (double)worst->st.nulls /
                                         (double)worst->st.rows
                                   : 0,
                    worst->name, n_seen, n_seen == 1 ? "" : "s", lim);
}

const struct rso_kind kind_missing = {
    .name = "missing",
    .area = "data",
    .needs_source = 1,
    .parse = missing_parse,
    .free_spec = missing_free,
    .plan = missing_plan,
    .eval = missing_eval,
};
