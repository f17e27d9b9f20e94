#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hotfix/edit.h"
#include "util/err.h"
#include "util/mem.h"

/* Whether a template is one placeholder and nothing else. */
static int single_placeholder(const char *t)
{
    size_t n = strlen(t);

    return n > 2 && t[0] == '{' && t[n - 1] == '}' && !strchr(t + 1, '{') &&
           strchr(t, '}') == t + n - 1;
}

static int add_kv(struct hotfix_edit *e, const struct hotfix_vars *v,
                  const struct ynode *key, const struct ynode *value)
{
    struct rso_buf k = RSO_BUF_INIT, val = RSO_BUF_INIT;
    int rc;

    if ((rc = hotfix_expand(v, key->str, &k)) == 0)
        rc = hotfix_expand(v, value->str, &val);
    if (rc < 0) {
        rso_buf_release(&k);
        rso_buf_release(&val);
        return rc;
    }
    RSO_GROW(e->kv, e->cap_kv, e->n_kv + 1);
    e->kv[e->n_kv].key = rso_buf_detach(&k);
    e->kv[e->n_kv].value = rso_buf_detach(&val);
    /* "{x}" takes the value's own type; "v{x}" and 'text' are strings. */
    e->kv[e->n_kv].quoted = value->quoted && !single_placeholder(value->str);
    e->n_kv++;
    return 0;
}

int hotfix_edit_expand(struct hotfix_edit *e,
                       const struct hotfix_action_spec *a,
                       const struct hotfix_vars *v)
{
    struct rso_buf key = RSO_BUF_INIT;
    int rc = 0;

    e->format = a->format;
    e->action = a->action;
    if (a->key) {
        rc = hotfix_expand(v, a->key, &key);
        e->key = rso_buf_detach(&key);
    }
    for (size_t i = 0; rc == 0 && i < a->values->len; i++)
        rc = add_kv(e, v, a->values->pairs[i].key, a->values->pairs[i].value);
    return rc;
}

void hotfix_edit_release(struct hotfix_edit *e)
{
    for (size_t i = 0; i < e->n_kv; i++) {
        free(e->kv[i].key);
        free(e->kv[i].value);
    }
    free(e->kv);
    free(e->key);
    memset(e, 0, sizeof(*e));
}

void hotfix_path_free(struct hotfix_seg *segs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(segs[i].key);
        free(segs[i].pick);
    }
    free(segs);
}

/* One segment "key" or "key[id]" of len bytes. */
static int parse_seg(const char *path, const char *s, size_t len,
                     struct hotfix_seg *out)
{
    const char *br = memchr(s, '[', len);

    memset(out, 0, sizeof(*out));
    if (!len || (br && (br == s || s[len - 1] != ']' || br + 2 >= s + len)))
        return rso_fail(RSO_EUSAGE,
                        "bad path '%s': write key.key or "
                        "list[id].key",
                        path);
    out->key = xstrndup(s, br ? (size_t)(br - s) : len);
    if (br)
        out->pick = xstrndup(br + 1, (size_t)(s + len - br - 2));
    return 0;
}

int hotfix_path_parse(const char *path, struct hotfix_seg **out,
                      size_t *out_len)
{
    struct hotfix_seg *segs = NULL;
    size_t n = 0, cap = 0;
    const char *p = path;
    int rc = 0;

    for (;;) {
        const char *br = strchr(p, '['), *dot = strchr(p, '.');

        /* A dot inside [..] belongs to the id. */
        if (br && dot && br < dot)
            dot = strchr(strchr(br, ']') ? strchr(br, ']') : br, '.');
        RSO_GROW(segs, cap, n + 1);
        rc = parse_seg(path, p, dot ? (size_t)(dot - p) : strlen(p), &segs[n]);
        if (rc < 0)
            break;
        n++;
        if (!dot)
            break;
        p = dot + 1;
    }
    if (rc < 0) {
        hotfix_path_free(segs, n);
        return rc;
    }
    *out = segs;
    *out_len = n;
    return 0;
}

int hotfix_is_number(const char *s)
{
    const char *p = s;

    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return 0;
    if (*p == '0' && isdigit((unsigned char)p[1]))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.') {
        if (!isdigit((unsigned char)*++p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p += p[1] == '+' || p[1] == '-';
        if (!isdigit((unsigned char)*++p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

int hotfix_plain_ok(const char *s, int numbers_ok)
{
    static const char *const words[] = {"true", "false", "yes", "no", "on",
                                        "off",  "null",  "y",   "n",  NULL};

    if (hotfix_is_number(s))
        return numbers_ok;
    if (!isalpha((unsigned char)*s) && *s != '_' && *s != '/')
        return 0;
    for (size_t i = 0; words[i]; i++)
        if (!strcasecmp(s, words[i]))
            return 0;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("._/-+@ ", *p))
            return 0;
    return s[strlen(s) - 1] != ' ';
}

/*
 * The JSON value for a pair: numbers and booleans keep their type.  A
 * number that a double or a 64-bit integer cannot hold fails rather than
 * being written as another number.
 */
static int json_value(const struct hotfix_edit *e, const struct hotfix_kv *kv,
                      json_t **out)
{
    const char *s = kv->value;
    double d;
    long long i;

    *out = NULL;
    if (!kv->quoted && hotfix_is_number(s)) {
        errno = 0;
        if (strchr(s, '.') || strchr(s, 'e') || strchr(s, 'E')) {
            d = strtod(s, NULL);
            if (errno != ERANGE && isfinite(d))
                *out = json_real(d);
        } else {
            i = strtoll(s, NULL, 10);
            if (errno != ERANGE)
                *out = json_integer(i);
        }
        if (!*out)
            return rso_fail(RSO_EUSAGE,
                            "%s: the number '%s' for '%s' is out of range",
                            e->file, s, kv->key);
        return 0;
    }
    if (!kv->quoted && (!strcmp(s, "true") || !strcmp(s, "false")))
        *out = json_boolean(!strcmp(s, "true"));
    else
        *out = json_string(s);
    return 0;
}

/* Walk segs[0..n) from root; *parent gets the container of the last. */
static int json_walk(const struct hotfix_edit *e, json_t *root,
                     const struct hotfix_seg *segs, size_t n, json_t **out)
{
    json_t *node = root;

    for (size_t i = 0; i < n; i++) {
        json_t *child =
            json_is_object(node) ? json_object_get(node, segs[i].key) : NULL;
        size_t j;
        json_t *item = NULL;

        if (!child)
            return rso_fail(RSO_EDATA, "%s: no '%s' to edit", e->file,
                            segs[i].key);
        if (segs[i].pick) {
            json_array_foreach(child, j, item)
            {
                json_t *id = json_object_get(item, "id");

                if (json_is_string(id) &&
                    !strcmp(json_string_value(id), segs[i].pick))
                    break;
            }
            if (j >= json_array_size(child))
                return rso_fail(RSO_EDATA,
                                "%s: no item with id '%s' in "
                                "'%s'",
                                e->file, segs[i].pick, segs[i].key);
            child = item;
        }
        node = child;
    }
    *out = node;
    return 0;
}

static int json_set_one(const struct hotfix_edit *e, json_t *root,
                        const struct hotfix_kv *kv)
{
    struct hotfix_seg *segs = NULL;
    size_t n = 0;
    json_t *parent = NULL, *value;
    int rc = hotfix_path_parse(kv->key, &segs, &n);

    if (rc == 0)
        rc = json_walk(e, root, segs, n - 1, &parent);
    if (rc == 0 && (segs[n - 1].pick || !json_is_object(parent)))
        rc = rso_fail(RSO_EDATA, "%s: cannot set '%s'", e->file, kv->key);
    if (rc == 0 && (rc = json_value(e, kv, &value)) == 0)
        json_object_set_new(parent, segs[n - 1].key, value);
    hotfix_path_free(segs, n);
    return rc;
}

/* The list to append to: the root, or the one at e->key (made if new). */
static int json_list(const struct hotfix_edit *e, json_t *root, json_t **out)
{
    struct hotfix_seg *segs;
    size_t n;
    json_t *parent = NULL, *list = NULL;
    int rc;

    if (!e->key) {
        *out = root;
        return json_is_array(root) ? 0
                                   : rso_fail(RSO_EDATA,
                                              "%s: the document "
                                              "is not a list",
                                              e->file);
    }
    if ((rc = hotfix_path_parse(e->key, &segs, &n)) < 0)
        return rc;
    rc = json_walk(e, root, segs, n - 1, &parent);
    if (rc == 0 && !json_is_object(parent))
        rc = rso_fail(RSO_EDATA, "%s: cannot find '%s'", e->file, e->key);
    if (rc == 0 && !(list = json_object_get(parent, segs[n - 1].key))) {
        list = json_array();
        json_object_set_new(parent, segs[n - 1].key, list);
    }
    if (rc == 0 && !json_is_array(list))
        rc = rso_fail(RSO_EDATA, "%s: '%s' is not a list", e->file, e->key);
    if (rc == 0)
        *out = list;
    hotfix_path_free(segs, n);
    return rc;
}

int hotfix_edit_json(const struct hotfix_edit *e, const char *text, size_t len,
                     struct rso_buf *out)
{
    json_error_t err;
    json_t *root, *list = NULL, *item, *value;
    char *dump;
    int rc = 0;

    root = text ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &err)
           : e->action == HOTFIX_APPEND && !e->key ? json_array()
                                                   : json_object();
    if (!root)
        return rso_fail(RSO_EDATA, "%s:%d:%d: invalid JSON: %s", e->file,
                        err.line, err.column, err.text);
    if (e->action == HOTFIX_SET) {
        for (size_t i = 0; rc == 0 && i < e->n_kv; i++)
            rc = json_set_one(e, root, &e->kv[i]);
    } else if ((rc = json_list(e, root, &list)) == 0) {
        item = json_object();
        for (size_t i = 0; rc == 0 && i < e->n_kv; i++)
            if ((rc = json_value(e, &e->kv[i], &value)) == 0)
                json_object_set_new(item, e->kv[i].key, value);
        if (rc == 0)
            json_array_append(list, item);
        json_decref(item);
    }
    dump =
        rc == 0 ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    if (rc == 0 && !dump)
        rc = rso_fail(RSO_EINTERNAL, "%s: cannot write the JSON document",
                      e->file);
    if (dump) {
        rso_buf_puts(out, dump);
        rso_buf_putc(out, '\n');
        free(dump);
    }
    json_decref(root);
    return rc;
}

/* Split one CSV line into fields (quotes per RFC 4180). */
static size_t csv_fields(const char *line, size_t len, char ***out)
{
    struct rso_buf f = RSO_BUF_INIT;
    char **v = NULL;
    size_t n = 0, cap = 0, i = 0;
    int quoted = 0;

    for (;;) {
        char c = i < len ? line[i] : '\0';

        if (quoted && c == '"' && i + 1 < len && line[i + 1] == '"') {
            rso_buf_putc(&f, '"');
            i += 2;
            continue;
        }
        if (c == '"' && (quoted || !f.len)) {
            quoted = !quoted;
        } else if (!quoted && (c == ',' || i >= len)) {
            RSO_GROW(v, cap, n + 1);
            v[n++] = xstrdup(rso_buf_str(&f));
            rso_buf_clear(&f);
            if (i >= len)
                break;
        } else {
            rso_buf_putc(&f, c);
        }
        i++;
    }
    rso_buf_release(&f);
    *out = v;
    return n;
}

/* Whether the len bytes of text hold nothing but line breaks. */
static int csv_blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != '\r' && text[i] != '\n')
            return 0;
    return 1;
}

/*
 * Whether a quote is still open at the end of the len bytes of text, as
 * csv_fields reads quotes (a line break outside quotes ends a field).
 */
static int csv_quotes_open(const char *line, size_t len)
{
    size_t field = 0; /* bytes in the field so far */
    int quoted = 0;

    for (size_t i = 0; i < len; i++) {
        if (quoted && line[i] == '"' && i + 1 < len && line[i + 1] == '"') {
            i++;
            field++;
        } else if (line[i] == '"' && (quoted || !field)) {
            quoted = !quoted;
        } else if (!quoted &&
                   (line[i] == ',' || line[i] == '\r' || line[i] == '\n')) {
            field = 0;
        } else {
            field++;
        }
    }
    return quoted;
}

static void csv_put(struct rso_buf *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && *s != ' ') {
        rso_buf_puts(out, s);
        return;
    }
    rso_buf_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            rso_buf_putc(out, '"');
        rso_buf_putc(out, *s);
    }
    rso_buf_putc(out, '"');
}

static int csv_row(const struct hotfix_edit *e, char **head, size_t n,
                   struct rso_buf *out)
{
    for (size_t k = 0; k < e->n_kv; k++) {
        size_t j;

        for (j = 0; j < n && strcmp(head[j], e->kv[k].key); j++)
            ;
        if (j == n)
            return rso_fail(RSO_EDATA, "%s has no column '%s'", e->file,
                            e->kv[k].key);
    }
    for (size_t j = 0; j < n; j++) {
        size_t k;

        for (k = 0; k < e->n_kv && strcmp(head[j], e->kv[k].key); k++)
            ;
        if (j)
            rso_buf_putc(out, ',');
        csv_put(out, k < e->n_kv ? e->kv[k].value : "");
    }
    rso_buf_putc(out, '\n');
    return 0;
}

int hotfix_edit_csv(const struct hotfix_edit *e, const char *text, size_t len,
                    struct rso_buf *out)
{
    const char *nl = text ? memchr(text, '\n', len) : NULL;
    size_t hl = text ? (nl ? (size_t)(nl - text) : len) : 0;
    struct rso_buf row = RSO_BUF_INIT;
    char **head = NULL;
    size_t n = 0;
    int rc;

    if (hl && text[hl - 1] == '\r')
        hl--;
    /* Rows under an empty first line would be lost with a new header. */
    if (!hl && text && !csv_blank(text, len))
        return rso_fail(RSO_EDATA,
                        "%s:1:1: the first line, the header, is "
                        "empty",
                        e->file);
    if (hl && csv_quotes_open(text, hl))
        return rso_fail(RSO_EDATA,
                        "%s:1:1: a quoted name in the header "
                        "goes on past the line",
                        e->file);
    /* A row added after an open quote would land inside the field. */
    if (hl && csv_quotes_open(text, len))
        return rso_fail(RSO_EDATA,
                        "%s: the file ends inside a quoted "
                        "field",
                        e->file);
    if (hl) {
        n = csv_fields(text, hl, &head);
    } else {
        n = e->n_kv;
        head = xcalloc(n, sizeof(*head));
        for (size_t k = 0; k < n; k++) {
            head[k] = xstrdup(e->kv[k].key);
            csv_put(&row, e->kv[k].key);
            rso_buf_putc(&row, k + 1 < n ? ',' : '\n');
        }
    }
    rc = csv_row(e, head, n, &row);
    if (rc == 0 && hl) {
        rso_buf_add(out, text, len);
        if (text[len - 1] != '\n')
            rso_buf_putc(out, '\n');
    }
    if (rc == 0)
        rso_buf_add(out, row.ptr, row.len);
    for (size_t j = 0; j < n; j++)
        free(head[j]);
    free(head);
    rso_buf_release(&row);
    return rc;
}

/*
 * Whether s is UTF-8 as YAML and JSON read it: no stray or missing
 * continuation bytes, overlong forms, surrogates or values past U+10FFFF.
 */
static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        unsigned c = *p, n = c < 0x80   ? 0
                             : c < 0xC2 ? 9
                             : c < 0xE0 ? 1
                             : c < 0xF0 ? 2
                             : c < 0xF5 ? 3
                                        : 9;
        unsigned long v = n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;

        if (n == 9)
            return 0;
        for (unsigned i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            v = v << 6 | (p[i] & 0x3F);
        }
        if ((n == 2 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
            (n == 3 && (v < 0x10000 || v > 0x10FFFF)))
            return 0;
        p += n + 1;
    }
    return 1;
}

/*
 * What every format needs of an edit: text in UTF-8, and for `append`
 * an item whose keys differ (templates may expand two keys alike).
 */
static int edit_check(const struct hotfix_edit *e)
{
    if (e->note && !utf8_ok(e->note))
        return rso_fail(RSO_EUSAGE,
                        "%s: the note of the edit is not valid "
                        "UTF-8",
                        e->file);
    if (e->key && !utf8_ok(e->key))
        return rso_fail(RSO_EUSAGE,
                        "%s: the list to append to is not "
                        "valid UTF-8",
                        e->file);
    for (size_t i = 0; i < e->n_kv; i++) {
        if (!utf8_ok(e->kv[i].key))
            return rso_fail(RSO_EUSAGE,
                            "%s: key %zu of the action is not "
                            "valid UTF-8",
                            e->file, i + 1);
        if (!utf8_ok(e->kv[i].value))
            return rso_fail(RSO_EUSAGE,
                            "%s: the value for '%s' is not "
                            "valid UTF-8",
                            e->file, e->kv[i].key);
        for (size_t j = 0; e->action == HOTFIX_APPEND && j < i; j++)
            if (!strcmp(e->kv[j].key, e->kv[i].key))
                return rso_fail(RSO_EUSAGE,
                                "%s: the appended item has "
                                "the key '%s' twice",
                                e->file, e->kv[i].key);
    }
    return 0;
}

int hotfix_edit_apply(const struct hotfix_edit *e, const char *text, size_t len,
                      struct rso_buf *out)
{
    int rc = edit_check(e);

    if (rc < 0)
        return rc;
    switch (e->format) {
    case HOTFIX_JSON:
        return hotfix_edit_json(e, text, len, out);
    case HOTFIX_CSV:
        return hotfix_edit_csv(e, text, len, out);
    case HOTFIX_YAML:
        break;
    }
    return hotfix_edit_yaml(e, text, len, out);
}
