/*
 * template.h: placeholders in a menu entry's apply action.
 *
 * "{name}" is replaced by the variable's value; "{name+7d}" and
 * "{name-2h}" read the value as a time (ISO 8601 or epoch seconds), add
 * or subtract the duration and write a date ("2026-12-08") when the value
 * was a date and the duration whole days, else a UTC date-time.  {now}
 * is the clock as a UTC date-time.  A placeholder without a value fails
 * with a message saying which --set would give it one.
 */
#ifndef RSO_HOTFIX_TEMPLATE_H
#define RSO_HOTFIX_TEMPLATE_H

#include <stddef.h>

#include "util/buf.h"

struct hotfix_var {
    char *name;
    char *value;
};

/* The variables of one application; hotfix_vars_release() frees them. */
struct hotfix_vars {
    struct hotfix_var *items;
    size_t len, cap;
    double now;
    const char *entry; /* named in messages */
};

/* Set name to value, replacing an earlier value (both are copied). */
void hotfix_vars_set(struct hotfix_vars *v, const char *name,
                     const char *value);

/* The value of name, or NULL; "now" is never stored, see above. */
const char *hotfix_vars_get(const struct hotfix_vars *v, const char *name);

/*
 * Parse "key=value" (from --set) into v.  RSO_EUSAGE for a string
 * without '=' or with an empty key.
 */
int hotfix_vars_parse(struct hotfix_vars *v, const char *assignment);

void hotfix_vars_release(struct hotfix_vars *v);

/*
 * Append tmpl with its placeholders replaced to out.  Returns 0, or
 * RSO_EUSAGE naming the placeholder that has no value or a bad time.
 */
int hotfix_expand(const struct hotfix_vars *v, const char *tmpl,
                  struct rso_buf *out);

#endif
