/*
 * metric: a number in a JSON metrics file, found by dotted path, within
 * min and max.
 */
#include <math.h>
#include <stdlib.h>

#include "baseline/baseline.h"
#include "baseline/compare.h"
#include "check/kinds.h"
#include "check/metrics.h"
#include "util/err.h"
#include "util/mem.h"

struct metric_spec {
    const char *path;
    double min, max;
    int has_min, has_max;
    struct compare_spec cmp;
};

static int metric_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"path", "min", "max", NULL};
    struct metric_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    c->spec = s;
    if ((rc = compare_parse(c, spec, keys, COMPARE_BASELINE, &s->cmp)) ||
        (rc = spec_require(c, spec, "path")) ||
        (rc = spec_string(c, spec, "path", &s->path)) ||
        (rc = spec_number(c, spec, "min", &s->min, &s->has_min)) ||
        (rc = spec_number(c, spec, "max", &s->max, &s->has_max)))
        return rc;
    if (!s->has_min && !s->has_max && s->cmp.vs == COMPARE_NONE)
        return ynode_fail(spec,
                          "'metric' of check '%s' needs 'min', 'max' or a "
                          "comparison ('max_drop' or 'vs: history')",
                          c->id);
    s->cmp.min = s->min, s->cmp.has_min = s->has_min;
    s->cmp.max = s->max, s->cmp.has_max = s->has_max;
    if (c->source->format != RSO_FMT_JSON)
        return ynode_fail(spec,
                          "'metric' of check '%s' reads a JSON document, "
                          "but source '%s' is not one (name it .json or set "
                          "format: json)",
                          c->id, c->source->name);
    return 0;
}

/* The metric in the metrics file as committed at the baseline. */
static int metric_at_base(struct rso_check *c, struct rso_run *run, double *out)
{
    const struct metric_spec *s = c->spec;
    struct rso_buf text = RSO_BUF_INIT, name = RSO_BUF_INIT;
    int rc = baseline_read_file(run, c->source->resolved, &text);

    if (rc == 0) {
        rso_buf_printf(&name, "%s at %s", c->source->path, baseline_name(run));
        if (metrics_lookup(rso_buf_str(&name), rso_buf_str(&text), text.len,
                           s->path, out) < 0)
            rc = rso_fail(RSO_GIT_NOTFOUND, "no baseline: %s", rso_errmsg());
    }
    rso_buf_release(&text);
    rso_buf_release(&name);
    return rc;
}

static void metric_eval(struct rso_check *c, struct rso_run *run)
{
    const struct metric_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    double v;
    char a[32], b[32];

    if (metrics_lookup_file(c->source->resolved, s->path, &v) < 0) {
        finding_set(f, RSO_ERROR, "%s", rso_errmsg());
        return;
    }
    finding_value(f, s->path, v);
    finding_prop(f, "observed", "%.6g", v);
    /* off: how far past its bound, |v - bound| / |bound|; none for 0. */
    if (s->has_min && v < s->min && s->min != 0)
        finding_value(f, "off", (s->min - v) / fabs(s->min));
    if (s->has_max && v > s->max && s->max != 0)
        finding_value(f, "off", (v - s->max) / fabs(s->max));
    if (s->has_min && v < s->min)
        finding_set(f, RSO_FAIL, "%s = %s, below the minimum %s", s->path,
                    fmt_num(a, v), fmt_num(b, s->min));
    else if (s->has_max && v > s->max)
        finding_set(f, RSO_FAIL, "%s = %s, above the maximum %s", s->path,
                    fmt_num(a, v), fmt_num(b, s->max));
    else
        finding_set(f, RSO_PASS, "%s = %s", s->path, fmt_num(a, v));
    compare_eval(c, run, f, s->path, v, &s->cmp, metric_at_base);
}

const struct rso_kind kind_metric = {
    .name = "metric",
    .area = "metrics",
    .needs_source = 1,
    .parse = metric_parse,
    .free_spec = free,
    .plan = NULL,
    .eval = metric_eval,
};
