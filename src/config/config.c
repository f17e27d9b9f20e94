#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "config/config.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"

static const char *const top_keys[] = {"version",  "project",  "baseline",
                                       "history",  "sources",  "checks",
                                       "launches", "hotfixes", NULL};

static const char *const source_keys[] = {
    "path",        "format",     "time",         "key",   "delimiter",
    "null_values", "on_bad_row", "max_bad_rows", "types", NULL};

static const char *const type_names[] = {"auto", "int",       "float", "string",
                                         "bool", "timestamp", NULL};

const char *rso_type_name(enum rso_type t)
{
    return type_names[t];
}

int rso_type_parse(const char *name)
{
    for (int i = 0; type_names[i]; i++)
        if (!strcmp(type_names[i], name))
            return i;
    if (!strcmp(name, "integer"))
        return RSO_TYPE_INT;
    if (!strcmp(name, "number") || !strcmp(name, "double"))
        return RSO_TYPE_FLOAT;
    if (!strcmp(name, "boolean"))
        return RSO_TYPE_BOOL;
    if (!strcmp(name, "time") || !strcmp(name, "datetime"))
        return RSO_TYPE_TIMESTAMP;
    return -1;
}

/* types: { column: int, ... } */
static int parse_types(struct rso_source *s, const struct ynode *map)
{
    if (map->type != YNODE_MAP)
        return ynode_fail(map,
                          "'types' of source '%s' must map columns "
                          "to types",
                          s->name);
    s->type_cols = xcalloc(map->len + 1, sizeof(*s->type_cols));
    s->types = xcalloc(map->len + 1, sizeof(*s->types));
    for (size_t i = 0; i < map->len; i++) {
        const struct ynode *v = map->pairs[i].value;
        int t = v->type == YNODE_SCALAR ? rso_type_parse(v->str) : -1;

        if (t < 0)
            return ynode_fail(v,
                              "unknown type for column '%s' (int, float, "
                              "string, bool or timestamp)",
                              map->pairs[i].key->str);
        s->type_cols[i] = map->pairs[i].key->str;
        s->types[i] = (enum rso_type)t;
        s->n_types = i + 1;
    }
    return 0;
}

static const char *const check_common[] = {
    "id", "source", "severity", "hotfix", "tags", "owner", NULL};

const char *severity_name(enum rso_severity s)
{
    return s == RSO_WARN ? "warn" : "block";
}

char *config_path(const struct rso_config *cfg, const char *path)
{
    struct rso_buf b = RSO_BUF_INIT;

    if (path[0] == '/' || !strcmp(cfg->dir, "."))
        return xstrdup(path);
    rso_buf_printf(&b, "%s/%s", cfg->dir, path);
    return rso_buf_detach(&b);
}

static int opt_string(const struct ynode *map, const char *key,
                      const char *what, const char **out)
{
    const struct ynode *n = ynode_get(map, key);
    struct rso_buf w = RSO_BUF_INIT;
    int rc;

    if (!n)
        return 0;
    rso_buf_printf(&w, "'%s' %s", key, what);
    rc = ynode_string(n, rso_buf_str(&w), out);
    rso_buf_release(&w);
    return rc;
}

static int parse_format(const struct ynode *n, enum rso_format *out)
{
    static const char *const names[] = {"csv", "tsv", "jsonl", "json", NULL};
    static const enum rso_format fmts[] = {RSO_FMT_CSV, RSO_FMT_TSV,
                                           RSO_FMT_JSONL, RSO_FMT_JSON};

    for (size_t i = 0; names[i]; i++) {
        if (n->type == YNODE_SCALAR && !strcmp(n->str, names[i])) {
            *out = fmts[i];
            return 0;
        }
    }
    return ynode_fail(n, "unknown format '%s' (csv, tsv, jsonl or json)",
                      n->str ? n->str : "");
}

/* The format a path's extension implies, looking past .gz and .zst. */
static enum rso_format format_of(const char *path)
{
    char tmp[512];
    char *dot;

    snprintf(tmp, sizeof(tmp), "%s", path);
    for (int i = 0; i < 2; i++) {
        dot = strrchr(tmp, '.');
        if (!dot)
            break;
        if (!strcmp(dot, ".gz") || !strcmp(dot, ".zst")) {
            *dot = '\0';
            continue;
        }
        if (!strcmp(dot, ".tsv") || !strcmp(dot, ".tab"))
            return RSO_FMT_TSV;
        if (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson"))
            return RSO_FMT_JSONL;
        if (!strcmp(dot, ".json"))
            return RSO_FMT_JSON;
        break;
    }
    return RSO_FMT_CSV;
}

enum rso_format config_format_of(const char *path)
{
    return format_of(path);
}

static int parse_source(struct rso_config *cfg, struct rso_source *s,
                        const struct ynode *name, const struct ynode *map)
{
    struct rso_buf where = RSO_BUF_INIT;
    const struct ynode *n;
    const char *str;
    int rc;

    s->name = name->str;
    s->node = map;
    rso_buf_printf(&where, "in source '%s'", s->name);
    if (map->type == YNODE_SCALAR) {
        /* The short form: "plays: data/plays.csv". */
        s->path = map->str;
    } else {
        if ((rc = ynode_check_keys(map, source_keys, rso_buf_str(&where))))
            goto done;
        if ((rc = opt_string(map, "path", rso_buf_str(&where), &s->path)))
            goto done;
        if (!s->path) {
            rc = ynode_fail(map, "source '%s' has no 'path'", s->name);
            goto done;
        }
        if ((rc = opt_string(map, "time", rso_buf_str(&where), &s->time)) ||
            (rc = opt_string(map, "key", rso_buf_str(&where), &s->key)))
            goto done;
        if ((n = ynode_get(map, "format")) &&
            (rc = parse_format(n, &s->format)))
            goto done;
        if ((n = ynode_get(map, "delimiter"))) {
            if ((rc = ynode_string(n, "'delimiter'", &str)))
                goto done;
            if (!strcmp(str, "\\t") || !strcmp(str, "tab"))
                str = "\t";
            if (strlen(str) != 1) {
                rc = ynode_fail(n, "'delimiter' must be one character");
                goto done;
            }
            s->delimiter = str[0];
        }
        if ((n = ynode_get(map, "null_values")) &&
            (rc = ynode_strings(n, "'null_values'",
                                (const char ***)&s->null_values, NULL)))
            goto done;
        if ((n = ynode_get(map, "on_bad_row"))) {
            if ((rc = ynode_string(n, "'on_bad_row'", &str)))
                goto done;
            if (strcmp(str, "skip") && strcmp(str, "fail")) {
                rc = ynode_fail(n,
                                "'on_bad_row' takes fail or skip, not "
                                "'%s'",
                                str);
                goto done;
            }
            s->skip_bad_rows = !strcmp(str, "skip");
        }
        s->max_bad_rows = -1;
        if ((n = ynode_get(map, "max_bad_rows")) &&
            (rc = ynode_integer(n, "'max_bad_rows'", &s->max_bad_rows)))
            goto done;
        if ((n = ynode_get(map, "types")) && (rc = parse_types(s, n)))
            goto done;
    }
    if (!*s->path) {
        rc = ynode_fail(map, "source '%s' has an empty path", s->name);
        goto done;
    }
    if (s->format == RSO_FMT_AUTO)
        s->format = format_of(s->path);
    s->resolved = config_path(cfg, s->path);
    rc = 0;
done:
    rso_buf_release(&where);
    return rc;
}

static int parse_sources(struct rso_config *cfg, const struct ynode *map)
{
    if (map->type != YNODE_MAP)
        return ynode_fail(map, "'sources' must map names to files");
    cfg->sources = xcalloc(map->len ? map->len : 1, sizeof(*cfg->sources));
    for (size_t i = 0; i < map->len; i++) {
        int rc = parse_source(cfg, &cfg->sources[i], map->pairs[i].key,
                              map->pairs[i].value);

        cfg->n_sources = i + 1;
        if (rc)
            return rc;
    }
    return 0;
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-_.:", *s))
            return 0;
    return 1;
}

/* Every key a check may hold: the common ones and every kind's name. */
static const char **check_keys(void)
{
    static const char *keys[64];
    size_t n = 0;

    if (keys[0])
        return keys;
    for (size_t i = 0; check_common[i]; i++)
        keys[n++] = check_common[i];
    for (size_t i = 0; rso_kinds[i] && n < 63; i++)
        keys[n++] = rso_kinds[i]->name;
    keys[n] = NULL;
    return keys;
}

static int parse_check_kind(struct rso_check *c, const struct ynode *map)
{
    const struct ynode *kind_key = NULL;

    for (size_t i = 0; i < map->len; i++) {
        const struct ynode *k = map->pairs[i].key;
        const struct rso_kind *kind = kind_find(k->str);

        if (!kind)
            continue;
        if (c->kind)
            return ynode_fail(k,
                              "check '%s' has two kinds, '%s' (line %d) "
                              "and '%s'; split it into two checks",
                              c->id, c->kind->name, kind_key->line, k->str);
        c->kind = kind;
        kind_key = k;
        c->spec_node = map->pairs[i].value;
    }
    if (!c->kind)
        return ynode_fail(map,
                          "check '%s' has no kind (one of rows, freshness, "
                          "missing, unique, range, values, schema, drift, "
                          "metric, ...)",
                          c->id);
    return 0;
}

static int parse_check(struct rso_config *cfg, struct rso_check *c,
                       const struct ynode *map)
{
    struct rso_buf where = RSO_BUF_INIT;
    const struct ynode *n;
    const char *str;
    int rc;

    c->node = map;
    c->cfg = cfg;
    if (map->type != YNODE_MAP)
        return ynode_fail(map, "a check must be a mapping with an 'id'");
    if (!(n = ynode_get(map, "id")))
        return ynode_fail(map, "a check has no 'id'");
    if ((rc = ynode_string(n, "'id'", &c->id)))
        return rc;
    if (!valid_id(c->id))
        return ynode_fail(n,
                          "check id '%s' may hold only letters, digits "
                          "and - _ . :",
                          c->id);
    rso_buf_printf(&where, "in check '%s'", c->id);
    if ((rc = ynode_check_keys(map, check_keys(), rso_buf_str(&where))))
        goto done;
    if ((rc = parse_check_kind(c, map)))
        goto done;
    if ((n = ynode_get(map, "source"))) {
        if ((rc = ynode_string(n, "'source'", &str)))
            goto done;
        if (!c->kind->needs_source) {
            rc = ynode_fail(n, "check '%s' of kind '%s' reads no source", c->id,
                            c->kind->name);
            goto done;
        }
        if (!(c->source = config_source(cfg, str))) {
            const char *names[65];
            const char *hint;
            size_t k;

            for (k = 0; k < cfg->n_sources && k < 64; k++)
                names[k] = cfg->sources[k].name;
            names[k] = NULL;
            hint = text_suggest(str, names);
            rc = hint ? ynode_fail(n,
                                   "unknown source '%s' in check '%s' "
                                   "(did you mean '%s'?)",
                                   str, c->id, hint)
                      : ynode_fail(n, "unknown source '%s' in check '%s'", str,
                                   c->id);
            goto done;
        }
    } else if (c->kind->needs_source) {
        rc = ynode_fail(map, "check '%s' needs a 'source'", c->id);
        goto done;
    }
    c->severity = RSO_BLOCK;
    if ((n = ynode_get(map, "severity"))) {
        if ((rc = ynode_string(n, "'severity'", &str)))
            goto done;
        if (!strcmp(str, "warn") || !strcmp(str, "warning")) {
            c->severity = RSO_WARN;
        } else if (strcmp(str, "block")) {
            rc = ynode_fail(n, "'severity' takes block or warn, not '%s'", str);
            goto done;
        }
    }
    if ((n = ynode_get(map, "hotfix")) &&
        (rc = ynode_strings(n, "'hotfix'", &c->hotfix, NULL)))
        goto done;
    if ((n = ynode_get(map, "tags")) &&
        (rc = ynode_strings(n, "'tags'", &c->tags, NULL)))
        goto done;
    if ((rc = opt_string(map, "owner", rso_buf_str(&where), &c->owner)))
        goto done;
    rc = c->kind->parse ? c->kind->parse(c, c->spec_node) : 0;
done:
    rso_buf_release(&where);
    return rc;
}

static int parse_checks(struct rso_config *cfg, const struct ynode *seq)
{
    if (seq->type != YNODE_SEQ)
        return ynode_fail(seq, "'checks' must be a list");
    cfg->checks = xcalloc(seq->len ? seq->len : 1, sizeof(*cfg->checks));
    for (size_t i = 0; i < seq->len; i++) {
        struct rso_check *c = &cfg->checks[i];
        int rc = parse_check(cfg, c, seq->items[i]);

        cfg->n_checks = i + 1;
        if (rc)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(cfg->checks[j].id, c->id))
                return ynode_fail(ynode_get(c->node, "id"),
                                  "duplicate check id '%s' (first at line "
                                  "%d)",
                                  c->id, cfg->checks[j].node->line);
        c->selected = 1;
    }
    return 0;
}

static int parse_top(struct rso_config *cfg, const struct ynode *root)
{
    const struct ynode *n;
    const char *where = "at the top of the config";
    int rc;

    if ((rc = ynode_check_keys(root, top_keys, where)))
        return rc;
    if (!(n = ynode_get(root, "version")))
        return ynode_fail(root, "the config has no 'version' (write "
                                "'version: 1')");
    if (n->type != YNODE_SCALAR || strcmp(n->str, "1"))
        return ynode_fail(n,
                          "unsupported config version '%s' (this "
                          "recsysops reads version 1)",
                          n->str ? n->str : "");
    if ((rc = opt_string(root, "project", where, &cfg->project)) ||
        (rc = opt_string(root, "baseline", where, &cfg->baseline)) ||
        (rc = opt_string(root, "history", where, &cfg->history)) ||
        (rc = opt_string(root, "hotfixes", where, &cfg->hotfixes)))
        return rc;
    /* An empty section (only comments under it) is an empty mapping. */
    if ((n = ynode_get(root, "sources")) && !ynode_is_null(n) &&
        (rc = parse_sources(cfg, n)))
        return rc;
    if ((n = ynode_get(root, "launches"))) {
        if (n->type != YNODE_MAP)
            return ynode_fail(n, "'launches' must be a mapping");
        cfg->launches = n;
    }
    if ((n = ynode_get(root, "checks")) && !ynode_is_null(n) &&
        (rc = parse_checks(cfg, n)))
        return rc;
    return 0;
}

int config_load(struct rso_config **out, const char *path)
{
    struct rso_config *cfg = xcalloc(1, sizeof(*cfg));
    const char *slash = strrchr(path, '/');
    int rc;

    cfg->path = xstrdup(path);
    cfg->dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path))
                     : xstrdup(".");
    if ((rc = ydoc_load_file(&cfg->doc, path)))
        goto fail;
    if (!cfg->doc->root || cfg->doc->root->type != YNODE_MAP) {
        rc = rso_fail(RSO_EUSAGE,
                      "%s:1:1: the config must be a mapping "
                      "with 'version: 1'",
                      path);
        goto fail;
    }
    if ((rc = parse_top(cfg, cfg->doc->root)))
        goto fail;
    *out = cfg;
    return 0;
fail:
    config_free(cfg);
    return rc;
}

void config_free(struct rso_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->n_checks; i++) {
        struct rso_check *c = &cfg->checks[i];

        if (c->spec && c->kind && c->kind->free_spec)
            c->kind->free_spec(c->spec);
        free(c->hotfix);
        free(c->tags);
    }
    for (size_t i = 0; i < cfg->n_sources; i++) {
        free(cfg->sources[i].resolved);
        free(cfg->sources[i].null_values);
        free(cfg->sources[i].type_cols);
        free(cfg->sources[i].types);
    }
    free(cfg->checks);
    free(cfg->sources);
    ydoc_free(cfg->doc);
    free(cfg->path);
    free(cfg->dir);
    free(cfg);
}

struct rso_source *config_source(const struct rso_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->n_sources; i++)
        if (!strcmp(cfg->sources[i].name, name))
            return &cfg->sources[i];
    return NULL;
}

struct rso_check *config_check(const struct rso_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->n_checks; i++)
        if (!strcmp(cfg->checks[i].id, id))
            return &cfg->checks[i];
    return NULL;
}

static int matches(const struct rso_check *c, const char *pat)
{
    if (text_glob(pat, c->id) || text_glob(pat, c->kind->name))
        return 1;
    for (size_t i = 0; c->tags && c->tags[i]; i++)
        if (text_glob(pat, c->tags[i]))
            return 1;
    return 0;
}

void config_select(struct rso_config *cfg, const char *const *only,
                   const char *const *skip)
{
    for (size_t i = 0; i < cfg->n_checks; i++) {
        struct rso_check *c = &cfg->checks[i];

        c->selected = !only || !only[0];
        for (size_t j = 0; only && only[j]; j++)
            if (matches(c, only[j]))
                c->selected = 1;
        for (size_t j = 0; skip && skip[j]; j++)
            if (matches(c, skip[j]))
                c->selected = 0;
    }
}

static int is_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int config_find(const char *path, struct rso_buf *out)
{
    char dir[4096];
    int up = 0;

    if (path) {
        if (!is_file(path))
            return rso_fail(RSO_EUSAGE, "cannot open config '%s': %s", path,
                            errno ? strerror(errno) : "not a file");
        rso_buf_puts(out, path);
        return 0;
    }
    if (!getcwd(dir, sizeof(dir)))
        return rso_fail(RSO_EUSAGE, "cannot find the current folder");
    for (;;) {
        struct rso_buf probe = RSO_BUF_INIT;
        char *slash;
        int found;

        rso_buf_printf(&probe, "%s/recsysops.yml", dir);
        found = is_file(rso_buf_str(&probe));
        rso_buf_clear(&probe);
        rso_buf_printf(&probe, "%s/.git", dir);
        if (found) {
            rso_buf_release(&probe);
            /* Relative to the current folder, as users write paths. */
            for (int i = 0; i < up; i++)
                rso_buf_puts(out, "../");
            rso_buf_puts(out, "recsysops.yml");
            return 0;
        }
        found = access(rso_buf_str(&probe), F_OK) == 0;
        rso_buf_release(&probe);
        slash = strrchr(dir, '/');
        if (found || !slash || slash == dir)
            break;
        *slash = '\0';
        up++;
    }
    return rso_fail(RSO_EUSAGE,
                    "no recsysops.yml here or in any parent up to the "
                    "repository root; write one with 'recsysops init' or "
                    "name it with --config");
}
