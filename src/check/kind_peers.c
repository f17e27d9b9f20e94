/*
 * peers: diagnosis before it is needed.  Every item's features are
 * compared with those of its k most comparable items (diagnose/peers.h);
 * an item whose value is far from its peers' (robust z beyond max_z) is
 * most often a data problem: a language missing from its metadata, a
 * runtime in seconds instead of minutes.
 *
 * The whole source is held in memory and each item is compared with
 * every other: meant for catalogs (thousands to tens of thousands of
 * items), not for logs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "check/peers_check.h"
#include "scan/value.h"
#include "util/buf.h"
#include "util/mem.h"

#define LISTED 10

static void peers_spec_free(void *p)
{
    struct peers_spec *s = p;

    if (!s)
        return;
    free(s->by);
    free(s->features);
    free(s->by_cols);
    free(s->feat_cols);
    peers_table_free(&s->table);
    free(s);
}

static int peers_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"by",    "features", "k",
                                       "max_z", "key",      NULL};
    struct peers_spec *s = xcalloc(1, sizeof(*s));
    int has;
    int rc;

    c->spec = s;
    s->k = 20;
    s->max_z = 3.5;
    if ((rc = spec_keys(c, spec, keys)) || (rc = spec_require(c, spec, "by")) ||
        (rc = spec_require(c, spec, "features")) ||
        (rc = spec_strings(c, spec, "by", &s->by, &s->n_by)) ||
        (rc =
             spec_strings(c, spec, "features", &s->features, &s->n_features)) ||
        (rc = spec_integer(c, spec, "k", &s->k, &has)) ||
        (rc = spec_number(c, spec, "max_z", &s->max_z, NULL)) ||
        (rc = spec_string(c, spec, "key", &s->key)))
        return rc;
    if (s->k < 3)
        return ynode_fail(ynode_get(spec, "k"),
                          "'k' of check '%s' must be at least 3 (a median "
                          "needs peers)",
                          c->id);
    if (s->max_z <= 0)
        return ynode_fail(ynode_get(spec, "max_z"),
                          "'max_z' of check '%s' must be positive", c->id);
    if (!s->key)
        s->key = c->source->key;
    if (!s->key)
        return ynode_fail(spec,
                          "'peers' of check '%s' needs 'key' (or a 'key' "
                          "on source '%s') to name items",
                          c->id, c->source->name);
    return 0;
}

static const char *field(const struct rso_record *rec, int i, size_t *len)
{
    if (i < 0 || (size_t)i >= rec->n) {
        *len = 0;
        return NULL;
    }
    *len = rec->len[i];
    return rec->field[i];
}

static int peers_visit(void *state, const struct rso_record *rec)
{
    struct peers_spec *s = state;
    const char *by[32], *feat[32];
    size_t by_len[32], feat_len[32], key_len;
    const char *key = field(rec, s->key_col->index, &key_len);

    if (!key)
        return 0;
    for (size_t i = 0; i < s->n_by && i < 32; i++)
        by[i] = field(rec, s->by_cols[i]->index, &by_len[i]);
    for (size_t i = 0; i < s->n_features && i < 32; i++) {
        feat[i] = field(rec, s->feat_cols[i]->index, &feat_len[i]);
        if (feat[i] && value_is_null(s->src, feat[i], feat_len[i]))
            feat[i] = NULL;
    }
    peers_table_add(&s->table, key, key_len, by, by_len, feat, feat_len,
                    rec->line);
    return 0;
}

static void peers_plan(struct rso_check *c, struct scan_source *ss)
{
    struct peers_spec *s = c->spec;

    s->src = c->source;
    if (s->n_by > 32 || s->n_features > 32)
        return; /* refused in eval */
    peers_table_init(&s->table, s->n_by, s->n_features);
    s->key_col = scan_column(ss, s->key);
    s->by_cols = xcalloc(s->n_by + 1, sizeof(*s->by_cols));
    s->feat_cols = xcalloc(s->n_features + 1, sizeof(*s->feat_cols));
    for (size_t i = 0; i < s->n_by; i++)
        s->by_cols[i] = scan_column(ss, s->by[i]);
    for (size_t i = 0; i < s->n_features; i++)
        s->feat_cols[i] = scan_column(ss, s->features[i]);
    scan_visit(ss, peers_visit, s, NULL);
}

struct flagged {
    size_t row, feat;
    double z;
    struct peers_feature f;
};

static int by_abs_z(const void *a, const void *b)
{
    double x = fabs(((const struct flagged *)a)->z);
    double y = fabs(((const struct flagged *)b)->z);

    if (x != y)
        return x > y ? -1 : 1;
    return 0;
}

static void peers_eval(struct rso_check *c, struct rso_run *run)
{
    struct peers_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    struct flagged *flags = NULL;
    size_t n = 0, cap = 0, items;

    if (s->n_by > 32 || s->n_features > 32) {
        finding_set(f, RSO_ERROR, "at most 32 'by' and 32 'features'");
        return;
    }
    if (!check_column(c, run, s->key_col, f))
        return;
    for (size_t i = 0; i < s->n_by; i++)
        if (!check_column(c, run, s->by_cols[i], f))
            return;
    for (size_t i = 0; i < s->n_features; i++)
        if (!check_column(c, run, s->feat_cols[i], f))
            return;
    items = s->table.len;
    for (size_t row = 0; row < items; row++) {
        struct peers_result r;

        peers_compare(&s->table, row, (size_t)s->k, &r);
        for (size_t j = 0; j < s->n_features; j++) {
            double z = r.features[j].z;

            if (isnan(z) || fabs(z) <= s->max_z)
                continue;
            RSO_GROW(flags, cap, n + 1);
            flags[n].row = row;
            flags[n].feat = j;
            flags[n].z = z;
            flags[n].f = r.features[j];
            n++;
        }
        peers_result_release(&r);
    }
    finding_value(f, "items", (double)items);
    finding_value(f, "outliers", (double)n);
    if (n == 0) {
        finding_set(f, RSO_PASS,
                    "all %zu items within %.1f robust z of their peers", items,
                    s->max_z);
        free(flags);
        return;
    }
    qsort(flags, n, sizeof(*flags), by_abs_z);
    finding_set(f, RSO_FAIL,
                "%zu feature value%s far from the item's peers (robust z "
                "beyond %.1f); the worst: %s '%s' = %g, peers' median %g",
                n, n == 1 ? "" : "s", s->max_z, s->table.keys[flags[0].row],
                s->features[flags[0].feat], flags[0].f.value,
                flags[0].f.median);
    for (size_t i = 0; i < n && i < LISTED; i++) {
        const struct flagged *x = &flags[i];

        finding_detail(f,
                       "%s:%lld: %s %s = %g, peers' median %g, MAD %g, "
                       "z %+.1f (recsysops diagnose %s)",
                       c->source->path, s->table.lines[x->row],
                       s->table.keys[x->row], s->features[x->feat], x->f.value,
                       x->f.median, x->f.mad, x->z, s->table.keys[x->row]);
    }
    if (n > LISTED)
        finding_detail(f, "... and %zu more", n - LISTED);
    free(flags);
}

const struct rso_kind kind_peers = {
    .name = "peers",
    .area = "audits",
    .needs_source = 1,
    .parse = peers_parse,
    .free_spec = peers_spec_free,
    .plan = peers_plan,
    .eval = peers_eval,
};
