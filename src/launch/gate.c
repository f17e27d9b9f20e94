/*
 * gate.c (launch): one finding per upcoming item.
 */
#include <stdlib.h>

#include "launch/forecast.h"
#include "launch/gate.h"
#include "launch/report.h"
#include "util/err.h"
#include "util/mem.h"

static struct rso_finding *add(struct rso_run *run, const struct ynode *at,
                               const char *name)
{
    struct rso_finding *f = results_add(run->results, NULL, "launches", name);

    free(f->source);
    f->source = xstrdup("upcoming");
    if (at) {
        f->file = at->file;
        f->line = at->line;
    }
    return f;
}

static void add_item(struct rso_run *run, const struct launch_forecast *fc,
                     const struct launch_pred *p)
{
    struct rso_finding *f = add(run, fc->spec->node, p->key);
    struct rso_buf rule = RSO_BUF_INIT, why = RSO_BUF_INIT;
    char a[32], b[32];

    launch_rule(&rule, fc, p->threshold);
    if (p->n_reasons)
        launch_reason(&why, fc, p, &p->reasons[0]);
    snprintf(a, sizeof(a), "%.0f", p->pred);
    snprintf(b, sizeof(b), "%.0f%%", p->risk * 100);
    f->severity = p->blocking ? RSO_BLOCK : RSO_WARN;
    if (p->at_risk)
        finding_set(f, RSO_FAIL,
                    "predicted %s %s, %s risk of %s; top "
                    "reason: %s",
                    fc->spec->target, a, b, rso_buf_str(&rule),
                    p->n_reasons ? rso_buf_str(&why) : "none");
    else
        finding_set(f, RSO_PASS, "predicted %s %s, %s risk of %s",
                    fc->spec->target, a, b, rso_buf_str(&rule));
    rso_buf_clear(&why);
    launch_describe(&why, fc, p);
    if (why.len && why.ptr[why.len - 1] == '\n')
        why.ptr[--why.len] = '\0';
    finding_detail(f, "%s", rso_buf_str(&why));
    finding_value(f, "prediction", p->pred);
    finding_value(f, "risk", p->risk);
    finding_value(f, "threshold", p->threshold);
    finding_prop(f, "interval", "%.0f..%.0f", p->lo, p->hi);
    for (size_t i = 0; p->at_risk && fc->spec->hotfix && fc->spec->hotfix[i];
         i++)
        finding_hotfix(f, fc->spec->hotfix[i]);
    rso_buf_release(&rule);
    rso_buf_release(&why);
}

void launch_gate(struct rso_run *run)
{
    struct launch_spec spec;
    struct launch_forecast *fc = NULL;
    int rc;

    if (!run->cfg->launches)
        return;
    if ((rc = launch_spec_parse(&spec, run->cfg)) == 0)
        rc = forecast_run(&fc, &spec, run->now, 0);
    if (rc < 0) {
        struct rso_finding *f = add(run, run->cfg->launches, "launches");

        finding_set(f, RSO_ERROR, "the launch forecast could not run: %s",
                    rso_errmsg());
        rso_err_clear();
    }
    for (size_t i = 0; fc && i < fc->n_preds; i++)
        add_item(run, fc, &fc->preds[i]);
    forecast_free(fc);
    launch_spec_free(&spec);
}
