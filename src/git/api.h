/*
 * git/api.h: libgit2, loaded the first time a repository is opened.
 *
 * libgit2 brings TLS, SSH and Kerberos libraries, and its start-up
 * parses every system CA certificate: linked, it cost every command,
 * 'recsysops version' included, about 4 ms before main().  The table
 * holds one pointer per function used, typed from <git2.h>; a call reads
 * GIT(repository_free)(repo).  rso_git_open() loads the table, so every
 * other call site runs after a successful load.
 */
#ifndef RSO_GIT_API_H
#define RSO_GIT_API_H

#include <git2.h>

#define GIT_FUNCTIONS(X)                                                       \
    X(git_blob_create_from_buffer)                                             \
    X(git_blob_free)                                                           \
    X(git_blob_lookup)                                                         \
    X(git_blob_rawcontent)                                                     \
    X(git_blob_rawsize)                                                        \
    X(git_branch_create)                                                       \
    X(git_branch_lookup)                                                       \
    X(git_commit_author)                                                       \
    X(git_commit_create)                                                       \
    X(git_commit_free)                                                         \
    X(git_commit_id)                                                           \
    X(git_commit_lookup)                                                       \
    X(git_commit_parent)                                                       \
    X(git_commit_parentcount)                                                  \
    X(git_commit_summary)                                                      \
    X(git_commit_time)                                                         \
    X(git_commit_tree)                                                         \
    X(git_error_clear)                                                         \
    X(git_error_last)                                                          \
    X(git_libgit2_init)                                                        \
    X(git_libgit2_shutdown)                                                    \
    X(git_merge_base)                                                          \
    X(git_object_free)                                                         \
    X(git_object_id)                                                           \
    X(git_object_peel)                                                         \
    X(git_oid_cpy)                                                             \
    X(git_oid_equal)                                                           \
    X(git_oid_fromstr)                                                         \
    X(git_oid_tostr)                                                           \
    X(git_reference_free)                                                      \
    X(git_reference_is_branch)                                                 \
    X(git_reference_name_is_valid)                                             \
    X(git_reference_name_to_id)                                                \
    X(git_reference_shorthand)                                                 \
    X(git_reference_target)                                                    \
    X(git_repository_free)                                                     \
    X(git_repository_head)                                                     \
    X(git_repository_is_shallow)                                               \
    X(git_repository_open_ext)                                                 \
    X(git_repository_workdir)                                                  \
    X(git_revparse_single)                                                     \
    X(git_revwalk_free)                                                        \
    X(git_revwalk_new)                                                         \
    X(git_revwalk_next)                                                        \
    X(git_revwalk_push_head)                                                   \
    X(git_revwalk_simplify_first_parent)                                       \
    X(git_revwalk_sorting)                                                     \
    X(git_signature_default)                                                   \
    X(git_signature_free)                                                      \
    X(git_signature_now)                                                       \
    X(git_status_file)                                                         \
    X(git_tree_create_updated)                                                 \
    X(git_tree_entry_bypath)                                                   \
    X(git_tree_entry_filemode)                                                 \
    X(git_tree_entry_free)                                                     \
    X(git_tree_entry_id)                                                       \
    X(git_tree_entry_type)                                                     \
    X(git_tree_free)                                                           \
    X(git_tree_lookup)

struct git_api {
#define GIT_POINTER(name) __typeof__(name) *name;
    GIT_FUNCTIONS(GIT_POINTER)
#undef GIT_POINTER
};

/* The loaded table; valid once git_api() has returned it. */
extern const struct git_api *rso_libgit2;

#define GIT(name) (rso_libgit2->git_##name)

/*
 * Load libgit2 (once; never unloaded).  Returns the table, or NULL after
 * recording (rso_fail, RSO_EDATA) why it could not be loaded.
 */
const struct git_api *git_api(void);

#endif
