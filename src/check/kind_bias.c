/*
 * bias: the item's side, as production serves it.  Exposure concentrated
 * on few items (a high Gini coefficient of impressions per item) and a
 * small share of the catalog ever shown are the marks of a feedback loop:
 * the model shows what it showed before.
 *
 * The Gini coefficient is that of stats/exposure.h.  With a catalog, items it
 * lists that were never served count as zero, and coverage is the share of
 * catalog items served at least once.  Both need exact per-item counts: memory
 * grows with distinct items.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "scan/value.h"
#include "stats/exposure.h"
#include "util/mem.h"
#include "util/strmap.h"

struct bias_spec {
    const char *item;
    double max_gini, min_coverage;
    int has_gini, has_coverage;
    const struct rso_source *src, *catalog;
    struct scan_col *item_col, *key_col;
    struct strmap served, items;
};

static void bias_free(void *p)
{
    struct bias_spec *s = p;

    if (!s)
        return;
    strmap_release(&s->served);
    strmap_release(&s->items);
    free(s);
}

static int bias_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"item", "max_gini", "min_coverage",
                                       "catalog", NULL};
    struct bias_spec *s = xcalloc(1, sizeof(*s));
    const char *catalog = NULL;
    int rc;

    strmap_init(&s->served);
    strmap_init(&s->items);
    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "item")) ||
        (rc = spec_string(c, spec, "item", &s->item)) ||
        (rc = spec_number(c, spec, "max_gini", &s->max_gini, &s->has_gini)) ||
        (rc = spec_fraction(c, spec, "min_coverage", &s->min_coverage,
                            &s->has_coverage)) ||
        (rc = spec_string(c, spec, "catalog", &catalog)))
        return rc;
    if (!s->has_gini && !s->has_coverage)
        return ynode_fail(spec,
                          "'bias' of check '%s' needs 'max_gini' or "
                          "'min_coverage'",
                          c->id);
    if (s->has_gini && (s->max_gini < 0 || s->max_gini > 1))
        return ynode_fail(ynode_get(spec, "max_gini"),
                          "'max_gini' of check '%s' must be within 0 and 1",
                          c->id);
    if (catalog) {
        s->catalog = config_source(c->cfg, catalog);
        if (!s->catalog)
            return ynode_fail(ynode_get(spec, "catalog"),
                              "unknown source '%s' in check '%s'", catalog,
                              c->id);
        if (!s->catalog->key)
            return ynode_fail(ynode_get(spec, "catalog"),
                              "source '%s' needs a 'key' (its item column) "
                              "to serve as the catalog of check '%s'",
                              catalog, c->id);
    } else if (s->has_coverage) {
        return ynode_fail(ynode_get(spec, "min_coverage"),
                          "'min_coverage' of check '%s' needs 'catalog' (the "
                          "source listing every item)",
                          c->id);
    }
    return 0;
}

static int count_served(void *state, const struct rso_record *rec)
{
    struct bias_spec *s = state;
    int i = s->item_col->index;

    if (i >= 0 && !value_is_null(s->src, rec->field[i], rec->len[i]))
        strmap_add(&s->served, rec->field[i], rec->len[i], 1, rec->line);
    return 0;
}

static int list_items(void *state, const struct rso_record *rec)
{
    struct bias_spec *s = state;
    int i = s->key_col->index;

    if (i >= 0 && !value_is_null(s->catalog, rec->field[i], rec->len[i]))
        strmap_add(&s->items, rec->field[i], rec->len[i], 1, rec->line);
    return 0;
}

static void bias_plan(struct rso_check *c, struct scan_source *ss)
{
    struct bias_spec *s = c->spec;

    s->src = c->source;
    s->item_col = scan_column(ss, s->item);
    scan_visit(ss, count_served, s, NULL);
    if (s->catalog) {
        struct scan_source *cat = scan_source(ss->plan, s->catalog);

        s->key_col = scan_column(cat, s->catalog->key);
        scan_visit(cat, list_items, s, NULL);
    }
}

static void bias_eval(struct rso_check *c, struct rso_run *run)
{
    struct bias_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    size_t n = 0, covered = 0, fails = 0;
    long long *x;
    double gini, coverage = 0;

    if (!check_column(c, run, s->item_col, f))
        return;
    if (s->catalog) {
        struct scan_source *cat = scan_source(&run->scan, s->catalog);

        if (cat->status < 0) {
            finding_set(f, RSO_ERROR, "catalog '%s' could not be read: %s",
                        s->catalog->name, cat->error);
            return;
        }
        if (s->key_col->index < 0) {
            finding_set(f, RSO_ERROR, "catalog '%s' has no column '%s'",
                        s->catalog->name, s->catalog->key);
            return;
        }
    }
    if (s->served.len == 0) {
        finding_set(f, RSO_SKIP, "nothing was served");
        return;
    }
    x = xcalloc(s->served.len + s->items.len + 1, sizeof(*x));
    for (size_t i = 0; i < s->served.cap; i++)
        if (s->served.slots[i].key)
            x[n++] = s->served.slots[i].count;
    for (size_t i = 0; i < s->items.cap; i++) {
        const struct strmap_entry *e = &s->items.slots[i];

        if (!e->key)
            continue;
        if (strmap_get(&s->served, e->key, e->len))
            covered++;
        else
            x[n++] = 0;
    }
    gini = exposure_gini(x, n);
    free(x);
    finding_value(f, "gini", gini);
    finding_limit(f, "gini", NULL, s->has_gini ? &s->max_gini : NULL);
    finding_detail(f,
                   "%zu items served, Gini of exposure %.3f over %zu "
                   "items",
                   s->served.len, gini, n);
    if (s->catalog && s->items.len) {
        coverage = (double)covered / (double)s->items.len;
        finding_value(f, "coverage", coverage);
        finding_limit(f, "coverage", s->has_coverage ? &s->min_coverage : NULL,
                      NULL);
        finding_detail(f,
                       "%zu of %zu catalog items served at least once "
                       "(%.1f%%)",
                       covered, s->items.len, coverage * 100);
    }
    if (s->has_gini && gini > s->max_gini)
        fails++;
    if (s->has_coverage && coverage < s->min_coverage)
        fails++;
    if (s->has_gini && gini > s->max_gini)
        finding_set(f, RSO_FAIL, "exposure Gini %.3f, above the maximum %.3f%s",
                    gini, s->max_gini,
                    fails > 1 ? "; catalog coverage is also too low" : "");
    else if (fails)
        finding_set(f, RSO_FAIL,
                    "%.1f%% of the catalog served, below the minimum "
                    "%.1f%%",
                    coverage * 100, s->min_coverage * 100);
    else
        finding_set(f, RSO_PASS, "exposure Gini %.3f%s", gini,
                    s->catalog ? ", catalog covered" : "");
}

const struct rso_kind kind_bias = {
    .name = "bias",
    .area = "audits",
    .needs_source = 1,
    .parse = bias_parse,
    .free_spec = bias_free,
    .plan = bias_plan,
    .eval = bias_eval,
};
