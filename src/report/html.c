#include <string.h>

#include "report/atomic.h"
#include "report/html.h"
#include "util/text.h"
#include "util/units.h"

static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;"
    "max-width:70em;padding:0 1em;color:#1d2330}"
    "h1{font-size:1.5em;margin:.2em 0}"
    ".verdict{padding:.8em 1em;border-radius:6px;font-weight:600}"
    ".v-pass{background:#e3f4e6}.v-block{background:#fbe2e0}"
    ".v-error{background:#f6e3f7}"
    "table{border-collapse:collapse;width:100%;margin:1em 0}"
    "td,th{text-align:left;padding:.35em .6em;border-bottom:1px solid #ddd;"
    "vertical-align:top}"
    ".s{font-weight:600;white-space:nowrap}"
    ".pass{color:#1c7c32}.block{color:#b3261e}.warn{color:#9a6700}"
    ".error{color:#8e24aa}.skip{color:#777}"
    "pre{white-space:pre-wrap;margin:.3em 0;font-size:.9em}"
    "code{background:#f2f3f5;padding:0 .25em}"
    ".meta{color:#555;font-size:.9em}";

/* Text made safe for HTML: cleaned, then &<>"' escaped. */
static void esc(struct rso_buf *out, const char *s)
{
    struct rso_buf clean = RSO_BUF_INIT;

    text_sanitize(&clean, s ? s : "", s ? strlen(s) : 0);
    for (const char *p = rso_buf_str(&clean); *p; p++) {
        switch (*p) {
        case '&':
            rso_buf_puts(out, "&amp;");
            break;
        case '<':
            rso_buf_puts(out, "&lt;");
            break;
        case '>':
            rso_buf_puts(out, "&gt;");
            break;
        case '"':
            rso_buf_puts(out, "&quot;");
            break;
        case '\'':
            rso_buf_puts(out, "&#39;");
            break;
        default:
            rso_buf_putc(out, *p);
        }
    }
    rso_buf_release(&clean);
}

static const char *cls(const struct rso_finding *f)
{
    switch (f->status) {
    case RSO_PASS:
        return "pass";
    case RSO_FAIL:
        return f->severity == RSO_BLOCK ? "block" : "warn";
    case RSO_ERROR:
        return "error";
    default:
        return "skip";
    }
}

/* One horizontal bar per area, split by outcome, as inline SVG. */
static void chart(const struct rso_results *r, struct rso_buf *out)
{
    static const char *const kinds[] = {"pass", "warn", "block", "error",
                                        "skip"};
    static const char *const colors[] = {"#3a9d4f", "#d9a400", "#d0473d",
                                         "#a347b5", "#b7b7b7"};
    const char *areas[32];
    size_t n = 0, most = 1;

    for (size_t i = 0; i < r->len && n < 32; i++) {
        size_t k;

        for (k = 0; k < n; k++)
            if (!strcmp(areas[k], r->items[i].area))
                break;
        if (k == n)
            areas[n++] = r->items[i].area;
    }
    for (size_t a = 0; a < n; a++) {
        size_t c = 0;

        for (size_t i = 0; i < r->len; i++)
            c += !strcmp(r->items[i].area, areas[a]);
        if (c > most)
            most = c;
    }
    rso_buf_printf(out,
                   "<svg role=\"img\" aria-label=\"outcomes per area\" "
                   "width=\"640\" height=\"%zu\" "
                   "xmlns=\"http://www.w3.org/2000/svg\">",
                   n * 26 + 30);
    for (size_t a = 0; a < n; a++) {
        double x = 110;

        rso_buf_printf(out, "<text x=\"0\" y=\"%zu\" font-size=\"13\">",
                       a * 26 + 17);
        esc(out, areas[a]);
        rso_buf_puts(out, "</text>");
        for (size_t k = 0; k < 5; k++) {
            size_t c = 0;
            double w;

            for (size_t i = 0; i < r->len; i++)
                c += !strcmp(r->items[i].area, areas[a]) &&
                     !strcmp(cls(&r->items[i]), kinds[k]);
            if (!c)
                continue;
            w = 520.0 * (double)c / (double)most;
            rso_buf_printf(out,
                           "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" "
                           "height=\"20\" fill=\"%s\"><title>%zu %s"
                           "</title></rect>",
                           x, a * 26 + 3, w, colors[k], c, kinds[k]);
            x += w;
        }
    }
    for (size_t k = 0; k < 5; k++)
        rso_buf_printf(out,
                       "<rect x=\"%zu\" y=\"%zu\" width=\"10\" height=\"10\" "
                       "fill=\"%s\"/><text x=\"%zu\" y=\"%zu\" "
                       "font-size=\"12\">%s</text>",
                       110 + k * 90, n * 26 + 12, colors[k], 124 + k * 90,
                       n * 26 + 21, kinds[k]);
    rso_buf_puts(out, "</svg>");
}

static void row(const struct rso_finding *f, struct rso_buf *out)
{
    rso_buf_printf(out, "<tr><td class=\"s %s\">%s</td><td>", cls(f), cls(f));
    esc(out, f->area);
    rso_buf_puts(out, "</td><td><code>");
    esc(out, f->name);
    rso_buf_puts(out, "</code>");
    if (f->file)
        rso_buf_printf(out, "<div class=\"meta\">config line %d</div>",
                       f->line);
    rso_buf_puts(out, "</td><td>");
    esc(out, f->message);
    if (f->details.len) {
        rso_buf_puts(out, "<details><summary>details</summary><pre>");
        esc(out, rso_buf_str(&f->details));
        rso_buf_puts(out, "</pre></details>");
    }
    for (size_t i = 0; i < f->n_hotfixes; i++) {
        struct rso_buf cmd = RSO_BUF_INIT;

        finding_fix_command(f, i, &cmd);
        rso_buf_puts(out, i ? ", <code>" : "<div>fix: <code>");
        esc(out, rso_buf_str(&cmd));
        rso_buf_puts(out, "</code>");
        rso_buf_release(&cmd);
    }
    if (f->n_hotfixes)
        rso_buf_puts(out, "</div>");
    rso_buf_puts(out, "</td></tr>\n");
}

void html_render(const struct rso_results *r, const char *project,
                 struct rso_buf *out)
{
    const struct rso_run_meta *m = &r->meta;
    struct rso_tally t;
    char when[32];

    results_tally(r, &t);
    units_format_time(when, m->started, 1);
    rso_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
                      "<meta charset=\"utf-8\"><title>recsysops: ");
    esc(out, project ? project : "gate");
    rso_buf_printf(out,
                   "</title><style>%s</style></head><body>\n<h1>"
                   "recsysops: ",
                   style);
    esc(out, project ? project : "gate");
    rso_buf_puts(out, "</h1>\n<p class=\"meta\">");
    rso_buf_printf(out, "%s", when);
    if (m->commit) {
        rso_buf_puts(out, " &middot; commit <code>");
        esc(out, m->commit);
        rso_buf_puts(out, "</code>");
    }
    if (m->baseline_commit) {
        rso_buf_puts(out, " &middot; baseline <code>");
        esc(out, m->baseline_ref);
        rso_buf_puts(out, " ");
        esc(out, m->baseline_commit);
        rso_buf_puts(out, "</code>");
    }
    rso_buf_puts(out, " &middot; recsysops ");
    esc(out, m->version);
    rso_buf_puts(out, "</p>\n");
    if (t.blocked)
        rso_buf_printf(out,
                       "<p class=\"verdict v-block\">Blocked: %zu "
                       "blocking check%s failed.</p>\n",
                       t.blocked, t.blocked == 1 ? "" : "s");
    else if (t.errors)
        rso_buf_printf(out,
                       "<p class=\"verdict v-error\">Cannot tell: %zu "
                       "check%s could not run.</p>\n",
                       t.errors, t.errors == 1 ? "" : "s");
    else
        rso_buf_printf(out,
                       "<p class=\"verdict v-pass\">Safe to ship%s."
                       "</p>\n",
                       t.warned ? " (with warnings)" : "");
    rso_buf_printf(out,
                   "<p>%zu passed, %zu blocking, %zu warnings, "
                   "%zu errors, %zu skipped.</p>\n",
                   t.passed, t.blocked, t.warned, t.errors, t.skipped);
    chart(r, out);
    rso_buf_puts(out, "\n<table><thead><tr><th>status</th><th>area</th>"
                      "<th>check</th><th>result</th></tr></thead><tbody>\n");
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < r->len; i++) {
            const struct rso_finding *f = &r->items[i];
            int problem = f->status == RSO_FAIL || f->status == RSO_ERROR;

            if (problem == (pass == 0))
                row(f, out);
        }
    rso_buf_puts(out, "</tbody></table>\n</body></html>\n");
}

int html_write(const struct rso_results *r, const char *project,
               const char *path)
{
    struct rso_buf doc = RSO_BUF_INIT;
    int rc;

    html_render(r, project, &doc);
    rc = atomic_write(path, doc.ptr, doc.len);
    rso_buf_release(&doc);
    return rc;
}
