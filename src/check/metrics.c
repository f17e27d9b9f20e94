#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/metrics.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"

static int walk(const char *name, json_t *root, const char *path, json_t **out)
{
    char *copy = xstrdup(path), *save = NULL, *seg;
    json_t *node = root;
    int rc = 0;

    for (seg = strtok_r(copy, ".", &save); seg;
         seg = strtok_r(NULL, ".", &save)) {
        char *end;
        long idx;

        if (json_is_object(node)) {
            node = json_object_get(node, seg);
        } else if (json_is_array(node)) {
            idx = strtol(seg, &end, 10);
            node = *end || idx < 0 ? NULL : json_array_get(node, (size_t)idx);
        } else {
            node = NULL;
        }
        if (!node) {
            rc = rso_fail(RSO_EDATA, "%s: no value at '%s' (missing '%s')",
                          name, path, seg);
            break;
        }
    }
    free(copy);
    if (rc == 0)
        *out = node;
    return rc;
}

int metrics_lookup(const char *name, const char *text, size_t len,
                   const char *path, double *out)
{
    json_error_t err;
    json_t *root, *v = NULL;
    int rc;

    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return rso_fail(RSO_EDATA, "%s:%d:%d: invalid JSON: %s", name, err.line,
                        err.column, err.text);
    rc = walk(name, root, path, &v);
    if (rc == 0) {
        if (json_is_number(v) && isfinite(json_number_value(v)))
            *out = json_number_value(v);
        else
            rc = rso_fail(RSO_EDATA, "%s: the value at '%s' is not a number",
                          name, path);
    }
    json_decref(root);
    return rc;
}

int metrics_lookup_file(const char *file, const char *path, double *out)
{
    struct rso_buf b = RSO_BUF_INIT;
    int rc = rso_buf_read_file(&b, file);

    if (rc < 0)
        rc = rso_fail(RSO_EDATA, "cannot %s '%s': %s",
                      rc == RSO_BUF_EOPEN ? "open" : "read", file,
                      strerror(errno));
    else
        rc = metrics_lookup(file, rso_buf_str(&b), b.len, path, out);
    rso_buf_release(&b);
    return rc;
}
