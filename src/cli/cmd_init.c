/*
 * init: write starter files into a repository.
 *
 * --profile SOURCE... reads each data source once and proposes a config
 * from what it saw: row count, schema with inferred types, missing
 * shares, ranges with a margin, keys that look unique, accepted values
 * of low-cardinality columns, freshness of a time column; each check is
 * commented with the observation behind it.  --checklist writes a
 * starter checklist wired to the checks the config already has (see
 * checklist/starter.h).  Other starters (CI files) belong here too, each
 * behind its own option.  Nothing is overwritten without --force.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "check/kinds.h"
#include "checklist/checklist.h"
#include "checklist/rubric.h"
#include "checklist/starter.h"
#include "cli/cli.h"
#include "report/atomic.h"
#include "scan/scan.h"
#include "util/buf.h"
#include "util/builtin.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"
#include "util/units.h"

/* At most this many distinct values make an accepted set. */
#define FEW_VALUES 20

static const struct rso_option init_options[] = {
    {'c', "config", "FILE", OPT_STRING, OPT_FIELD(config),
     "the config (default: recsysops.yml; --profile writes it)"},
    {0, "profile", "SOURCE", OPT_STRING, OPT_FIELD(profile),
     "profile data files (more may follow as operands) and propose checks"},
    {0, "checklist", NULL, OPT_FLAG, OPT_FIELD(checklist),
     "write a starter checklist wired to the config's checks"},
    {0, "force", NULL, OPT_FLAG, OPT_FIELD(force),
     "overwrite files that exist"},
    OPT_NOW,
    {'q', "quiet", NULL, OPT_FLAG, OPT_FIELD(quiet), "print only errors"},
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

/* --- init --profile --------------------------------------------------- */

/* A YAML scalar: plain when safe, else double-quoted. */
static void yq(struct rso_buf *b, const char *s)
{
    int plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@`0123456789 ", *s);

    for (const char *p = s; plain && *p; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("_.-/", *p);
    if (plain && strcmp(s, "true") && strcmp(s, "false") && strcmp(s, "null") &&
        strcmp(s, "yes") && strcmp(s, "no")) {
        rso_buf_puts(b, s);
        return;
    }
    rso_buf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            rso_buf_putc(b, '\\');
        if ((unsigned char)*p < 0x20)
            rso_buf_printf(b, "\\x%02x", (unsigned char)*p);
        else
            rso_buf_putc(b, *p);
    }
    rso_buf_putc(b, '"');
}

/* A source name from a path: the file name before its first dot. */
static char *source_name(const char *path, size_t i)
{
    const char *base = strrchr(path, '/');
    struct rso_buf b = RSO_BUF_INIT;

    base = base && base[1] ? base + 1 : path;
    for (const char *p = base; *p && *p != '.'; p++)
        rso_buf_putc(&b, (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32)
                         : strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", *p)
                             ? *p
                             : '-');
    /* A name must start with a letter: "*.csv" or "2026.csv" are not. */
    if (!b.len || !(b.ptr[0] >= 'a' && b.ptr[0] <= 'z')) {
        rso_buf_clear(&b);
        rso_buf_printf(&b, "source%zu", i + 1);
    }
    return rso_buf_detach(&b);
}

/* Whether a column's name says it holds times ("ts", "played_at"...). */
static int time_name(const char *name)
{
    size_t n = strlen(name);

    return strstr(name, "time") || strstr(name, "date") ||
           !strcmp(name, "ts") || (n > 3 && !strcmp(name + n - 3, "_at")) ||
           (n > 3 && !strcmp(name + n - 3, "_ts"));
}

static enum rso_type inferred(const struct scan_col *c)
{
    const struct scan_infer *in = &c->infer;

    if (!in->present)
        return RSO_TYPE_STRING;
    /* Epoch numbers in a column named for times: 2001 to 2286. */
    if (in->maybe_int && in->maybe_time && time_name(c->name) &&
        in->tmin >= 1e9 && in->tmax < 1e10)
        return RSO_TYPE_TIMESTAMP;
    if (in->maybe_bool && !in->maybe_int)
        return RSO_TYPE_BOOL;
    if (in->maybe_int)
        return RSO_TYPE_INT;
    if (in->maybe_float)
        return RSO_TYPE_FLOAT;
    if (in->maybe_time)
        return RSO_TYPE_TIMESTAMP;
    return RSO_TYPE_STRING;
}

/* Round v outwards (down when lower) to a power of ten near pad. */
static double round_out(double v, double pad, int lower)
{
    double step;

    if (!(pad > 0) || !isfinite(v))
        return v;
    step = pow(10, floor(log10(pad)));
    return (lower ? floor(v / step) : ceil(v / step)) * step;
}

static void check_head(struct rso_buf *b, const char *name, const char *id,
                       const char *kind)
{
    rso_buf_puts(b, "  - id: ");
    rso_buf_printf(b, "%s-%s\n    source: %s\n    %s: ", name, id, name, kind);
}

static void propose_rows(struct rso_buf *b, const char *name,
                         const struct scan_source *ss)
{
    long long min = (long long)floor((double)ss->rows * 0.8);

    rso_buf_printf(b, "  # %lld rows seen; at least 80%% of that.\n", ss->rows);
    check_head(b, name, "rows", "rows");
    rso_buf_printf(b, "{ min: %lld }\n", min);
}

static void propose_schema(struct rso_buf *b, const char *name,
                           const struct scan_source *ss)
{
    rso_buf_printf(b, "  # %zu columns; types inferred from every value.\n",
                   ss->n_header);
    check_head(b, name, "schema", "schema");
    b->len--; /* no space after "schema:" */
    rso_buf_puts(b, "\n      columns:\n");
    for (size_t j = 0; j < ss->n_header; j++)
        for (size_t i = 0; i < ss->n_cols; i++)
            if (ss->cols[i]->index == (int)j) {
                rso_buf_puts(b, "        ");
                yq(b, ss->cols[i]->name);
                rso_buf_printf(b, ": %s\n",
                               rso_type_name(inferred(ss->cols[i])));
            }
    rso_buf_puts(b, "      ordered: true\n");
}

static void propose_missing(struct rso_buf *b, const char *name,
                            const struct scan_source *ss)
{
    struct rso_buf none = RSO_BUF_INIT;
    size_t n_none = 0;

    for (size_t i = 0; i < ss->n_cols; i++) {
        const struct scan_col *c = ss->cols[i];
        double share =
            c->st.rows ? (double)c->st.nulls / (double)c->st.rows : 0;
        double max = share * 1.5 + 0.005;

        if (c->index < 0)
            continue;
        if (c->st.nulls == 0) {
            rso_buf_puts(&none, n_none++ ? ", " : "");
            yq(&none, c->name);
            continue;
        }
        rso_buf_printf(b,
                       "  # '%s': %lld of %lld missing (%.3f%%); 1.5 "
                       "times that plus 0.5%%.\n",
                       c->name, c->st.nulls, c->st.rows, share * 100);
        check_head(b, name, "missing", "missing");
        rso_buf_puts(b, "{ columns: [");
        yq(b, c->name);
        rso_buf_printf(b, "], max: %.3f%% }\n", (max > 1 ? 1 : max) * 100);
    }
    if (n_none) {
        rso_buf_printf(b, "  # No value missing in %zu column%s.\n", n_none,
                       n_none == 1 ? "" : "s");
        check_head(b, name, "complete", "missing");
        rso_buf_printf(b, "{ columns: [%s], max: 0 }\n", rso_buf_str(&none));
    }
    rso_buf_release(&none);
}

static void propose_column(struct rso_buf *b, const char *name,
                           const struct scan_col *c, long long rows)
{
    enum rso_type t = inferred(c);
    double present = (double)(c->st.rows - c->st.nulls);
    double distinct = c->distinct ? hll_count(c->distinct) : 0;
    char lo[32], hi[32];

    if ((t == RSO_TYPE_INT || t == RSO_TYPE_FLOAT) && c->st.numeric) {
        double span = c->st.max - c->st.min, pad = span * 0.1;
        double mn = round_out(c->st.min - pad, pad, 1);
        double mx = round_out(c->st.max + pad, pad, 0);

        if (c->st.min >= 0 && mn < 0)
            mn = 0;
        rso_buf_printf(b,
                       "  # '%s' ranged over [%s, %s] (mean %.4g, "
                       "stddev %.4g%s); 10%% of the span added.\n",
                       c->name, fmt_num(lo, c->st.min), fmt_num(hi, c->st.max),
                       c->st.mean, colstats_stddev(&c->st),
                       c->st.nonfinite ? "; NaN or infinite values seen" : "");
        check_head(b, name, "range", "range");
        rso_buf_puts(b, "{ column: ");
        yq(b, c->name);
        rso_buf_printf(
            b, ", min: %s, max: %s%s }\n", fmt_num(lo, mn), fmt_num(hi, mx),
            c->st.nonfinite ? ", allow_nan: true, allow_inf: true" : "");
    }
    if (t == RSO_TYPE_TIMESTAMP && c->infer.present) {
        units_format_time(lo, c->infer.tmin, 1);
        units_format_time(hi, c->infer.tmax, 1);
        rso_buf_printf(b, "  # '%s' ranged over [%s, %s].\n", c->name, lo, hi);
        check_head(b, name, "times", "range");
        rso_buf_puts(b, "{ column: ");
        yq(b, c->name);
        rso_buf_printf(b, ", min: %.10s }\n", lo);
    }
    if ((t == RSO_TYPE_INT || t == RSO_TYPE_STRING) && present > 0 &&
        hll_exact(c->distinct) && distinct == present &&
        present == (double)rows && rows > 1) {
        rso_buf_printf(b,
                       "  # '%s' held %.0f distinct values in %lld "
                       "rows: a key?\n",
                       c->name, distinct, rows);
        check_head(b, name, "key", "unique");
        rso_buf_puts(b, "{ columns: [");
        yq(b, c->name);
        rso_buf_puts(b, "] }\n");
    }
    if (t == RSO_TYPE_STRING && c->values && freq_complete(c->values) &&
        c->values->n <= FEW_VALUES && c->values->n > 0 &&
        present >= 10 * (double)c->values->n) {
        rso_buf_printf(b, "  # '%s' took %zu values in %.0f rows.\n", c->name,
                       c->values->n, present);
        check_head(b, name, "values", "values");
        rso_buf_puts(b, "{ column: ");
        yq(b, c->name);
        rso_buf_puts(b, ", in: [");
        for (size_t i = 0; i < c->values->n; i++) {
            if (i)
                rso_buf_puts(b, ", ");
            yq(b, c->values->items[i].value);
        }
        rso_buf_puts(b, "] }\n");
    }
}

/* Give every check id a unique suffix (ids repeat per column kind). */
static void number_ids(struct rso_buf *b)
{
    struct rso_buf out = RSO_BUF_INIT;
    const char *p = rso_buf_str(b), *line;
    size_t n = 0;

    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p + 1) : strlen(p);

        line = p;
        if (!strncmp(line, "  - id: ", 8)) {
            const char *nl = memchr(line, '\n', len);

            rso_buf_add(&out, line, (size_t)(nl - line));
            rso_buf_printf(&out, "-%zu\n", ++n);
        } else {
            rso_buf_add(&out, line, len);
        }
        p += len;
    }
    rso_buf_release(b);
    *b = out;
}

static int profile_one(struct rso_buf *b, struct rso_buf *src_yaml,
                       const char *path, size_t i, double now)
{
    struct rso_source src;
    struct scan_plan plan;
    struct scan_source *ss;
    char *name = source_name(path, i);
    const struct scan_col *time_col = NULL;
    int rc;

    memset(&src, 0, sizeof(src));
    src.name = name;
    src.path = path;
    src.resolved = (char *)path;
    src.format = config_format_of(path);
    src.max_bad_rows = -1;
    scan_plan_init(&plan);
    ss = scan_source(&plan, &src);
    scan_all_columns(ss,
                     SCAN_INFER | SCAN_DISTINCT | SCAN_VALUES | SCAN_NUMBERS);
    scan_run(&plan);
    if ((rc = ss->status) < 0) {
        rso_fail(rc, "%s", ss->error);
        goto done;
    }
    rso_buf_printf(b, "\n  # ---- %s: %s, %lld rows\n", name, path, ss->rows);
    propose_rows(b, name, ss);
    propose_schema(b, name, ss);
    propose_missing(b, name, ss);
    for (size_t j = 0; j < ss->n_header; j++)
        for (size_t k = 0; k < ss->n_cols; k++)
            if (ss->cols[k]->index == (int)j) {
                propose_column(b, name, ss->cols[k], ss->rows);
                if (!time_col && inferred(ss->cols[k]) == RSO_TYPE_TIMESTAMP)
                    time_col = ss->cols[k];
            }
    rso_buf_puts(src_yaml, "  ");
    yq(src_yaml, name);
    rso_buf_puts(src_yaml, ": { path: ");
    yq(src_yaml, path);
    if (time_col) {
        double age = now - time_col->infer.tmax;
        char d[32];

        rso_buf_puts(src_yaml, ", time: ");
        yq(src_yaml, time_col->name);
        units_format_duration(d, age > 0 ? age : 0);
        rso_buf_printf(b,
                       "  # The newest '%s' was %s old when profiled; "
                       "set max_age to the refresh period.\n",
                       time_col->name, d);
        check_head(b, name, "fresh", "freshness");
        rso_buf_printf(b, "{ max_age: %.0fh }\n",
                       ceil((age > 0 ? age : 0) / 3600.0) + 24);
    }
    rso_buf_puts(src_yaml, " }\n");
    rc = 0;
done:
    scan_plan_free(&plan);
    free(name);
    return rc;
}

static int init_profile(const struct rso_opts *opts)
{
    const char *out = opts->config ? opts->config : "recsysops.yml";
    struct rso_buf sources = RSO_BUF_INIT, checks = RSO_BUF_INIT,
                   doc = RSO_BUF_INIT;
    char when[32];
    int rc = 0;

    if (!opts->force && access(out, F_OK) == 0)
        return rso_fail(RSO_EUSAGE, "'%s' exists; --force overwrites it", out);
    rc = profile_one(&checks, &sources, opts->profile, 0, opts->now_value);
    for (size_t i = 0; rc == 0 && i < opts->n_args; i++)
        rc = profile_one(&checks, &sources, opts->args[i], i + 1,
                         opts->now_value);
    if (rc < 0)
        goto done;
    number_ids(&checks);
    units_format_time(when, opts->now_value, 1);
    rso_buf_printf(&doc,
                   "# Proposed by 'recsysops init --profile' on %s from "
                   "the data as it was.\n"
                   "# Every threshold below comes from one look at the "
                   "data: review each\n"
                   "# before relying on it, and delete what does not "
                   "matter.\n"
                   "version: 1\n\nsources:\n%s\nchecks:%s",
                   when, rso_buf_str(&sources), rso_buf_str(&checks));
    rc = atomic_write(out, doc.ptr, doc.len);
    if (rc == 0 && !opts->quiet)
        printf("wrote %s: review it, then run 'recsysops gate'\n", out);
done:
    rso_buf_release(&sources);
    rso_buf_release(&checks);
    rso_buf_release(&doc);
    return rc;
}

/* --- init --checklist ------------------------------------------------ */

/* The config's first checklist check, or NULL. */
static const struct rso_check *checklist_of(const struct rso_config *cfg)
{
    for (size_t i = 0; i < cfg->n_checks; i++)
        if (!strcmp(cfg->checks[i].kind->name, "checklist"))
            return &cfg->checks[i];
    return NULL;
}

static int init_checklist(const struct rso_opts *opts)
{
    struct rso_opts copy = *opts;
    struct rso_config *cfg = NULL;
    const struct rso_check *check;
    const struct checklist_check *spec = NULL;
    struct rubric *r = NULL;
    struct rso_buf text = RSO_BUF_INIT;
    char *path = NULL;
    int rc;

    if ((rc = cli_load_config(&copy, &cfg)))
        return rc;
    if ((check = checklist_of(cfg)))
        spec = check->spec;
    path = config_path(cfg, spec ? spec->file : "mlts.yml");
    if (!opts->force && access(path, F_OK) == 0) {
        rc = rso_fail(RSO_EUSAGE,
                      "'%s' exists; keep it, or write over it "
                      "with --force",
                      path);
        goto done;
    }
    if (!spec && (rc = rubric_load(&r, "ml-test-score", cfg->dir)))
        goto done;
    checklist_starter(&text, cfg, spec ? spec->rubric : r);
    if ((rc = atomic_write(path, text.ptr, text.len)))
        goto done;
    if (!opts->quiet)
        printf("wrote %s\n", path);
    if (!spec && !opts->quiet)
        printf("add to the checks of %s:\n"
               "  - id: ml-test-score\n"
               "    checklist: { file: mlts.yml, min_score: 2 }\n",
               cfg->path);
done:
    rso_buf_release(&text);
    rubric_free(r);
    free(path);
    config_free(cfg);
    return rc;
}

/* --- init (a new repository) ---------------------------------------- */

/*
 * Write a built-in file to path, refusing to replace one that exists
 * unless force.  Returns 0, or RSO_EUSAGE / RSO_EIO.
 */
static int write_starter(const char *name, const char *path, int force)
{
    const struct rso_builtin *b = builtin_find(name);

    if (!b)
        return rso_fail(RSO_EINTERNAL, "no built-in '%s'", name);
    if (!force && access(path, F_OK) == 0)
        return rso_fail(RSO_EUSAGE, "'%s' exists; --force replaces it", path);
    return atomic_write(path, b->data, b->len);
}

/*
 * In a repository without a config: a commented starter config and the
 * GitHub workflow that runs the gate on pull requests and pushes.
 */
static int init_starter(const struct rso_opts *opts)
{
    const char *cfg = opts->config ? opts->config : "recsysops.yml";
    const char *wf = ".github/workflows/recsysops.yml";
    int rc;

    if (!opts->force && access(cfg, F_OK) == 0)
        return rso_fail(RSO_EUSAGE, "'%s' exists; --force replaces it", cfg);
    if (!opts->force && access(wf, F_OK) == 0)
        return rso_fail(RSO_EUSAGE, "'%s' exists; --force replaces it", wf);
    if ((rc = write_starter("starter-config.yml", cfg, opts->force)) ||
        (rc = write_starter("github-gate.yml", wf, opts->force)))
        return rc;
    if (!opts->quiet)
        printf("wrote %s and %s\n"
               "next: add sources and checks (or 'recsysops init --profile "
               "FILE...'),\nthen 'recsysops validate' and 'recsysops "
               "gate'\n",
               cfg, wf);
    return 0;
}

/* --- the command ------------------------------------------------------ */

int cmd_init(int argc, char **argv)
{
    struct rso_opts opts = {0};
    int rc = cli_parse(init_options, argc, argv, &opts);

    if (rc == 0 && opts.help) {
        cli_usage(stdout,
                  "recsysops init [--profile SOURCE... | --checklist] "
                  "[options]",
                  "Write starter files.  Without a config yet: a commented "
                  "recsysops.yml and\nthe GitHub workflow that runs the "
                  "gate.  --profile reads each data file "
                  "once and proposes\nchecks from what it holds, each with "
                  "the observation behind it.\n--checklist writes a "
                  "checklist for the ML Test Score (or the rubric of\nthe "
                  "config's checklist check), wired to the config's checks.",
                  init_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.profile && opts.checklist)
        rc = rso_fail(RSO_EUSAGE, "init takes --profile or --checklist, not "
                                  "both");
    if (rc == 0 && opts.n_args && !opts.profile)
        rc = rso_fail(RSO_EUSAGE, "init takes no operand ('%s')", opts.args[0]);
    if (rc == 0)
        rc = cli_setup(&opts);
    /* With no starter named: a config and a workflow where there is no
     * config yet, else a checklist wired to the config's checks. */
    if (rc == 0 && opts.profile) {
        rc = init_profile(&opts);
    } else if (rc == 0 && !opts.checklist) {
        struct rso_buf found = RSO_BUF_INIT;

        rc = config_find(opts.config, &found) == 0 ? init_checklist(&opts)
                                                   : init_starter(&opts);
        rso_buf_release(&found);
    } else if (rc == 0) {
        rc = init_checklist(&opts);
    }
    if (rc < 0)
        msg_error("%s", rso_errmsg());
    cli_opts_release(&opts);
    return rc < 0 ? rso_exit_code(rc) : (fflush(stdout) == 0 ? 0 : 3);
}
