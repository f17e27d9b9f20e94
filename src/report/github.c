#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report/github.h"
#include "util/err.h"
#include "util/text.h"

static void escape(struct rso_buf *out, const char *s, int prop)
{
    struct rso_buf clean = RSO_BUF_INIT;

    text_sanitize(&clean, s, strlen(s));
    for (const char *p = rso_buf_str(&clean); *p; p++) {
        switch (*p) {
        case '%':
            rso_buf_puts(out, "%25");
            break;
        case '\r':
            rso_buf_puts(out, "%0D");
            break;
        case '\n':
            rso_buf_puts(out, "%0A");
            break;
        case ':':
            rso_buf_puts(out, prop ? "%3A" : ":");
            break;
        case ',':
            rso_buf_puts(out, prop ? "%2C" : ",");
            break;
        default:
            rso_buf_putc(out, *p);
        }
    }
    rso_buf_release(&clean);
}

void github_escape_data(struct rso_buf *out, const char *s)
{
    escape(out, s, 0);
}

void github_escape_property(struct rso_buf *out, const char *s)
{
    escape(out, s, 1);
}

static void annotation(FILE *f, const char *cmd, const struct rso_finding *x,
                       github_path_fn path, void *ctx)
{
    struct rso_buf b = RSO_BUF_INIT, title = RSO_BUF_INIT;
    struct rso_buf where = RSO_BUF_INIT;
    const char *file = x->file;

    rso_buf_printf(&b, "::%s ", cmd);
    if (file && path)
        file = path(ctx, file, &where);
    if (file) {
        rso_buf_puts(&b, "file=");
        github_escape_property(&b, file);
        rso_buf_printf(&b, ",line=%d,", x->line);
    }
    rso_buf_printf(&title, "recsysops %s: %s", x->area, x->name);
    rso_buf_puts(&b, "title=");
    github_escape_property(&b, rso_buf_str(&title));
    rso_buf_puts(&b, "::");
    github_escape_data(&b, x->message ? x->message : "");
    fprintf(f, "%s\n", rso_buf_str(&b));
    rso_buf_release(&b);
    rso_buf_release(&title);
    rso_buf_release(&where);
}

int github_annotate(FILE *f, const struct rso_results *r, github_path_fn path,
                    void *ctx)
{
    int errors = 0, warnings = 0, printed = 0;
    int more_errors = 0, more_warnings = 0;

    for (size_t i = 0; i < r->len; i++) {
        const struct rso_finding *x = &r->items[i];
        int is_error = x->status == RSO_ERROR ||
                       (x->status == RSO_FAIL && x->severity == RSO_BLOCK);
        int is_warn = x->status == RSO_FAIL && x->severity == RSO_WARN;

        if (is_error && errors++ < GITHUB_MAX_ANNOTATIONS) {
            annotation(f, "error", x, path, ctx);
            printed++;
        } else if (is_error) {
            more_errors++;
        } else if (is_warn && warnings++ < GITHUB_MAX_ANNOTATIONS) {
            annotation(f, "warning", x, path, ctx);
            printed++;
        } else if (is_warn) {
            more_warnings++;
        }
    }
    if (more_errors || more_warnings)
        fprintf(f,
                "::notice title=recsysops::%d more errors and %d more "
                "warnings are in the report\n",
                more_errors, more_warnings);
    return printed;
}

/* Markdown table cells: one line, pipes escaped, bounded length. */
static void cell(struct rso_buf *out, const char *s)
{
    struct rso_buf line = RSO_BUF_INIT;
    size_t n = 0;

    text_one_line(&line, s ? s : "", s ? strlen(s) : 0);
    for (const char *p = rso_buf_str(&line); *p && n < 300; p++, n++) {
        if (*p == '|' || *p == '<' || *p == '>' || *p == '`')
            rso_buf_putc(out, '\\');
        rso_buf_putc(out, *p);
    }
    if (n == 300)
        rso_buf_puts(out, "...");
    rso_buf_release(&line);
}

static const char *mark(const struct rso_finding *f)
{
    switch (f->status) {
    case RSO_PASS:
        return "pass";
    case RSO_FAIL:
        return f->severity == RSO_BLOCK ? "**BLOCK**" : "warn";
    case RSO_ERROR:
        return "**ERROR**";
    default:
        return "skip";
    }
}

void summary_markdown(const struct rso_results *r, struct rso_buf *out)
{
    struct rso_tally t;
    size_t start = out->len;

    results_tally(r, &t);
    if (t.errors)
        rso_buf_printf(out,
                       "## recsysops: cannot ship, %zu check%s could "
                       "not run\n\n",
                       t.errors, t.errors == 1 ? "" : "s");
    else if (t.blocked)
        rso_buf_printf(out, "## recsysops: blocked, %zu check%s failed\n\n",
                       t.blocked, t.blocked == 1 ? "" : "s");
    else
        rso_buf_puts(out, "## recsysops: safe to ship\n\n");
    rso_buf_printf(out,
                   "%zu passed, %zu blocking, %zu warnings, %zu errors, "
                   "%zu skipped",
                   t.passed, t.blocked, t.warned, t.errors, t.skipped);
    if (r->meta.commit)
        rso_buf_printf(out, " at `%.12s`", r->meta.commit);
    if (r->meta.baseline_commit)
        rso_buf_printf(out, " against `%s` (`%.12s`)",
                       r->meta.baseline_ref ? r->meta.baseline_ref : "",
                       r->meta.baseline_commit);
    rso_buf_puts(out, "\n\n| status | area | check | result |\n"
                      "| --- | --- | --- | --- |\n");
    /* Problems first, then the rest, so the verdict's reasons lead. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < r->len; i++) {
            const struct rso_finding *f = &r->items[i];
            int problem = f->status == RSO_FAIL || f->status == RSO_ERROR;

            if (problem != (pass == 0))
                continue;
            if (out->len - start > GITHUB_MAX_SUMMARY - 4096) {
                rso_buf_puts(out, "\n(the rest is in the JUnit report)\n");
                return;
            }
            rso_buf_printf(out, "| %s | %s | ", mark(f), f->area);
            cell(out, f->name);
            rso_buf_puts(out, " | ");
            cell(out, f->message);
            for (size_t j = 0; j < f->n_hotfixes; j++) {
                rso_buf_puts(out, j ? ", `" : "<br>fix: `");
                finding_fix_command(f, j, out);
                rso_buf_putc(out, '`');
            }
            rso_buf_puts(out, " |\n");
        }
    }
}

int github_write_summary(const char *path, const struct rso_results *r)
{
    struct rso_buf md = RSO_BUF_INIT;
    FILE *f = fopen(path, "a");
    int rc = 0;

    if (!f)
        return rso_fail(RSO_EIO, "cannot open the step summary '%s': %s", path,
                        strerror(errno));
    summary_markdown(r, &md);
    if (fwrite(md.ptr, 1, md.len, f) != md.len)
        rc = rso_fail(RSO_EIO, "cannot write the step summary '%s'", path);
    if (fclose(f) != 0 && rc == 0)
        rc = rso_fail(RSO_EIO, "cannot write the step summary '%s': %s", path,
                      strerror(errno));
    rso_buf_release(&md);
    return rc;
}
