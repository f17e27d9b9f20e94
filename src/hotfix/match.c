#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "hotfix/match.h"
#include "util/mem.h"

double hotfix_cost(const struct hotfix_entry *e)
{
    double hours = e->tradeoffs.time > 0 ? e->tradeoffs.time / 3600 : 1;

    return hours + (e->tradeoffs.reversible ? 0 : 24);
}

static int in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; s && list && list[i]; i++)
        if (!strcmp(list[i], s))
            return 1;
    return 0;
}

/* How well one `answers` word names the finding: 3, 2, 1 or 0. */
static int answer_fit(const char *a, const struct hotfix_finding *f)
{
    if (!strncmp(a, "tag:", 4))
        return in_list(f->tags, a + 4) ? 2 : 0;
    if (!strncmp(a, "kind:", 5))
        return f->kind && !strcmp(f->kind, a + 5);
    if (!strncmp(a, "check:", 6))
        return f->check && !strcmp(f->check, a + 6) ? 3 : 0;
    if (f->check && !strcmp(a, f->check))
        return 3;
    if (in_list(f->tags, a))
        return 2;
    if (f->kind && !strcmp(a, f->kind))
        return 1;
    if (!strcmp(a, "launch") && f->area && !strcmp(f->area, "launches"))
        return 1;
    return 0;
}

/* Whether the entry's `when` holds for f. */
static int when_holds(const struct hotfix_when *w,
                      const struct hotfix_finding *f)
{
    if (w->kinds && !in_list(w->kinds, f->kind))
        return 0;
    if (w->severity >= 0 && w->severity != f->severity)
        return 0;
    /* An unknown distance never satisfies a bound on it. */
    if ((!isnan(w->off_min) || !isnan(w->off_max)) && isnan(f->off))
        return 0;
    if (!isnan(w->off_min) && f->off < w->off_min)
        return 0;
    if (!isnan(w->off_max) && f->off > w->off_max)
        return 0;
    return 1;
}

/* The fit of e for f, 0 when it does not answer. */
static int entry_fit(const struct hotfix_entry *e,
                     const struct hotfix_finding *f)
{
    int best = 0;

    for (size_t i = 0; e->answers[i]; i++) {
        int fit = answer_fit(e->answers[i], f);

        if (fit > best)
            best = fit;
    }
    if (!best || (e->has_when && !when_holds(&e->when, f)))
        return 0;
    return best + e->has_when;
}

/* Explicit first, last resorts last, then fit, cost, menu order. */
static int rank_cmp(const void *pa, const void *pb)
{
    const struct hotfix_match *a = pa, *b = pb;

    if (a->is_explicit != b->is_explicit)
        return b->is_explicit - a->is_explicit;
    if (!a->is_explicit) {
        if (a->entry->last_resort != b->entry->last_resort)
            return a->entry->last_resort - b->entry->last_resort;
        if (a->fit != b->fit)
            return b->fit - a->fit;
        if (a->cost != b->cost)
            return a->cost < b->cost ? -1 : 1;
    }
    /* Entries live in one array: their addresses give menu order. */
    return (a->entry > b->entry) - (a->entry < b->entry);
}

static size_t add_explicit(const struct hotfix_menu *m,
                           const struct hotfix_finding *f, double now,
                           struct hotfix_match *v, size_t *unknown)
{
    size_t n = 0;

    for (size_t i = 0; f->explicit_ids && f->explicit_ids[i]; i++) {
        const struct hotfix_entry *e = hotfix_menu_find(m, f->explicit_ids[i]);
        size_t j;

        if (!e) {
            (*unknown)++;
            continue;
        }
        if (hotfix_expired(e, now))
            continue;
        for (j = 0; j < n && v[j].entry != e; j++)
            ;
        if (j < n)
            continue;
        v[n].entry = e;
        v[n].is_explicit = 1;
        /* Explicit ids keep their order: menu order stands in below. */
        v[n].fit = 0;
        v[n].cost = (double)i;
        n++;
    }
    return n;
}

size_t hotfix_match(const struct hotfix_menu *m, const struct hotfix_finding *f,
                    double now, struct hotfix_match **out, size_t *out_unknown)
{
    size_t n_exp = 0, unknown = 0, cap = m->len + 1, n;
    struct hotfix_match *v;

    for (size_t i = 0; f->explicit_ids && f->explicit_ids[i]; i++)
        n_exp++;
    v = xcalloc(cap + n_exp, sizeof(*v));
    n = add_explicit(m, f, now, v, &unknown);
    n_exp = n;
    for (size_t i = 0; i < m->len; i++) {
        const struct hotfix_entry *e = &m->items[i];
        int fit = entry_fit(e, f), seen = 0;

        for (size_t j = 0; j < n_exp; j++)
            seen |= v[j].entry == e;
        if (seen || !fit || hotfix_expired(e, now))
            continue;
        v[n].entry = e;
        v[n].fit = fit;
        v[n].cost = hotfix_cost(e);
        n++;
    }
    /* Explicit ids sort among themselves by their position. */
    qsort(v + n_exp, n - n_exp, sizeof(*v), rank_cmp);
    if (out_unknown)
        *out_unknown = unknown;
    if (!n) {
        free(v);
        v = NULL;
    }
    *out = v;
    return n;
}
