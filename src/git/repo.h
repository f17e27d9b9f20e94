/*
 * repo.h: the git facts recsysops needs, through libgit2.
 *
 * Nothing here touches the working tree or the index: files are read from
 * the object database at a commit.  A struct rso_git is opened once per
 * run and freed by its opener with rso_git_free().
 */
#ifndef RSO_GIT_REPO_H
#define RSO_GIT_REPO_H

#include <git2.h>

#include "util/buf.h"

struct rso_git;

/* Codes beyond the shared ones in util/err.h. */
enum {
    RSO_GIT_NOTFOUND = 1, /* the ref, path or commit does not exist */
    RSO_GIT_SHALLOW = 2   /* not found, and the clone is shallow */
};

struct rso_git_change {
    char sha[GIT_OID_HEXSZ + 1];
    double time; /* committer time, epoch seconds */
    char author[128];
    char summary[128];
};

/*
 * Open the repository that contains path (searching upwards).  Returns 0,
 * or RSO_EDATA with a message when path is in no repository.
 */
int rso_git_open(struct rso_git **out, const char *path);
void rso_git_free(struct rso_git *g);

/* The raw libgit2 handle, for modules that write branches. */
git_repository *rso_git_repository(struct rso_git *g);

/* The working directory with a trailing slash, or NULL for a bare repo. */
const char *rso_git_workdir(const struct rso_git *g);

/* Whether the clone is shallow. */
int rso_git_is_shallow(struct rso_git *g);

/*
 * The commit HEAD points to and, when on a branch, its short name (NULL
 * when detached or unborn).  Returns RSO_GIT_NOTFOUND for an unborn HEAD.
 * *out_branch is the caller's to free.
 */
int rso_git_head(struct rso_git *g, char out_sha[GIT_OID_HEXSZ + 1],
                 char **out_branch);

/*
 * The commit ref names (a branch, tag, remote branch or sha).  Returns
 * RSO_GIT_NOTFOUND when ref names nothing.
 */
int rso_git_resolve(struct rso_git *g, const char *ref,
                    char out_sha[GIT_OID_HEXSZ + 1]);

/*
 * The merge-base of HEAD and ref.  Returns RSO_GIT_NOTFOUND when ref is
 * unknown or has no common ancestor, RSO_GIT_SHALLOW when the common
 * ancestor cannot be found because the clone is shallow.
 */
int rso_git_merge_base(struct rso_git *g, const char *ref,
                       char out_sha[GIT_OID_HEXSZ + 1]);

/*
 * Append to out the content of path (relative to the repository root) as
 * committed at sha.  Returns RSO_GIT_NOTFOUND when the file is not in that
 * commit.
 */
int rso_git_read_at(struct rso_git *g, const char *sha, const char *path,
                    struct rso_buf *out);

/*
 * The newest commit reachable from HEAD that changed path (relative to
 * the repository root): the first, walking back, whose blob at path
 * differs from its first parent's.  Returns RSO_GIT_NOTFOUND when path is
 * not in HEAD.
 */
int rso_git_last_change(struct rso_git *g, const char *path,
                        struct rso_git_change *out);

/*
 * Turn path (absolute, or relative to the current directory) into a path
 * relative to the repository root, appended to out.  Returns RSO_EDATA
 * when path lies outside the working tree.
 */
int rso_git_relpath(struct rso_git *g, const char *path, struct rso_buf *out);

#endif
