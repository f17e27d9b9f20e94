#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/api.h"
#include "git/repo.h"
#include "util/err.h"
#include "util/mem.h"

struct rso_git {
    git_repository *repo;
};

static int git_fail(int code, const char *what)
{
    const git_error *e = GIT(error_last)();

    return rso_fail(code, "git: %s: %s", what,
                    e && e->message ? e->message : "unknown error");
}

int rso_git_open(struct rso_git **out, const char *path)
{
    git_repository *repo;

    if (!git_api())
        return RSO_EDATA;
    GIT(libgit2_init)();
    if (GIT(repository_open_ext)(&repo, path, 0, NULL) < 0) {
        GIT(libgit2_shutdown)();
        return rso_fail(RSO_EDATA, "'%s' is not inside a git repository", path);
    }
    *out = xcalloc(1, sizeof(**out));
    (*out)->repo = repo;
    return 0;
}

void rso_git_free(struct rso_git *g)
{
    if (!g)
        return;
    GIT(repository_free)(g->repo);
    free(g);
    GIT(libgit2_shutdown)();
}

git_repository *rso_git_repository(struct rso_git *g)
{
    return g->repo;
}

const char *rso_git_workdir(const struct rso_git *g)
{
    return GIT(repository_workdir)(g->repo);
}

int rso_git_is_shallow(struct rso_git *g)
{
    return GIT(repository_is_shallow)(g->repo) == 1;
}

int rso_git_head(struct rso_git *g, char out_sha[GIT_OID_HEXSZ + 1],
                 char **out_branch)
{
    git_reference *head = NULL;
    int rc = GIT(repository_head)(&head, g->repo);

    if (out_branch)
        *out_branch = NULL;
    if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
        return RSO_GIT_NOTFOUND;
    if (rc < 0)
        return git_fail(RSO_EDATA, "cannot read HEAD");
    GIT(oid_tostr)(out_sha, GIT_OID_HEXSZ + 1, GIT(reference_target)(head));
    if (out_branch && GIT(reference_is_branch)(head))
        *out_branch = xstrdup(GIT(reference_shorthand)(head));
    GIT(reference_free)(head);
    return 0;
}

static int resolve_oid(struct rso_git *g, const char *ref, git_oid *out)
{
    git_object *obj = NULL, *commit = NULL;

    if (GIT(revparse_single)(&obj, g->repo, ref) < 0)
        return RSO_GIT_NOTFOUND;
    if (GIT(object_peel)(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
        GIT(object_free)(obj);
        return RSO_GIT_NOTFOUND;
    }
    GIT(oid_cpy)(out, GIT(object_id)(commit));
    GIT(object_free)(commit);
    GIT(object_free)(obj);
    return 0;
}

int rso_git_resolve(struct rso_git *g, const char *ref,
                    char out_sha[GIT_OID_HEXSZ + 1])
{
    git_oid oid;
    int rc = resolve_oid(g, ref, &oid);

    if (rc == 0)
        GIT(oid_tostr)(out_sha, GIT_OID_HEXSZ + 1, &oid);
    return rc;
}

int rso_git_merge_base(struct rso_git *g, const char *ref,
                       char out_sha[GIT_OID_HEXSZ + 1])
{
    git_oid head, other, base;
    int rc;

    if (GIT(reference_name_to_id)(&head, g->repo, "HEAD") < 0)
        return RSO_GIT_NOTFOUND;
    if (resolve_oid(g, ref, &other) != 0)
        return RSO_GIT_NOTFOUND;
    rc = GIT(merge_base)(&base, g->repo, &head, &other);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALID || rc < 0) {
        GIT(error_clear)();
        return rso_git_is_shallow(g) ? RSO_GIT_SHALLOW : RSO_GIT_NOTFOUND;
    }
    GIT(oid_tostr)(out_sha, GIT_OID_HEXSZ + 1, &base);
    return 0;
}

/* The blob id of path in commit, or RSO_GIT_NOTFOUND. */
static int entry_at(git_commit *commit, const char *path, git_oid *out)
{
    git_tree *tree = NULL;
    git_tree_entry *entry = NULL;
    int rc = RSO_GIT_NOTFOUND;

    if (GIT(commit_tree)(&tree, commit) < 0)
        return RSO_GIT_NOTFOUND;
    if (GIT(tree_entry_bypath)(&entry, tree, path) == 0) {
        if (GIT(tree_entry_type)(entry) == GIT_OBJECT_BLOB) {
            GIT(oid_cpy)(out, GIT(tree_entry_id)(entry));
            rc = 0;
        }
        GIT(tree_entry_free)(entry);
    }
    GIT(error_clear)();
    GIT(tree_free)(tree);
    return rc;
}

int rso_git_read_at(struct rso_git *g, const char *sha, const char *path,
                    struct rso_buf *out)
{
    git_oid oid, blob_id;
    git_commit *commit = NULL;
    git_blob *blob = NULL;
    int rc;

    if (GIT(oid_fromstr)(&oid, sha) < 0 ||
        GIT(commit_lookup)(&commit, g->repo, &oid) < 0) {
        GIT(error_clear)();
        return RSO_GIT_NOTFOUND;
    }
    rc = entry_at(commit, path, &blob_id);
    if (rc == 0 && GIT(blob_lookup)(&blob, g->repo, &blob_id) < 0)
        rc = git_fail(RSO_EDATA, "cannot read a committed file");
    if (rc == 0)
        rso_buf_add(out, GIT(blob_rawcontent)(blob),
                    (size_t)GIT(blob_rawsize)(blob));
    GIT(blob_free)(blob);
    GIT(commit_free)(commit);
    return rc;
}

static void fill_change(struct rso_git_change *out, git_commit *c)
{
    const git_signature *a = GIT(commit_author)(c);
    const char *summary = GIT(commit_summary)(c);

    GIT(oid_tostr)(out->sha, sizeof(out->sha), GIT(commit_id)(c));
    out->time = (double)GIT(commit_time)(c);
    snprintf(out->author, sizeof(out->author), "%s",
             a && a->name ? a->name : "");
    snprintf(out->summary, sizeof(out->summary), "%s", summary ? summary : "");
}

int rso_git_last_change(struct rso_git *g, const char *path,
                        struct rso_git_change *out)
{
    git_revwalk *walk = NULL;
    git_oid oid;
    int rc = RSO_GIT_NOTFOUND;

    if (GIT(revwalk_new)(&walk, g->repo) < 0)
        return git_fail(RSO_EDATA, "cannot walk the history");
    GIT(revwalk_sorting)(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    if (GIT(revwalk_push_head)(walk) < 0) {
        GIT(revwalk_free)(walk);
        GIT(error_clear)();
        return RSO_GIT_NOTFOUND;
    }
    GIT(revwalk_simplify_first_parent)(walk);
    while (GIT(revwalk_next)(&oid, walk) == 0) {
        git_commit *c = NULL, *parent = NULL;
        git_oid mine, theirs;
        int changed;

        if (GIT(commit_lookup)(&c, g->repo, &oid) < 0)
            break;
        if (entry_at(c, path, &mine) != 0) {
            /* Not in this commit: it was removed, or never existed. */
            GIT(commit_free)(c);
            break;
        }
        changed = GIT(commit_parentcount)(c) == 0 ||
                  GIT(commit_parent)(&parent, c, 0) < 0 ||
                  entry_at(parent, path, &theirs) != 0 ||
                  !GIT(oid_equal)(&mine, &theirs);
        GIT(error_clear)();
        GIT(commit_free)(parent);
        if (changed) {
            fill_change(out, c);
            GIT(commit_free)(c);
            rc = 0;
            break;
        }
        GIT(commit_free)(c);
    }
    GIT(revwalk_free)(walk);
    return rc;
}

/*
 * The absolute form of path.  The file itself may not exist (it is read
 * at another commit), so its folder is resolved and its name kept.
 */
static int absolute(const char *path, struct rso_buf *out)
{
    char *dir = xstrdup(path), *slash = strrchr(dir, '/');
    const char *name = path;
    char *real;
    int rc = 0;

    real = realpath(path, NULL);
    if (real) {
        rso_buf_puts(out, real);
        free(real);
        free(dir);
        return 0;
    }
    if (slash) {
        *slash = '\0';
        name = slash + 1;
        real = realpath(*dir ? dir : "/", NULL);
    } else {
        real = realpath(".", NULL);
    }
    if (real)
        rso_buf_printf(out, "%s/%s", real, name);
    else
        rc = rso_fail(RSO_EDATA, "cannot resolve '%s'", path);
    free(real);
    free(dir);
    return rc;
}

int rso_git_relpath(struct rso_git *g, const char *path, struct rso_buf *out)
{
    struct rso_buf abs = RSO_BUF_INIT;
    const char *wd = rso_git_workdir(g);
    char *root = wd ? realpath(wd, NULL) : NULL;
    size_t n;
    int rc;

    if (!root)
        return rso_fail(RSO_EDATA, "the repository has no working tree");
    rc = absolute(path, &abs);
    n = strlen(root);
    if (rc == 0 && (strncmp(abs.ptr, root, n) != 0 ||
                    (abs.ptr[n] != '/' && abs.ptr[n] != '\0')))
        rc = rso_fail(RSO_EDATA, "'%s' is outside the repository", path);
    if (rc == 0)
        rso_buf_puts(out, abs.ptr[n] == '/' ? abs.ptr + n + 1 : abs.ptr + n);
    free(root);
    rso_buf_release(&abs);
    return rc;
}
