#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "report/atomic.h"
#include "report/json.h"
#include "util/jtext.h"

static json_t *props(const struct rso_prop *p, size_t n, int numeric)
{
    json_t *o = json_object();

    for (size_t i = 0; i < n; i++) {
        double v = strtod(p[i].value, NULL);

        /* JSON has no NaN or infinity: those become null. */
        json_object_set_new(o, p[i].name,
                            !numeric      ? jtext(p[i].value)
                            : isfinite(v) ? json_real(v)
                                          : json_null());
    }
    return o;
}

static json_t *finding(const struct rso_finding *f)
{
    json_t *o = json_object(), *fixes = json_array(), *tags = json_array();

    json_object_set_new(o, "name", jtext(f->name));
    json_object_set_new(o, "area", jtext(f->area));
    json_object_set_new(o, "source", jtext(f->source));
    json_object_set_new(o, "check",
                        f->check ? jtext(f->check->id) : json_null());
    json_object_set_new(o, "kind",
                        f->check ? jtext(f->check->kind->name) : json_null());
    json_object_set_new(o, "status", jtext(status_name(f->status)));
    json_object_set_new(o, "severity", jtext(severity_name(f->severity)));
    json_object_set_new(o, "message", jtext(f->message));
    json_object_set_new(o, "details", jtext(rso_buf_str(&f->details)));
    json_object_set_new(o, "file", jtext(f->file));
    json_object_set_new(o, "line", json_integer(f->line));
    json_object_set_new(o, "values", props(f->values, f->n_values, 1));
    json_object_set_new(o, "properties", props(f->props, f->n_props, 0));
    for (size_t i = 0; i < f->n_hotfixes; i++)
        json_array_append_new(fixes, jtext(f->hotfixes[i]));
    json_object_set_new(o, "hotfixes", fixes);
    json_object_set_new(o, "tags", tags);
    for (size_t i = 0; f->check && f->check->tags && f->check->tags[i]; i++)
        json_array_append_new(tags, jtext(f->check->tags[i]));
    return o;
}

void json_render(const struct rso_results *r, struct rso_buf *out)
{
    const struct rso_run_meta *m = &r->meta;
    json_t *root = json_object(), *run = json_object(), *list = json_array();
    struct rso_tally t;
    char *text;

    results_tally(r, &t);
    json_object_set_new(run, "version", jtext(m->version));
    json_object_set_new(run, "config", jtext(m->config_path));
    json_object_set_new(run, "commit", jtext(m->commit));
    json_object_set_new(run, "branch", jtext(m->branch));
    json_object_set_new(run, "baseline_ref", jtext(m->baseline_ref));
    json_object_set_new(run, "baseline_commit", jtext(m->baseline_commit));
    json_object_set_new(run, "started", json_real(m->started));
    json_object_set_new(run, "seconds", json_real(m->seconds));
    json_object_set_new(root, "run", run);
    json_object_set_new(root, "passed", json_integer((json_int_t)t.passed));
    json_object_set_new(root, "blocked", json_integer((json_int_t)t.blocked));
    json_object_set_new(root, "warned", json_integer((json_int_t)t.warned));
    json_object_set_new(root, "errors", json_integer((json_int_t)t.errors));
    json_object_set_new(root, "skipped", json_integer((json_int_t)t.skipped));
    for (size_t i = 0; i < r->len; i++)
        json_array_append_new(list, finding(&r->items[i]));
    json_object_set_new(root, "findings", list);
    text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text) {
        rso_buf_puts(out, text);
        rso_buf_putc(out, '\n');
        free(text);
    }
    json_decref(root);
}

int json_write(const struct rso_results *r, const char *path)
{
    struct rso_buf doc = RSO_BUF_INIT;
    int rc;

    json_render(r, &doc);
    rc = atomic_write(path, doc.ptr, doc.len);
    rso_buf_release(&doc);
    return rc;
}
