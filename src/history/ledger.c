/*
 * ledger: the history store as the hotfix module's ledger.  Applications
 * go to the hotfix_applications table; their effects are measured from
 * the observations of the checks they answered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history/store.h"
#include "util/err.h"
#include "util/mem.h"

static const char insert_sql[] =
    "INSERT INTO hotfix_applications (entry, target, check_id, branch, "
    "commit_sha, file, applied_at, until_at) VALUES ($1, $2, $3, $4, $5, "
    "$6, CAST($7 AS DOUBLE PRECISION), CAST($8 AS DOUBLE PRECISION))";

static const char apps_sql[] =
    "SELECT entry, check_id, applied_at FROM hotfix_applications "
    "WHERE entry = CAST($1 AS TEXT) ORDER BY applied_at, id";

static const char obs_sql[] =
    "SELECT o.check_id, o.statistic, r.time, o.value FROM observations o "
    "JOIN runs r ON r.id = o.run_id WHERE o.check_id IN (SELECT check_id "
    "FROM hotfix_applications WHERE entry = CAST($1 AS TEXT)) "
    "ORDER BY r.time, r.id";

static int ledger_record(void *ctx, const struct hotfix_application *a)
{
    struct history *h = ctx;
    char at[40], until[40];
    const char *p[8] = {
        a->entry,  a->target, a->check, a->branch,
        a->commit, a->file,   at,       a->until > 0 ? until : NULL};

    if (!h->ops)
        return rso_fail(RSO_EDATA, "%s", history_error(h));
    snprintf(at, sizeof(at), "%.17g", a->applied_at);
    snprintf(until, sizeof(until), "%.17g", a->until);
    return h->ops->exec(h, insert_sql, 8, p);
}

static double num(const char *s)
{
    return s ? strtod(s, NULL) : 0;
}

/* The effects, or none when the store cannot be read (it says why). */
static size_t ledger_effects(void *ctx, const char *entry,
                             struct hotfix_effect **out)
{
    struct history *h = ctx;
    struct store_table apps = {0}, obs = {0};
    struct hotfix_application *a = NULL;
    struct hotfix_obs *o = NULL;
    size_t n = 0;

    *out = NULL;
    if (!h->ops || h->ops->select(h, apps_sql, 1, &entry, &apps) < 0 ||
        h->ops->select(h, obs_sql, 1, &entry, &obs) < 0)
        goto done;
    a = xcalloc(apps.rows + 1, sizeof(*a));
    for (size_t i = 0; i < apps.rows; i++) {
        a[i].entry = apps.cells[i * apps.cols];
        a[i].check = apps.cells[i * apps.cols + 1];
        a[i].applied_at = num(apps.cells[i * apps.cols + 2]);
    }
    o = xcalloc(obs.rows + 1, sizeof(*o));
    for (size_t i = 0; i < obs.rows; i++) {
        o[i].check = obs.cells[i * obs.cols];
        o[i].statistic = obs.cells[i * obs.cols + 1];
        o[i].time = num(obs.cells[i * obs.cols + 2]);
        o[i].value = num(obs.cells[i * obs.cols + 3]);
    }
    n = hotfix_effects_from(a, apps.rows, o, obs.rows, out);
done:
    free(a);
    free(o);
    store_table_release(&apps);
    store_table_release(&obs);
    return n;
}

const struct hotfix_ledger *history_ledger(struct history *h)
{
    if (!h || !h->ops)
        return NULL;
    h->ledger.ctx = h;
    h->ledger.record = ledger_record;
    h->ledger.effects = ledger_effects;
    return &h->ledger;
}
