#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hotfix/lastrun.h"
#include "util/err.h"
#include "util/mem.h"

static char *dup_member(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? xstrdup(s) : NULL;
}

/* A JSON list of strings as a NULL-terminated array of copies. */
static char **dup_strings(json_t *list)
{
    size_t n = json_array_size(list), k = 0, i;
    char **v = xcalloc(n + 1, sizeof(*v));
    json_t *item;

    json_array_foreach(list, i, item) if (json_is_string(item)) v[k++] =
        xstrdup(json_string_value(item));
    return v;
}

static void failed_fill(struct hotfix_failed *f, json_t *o)
{
    const char *sev = json_string_value(json_object_get(o, "severity"));
    json_t *off = json_object_get(json_object_get(o, "values"), "off");

    f->name = dup_member(o, "name");
    f->check = dup_member(o, "check");
    f->kind = dup_member(o, "kind");
    f->area = dup_member(o, "area");
    f->source = dup_member(o, "source");
    f->message = dup_member(o, "message");
    f->tags = dup_strings(json_object_get(o, "tags"));
    f->suggested = dup_strings(json_object_get(o, "hotfixes"));
    f->severity = sev && !strcmp(sev, "warn") ? RSO_WARN : RSO_BLOCK;
    f->off = json_is_number(off) ? json_number_value(off) : NAN;
}

static int parse(struct hotfix_lastrun *r, json_t *root)
{
    json_t *list = json_object_get(root, "findings"), *o;
    size_t i;

    if (!json_is_array(list))
        return rso_fail(RSO_EUSAGE, "'%s' holds no recsysops findings",
                        r->path);
    r->items = xcalloc(json_array_size(list) + 1, sizeof(*r->items));
    json_array_foreach(list, i, o)
    {
        const char *st = json_string_value(json_object_get(o, "status"));

        if (st && !strcmp(st, "fail"))
            failed_fill(&r->items[r->len++], o);
    }
    return 0;
}

int hotfix_lastrun_load(struct hotfix_lastrun **out, const char *path)
{
    struct hotfix_lastrun *r = xcalloc(1, sizeof(*r));
    json_error_t err;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    int rc;

    r->path = xstrdup(path);
    if (!root && err.line < 1)
        rc = rso_fail(RSO_EUSAGE,
                      "no gate results at '%s' (%s): run "
                      "'recsysops gate' first, or pass "
                      "--results",
                      path, err.text);
    else if (!root)
        rc = rso_fail(RSO_EUSAGE, "%s:%d:%d: invalid JSON: %s", path, err.line,
                      err.column, err.text);
    else
        rc = parse(r, root);
    json_decref(root);
    if (rc < 0) {
        hotfix_lastrun_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

static void strings_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

void hotfix_lastrun_free(struct hotfix_lastrun *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->len; i++) {
        struct hotfix_failed *f = &r->items[i];

        free(f->name);
        free(f->check);
        free(f->kind);
        free(f->area);
        free(f->source);
        free(f->message);
        strings_free(f->tags);
        strings_free(f->suggested);
    }
    free(r->items);
    free(r->path);
    free(r);
}

void hotfix_lastrun_finding(struct hotfix_finding *out,
                            const struct hotfix_failed *f,
                            const struct rso_config *cfg)
{
    const struct rso_check *c =
        cfg && f->check ? config_check(cfg, f->check) : NULL;

    memset(out, 0, sizeof(*out));
    out->name = f->name;
    out->check = f->check;
    out->kind = f->kind;
    out->area = f->area;
    out->source = f->source;
    out->tags = (const char *const *)f->tags;
    out->severity = f->severity;
    out->off = f->off;
    out->explicit_ids = c ? c->hotfix : NULL;
}
