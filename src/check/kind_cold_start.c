/*
 * cold_start: the item's side.  Items launched in the last `days` (by
 * the run's clock) must get at least `min_share` of what was served, or
 * new items are starved while the model waits for interactions it can
 * only get by showing them.
 *
 * Each row of the served log names an item and its launch date; the scan
 * counts rows per (launch date, item), which stays as small as the set of
 * items served, and the evaluation decides which launches are recent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "scan/value.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/units.h"

struct cold_spec {
    const char *item, *launched;
    double days; /* seconds */
    double min_share;
    const struct rso_source *src;
    struct scan_col *item_col, *launched_col;
    struct strmap pairs; /* "launched\x1fitem" -> rows served */
    long long rows;
};

static void cold_free(void *p)
{
    struct cold_spec *s = p;

    if (!s)
        return;
    strmap_release(&s->pairs);
    free(s);
}

static int cold_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"item", "launched", "days", "min_share",
                                       NULL};
    struct cold_spec *s = xcalloc(1, sizeof(*s));
    double days;
    int rc;

    strmap_init(&s->pairs);
    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "item")) ||
        (rc = spec_require(c, spec, "launched")) ||
        (rc = spec_require(c, spec, "days")) ||
        (rc = spec_require(c, spec, "min_share")) ||
        (rc = spec_string(c, spec, "item", &s->item)) ||
        (rc = spec_string(c, spec, "launched", &s->launched)) ||
        (rc = spec_number(c, spec, "days", &days, NULL)) ||
        (rc = spec_fraction(c, spec, "min_share", &s->min_share, NULL)))
        return rc;
    if (days <= 0)
        return ynode_fail(ynode_get(spec, "days"),
                          "'days' of check '%s' must be positive", c->id);
    s->days = days * 86400;
    return 0;
}

static int cold_visit(void *state, const struct rso_record *rec)
{
    struct cold_spec *s = state;
    int i = s->item_col->index, l = s->launched_col->index;
    char key[512];
    size_t n;

    if (i < 0 || l < 0)
        return 0;
    s->rows++;
    if (value_is_null(s->src, rec->field[l], rec->len[l]))
        return 0;
    n = (size_t)snprintf(
        key, sizeof(key), "%.*s\x1f%.*s",
        (int)(rec->len[l] < 64 ? rec->len[l] : 64), rec->field[l],
        (int)(rec->len[i] < 400 ? rec->len[i] : 400), rec->field[i]);
    strmap_add(&s->pairs, key, n < sizeof(key) ? n : sizeof(key) - 1, 1,
               rec->line);
    return 0;
}

static void cold_plan(struct rso_check *c, struct scan_source *ss)
{
    struct cold_spec *s = c->spec;

    s->src = c->source;
    s->item_col = scan_column(ss, s->item);
    s->launched_col = scan_column(ss, s->launched);
    scan_visit(ss, cold_visit, s, NULL);
}

static void cold_eval(struct rso_check *c, struct rso_run *run)
{
    struct cold_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const struct strmap_entry **v;
    long long new_rows = 0, new_items = 0;
    double share;
    char when[32];

    if (!check_column(c, run, s->item_col, f) ||
        !check_column(c, run, s->launched_col, f))
        return;
    v = strmap_sorted(&s->pairs);
    for (size_t i = 0; v[i]; i++) {
        const char *sep = strchr(v[i]->key, '\x1f');
        char date[80];
        double t;

        snprintf(date, sizeof(date), "%.*s", (int)(sep - v[i]->key), v[i]->key);
        if (units_timestamp(date, &t) < 0) {
            finding_set(f, RSO_ERROR,
                        "%s:%lld: '%s' is not a date or time in column "
                        "'%s'",
                        c->source->path, v[i]->first_row, date, s->launched);
            free(v);
            return;
        }
        if (t > run->now || run->now - t > s->days)
            continue;
        new_items++;
        new_rows += v[i]->count;
    }
    free(v);
    units_format_time(when, run->now - s->days, 1);
    if (new_items == 0) {
        finding_set(f, RSO_SKIP, "no served item launched since %s", when);
        return;
    }
    share = s->rows ? (double)new_rows / (double)s->rows : 0;
    finding_value(f, "new_item_share", share);
    finding_limit(f, "new_item_share", &s->min_share, NULL);
    finding_value(f, "new_items", (double)new_items);
    finding_detail(f,
                   "%lld items launched since %s got %lld of %lld rows "
                   "served",
                   new_items, when, new_rows, s->rows);
    if (share < s->min_share)
        finding_set(f, RSO_FAIL,
                    "items launched in the last %.0f days got %.2f%% of "
                    "exposure, below the minimum %.2f%%",
                    s->days / 86400, share * 100, s->min_share * 100);
    else
        finding_set(f, RSO_PASS,
                    "items launched in the last %.0f days got %.2f%% of "
                    "exposure",
                    s->days / 86400, share * 100);
}

const struct rso_kind kind_cold_start = {
    .name = "cold_start",
    .area = "audits",
    .needs_source = 1,
    .parse = cold_parse,
    .free_spec = cold_free,
    .plan = cold_plan,
    .eval = cold_eval,
};
