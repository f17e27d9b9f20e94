#include <stdlib.h>
#include <string.h>

#include "hotfix/ledger.h"
#include "util/mem.h"

void hotfix_effects_free(struct hotfix_effect *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].check);
        free(v[i].statistic);
    }
    free(v);
}

/* Whether statistic appears in rows[0..i) for check. */
static int seen_before(const struct hotfix_obs *rows, size_t i,
                       const char *check, const char *statistic)
{
    for (size_t j = 0; j < i; j++)
        if (!strcmp(rows[j].check, check) &&
            !strcmp(rows[j].statistic, statistic))
            return 1;
    return 0;
}

/* The effect on one statistic; 0 when before or after is missing. */
static int effect_of(const struct hotfix_application *a,
                     const struct hotfix_obs *rows, size_t n,
                     const char *statistic, struct hotfix_effect *out)
{
    int has_before = 0, has_after = 0;

    for (size_t i = 0; i < n; i++) {
        const struct hotfix_obs *r = &rows[i];

        if (strcmp(r->check, a->check) || strcmp(r->statistic, statistic))
            continue;
        if (r->time < a->applied_at) {
            out->before = r->value;
            has_before = 1;
        } else if (!has_after) {
            out->after = r->value;
            has_after = 1;
        }
    }
    return has_before && has_after;
}

size_t hotfix_effects_from(const struct hotfix_application *apps, size_t n_apps,
                           const struct hotfix_obs *rows, size_t n_rows,
                           struct hotfix_effect **out)
{
    struct hotfix_effect *v = NULL, e = {0};
    size_t n = 0, cap = 0;

    /* Newest application first: walk them from the last. */
    for (size_t k = n_apps; k-- > 0;) {
        const struct hotfix_application *a = &apps[k];

        for (size_t i = 0; a->check && i < n_rows; i++) {
            if (strcmp(rows[i].check, a->check) ||
                seen_before(rows, i, a->check, rows[i].statistic) ||
                !effect_of(a, rows, n_rows, rows[i].statistic, &e))
                continue;
            RSO_GROW(v, cap, n + 1);
            v[n].check = xstrdup(a->check);
            v[n].statistic = xstrdup(rows[i].statistic);
            v[n].before = e.before;
            v[n].after = e.after;
            v[n].applied_at = a->applied_at;
            n++;
        }
    }
    *out = v;
    return n;
}
