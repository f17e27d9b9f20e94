/*
 * edit.h: the file edits of hotfix actions, on text in memory.
 *
 * An action's templates are expanded first (hotfix_edit_expand) into
 * plain key/value pairs; each format then edits the file's text:
 *
 * - YAML: `set` replaces an existing scalar in place, keeping every
 *   comment and the layout, and can add a trailing comment; a missing
 *   key, and `append` to anything but a top-level block list, rewrite
 *   the document through libyaml's emitter.  Appending to a top-level
 *   block list adds the emitted item at the end of the file.
 * - JSON: jansson; the document is written back indented by 2.
 * - CSV: `append` adds one row under the header (a missing file gets a
 *   header from the appended keys).
 *
 * Paths: dotted keys, and "name[ID]" picks the item of list `name` whose
 * `id` is ID: "checks[ndcg].metric.min".  The text passed in is never
 * changed; results go to out.  Every function returns 0, or RSO_EUSAGE /
 * RSO_EDATA with one message naming the file.
 */
#ifndef RSO_HOTFIX_EDIT_H
#define RSO_HOTFIX_EDIT_H

#include <stddef.h>

#include "hotfix/menu.h"
#include "hotfix/template.h"
#include "util/buf.h"

struct hotfix_kv {
    char *key; /* append: the field; set: the path */
    char *value;
    int quoted; /* the template asked for a string */
};

struct hotfix_edit {
    enum hotfix_format format;
    enum hotfix_action action;
    const char *file; /* the repository path, for messages */
    char *key;        /* append: path to the list, or NULL */
    struct hotfix_kv *kv;
    size_t n_kv, cap_kv;
    const char *note; /* YAML set: a trailing comment, or NULL */
};

/* Expand the action's templates with v into e (which the caller owns). */
int hotfix_edit_expand(struct hotfix_edit *e,
                       const struct hotfix_action_spec *a,
                       const struct hotfix_vars *v);
void hotfix_edit_release(struct hotfix_edit *e);

/*
 * Apply e to text (len bytes; text NULL when the file does not exist
 * yet), appending the new content to out.
 */
int hotfix_edit_apply(const struct hotfix_edit *e, const char *text, size_t len,
                      struct rso_buf *out);

/* The formats, for hotfix_edit_apply and the tests. */
int hotfix_edit_yaml(const struct hotfix_edit *e, const char *text, size_t len,
                     struct rso_buf *out);
int hotfix_edit_json(const struct hotfix_edit *e, const char *text, size_t len,
                     struct rso_buf *out);
int hotfix_edit_csv(const struct hotfix_edit *e, const char *text, size_t len,
                    struct rso_buf *out);

/* A path segment: key, and the id of the list item it picks, or NULL. */
struct hotfix_seg {
    char *key;
    char *pick;
};

/* Split a path into *out (caller frees with hotfix_path_free). */
int hotfix_path_parse(const char *path, struct hotfix_seg **out,
                      size_t *out_len);
void hotfix_path_free(struct hotfix_seg *segs, size_t n);

/*
 * Whether s, written plain, reads back as the text s (and not as
 * another type): "tt0111161", "popularity"; numbers when numbers_ok.
 */
int hotfix_plain_ok(const char *s, int numbers_ok);

/* Whether s is a JSON number (strict: no leading zeros, no '+'). */
int hotfix_is_number(const char *s);

#endif
