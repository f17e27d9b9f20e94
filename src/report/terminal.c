#include <string.h>

#include "report/terminal.h"
#include "util/msg.h"
#include "util/text.h"

static void label(FILE *f, const struct rso_finding *x, int color)
{
    const char *text = "pass", *c = "\033[32m";

    if (x->status == RSO_FAIL && x->severity == RSO_BLOCK)
        text = "BLOCK", c = "\033[1;31m";
    else if (x->status == RSO_FAIL)
        text = "warn", c = "\033[33m";
    else if (x->status == RSO_ERROR)
        text = "ERROR", c = "\033[1;35m";
    else if (x->status == RSO_SKIP)
        text = "skip", c = "\033[2m";
    if (color)
        fprintf(f, "%s%-5s\033[0m", c, text);
    else
        fprintf(f, "%-5s", text);
}

static void print_clean(FILE *f, const char *s, int one_line)
{
    struct rso_buf b = RSO_BUF_INIT;

    if (one_line)
        text_one_line(&b, s, strlen(s));
    else
        text_sanitize(&b, s, strlen(s));
    fputs(rso_buf_str(&b), f);
    rso_buf_release(&b);
}

void terminal_summary(FILE *f, const struct rso_results *r, int verbose)
{
    int color = msg_color(f);
    struct rso_tally t;

    for (size_t i = 0; i < r->len; i++) {
        const struct rso_finding *x = &r->items[i];
        int problem = x->status == RSO_FAIL || x->status == RSO_ERROR;

        if ((!problem && verbose < 2) || verbose < 1)
            continue;
        label(f, x, color);
        fprintf(f, " %s/", x->area);
        print_clean(f, x->name, 1);
        fputs(": ", f);
        print_clean(f, x->message ? x->message : "", 1);
        fputc('\n', f);
        if (problem && verbose >= 1 && x->details.len) {
            const char *p = rso_buf_str(&x->details);

            while (*p) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                struct rso_buf line = RSO_BUF_INIT;

                text_one_line(&line, p, n);
                fprintf(f, "        %s\n", rso_buf_str(&line));
                rso_buf_release(&line);
                p += n + (nl != NULL);
            }
        }
        for (size_t j = 0; problem && j < x->n_hotfixes; j++) {
            struct rso_buf cmd = RSO_BUF_INIT;

            finding_fix_command(x, j, &cmd);
            fprintf(f, "        fix: %s\n", rso_buf_str(&cmd));
            rso_buf_release(&cmd);
        }
    }
    results_tally(r, &t);
    if (verbose >= 1)
        fprintf(f,
                "%zu checks: %zu passed, %zu blocking, %zu warnings, "
                "%zu errors, %zu skipped\n",
                t.total, t.passed, t.blocked, t.warned, t.errors, t.skipped);
    if (t.errors)
        fprintf(f, "verdict: cannot tell, %zu check%s could not run\n",
                t.errors, t.errors == 1 ? "" : "s");
    else if (t.blocked)
        fprintf(f, "verdict: blocked\n");
    else
        fprintf(f, "verdict: safe to ship%s\n",
                t.warned ? " (with warnings)" : "");
}
