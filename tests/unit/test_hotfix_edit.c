/*
 * The file edits of hotfix actions on text: YAML in place and through
 * the emitter, JSON, CSV.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "hotfix/edit.h"
#include "util/err.h"
#include "yaml/ydoc.h"

/* An edit of one or two pairs, built by hand. */
static void edit_init(struct hotfix_edit *e, enum hotfix_format fmt,
                      enum hotfix_action act, const char *const *kv)
{
    memset(e, 0, sizeof(*e));
    e->format = fmt;
    e->action = act;
    e->file = "f";
    for (size_t i = 0; kv[i]; i += 2) {
        e->kv = realloc(e->kv, (e->n_kv + 1) * sizeof(*e->kv));
        e->kv[e->n_kv].key = strdup(kv[i]);
        e->kv[e->n_kv].value = strdup(kv[i + 1]);
        e->kv[e->n_kv].quoted = 0;
        e->n_kv++;
    }
}

static char *run(struct hotfix_edit *e, const char *text)
{
    struct rso_buf out = RSO_BUF_INIT;

    cr_assert_eq(hotfix_edit_apply(e, text, text ? strlen(text) : 0, &out), 0,
                 "%s", rso_errmsg());
    return rso_buf_detach(&out);
}

static const char config[] = "# the team's checks\n"
                             "checks:\n"
                             "  - id: plays\n"
                             "    rows: { min: 1000 }   # traffic floor\n"
                             "  - id: ndcg\n"
                             "    metric: { path: ranking.ndcg, min: 0.30 }\n";

Test(hotfix_edit, yaml_set_in_place_keeps_comments)
{
    const char *kv[] = {"checks[ndcg].metric.min", "0.28", NULL};
    struct hotfix_edit e;
    char *out;

    edit_init(&e, HOTFIX_YAML, HOTFIX_SET, kv);
    e.note = "until 2026-12-04";
    out = run(&e, config);
    cr_assert_str_eq(out, "# the team's checks\n"
                          "checks:\n"
                          "  - id: plays\n"
                          "    rows: { min: 1000 }   # traffic floor\n"
                          "  - id: ndcg\n"
                          "    metric: { path: ranking.ndcg, min: 0.28 }"
                          "  # until 2026-12-04\n");
    free(out);
    free(e.kv[0].key);
    e.kv[0].key = strdup("checks[plays].rows.min");
    out = run(&e, config);
    cr_assert(th_has(out, "rows: { min: 0.28 }   # traffic floor "
                          "# until 2026-12-04\n"),
              "%s", out);
    free(out);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, yaml_set_new_key_goes_through_the_emitter)
{
    const char *kv[] = {"serving.fallback", "model-41", NULL};
    struct hotfix_edit e;
    struct ydoc *doc;
    char *out;

    edit_init(&e, HOTFIX_YAML, HOTFIX_SET, kv);
    out = run(&e, "serving:\n  model: m42\n");
    cr_assert_eq(ydoc_load_string(&doc, "o", out, strlen(out)), 0);
    cr_assert_str_eq(ynode_get(ynode_get(doc->root, "serving"), "model")->str,
                     "m42");
    cr_assert_str_eq(
        ynode_get(ynode_get(doc->root, "serving"), "fallback")->str,
        "model-41");
    ydoc_free(doc);
    free(out);
    /* A new file gets a mapping. */
    free(e.kv[0].key);
    e.kv[0].key = strdup("model");
    out = run(&e, NULL);
    cr_assert_str_eq(out, "model: model-41\n");
    free(out);
    free(e.kv[0].value);
    e.kv[0].value = strdup("2026-11-30");
    out = run(&e, NULL);
    cr_assert_str_eq(out, "model: \"2026-11-30\"\n");
    free(out);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, yaml_set_refuses_what_is_not_there)
{
    const char *kv[] = {"checks[nope].metric.min", "1", NULL};
    struct hotfix_edit e;
    struct rso_buf out = RSO_BUF_INIT;

    edit_init(&e, HOTFIX_YAML, HOTFIX_SET, kv);
    cr_assert_eq(hotfix_edit_apply(&e, config, strlen(config), &out),
                 RSO_EDATA);
    cr_assert(th_has(rso_errmsg(), "no item with id 'nope' in 'checks'"));
    rso_buf_release(&out);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, yaml_append_to_a_block_list_keeps_the_file)
{
    const char *kv[] = {"item", "tt42", "until", "2026-12-17", NULL};
    struct hotfix_edit e;
    char *out;

    edit_init(&e, HOTFIX_YAML, HOTFIX_APPEND, kv);
    out = run(&e, "# boosts\n- { item: a1, until: 2026-11-01 }");
    cr_assert_str_eq(out, "# boosts\n- { item: a1, until: 2026-11-01 }\n"
                          "- {item: tt42, until: \"2026-12-17\"}\n");
    free(out);
    out = run(&e, "[]\n");
    cr_assert_str_eq(out, "- {item: tt42, until: \"2026-12-17\"}\n");
    free(out);
    out = run(&e, NULL);
    cr_assert_str_eq(out, "- {item: tt42, until: \"2026-12-17\"}\n");
    free(out);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, yaml_append_under_a_key)
{
    const char *kv[] = {"item", "007", NULL};
    struct hotfix_edit e;
    struct ydoc *doc;
    const struct ynode *list;
    char *out;

    edit_init(&e, HOTFIX_YAML, HOTFIX_APPEND, kv);
    e.key = strdup("rows.boost");
    out = run(&e, "rows:\n  boost:\n    - { item: a1 }\n  other: 1\n");
    cr_assert_eq(ydoc_load_string(&doc, "o", out, strlen(out)), 0, "%s", out);
    list = ynode_get(ynode_get(doc->root, "rows"), "boost");
    cr_assert_eq(list->len, 2);
    /* "007" stays a string: quoted, not read as a number. */
    cr_assert_str_eq(ynode_get(list->items[1], "item")->str, "007");
    cr_assert(ynode_get(list->items[1], "item")->quoted);
    ydoc_free(doc);
    free(out);
    out = run(&e, "rows:\n  boost:\n");
    cr_assert_str_eq(out, "rows:\n  boost:\n  - {item: \"007\"}\n");
    free(out);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, json_append_and_set)
{
    const char *app[] = {"item", "tt42", "days", "7", NULL};
    const char *set[] = {"serving.model", "m41", NULL};
    struct hotfix_edit e;
    char *out;

    edit_init(&e, HOTFIX_JSON, HOTFIX_APPEND, app);
    out = run(&e, "[{\"item\": \"a1\"}]");
    cr_assert_str_eq(out, "[\n  {\n    \"item\": \"a1\"\n  },\n  {\n"
                          "    \"item\": \"tt42\",\n    \"days\": 7\n"
                          "  }\n]\n");
    free(out);
    e.kv[1].quoted = 1;
    out = run(&e, NULL);
    cr_assert(th_has(out, "\"days\": \"7\""), "%s", out);
    free(out);
    hotfix_edit_release(&e);
    edit_init(&e, HOTFIX_JSON, HOTFIX_SET, set);
    out = run(&e, "{\"serving\": {\"model\": \"m42\", \"ab\": true}}");
    cr_assert_str_eq(out, "{\n  \"serving\": {\n    \"model\": \"m41\",\n"
                          "    \"ab\": true\n  }\n}\n");
    free(out);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, csv_append_follows_the_header)
{
    const char *kv[] = {"item",    "tt42",    "value", "1,5",
                        "feature", "runtime", NULL};
    struct hotfix_edit e;
    struct rso_buf out = RSO_BUF_INIT;
    char *s;

    edit_init(&e, HOTFIX_CSV, HOTFIX_APPEND, kv);
    s = run(&e, "item,feature,value,until\r\na1,year,1999,\r\n");
    cr_assert_str_eq(s, "item,feature,value,until\r\na1,year,1999,\r\n"
                        "tt42,runtime,\"1,5\",\n");
    free(s);
    s = run(&e, NULL);
    cr_assert_str_eq(s, "item,value,feature\ntt42,\"1,5\",runtime\n");
    free(s);
    cr_assert_eq(hotfix_edit_apply(&e, "item,feature\n", 13, &out), RSO_EDATA);
    cr_assert(th_has(rso_errmsg(), "has no column 'value'"));
    rso_buf_release(&out);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, paths_and_plain_values)
{
    struct hotfix_seg *s;
    size_t n;

    cr_assert_eq(hotfix_path_parse("checks[a.b].metric.min", &s, &n), 0);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(s[0].key, "checks");
    cr_assert_str_eq(s[0].pick, "a.b");
    cr_assert_str_eq(s[2].key, "min");
    cr_assert_null(s[2].pick);
    hotfix_path_free(s, n);
    cr_assert_eq(hotfix_path_parse("a..b", &s, &n), RSO_EUSAGE);
    cr_assert_eq(hotfix_path_parse("[x].b", &s, &n), RSO_EUSAGE);
    cr_assert(hotfix_plain_ok("tt0111161", 0));
    cr_assert(hotfix_plain_ok("0.28", 1));
    cr_assert_not(hotfix_plain_ok("0.28", 0));
    cr_assert_not(hotfix_plain_ok("007", 1));
    cr_assert_not(hotfix_plain_ok("yes", 1));
    cr_assert_not(hotfix_plain_ok("a: b", 1));
    cr_assert_not(hotfix_plain_ok("2026-12-17", 1));
    cr_assert(hotfix_is_number("-1.5e3"));
    cr_assert_not(hotfix_is_number("01"));
}

/*
 * Regression tests from fuzzing (tests/fuzz/fuzz_edit.c): every edit
 * fails with a message or writes a document that reads back.
 */

/* The edit of fmt and act with pairs kv on text; returns its code. */
static int try_edit(enum hotfix_format fmt, enum hotfix_action act,
                    const char *key, const char *const *kv, const char *text,
                    char **out)
{
    struct hotfix_edit e;
    struct rso_buf b = RSO_BUF_INIT;
    int rc;

    edit_init(&e, fmt, act, kv);
    e.key = key ? strdup(key) : NULL;
    rso_err_clear();
    rc = hotfix_edit_apply(&e, text, text ? strlen(text) : 0, &b);
    hotfix_edit_release(&e);
    *out = rso_buf_detach(&b);
    return rc;
}

Test(hotfix_edit, a_value_not_in_utf8_is_refused_in_every_format)
{
    const char *kv[] = {"item", "tt\xff", NULL};
    char *out;

    /* libyaml refused the scalar and emit() sent a stale event on. */
    cr_assert_eq(try_edit(HOTFIX_YAML, HOTFIX_APPEND, NULL, kv, "[a]\n", &out),
                 RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "f: the value for 'item' is not valid "
                                   "UTF-8"),
              "%s", rso_errmsg());
    free(out);
    /* jansson refused the string and the pair was silently left out. */
    cr_assert_eq(try_edit(HOTFIX_JSON, HOTFIX_APPEND, NULL, kv, "[]", &out),
                 RSO_EUSAGE);
    free(out);
    cr_assert_eq(try_edit(HOTFIX_CSV, HOTFIX_APPEND, NULL, kv, "item\n", &out),
                 RSO_EUSAGE);
    free(out);
}

Test(hotfix_edit, two_keys_alike_in_an_appended_item_are_refused)
{
    const char *kv[] = {"id", "new", "rows", "1", "id", "other", NULL};
    char *out;

    /* The emitted item had 'id' twice, which no YAML reader accepts. */
    cr_assert_eq(try_edit(HOTFIX_YAML, HOTFIX_APPEND, "checks", kv,
                          "checks: []\n", &out),
                 RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "f: the appended item has the key 'id' "
                                   "twice"),
              "%s", rso_errmsg());
    free(out);
}

Test(hotfix_edit, a_json_number_out_of_range_is_refused_not_changed)
{
    const char *big[] = {"n", "99999999999999999999", NULL};
    const char *inf[] = {"x.n", "1e999", NULL};
    char *out;

    /* strtoll saturated: 9223372036854775807 was written instead. */
    cr_assert_eq(try_edit(HOTFIX_JSON, HOTFIX_APPEND, NULL, big, "[]", &out),
                 RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "f: the number '99999999999999999999' "
                                   "for 'n' is out of range"),
              "%s", rso_errmsg());
    free(out);
    /* json_real(inf) is NULL: the set was dropped and 0 returned. */
    cr_assert_eq(try_edit(HOTFIX_JSON, HOTFIX_SET, NULL, inf,
                          "{\"x\": {\"n\": 1}}", &out),
                 RSO_EUSAGE);
    free(out);
}

Test(hotfix_edit, a_document_that_contains_itself_is_refused)
{
    const char *kv[] = {"c", "1", NULL};
    char *out;

    /* A new key: the emitter followed the alias for ever, off the stack. */
    cr_assert_eq(
        try_edit(HOTFIX_YAML, HOTFIX_SET, NULL, kv, "a: 0\nb: &x [*x]\n", &out),
        RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "f:2:8: alias '*x' is inside the node "
                                   "it names"),
              "%s", rso_errmsg());
    free(out);
}

Test(hotfix_edit, yaml_set_in_place_escapes_what_yaml_cannot_hold)
{
    const char *ctl[] = {"a", "x\001\ty\r", NULL};
    const char *ls[] = {"a", "l\xe2\x80\xa8s\xc2\x85", NULL};
    struct ydoc *doc;
    char *out;

    /* A control character was written raw: the file no longer loaded. */
    cr_assert_eq(
        try_edit(HOTFIX_YAML, HOTFIX_SET, NULL, ctl, "a: 0 # n\n", &out), 0,
        "%s", rso_errmsg());
    cr_assert_str_eq(out, "a: \"x\\x01\\ty\\x0D\" # n\n");
    cr_assert_eq(ydoc_load_string(&doc, "o", out, strlen(out)), 0, "%s",
                 rso_errmsg());
    cr_assert_str_eq(ynode_get(doc->root, "a")->str, "x\001\ty\r");
    ydoc_free(doc);
    free(out);
    /* U+2028 and U+0085 read back as line breaks, folded to spaces. */
    cr_assert_eq(try_edit(HOTFIX_YAML, HOTFIX_SET, NULL, ls, "a: 0\n", &out), 0,
                 "%s", rso_errmsg());
    cr_assert_eq(ydoc_load_string(&doc, "o", out, strlen(out)), 0, "%s",
                 rso_errmsg());
    cr_assert_str_eq(ynode_get(doc->root, "a")->str, ls[1], "%s", out);
    ydoc_free(doc);
    free(out);
}

Test(hotfix_edit, yaml_append_after_a_document_end_marker_emits)
{
    const char *kv[] = {"item", "tt1", NULL};
    struct ydoc *doc;
    char *out;

    /* The item went after "...": a second document, which fails to load. */
    cr_assert_eq(
        try_edit(HOTFIX_YAML, HOTFIX_APPEND, NULL, kv, "- a\n...\n", &out), 0,
        "%s", rso_errmsg());
    cr_assert_eq(ydoc_load_string(&doc, "o", out, strlen(out)), 0, "%s: %s",
                 out, rso_errmsg());
    cr_assert_eq(doc->root->len, 2, "%s", out);
    cr_assert_str_eq(ynode_get(doc->root->items[1], "item")->str, "tt1");
    ydoc_free(doc);
    free(out);
}

Test(hotfix_edit, yaml_set_of_a_block_scalar_is_not_done_in_place)
{
    const char *kv[] = {"a", "1", NULL};
    struct ydoc *doc;
    char *out;

    /* ">-" holding the text ">-": the indicator was replaced, not it. */
    cr_assert_eq(try_edit(HOTFIX_YAML, HOTFIX_SET, NULL, kv,
                          "a: >-\n  >-\nb: 2\n", &out),
                 0, "%s", rso_errmsg());
    cr_assert_eq(ydoc_load_string(&doc, "o", out, strlen(out)), 0, "%s: %s",
                 out, rso_errmsg());
    cr_assert_str_eq(ynode_get(doc->root, "a")->str, "1", "%s", out);
    cr_assert_str_eq(ynode_get(doc->root, "b")->str, "2", "%s", out);
    ydoc_free(doc);
    free(out);
}

Test(hotfix_edit, csv_without_a_header_line_is_refused)
{
    const char *kv[] = {"item", "tt1", NULL};
    char *out;

    /* A new header was written and every row under the blank line lost. */
    cr_assert_eq(
        try_edit(HOTFIX_CSV, HOTFIX_APPEND, NULL, kv, "\nitem,y\n1,2\n", &out),
        RSO_EDATA);
    cr_assert_str_eq(rso_errmsg(), "f:1:1: the first line, the header, is "
                                   "empty");
    free(out);
    /* The header was cut at its first line, in a quoted name. */
    cr_assert_eq(try_edit(HOTFIX_CSV, HOTFIX_APPEND, NULL, kv,
                          "item,\"y\nz\"\n1,2\n", &out),
                 RSO_EDATA);
    cr_assert(th_has(rso_errmsg(), "goes on past the line"), "%s",
              rso_errmsg());
    free(out);
    /* A quote inside a name, and an empty file, are fine. */
    cr_assert_eq(
        try_edit(HOTFIX_CSV, HOTFIX_APPEND, NULL, kv, "item,a\"b\n", &out), 0,
        "%s", rso_errmsg());
    cr_assert_str_eq(out, "item,a\"b\ntt1,\n");
    free(out);
    cr_assert_eq(try_edit(HOTFIX_CSV, HOTFIX_APPEND, NULL, kv, "", &out), 0,
                 "%s", rso_errmsg());
    cr_assert_str_eq(out, "item\ntt1\n");
    free(out);
}

Test(hotfix_edit, a_note_stays_on_its_line)
{
    const char *kv[] = {"a", "1", NULL};
    struct hotfix_edit e;
    struct rso_buf b = RSO_BUF_INIT;
    struct ydoc *doc;

    /* The note comes from --set values: its line break began a new key. */
    edit_init(&e, HOTFIX_YAML, HOTFIX_SET, kv);
    e.note = "until x\nb: 2";
    cr_assert_eq(hotfix_edit_apply(&e, "a: 0\nb: 1\n", 10, &b), 0, "%s",
                 rso_errmsg());
    cr_assert_str_eq(rso_buf_str(&b), "a: 1  # until x b: 2\nb: 1\n");
    cr_assert_eq(ydoc_load_string(&doc, "o", b.ptr, b.len), 0, "%s",
                 rso_errmsg());
    ydoc_free(doc);
    rso_buf_release(&b);
    e.note = "until \xc3";
    cr_assert_eq(hotfix_edit_apply(&e, "a: 0\n", 5, &b), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "f: the note of the edit is not valid "
                                   "UTF-8"),
              "%s", rso_errmsg());
    rso_buf_release(&b);
    hotfix_edit_release(&e);
}

Test(hotfix_edit, csv_reads_no_byte_past_len)
{
    const char *kv[] = {"item", "tt1", NULL};
    struct hotfix_edit e;
    struct rso_buf b = RSO_BUF_INIT;

    char *text = malloc(2);

    /*
     * The blank-file test ran strspn past len, found by fuzzing: 'make
     * asan' fails here on that code, as the text ends without a NUL.
     */
    memcpy(text, "\n\n", 2);
    edit_init(&e, HOTFIX_CSV, HOTFIX_APPEND, kv);
    cr_assert_eq(hotfix_edit_apply(&e, text, 2, &b), 0, "%s", rso_errmsg());
    cr_assert_str_eq(rso_buf_str(&b), "item\ntt1\n");
    rso_buf_release(&b);
    hotfix_edit_release(&e);
    free(text);
}

Test(hotfix_edit, yaml_set_of_an_empty_value_is_not_done_in_place)
{
    const char *kv[] = {"a", "x", NULL};
    struct ydoc *doc;
    char *out;

    /* Found by fuzzing: "x" went at the empty value's mark; "a:x" broke. */
    cr_assert_eq(
        try_edit(HOTFIX_YAML, HOTFIX_SET, NULL, kv, "a:\n\nb: 1\n", &out), 0,
        "%s", rso_errmsg());
    cr_assert_eq(ydoc_load_string(&doc, "o", out, strlen(out)), 0, "%s: %s",
                 out, rso_errmsg());
    cr_assert_str_eq(ynode_get(doc->root, "a")->str, "x", "%s", out);
    cr_assert_str_eq(ynode_get(doc->root, "b")->str, "1", "%s", out);
    ydoc_free(doc);
    free(out);
}

Test(hotfix_edit, yaml_set_in_place_counts_lines_as_libyaml_does)
{
    const char *kv[] = {"a", "2", NULL};
    const char *const files[] = {"x: 1\ra: 1\nb: 1\n",
                                 "x: 1\xc2\x85"
                                 "a: 1\nb: 1\n",
                                 "x: 1\xe2\x80\xa8"
                                 "a: 1\nb: 1\n"};
    struct hotfix_edit e;
    struct ydoc *doc;

    /* A lone CR, NEL or LS ends a line too: 'b' was set in place of 'a'. */
    edit_init(&e, HOTFIX_YAML, HOTFIX_SET, kv);
    e.note = "n";
    for (size_t i = 0; i < 3; i++) {
        struct rso_buf b = RSO_BUF_INIT;

        cr_assert_eq(hotfix_edit_apply(&e, files[i], strlen(files[i]), &b), 0,
                     "%s", rso_errmsg());
        cr_assert_eq(ydoc_load_string(&doc, "o", b.ptr, b.len), 0, "%s",
                     rso_errmsg());
        cr_assert_str_eq(ynode_get(doc->root, "a")->str, "2", "%s", b.ptr);
        cr_assert_str_eq(ynode_get(doc->root, "b")->str, "1", "%s", b.ptr);
        cr_assert(th_has(b.ptr, "a: 2  # n"), "%s", b.ptr);
        ydoc_free(doc);
        rso_buf_release(&b);
    }
    hotfix_edit_release(&e);
}

Test(hotfix_edit, csv_that_ends_inside_a_quoted_field_is_refused)
{
    const char *kv[] = {"item", "tt1", NULL};
    char *out;

    /* The new row went inside the open field: no row was added. */
    cr_assert_eq(try_edit(HOTFIX_CSV, HOTFIX_APPEND, NULL, kv,
                          "item,why\ntt0,\"open\n", &out),
                 RSO_EDATA);
    cr_assert_str_eq(rso_errmsg(), "f: the file ends inside a quoted field");
    free(out);
    /* Quotes that close, over lines, are fine. */
    cr_assert_eq(try_edit(HOTFIX_CSV, HOTFIX_APPEND, NULL, kv,
                          "item,why\ntt0,\"two\nlines, \"\"q\"\"\"\n", &out),
                 0, "%s", rso_errmsg());
    cr_assert(th_has(out, "\"\"q\"\"\"\ntt1,\n"), "%s", out);
    free(out);
}
