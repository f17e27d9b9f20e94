#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "util/buf.h"

char *th_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *dir;

    if (!base || !*base)
        base = "/tmp";
    cr_assert(asprintf(&dir, "%s/rso-test-XXXXXX", base) > 0);
    cr_assert(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
    return dir;
}

void th_rmrf(const char *dir)
{
    struct th_run r;

    if (!dir || strncmp(dir, "/tmp/", 5))
        return;
    th_sh(&r, "/", "rm -rf '%s'", dir);
    th_run_free(&r);
}

static void mkdirs_for(const char *path)
{
    char *p = strdup(path);

    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0777);
        *s = '/';
    }
    free(p);
}

void th_write_bytes(const char *dir, const char *rel, const void *data,
                    size_t len)
{
    char *path;
    FILE *f;

    cr_assert(asprintf(&path, "%s/%s", dir, rel) > 0);
    mkdirs_for(path);
    f = fopen(path, "wb");
    cr_assert(f, "cannot write %s: %s", path, strerror(errno));
    cr_assert(fwrite(data, 1, len, f) == len);
    cr_assert(fclose(f) == 0);
    free(path);
}

void th_write(const char *dir, const char *rel, const char *text)
{
    th_write_bytes(dir, rel, text, strlen(text));
}

char *th_read(const char *dir, const char *rel)
{
    struct rso_buf b = RSO_BUF_INIT;
    char *path, chunk[8192];
    size_t n;
    FILE *f;

    if (dir)
        cr_assert(asprintf(&path, "%s/%s", dir, rel) > 0);
    else
        path = strdup(rel);
    f = fopen(path, "rb");
    free(path);
    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rso_buf_add(&b, chunk, n);
    fclose(f);
    return rso_buf_detach(&b);
}

static void run_line(struct th_run *r, const char *dir, const char *line)
{
    char out_path[] = "/tmp/rso-out-XXXXXX", err_path[] = "/tmp/rso-err-XXXXXX";
    int fo = mkstemp(out_path), fe = mkstemp(err_path), st;
    char *cmd;

    cr_assert(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    cr_assert(asprintf(&cmd,
                       "cd '%s' && unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY;"
                       " export NO_COLOR=1; ( %s ) </dev/null >'%s' 2>'%s'",
                       dir, line, out_path, err_path) > 0);
    st = system(cmd);
    free(cmd);
    cr_assert(st != -1);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = th_read(NULL, out_path);
    r->err = th_read(NULL, err_path);
    unlink(out_path);
    unlink(err_path);
}

void th_sh(struct th_run *r, const char *dir, const char *fmt, ...)
{
    char *line;
    va_list ap;

    va_start(ap, fmt);
    cr_assert(vasprintf(&line, fmt, ap) > 0);
    va_end(ap);
    run_line(r, dir, line);
    free(line);
}

void th_rso(struct th_run *r, const char *dir, const char *fmt, ...)
{
    char *args, *line;
    va_list ap;

    va_start(ap, fmt);
    cr_assert(vasprintf(&args, fmt, ap) >= 0);
    va_end(ap);
    cr_assert(asprintf(&line, "'%s' %s", th_bin(), args) > 0);
    run_line(r, dir, line);
    free(args);
    free(line);
}

void th_run_free(struct th_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

void th_git(const char *dir, const char *fmt, ...)
{
    struct th_run r;
    char *args;
    va_list ap;

    va_start(ap, fmt);
    cr_assert(vasprintf(&args, fmt, ap) > 0);
    va_end(ap);
    th_sh(&r, dir,
          "GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@example.com "
          "GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@example.com "
          "git -c init.defaultBranch=main -c commit.gpgsign=false %s",
          args);
    cr_assert(r.status == 0, "git %s failed: %s", args, r.err);
    free(args);
    th_run_free(&r);
}

const char *th_bin(void)
{
    const char *b = getenv("RSO_BIN");

    return b && *b ? b : "./recsysops";
}

const char *th_top(void)
{
    const char *t = getenv("RSO_TOP");

    return t && *t ? t : ".";
}

int th_has(const char *haystack, const char *needle)
{
    return haystack && needle && strstr(haystack, needle) != NULL;
}

struct rso_source th_source(const char *dir, const char *rel,
                            enum rso_format fmt)
{
    struct rso_source s;
    size_t n = strlen(dir) + strlen(rel) + 2;

    memset(&s, 0, sizeof(s));
    s.name = rel;
    s.path = rel;
    s.resolved = malloc(n);
    cr_assert(s.resolved);
    snprintf(s.resolved, n, "%s/%s", dir, rel);
    s.format = fmt;
    s.max_bad_rows = -1;
    return s;
}
