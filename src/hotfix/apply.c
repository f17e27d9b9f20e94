#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "git/api.h"
#include "hotfix/apply.h"
#include "hotfix/edit.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/units.h"

static int git_fail(int code, const char *what)
{
    const git_error *e = GIT(error_last)();
    int rc = rso_fail(code, "%s: %s", what,
                      e && e->message ? e->message : "libgit2 failed");

    GIT(error_clear)();
    return rc;
}

void hotfix_outcome_release(struct hotfix_outcome *o)
{
    free(o->branch);
    free(o->file);
    free(o->until);
    memset(o, 0, sizeof(*o));
}

void hotfix_branch_name(struct rso_buf *out, const char *entry,
                        const char *target)
{
    size_t start = out->len;

    rso_buf_printf(out, "hotfix/%s-%s", entry, target);
    /* Keep what reads well in a ref; anything else becomes '-'. */
    for (size_t i = start + 7; i < out->len; i++) {
        unsigned char c = (unsigned char)out->ptr[i];

        if (!isalnum(c) && c != '-' && c != '_' && c != '.')
            out->ptr[i] = '-';
        if (c == '.' && i > 0 && out->ptr[i - 1] == '.')
            out->ptr[i] = '-';
    }
    while (out->len > start + 7 && strchr("-.", out->ptr[out->len - 1]))
        out->ptr[--out->len] = '\0';
}

/* A segment that must not appear in a path. */
static int bad_segment(const char *s, size_t n)
{
    return n == 0 || (n == 1 && s[0] == '.') ||
           (n == 2 && !memcmp(s, "..", 2)) ||
           (n == 4 && !strncasecmp(s, ".git", 4));
}

static int check_syntax(const char *path)
{
    const char *p = path;

    if (!*path || path[0] == '/' || strchr(path, '\\'))
        return rso_fail(RSO_EUSAGE,
                        "refusing '%s': the path must be "
                        "relative to the repository root",
                        path);
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);

        if (bad_segment(p, n))
            return rso_fail(RSO_EUSAGE,
                            "refusing '%s': no '..', '.', "
                            "empty or .git parts in a path",
                            path);
        if (!slash)
            return 0;
        p = slash + 1;
    }
}

/* Whether the working-tree prefix of len bytes leads outside root. */
static int leads_out(const char *root, const char *path, size_t len)
{
    struct rso_buf full = RSO_BUF_INIT;
    struct stat st;
    char *real;
    int out = 0;

    rso_buf_printf(&full, "%s/%.*s", root, (int)len, path);
    if (lstat(full.ptr, &st) == 0 && S_ISLNK(st.st_mode)) {
        real = realpath(full.ptr, NULL);
        out = !real || strncmp(real, root, strlen(root)) ||
              (real[strlen(root)] && real[strlen(root)] != '/');
        free(real);
    }
    rso_buf_release(&full);
    return out;
}

/* Whether a prefix of path is a symbolic link in the tree at HEAD. */
static int link_in_tree(git_tree *head, const char *path, size_t len)
{
    char *prefix = xstrndup(path, len);
    git_tree_entry *te = NULL;
    int link = 0;

    if (GIT(tree_entry_bypath)(&te, head, prefix) == 0)
        link = GIT(tree_entry_filemode)(te) == GIT_FILEMODE_LINK;
    GIT(error_clear)();
    GIT(tree_entry_free)(te);
    free(prefix);
    return link;
}

int hotfix_path_check(struct rso_git *g, git_tree *head, const char *path)
{
    const char *wd = rso_git_workdir(g);
    char *root = wd ? realpath(wd, NULL) : NULL;
    int rc = check_syntax(path);

    for (const char *p = path; rc == 0; p++) {
        if (*p != '/' && *p)
            continue;
        if (link_in_tree(head, path, (size_t)(p - path)) ||
            (root && leads_out(root, path, (size_t)(p - path))))
            rc = rso_fail(RSO_EUSAGE,
                          "refusing '%s': '%.*s' is a "
                          "symbolic link",
                          path, (int)(p - path), path);
        if (!*p)
            break;
    }
    free(root);
    return rc;
}

/* Refuse a file whose working copy differs from HEAD. */
static int check_clean(git_repository *repo, const char *path)
{
    unsigned int flags = 0;
    int rc = GIT(status_file)(&flags, repo, path);

    if (rc == GIT_ENOTFOUND) {
        GIT(error_clear)();
        return 0;
    }
    if (rc < 0)
        return git_fail(RSO_EUSAGE, "cannot tell whether the file is "
                                    "committed");
    if (flags & GIT_STATUS_IGNORED)
        return rso_fail(RSO_EUSAGE,
                        "refusing '%s': the file is ignored "
                        "by git",
                        path);
    if (flags != GIT_STATUS_CURRENT)
        return rso_fail(RSO_EUSAGE,
                        "refusing '%s': the file has "
                        "uncommitted changes; commit or stash "
                        "them first",
                        path);
    return 0;
}

static int check_branch(git_repository *repo, const char *name)
{
    git_reference *ref = NULL;
    int valid = 0;
    char full[512];

    snprintf(full, sizeof(full), "refs/heads/%s", name);
    if (GIT(reference_name_is_valid)(&valid, full) < 0 || !valid)
        return rso_fail(RSO_EUSAGE, "'%s' is not a valid branch name", name);
    if (GIT(branch_lookup)(&ref, repo, name, GIT_BRANCH_LOCAL) == 0) {
        GIT(reference_free)(ref);
        return rso_fail(RSO_EUSAGE,
                        "refusing to overwrite branch '%s': "
                        "it exists already (delete it, or "
                        "name another target)",
                        name);
    }
    GIT(error_clear)();
    return 0;
}

/* The target naming the branch: given, item, check, else the date. */
static void target_of(const struct hotfix_request *rq, struct rso_buf *out)
{
    const char *t = rq->target ? rq->target : hotfix_vars_get(rq->vars, "item");
    char now[32];

    if (!t)
        t = hotfix_vars_get(rq->vars, "check");
    if (!t) {
        units_format_time(now, rq->vars->now, 0);
        now[10] = '\0';
        t = now;
    }
    rso_buf_puts(out, t);
}

/* The blob at path in tree (appended to out); *exists set to 0 or 1. */
static int read_blob(git_repository *repo, git_tree *tree, const char *path,
                     struct rso_buf *out, int *exists, git_filemode_t *mode)
{
    git_tree_entry *te = NULL;
    git_blob *blob = NULL;
    int rc = 0;

    *exists = 0;
    *mode = GIT_FILEMODE_BLOB;
    if (GIT(tree_entry_bypath)(&te, tree, path) < 0) {
        GIT(error_clear)();
        return 0;
    }
    if (GIT(tree_entry_type)(te) != GIT_OBJECT_BLOB)
        rc = rso_fail(RSO_EUSAGE, "refusing '%s': it is not a file", path);
    else if (GIT(blob_lookup)(&blob, repo, GIT(tree_entry_id)(te)) < 0)
        rc = git_fail(RSO_EDATA, "cannot read the committed file");
    if (rc == 0) {
        if (GIT(blob_rawsize)(blob) > 0)
            rso_buf_add(out, GIT(blob_rawcontent)(blob),
                        (size_t)GIT(blob_rawsize)(blob));
        *exists = 1;
        *mode = GIT(tree_entry_filemode)(te);
    }
    GIT(blob_free)(blob);
    GIT(tree_entry_free)(te);
    return rc;
}

static void message(struct rso_buf *m, const struct hotfix_request *rq,
                    const char *target, const char *file, const char *until)
{
    const struct hotfix_entry *e = rq->entry;

    rso_buf_printf(m, "hotfix: %s (%s)\n\n", e->title, target);
    rso_buf_printf(m, "Finding: %s\n",
                   rq->finding ? rq->finding : "none named");
    rso_buf_printf(m, "Entry: %s (%s)%s\n", e->id, e->origin,
                   e->last_resort ? ", a last resort" : "");
    rso_buf_printf(m, "Action: %s %s\n",
                   e->apply.action == HOTFIX_SET ? "set in" : "append to",
                   file);
    if (until)
        rso_buf_printf(m, "Expires: %s\n", until);
    rso_buf_puts(m, "Trade-offs: ");
    hotfix_tradeoffs_line(e, m);
    rso_buf_putc(m, '\n');
    if (rq->command)
        rso_buf_printf(m, "\nApplied with: %s\n", rq->command);
}

static int signature(git_signature **out, git_repository *repo)
{
    if (GIT(signature_default)(out, repo) == 0)
        return 0;
    GIT(error_clear)();
    if (GIT(signature_now)(out, "recsysops", "recsysops@localhost") < 0)
        return git_fail(RSO_EDATA, "cannot make a commit signature");
    return 0;
}

struct work {
    const char *entry_id;
    git_repository *repo;
    git_commit *head;
    git_tree *tree;
    struct hotfix_edit edit;
    struct rso_buf file, until, target, branch, old, new_text, msg;
};

static void work_release(struct work *w)
{
    GIT(tree_free)(w->tree);
    GIT(commit_free)(w->head);
    hotfix_edit_release(&w->edit);
    rso_buf_release(&w->file);
    rso_buf_release(&w->until);
    rso_buf_release(&w->target);
    rso_buf_release(&w->branch);
    rso_buf_release(&w->old);
    rso_buf_release(&w->new_text);
    rso_buf_release(&w->msg);
}

static int open_head(struct work *w)
{
    git_oid oid;

    if (GIT(reference_name_to_id)(&oid, w->repo, "HEAD") < 0) {
        GIT(error_clear)();
        return rso_fail(RSO_EUSAGE, "refusing to apply a hotfix: the "
                                    "repository has no commit yet");
    }
    if (GIT(commit_lookup)(&w->head, w->repo, &oid) < 0 ||
        GIT(commit_tree)(&w->tree, w->head) < 0)
        return git_fail(RSO_EDATA, "cannot read HEAD");
    return 0;
}

/* Expand and check everything before anything is written. */
static int prepare(struct work *w, struct rso_git *g,
                   const struct hotfix_request *rq)
{
    const struct hotfix_entry *e = rq->entry;
    enum hotfix_format fmt;
    int rc;

    if (hotfix_expired(e, rq->vars->now))
        return rso_fail(RSO_EUSAGE, "refusing hotfix '%s': it expired", e->id);
    if ((rc = open_head(w)) ||
        (rc = hotfix_expand(rq->vars, e->apply.file, &w->file)))
        return rc;
    if ((rc = hotfix_file_format(NULL, w->file.ptr, &fmt)) ||
        (e->apply.until &&
         (rc = hotfix_expand(rq->vars, e->apply.until, &w->until))) ||
        (rc = hotfix_edit_expand(&w->edit, &e->apply, rq->vars)))
        return rc;
    w->edit.format = fmt;
    if (fmt == HOTFIX_CSV && w->edit.action == HOTFIX_SET)
        return rso_fail(RSO_EUSAGE, "'set' cannot edit a CSV file ('%s')",
                        w->file.ptr);
    w->edit.file = w->file.ptr;
    target_of(rq, &w->target);
    hotfix_branch_name(&w->branch, e->id, w->target.ptr);
    if ((rc = hotfix_path_check(g, w->tree, w->file.ptr)) ||
        (rc = check_clean(w->repo, w->file.ptr)) ||
        (rc = check_branch(w->repo, w->branch.ptr)))
        return rc;
    return 0;
}

/* The new file's blob, and the tree at HEAD with it in place. */
static int write_tree(struct work *w, git_tree **out)
{
    git_tree_update up = {.action = GIT_TREE_UPDATE_UPSERT};
    git_oid tree_id;
    int exists, rc;

    rc = read_blob(w->repo, w->tree, w->file.ptr, &w->old, &exists,
                   &up.filemode);
    if (w->until.len) {
        rso_buf_printf(&w->msg, "recsysops hotfix %s until %s", w->entry_id,
                       w->until.ptr);
        w->edit.note = w->msg.ptr;
    }
    if (rc == 0)
        rc = hotfix_edit_apply(&w->edit, exists ? rso_buf_str(&w->old) : NULL,
                               w->old.len, &w->new_text);
    if (rc < 0)
        return rc;
    if (GIT(blob_create_from_buffer)(&up.id, w->repo, w->new_text.ptr,
                                     w->new_text.len) < 0)
        return git_fail(RSO_EDATA, "cannot write the new file");
    up.path = w->file.ptr;
    if (GIT(tree_create_updated)(&tree_id, w->repo, w->tree, 1, &up) < 0 ||
        GIT(tree_lookup)(out, w->repo, &tree_id) < 0)
        return git_fail(RSO_EDATA, "cannot write the new tree");
    return 0;
}

/* Write the commit (no ref moves) and create the branch on it. */
static int commit(struct work *w, const struct hotfix_request *rq,
                  struct hotfix_outcome *out)
{
    const git_commit *parents[1] = {w->head};
    git_commit *made = NULL;
    git_tree *tree = NULL;
    git_signature *sig = NULL;
    git_reference *ref = NULL;
    git_oid id;
    int rc = write_tree(w, &tree);

    if (rc == 0)
        rc = signature(&sig, w->repo);
    rso_buf_clear(&w->msg);
    message(&w->msg, rq, w->target.ptr, w->file.ptr,
            w->until.len ? w->until.ptr : NULL);
    if (rc == 0 && (GIT(commit_create)(&id, w->repo, NULL, sig, sig, NULL,
                                       w->msg.ptr, tree, 1, parents) < 0 ||
                    GIT(commit_lookup)(&made, w->repo, &id) < 0))
        rc = git_fail(RSO_EDATA, "cannot write the hotfix commit");
    /* force = 0: a branch made meanwhile is not overwritten either. */
    if (rc == 0 &&
        GIT(branch_create)(&ref, w->repo, w->branch.ptr, made, 0) < 0)
        rc = git_fail(RSO_EUSAGE, "cannot create the hotfix branch");
    if (rc == 0)
        GIT(oid_tostr)(out->sha, sizeof(out->sha), &id);
    GIT(reference_free)(ref);
    GIT(commit_free)(made);
    GIT(signature_free)(sig);
    GIT(tree_free)(tree);
    return rc;
}

int hotfix_apply(struct rso_git *g, const struct hotfix_request *rq,
                 struct hotfix_outcome *out)
{
    struct work w;
    int rc;

    memset(&w, 0, sizeof(w));
    memset(out, 0, sizeof(*out));
    w.repo = rso_git_repository(g);
    w.entry_id = rq->entry->id;
    if ((rc = prepare(&w, g, rq)) == 0)
        rc = commit(&w, rq, out);
    if (rc == 0) {
        out->branch = rso_buf_detach(&w.branch);
        out->file = rso_buf_detach(&w.file);
        out->until = w.until.len ? rso_buf_detach(&w.until) : NULL;
    }
    work_release(&w);
    return rc;
}
