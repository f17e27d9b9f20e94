/*
 * menu.h: the hotfix menu: prepared fixes with their trade-offs.
 *
 * The default menu is checks/hotfixes.yml, compiled into the binary; the
 * team's file (the config's `hotfixes:`) extends it: an entry with a new
 * id is added after the defaults, an entry with a default's id replaces
 * that default, and `{ id: X, disabled: true }` removes it.
 *
 * An entry in YAML:
 *
 *   - id: boost-new-item
 *     title: Pin the item into the new-releases row for its first week
 *     answers: [cold_start, launch, tag:catalog]
 *     when: { kind: [cold_start], severity: block, off: { max: 50% } }
 *     tradeoffs: { cost: "ndcg -0.1%", time: 1h, scope: one item,
 *                  reversible: true, approves: item team }
 *     apply: { file: overrides/boost.yml,
 *              append: { item: "{item}", until: "{launch+7d}" } }
 *     last_resort: false
 *     expires: 2027-06-30
 *
 * The menu owns its YAML documents and every entry; entries borrow their
 * strings from the documents.  hotfix_menu_free() releases it all.
 */
#ifndef RSO_HOTFIX_MENU_H
#define RSO_HOTFIX_MENU_H

#include <stddef.h>

#include "yaml/ydoc.h"

enum hotfix_format { HOTFIX_YAML, HOTFIX_JSON, HOTFIX_CSV };
enum hotfix_action { HOTFIX_APPEND, HOTFIX_SET };

struct hotfix_tradeoffs {
    const struct ynode *cost; /* "ndcg -0.1%", a list, or metric: change */
    double time;              /* seconds to apply, -1 when not stated */
    const char *scope;        /* blast radius, or NULL */
    int reversible;           /* 1 or 0 */
    const char *approves;     /* who approves, or NULL */
};

/* A condition on the finding; unset parts match anything. */
struct hotfix_when {
    const char **kinds; /* NULL-terminated, or NULL; owned array */
    int severity;       /* RSO_BLOCK, RSO_WARN, or -1 for either */
    double off_min;     /* bounds on the finding's "off" value (how far */
    double off_max;     /* past its threshold, a fraction); NAN: unset */
    const struct ynode *node;
};

struct hotfix_action_spec {
    const char *file; /* template of a repository-relative path */
    enum hotfix_format format;
    enum hotfix_action action;
    const char *key;            /* append: dotted path to the list, or NULL */
    const struct ynode *values; /* append: item mapping; set: path map */
    const char *until;          /* template of the expiry, or NULL */
    const struct ynode *node;
};

struct hotfix_entry {
    const char *id;
    const char *title;
    const char **answers; /* kinds, check ids, tags, "launch"; owned */
    struct hotfix_when when;
    int has_when;
    struct hotfix_tradeoffs tradeoffs;
    struct hotfix_action_spec apply;
    int last_resort;
    double expires;     /* epoch seconds, or 0 for never */
    const char *origin; /* "built-in" or the team's file */
    const struct ynode *node;
};

struct hotfix_menu {
    struct hotfix_entry *items;
    size_t len, cap;
    struct ydoc **docs;
    size_t n_docs, cap_docs;
};

/*
 * Load the built-in menu, then the team's file at team_path when not
 * NULL.  Returns 0 and sets *out, or RSO_EUSAGE with a positioned
 * message.
 */
int hotfix_menu_load(struct hotfix_menu **out, const char *team_path);

/* Load a menu from text only (no built-in entries); for tests. */
int hotfix_menu_load_string(struct hotfix_menu **out, const char *name,
                            const char *text);

/*
 * Add the entries of a menu document to m, replacing or removing
 * entries by id.  origin names where they come from.
 */
int hotfix_menu_extend(struct hotfix_menu *m, struct ydoc *doc,
                       const char *origin);

void hotfix_menu_free(struct hotfix_menu *m);

/*
 * The format of file from its extension; fails naming it (at n when not
 * NULL) for any other extension.
 */
int hotfix_file_format(const struct ynode *n, const char *file,
                       enum hotfix_format *out);

/* The entry called id, or NULL. */
const struct hotfix_entry *hotfix_menu_find(const struct hotfix_menu *m,
                                            const char *id);

/* Whether the entry has expired at now (epoch seconds). */
int hotfix_expired(const struct hotfix_entry *e, double now);

/*
 * One line of the entry's trade-offs, e.g. "cost: ndcg -0.1%; time: 1h;
 * scope: one item; reversible; approves: item team".
 */
struct rso_buf;
void hotfix_tradeoffs_line(const struct hotfix_entry *e, struct rso_buf *out);

#endif
