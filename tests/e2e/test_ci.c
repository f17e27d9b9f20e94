/*
 * The CI integration files: the GitHub Action's gate step run for real
 * with bash, and the workflow, Jenkins and GitLab examples checked for
 * what each must hold.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/buf.h"
#include "yaml/ydoc.h"

static struct ydoc *load(const char *rel)
{
    struct ydoc *doc = NULL;
    char *path;

    cr_assert(asprintf(&path, "%s/%s", th_top(), rel) > 0);
    cr_assert_eq(ydoc_load_file(&doc, path), 0, "%s does not parse", path);
    free(path);
    return doc;
}

/* The run: script of the action step whose id is id. */
static const char *step_script(const struct ydoc *doc, const char *id)
{
    const struct ynode *steps =
        ynode_get(ynode_get(doc->root, "runs"), "steps");

    cr_assert_not_null(steps);
    for (size_t i = 0; i < steps->len; i++) {
        const struct ynode *s = steps->items[i], *sid = ynode_get(s, "id");

        if (sid && !strcmp(sid->str, id))
            return ynode_get(s, "run")->str;
    }
    cr_assert_fail("no step '%s'", id);
    return NULL;
}

/* Replace every "${{ github.action_path }}" with path. */
static char *expand(const char *script, const char *path)
{
    const char *key = "${{ github.action_path }}";
    struct rso_buf b = RSO_BUF_INIT;
    const char *p = script, *q;

    while ((q = strstr(p, key))) {
        rso_buf_add(&b, p, (size_t)(q - p));
        rso_buf_puts(&b, path);
        p = q + strlen(key);
    }
    rso_buf_puts(&b, p);
    return rso_buf_detach(&b);
}

static void action_run(const char *proj, const char *fail_on,
                       const char *want_code, const char *want_failed)
{
    struct ydoc *doc = load("action.yml");
    char *script, *out;
    struct th_run r;

    /* The action runs the binary from its own folder. */
    th_sh(&r, proj, "mkdir -p act && cp '%s' act/recsysops", th_bin());
    th_run_free(&r);
    script = expand(step_script(doc, "gate"), "act");
    th_write(proj, "gate.sh", script);
    th_sh(&r, proj,
          "GITHUB_OUTPUT=out.txt RSO_CONFIG= RSO_JUNIT=reports/j.xml "
          "RSO_FAIL_ON=%s RSO_ARGS='--now 2026-12-01T06:00:00Z -q' "
          "bash gate.sh",
          fail_on);
    cr_assert_eq(r.status, 0, "the step itself must not fail: %s", r.err);
    out = th_read(proj, "out.txt");
    cr_assert(th_has(out, want_code), "%s", out);
    cr_assert(th_has(out, "report=reports/j.xml\n"), "%s", out);
    cr_assert(th_has(out, want_failed), "%s", out);
    free(out);
    free(script);
    th_run_free(&r);
    ydoc_free(doc);
}

Test(ci, action_gate_step_sets_outputs)
{
    char *proj = th_tmpdir();
    struct th_run r;

    th_sh(&r, proj, "cp -r '%s/fixtures/demo/.' .", th_top());
    th_run_free(&r);
    action_run(proj, "block", "exit-code=1\n", "failed=1\n");
    /* With the floor relaxed, the same step reports a pass. */
    th_sh(&r, proj, "sed -i 's/min: 0.30 }/min: 0.20 }/' recsysops.yml");
    th_run_free(&r);
    action_run(proj, "block", "exit-code=0\n", "failed=0\n");
    th_rmrf(proj);
    free(proj);
}

Test(ci, action_declares_inputs_and_outputs)
{
    struct ydoc *doc = load("action.yml");
    const struct ynode *in = ynode_get(doc->root, "inputs");
    const struct ynode *out = ynode_get(doc->root, "outputs");
    const char *inputs[] = {"config", "junit", "fail-on", "args", NULL};
    const char *outputs[] = {"exit-code", "report", "failed", NULL};

    cr_assert_str_eq(ynode_get(ynode_get(doc->root, "runs"), "using")->str,
                     "composite");
    for (size_t i = 0; inputs[i]; i++)
        cr_assert_not_null(ynode_get(in, inputs[i]), "input %s", inputs[i]);
    for (size_t i = 0; outputs[i]; i++)
        cr_assert_not_null(ynode_get(out, outputs[i]), "output %s", outputs[i]);
    ydoc_free(doc);
}

Test(ci, prelaunch_workflow_is_scheduled_with_full_history)
{
    struct ydoc *doc = load("docs/ci/github-prelaunch.yml");
    const struct ynode *on = ynode_get(doc->root, "on");
    const struct ynode *sched = ynode_get(on, "schedule");
    char *text;

    cr_assert(sched && sched->type == YNODE_SEQ);
    cr_assert_not_null(ynode_get(sched->items[0], "cron"));
    cr_assert(ynode_get(on, "workflow_dispatch") != NULL);
    ydoc_free(doc);
    text = th_read(th_top(), "docs/ci/github-prelaunch.yml");
    cr_assert(th_has(text, "fetch-depth: 0"));
    free(text);
}

Test(ci, jenkinsfile_and_gitlab_keep_the_report)
{
    char *j = th_read(th_top(), "docs/ci/Jenkinsfile");
    struct ydoc *doc = load("docs/ci/gitlab-ci.yml");
    const struct ynode *art =
        ynode_get(ynode_get(doc->root, "recsysops"), "artifacts");

    cr_assert(th_has(j, "returnStatus: true"));
    cr_assert(th_has(j, "always {") && th_has(j, "junit "));
    cr_assert(th_has(j, "cron("));
    cr_assert(th_has(j, "unstable("));
    free(j);
    cr_assert_str_eq(ynode_get(art, "when")->str, "always");
    cr_assert_str_eq(ynode_get(ynode_get(art, "reports"), "junit")->str,
                     "reports/recsysops.xml");
    ydoc_free(doc);
}
