/*
 * ydoc.h: YAML documents as trees whose every node knows its position.
 *
 * libyaml parses; this module keeps the result as maps, sequences and
 * scalars, each with the file, line and column it came from (1-based), so
 * that any later message can point back into the file.  Anchors and
 * aliases are resolved (an alias shares the node of the latest anchor of
 * its name); duplicate keys, more than one document, an alias inside the
 * node it names, and aliases that would make a walk of the tree visit more
 * than a million nodes are errors.
 *
 * A ydoc owns every node in it; ydoc_free() frees them all.
 */
#ifndef RSO_YDOC_H
#define RSO_YDOC_H

#include <stddef.h>

enum ynode_type { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode;

struct ypair {
    struct ynode *key; /* always a scalar */
    struct ynode *value;
};

struct ynode {
    enum ynode_type type;
    const char *file;
    int line, col;
    char *str;  /* scalar text; NULL for maps and sequences */
    int quoted; /* scalar was quoted: "null" stays a string */
    size_t len; /* map pairs or sequence items */
    struct ypair *pairs;
    struct ynode **items;
};

struct ydoc {
    char *file;
    struct ynode *root; /* NULL for an empty document */
    struct ynode **all; /* every node, for freeing */
    size_t n_all, cap_all;
};

/*
 * Parse the file at path.  Returns 0 and sets *out, or RSO_EUSAGE with a
 * positioned message when the file is missing or not valid YAML.
 */
int ydoc_load_file(struct ydoc **out, const char *path);

/* Parse n bytes of text, named name in messages. */
int ydoc_load_string(struct ydoc **out, const char *name, const char *text,
                     size_t n);

void ydoc_free(struct ydoc *doc);

/* The value for key in a map, or NULL (also when map is not a map). */
struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Whether a scalar is a YAML null (~, null, empty and unquoted). */
int ynode_is_null(const struct ynode *n);

/*
 * Record "file:line:col: MESSAGE" as the last error and return RSO_EUSAGE.
 */
int ynode_fail(const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Check that every key of map is in allowed (NULL-terminated).  For an
 * unknown key, fails naming it, where (e.g. "in check 'x'") and the
 * closest allowed key.  Also fails when map is not a map.
 */
int ynode_check_keys(const struct ynode *map, const char *const *allowed,
                     const char *where);

/*
 * Typed readers.  Each fails with a positioned message naming what (e.g.
 * "'min' in check 'x'") when the node has another type or a bad value,
 * and leaves *out unchanged then.
 */
int ynode_string(const struct ynode *n, const char *what, const char **out);
int ynode_number(const struct ynode *n, const char *what, double *out);
int ynode_integer(const struct ynode *n, const char *what, long long *out);
int ynode_bool(const struct ynode *n, const char *what, int *out);
int ynode_duration(const struct ynode *n, const char *what, double *out);
int ynode_fraction(const struct ynode *n, const char *what, double *out);
int ynode_timestamp(const struct ynode *n, const char *what, double *out);

/*
 * A scalar or a sequence of scalars as a NULL-terminated array of
 * borrowed strings; the array itself is the caller's to free().
 */
int ynode_strings(const struct ynode *n, const char *what, const char ***out,
                  size_t *out_len);

#endif
