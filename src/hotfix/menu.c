#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "hotfix/menu.h"
#include "util/buf.h"
#include "util/builtin.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/units.h"

static const char *const entry_keys[] = {
    "id",    "title",       "answers", "when",     "tradeoffs",
    "apply", "last_resort", "expires", "disabled", NULL};
static const char *const tradeoff_keys[] = {"cost",       "time",     "scope",
                                            "reversible", "approves", NULL};
static const char *const when_keys[] = {"kind", "severity", "off", NULL};
static const char *const off_keys[] = {"min", "max", NULL};
static const char *const apply_keys[] = {"file", "append", "set",
                                         "key",  "until",  NULL};

static void entry_release(struct hotfix_entry *e)
{
    free(e->answers);
    free(e->when.kinds);
    memset(e, 0, sizeof(*e));
}

void hotfix_menu_free(struct hotfix_menu *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->len; i++)
        entry_release(&m->items[i]);
    free(m->items);
    for (size_t i = 0; i < m->n_docs; i++)
        ydoc_free(m->docs[i]);
    free(m->docs);
    free(m);
}

const struct hotfix_entry *hotfix_menu_find(const struct hotfix_menu *m,
                                            const char *id)
{
    for (size_t i = 0; m && i < m->len; i++)
        if (!strcmp(m->items[i].id, id))
            return &m->items[i];
    return NULL;
}

int hotfix_expired(const struct hotfix_entry *e, double now)
{
    return e->expires > 0 && now >= e->expires;
}

/* A required scalar string. */
static int need_string(const struct ynode *map, const char *key,
                       const char *where, const char **out)
{
    const struct ynode *n = ynode_get(map, key);

    if (!n)
        return ynode_fail(map, "%s has no '%s'", where, key);
    return ynode_string(n, key, out);
}

/* cost: a string, a list of strings, or a mapping metric -> change. */
static int check_cost(const struct ynode *n)
{
    for (size_t i = 0; n->type != YNODE_SCALAR && i < n->len; i++) {
        const struct ynode *v =
            n->type == YNODE_MAP ? n->pairs[i].value : n->items[i];

        if (v->type != YNODE_SCALAR)
            return ynode_fail(v, "'cost' holds plain values, e.g. "
                                 "\"ndcg -0.1%%\" or ndcg: -0.1%%");
    }
    return 0;
}

static int parse_tradeoffs(const struct ynode *n, const char *where,
                           struct hotfix_tradeoffs *t)
{
    const struct ynode *v;
    int rc;

    t->time = -1;
    if ((rc = ynode_check_keys(n, tradeoff_keys, where)))
        return rc;
    if (!(v = ynode_get(n, "cost")))
        return ynode_fail(n,
                          "%s states no 'cost' (which metric it "
                          "costs, e.g. \"ndcg -0.1%%\")",
                          where);
    if ((rc = check_cost(v)))
        return rc;
    t->cost = v;
    if (!(v = ynode_get(n, "reversible")))
        return ynode_fail(n, "%s does not say whether it is 'reversible'",
                          where);
    if ((rc = ynode_bool(v, "'reversible'", &t->reversible)))
        return rc;
    if ((v = ynode_get(n, "time")) &&
        (rc = ynode_duration(v, "'time'", &t->time)))
        return rc;
    if ((v = ynode_get(n, "scope")) &&
        (rc = ynode_string(v, "'scope'", &t->scope)))
        return rc;
    if ((v = ynode_get(n, "approves")) &&
        (rc = ynode_string(v, "'approves'", &t->approves)))
        return rc;
    return 0;
}

static int parse_off(const struct ynode *n, const char *where,
                     struct hotfix_when *w)
{
    const struct ynode *v;
    int rc;

    if ((rc = ynode_check_keys(n, off_keys, where)))
        return rc;
    if ((v = ynode_get(n, "min")) &&
        (rc = ynode_fraction(v, "'off.min'", &w->off_min)))
        return rc;
    if ((v = ynode_get(n, "max")) &&
        (rc = ynode_fraction(v, "'off.max'", &w->off_max)))
        return rc;
    return 0;
}

static int parse_when(const struct ynode *n, const char *where,
                      struct hotfix_when *w)
{
    const struct ynode *v;
    const char *sev;
    int rc;

    w->severity = -1;
    w->off_min = w->off_max = NAN;
    w->node = n;
    if ((rc = ynode_check_keys(n, when_keys, where)))
        return rc;
    if ((v = ynode_get(n, "kind")) &&
        (rc = ynode_strings(v, "'when.kind'", &w->kinds, NULL)))
        return rc;
    if ((v = ynode_get(n, "severity"))) {
        if ((rc = ynode_string(v, "'when.severity'", &sev)))
            return rc;
        if (!strcmp(sev, "block"))
            w->severity = RSO_BLOCK;
        else if (!strcmp(sev, "warn"))
            w->severity = RSO_WARN;
        else
            return ynode_fail(v,
                              "'when.severity' is block or warn, not "
                              "'%s'",
                              sev);
    }
    if ((v = ynode_get(n, "off")))
        return parse_off(v, where, w);
    return 0;
}

/* Whether every brace in s opens a well-formed {name} or {name+7d}. */
static int check_template(const struct ynode *n, const char *s)
{
    for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');

        if (!end || end == p + 1 || memchr(p + 1, '{', (size_t)(end - p)))
            return ynode_fail(n,
                              "bad placeholder in '%s': write "
                              "{name} or {name+7d}",
                              s);
    }
    return 0;
}

static int check_templates(const struct ynode *n)
{
    int rc = 0;

    if (n->type == YNODE_SCALAR)
        return check_template(n, n->str);
    for (size_t i = 0; rc == 0 && i < n->len; i++) {
        if (n->type == YNODE_SEQ) {
            rc = check_templates(n->items[i]);
            continue;
        }
        rc = check_template(n->pairs[i].key, n->pairs[i].key->str);
        if (rc == 0)
            rc = check_templates(n->pairs[i].value);
    }
    return rc;
}

int hotfix_file_format(const struct ynode *n, const char *file,
                       enum hotfix_format *out)
{
    const char *dot = strrchr(file, '.');

    if (dot && (!strcmp(dot, ".yml") || !strcmp(dot, ".yaml")))
        *out = HOTFIX_YAML;
    else if (dot && !strcmp(dot, ".json"))
        *out = HOTFIX_JSON;
    else if (dot && !strcmp(dot, ".csv"))
        *out = HOTFIX_CSV;
    else
        return n ? ynode_fail(n,
                              "cannot edit '%s': the file must end in "
                              ".yml, .yaml, .json or .csv",
                              file)
                 : rso_fail(RSO_EUSAGE,
                            "cannot edit '%s': the file must "
                            "end in .yml, .yaml, .json or .csv",
                            file);
    return 0;
}

/* The format from the extension; a templated name is checked on apply. */
static int parse_format(const struct ynode *n, struct hotfix_action_spec *a)
{
    a->format = HOTFIX_YAML;
    if (strchr(a->file, '{'))
        return 0;
    return hotfix_file_format(n, a->file, &a->format);
}

static int parse_action_values(const struct ynode *n, const char *where,
                               struct hotfix_action_spec *a)
{
    const struct ynode *app = ynode_get(n, "append");
    const struct ynode *set = ynode_get(n, "set");

    if (!!app == !!set)
        return ynode_fail(n, "%s needs exactly one of 'append' or 'set'",
                          where);
    a->action = app ? HOTFIX_APPEND : HOTFIX_SET;
    a->values = app ? app : set;
    if (a->values->type != YNODE_MAP || !a->values->len)
        return ynode_fail(a->values, "'%s' in %s must be a mapping",
                          app ? "append" : "set", where);
    if (set && a->format == HOTFIX_CSV)
        return ynode_fail(set,
                          "'set' cannot edit a CSV file ('%s'); use "
                          "'append'",
                          a->file);
    if (set && ynode_get(n, "key"))
        return ynode_fail(ynode_get(n, "key"), "'key' goes with 'append'");
    for (size_t i = 0; i < a->values->len; i++)
        if (a->values->pairs[i].value->type != YNODE_SCALAR)
            return ynode_fail(a->values->pairs[i].value,
                              "%s values must be plain",
                              app ? "appended" : "'set'");
    return check_templates(a->values);
}

static int parse_apply(const struct ynode *n, const char *where,
                       struct hotfix_action_spec *a)
{
    const struct ynode *v;
    int rc;

    a->node = n;
    if ((rc = ynode_check_keys(n, apply_keys, where)) ||
        (rc = need_string(n, "file", where, &a->file)) ||
        (rc = check_template(ynode_get(n, "file"), a->file)) ||
        (rc = parse_format(ynode_get(n, "file"), a)) ||
        (rc = parse_action_values(n, where, a)))
        return rc;
    if ((v = ynode_get(n, "key")) && (rc = ynode_string(v, "'key'", &a->key)))
        return rc;
    if ((v = ynode_get(n, "until")) &&
        ((rc = ynode_string(v, "'until'", &a->until)) ||
         (rc = check_template(v, a->until))))
        return rc;
    return 0;
}

static int parse_flags(const struct ynode *n, struct hotfix_entry *e)
{
    const struct ynode *v;
    int rc;

    if ((v = ynode_get(n, "last_resort")) &&
        (rc = ynode_bool(v, "'last_resort'", &e->last_resort)))
        return rc;
    if ((v = ynode_get(n, "expires")) &&
        (rc = ynode_timestamp(v, "'expires'", &e->expires)))
        return rc;
    return 0;
}

static int parse_entry(const struct ynode *n, struct hotfix_entry *e)
{
    char where[160];
    const struct ynode *v;
    int rc;

    e->node = n;
    snprintf(where, sizeof(where), "hotfix '%s'", e->id);
    if ((rc = need_string(n, "title", where, &e->title)))
        return rc;
    if (!(v = ynode_get(n, "answers")))
        return ynode_fail(n,
                          "%s has no 'answers' (check kinds, check ids, "
                          "tags or launch)",
                          where);
    if ((rc = ynode_strings(v, "'answers'", &e->answers, NULL)))
        return rc;
    if ((v = ynode_get(n, "when"))) {
        e->has_when = 1;
        if ((rc = parse_when(v, where, &e->when)))
            return rc;
    }
    if (!(v = ynode_get(n, "tradeoffs")))
        return ynode_fail(n, "%s states no 'tradeoffs'", where);
    if ((rc = parse_tradeoffs(v, where, &e->tradeoffs)))
        return rc;
    if (!(v = ynode_get(n, "apply")))
        return ynode_fail(n, "%s has no 'apply' action", where);
    if ((rc = parse_apply(v, where, &e->apply)))
        return rc;
    return parse_flags(n, e);
}

static void menu_remove(struct hotfix_menu *m, size_t at)
{
    entry_release(&m->items[at]);
    memmove(&m->items[at], &m->items[at + 1],
            (m->len - at - 1) * sizeof(*m->items));
    m->len--;
}

/* Where the entry with id goes: its old slot, or a new one at the end. */
static struct hotfix_entry *menu_slot(struct hotfix_menu *m, const char *id)
{
    for (size_t i = 0; i < m->len; i++) {
        if (!strcmp(m->items[i].id, id)) {
            entry_release(&m->items[i]);
            return &m->items[i];
        }
    }
    RSO_GROW(m->items, m->cap, m->len + 1);
    memset(&m->items[m->len], 0, sizeof(*m->items));
    return &m->items[m->len++];
}

static int extend_one(struct hotfix_menu *m, const struct ynode *n,
                      const char *origin)
{
    struct hotfix_entry tmp = {0}, *slot;
    const struct ynode *v;
    int disabled = 0, rc;

    if ((rc = ynode_check_keys(n, entry_keys, "a hotfix entry")) ||
        (rc = need_string(n, "id", "a hotfix entry", &tmp.id)))
        return rc;
    if ((v = ynode_get(n, "disabled")) &&
        (rc = ynode_bool(v, "'disabled'", &disabled)))
        return rc;
    if (disabled) {
        for (size_t i = 0; i < m->len; i++)
            if (!strcmp(m->items[i].id, tmp.id))
                menu_remove(m, i--);
        return 0;
    }
    if ((rc = parse_entry(n, &tmp))) {
        entry_release(&tmp);
        return rc;
    }
    tmp.origin = origin;
    slot = menu_slot(m, tmp.id);
    *slot = tmp;
    return 0;
}

int hotfix_menu_extend(struct hotfix_menu *m, struct ydoc *doc,
                       const char *origin)
{
    const struct ynode *root = doc->root;
    int rc = 0;

    RSO_GROW(m->docs, m->cap_docs, m->n_docs + 1);
    m->docs[m->n_docs++] = doc;
    if (!root || ynode_is_null(root))
        return 0;
    if (root->type != YNODE_SEQ)
        return ynode_fail(root, "a hotfix menu is a list of entries");
    for (size_t i = 0; rc == 0 && i < root->len; i++) {
        const struct ynode *n = root->items[i];

        /* Ids must be unique within one file. */
        for (size_t j = 0; rc == 0 && j < i; j++) {
            const struct ynode *a = ynode_get(root->items[j], "id");
            const struct ynode *b = ynode_get(n, "id");

            if (a && b && a->str && b->str && !strcmp(a->str, b->str))
                rc = ynode_fail(b, "hotfix '%s' is defined twice", b->str);
        }
        if (rc == 0)
            rc = extend_one(m, n, origin);
    }
    return rc;
}

int hotfix_menu_load_string(struct hotfix_menu **out, const char *name,
                            const char *text)
{
    struct hotfix_menu *m = xcalloc(1, sizeof(*m));
    struct ydoc *doc;
    int rc = ydoc_load_string(&doc, name, text, strlen(text));

    if (rc == 0)
        rc = hotfix_menu_extend(m, doc, "built-in");
    if (rc < 0) {
        hotfix_menu_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int hotfix_menu_load(struct hotfix_menu **out, const char *team_path)
{
    const struct rso_builtin *b = builtin_find("hotfixes.yml");
    struct hotfix_menu *m = xcalloc(1, sizeof(*m));
    struct ydoc *doc;
    int rc = 0;

    if (b && (rc = ydoc_load_string(&doc, "checks/hotfixes.yml", b->data,
                                    b->len)) == 0)
        rc = hotfix_menu_extend(m, doc, "built-in");
    if (rc == 0 && team_path && (rc = ydoc_load_file(&doc, team_path)) == 0)
        rc = hotfix_menu_extend(m, doc, doc->file);
    if (rc < 0) {
        hotfix_menu_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void hotfix_tradeoffs_line(const struct hotfix_entry *e, struct rso_buf *out)
{
    const struct hotfix_tradeoffs *t = &e->tradeoffs;
    const struct ynode *c = t->cost;
    char dur[32];

    rso_buf_puts(out, "cost: ");
    if (c->type == YNODE_SCALAR)
        rso_buf_puts(out, c->str);
    for (size_t i = 0; c->type != YNODE_SCALAR && i < c->len; i++) {
        if (c->type == YNODE_MAP)
            rso_buf_printf(out, "%s%s %s", i ? ", " : "", c->pairs[i].key->str,
                           c->pairs[i].value->str);
        else
            rso_buf_printf(out, "%s%s", i ? ", " : "", c->items[i]->str);
    }
    if (t->time >= 0) {
        units_format_duration(dur, t->time);
        rso_buf_printf(out, "; time: %s", dur);
    }
    if (t->scope)
        rso_buf_printf(out, "; scope: %s", t->scope);
    rso_buf_puts(out, t->reversible ? "; reversible" : "; NOT reversible");
    if (t->approves)
        rso_buf_printf(out, "; approves: %s", t->approves);
    if (e->last_resort)
        rso_buf_puts(out, "; LAST RESORT");
}
