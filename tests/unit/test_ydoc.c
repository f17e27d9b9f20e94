/*
 * The YAML tree loader on inputs found by fuzzing (tests/fuzz/
 * fuzz_ydoc.c): aliases must leave a finite tree of bounded size.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/buf.h"
#include "util/err.h"
#include "yaml/ydoc.h"

static int load(const char *text, struct ydoc **doc)
{
    rso_err_clear();
    *doc = NULL;
    return ydoc_load_string(doc, "t.yml", text, strlen(text));
}

Test(ydoc, an_alias_inside_its_own_anchor_is_refused)
{
    struct ydoc *doc;

    /* The list held itself: every walk of the tree overflowed the stack. */
    cr_assert_eq(load("a: &x [1, *x]\n", &doc), RSO_EUSAGE);
    cr_assert_str_eq(rso_errmsg(),
                     "t.yml:1:11: alias '*x' is inside the node it names");
    cr_assert_eq(load("&m { k: { j: *m } }\n", &doc), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "t.yml:1:14: alias '*m'"), "%s",
              rso_errmsg());
}

Test(ydoc, aliases_that_multiply_the_tree_are_refused)
{
    struct rso_buf b = RSO_BUF_INIT;
    struct ydoc *doc;

    /* Ten lines, nine-fold each: 9^10 nodes for whatever walks it. */
    rso_buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
        rso_buf_printf(&b, "a%d: &a%d [", i, i);
        for (int j = 0; j < 9; j++)
            rso_buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
        rso_buf_puts(&b, "]\n");
    }
    cr_assert_eq(load(rso_buf_str(&b), &doc), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "aliases expand the document past "
                                   "1000000 nodes"),
              "%s", rso_errmsg());
    cr_assert(!strncmp(rso_errmsg(), "t.yml:", 6), "%s", rso_errmsg());
    rso_buf_release(&b);
}

Test(ydoc, aliases_that_share_a_little_still_load)
{
    struct ydoc *doc;

    cr_assert_eq(load("base: &b { min: 1, max: 2 }\n"
                      "x: *b\n"
                      "y: [*b, *b]\n",
                      &doc),
                 0, "%s", rso_errmsg());
    cr_assert_eq(ynode_get(doc->root, "x"), ynode_get(doc->root, "base"));
    ydoc_free(doc);
}

Test(ydoc, an_alias_names_the_latest_anchor_of_its_name)
{
    struct ydoc *doc;

    /* YAML: an alias refers to the most recent anchor; it took the first. */
    cr_assert_eq(load("a: &x 1\nb: &x 2\nc: *x\n", &doc), 0, "%s",
                 rso_errmsg());
    cr_assert_str_eq(ynode_get(doc->root, "c")->str, "2");
    ydoc_free(doc);
}
