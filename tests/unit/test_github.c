/*
 * GitHub output: workflow-command escaping, the annotation cap, the
 * step summary; and the exit code the gate derives from its results.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate/gate.h"
#include "helpers.h"
#include "report/github.h"
#include "util/err.h"

Test(github, escapes_data_and_properties)
{
    struct rso_buf b = RSO_BUF_INIT;

    github_escape_data(&b, "50% of a: b, c\r\nnext");
    cr_assert_str_eq(rso_buf_str(&b), "50%25 of a: b, c%0D%0Anext");
    rso_buf_clear(&b);
    github_escape_property(&b, "dir/a,b:c%d\n");
    cr_assert_str_eq(rso_buf_str(&b), "dir/a%2Cb%3Ac%25d%0A");
    rso_buf_clear(&b);
    /* Escape sequences from data never reach the runner's log. */
    github_escape_data(&b, "x\033[2Ky");
    cr_assert_str_eq(rso_buf_str(&b), "xy");
    rso_buf_release(&b);
}

/* Paths under cfg/ as the repository root sees them, others as they are. */
static const char *strip_cfg(void *ctx, const char *file, struct rso_buf *out)
{
    cr_assert_str_eq(ctx, "ctx");
    if (strncmp(file, "cfg/", 4))
        return file;
    rso_buf_puts(out, file + 4);
    return rso_buf_str(out);
}

static char *annotate(const struct rso_results *r)
{
    static char ctx[] = "ctx";
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    github_annotate(f, r, strip_cfg, ctx);
    fclose(f);
    return text;
}

static int count(const char *s, const char *needle)
{
    int n = 0;

    for (const char *p = s; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

Test(github, annotates_at_most_ten_of_each)
{
    struct rso_results r;
    char *out;

    results_init(&r);
    for (int i = 0; i < 13; i++) {
        struct rso_finding *f = results_add(&r, NULL, "data", "blocker");

        f->file = "cfg/recsysops.yml";
        f->line = 10 + i;
        finding_set(f, i == 12 ? RSO_ERROR : RSO_FAIL, "bad, 100%%");
    }
    for (int i = 0; i < 4; i++) {
        struct rso_finding *f = results_add(&r, NULL, "metrics", "w");

        f->severity = RSO_WARN;
        finding_set(f, RSO_FAIL, "meh");
    }
    finding_set(results_add(&r, NULL, "data", "ok"), RSO_PASS, "fine");
    out = annotate(&r);
    cr_assert_eq(count(out, "::error "), 10, "%s", out);
    cr_assert_eq(count(out, "::warning "), 4, "%s", out);
    cr_assert(th_has(out, "::error file=recsysops.yml,line=10,"
                          "title=recsysops data%3A blocker::bad, 100%25\n"),
              "%s", out);
    cr_assert(th_has(out, "::notice title=recsysops::3 more errors and 0 "
                          "more warnings"),
              "%s", out);
    cr_assert(!th_has(out, "fine"));
    free(out);
    results_release(&r);
}

Test(github, summary_puts_the_verdict_first)
{
    struct rso_results r;
    struct rso_buf md = RSO_BUF_INIT;

    results_init(&r);
    finding_set(results_add(&r, NULL, "data", "fine-check"), RSO_PASS, "ok");
    finding_set(results_add(&r, NULL, "metrics", "ndcg"), RSO_FAIL,
                "0.28 | below <0.30>");
    finding_hotfix(&r.items[1], "serve-previous-model");
    summary_markdown(&r, &md);
    cr_assert(!strncmp(rso_buf_str(&md),
                       "## recsysops: blocked, 1 check "
                       "failed\n",
                       38),
              "%s", rso_buf_str(&md));
    /* The failing row comes before the passing one. */
    cr_assert(strstr(md.ptr, "ndcg") < strstr(md.ptr, "fine-check"));
    cr_assert(th_has(md.ptr, "0.28 \\| below \\<0.30\\>"), "%s", md.ptr);
    cr_assert(th_has(md.ptr, "<br>fix: `recsysops hotfix apply "
                             "serve-previous-model`"),
              "%s", md.ptr);
    rso_buf_release(&md);
    results_release(&r);
}

Test(github, summary_stays_under_one_mebibyte)
{
    struct rso_results r;
    struct rso_buf md = RSO_BUF_INIT;
    char msg[400];

    memset(msg, 'x', sizeof(msg) - 1);
    msg[sizeof(msg) - 1] = '\0';
    results_init(&r);
    for (int i = 0; i < 20000; i++)
        finding_set(results_add(&r, NULL, "launches", "item"), RSO_FAIL, "%s",
                    msg);
    summary_markdown(&r, &md);
    cr_assert_lt(md.len, 1024 * 1024);
    cr_assert(th_has(md.ptr, "the rest is in the JUnit report"));
    rso_buf_release(&md);
    results_release(&r);
}

static int exit_for(enum rso_status st, enum rso_severity sev, int warn)
{
    struct rso_results r;
    int code;

    results_init(&r);
    finding_set(results_add(&r, NULL, "data", "a"), RSO_PASS, "ok");
    finding_set(results_add(&r, NULL, "data", "b"), st, "x");
    r.items[1].severity = sev;
    code = gate_exit_code(&r, warn);
    results_release(&r);
    return code;
}

Test(exit_code, maps_results_to_status)
{
    cr_assert_eq(exit_for(RSO_PASS, RSO_BLOCK, 0), 0);
    cr_assert_eq(exit_for(RSO_SKIP, RSO_BLOCK, 0), 0);
    cr_assert_eq(exit_for(RSO_FAIL, RSO_BLOCK, 0), 1);
    cr_assert_eq(exit_for(RSO_FAIL, RSO_WARN, 0), 0);
    cr_assert_eq(exit_for(RSO_FAIL, RSO_WARN, 1), 1);
    cr_assert_eq(exit_for(RSO_ERROR, RSO_WARN, 0), 3);
    cr_assert_eq(exit_for(RSO_ERROR, RSO_BLOCK, 1), 3);
    cr_assert_eq(rso_exit_code(RSO_EUSAGE), 2);
    cr_assert_eq(rso_exit_code(RSO_EDATA), 3);
    cr_assert_eq(rso_exit_code(RSO_EIO), 3);
}

Test(exit_code, a_block_outranks_an_error)
{
    struct rso_results r;

    results_init(&r);
    finding_set(results_add(&r, NULL, "data", "a"), RSO_ERROR, "x");
    finding_set(results_add(&r, NULL, "data", "b"), RSO_FAIL, "y");
    cr_assert_eq(gate_exit_code(&r, 0), 1);
    results_release(&r);
}

Test(github, fix_commands_name_the_item_of_a_launch)
{
    struct rso_results r;
    struct rso_buf cmd = RSO_BUF_INIT;

    results_init(&r);
    finding_set(results_add(&r, NULL, "launches", "u0023"), RSO_FAIL, "x");
    finding_hotfix(&r.items[0], "boost-new-item");
    finding_set(results_add(&r, NULL, "metrics", "ndcg"), RSO_FAIL, "y");
    finding_hotfix(&r.items[1], "serve-previous-model");
    finding_fix_command(&r.items[0], 0, &cmd);
    cr_assert_str_eq(rso_buf_str(&cmd),
                     "recsysops hotfix apply boost-new-item --item u0023");
    rso_buf_clear(&cmd);
    finding_fix_command(&r.items[1], 0, &cmd);
    cr_assert_str_eq(rso_buf_str(&cmd),
                     "recsysops hotfix apply serve-previous-model");
    rso_buf_release(&cmd);
    results_release(&r);
}
