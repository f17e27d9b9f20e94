#include <glob.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "checklist/evidence.h"
#include "checklist/workflow.h"
#include "checklist/xunit.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/units.h"

static void say(struct verdict *v, int ok, double points, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void say(struct verdict *v, int ok, double points, const char *fmt, ...)
{
    struct rso_buf b = RSO_BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    rso_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(v->why);
    v->why = rso_buf_detach(&b);
    v->verified = ok;
    v->points = ok ? points : 0;
}

static char *join(const struct ev_context *ctx, const char *path)
{
    struct rso_buf b = RSO_BUF_INIT;

    if (path[0] == '/' || !ctx->dir || !strcmp(ctx->dir, "."))
        rso_buf_puts(&b, path);
    else
        rso_buf_printf(&b, "%s/%s", ctx->dir, path);
    return rso_buf_detach(&b);
}

/* A duration as users write it: "90d" for whole days, else "2d 3h". */
static void span(char out[32], double seconds)
{
    if (seconds >= 86400 && fmod(seconds, 86400) == 0)
        snprintf(out, 32, "%.0fd", seconds / 86400);
    else
        units_format_duration(out, seconds);
}

static void date_of(char out[32], double t)
{
    units_format_time(out, t, 0);
    out[10] = '\0';
}

/* One check: 0 when it ran and passed, else says why and returns -1. */
static int check_one(struct verdict *v, const char *id,
                     const struct ev_context *ctx)
{
    const struct rso_check *c = ctx->cfg ? config_check(ctx->cfg, id) : NULL;
    const struct rso_results *r = ctx->results;
    size_t seen = 0;

    if (!c) {
        say(v, 0, 0, "check: there is no check '%s' in the config", id);
        return -1;
    }
    if (!strcmp(c->kind->name, "checklist")) {
        say(v, 0, 0,
            "check: '%s' is a checklist; it is no evidence for "
            "a rubric test",
            id);
        return -1;
    }
    for (size_t i = 0; r && i < r->len; i++) {
        const struct rso_finding *f = &r->items[i];

        if (f->check != c)
            continue;
        seen++;
        if (f->status == RSO_PASS)
            continue;
        say(v, 0, 0, "check: '%s' %s in this run: %s", id,
            f->status == RSO_FAIL    ? "failed"
            : f->status == RSO_ERROR ? "could not run"
                                     : "did not run",
            f->message ? f->message : "");
        return -1;
    }
    if (!seen) {
        say(v, 0, 0, "check: '%s' did not run in this run", id);
        return -1;
    }
    return 0;
}

static void verify_check(struct verdict *v, const struct evidence *ev,
                         const struct ev_context *ctx)
{
    size_t n = 0;

    for (; ev->checks[n]; n++)
        if (check_one(v, ev->checks[n], ctx) < 0)
            return;
    if (n == 1)
        say(v, 1, 1, "check: '%s' ran and passed", ev->checks[0]);
    else
        say(v, 1, 1, "check: all %zu checks ran and passed", n);
}

struct tally {
    size_t matched, failed, skipped;
};

static void count_cases(struct verdict *v, const struct xunit *x,
                        const char *pattern, struct tally *t)
{
    for (size_t i = 0; i < x->len; i++) {
        const struct xunit_case *c = &x->cases[i];

        if (!xunit_case_matches(c, pattern))
            continue;
        if (c->status == XU_SKIP) {
            t->skipped++;
            continue;
        }
        t->matched++;
        if (c->status == XU_PASS)
            continue;
        if (t->failed++ < 10)
            rso_buf_printf(&v->details, "%s %s%s%s%s\n",
                           c->status == XU_FAIL ? "failed:" : "error: ",
                           c->name, c->message && *c->message ? " (" : "",
                           c->message ? c->message : "",
                           c->message && *c->message ? ")" : "");
    }
}

static void verify_junit(struct verdict *v, const struct evidence *ev,
                         const struct ev_context *ctx)
{
    char *pattern = join(ctx, ev->path);
    struct xunit x = XUNIT_INIT;
    struct tally t = {0, 0, 0};
    glob_t g;
    int rc = glob(pattern, 0, NULL, &g);

    if (rc != 0) {
        say(v, 0, 0, "junit: no report matches '%s'", ev->path);
        goto done;
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        if (xunit_read(&x, g.gl_pathv[i]) < 0) {
            say(v, 0, 0, "junit: %s", rso_errmsg());
            rso_err_clear();
            goto done;
        }
    }
    count_cases(v, &x, ev->cases, &t);
    if (t.failed)
        say(v, 0, 0, "junit: %s: %zu of %zu cases matching '%s' failed",
            ev->path, t.failed, t.matched, ev->cases);
    else if ((long long)t.matched < ev->min_cases)
        say(v, 0, 0,
            "junit: %s: %zu cases matching '%s' ran (%zu "
            "skipped), fewer than min_cases %lld",
            ev->path, t.matched, ev->cases, t.skipped, ev->min_cases);
    else
        say(v, 1, 1, "junit: %s: %zu cases matching '%s' passed", ev->path,
            t.matched, ev->cases);
done:
    if (rc == 0)
        globfree(&g);
    xunit_release(&x);
    free(pattern);
}

static void verify_file(struct verdict *v, const struct evidence *ev,
                        const struct ev_context *ctx)
{
    struct rso_buf rel = RSO_BUF_INIT;
    struct rso_git_change ch;
    char *full = join(ctx, ev->path), when[32], age[32], limit[32];
    int rc;

    if (!ctx->git) {
        say(v, 0, 0,
            "file: '%s' cannot be dated: the config is in no git "
            "repository",
            ev->path);
        goto done;
    }
    if (rso_git_relpath(ctx->git, full, &rel) < 0) {
        say(v, 0, 0, "file: %s", rso_errmsg());
        rso_err_clear();
        goto done;
    }
    rc = rso_git_last_change(ctx->git, rso_buf_str(&rel), &ch);
    if (rc != 0) {
        say(v, 0, 0, "file: '%s' is not committed at HEAD", ev->path);
        rso_err_clear();
        goto done;
    }
    date_of(when, ch.time);
    units_format_duration(age, ctx->now - ch.time);
    span(limit, ev->max_age);
    if (ctx->now - ch.time > ev->max_age)
        say(v, 0, 0,
            "file: '%s' last changed %s ago (%s, %.7s by %s), "
            "more than max_age %s",
            ev->path, age, when, ch.sha, ch.author, limit);
    else
        say(v, 1, 1, "file: '%s' changed %s ago (%s, %.7s by %s)", ev->path,
            age, when, ch.sha, ch.author);
done:
    rso_buf_release(&rel);
    free(full);
}

static void verify_workflow(struct verdict *v, const struct evidence *ev,
                            const struct ev_context *ctx)
{
    char *full = join(ctx, ev->path);
    struct rso_buf cron = RSO_BUF_INIT;

    if (workflow_schedule(full, &cron) < 0) {
        say(v, 0, 0, "workflow: %s", rso_errmsg());
        rso_err_clear();
    } else {
        say(v, 1, 1, "workflow: '%s' runs on a schedule (cron '%s')", ev->path,
            rso_buf_str(&cron));
    }
    rso_buf_release(&cron);
    free(full);
}

static void verify_manual(struct verdict *v, const struct evidence *ev,
                          const struct ev_context *ctx)
{
    char on[32], until[32], every[32];
    double expires = ev->on + ev->every;

    date_of(on, ev->on);
    date_of(until, expires);
    span(every, ev->every);
    if (ev->on > ctx->now)
        say(v, 0, 0,
            "manual: the attestation by %s is dated %s, in the "
            "future",
            ev->by, on);
    else if (ctx->now > expires)
        say(v, 0, 0,
            "manual: the attestation by %s of %s expired on %s "
            "(every %s); %s must redo it and update the checklist",
            ev->by, on, until, every, ev->by);
    else
        say(v, 1, 0.5, "manual: attested by %s on %s, holds until %s (%s)",
            ev->by, on, until, ev->link);
}

void evidence_describe(struct rso_buf *out, const struct evidence *ev)
{
    char d[32];

    switch (ev->kind) {
    case EV_CHECK:
        rso_buf_puts(out, "check:");
        for (size_t i = 0; ev->checks[i]; i++)
            rso_buf_printf(out, "%s%s", i ? ", " : " ", ev->checks[i]);
        break;
    case EV_JUNIT:
        rso_buf_printf(out, "junit: %s cases %s", ev->path, ev->cases);
        break;
    case EV_FILE:
        span(d, ev->max_age);
        rso_buf_printf(out, "file: %s within %s", ev->path, d);
        break;
    case EV_WORKFLOW:
        rso_buf_printf(out, "workflow: %s", ev->path);
        break;
    case EV_MANUAL:
        span(d, ev->every);
        rso_buf_printf(out, "manual: %s every %s", ev->by, d);
        break;
    }
}

void evidence_verify(struct verdict *out, const struct evidence *ev,
                     const struct ev_context *ctx)
{
    struct rso_buf claim = RSO_BUF_INIT;

    memset(out, 0, sizeof(*out));
    evidence_describe(&claim, ev);
    out->claim = rso_buf_detach(&claim);
    switch (ev->kind) {
    case EV_CHECK:
        verify_check(out, ev, ctx);
        break;
    case EV_JUNIT:
        verify_junit(out, ev, ctx);
        break;
    case EV_FILE:
        verify_file(out, ev, ctx);
        break;
    case EV_WORKFLOW:
        verify_workflow(out, ev, ctx);
        break;
    case EV_MANUAL:
        verify_manual(out, ev, ctx);
        break;
    }
}

void verdict_release(struct verdict *v)
{
    if (!v)
        return;
    free(v->claim);
    free(v->why);
    rso_buf_release(&v->details);
    memset(v, 0, sizeof(*v));
}
