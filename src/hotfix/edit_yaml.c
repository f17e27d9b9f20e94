/*
 * The YAML edits of hotfix actions: in place where the layout allows,
 * else through libyaml's emitter.  See edit.h.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "hotfix/edit.h"
#include "util/err.h"
#include "util/mem.h"
#include "yaml/ydoc.h"

/* What to change while the document is emitted again. */
struct overlay {
    const struct ynode *at;      /* the map or list to change */
    const char *key;             /* set: the key; add-list: the new key */
    const struct hotfix_kv *kv;  /* set: the value */
    const struct hotfix_edit *e; /* append: the item */
};

struct emitter {
    yaml_emitter_t em;
    struct rso_buf *out;
    int failed;
};

static int write_out(void *data, unsigned char *buffer, size_t size)
{
    rso_buf_add(((struct emitter *)data)->out, buffer, size);
    return 1;
}

/*
 * Emit ev, which its initializer built when ok (libyaml refuses to build
 * an event from text that is not UTF-8).  After a failure nothing more is
 * emitted and later events are freed here.
 */
static void emit(struct emitter *w, yaml_event_t *ev, int ok)
{
    if (!ok) {
        w->failed = 1;
        return;
    }
    if (w->failed)
        yaml_event_delete(ev);
    else if (!yaml_emitter_emit(&w->em, ev))
        w->failed = 1;
}

static void emit_scalar(struct emitter *w, const char *s, int quoted)
{
    yaml_event_t ev;
    int plain = !quoted && hotfix_plain_ok(s, 1);

    emit(w, &ev,
         yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
                                      (int)strlen(s), plain, !plain,
                                      plain ? YAML_PLAIN_SCALAR_STYLE
                                            : YAML_DOUBLE_QUOTED_SCALAR_STYLE));
}

static void emit_map_start(struct emitter *w, int flow)
{
    yaml_event_t ev;

    emit(w, &ev,
         yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                             flow ? YAML_FLOW_MAPPING_STYLE
                                                  : YAML_BLOCK_MAPPING_STYLE));
}

static void emit_seq_start(struct emitter *w)
{
    yaml_event_t ev;

    emit(w, &ev,
         yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                              YAML_BLOCK_SEQUENCE_STYLE));
}

static void emit_end(struct emitter *w, int map)
{
    yaml_event_t ev;

    emit(w, &ev,
         map ? yaml_mapping_end_event_initialize(&ev)
             : yaml_sequence_end_event_initialize(&ev));
}

/* The appended item: a flow mapping of the action's pairs. */
static void emit_item(struct emitter *w, const struct hotfix_edit *e)
{
    emit_map_start(w, 1);
    for (size_t i = 0; i < e->n_kv; i++) {
        emit_scalar(w, e->kv[i].key, 0);
        emit_scalar(w, e->kv[i].value, e->kv[i].quoted);
    }
    emit_end(w, 1);
}

static void emit_node(struct emitter *w, const struct ynode *n,
                      const struct overlay *ov);

static void emit_map(struct emitter *w, const struct ynode *n,
                     const struct overlay *ov)
{
    int here = ov && ov->at == n, done = 0;

    emit_map_start(w, 0);
    for (size_t i = 0; i < n->len; i++) {
        const struct ypair *p = &n->pairs[i];

        emit_scalar(w, p->key->str, p->key->quoted);
        if (here && !strcmp(p->key->str, ov->key) && ov->kv) {
            emit_scalar(w, ov->kv->value, ov->kv->quoted);
            done = 1;
        } else if (here && !strcmp(p->key->str, ov->key)) {
            /* An empty key becomes the list. */
            emit_seq_start(w);
            emit_item(w, ov->e);
            emit_end(w, 0);
            done = 1;
        } else {
            emit_node(w, p->value, ov);
        }
    }
    if (here && !done) {
        emit_scalar(w, ov->key, 0);
        if (ov->kv) {
            emit_scalar(w, ov->kv->value, ov->kv->quoted);
        } else {
            emit_seq_start(w);
            emit_item(w, ov->e);
            emit_end(w, 0);
        }
    }
    emit_end(w, 1);
}

static void emit_node(struct emitter *w, const struct ynode *n,
                      const struct overlay *ov)
{
    if (n->type == YNODE_SCALAR) {
        emit_scalar(w, n->str, n->quoted);
        return;
    }
    if (n->type == YNODE_MAP) {
        emit_map(w, n, ov);
        return;
    }
    emit_seq_start(w);
    for (size_t i = 0; i < n->len; i++)
        emit_node(w, n->items[i], ov);
    if (ov && ov->at == n && ov->e)
        emit_item(w, ov->e);
    emit_end(w, 0);
}

/*
 * Emit a whole document: root with the overlay, or, without a root, a
 * list holding the appended item, or a mapping holding the set key.
 */
static int emit_doc(const char *file, const struct ynode *root,
                    const struct overlay *ov, struct rso_buf *out)
{
    struct emitter w = {.out = out};
    yaml_event_t ev;

    if (!yaml_emitter_initialize(&w.em))
        return rso_fail(RSO_EINTERNAL, "cannot start the YAML emitter");
    yaml_emitter_set_output(&w.em, write_out, &w);
    yaml_emitter_set_unicode(&w.em, 1);
    yaml_emitter_set_width(&w.em, 78);
    emit(&w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    emit(&w, &ev,
         yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    if (root) {
        emit_node(&w, root, ov);
    } else if (ov->e) {
        emit_seq_start(&w);
        emit_item(&w, ov->e);
        emit_end(&w, 0);
    } else {
        emit_map_start(&w, 0);
        emit_scalar(&w, ov->key, 0);
        emit_scalar(&w, ov->kv->value, ov->kv->quoted);
        emit_end(&w, 1);
    }
    emit(&w, &ev, yaml_document_end_event_initialize(&ev, 1));
    emit(&w, &ev, yaml_stream_end_event_initialize(&ev));
    yaml_emitter_delete(&w.em);
    if (w.failed)
        return rso_fail(RSO_EINTERNAL, "cannot write YAML for '%s'", file);
    /* libyaml ends a document with a quoted scalar without a newline. */
    if (out->len && out->ptr[out->len - 1] != '\n')
        rso_buf_putc(out, '\n');
    return 0;
}

/* The item of list whose `id` is id, or NULL. */
static const struct ynode *pick(const struct ynode *list, const char *id)
{
    for (size_t i = 0; list->type == YNODE_SEQ && i < list->len; i++) {
        const struct ynode *v = ynode_get(list->items[i], "id");

        if (v && v->str && !strcmp(v->str, id))
            return list->items[i];
    }
    return NULL;
}

/*
 * Walk the first n segments from root into *out.  Fails naming the
 * segment that is missing.
 */
static int walk(const char *file, const struct ynode *root,
                const struct hotfix_seg *segs, size_t n,
                const struct ynode **out)
{
    const struct ynode *node = root;

    for (size_t i = 0; i < n; i++) {
        const struct ynode *child = node ? ynode_get(node, segs[i].key) : NULL;

        if (!child)
            return rso_fail(RSO_EDATA, "%s: no '%s' to edit", file,
                            segs[i].key);
        if (segs[i].pick && !(child = pick(child, segs[i].pick)))
            return rso_fail(RSO_EDATA, "%s: no item with id '%s' in '%s'", file,
                            segs[i].pick, segs[i].key);
        node = child;
    }
    *out = node;
    return 0;
}

/*
 * The length of the line break at text[i], or 0: as libyaml counts lines,
 * CR LF, CR, LF, NEL (U+0085), LS and PS (U+2028, U+2029) each end one.
 */
static size_t line_break(const char *text, size_t len, size_t i)
{
    const unsigned char *p = (const unsigned char *)text + i;
    size_t left = len - i;

    if (p[0] == '\r')
        return left > 1 && p[1] == '\n' ? 2 : 1;
    if (p[0] == '\n')
        return 1;
    if (left > 1 && p[0] == 0xC2 && p[1] == 0x85)
        return 2;
    if (left > 2 && p[0] == 0xE2 && p[1] == 0x80 &&
        (p[2] == 0xA8 || p[2] == 0xA9))
        return 3;
    return 0;
}

/* Byte offset of 1-based line and column (in characters) in text. */
static size_t offset_of(const char *text, size_t len, int line, int col)
{
    size_t i = 0, br;

    for (int l = 1; l < line && i < len;) {
        if ((br = line_break(text, len, i))) {
            i += br;
            l++;
        } else {
            i++;
        }
    }
    for (int c = 1; c < col && i < len; c++)
        while (++i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            ;
    return i;
}

/* The end of a quoted scalar starting at text[at], or 0 if not found. */
static size_t quoted_end(const char *text, size_t len, size_t at)
{
    char q = text[at];

    for (size_t i = at + 1; i < len && text[i] != '\n'; i++) {
        if (q == '"' && text[i] == '\\') {
            i++;
        } else if (text[i] == q) {
            if (q == '\'' && i + 1 < len && text[i + 1] == '\'')
                i++;
            else
                return i + 1;
        }
    }
    return 0;
}

/*
 * The code point of the UTF-8 sequence at p, and its length in *n (text
 * that is not UTF-8 is refused before, see edit_check in edit.c).
 */
static unsigned long utf8_at(const unsigned char *p, size_t *n)
{
    unsigned long v;

    *n = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    v = p[0] & (0x7F >> *n);
    for (size_t i = 1; i < *n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *n = 1; /* not UTF-8 after all: one byte, escaped */
            return 0x80;
        }
        v = v << 6 | (p[i] & 0x3F);
    }
    return v;
}

/*
 * The value as YAML text: plain when that reads back the same, else
 * double-quoted with an escape for every character that YAML does not
 * allow in a file or reads as a line break (C0 and C1 controls, DEL,
 * U+2028, U+2029, the byte order mark, U+FFFE and U+FFFF).
 */
static void scalar_text(struct rso_buf *out, const struct hotfix_kv *kv,
                        int was_quoted)
{
    const unsigned char *p = (const unsigned char *)kv->value;

    if (!kv->quoted && !was_quoted && hotfix_plain_ok(kv->value, 1)) {
        rso_buf_puts(out, kv->value);
        return;
    }
    rso_buf_putc(out, '"');
    while (*p) {
        unsigned long c = *p;
        size_t n = 1;

        if (c >= 0x80)
            c = utf8_at(p, &n);
        if (c == '"' || c == '\\')
            rso_buf_printf(out, "\\%c", (int)c);
        else if (c == '\n')
            rso_buf_puts(out, "\\n");
        else if (c == '\t')
            rso_buf_puts(out, "\\t");
        else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            rso_buf_printf(out, "\\x%02lX", c);
        else if (c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0xFFFE ||
                 c == 0xFFFF)
            rso_buf_printf(out, "\\u%04lX", c);
        else
            rso_buf_add(out, (const char *)p, n);
        p += n;
    }
    rso_buf_putc(out, '"');
}

/*
 * Replace the scalar n in place.  Returns 1 when done, 0 when the layout
 * does not allow it (a multi-line scalar), so that the caller emits.
 */
static int replace_in_place(const char *text, size_t len, const struct ynode *n,
                            const struct hotfix_kv *kv, const char *note,
                            struct rso_buf *out)
{
    size_t at = offset_of(text, len, n->line, n->col), end, eol;

    /* An empty value has no text of its own to replace: "key:" alone. */
    if (at >= len || (!n->quoted && !*n->str))
        return 0;
    /* A block scalar (| or >) is not quoted, and its text is elsewhere. */
    if (n->quoted != (text[at] == '"' || text[at] == '\''))
        return 0;
    if (text[at] == '"' || text[at] == '\'')
        end = quoted_end(text, len, at);
    else
        end = !strchr(n->str, '\n') && len - at >= strlen(n->str) &&
                      !memcmp(text + at, n->str, strlen(n->str))
                  ? at + strlen(n->str)
                  : 0;
    if (!end)
        return 0;
    for (eol = end; eol < len && !line_break(text, len, eol); eol++)
        ;
    rso_buf_add(out, text, at);
    scalar_text(out, kv, text[at] == '"' || text[at] == '\'');
    rso_buf_add(out, text + end, eol - end);
    if (note) {
        rso_buf_puts(out, memchr(text + end, '#', eol - end) ? " # " : "  # ");
        /* A line break in the note would end the comment. */
        for (const char *p = note; *p; p++)
            rso_buf_putc(out,
                         (unsigned char)*p < 0x20 || *p == 0x7F ? ' ' : *p);
    }
    rso_buf_add(out, text + eol, len - eol);
    return 1;
}

/*
 * Parse text; a missing or empty file reads as an empty mapping when
 * as_map is set (a key will be added), else as no document.
 */
static int load(const struct hotfix_edit *e, const char *text, size_t len,
                int as_map, struct ydoc **out)
{
    int rc;

    *out = NULL;
    if (text && (rc = ydoc_load_string(out, e->file, text, len)) < 0)
        return rc;
    if (as_map && (!*out || !(*out)->root || ynode_is_null((*out)->root))) {
        ydoc_free(*out);
        return ydoc_load_string(out, e->file, "{}", 2);
    }
    return 0;
}

/* One `set` pair on text, appending the new text to out. */
static int set_one(const struct hotfix_edit *e, const struct hotfix_kv *kv,
                   const char *text, size_t len, struct rso_buf *out)
{
    struct hotfix_seg *segs = NULL;
    struct overlay ov = {.kv = kv};
    const struct ynode *parent = NULL, *root, *cur;
    struct ydoc *doc = NULL;
    size_t n = 0;
    int rc;

    if ((rc = hotfix_path_parse(kv->key, &segs, &n)) == 0)
        rc = load(e, text, len, 1, &doc);
    root = doc ? doc->root : NULL;
    if (rc == 0 && root && root->type != YNODE_MAP)
        rc = rso_fail(RSO_EDATA, "%s: the document is not a mapping", e->file);
    if (rc == 0 && (root || n > 1))
        rc = walk(e->file, root, segs, n - 1, &parent);
    if (rc == 0 && (segs[n - 1].pick || (parent && parent->type != YNODE_MAP)))
        rc = rso_fail(RSO_EDATA, "%s: cannot set '%s'", e->file, kv->key);
    cur = rc == 0 && parent ? ynode_get(parent, segs[n - 1].key) : NULL;
    if (rc == 0 && !(cur && cur->type == YNODE_SCALAR &&
                     replace_in_place(text, len, cur, kv, e->note, out))) {
        ov.at = parent;
        ov.key = segs[n - 1].key;
        rc = emit_doc(e->file, root, &ov, out);
    }
    ydoc_free(doc);
    hotfix_path_free(segs, n);
    return rc;
}

static int yaml_set(const struct hotfix_edit *e, const char *text, size_t len,
                    struct rso_buf *out)
{
    struct rso_buf cur = RSO_BUF_INIT, next = RSO_BUF_INIT;
    int rc = 0;

    if (text)
        rso_buf_add(&cur, text, len);
    for (size_t i = 0; rc == 0 && i < e->n_kv; i++) {
        rso_buf_clear(&next);
        rc = set_one(e, &e->kv[i], i || text ? rso_buf_str(&cur) : NULL,
                     cur.len, &next);
        rso_buf_clear(&cur);
        if (rc == 0)
            rso_buf_add(&cur, next.ptr, next.len);
    }
    if (rc == 0)
        rso_buf_add(out, cur.ptr, cur.len);
    rso_buf_release(&cur);
    rso_buf_release(&next);
    return rc;
}

/* Whether the list is the top-level block list starting in column 1. */
static int top_block_list(const struct ynode *root, const char *text,
                          size_t len)
{
    size_t at;

    if (!root || root->type != YNODE_SEQ || root->col != 1 || !root->len)
        return 0;
    at = offset_of(text, len, root->line, root->col);
    return at < len && text[at] == '-';
}

/*
 * Keep the file as it is and add the emitted item at its end, when that
 * reads back as the list of n items with one more (a document end marker
 * "..." or a trailing directive would end the list before the item).
 * Returns 1 when done, 0 when the caller must emit the whole document.
 */
static int append_at_end(const struct hotfix_edit *e, const char *text,
                         size_t len, size_t n, const struct overlay *ov,
                         struct rso_buf *out)
{
    struct rso_buf next = RSO_BUF_INIT;
    struct ydoc *doc = NULL;
    int ok;

    rso_buf_add(&next, text, len);
    if (len && text[len - 1] != '\n')
        rso_buf_putc(&next, '\n');
    ok = emit_doc(e->file, NULL, ov, &next) == 0 &&
         ydoc_load_string(&doc, e->file, rso_buf_str(&next), next.len) == 0 &&
         doc->root && doc->root->type == YNODE_SEQ && doc->root->len == n + 1;
    if (ok)
        rso_buf_add(out, next.ptr, next.len);
    rso_err_clear();
    ydoc_free(doc);
    rso_buf_release(&next);
    return ok;
}

static int yaml_append(const struct hotfix_edit *e, const char *text,
                       size_t len, struct rso_buf *out)
{
    struct hotfix_seg *segs = NULL;
    struct overlay ov = {.e = e};
    const struct ynode *root, *list = NULL;
    struct ydoc *doc = NULL;
    size_t n = 0;
    int rc = load(e, text, len, e->key != NULL, &doc);

    root = doc && doc->root && !ynode_is_null(doc->root) ? doc->root : NULL;
    if (rc == 0 && !e->key && root && root->type != YNODE_SEQ)
        rc = rso_fail(RSO_EDATA, "%s: the document is not a list", e->file);
    if (rc == 0 && e->key && (rc = hotfix_path_parse(e->key, &segs, &n)) == 0)
        rc = walk(e->file, root, segs, n - 1, &list);
    if (rc == 0 && e->key && list->type != YNODE_MAP)
        rc = rso_fail(RSO_EDATA, "%s: cannot find '%s'", e->file, e->key);
    if (rc == 0 && e->key) {
        const struct ynode *l = ynode_get(list, segs[n - 1].key);

        if (l && l->type != YNODE_SEQ && !ynode_is_null(l))
            rc = rso_fail(RSO_EDATA, "%s: '%s' is not a list", e->file, e->key);
        ov.at = l && l->type == YNODE_SEQ ? l : list;
        ov.key = segs[n - 1].key;
    } else if (rc == 0) {
        ov.at = root;
    }
    if (rc == 0 && !e->key && top_block_list(root, text, len) &&
        append_at_end(e, text, len, root->len, &ov, out)) {
        /* The file is kept as it is, with the item at its end. */
    } else if (rc == 0) {
        rc = emit_doc(e->file, root, &ov, out);
    }
    ydoc_free(doc);
    hotfix_path_free(segs, n);
    return rc;
}

int hotfix_edit_yaml(const struct hotfix_edit *e, const char *text, size_t len,
                     struct rso_buf *out)
{
    if (e->action == HOTFIX_SET)
        return yaml_set(e, text, len, out);
    return yaml_append(e, text, len, out);
}
