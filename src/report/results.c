#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "report/results.h"
#include "util/mem.h"

void results_init(struct rso_results *r)
{
    memset(r, 0, sizeof(*r));
}

static void props_free(struct rso_prop *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].value);
    }
    free(p);
}

void results_release(struct rso_results *r)
{
    struct rso_run_meta *m = &r->meta;

    for (size_t i = 0; i < r->len; i++) {
        struct rso_finding *f = &r->items[i];

        free(f->area);
        free(f->source);
        free(f->name);
        free(f->message);
        rso_buf_release(&f->details);
        props_free(f->props, f->n_props);
        props_free(f->values, f->n_values);
        for (size_t j = 0; j < f->n_limits; j++)
            free(f->limits[j].statistic);
        free(f->limits);
        for (size_t j = 0; j < f->n_hotfixes; j++)
            free(f->hotfixes[j]);
        free(f->hotfixes);
    }
    free(r->items);
    free(m->config_path);
    free(m->commit);
    free(m->branch);
    free(m->baseline_ref);
    free(m->baseline_commit);
    free(m->version);
    free(m->hostname);
    memset(r, 0, sizeof(*r));
}

struct rso_finding *results_add(struct rso_results *r,
                                const struct rso_check *check, const char *area,
                                const char *name)
{
    struct rso_finding *f;

    RSO_GROW(r->items, r->cap, r->len + 1);
    f = &r->items[r->len++];
    memset(f, 0, sizeof(*f));
    f->check = check;
    f->status = RSO_PASS;
    if (check) {
        f->severity = check->severity;
        f->file = check->node->file;
        f->line = check->node->line;
    }
    f->area = xstrdup(area ? area : check ? check->kind->area : "other");
    f->name = xstrdup(name ? name : check ? check->id : "unnamed");
    f->source = xstrdup(check && check->source ? check->source->name
                        : check                ? check->kind->name
                                               : "recsysops");
    return f;
}

void finding_set(struct rso_finding *f, enum rso_status st, const char *fmt,
                 ...)
{
    struct rso_buf b = RSO_BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    rso_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(f->message);
    f->message = rso_buf_detach(&b);
    f->status = st;
}

void finding_detail(struct rso_finding *f, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    rso_buf_vprintf(&f->details, fmt, ap);
    va_end(ap);
    rso_buf_putc(&f->details, '\n');
}

static void prop_add(struct rso_prop **p, size_t *n, size_t *cap,
                     const char *name, char *value)
{
    RSO_GROW(*p, *cap, *n + 1);
    (*p)[*n].name = xstrdup(name);
    (*p)[*n].value = value;
    (*n)++;
}

void finding_prop(struct rso_finding *f, const char *name, const char *fmt, ...)
{
    struct rso_buf b = RSO_BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    rso_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    prop_add(&f->props, &f->n_props, &f->cap_props, name, rso_buf_detach(&b));
}

void finding_value(struct rso_finding *f, const char *statistic, double v)
{
    char tmp[64];

    snprintf(tmp, sizeof(tmp), "%.17g", v);
    prop_add(&f->values, &f->n_values, &f->cap_values, statistic, xstrdup(tmp));
}

void finding_limit(struct rso_finding *f, const char *statistic,
                   const double *min, const double *max)
{
    struct rso_limit *l;

    if (!min && !max)
        return;
    RSO_GROW(f->limits, f->cap_limits, f->n_limits + 1);
    l = &f->limits[f->n_limits++];
    l->statistic = xstrdup(statistic);
    l->has_min = min != NULL;
    l->has_max = max != NULL;
    l->min = min ? *min : 0;
    l->max = max ? *max : 0;
}

double finding_get_value(const struct rso_finding *f, const char *statistic)
{
    for (size_t i = 0; i < f->n_values; i++)
        if (!strcmp(f->values[i].name, statistic))
            return strtod(f->values[i].value, NULL);
    return NAN;
}

void finding_hotfix(struct rso_finding *f, const char *entry)
{
    for (size_t i = 0; i < f->n_hotfixes; i++)
        if (!strcmp(f->hotfixes[i], entry))
            return;
    RSO_GROW(f->hotfixes, f->cap_hotfixes, f->n_hotfixes + 1);
    f->hotfixes[f->n_hotfixes++] = xstrdup(entry);
}

const struct rso_finding *results_find(const struct rso_results *r,
                                       const char *name)
{
    for (size_t i = 0; i < r->len; i++)
        if (!strcmp(r->items[i].name, name))
            return &r->items[i];
    return NULL;
}

void results_tally(const struct rso_results *r, struct rso_tally *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < r->len; i++) {
        const struct rso_finding *f = &r->items[i];

        out->total++;
        switch (f->status) {
        case RSO_PASS:
            out->passed++;
            break;
        case RSO_FAIL:
            if (f->severity == RSO_WARN)
                out->warned++;
            else
                out->blocked++;
            break;
        case RSO_ERROR:
            out->errors++;
            break;
        case RSO_SKIP:
            out->skipped++;
            break;
        }
    }
}

const char *status_name(enum rso_status s)
{
    static const char *const names[] = {"pass", "fail", "error", "skip"};

    return names[s];
}

void finding_fix_command(const struct rso_finding *f, size_t i,
                         struct rso_buf *out)
{
    rso_buf_printf(out, "recsysops hotfix apply %s", f->hotfixes[i]);
    if (!strcmp(f->area, "launches"))
        rso_buf_printf(out, " --item %s", f->name);
}
