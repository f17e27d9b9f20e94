#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"
#include "util/units.h"
#include "yaml/ydoc.h"

struct anchor {
    char *name;
    struct ynode *node;
    size_t weight; /* nodes under it, its aliases counted in full */
    int open;      /* still being read: an alias to it would be a cycle */
};

struct loader {
    yaml_parser_t parser;
    struct ydoc *doc;
    struct anchor *anchors;
    size_t n_anchors, cap_anchors;
    size_t weight; /* nodes so far, every alias counted in full */
    int depth;
};

#define MAX_DEPTH 64

/*
 * Aliases share nodes, so the tree stays small, but whatever walks it
 * (the emitter, template checks) visits an alias in full: a few lines of
 * nested aliases would make it visit billions of nodes.
 */
#define MAX_WEIGHT 1000000

static struct ynode *node_new(struct loader *ld, enum ynode_type type,
                              const yaml_event_t *ev)
{
    struct ydoc *doc = ld->doc;
    struct ynode *n = xcalloc(1, sizeof(*n));

    n->type = type;
    n->file = doc->file;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;
    RSO_GROW(doc->all, doc->cap_all, doc->n_all + 1);
    doc->all[doc->n_all++] = n;
    return n;
}

/* Record the anchor name of n (open while n is read); its index or -1. */
static long anchor_add(struct loader *ld, const yaml_char_t *name,
                       struct ynode *n, int open)
{
    struct anchor *a;

    if (!name)
        return -1;
    RSO_GROW(ld->anchors, ld->cap_anchors, ld->n_anchors + 1);
    a = &ld->anchors[ld->n_anchors];
    a->name = xstrdup((const char *)name);
    a->node = n;
    a->weight = 1;
    a->open = open;
    return (long)ld->n_anchors++;
}

/* An alias is its anchor's node: the latest anchor of that name. */
static int alias_resolve(struct loader *ld, const yaml_event_t *ev,
                         struct ynode **out)
{
    const char *name = (const char *)ev->data.alias.anchor;
    size_t line = ev->start_mark.line + 1, col = ev->start_mark.column + 1;

    for (size_t i = ld->n_anchors; i-- > 0;) {
        const struct anchor *a = &ld->anchors[i];

        if (strcmp(a->name, name) != 0)
            continue;
        if (a->open)
            return rso_fail(RSO_EUSAGE,
                            "%s:%zu:%zu: alias '*%s' is inside the node it "
                            "names",
                            ld->doc->file, line, col, name);
        ld->weight += a->weight;
        if (ld->weight > MAX_WEIGHT)
            return rso_fail(RSO_EUSAGE,
                            "%s:%zu:%zu: aliases expand the document past "
                            "%d nodes",
                            ld->doc->file, line, col, MAX_WEIGHT);
        *out = a->node;
        return 0;
    }
    return rso_fail(RSO_EUSAGE, "%s:%zu:%zu: unknown alias '*%s'",
                    ld->doc->file, line, col, name);
}

static int parse_fail(struct loader *ld)
{
    yaml_parser_t *p = &ld->parser;
    const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;

    return rso_fail(RSO_EUSAGE, "%s:%zu:%zu: invalid YAML: %s%s%s",
                    ld->doc->file, m->line + 1, m->column + 1,
                    p->problem ? p->problem : "parse error",
                    p->context ? " " : "", p->context ? p->context : "");
}

static int next_event(struct loader *ld, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&ld->parser, ev))
        return parse_fail(ld);
    return 0;
}

static int parse_node(struct loader *ld, yaml_event_t *ev, struct ynode **out);

static int parse_map(struct loader *ld, struct ynode *map)
{
    size_t cap = 0;

    for (;;) {
        yaml_event_t ev;
        struct ynode *key, *value;
        int rc;

        if ((rc = next_event(ld, &ev)) < 0)
            return rc;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        rc = parse_node(ld, &ev, &key);
        yaml_event_delete(&ev);
        if (rc < 0)
            return rc;
        if (key->type != YNODE_SCALAR)
            return ynode_fail(key, "a key must be a plain value");
        if (ynode_get(map, key->str))
            return ynode_fail(key, "duplicate key '%s'", key->str);
        if ((rc = next_event(ld, &ev)) < 0)
            return rc;
        rc = parse_node(ld, &ev, &value);
        yaml_event_delete(&ev);
        if (rc < 0)
            return rc;
        RSO_GROW(map->pairs, cap, map->len + 1);
        map->pairs[map->len].key = key;
        map->pairs[map->len].value = value;
        map->len++;
    }
}

static int parse_seq(struct loader *ld, struct ynode *seq)
{
    size_t cap = 0;

    for (;;) {
        yaml_event_t ev;
        struct ynode *item;
        int rc;

        if ((rc = next_event(ld, &ev)) < 0)
            return rc;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        rc = parse_node(ld, &ev, &item);
        yaml_event_delete(&ev);
        if (rc < 0)
            return rc;
        RSO_GROW(seq->items, cap, seq->len + 1);
        seq->items[seq->len++] = item;
    }
}

static int parse_node(struct loader *ld, yaml_event_t *ev, struct ynode **out)
{
    struct ynode *n;
    int rc = 0;

    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        n = node_new(ld, YNODE_SCALAR, ev);
        n->str = xstrndup((const char *)ev->data.scalar.value,
                          ev->data.scalar.length);
        n->len = ev->data.scalar.length;
        n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        anchor_add(ld, ev->data.scalar.anchor, n, 0);
        ld->weight++;
        break;
    case YAML_ALIAS_EVENT:
        return alias_resolve(ld, ev, out);
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT: {
        int is_map = ev->type == YAML_MAPPING_START_EVENT;
        size_t start = ld->weight++;
        long a;

        if (++ld->depth > MAX_DEPTH)
            return rso_fail(RSO_EUSAGE, "%s:%zu:%zu: nesting deeper than %d",
                            ld->doc->file, ev->start_mark.line + 1,
                            ev->start_mark.column + 1, MAX_DEPTH);
        n = node_new(ld, is_map ? YNODE_MAP : YNODE_SEQ, ev);
        a = anchor_add(ld,
                       is_map ? ev->data.mapping_start.anchor
                              : ev->data.sequence_start.anchor,
                       n, 1);
        rc = is_map ? parse_map(ld, n) : parse_seq(ld, n);
        if (a >= 0) {
            ld->anchors[a].weight = ld->weight - start;
            ld->anchors[a].open = 0;
        }
        ld->depth--;
        break;
    }
    default:
        return rso_fail(RSO_EUSAGE, "%s:%zu:%zu: unexpected YAML event",
                        ld->doc->file, ev->start_mark.line + 1,
                        ev->start_mark.column + 1);
    }
    *out = n;
    return rc;
}

static int load(struct loader *ld)
{
    yaml_event_t ev;
    int rc, docs = 0;

    for (;;) {
        if ((rc = next_event(ld, &ev)) < 0)
            return rc;
        if (ev.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
            rc = rso_fail(RSO_EUSAGE, "%s:%zu:%zu: more than one YAML document",
                          ld->doc->file, ev.start_mark.line + 1,
                          ev.start_mark.column + 1);
            yaml_event_delete(&ev);
            return rc;
        }
        if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT ||
            ev.type == YAML_MAPPING_START_EVENT ||
            ev.type == YAML_SEQUENCE_START_EVENT) {
            rc = parse_node(ld, &ev, &ld->doc->root);
            yaml_event_delete(&ev);
            if (rc < 0)
                return rc;
            continue;
        }
        yaml_event_delete(&ev);
    }
}

int ydoc_load_string(struct ydoc **out, const char *name, const char *text,
                     size_t n)
{
    struct loader ld;
    int rc;

    memset(&ld, 0, sizeof(ld));
    if (!yaml_parser_initialize(&ld.parser))
        return rso_fail(RSO_EINTERNAL, "cannot start the YAML parser");
    ld.doc = xcalloc(1, sizeof(*ld.doc));
    ld.doc->file = xstrdup(name);
    yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text, n);
    rc = load(&ld);
    yaml_parser_delete(&ld.parser);
    for (size_t i = 0; i < ld.n_anchors; i++)
        free(ld.anchors[i].name);
    free(ld.anchors);
    if (rc < 0) {
        ydoc_free(ld.doc);
        return rc;
    }
    *out = ld.doc;
    return 0;
}

int ydoc_load_file(struct ydoc **out, const char *path)
{
    struct rso_buf b = RSO_BUF_INIT;
    int rc = rso_buf_read_file(&b, path);

    if (rc < 0) {
        rc = rso_fail(RSO_EUSAGE, "cannot %s '%s': %s",
                      rc == RSO_BUF_EOPEN ? "open" : "read", path,
                      strerror(errno));
        rso_buf_release(&b);
        return rc;
    }
    rc = ydoc_load_string(out, path, rso_buf_str(&b), b.len);
    rso_buf_release(&b);
    return rc;
}

void ydoc_free(struct ydoc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_all; i++) {
        free(doc->all[i]->str);
        free(doc->all[i]->pairs);
        free(doc->all[i]->items);
        free(doc->all[i]);
    }
    free(doc->all);
    free(doc->file);
    free(doc);
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    if (!map || map->type != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->len; i++)
        if (strcmp(map->pairs[i].key->str, key) == 0)
            return map->pairs[i].value;
    return NULL;
}

int ynode_is_null(const struct ynode *n)
{
    if (!n)
        return 1;
    if (n->type != YNODE_SCALAR || n->quoted)
        return 0;
    return !*n->str || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
           !strcmp(n->str, "Null") || !strcmp(n->str, "NULL");
}

int ynode_fail(const struct ynode *n, const char *fmt, ...)
{
    struct rso_buf b = RSO_BUF_INIT;
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rso_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    rc = rso_fail(RSO_EUSAGE, "%s:%d:%d: %s", n->file, n->line, n->col,
                  rso_buf_str(&b));
    rso_buf_release(&b);
    return rc;
}

static const char *type_name(const struct ynode *n)
{
    switch (n->type) {
    case YNODE_MAP:
        return "a mapping";
    case YNODE_SEQ:
        return "a list";
    default:
        return "a value";
    }
}

int ynode_check_keys(const struct ynode *map, const char *const *allowed,
                     const char *where)
{
    if (map->type != YNODE_MAP)
        return ynode_fail(map, "expected a mapping %s, found %s", where,
                          type_name(map));
    for (size_t i = 0; i < map->len; i++) {
        const struct ynode *k = map->pairs[i].key;
        const char *const *a;
        const char *hint;

        for (a = allowed; *a; a++)
            if (strcmp(*a, k->str) == 0)
                break;
        if (*a)
            continue;
        hint = text_suggest(k->str, allowed);
        if (hint)
            return ynode_fail(k, "unknown key '%s' %s (did you mean '%s'?)",
                              k->str, where, hint);
        return ynode_fail(k, "unknown key '%s' %s", k->str, where);
    }
    return 0;
}

int ynode_string(const struct ynode *n, const char *what, const char **out)
{
    if (n->type != YNODE_SCALAR)
        return ynode_fail(n, "%s must be a value, not %s", what, type_name(n));
    *out = n->str;
    return 0;
}

int ynode_number(const struct ynode *n, const char *what, double *out)
{
    if (n->type != YNODE_SCALAR || units_number(n->str, out) < 0)
        return ynode_fail(n, "%s must be a number, not '%s'", what,
                          n->str ? n->str : type_name(n));
    return 0;
}

int ynode_integer(const struct ynode *n, const char *what, long long *out)
{
    char *end;
    long long v;

    if (n->type != YNODE_SCALAR)
        return ynode_fail(n, "%s must be a whole number", what);
    errno = 0;
    v = strtoll(n->str, &end, 10);
    if (!*n->str || *end || errno == ERANGE)
        return ynode_fail(n, "%s must be a whole number, not '%s'", what,
                          n->str);
    *out = v;
    return 0;
}

int ynode_bool(const struct ynode *n, const char *what, int *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "on"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "off"};

    if (n->type == YNODE_SCALAR) {
        for (size_t i = 0; i < 5; i++) {
            if (strcmp(n->str, yes[i]) == 0) {
                *out = 1;
                return 0;
            }
            if (strcmp(n->str, no[i]) == 0) {
                *out = 0;
                return 0;
            }
        }
    }
    return ynode_fail(n, "%s must be true or false", what);
}

int ynode_duration(const struct ynode *n, const char *what, double *out)
{
    if (n->type != YNODE_SCALAR || units_duration(n->str, out) < 0)
        return ynode_fail(n,
                          "%s must be a duration such as 90s, 15m, 26h, 7d "
                          "or 2w, not '%s'",
                          what, n->str ? n->str : type_name(n));
    return 0;
}

int ynode_fraction(const struct ynode *n, const char *what, double *out)
{
    if (n->type != YNODE_SCALAR || units_fraction(n->str, 1, out) < 0)
        return ynode_fail(n,
                          "%s must be a percentage such as 2.5%% or a "
                          "fraction such as 0.025, not '%s'",
                          what, n->str ? n->str : type_name(n));
    return 0;
}

int ynode_timestamp(const struct ynode *n, const char *what, double *out)
{
    if (n->type != YNODE_SCALAR || units_timestamp(n->str, out) < 0)
        return ynode_fail(n,
                          "%s must be a date or time such as 2026-11-01 or "
                          "2026-11-01T06:00:00Z, not '%s'",
                          what, n->str ? n->str : type_name(n));
    return 0;
}

int ynode_strings(const struct ynode *n, const char *what, const char ***out,
                  size_t *out_len)
{
    const char **v;
    size_t len = n->type == YNODE_SEQ ? n->len : 1;

    if (n->type == YNODE_MAP)
        return ynode_fail(n, "%s must be a value or a list of values", what);
    v = xcalloc(len + 1, sizeof(*v));
    for (size_t i = 0; i < len; i++) {
        const struct ynode *item = n->type == YNODE_SEQ ? n->items[i] : n;

        if (item->type != YNODE_SCALAR) {
            free(v);
            return ynode_fail(item, "%s must hold plain values", what);
        }
        v[i] = item->str;
    }
    *out = v;
    if (out_len)
        *out_len = len;
    return 0;
}
