/*
 * schema: the source's columns against the expected ones.  Each expected
 * column has a type (int, float, string, bool, timestamp; every present
 * value must parse as it) and is required unless 'required: false'.
 * Columns not listed fail unless 'extra: true'; with 'ordered: true' the
 * expected columns must come in the listed order.
 *
 *   schema:
 *     columns: { user: string, ts: timestamp,
 *                country: { type: string, required: false } }
 *     extra: false
 *     ordered: true
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "util/buf.h"
#include "util/mem.h"

struct expect {
    const char *name;
    enum rso_type type;
    int required;
    struct scan_col *col;
};

struct schema_spec {
    struct expect *cols;
    size_t n;
    int extra, ordered;
    struct scan_source *ss;
};

static void schema_free(void *p)
{
    struct schema_spec *s = p;

    free(s->cols);
    free(s);
}

static int expect_parse(struct rso_check *c, struct expect *e,
                        const struct ynode *key, const struct ynode *v)
{
    const struct ynode *n;
    const char *t = NULL;
    int rc, type;

    e->name = key->str;
    e->required = 1;
    e->type = RSO_TYPE_AUTO;
    if (!v || ynode_is_null(v))
        return 0;
    if (v->type == YNODE_SCALAR) {
        t = v->str;
        n = v;
    } else {
        static const char *const keys[] = {"type", "required", NULL};

        if ((rc = ynode_check_keys(v, keys, "in a schema column")))
            return rc;
        if ((n = ynode_get(v, "required")) &&
            (rc = ynode_bool(n, "'required'", &e->required)))
            return rc;
        if ((n = ynode_get(v, "type")) && (rc = ynode_string(n, "'type'", &t)))
            return rc;
    }
    if (t && (type = rso_type_parse(t)) < 0)
        return ynode_fail(n,
                          "unknown type '%s' for column '%s' in check "
                          "'%s' (int, float, string, bool or timestamp)",
                          t, e->name, c->id);
    if (t)
        e->type = (enum rso_type)type;
    return 0;
}

static int schema_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"columns", "extra", "ordered", NULL};
    struct schema_spec *s = xcalloc(1, sizeof(*s));
    const struct ynode *n;
    int rc;

    c->spec = s;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "columns")))
        return rc;
    n = ynode_get(spec, "columns");
    if (n->type == YNODE_SCALAR || n->len == 0)
        return ynode_fail(n,
                          "'columns' of check '%s' must list or map the "
                          "expected columns",
                          c->id);
    s->cols = xcalloc(n->len, sizeof(*s->cols));
    for (size_t i = 0; i < n->len; i++) {
        if (n->type == YNODE_MAP)
            rc = expect_parse(c, &s->cols[i], n->pairs[i].key,
                              n->pairs[i].value);
        else if (n->items[i]->type == YNODE_SCALAR)
            rc = expect_parse(c, &s->cols[i], n->items[i], NULL);
        else
            rc = ynode_fail(n->items[i], "a schema column is a name (or "
                                         "map names to types)");
        s->n = i + 1;
        if (rc)
            return rc;
    }
    if ((n = ynode_get(spec, "extra")) &&
        (rc = ynode_bool(n, "'extra'", &s->extra)))
        return rc;
    if ((n = ynode_get(spec, "ordered")) &&
        (rc = ynode_bool(n, "'ordered'", &s->ordered)))
        return rc;
    return 0;
}

static void schema_plan(struct rso_check *c, struct scan_source *ss)
{
    struct schema_spec *s = c->spec;

    s->ss = ss;
    for (size_t i = 0; i < s->n; i++) {
        s->cols[i].col = scan_column(ss, s->cols[i].name);
        if (s->cols[i].type != RSO_TYPE_AUTO &&
            s->cols[i].type != RSO_TYPE_STRING)
            scan_want(s->cols[i].col, SCAN_INFER);
    }
}

static const struct expect *expected(const struct schema_spec *s,
                                     const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->cols[i].name, name))
            return &s->cols[i];
    return NULL;
}

static void schema_eval(struct rso_check *c, struct rso_run *run)
{
    struct schema_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    struct scan_source *ss = s->ss;
    size_t problems = 0, last = 0;
    struct rso_buf first = RSO_BUF_INIT;

    if (check_source_failed(c, run, f))
        return;
    for (size_t i = 0; i < s->n; i++) {
        const struct expect *e = &s->cols[i];
        const struct scan_infer *in = &e->col->infer;

        if (e->col->index < 0) {
            if (!e->required)
                continue;
            finding_detail(f, "column '%s' is missing", e->name);
            if (!problems++)
                rso_buf_printf(&first, "column '%s' is missing", e->name);
            continue;
        }
        if (s->ordered && (size_t)e->col->index < last) {
            finding_detail(f,
                           "column '%s' is at position %d, before an "
                           "earlier expected column",
                           e->name, e->col->index + 1);
            if (!problems++)
                rso_buf_printf(&first, "column '%s' is out of order", e->name);
        }
        if ((size_t)e->col->index > last)
            last = (size_t)e->col->index;
        if (!scan_infer_fits(in, e->type)) {
            finding_detail(
                f, "%s:%lld: %s = '%s' is not %s %s", c->source->path,
                in->bad_line[e->type], e->name, in->bad_value[e->type],
                e->type == RSO_TYPE_INT ? "an" : "a", rso_type_name(e->type));
            if (!problems++)
                rso_buf_printf(&first, "column '%s' is not of type %s", e->name,
                               rso_type_name(e->type));
        }
    }
    for (size_t j = 0; !s->extra && j < ss->n_header; j++) {
        if (expected(s, ss->header_copy[j]))
            continue;
        finding_detail(f, "column '%s' (position %zu) is not expected",
                       ss->header_copy[j], j + 1);
        if (!problems++)
            rso_buf_printf(&first, "column '%s' is not expected",
                           ss->header_copy[j]);
    }
    if (!s->extra && ss->extra_rows) {
        finding_detail(f,
                       "%lld records hold names not in the first "
                       "record; the first: %s",
                       ss->extra_rows, ss->extra_first);
        if (!problems++)
            rso_buf_printf(&first, "%lld records hold names not expected",
                           ss->extra_rows);
    }
    finding_value(f, "problems", (double)problems);
    if (problems)
        finding_set(f, RSO_FAIL,
                    "%zu schema problem%s (the maximum is 0): "
                    "%s",
                    problems, problems == 1 ? "" : "s", rso_buf_str(&first));
    else
        finding_set(f, RSO_PASS, "%zu columns as expected", ss->n_header);
    rso_buf_release(&first);
}

const struct rso_kind kind_schema = {
    .name = "schema",
    .area = "data",
    .needs_source = 1,
    .parse = schema_parse,
    .free_spec = schema_free,
    .plan = schema_plan,
    .eval = schema_eval,
};
