/*
 * libFuzzer target: any bytes as a YAML document for the tree loader.
 * A loaded tree must be finite (no node contains itself through an
 * alias, and aliases cannot multiply it past the loader's limit), every
 * node must carry a position, and every typed reader must return 0 or a
 * code with a message.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/err.h"
#include "yaml/ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Far more than any tree the loader accepts, expanded through aliases. */
#define VISIT_LIMIT 20000000UL

static void must_say_why(int rc)
{
    if (rc < 0 && !rso_errmsg()[0])
        abort();
}

static void read_scalar(const struct ynode *n)
{
    const char **v = NULL;
    const char *s;
    double d;
    long long i;
    int b;

    must_say_why(ynode_string(n, "'x'", &s));
    must_say_why(ynode_number(n, "'x'", &d));
    must_say_why(ynode_integer(n, "'x'", &i));
    must_say_why(ynode_bool(n, "'x'", &b));
    must_say_why(ynode_duration(n, "'x'", &d));
    must_say_why(ynode_fraction(n, "'x'", &d));
    must_say_why(ynode_timestamp(n, "'x'", &d));
    if (ynode_strings(n, "'x'", &v, NULL) == 0)
        free(v);
    else
        must_say_why(-1);
    (void)ynode_is_null(n);
}

static void visit(const struct ynode *n, int depth, unsigned long *seen)
{
    static const char *const keys[] = {"id", "title", "checks", NULL};

    if (++*seen > VISIT_LIMIT || depth > 1000)
        abort(); /* a cycle, or an alias bomb the loader let through */
    if (!n || !n->file || n->line < 1 || n->col < 1)
        abort();
    if (n->type == YNODE_SCALAR) {
        if (!n->str)
            abort();
        read_scalar(n);
        return;
    }
    must_say_why(ynode_check_keys(n, keys, "in the fuzz input"));
    for (size_t i = 0; i < n->len; i++) {
        if (n->type == YNODE_MAP) {
            if (n->pairs[i].key->type != YNODE_SCALAR)
                abort();
            visit(n->pairs[i].key, depth + 1, seen);
            visit(n->pairs[i].value, depth + 1, seen);
        } else {
            visit(n->items[i], depth + 1, seen);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ydoc *doc = NULL;
    unsigned long seen = 0;

    rso_err_clear();
    if (ydoc_load_string(&doc, "fuzz.yml", (const char *)data, size) < 0) {
        must_say_why(-1);
        return 0;
    }
    if (doc->root)
        visit(doc->root, 0, &seen);
    ydoc_free(doc);
    return 0;
}
