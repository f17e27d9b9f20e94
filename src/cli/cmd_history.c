/*
 * history: show, export or prune the runs that gate --record appended.
 */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "history/history.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jtext.h"
#include "util/mem.h"
#include "util/msg.h"
#include "util/text.h"
#include "util/units.h"

static const struct rso_option history_options[] = {
    OPT_CONFIG,
    {0, "history", "STORE", OPT_STRING, OPT_FIELD(history_store),
     "the store: a SQLite path or a postgresql:// URL (default: the "
     "config's)"},
    {0, "only", "ID", OPT_LIST, OPT_FIELD(only),
     "only values of checks with this id (glob; repeatable)"},
    {0, "last", "N", OPT_STRING, OPT_FIELD(last),
     "only the newest N runs (show: 10 by default)"},
    {0, "since", "WHEN", OPT_STRING, OPT_FIELD(since),
     "only runs since a time (2026-11-01) or a span back from now (30d)"},
    {0, "format", "FMT", OPT_STRING, OPT_FIELD(format),
     "table, csv or json (show: table; export: csv)"},
    {0, "older-than", "SPAN", OPT_STRING, OPT_FIELD(older_than),
     "prune: remove runs older than this span (90d)"},
    {0, "keep", "N", OPT_STRING, OPT_FIELD(keep),
     "prune: keep only the newest N runs"},
    OPT_NOW,
    {'q', "quiet", NULL, OPT_FLAG, OPT_FIELD(quiet), "print only errors"},
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

static int parse_count(const char *opt, const char *s, long long *out)
{
    char *end;
    long long v;

    if (!s)
        return 0;
    v = strtoll(s, &end, 10);
    if (!*s || *end || v < 1)
        return rso_fail(RSO_EUSAGE,
                        "%s takes a whole number above 0, not "
                        "'%s'",
                        opt, s);
    *out = v;
    return 0;
}

/* --since: a timestamp, or a span back from the clock. */
static int parse_since(const struct rso_opts *o, double *out)
{
    double span;

    if (!o->since)
        return 0;
    if (units_timestamp(o->since, out) == 0)
        return 0;
    if (units_duration(o->since, &span) == 0) {
        *out = o->now_value - span;
        return 0;
    }
    return rso_fail(RSO_EUSAGE,
                    "--since takes a time (2026-11-01) or a span (30d), not "
                    "'%s'",
                    o->since);
}

static int only_match(const struct rso_opts *o, const char *check)
{
    if (!o->only)
        return 1;
    for (size_t i = 0; o->only[i]; i++)
        if (text_glob(o->only[i], check))
            return 1;
    return 0;
}

/*
 * The rows --only and --last pick, as the store streams them (oldest
 * first, a run's rows together): those of checks matching --only, in
 * the newest `last` runs that have any (all of them for 0).  With a
 * sink (and no last), each goes on to it as it comes; otherwise the
 * picked runs are held in rows, and only those: with a last, memory
 * grows with it, not with the store.
 */
struct pick {
    const struct rso_opts *o;
    long long last, runs; /* runs held */
    struct history_rows rows;
    void (*sink)(void *ctx, const struct history_row *row);
    void *sink_ctx;
};

/* Drop the rows of the oldest run held. */
static void pick_drop_oldest(struct pick *p)
{
    struct history_rows *rows = &p->rows;
    size_t n = 0;

    while (n < rows->len && rows->items[n].run == rows->items[0].run) {
        struct history_row *r = &rows->items[n++];

        free(r->commit), free(r->ref), free(r->check);
        free(r->statistic), free(r->status);
    }
    memmove(rows->items, rows->items + n,
            (rows->len - n) * sizeof(*rows->items));
    rows->len -= n;
    p->runs--;
}

static void pick_row(void *ctx, const struct history_row *r)
{
    struct pick *p = ctx;
    struct history_rows *rows = &p->rows;

    if (!only_match(p->o, r->check))
        return;
    if (p->sink) {
        p->sink(p->sink_ctx, r);
        return;
    }
    if (!rows->len || rows->items[rows->len - 1].run != r->run) {
        if (p->last && p->runs == p->last)
            pick_drop_oldest(p);
        p->runs++;
    }
    history_rows_add(rows, r);
}

static void csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The shortest of %.15g..%.17g that reads back as v. */
/*
 * A run's time as text, formatted once per run: rows come a run at a
 * time, and a store holds hundreds of values a run.
 */
struct run_time {
    double time;
    char t[32];
};

static const char *run_time(struct run_time *c, double time)
{
    if (!c->t[0] || time != c->time) {
        units_format_time(c->t, time, 1);
        c->time = time;
    }
    return c->t;
}

static const char *exact(char buf[32], double v)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

#define CSV_HEAD "run,time,commit,ref,check,statistic,value,status\n"

/* Where CSV rows go, and the last run's time, formatted once a run. */
struct csv_out {
    FILE *f;
    struct run_time t;
};

static void csv_row(void *ctx, const struct history_row *r)
{
    struct csv_out *o = ctx;
    char v[32];

    fprintf(o->f, "%lld,%s,", r->run, run_time(&o->t, r->time));
    csv_field(o->f, r->commit);
    fputc(',', o->f);
    csv_field(o->f, r->ref);
    fputc(',', o->f);
    csv_field(o->f, r->check);
    fputc(',', o->f);
    csv_field(o->f, r->statistic);
    fprintf(o->f, ",%s,%s\n", exact(v, r->value), r->status);
}

static void write_csv(FILE *f, const struct history_rows *rows)
{
    struct csv_out o = {f, {0, ""}};

    fputs(CSV_HEAD, f);
    for (size_t i = 0; i < rows->len; i++)
        csv_row(&o, &rows->items[i]);
}

/*
 * Where JSON rows go: an array written an element at a time, laid out
 * as jansson lays out the whole array (JSON_INDENT(2)), so that a
 * streamed export and one read whole print the same text.
 */
struct json_out {
    FILE *f;
    size_t rows;
    int failed;
    struct run_time t;
};

static void json_row(void *ctx, const struct history_row *r)
{
    struct json_out *o = ctx;
    json_t *obj = json_object();
    char *text;

    json_object_set_new(obj, "run", json_integer(r->run));
    json_object_set_new(obj, "time", json_string(run_time(&o->t, r->time)));
    json_object_set_new(obj, "commit", jtext(r->commit));
    json_object_set_new(obj, "ref", jtext(r->ref));
    json_object_set_new(obj, "check", jtext(r->check));
    json_object_set_new(obj, "statistic", jtext(r->statistic));
    json_object_set_new(obj, "value", json_real(r->value));
    json_object_set_new(obj, "status", jtext(r->status));
    text = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(obj);
    if (!text) {
        o->failed = 1;
        return;
    }
    fputs(o->rows++ ? ",\n" : "[\n", o->f);
    /* The element one level in: two more spaces on every line. */
    for (const char *line = text, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        fprintf(o->f, "  %.*s%s", (int)(nl ? nl - line : (long)strlen(line)),
                line, nl ? "\n" : "");
        if (!nl)
            break;
    }
    free(text);
}

/* Close the array json_row() wrote; 0, or RSO_EIO. */
static int json_end(struct json_out *o)
{
    fputs(o->rows ? "\n]\n" : "[]\n", o->f);
    if (o->failed || fflush(o->f) != 0 || ferror(o->f))
        return rso_fail(RSO_EIO, "cannot write the JSON output");
    return 0;
}

static int write_json(FILE *f, const struct history_rows *rows)
{
    struct json_out o = {f, 0, 0, {0, ""}};

    for (size_t i = 0; i < rows->len; i++)
        json_row(&o, &rows->items[i]);
    return json_end(&o);
}

static size_t width(size_t w, const char *s)
{
    size_t n = s ? strlen(s) : 1;

    return n > w ? n : w;
}

static void write_table(FILE *f, const struct history_rows *rows)
{
    size_t wref = 3, wcheck = 5, wstat = 9;
    struct run_time t = {0, ""};
    char sha[8], v[32];

    for (size_t i = 0; i < rows->len; i++) {
        wref = width(wref, rows->items[i].ref);
        wcheck = width(wcheck, rows->items[i].check);
        wstat = width(wstat, rows->items[i].statistic);
    }
    fprintf(f, "%5s  %-20s  %-7s  %-*s  %-*s  %-*s  %12s  %s\n", "run", "time",
            "commit", (int)wref, "ref", (int)wcheck, "check", (int)wstat,
            "statistic", "value", "status");
    for (size_t i = 0; i < rows->len; i++) {
        const struct history_row *r = &rows->items[i];

        snprintf(sha, sizeof(sha), "%.7s", r->commit ? r->commit : "-");
        snprintf(v, sizeof(v), "%.6g", r->value);
        fprintf(f, "%5lld  %-20s  %-7s  %-*s  %-*s  %-*s  %12s  %s\n", r->run,
                run_time(&t, r->time), sha, (int)wref, r->ref ? r->ref : "-",
                (int)wcheck, r->check, (int)wstat, r->statistic, v, r->status);
    }
    if (!rows->len)
        fprintf(f, "(no recorded values)\n");
}

static int show(struct history *h, const struct rso_opts *o, int export)
{
    const char *fmt = o->format ? o->format : export ? "csv" : "table";
    struct history_filter flt;
    struct history_rows rows = {0};
    long long last = export ? 0 : 10;
    int rc;

    if (strcmp(fmt, "table") && strcmp(fmt, "csv") && strcmp(fmt, "json"))
        return rso_fail(RSO_EUSAGE,
                        "--format takes table, csv or json, not '%s'", fmt);
    history_filter_init(&flt);
    if ((rc = parse_count("--last", o->last, &last)) < 0 ||
        (rc = parse_since(o, &flt.since)) < 0)
        goto done;
    /*
     * The whole store (since a time, or not) streams: rows are written
     * as the store reads them, those --only names picked on the way, so
     * memory does not grow with the store.
     */
    if (export && !last && !strcmp(fmt, "csv")) {
        struct csv_out out = {stdout, {0, ""}};
        struct pick p = {o, 0, 0, {0}, csv_row, &out};

        fputs(CSV_HEAD, stdout);
        rows.sink = pick_row;
        rows.sink_ctx = &p;
        rc = history_query(h, &flt, &rows);
        goto done;
    }
    if (export && !last && !strcmp(fmt, "json")) {
        struct json_out out = {stdout, 0, 0, {0, ""}};
        struct pick p = {o, 0, 0, {0}, json_row, &out};

        rows.sink = pick_row;
        rows.sink_ctx = &p;
        if ((rc = history_query(h, &flt, &rows)) == 0)
            rc = json_end(&out);
        goto done;
    }
    if (!o->only) {
        /* The store itself picks the newest runs. */
        flt.runs = last;
        rc = history_query(h, &flt, &rows);
    } else {
        /* The newest runs with a check --only names, as they stream. */
        struct pick p = {o, last, 0, {0}, NULL, NULL};

        rows.sink = pick_row;
        rows.sink_ctx = &p;
        rc = history_query(h, &flt, &rows);
        rows = p.rows;
    }
    if (rc < 0)
        goto done;
    if (!strcmp(fmt, "csv"))
        write_csv(stdout, &rows);
    else if (!strcmp(fmt, "json"))
        rc = write_json(stdout, &rows);
    else
        write_table(stdout, &rows);
done:
    history_rows_release(&rows);
    return rc;
}

static int prune(struct history *h, const struct rso_opts *o)
{
    double span = 0, before = -INFINITY;
    long long keep = 0, removed = 0;
    int rc;

    if (!o->older_than && !o->keep)
        return rso_fail(RSO_EUSAGE,
                        "prune needs --older-than SPAN or --keep N");
    if (o->older_than) {
        if (units_duration(o->older_than, &span) < 0)
            return rso_fail(RSO_EUSAGE,
                            "--older-than takes a span (90d), not '%s'",
                            o->older_than);
        before = o->now_value - span;
    }
    if ((rc = parse_count("--keep", o->keep, &keep)) < 0 ||
        (rc = history_prune(h, before, keep, &removed)) < 0)
        return rc;
    if (!o->quiet)
        printf("pruned %lld run%s from '%s'\n", removed,
               removed == 1 ? "" : "s", history_where(h));
    return 0;
}

/* Open the store named by --history, or the config's. */
static int open_store(struct rso_opts *o, struct history **out)
{
    struct rso_config *cfg = NULL;
    int rc;

    *out = NULL;
    if (o->history_store)
        rc = history_open(out, o->history_store, ".", 0);
    else if ((rc = cli_load_config(o, &cfg)) == 0)
        rc = history_open(out, cfg->history, cfg->dir, 0);
    config_free(cfg);
    if (rc == 1)
        rc = RSO_EDATA;
    return rc;
}

static int usage(void)
{
    cli_usage(stdout, "recsysops history show|export|prune [options]",
              "show: the values of recent runs (a table by default).\n"
              "export: every value (CSV by default, or --format json).\n"
              "prune: remove old runs (--older-than, --keep).",
              history_options);
    return 0;
}

int cmd_history(int argc, char **argv)
{
    struct rso_opts opts = {0};
    struct history *h = NULL;
    const char *sub = NULL;
    int rc = cli_parse(history_options, argc, argv, &opts);

    if (rc == 0 && opts.help) {
        cli_opts_release(&opts);
        return usage();
    }
    if (rc == 0 && opts.n_args != 1)
        rc = rso_fail(RSO_EUSAGE, "history takes one of show, export or prune");
    if (rc == 0) {
        sub = opts.args[0];
        if (strcmp(sub, "show") && strcmp(sub, "export") &&
            strcmp(sub, "prune"))
            rc = rso_fail(RSO_EUSAGE,
                          "history takes show, export or prune, not '%s'", sub);
    }
    if (rc == 0)
        rc = cli_setup(&opts);
    if (rc == 0)
        rc = open_store(&opts, &h);
    if (rc == 0)
        rc = !strcmp(sub, "prune") ? prune(h, &opts)
                                   : show(h, &opts, !strcmp(sub, "export"));
    if (rc < 0)
        msg_error("%s", rso_errmsg());
    history_close(h);
    cli_opts_release(&opts);
    if (rc < 0)
        return rso_exit_code(rc);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : RSO_EXIT_DATA;
}
