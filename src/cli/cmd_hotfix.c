/*
 * hotfix: list the menu, suggest entries for the last gate's failures,
 * apply one as a branch and commit.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cli/cli.h"
#include "history/history.h"
#include "hotfix/apply.h"
#include "hotfix/lastrun.h"
#include "hotfix/ledger.h"
#include "hotfix/match.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"
#include "util/units.h"

static const struct rso_option hotfix_options[] = {
    OPT_CONFIG,
    {0, "results", "PATH", OPT_STRING, OPT_FIELD(results),
     "the last gate's JSON results (default: reports/recsysops.json)"},
    {0, "item", "ID", OPT_STRING, OPT_FIELD(item),
     "apply: the item, for {item}"},
    {0, "set", "KEY=VALUE", OPT_LIST, OPT_FIELD(set),
     "apply: a value for the placeholder {KEY} (repeatable)"},
    OPT_NOW,
    {'q', "quiet", NULL, OPT_FLAG, OPT_FIELD(quiet), "print only errors"},
    {'v', "verbose", NULL, OPT_COUNT, OPT_FIELD(verbose), "say more"},
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

/* The hotfix commands' shared state. */
struct hf {
    struct rso_opts opts;
    struct rso_config *cfg; /* NULL when no config was found */
    struct hotfix_menu *menu;
    const struct hotfix_ledger *ledger; /* NULL: no history store */
    struct history *store;              /* the ledger's, or NULL */
};

/*
 * The history store, when there is one, is the ledger: apply records in
 * it (creating a configured SQLite file), suggest reads effects from it.
 */
static void open_ledger(struct hf *h)
{
    int create =
        h->cfg->history && h->opts.n_args && !strcmp(h->opts.args[0], "apply");
    int rc = history_open(&h->store, h->cfg->history, h->cfg->dir, create);

    if (rc == 0)
        h->ledger = history_ledger(h->store);
    else if (rc < 0)
        msg_warn("%s", history_error(h->store));
    rso_err_clear();
}

/*
 * The config when there is one: an explicit --config must load; without
 * it, no recsysops.yml means the built-in menu only.
 */
static int load(struct hf *h)
{
    struct rso_buf path = RSO_BUF_INIT;
    char *team = NULL;
    int rc = config_find(h->opts.config, &path);

    if (rc < 0 && !h->opts.config) {
        rso_err_clear();
        rc = 0;
    } else if (rc == 0) {
        rc = config_load(&h->cfg, rso_buf_str(&path));
    }
    rso_buf_release(&path);
    if (rc == 0 && h->cfg && h->cfg->hotfixes)
        team = config_path(h->cfg, h->cfg->hotfixes);
    if (rc == 0)
        rc = hotfix_menu_load(&h->menu, team);
    if (rc == 0 && h->cfg)
        open_ledger(h);
    free(team);
    return rc;
}

static void print_entry(const struct hotfix_entry *e, double now)
{
    struct rso_buf b = RSO_BUF_INIT;

    printf("%s%s\n    %s\n", e->id, hotfix_expired(e, now) ? " (expired)" : "",
           e->title);
    hotfix_tradeoffs_line(e, &b);
    printf("    %s\n    answers:", rso_buf_str(&b));
    for (size_t i = 0; e->answers[i]; i++)
        printf(" %s", e->answers[i]);
    printf("\n    apply: %s %s",
           e->apply.action == HOTFIX_SET ? "set in" : "append to",
           e->apply.file);
    if (strcmp(e->origin, "built-in"))
        printf(" (from %s)", e->origin);
    printf("\n");
    rso_buf_release(&b);
}

static int cmd_list(struct hf *h)
{
    for (size_t i = 0; i < h->menu->len; i++) {
        if (i)
            printf("\n");
        print_entry(&h->menu->items[i], h->opts.now_value);
    }
    return 0;
}

/* Measured before/after values of earlier applications, when known. */
static void print_effects(const struct hf *h, const char *entry)
{
    struct hotfix_effect *v = NULL;
    size_t n;

    if (!h->ledger || !h->ledger->effects)
        return;
    n = h->ledger->effects(h->ledger->ctx, entry, &v);
    for (size_t i = 0; i < n; i++) {
        char when[32];

        units_format_time(when, v[i].applied_at, 1);
        printf("       measured after the %s application: %s %s %g -> "
               "%g\n",
               when, v[i].check, v[i].statistic, v[i].before, v[i].after);
    }
    hotfix_effects_free(v, n);
}

/* Whether the entry's action has the placeholder {name...}. */
static int uses(const struct hotfix_entry *e, const char *name)
{
    const struct ynode *v = e->apply.values;
    size_t n = strlen(name);
    const char *s;

    for (size_t i = 0; i <= v->len; i++) {
        s = i < v->len ? v->pairs[i].value->str : e->apply.file;
        for (s = strchr(s, '{'); s; s = strchr(s + 1, '{'))
            if (!strncmp(s + 1, name, n) && s[1 + n] && strchr("}+-", s[1 + n]))
                return 1;
    }
    return 0;
}

/* The --item part of the suggested command. */
static const char *item_hint(const struct hotfix_entry *e,
                             const struct hotfix_failed *f, struct rso_buf *b)
{
    rso_buf_clear(b);
    if (!uses(e, "item"))
        return "";
    if (f->area && !strcmp(f->area, "launches") && f->name)
        rso_buf_printf(b, " --item '%s'", f->name);
    else
        rso_buf_puts(b, " --item ID");
    return rso_buf_str(b);
}

static void suggest_one(const struct hf *h, const struct hotfix_failed *f)
{
    struct hotfix_finding hf;
    struct hotfix_match *v;
    size_t n;

    hotfix_lastrun_finding(&hf, f, h->cfg);
    n = hotfix_match(h->menu, &hf, h->opts.now_value, &v, NULL);
    printf("%s %s/%s: %s\n", f->severity == RSO_WARN ? "WARN " : "BLOCK",
           f->area ? f->area : "?", f->name ? f->name : "?",
           f->message ? f->message : "");
    if (!n)
        printf("    no menu entry answers this finding\n");
    for (size_t i = 0; i < n; i++) {
        struct rso_buf b = RSO_BUF_INIT, hint = RSO_BUF_INIT;
        const struct hotfix_entry *e = v[i].entry;

        hotfix_tradeoffs_line(e, &b);
        printf("  %zu. %s: %s%s\n       %s\n       recsysops hotfix apply "
               "%s%s\n",
               i + 1, e->id, e->title,
               v[i].is_explicit ? " (named by the check)" : "", rso_buf_str(&b),
               e->id, item_hint(e, f, &hint));
        print_effects(h, e->id);
        rso_buf_release(&b);
        rso_buf_release(&hint);
    }
    free(v);
}

static const char *results_path(const struct rso_opts *o)
{
    return o->results ? o->results : "reports/recsysops.json";
}

static int cmd_suggest(struct hf *h)
{
    struct hotfix_lastrun *last;
    int rc = hotfix_lastrun_load(&last, results_path(&h->opts));

    if (rc < 0)
        return rc;
    if (!last->len)
        printf("no failing checks in %s\n", last->path);
    for (size_t i = 0; i < last->len; i++)
        suggest_one(h, &last->items[i]);
    hotfix_lastrun_free(last);
    return 0;
}

static int has(char *const *list, const char *s)
{
    for (size_t i = 0; s && list && list[i]; i++)
        if (!strcmp(list[i], s))
            return 1;
    return 0;
}

/* The last gate's failing finding that entry answers, or NULL. */
static const struct hotfix_failed *
pick_finding(const struct hotfix_lastrun *last, const char *entry,
             const struct hotfix_vars *v)
{
    const char *item = hotfix_vars_get(v, "item");
    const char *check = hotfix_vars_get(v, "check");

    for (size_t i = 0; last && i < last->len; i++) {
        const struct hotfix_failed *f = &last->items[i];

        if (!has(f->suggested, entry))
            continue;
        if (item && (!f->name || strcmp(f->name, item)) &&
            (!f->check || strcmp(f->check, item)))
            continue;
        if (check && (!f->check || strcmp(f->check, check)))
            continue;
        return f;
    }
    return NULL;
}

static void set_default(struct hotfix_vars *v, const char *name,
                        const char *value)
{
    if (value && !hotfix_vars_get(v, name))
        hotfix_vars_set(v, name, value);
}

/* Fill the variables: --item, --set, then the finding and the config. */
static int fill_vars(struct hf *h, struct rso_git *g,
                     const struct hotfix_failed *f, struct hotfix_vars *v)
{
    const struct rso_check *c;
    const char *check;
    struct rso_buf rel = RSO_BUF_INIT;
    int rc = 0;

    if (h->opts.item)
        hotfix_vars_set(v, "item", h->opts.item);
    for (size_t i = 0; rc == 0 && h->opts.set && h->opts.set[i]; i++)
        rc = hotfix_vars_parse(v, h->opts.set[i]);
    if (rc < 0)
        return rc;
    if (f) {
        set_default(v, "check", f->check);
        set_default(v, "kind", f->kind);
    }
    check = hotfix_vars_get(v, "check");
    c = h->cfg && check ? config_check(h->cfg, check) : NULL;
    if (c) {
        set_default(v, "kind", c->kind->name);
        set_default(v, "source", c->source ? c->source->name : NULL);
    }
    if (h->cfg && rso_git_relpath(g, h->cfg->path, &rel) == 0)
        set_default(v, "config", rso_buf_str(&rel));
    rso_err_clear();
    rso_buf_release(&rel);
    return 0;
}

static void command_line(struct rso_buf *b, const struct rso_opts *o,
                         const char *entry)
{
    rso_buf_printf(b, "recsysops hotfix apply %s", entry);
    if (o->item)
        rso_buf_printf(b, " --item '%s'", o->item);
    for (size_t i = 0; o->set && o->set[i]; i++)
        rso_buf_printf(b, " --set '%s'", o->set[i]);
}

static void record(const struct hf *h, const struct hotfix_outcome *out,
                   const struct hotfix_vars *v, const char *entry)
{
    struct hotfix_application a = {
        .entry = entry,
        .check = hotfix_vars_get(v, "check"),
        .branch = out->branch,
        .commit = out->sha,
        .file = out->file,
        .applied_at = v->now,
    };

    a.target =
        hotfix_vars_get(v, "item") ? hotfix_vars_get(v, "item") : a.check;
    if (out->until)
        units_timestamp(out->until, &a.until);
    if (h->ledger && h->ledger->record) {
        if (h->ledger->record(h->ledger->ctx, &a) < 0)
            msg_warn("the application was not recorded: %s", rso_errmsg());
    } else if (h->cfg && h->cfg->history) {
        msg_warn("history store '%s' is configured but could not be "
                 "opened: the application was not recorded",
                 h->cfg->history);
    }
}

static int apply_in(struct hf *h, struct rso_git *g,
                    const struct hotfix_entry *e)
{
    struct hotfix_vars v = {.now = h->opts.now_value, .entry = e->id};
    struct hotfix_lastrun *last = NULL;
    struct hotfix_outcome out;
    struct rso_buf cmd = RSO_BUF_INIT, finding = RSO_BUF_INIT;
    struct hotfix_request rq = {.entry = e, .vars = &v};
    const struct hotfix_failed *f;
    int rc;

    /* The results are optional here: they only name the finding. */
    if (hotfix_lastrun_load(&last, results_path(&h->opts)) < 0)
        rso_err_clear();
    if ((rc = fill_vars(h, g, NULL, &v)) == 0 &&
        (f = pick_finding(last, e->id, &v))) {
        fill_vars(h, g, f, &v);
        rso_buf_printf(&finding, "%s %s/%s: %s",
                       f->severity == RSO_WARN ? "warn" : "block", f->area,
                       f->name, f->message ? f->message : "");
        rq.finding = finding.ptr;
    }
    command_line(&cmd, &h->opts, e->id);
    rq.command = cmd.ptr;
    if (rc == 0 && (rc = hotfix_apply(g, &rq, &out)) == 0) {
        printf("created branch %s (commit %.12s), editing %s\n", out.branch,
               out.sha, out.file);
        printf("push it: git push origin %s\n", out.branch);
        record(h, &out, &v, e->id);
        hotfix_outcome_release(&out);
    }
    rso_buf_release(&cmd);
    rso_buf_release(&finding);
    hotfix_vars_release(&v);
    hotfix_lastrun_free(last);
    return rc;
}

static int cmd_apply(struct hf *h)
{
    const struct hotfix_entry *e;
    struct rso_git *g = NULL;
    int rc;

    if (h->opts.n_args != 2)
        return rso_fail(RSO_EUSAGE, "usage: recsysops hotfix apply ENTRY "
                                    "[--item ID] [--set key=value]");
    if (!(e = hotfix_menu_find(h->menu, h->opts.args[1])))
        return rso_fail(RSO_EUSAGE,
                        "no hotfix '%s' in the menu; see "
                        "'recsysops hotfix list'",
                        h->opts.args[1]);
    if ((rc = rso_git_open(&g, h->cfg ? h->cfg->dir : ".")) < 0)
        return rso_fail(RSO_EUSAGE, "%s", rso_errmsg());
    rc = apply_in(h, g, e);
    rso_git_free(g);
    return rc;
}

static int usage(void)
{
    cli_usage(stdout,
              "recsysops hotfix list | suggest | apply ENTRY [--item ID] "
              "[--set key=value]",
              "The hotfix menu: prepared fixes with their trade-offs.\n"
              "  list     show the menu (built-in and the team's file)\n"
              "  suggest  the entries answering each failure of the last "
              "gate, best first\n"
              "  apply    make the entry's edit as a new branch and commit; "
              "the working\n"
              "           tree and the current branch are left as they are",
              hotfix_options);
    return 0;
}

static int run(struct hf *h)
{
    const char *sub = h->opts.n_args ? h->opts.args[0] : NULL;
    int rc;

    if (!sub)
        return rso_fail(RSO_EUSAGE, "hotfix needs list, suggest or apply");
    if (strcmp(sub, "list") && strcmp(sub, "suggest") && strcmp(sub, "apply"))
        return rso_fail(RSO_EUSAGE,
                        "unknown hotfix command '%s' (list, "
                        "suggest or apply)",
                        sub);
    if (strcmp(sub, "apply") && h->opts.n_args > 1)
        return rso_fail(RSO_EUSAGE, "hotfix %s takes no operand ('%s')", sub,
                        h->opts.args[1]);
    if ((rc = cli_setup(&h->opts)) < 0 || (rc = load(h)) < 0)
        return rc;
    if (!strcmp(sub, "list"))
        return cmd_list(h);
    if (!strcmp(sub, "suggest"))
        return cmd_suggest(h);
    return cmd_apply(h);
}

int cmd_hotfix(int argc, char **argv)
{
    struct hf h;
    int rc;

    memset(&h, 0, sizeof(h));
    rc = cli_parse(hotfix_options, argc, argv, &h.opts);
    if (rc == 0 && h.opts.help)
        rc = usage();
    else if (rc == 0)
        rc = run(&h);
    if (rc < 0)
        msg_error("%s", rso_errmsg());
    hotfix_menu_free(h.menu);
    history_close(h.store);
    config_free(h.cfg);
    cli_opts_release(&h.opts);
    if (rc < 0)
        return rso_exit_code(rc);
    return fflush(stdout) == 0 ? 0 : RSO_EXIT_DATA;
}
