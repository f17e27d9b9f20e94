#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline/compare.h"
#include "gate/gate.h"
#include "history/history.h"
#include "hotfix/suggest.h"
#include "launch/gate.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"

static double now_monotonic(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void prepare_git(struct rso_run *run, const struct rso_config *cfg,
                        struct rso_results *res)
{
    char sha[GIT_OID_HEXSZ + 1];
    const char *ref = cfg->baseline;
    int rc;

    if (rso_git_open(&run->git, cfg->dir) < 0) {
        run->git = NULL;
        run->baseline_status = RSO_GIT_NOTFOUND;
        rso_err_clear();
        return;
    }
    if (rso_git_head(run->git, sha, &res->meta.branch) == 0)
        res->meta.commit = xstrdup(sha);
    /* Without a configured ref, origin/main, then main. */
    if (!ref)
        ref = rso_git_resolve(run->git, "origin/main", sha) == 0 ? "origin/main"
                                                                 : "main";
    res->meta.baseline_ref = xstrdup(ref);
    rc = rso_git_merge_base(run->git, ref, sha);
    run->baseline_status = rc;
    if (rc == 0) {
        run->baseline_commit = xstrdup(sha);
        res->meta.baseline_commit = xstrdup(sha);
    }
}

void gate_prepare(struct rso_run *run, const struct rso_config *cfg,
                  const struct rso_opts *opts, struct rso_results *res)
{
    char host[256];

    memset(run, 0, sizeof(*run));
    run->cfg = cfg;
    run->now = opts->now_value;
    run->results = res;
    run->require_baseline = opts->require_baseline;
    scan_plan_init(&run->scan);
    res->meta.config_path = xstrdup(cfg->path);
    res->meta.version = xstrdup(RSO_VERSION);
    res->meta.started = opts->now_value;
    if (gethostname(host, sizeof(host)) == 0) {
        host[sizeof(host) - 1] = '\0';
        res->meta.hostname = xstrdup(host);
    }
    prepare_git(run, cfg, res);
    history_attach(run, opts->record);
}

void gate_plan(struct rso_run *run)
{
    const struct rso_config *cfg = run->cfg;

    for (size_t i = 0; i < cfg->n_checks; i++) {
        struct rso_check *c = &cfg->checks[i];

        if (!c->selected || !c->source || !c->kind->plan)
            continue;
        c->kind->plan(c, scan_source(&run->scan, c->source));
    }
}

void gate_scan(struct rso_run *run)
{
    int failed = scan_run(&run->scan);

    if (failed)
        msg_note("%d source%s could not be read", failed,
                 failed == 1 ? "" : "s");
}

/* Scan time of c's source, shared among the checks that read it. */
static double scan_share(struct rso_run *run, const struct rso_check *c)
{
    const struct rso_config *cfg = run->cfg;
    size_t n = 0;

    if (!c->source || !c->kind->plan)
        return 0;
    for (size_t i = 0; i < run->scan.len; i++) {
        const struct scan_source *s = run->scan.sources[i];

        if (s->src != c->source)
            continue;
        for (size_t j = 0; j < cfg->n_checks; j++)
            n += cfg->checks[j].selected &&
                 cfg->checks[j].source == c->source &&
                 cfg->checks[j].kind->plan != NULL;
        return n ? s->seconds / (double)n : 0;
    }
    return 0;
}

static void eval_one(struct rso_run *run, struct rso_check *c)
{
    size_t first = run->results->len;
    double t0 = now_monotonic(), share;
    struct rso_finding *f;

    if (!c->selected) {
        f = results_add(run->results, c, NULL, NULL);
        finding_set(f, RSO_SKIP, "filtered out by --only or --skip");
        return;
    }
    c->kind->eval(c, run);
    share = scan_share(run, c);
    for (size_t i = first; i < run->results->len; i++)
        run->results->items[i].seconds = (now_monotonic() - t0 + share) /
                                         (double)(run->results->len - first);
}

/*
 * For every value a passing check bounded (finding_limit) and the history
 * holds earlier runs of, warn when its trend will cross the bound within
 * COMPARE_HORIZON runs.  metric and rows bound nothing here: they
 * forecast in compare_eval, with the horizon their spec may set.
 */
static void gate_forecast(struct rso_run *run)
{
    size_t n = run->results->len;

    if (!run->history)
        return;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < run->results->items[i].n_limits; j++) {
            /* Forecasts add findings: re-read the item each time. */
            const struct rso_finding *f = &run->results->items[i];
            const struct rso_limit *l = &f->limits[j];
            struct compare_spec s = {0};
            double v = finding_get_value(f, l->statistic);
            char *name, *stat;

            if (!f->check || f->status != RSO_PASS || isnan(v))
                continue;
            s.min = l->min;
            s.max = l->max;
            s.has_min = l->has_min;
            s.has_max = l->has_max;
            s.horizon = COMPARE_HORIZON;
            name = xstrdup(f->name);
            stat = xstrdup(l->statistic);
            compare_forecast(f->check, run, name, stat, v, &s);
            free(name);
            free(stat);
        }
}

void gate_evaluate(struct rso_run *run)
{
    const struct rso_config *cfg = run->cfg;

    for (int late = 0; late < 2; late++)
        for (size_t i = 0; i < cfg->n_checks; i++)
            if (cfg->checks[i].kind->late == late)
                eval_one(run, &cfg->checks[i]);
    gate_forecast(run);
    launch_gate(run);
}

void gate_suggest(struct rso_run *run)
{
    hotfix_suggest_run(run);
}

void gate_release(struct rso_run *run)
{
    scan_plan_free(&run->scan);
    rso_git_free(run->git);
    history_close(run->history);
    free(run->baseline_commit);
    memset(run, 0, sizeof(*run));
}

int gate_exit_code(const struct rso_results *r, int fail_on_warn)
{
    struct rso_tally t;

    results_tally(r, &t);
    if (t.blocked || (fail_on_warn && t.warned))
        return RSO_EXIT_BLOCK;
    if (t.errors)
        return RSO_EXIT_DATA;
    return RSO_EXIT_PASS;
}
