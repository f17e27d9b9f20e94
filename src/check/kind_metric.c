/*
 * metric: a number in a JSON metrics file, found by dotted path, within
 * min and max.
 */
#include <math.h>
#include <stdlib.h>

#include "check/kinds.h"
#include "check/metrics.h"
#include "util/err.h"
#include "util/mem.h"

struct metric_spec {
    const char *path;
    double min, max;
    int has_min, has_max;
};

static int metric_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"path", "min", "max", NULL};
    struct metric_spec *s = xcalloc(1, sizeof(*s));
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "path")) ||
        (rc = spec_string(c, spec, "path", &s->path)) ||
        (rc = spec_number(c, spec, "min", &s->min, &s->has_min)) ||
        (rc = spec_number(c, spec, "max", &s->max, &s->has_max)))
        return rc;
    if (!s->has_min && !s->has_max)
        return ynode_fail(spec,
                          "'metric' of check '%s' needs 'min' or 'max'",
                          c->id);
    if (c->source->format != RSO_FMT_JSON)
        return ynode_fail(spec,
                          "'metric' of check '%s' reads a JSON document, "
                          "but source '%s' is not one (name it .json or set "
                          "format: json)",
                          c->id, c->source->name);
    return 0;
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
