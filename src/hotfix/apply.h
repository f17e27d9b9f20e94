/*
 * apply.h: one menu entry applied as a git branch and commit.
 *
 * hotfix_apply() expands the entry's action, edits the target file as
 * committed at HEAD, and writes a new blob, tree and commit whose parent
 * is HEAD, then creates the branch hotfix/<entry>-<target> on it.  The
 * working tree, the index and HEAD are never touched: the user's checkout
 * stays as it was, and pushing is left to the user or the workflow.
 *
 * Refused, with nothing written: a path outside the repository (absolute,
 * with "..", into .git, or through a symbolic link), a target file with
 * uncommitted changes (or untracked, or ignored), a branch that exists
 * already, an expired entry, an unborn HEAD.
 */
#ifndef RSO_HOTFIX_APPLY_H
#define RSO_HOTFIX_APPLY_H

#include <git2.h>

#include "git/repo.h"
#include "hotfix/menu.h"
#include "hotfix/template.h"

struct hotfix_request {
    const struct hotfix_entry *entry;
    const struct hotfix_vars *vars; /* item, --set values, check, ... */
    const char *target;  /* names the branch; NULL: item, check, date */
    const char *finding; /* the finding it answers (one line), or NULL */
    const char *command; /* the command line, for the commit message */
};

/* What was made; hotfix_outcome_release() frees the strings. */
struct hotfix_outcome {
    char *branch;
    char *file;
    char *until; /* the expanded expiry, or NULL */
    char sha[GIT_OID_HEXSZ + 1];
};

/*
 * Apply rq in g's repository.  Returns 0 and fills out, or RSO_EUSAGE
 * (refused: see above; a placeholder without value) or RSO_EDATA (the
 * file cannot be edited, git failed) with one message.
 */
int hotfix_apply(struct rso_git *g, const struct hotfix_request *rq,
                 struct hotfix_outcome *out);

void hotfix_outcome_release(struct hotfix_outcome *o);

/*
 * Check that path is a safe repository-relative file path (see above),
 * given the tree at HEAD.  Returns 0 or RSO_EUSAGE.
 */
int hotfix_path_check(struct rso_git *g, git_tree *head, const char *path);

/* The branch name for an entry and target: hotfix/<entry>-<target>. */
void hotfix_branch_name(struct rso_buf *out, const char *entry,
                        const char *target);

#endif
