/*
 * The hotfix menu through the real binary: a blocked gate suggests
 * entries, apply makes a branch that passes the gate, the checkout is
 * left alone, and refusals exit 2.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"

#define NOW "--now 2026-12-01T06:00:00Z"

/* The demo project as a git repository whose gate blocks on ndcg. */
static char *demo_repo(void)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_sh(&r, dir, "cp -r '%s/fixtures/demo/.' . && rm -rf reports", th_top());
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    th_write(dir, ".gitignore", "reports/\n");
    th_git(dir, "init -q");
    th_git(dir, "add -A");
    th_git(dir, "commit -qm demo");
    th_rso(&r, dir, "gate " NOW);
    cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
    th_run_free(&r);
    return dir;
}

static char *sh_out(const char *dir, const char *cmd)
{
    struct th_run r;
    char *s;

    th_sh(&r, dir, "%s", cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    s = r.out;
    r.out = NULL;
    th_run_free(&r);
    return s;
}

Test(hotfix_e2e, gate_reports_carry_the_suggestions)
{
    char *dir = demo_repo(), *xml = th_read(dir, "reports/recsysops.xml");
    char *json = th_read(dir, "reports/recsysops.json");

    cr_assert(th_has(xml, "hotfix serve-previous-model: Serve the previous "
                          "model until the candidate is fixed (cost: "),
              "%s", xml);
    cr_assert(th_has(xml, "recsysops hotfix apply relax-threshold"));
    cr_assert(th_has(json, "\"off\": 0.04333"), "%s", json);
    free(xml);
    free(json);
    th_rmrf(dir);
    free(dir);
}

Test(hotfix_e2e, suggest_then_apply_leaves_the_checkout_alone)
{
    char *dir = demo_repo(), *before, *after, *text, *wt = th_tmpdir();
    struct th_run r;

    th_rso(&r, dir, "hotfix suggest " NOW);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "BLOCK metrics/ndcg: ranking.ndcg_at_10 = "
                            "0.287, below the minimum 0.3\n"
                            "  1. serve-previous-model: Serve the previous "
                            "model until the candidate is fixed (named by "
                            "the check)\n"),
              "%s", r.out);
    cr_assert(th_has(r.out, "  2. relax-threshold: "), "%s", r.out);
    cr_assert(th_has(r.out, "LAST RESORT"));
    th_run_free(&r);

    before = sh_out(dir, "git rev-parse HEAD; git symbolic-ref HEAD; "
                         "git status --porcelain; git ls-files -s");
    th_rso(&r, dir,
           "hotfix apply relax-threshold --set bound=min "
           "--set value=0.28 " NOW);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "created branch hotfix/relax-threshold-ndcg"));
    cr_assert(th_has(r.out, "push it: git push origin "
                            "hotfix/relax-threshold-ndcg\n"));
    th_run_free(&r);
    after = sh_out(dir, "git rev-parse HEAD; git symbolic-ref HEAD; "
                        "git status --porcelain; git ls-files -s");
    cr_assert_str_eq(after, before);

    text = sh_out(dir, "git show hotfix/relax-threshold-ndcg:recsysops.yml");
    cr_assert(th_has(text, "metric: { path: ranking.ndcg_at_10, min: 0.28 }"
                           "  # recsysops hotfix relax-threshold until "
                           "2026-12-04T06:00:00Z\n"),
              "%s", text);
    free(text);
    text = sh_out(dir, "git log -1 --format=%B hotfix/relax-threshold-ndcg");
    cr_assert(th_has(text, "Finding: block metrics/ndcg: ranking.ndcg_at_10 "
                           "= 0.287, below the minimum 0.3\n"),
              "%s", text);
    cr_assert(th_has(text, "Expires: 2026-12-04T06:00:00Z"));
    free(text);

    /* The branch, checked out elsewhere, passes the gate. */
    th_git(dir, "worktree add -q '%s/b' hotfix/relax-threshold-ndcg", wt);
    th_sh(&r, wt, "cd b && '%s' gate " NOW, th_bin());
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    th_run_free(&r);

    th_rso(&r, dir,
           "hotfix apply relax-threshold --set bound=min "
           "--set value=0.2 " NOW);
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "refusing to overwrite branch"), "%s", r.err);
    th_run_free(&r);
    free(before);
    free(after);
    th_rmrf(wt);
    free(wt);
    th_rmrf(dir);
    free(dir);
}

Test(hotfix_e2e, the_team_menu_overrides_and_refusals_exit_2)
{
    char *dir = demo_repo();
    struct th_run r;

    th_write(dir, "hotfixes.yml",
             "- { id: relax-threshold, disabled: true }\n"
             "- id: serve-previous-model\n"
             "  title: Roll the ranker back in Argo\n"
             "  answers: [metric]\n"
             "  tradeoffs: { cost: \"ndcg -1%\","
             " reversible: true }\n"
             "  apply: { file: deploy/ranker.json,"
             " set: { image: \"{model}\" } }\n"
             "- id: old-fix\n"
             "  title: A fix for last month's launch\n"
             "  answers: [metric]\n"
             "  expires: 2026-11-30\n"
             "  tradeoffs: { cost: none, reversible: true }\n"
             "  apply: { file: a.yml, set: { k: v } }\n");
    th_sh(&r, dir,
          "sed -i 's/^sources:/hotfixes: hotfixes.yml\\n"
          "history: .recsysops\\/history.db\\n\\nsources:/' "
          "recsysops.yml && git add -A && "
          "git -c user.name=A -c user.email=a@b commit -qm menu");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);

    th_rso(&r, dir, "hotfix list");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "Roll the ranker back in Argo"));
    cr_assert(th_has(r.out, "(from hotfixes.yml)"), "%s", r.out);
    cr_assert_not(th_has(r.out, "relax-threshold"));
    th_run_free(&r);
    th_rso(&r, dir, "hotfix list " NOW);
    cr_assert(th_has(r.out, "old-fix (expired)\n"), "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "hotfix list --now 2026-11-29");
    cr_assert(th_has(r.out, "old-fix\n"), "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "hotfix apply old-fix " NOW);
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "refusing hotfix 'old-fix': it expired"));
    th_run_free(&r);

    th_rso(&r, dir, "hotfix suggest " NOW);
    cr_assert(th_has(r.out, "1. serve-previous-model: Roll the ranker"));
    cr_assert_not(th_has(r.out, "2. "), "%s", r.out);
    th_run_free(&r);

    th_rso(&r, dir, "hotfix apply serve-previous-model " NOW);
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "needs a value for {model}: pass --set "
                            "model=VALUE"),
              "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "hotfix apply serve-previous-model --set model=r41 " NOW);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* The configured store is created and holds the application. */
    cr_assert_not(th_has(r.err, "not recorded"), "%s", r.err);
    th_run_free(&r);
    th_sh(&r, dir, "test -s .recsysops/history.db");
    cr_assert_eq(r.status, 0, "no history store was written");
    th_run_free(&r);

    th_rso(&r, dir, "hotfix apply no-such-fix");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "no hotfix 'no-such-fix' in the menu"));
    th_run_free(&r);
    th_rso(&r, dir, "hotfix suggest --results nowhere.json");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "no gate results at 'nowhere.json'"));
    th_run_free(&r);
    th_rso(&r, dir, "hotfix frobnicate");
    cr_assert_eq(r.status, 2);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(hotfix_e2e, a_menu_that_cannot_load_is_an_error_not_a_pass)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_sh(&r, dir,
          "cp -r '%s/fixtures/demo/.' . && rm -rf reports && "
          "sed -i 's/^sources:/hotfixes: menu.yml\\n\\nsources:/' "
          "recsysops.yml",
          th_top());
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    th_write(dir, "menu.yml", "- id: x\n  title: X\n");
    th_rso(&r, dir, "gate --only plays-volume -v " NOW);
    cr_assert_eq(r.status, 3, "%s%s", r.out, r.err);
    cr_assert(th_has(r.out, "the hotfix menu could not be loaded: "
                            "menu.yml:1:3: hotfix 'x' has no 'answers'"),
              "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "hotfix list");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "menu.yml:1:3: hotfix 'x' has no 'answers'"));
    th_run_free(&r);
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "menu.yml:1:3: hotfix 'x' has no 'answers'"));
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}
