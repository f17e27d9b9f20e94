#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hotfix/template.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/units.h"

void hotfix_vars_set(struct hotfix_vars *v, const char *name, const char *value)
{
    for (size_t i = 0; i < v->len; i++) {
        if (!strcmp(v->items[i].name, name)) {
            free(v->items[i].value);
            v->items[i].value = xstrdup(value);
            return;
        }
    }
    RSO_GROW(v->items, v->cap, v->len + 1);
    v->items[v->len].name = xstrdup(name);
    v->items[v->len].value = xstrdup(value);
    v->len++;
}

const char *hotfix_vars_get(const struct hotfix_vars *v, const char *name)
{
    for (size_t i = 0; i < v->len; i++)
        if (!strcmp(v->items[i].name, name))
            return v->items[i].value;
    return NULL;
}

int hotfix_vars_parse(struct hotfix_vars *v, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    char *name;

    if (!eq || eq == assignment)
        return rso_fail(RSO_EUSAGE, "--set takes key=value, not '%s'",
                        assignment);
    name = xstrndup(assignment, (size_t)(eq - assignment));
    hotfix_vars_set(v, name, eq + 1);
    free(name);
    return 0;
}

void hotfix_vars_release(struct hotfix_vars *v)
{
    for (size_t i = 0; i < v->len; i++) {
        free(v->items[i].name);
        free(v->items[i].value);
    }
    free(v->items);
    memset(v, 0, sizeof(*v));
}

/* Whether s is a bare date, "YYYY-MM-DD". */
static int is_date(const char *s)
{
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-';
}

/* {name+DUR} or {name-DUR}: a time moved by a duration. */
static int expand_shift(const struct hotfix_vars *v, const char *name,
                        const char *value, char sign, const char *dur,
                        struct rso_buf *out)
{
    double t, d;
    char when[32];

    if (units_timestamp(value, &t) < 0)
        return rso_fail(RSO_EUSAGE,
                        "hotfix '%s': '{%s%c%s}' needs a time, "
                        "and %s is '%s'",
                        v->entry, name, sign, dur, name, value);
    if (units_duration(dur, &d) < 0)
        return rso_fail(RSO_EUSAGE,
                        "hotfix '%s': '%s' in '{%s%c%s}' is "
                        "not a duration such as 7d",
                        v->entry, dur, name, sign, dur);
    t += sign == '+' ? d : -d;
    /* 0001-01-01 to 9999-12-31: what gmtime and a 4-digit year can say. */
    if (!(t >= -62135596800.0 && t < 253402300800.0))
        return rso_fail(RSO_EUSAGE,
                        "hotfix '%s': '{%s%c%s}' is a time outside the "
                        "years 1 to 9999",
                        v->entry, name, sign, dur);
    units_format_time(when, t, 1);
    if (is_date(value) && fmod(d, 86400) == 0)
        when[10] = '\0';
    rso_buf_puts(out, when);
    return 0;
}

static int expand_one(const struct hotfix_vars *v, const char *ph, size_t len,
                      struct rso_buf *out)
{
    char *name = xstrndup(ph, len), *op = strpbrk(name, "+-");
    const char *value;
    char now[32], sign = 0;
    int rc = 0;

    /* Names may hold '-' (e.g. {item-id}); a shift needs a digit after. */
    while (op && !(op[1] >= '0' && op[1] <= '9'))
        op = strpbrk(op + 1, "+-");
    if (op) {
        sign = *op;
        *op = '\0';
    }
    units_format_time(now, v->now, 1);
    value = !strcmp(name, "now") ? now : hotfix_vars_get(v, name);
    if (!value && !strcmp(name, "item"))
        rc = rso_fail(RSO_EUSAGE,
                      "hotfix '%s' needs a value for {item}: "
                      "pass --item ID",
                      v->entry);
    else if (!value)
        rc = rso_fail(RSO_EUSAGE,
                      "hotfix '%s' needs a value for {%s}: "
                      "pass --set %s=VALUE",
                      v->entry, name, name);
    else if (sign)
        rc = expand_shift(v, name, value, sign, op + 1, out);
    else
        rso_buf_puts(out, value);
    free(name);
    return rc;
}

int hotfix_expand(const struct hotfix_vars *v, const char *tmpl,
                  struct rso_buf *out)
{
    const char *p = tmpl, *open;
    int rc = 0;

    while (rc == 0 && (open = strchr(p, '{'))) {
        const char *close = strchr(open, '}');

        if (!close)
            return rso_fail(RSO_EUSAGE, "unclosed placeholder in '%s'", tmpl);
        rso_buf_add(out, p, (size_t)(open - p));
        rc = expand_one(v, open + 1, (size_t)(close - open - 1), out);
        p = close + 1;
    }
    if (rc == 0)
        rso_buf_puts(out, p);
    return rc;
}
