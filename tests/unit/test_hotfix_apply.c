/*
 * hotfix apply on real repositories: each action makes a branch whose
 * commit holds the edit, while the working tree, the index and HEAD stay
 * as they were; unsafe paths, dirty files, existing branches and expired
 * entries are refused with nothing written.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "hotfix/apply.h"
#include "util/err.h"
#include "util/units.h"

static const char boost[] = "# boosts, newest last\n- { item: a1 }\n";
static const char model[] = "# what serves\nmodel: m42   # candidate\n";
static const char hold[] = "[]\n";
static const char features[] = "item,feature,value,until\n";

static char *repo_new(void)
{
    char *dir = th_tmpdir();

    th_write(dir, "overrides/boost.yml", boost);
    th_write(dir, "serving/model.yml", model);
    th_write(dir, "overrides/hold.json", hold);
    th_write(dir, "overrides/features.csv", features);
    th_git(dir, "init -q");
    th_git(dir, "add -A");
    th_git(dir, "commit -qm init");
    return dir;
}

/* What must not change: HEAD, its branch, the index, the status. */
static char *state(const char *dir)
{
    struct th_run r;
    char *s;

    th_sh(&r, dir,
          "git rev-parse HEAD && git symbolic-ref HEAD && "
          "git ls-files -s && git status --porcelain");
    cr_assert_eq(r.status, 0, "%s", r.err);
    s = r.out;
    r.out = NULL;
    th_run_free(&r);
    return s;
}

struct fixture {
    char *dir;
    struct hotfix_menu *menu;
    struct rso_git *git;
    struct hotfix_vars vars;
    char *before;
};

static void fixture_init(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->dir = repo_new();
    cr_assert_eq(hotfix_menu_load(&f->menu, NULL), 0, "%s", rso_errmsg());
    cr_assert_eq(rso_git_open(&f->git, f->dir), 0);
    units_timestamp("2026-12-01T06:00:00Z", &f->vars.now);
    f->before = state(f->dir);
}

static void fixture_free(struct fixture *f)
{
    char *after = state(f->dir);

    cr_assert_str_eq(after, f->before, "the checkout changed");
    free(after);
    free(f->before);
    hotfix_vars_release(&f->vars);
    rso_git_free(f->git);
    hotfix_menu_free(f->menu);
    th_rmrf(f->dir);
    free(f->dir);
}

static int apply(struct fixture *f, const char *entry,
                 struct hotfix_outcome *out)
{
    struct hotfix_request rq = {.entry = hotfix_menu_find(f->menu, entry),
                                .vars = &f->vars,
                                .finding = "block data/x: broken",
                                .command = "recsysops hotfix apply x"};

    cr_assert(rq.entry, "no entry '%s'", entry);
    f->vars.entry = entry;
    return hotfix_apply(f->git, &rq, out);
}

/* The file at the branch's commit, and a check of the commit itself. */
static char *at_branch(struct fixture *f, const struct hotfix_outcome *o,
                       const char *path)
{
    git_repository *repo = rso_git_repository(f->git);
    git_reference *ref;
    git_commit *c;
    git_oid head;
    struct rso_buf b = RSO_BUF_INIT;
    char sha[GIT_OID_HEXSZ + 1];

    cr_assert_eq(git_branch_lookup(&ref, repo, o->branch, GIT_BRANCH_LOCAL), 0,
                 "no branch '%s'", o->branch);
    git_oid_tostr(sha, sizeof(sha), git_reference_target(ref));
    cr_assert_str_eq(sha, o->sha);
    cr_assert_eq(git_commit_lookup(&c, repo, git_reference_target(ref)), 0);
    cr_assert_eq(git_reference_name_to_id(&head, repo, "HEAD"), 0);
    cr_assert_eq(git_commit_parentcount(c), 1);
    cr_assert(git_oid_equal(git_commit_parent_id(c, 0), &head),
              "the hotfix commit's parent is not HEAD");
    cr_assert(th_has(git_commit_message(c), "Finding: block data/x: broken"));
    cr_assert(th_has(git_commit_message(c), "Trade-offs: cost: "));
    git_commit_free(c);
    git_reference_free(ref);
    cr_assert_eq(rso_git_read_at(f->git, o->sha, path, &b), 0);
    return rso_buf_detach(&b);
}

/* Only path differs between HEAD and the branch. */
static void only_changed(struct fixture *f, const char *branch,
                         const char *path)
{
    struct th_run r;
    char want[256];

    th_sh(&r, f->dir, "git diff --name-only HEAD %s", branch);
    snprintf(want, sizeof(want), "%s\n", path);
    cr_assert_str_eq(r.out, want);
    th_run_free(&r);
}

Test(hotfix_apply, yaml_append_boosts_a_new_item)
{
    struct fixture f;
    struct hotfix_outcome o;
    char *text, *wt;

    fixture_init(&f);
    hotfix_vars_set(&f.vars, "item", "tt42");
    hotfix_vars_set(&f.vars, "launch", "2026-12-10");
    cr_assert_eq(apply(&f, "boost-new-item", &o), 0, "%s", rso_errmsg());
    cr_assert_str_eq(o.branch, "hotfix/boost-new-item-tt42");
    cr_assert_str_eq(o.until, "2026-12-17");
    text = at_branch(&f, &o, "overrides/boost.yml");
    cr_assert_str_eq(text, "# boosts, newest last\n- { item: a1 }\n"
                           "- {item: tt42, until: \"2026-12-17\"}\n");
    only_changed(&f, o.branch, "overrides/boost.yml");
    wt = th_read(f.dir, "overrides/boost.yml");
    cr_assert_str_eq(wt, boost, "the working tree changed");
    free(wt);
    free(text);
    hotfix_outcome_release(&o);
    fixture_free(&f);
}

Test(hotfix_apply, yaml_set_serves_the_previous_model)
{
    struct fixture f;
    struct hotfix_outcome o;
    char *text;

    fixture_init(&f);
    hotfix_vars_set(&f.vars, "model", "m41");
    hotfix_vars_set(&f.vars, "check", "ndcg");
    cr_assert_eq(apply(&f, "serve-previous-model", &o), 0, "%s", rso_errmsg());
    cr_assert_str_eq(o.branch, "hotfix/serve-previous-model-ndcg");
    text = at_branch(&f, &o, "serving/model.yml");
    cr_assert_str_eq(text, "# what serves\nmodel: m41   # candidate\n");
    free(text);
    hotfix_outcome_release(&o);
    fixture_free(&f);
}

Test(hotfix_apply, json_append_holds_an_item)
{
    struct fixture f;
    struct hotfix_outcome o;
    char *text;

    fixture_init(&f);
    hotfix_vars_set(&f.vars, "item", "tt 9/x");
    hotfix_vars_set(&f.vars, "reason", "broken artwork");
    cr_assert_eq(apply(&f, "hold-item", &o), 0, "%s", rso_errmsg());
    cr_assert_str_eq(o.branch, "hotfix/hold-item-tt-9-x");
    text = at_branch(&f, &o, "overrides/hold.json");
    cr_assert_str_eq(text, "[\n  {\n    \"item\": \"tt 9/x\",\n"
                           "    \"reason\": \"broken artwork\",\n"
                           "    \"until\": \"2026-12-08T06:00:00Z\"\n"
                           "  }\n]\n");
    free(text);
    hotfix_outcome_release(&o);
    fixture_free(&f);
}

Test(hotfix_apply, csv_append_overrides_a_feature)
{
    struct fixture f;
    struct hotfix_outcome o;
    char *text;

    fixture_init(&f);
    hotfix_vars_set(&f.vars, "item", "tt42");
    hotfix_vars_set(&f.vars, "feature", "runtime");
    hotfix_vars_set(&f.vars, "value", "104");
    cr_assert_eq(apply(&f, "override-feature-median", &o), 0, "%s",
                 rso_errmsg());
    text = at_branch(&f, &o, "overrides/features.csv");
    cr_assert_str_eq(text, "item,feature,value,until\n"
                           "tt42,runtime,104,2026-12-08T06:00:00Z\n");
    free(text);
    hotfix_outcome_release(&o);
    fixture_free(&f);
}

Test(hotfix_apply, a_new_file_is_created_on_the_branch)
{
    struct fixture f;
    struct hotfix_outcome o;
    char *text;

    fixture_init(&f);
    hotfix_vars_set(&f.vars, "slice", "country=FR");
    cr_assert_eq(apply(&f, "popularity-fallback", &o), 0, "%s", rso_errmsg());
    cr_assert_str_eq(o.branch, "hotfix/popularity-fallback-2026-12-01");
    text = at_branch(&f, &o, "overrides/fallback.yml");
    cr_assert_str_eq(text, "- {slice: \"country=FR\", ranker: popularity, "
                           "until: \"2026-12-04T06:00:00Z\"}\n");
    cr_assert_null(th_read(f.dir, "overrides/fallback.yml"),
                   "the file appeared in the working tree");
    free(text);
    hotfix_outcome_release(&o);
    fixture_free(&f);
}

Test(hotfix_apply, existing_branch_is_never_overwritten)
{
    struct fixture f;
    struct hotfix_outcome o, o2;
    struct th_run r;

    fixture_init(&f);
    hotfix_vars_set(&f.vars, "item", "tt42");
    hotfix_vars_set(&f.vars, "launch", "2026-12-10");
    cr_assert_eq(apply(&f, "boost-new-item", &o), 0, "%s", rso_errmsg());
    hotfix_vars_set(&f.vars, "launch", "2027-01-10");
    cr_assert_eq(apply(&f, "boost-new-item", &o2), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "refusing to overwrite branch "
                                   "'hotfix/boost-new-item-tt42'"));
    th_sh(&r, f.dir, "git rev-parse hotfix/boost-new-item-tt42");
    cr_assert(th_has(r.out, o.sha), "the branch moved");
    th_run_free(&r);
    hotfix_outcome_release(&o);
    fixture_free(&f);
}

/* Apply a one-entry menu whose file is path; expect a refusal. */
static void refuse_path(struct fixture *f, const char *path, const char *want)
{
    struct hotfix_menu *m;
    struct hotfix_outcome o;
    struct hotfix_request rq = {.vars = &f->vars};
    char text[512];

    snprintf(text, sizeof(text),
             "- { id: e, title: E, answers: [rows],"
             "    tradeoffs: { cost: c, reversible: true },"
             "    apply: { file: \"%s\", set: { k: v } } }\n",
             path);
    cr_assert_eq(hotfix_menu_load_string(&m, "t.yml", text), 0, "%s",
                 rso_errmsg());
    rq.entry = &m->items[0];
    cr_assert_eq(hotfix_apply(f->git, &rq, &o), RSO_EUSAGE, "'%s' passed",
                 path);
    cr_assert(th_has(rso_errmsg(), want), "'%s' lacks '%s'", rso_errmsg(),
              want);
    hotfix_menu_free(m);
}

Test(hotfix_apply, paths_leading_out_are_refused)
{
    struct fixture f;
    char *outside = th_tmpdir(), *link;
    struct th_run r;

    fixture_init(&f);
    refuse_path(&f, "../x.yml", "no '..'");
    refuse_path(&f, "overrides/../../x.yml", "no '..'");
    refuse_path(&f, "/etc/x.yml", "relative to the repository root");
    refuse_path(&f, ".git/x.yml", ".git parts");
    refuse_path(&f, "overrides//x.yml", "empty");
    /* A committed link to a folder outside, and one in the tree only. */
    cr_assert(asprintf(&link, "%s/out", f.dir) > 0);
    cr_assert_eq(symlink(outside, link), 0);
    th_git(f.dir, "add out");
    th_git(f.dir, "commit -qm link");
    free(f.before);
    f.before = state(f.dir);
    refuse_path(&f, "out/x.yml", "'out' is a symbolic link");
    /* A link in the working tree only, leading out. */
    free(link);
    cr_assert(asprintf(&link, "%s/overrides/away", f.dir) > 0);
    cr_assert_eq(symlink(outside, link), 0);
    free(f.before);
    f.before = state(f.dir);
    refuse_path(&f, "overrides/away/x.yml",
                "'overrides/away' is a "
                "symbolic link");
    th_sh(&r, outside, "ls -A");
    cr_assert_str_eq(r.out, "", "something was written outside");
    th_run_free(&r);
    free(link);
    th_rmrf(outside);
    free(outside);
    fixture_free(&f);
}

Test(hotfix_apply, uncommitted_files_are_refused)
{
    struct fixture f;
    struct hotfix_outcome o;
    struct th_run r;

    fixture_init(&f);
    th_write(f.dir, "serving/model.yml", "model: local-edit\n");
    free(f.before);
    f.before = state(f.dir);
    hotfix_vars_set(&f.vars, "model", "m41");
    cr_assert_eq(apply(&f, "serve-previous-model", &o), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "refusing 'serving/model.yml': the "
                                   "file has uncommitted changes"));
    /* Untracked counts as uncommitted too. */
    th_write(f.dir, "overrides/fallback.yml", "[]\n");
    free(f.before);
    f.before = state(f.dir);
    hotfix_vars_set(&f.vars, "slice", "FR");
    cr_assert_eq(apply(&f, "popularity-fallback", &o), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "uncommitted changes"));
    th_sh(&r, f.dir, "git branch --list 'hotfix/*'");
    cr_assert_str_eq(r.out, "", "a branch was made");
    th_run_free(&r);
    fixture_free(&f);
}

Test(hotfix_apply, expired_entries_are_refused_at_a_fixed_now)
{
    struct fixture f;
    struct hotfix_menu *m;
    struct hotfix_outcome o;
    struct hotfix_request rq = {.vars = &f.vars};

    fixture_init(&f);
    cr_assert_eq(
        hotfix_menu_load_string(&m, "t.yml",
                                "- { id: e, title: E, answers: [rows],"
                                "    expires: 2026-12-01T06:00:00Z,"
                                "    tradeoffs: { cost: c, reversible: true },"
                                "    apply: { file: serving/model.yml,"
                                "             set: { model: \"{now}\" } } }\n"),
        0, "%s", rso_errmsg());
    rq.entry = &m->items[0];
    cr_assert_eq(hotfix_apply(f.git, &rq, &o), RSO_EUSAGE);
    cr_assert(th_has(rso_errmsg(), "refusing hotfix 'e': it expired"));
    f.vars.now -= 1;
    cr_assert_eq(hotfix_apply(f.git, &rq, &o), 0, "%s", rso_errmsg());
    hotfix_outcome_release(&o);
    hotfix_menu_free(m);
    fixture_free(&f);
}
