#include <math.h>
#include <stdio.h>

#include "check/kinds.h"
#include "util/buf.h"

static const char *what(struct rso_buf *b, const struct rso_check *c,
                        const char *key)
{
    rso_buf_clear(b);
    if (key)
        rso_buf_printf(b, "'%s' in check '%s'", key, c->id);
    else
        rso_buf_printf(b, "in '%s' of check '%s'", c->kind->name, c->id);
    return rso_buf_str(b);
}

int spec_keys(const struct rso_check *c, const struct ynode *spec,
              const char *const *allowed)
{
    struct rso_buf b = RSO_BUF_INIT;
    int rc = ynode_check_keys(spec, allowed, what(&b, c, NULL));

    rso_buf_release(&b);
    return rc;
}

int spec_number(const struct rso_check *c, const struct ynode *spec,
                const char *key, double *out, int *has)
{
    struct rso_buf b = RSO_BUF_INIT;
    const struct ynode *n = ynode_get(spec, key);
    int rc = n ? ynode_number(n, what(&b, c, key), out) : 0;

    if (has)
        *has = n != NULL;
    rso_buf_release(&b);
    return rc;
}

int spec_fraction(const struct rso_check *c, const struct ynode *spec,
                  const char *key, double *out, int *has)
{
    struct rso_buf b = RSO_BUF_INIT;
    const struct ynode *n = ynode_get(spec, key);
    int rc = n ? ynode_fraction(n, what(&b, c, key), out) : 0;

    if (has)
        *has = n != NULL;
    rso_buf_release(&b);
    return rc;
}

int spec_string(const struct rso_check *c, const struct ynode *spec,
                const char *key, const char **out)
{
    struct rso_buf b = RSO_BUF_INIT;
    const struct ynode *n = ynode_get(spec, key);
    int rc = n ? ynode_string(n, what(&b, c, key), out) : 0;

    rso_buf_release(&b);
    return rc;
}

int spec_duration(const struct rso_check *c, const struct ynode *spec,
                  const char *key, double *out, int *has)
{
    struct rso_buf b = RSO_BUF_INIT;
    const struct ynode *n = ynode_get(spec, key);
    int rc = n ? ynode_duration(n, what(&b, c, key), out) : 0;

    if (has)
        *has = n != NULL;
    rso_buf_release(&b);
    return rc;
}

int spec_integer(const struct rso_check *c, const struct ynode *spec,
                 const char *key, long long *out, int *has)
{
    struct rso_buf b = RSO_BUF_INIT;
    const struct ynode *n = ynode_get(spec, key);
    int rc = n ? ynode_integer(n, what(&b, c, key), out) : 0;

    if (has)
        *has = n != NULL;
    rso_buf_release(&b);
    return rc;
}

int spec_strings(const struct rso_check *c, const struct ynode *spec,
                 const char *key, const char ***out, size_t *n)
{
    struct rso_buf b = RSO_BUF_INIT;
    const struct ynode *node = ynode_get(spec, key);
    int rc = node ? ynode_strings(node, what(&b, c, key), out, n) : 0;

    rso_buf_release(&b);
    return rc;
}

int spec_require(const struct rso_check *c, const struct ynode *spec,
                 const char *key)
{
    if (ynode_get(spec, key))
        return 0;
    return ynode_fail(spec, "'%s' of check '%s' needs '%s'", c->kind->name,
                      c->id, key);
}

const char *fmt_num(char buf[32], double v)
{
    if (isnan(v))
        snprintf(buf, 32, "NaN");
    else if (fabs(v) < 1e15 && v == floor(v))
        snprintf(buf, 32, "%.0f", v);
    else
        snprintf(buf, 32, "%.6g", v);
    return buf;
}
