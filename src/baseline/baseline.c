#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline/baseline.h"
#include "scan/reader.h"
#include "util/err.h"

const char *baseline_name(const struct rso_run *run)
{
    static char name[192];
    const char *ref = run->results->meta.baseline_ref;

    snprintf(name, sizeof(name), "%s (%.7s)", ref ? ref : "the baseline",
             run->baseline_commit ? run->baseline_commit : "none");
    return name;
}

/* Record why the run has no baseline commit; returns the code. */
static int no_commit(struct rso_run *run)
{
    const char *ref = run->results->meta.baseline_ref;

    if (!run->git)
        return rso_fail(RSO_GIT_NOTFOUND,
                        "no baseline: the config's folder '%s' is not in a git "
                        "repository",
                        run->cfg->dir);
    if (run->baseline_status == RSO_GIT_SHALLOW || rso_git_is_shallow(run->git))
        return rso_fail(RSO_GIT_SHALLOW,
                        "no baseline: this clone is shallow and lacks '%s' "
                        "or its merge-base with HEAD; fetch the history "
                        "(actions/checkout with fetch-depth: 0, or git "
                        "fetch --unshallow)",
                        ref ? ref : "main");
    return rso_fail(RSO_GIT_NOTFOUND,
                    "no baseline: '%s' names no commit that shares history "
                    "with HEAD (set 'baseline:' in the config, or fetch "
                    "that ref)",
                    ref ? ref : "main");
}

int baseline_read_file(struct rso_run *run, const char *path,
                       struct rso_buf *out)
{
    struct rso_buf rel = RSO_BUF_INIT, text = RSO_BUF_INIT;
    int rc;

    if (!run->git || !run->baseline_commit)
        return no_commit(run);
    if ((rc = rso_git_relpath(run->git, path, &rel)) < 0)
        goto done;
    rc = rso_git_read_at(run->git, run->baseline_commit, rso_buf_str(&rel),
                         &text);
    if (rc == RSO_GIT_NOTFOUND)
        rso_fail(RSO_GIT_NOTFOUND,
                 "no baseline: '%s' does not exist at the baseline commit "
                 "%s",
                 rso_buf_str(&rel), baseline_name(run));
    else if (rc == 0)
        rso_buf_add(out, text.ptr ? text.ptr : "", text.len);
done:
    rso_buf_release(&rel);
    rso_buf_release(&text);
    return rc;
}

void baseline_unavailable(struct rso_run *run, struct rso_finding *f)
{
    const char *why = rso_errmsg();

    if (f->status == RSO_FAIL || f->status == RSO_ERROR) {
        finding_detail(f, "%s", why);
        return;
    }
    if (f->message)
        finding_detail(f, "%s", f->message);
    if (run->require_baseline)
        finding_set(f, RSO_ERROR, "%s (--require-baseline)", why);
    else
        finding_set(f, RSO_SKIP, "%s", why);
}

/* Write text to a new temporary file; its path goes to out. */
static int write_temp(const struct rso_buf *text, struct rso_buf *out)
{
    const char *tmp = getenv("TMPDIR");
    FILE *f;
    int fd;

    rso_buf_printf(out, "%s/recsysops-baseline-XXXXXX",
                   tmp && *tmp ? tmp : "/tmp");
    fd = mkstemp(out->ptr);
    if (fd < 0 || !(f = fdopen(fd, "wb"))) {
        if (fd >= 0)
            close(fd);
        return rso_fail(RSO_EIO, "cannot write a temporary file in '%s'",
                        tmp && *tmp ? tmp : "/tmp");
    }
    if (fwrite(text->ptr ? text->ptr : "", 1, text->len, f) != text->len ||
        fclose(f) != 0) {
        unlink(out->ptr);
        return rso_fail(RSO_EIO, "cannot write '%s'", out->ptr);
    }
    return 0;
}

int baseline_count_rows(struct rso_run *run, const struct rso_source *src,
                        double *out)
{
    struct rso_buf text = RSO_BUF_INIT, path = RSO_BUF_INIT;
    struct rso_source copy = *src;
    struct rso_reader *r = NULL;
    struct rso_record rec;
    long long n = 0;
    int rc = baseline_read_file(run, src->resolved, &text);

    if (rc != 0 || (rc = write_temp(&text, &path)) < 0)
        goto done;
    copy.resolved = path.ptr;
    if ((rc = reader_open(&r, &copy)) == 0) {
        while ((rc = reader_next(r, &rec)) == 1)
            n++;
        reader_close(r);
    }
    unlink(path.ptr);
    if (rc == 0)
        *out = (double)n;
done:
    rso_buf_release(&text);
    rso_buf_release(&path);
    return rc;
}
