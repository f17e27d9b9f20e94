#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hotfix/suggest.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"

void hotfix_finding_of(struct hotfix_finding *out, const struct rso_finding *f)
{
    memset(out, 0, sizeof(*out));
    out->name = f->name;
    out->area = f->area;
    out->source = f->source;
    out->severity = f->severity;
    out->off = NAN;
    if (f->check) {
        out->check = f->check->id;
        out->kind = f->check->kind->name;
        out->tags = f->check->tags;
        out->explicit_ids = f->check->hotfix;
    }
    for (size_t i = 0; i < f->n_values; i++)
        if (!strcmp(f->values[i].name, "off"))
            out->off = strtod(f->values[i].value, NULL);
}

static void warn_unknown(const struct rso_finding *f)
{
    const struct ynode *n = ynode_get(f->check->node, "hotfix");

    msg_warn("%s:%d:%d: check '%s' names a hotfix that is not in the "
             "menu; see 'recsysops hotfix list'",
             n->file, n->line, n->col, f->check->id);
}

/* The id for the reports, and a detail line with the trade-offs. */
static void suggest_one(struct rso_finding *f, const struct hotfix_entry *e)
{
    struct rso_buf line = RSO_BUF_INIT;

    finding_hotfix(f, e->id);
    hotfix_tradeoffs_line(e, &line);
    finding_detail(f, "hotfix %s: %s (%s)", e->id, e->title,
                   rso_buf_str(&line));
    rso_buf_release(&line);
}

void hotfix_suggest_results(const struct hotfix_menu *m, struct rso_results *r,
                            double now)
{
    for (size_t i = 0; i < r->len; i++) {
        struct rso_finding *f = &r->items[i];
        struct hotfix_finding hf;
        struct hotfix_match *v;
        size_t n, unknown = 0;

        if (f->status != RSO_FAIL)
            continue;
        hotfix_finding_of(&hf, f);
        n = hotfix_match(m, &hf, now, &v, &unknown);
        for (size_t j = 0; j < n; j++)
            suggest_one(f, v[j].entry);
        if (unknown)
            warn_unknown(f);
        free(v);
    }
}

void hotfix_suggest_run(struct rso_run *run)
{
    const struct rso_config *cfg = run->cfg;
    struct hotfix_menu *m = NULL;
    char *team = cfg->hotfixes ? config_path(cfg, cfg->hotfixes) : NULL;
    struct rso_finding *f;

    if (hotfix_menu_load(&m, team) == 0) {
        hotfix_suggest_results(m, run->results, run->now);
    } else {
        f = results_add(run->results, NULL, "config", "hotfix-menu");
        finding_set(f, RSO_ERROR, "the hotfix menu could not be loaded: %s",
                    rso_errmsg());
        rso_err_clear();
    }
    hotfix_menu_free(m);
    free(team);
}
