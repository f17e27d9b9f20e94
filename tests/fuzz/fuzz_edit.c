/*
 * libFuzzer target: the hotfix edits of YAML, JSON and CSV files.
 *
 * The input is an action, a newline, then the file's content:
 *
 *   byte 0      format (% 3: YAML, JSON, CSV), action (/ 3 % 2: append,
 *               set), whether e->key is given (/ 6 % 2), whether the
 *               file exists (/ 12 % 2: else text is NULL), and whether a
 *               note is given (/ 24 % 2: an odd last field, or a fixed
 *               one)
 *   then        tab-separated fields up to the newline: the key when
 *               given, then key/value pairs; a value starting with '\''
 *               is quoted (the quote is dropped)
 *
 * Every edit must fail with a message or succeed with output that its
 * format reads back; a YAML `set` must read back the value it set, a
 * YAML `append` must add the item at the end of the list, and a CSV file
 * must end its rows outside quotes.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hotfix/edit.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "yaml/ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The node at path in doc, or NULL. */
static const struct ynode *yaml_at(const struct ynode *root, const char *path)
{
    struct hotfix_seg *segs;
    const struct ynode *n = root;
    size_t len;

    if (hotfix_path_parse(path, &segs, &len) < 0)
        abort(); /* the edit succeeded, so its path parsed */
    for (size_t i = 0; n && i < len; i++) {
        n = ynode_get(n, segs[i].key);
        if (n && segs[i].pick) {
            const struct ynode *hit = NULL;

            for (size_t j = 0; n->type == YNODE_SEQ && j < n->len; j++) {
                const struct ynode *id = ynode_get(n->items[j], "id");

                if (!hit && id && id->str && !strcmp(id->str, segs[i].pick))
                    hit = n->items[j];
            }
            n = hit;
        }
    }
    hotfix_path_free(segs, len);
    return n;
}

/* Whether the YAML list of the edit ends with the appended item. */
static int yaml_appended(const struct hotfix_edit *e, const struct ynode *root)
{
    const struct ynode *list = e->key ? yaml_at(root, e->key) : root;
    const struct ynode *item;

    if (!list || list->type != YNODE_SEQ || !list->len)
        return 0;
    item = list->items[list->len - 1];
    for (size_t i = 0; i < e->n_kv; i++) {
        const struct ynode *v = ynode_get(item, e->kv[i].key);
        size_t first;

        /* A repeated key keeps its first value. */
        for (first = 0; strcmp(e->kv[first].key, e->kv[i].key); first++)
            ;
        if (!v || !v->str || strcmp(v->str, e->kv[first].value))
            return 0;
    }
    return 1;
}

static void check_yaml(const struct hotfix_edit *e, const struct rso_buf *out)
{
    struct ydoc *doc = NULL;

    if (ydoc_load_string(&doc, "out.yml", out->ptr ? out->ptr : "", out->len) <
        0) {
        fprintf(stderr, "edit wrote YAML that does not load: %s\n",
                rso_errmsg());
        abort();
    }
    if (e->action == HOTFIX_SET) {
        for (size_t i = 0; i < e->n_kv; i++) {
            const char *k = e->kv[i].key;
            const struct ynode *v;
            size_t j;

            /* A later path that overlaps this one may change it. */
            for (j = i + 1; j < e->n_kv; j++)
                if (!strncmp(e->kv[j].key, k, strlen(k)) ||
                    !strncmp(k, e->kv[j].key, strlen(e->kv[j].key)))
                    break;
            if (j < e->n_kv)
                continue;
            v = yaml_at(doc->root, k);
            if (!v || !v->str || strcmp(v->str, e->kv[i].value)) {
                fprintf(stderr, "'%s' does not read back as '%s'\n", k,
                        e->kv[i].value);
                abort();
            }
        }
    } else if (!yaml_appended(e, doc->root)) {
        fprintf(stderr, "the appended item is not at the end of the list\n");
        abort();
    }
    ydoc_free(doc);
}

static void check_json(const struct rso_buf *out)
{
    json_error_t err;
    json_t *root = json_loadb(out->ptr ? out->ptr : "", out->len,
                              JSON_REJECT_DUPLICATES, &err);

    if (!root) {
        fprintf(stderr, "edit wrote JSON that does not load: %s\n", err.text);
        abort();
    }
    json_decref(root);
}

/* A CSV file must end its last row outside any quoted field. */
static void check_csv(const struct rso_buf *out)
{
    size_t field = 0;
    int quoted = 0;

    if (!out->len || out->ptr[out->len - 1] != '\n')
        abort();
    for (size_t i = 0; i < out->len; i++) {
        char c = out->ptr[i];

        if (quoted && c == '"' && i + 1 < out->len && out->ptr[i + 1] == '"')
            i++;
        else if (c == '"' && (quoted || !field))
            quoted = !quoted;
        else if (!quoted && (c == ',' || c == '\r' || c == '\n'))
            field = 0;
        else
            field++;
    }
    if (quoted) {
        fprintf(stderr, "edit wrote CSV that ends inside a quoted field\n");
        abort();
    }
}

static void add_pair(struct hotfix_edit *e, char *key, char *value)
{
    RSO_GROW(e->kv, e->cap_kv, e->n_kv + 1);
    e->kv[e->n_kv].quoted = value[0] == '\'';
    e->kv[e->n_kv].key = xstrdup(key);
    e->kv[e->n_kv].value = xstrdup(value + (value[0] == '\''));
    e->n_kv++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *nl;
    struct hotfix_edit e = {0};
    struct rso_buf out = RSO_BUF_INIT;
    char *head, *field, *save = NULL, *pending = NULL, *note = NULL;
    int flags, rc;

    if (size < 2 || !(nl = memchr(text + 1, '\n', size - 1)))
        return 0;
    flags = (unsigned char)text[0];
    e.format = (enum hotfix_format)(flags % 3);
    e.action = flags / 3 % 2 ? HOTFIX_SET : HOTFIX_APPEND;
    e.file = "fuzz";
    e.note = flags / 24 % 2 ? "hotfix fuzz, until 2026-12-08" : NULL;
    head = xstrndup(text + 1, (size_t)(nl - text - 1));
    for (field = strtok_r(head, "\t", &save); field;
         field = strtok_r(NULL, "\t", &save)) {
        if (flags / 6 % 2 && !e.key)
            e.key = xstrdup(field);
        else if (!pending)
            pending = field;
        else {
            add_pair(&e, pending, field);
            pending = NULL;
        }
    }
    if (pending && e.note)
        e.note = note = xstrdup(pending); /* an odd field is the note */
    free(head);
    if (!e.n_kv ||
        (e.action == HOTFIX_SET && (e.key || e.format == HOTFIX_CSV))) {
        hotfix_edit_release(&e); /* the menu loader refuses these */
        free(note);
        return 0;
    }
    size -= (size_t)(nl - text) + 1;
    text = nl + 1;
    rso_err_clear();
    rc = hotfix_edit_apply(&e, flags / 12 % 2 ? NULL : text, size, &out);
    if (rc < 0 && !rso_errmsg()[0])
        abort(); /* a failure must always say why */
    if (rc == 0 && e.format == HOTFIX_YAML)
        check_yaml(&e, &out);
    else if (rc == 0 && e.format == HOTFIX_JSON)
        check_json(&out);
    else if (rc == 0)
        check_csv(&out);
    rso_buf_release(&out);
    hotfix_edit_release(&e);
    free(note);
    return 0;
}
