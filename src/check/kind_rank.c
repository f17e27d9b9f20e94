/*
 * rank: the member's side.  Of the items members chose (a play, a click,
 * a purchase), how many had the model ranked outside its top K when it
 * served them?  A chosen item with no served rank (null) was not served
 * at all and counts as outside.  A high share means members find what
 * they want despite the ranking, not through it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check/kinds.h"
#include "scan/value.h"
#include "util/mem.h"

#define EXAMPLES 5

struct rank_spec {
    const char *column, *item;
    long long top;
    double max_outside;
    const struct rso_source *src;
    struct scan_col *col, *item_col;
    long long chosen, outside, unserved, bad, first_bad_line;
    long long ex_line[EXAMPLES];
    char ex_text[EXAMPLES][80];
    int n_ex;
};

static int rank_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"column", "top", "max_outside", "item",
                                       NULL};
    struct rank_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "column")) ||
        (rc = spec_require(c, spec, "top")) ||
        (rc = spec_require(c, spec, "max_outside")) ||
        (rc = spec_string(c, spec, "column", &s->column)) ||
        (rc = spec_string(c, spec, "item", &s->item)) ||
        (rc = spec_integer(c, spec, "top", &s->top, NULL)) ||
        (rc = spec_fraction(c, spec, "max_outside", &s->max_outside, NULL)))
        return rc;
    if (s->top < 1)
        return ynode_fail(ynode_get(spec, "top"),
                          "'top' of check '%s' must be at least 1", c->id);
    if (s->max_outside > 1)
        return ynode_fail(ynode_get(spec, "max_outside"),
                          "'max_outside' of check '%s' is above 100%%", c->id);
    return 0;
}

static void example(struct rank_spec *s, const struct rso_record *rec,
                    const char *rank, size_t n)
{
    int i = s->item_col ? s->item_col->index : -1;
    char what[32];

    if (s->n_ex == EXAMPLES)
        return;
    if (n)
        snprintf(what, sizeof(what), "%.*s", (int)(n < 20 ? n : 20), rank);
    else
        snprintf(what, sizeof(what), "(not served)");
    s->ex_line[s->n_ex] = rec->line;
    if (i >= 0)
        snprintf(s->ex_text[s->n_ex], sizeof(s->ex_text[0]),
                 "%s = %.*s ranked %s", s->item,
                 (int)(rec->len[i] < 30 ? rec->len[i] : 30), rec->field[i],
                 what);
    else
        snprintf(s->ex_text[s->n_ex], sizeof(s->ex_text[0]), "ranked %s", what);
    s->n_ex++;
}

static int rank_visit(void *state, const struct rso_record *rec)
{
    struct rank_spec *s = state;
    int i = s->col->index;
    double v;

    if (i < 0)
        return 0;
    s->chosen++;
    if (value_is_null(s->src, rec->field[i], rec->len[i])) {
        s->unserved++;
        s->outside++;
        example(s, rec, "", 0);
        return 0;
    }
    if (value_number(rec->field[i], rec->len[i], &v) < 0 || v < 1 ||
        v != floor(v)) {
        if (!s->bad++)
            s->first_bad_line = rec->line;
        return 0;
    }
    if (v > (double)s->top) {
        s->outside++;
        example(s, rec, rec->field[i], rec->len[i]);
    }
    return 0;
}

static void rank_plan(struct rso_check *c, struct scan_source *ss)
{
    struct rank_spec *s = c->spec;

    s->src = c->source;
    s->col = scan_column(ss, s->column);
    if (s->item)
        s->item_col = scan_column(ss, s->item);
    scan_visit(ss, rank_visit, s, NULL);
}

static void rank_eval(struct rso_check *c, struct rso_run *run)
{
    struct rank_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    double share;

    if (!check_column(c, run, s->col, f) ||
        (s->item_col && !check_column(c, run, s->item_col, f)))
        return;
    if (s->bad) {
        finding_set(f, RSO_ERROR,
                    "%s:%lld: %lld values of '%s' are not ranks (whole "
                    "numbers from 1); this is the first",
                    c->source->path, s->first_bad_line, s->bad, s->column);
        return;
    }
    if (s->chosen == 0) {
        finding_set(f, RSO_SKIP, "no chosen items to audit");
        return;
    }
    share = (double)s->outside / (double)s->chosen;
    finding_value(f, "outside_share", share);
    finding_limit(f, "outside_share", NULL, &s->max_outside);
    finding_value(f, "unserved", (double)s->unserved);
    finding_detail(f,
                   "%lld of %lld chosen items ranked outside the top "
                   "%lld (%lld not served at all)",
                   s->outside, s->chosen, s->top, s->unserved);
    if (share > s->max_outside) {
        finding_set(f, RSO_FAIL,
                    "%.1f%% of chosen items were ranked outside the top "
                    "%lld, above the maximum %.1f%%",
                    share * 100, s->top, s->max_outside * 100);
        for (int i = 0; i < s->n_ex; i++)
            finding_detail(f, "%s:%lld: %s", c->source->path, s->ex_line[i],
                           s->ex_text[i]);
    } else {
        finding_set(f, RSO_PASS,
                    "%.1f%% of chosen items ranked outside the top %lld",
                    share * 100, s->top);
    }
}

const struct rso_kind kind_rank = {
    .name = "rank",
    .area = "audits",
    .needs_source = 1,
    .parse = rank_parse,
    .free_spec = free,
    .plan = rank_plan,
    .eval = rank_eval,
};
