/*
 * diagnose: one item against its most comparable items, feature by
 * feature, through a peers check of the config.
 */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/peers_check.h"
#include "check/replay_check.h"
#include "cli/cli.h"
#include "gate/gate.h"
#include "scan/value.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/msg.h"

static const struct rso_option diagnose_options[] = {
    OPT_CONFIG,
    {0, "check", "ID", OPT_STRING, OPT_FIELD(check),
     "the peers check to use (needed when there are several)"},
    {0, "format", "NAME", OPT_STRING, OPT_FIELD(format),
     "text (default) or json"},
    OPT_COLOR,
    OPT_HELP,
    OPT_END,
};

static int find_check(const struct rso_config *cfg, const char *id,
                      struct rso_check **out)
{
    struct rso_check *found = NULL;

    for (size_t i = 0; i < cfg->n_checks; i++) {
        struct rso_check *c = &cfg->checks[i];

        int usable =
            !strcmp(c->kind->name, "peers") || !strcmp(c->kind->name, "replay");

        if (id ? strcmp(c->id, id) != 0 : !usable)
            continue;
        if (!usable)
            return rso_fail(RSO_EUSAGE,
                            "check '%s' is a '%s' check; "
                            "diagnose uses peers and replay "
                            "checks",
                            id, c->kind->name);
        if (found)
            return rso_fail(RSO_EUSAGE,
                            "several checks can diagnose ('%s', "
                            "'%s'); name one with --check",
                            found->id, c->id);
        found = c;
    }
    if (!found)
        return rso_fail(RSO_EUSAGE,
                        id ? "no check '%s' in the config"
                           : "the config has no peers or replay check to "
                             "diagnose with",
                        id);
    *out = found;
    return 0;
}

static const char *verdict(double z, double max_z)
{
    if (isnan(z))
        return "too few peers";
    return fabs(z) > max_z ? "far from its peers" : "";
}

static void print_text(const struct peers_spec *s, size_t row,
                       const struct peers_result *r)
{
    const struct peers_table *t = &s->table;

    printf("item %s (%s:%lld), against its %zu most comparable items by",
           t->keys[row], s->src->path, t->lines[row], r->n_peers);
    for (size_t i = 0; i < s->n_by; i++)
        printf("%s %s", i ? "," : "", s->by[i]);
    printf("\n\n%-20s %12s %14s %10s %9s\n", "feature", "value",
           "peers' median", "MAD", "robust z");
    for (size_t j = 0; j < s->n_features; j++) {
        const struct peers_feature *f = &r->features[j];

        printf("%-20s %12g %14g %10g %9.1f  %s\n", s->features[j], f->value,
               f->median, f->mad, f->z, verdict(f->z, s->max_z));
    }
    printf("\npeers:");
    for (size_t i = 0; i < r->n_peers; i++)
        printf("%s %s (%.2f)", i ? "," : "", t->keys[r->peers[i]],
               r->similarity[i]);
    printf("\n");
}

static void print_json(const struct peers_spec *s, size_t row,
                       const struct peers_result *r)
{
    const struct peers_table *t = &s->table;
    json_t *root = json_object(), *feats = json_array(), *peers = json_array();
    char *text;

    json_object_set_new(root, "item", json_string(t->keys[row]));
    json_object_set_new(root, "line", json_integer(t->lines[row]));
    for (size_t j = 0; j < s->n_features; j++) {
        const struct peers_feature *f = &r->features[j];
        json_t *o = json_object();

        json_object_set_new(o, "feature", json_string(s->features[j]));
        json_object_set_new(
            o, "value", isnan(f->value) ? json_null() : json_real(f->value));
        json_object_set_new(
            o, "median", isnan(f->median) ? json_null() : json_real(f->median));
        json_object_set_new(o, "mad",
                            isnan(f->mad) ? json_null() : json_real(f->mad));
        json_object_set_new(o, "z",
                            isfinite(f->z) ? json_real(f->z) : json_null());
        json_object_set_new(
            o, "outlier", json_boolean(!isnan(f->z) && fabs(f->z) > s->max_z));
        json_array_append_new(feats, o);
    }
    for (size_t i = 0; i < r->n_peers; i++) {
        json_t *o = json_object();

        json_object_set_new(o, "item", json_string(t->keys[r->peers[i]]));
        json_object_set_new(o, "similarity", json_real(r->similarity[i]));
        json_array_append_new(peers, o);
    }
    json_object_set_new(root, "features", feats);
    json_object_set_new(root, "peers", peers);
    text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text)
        printf("%s\n", text);
    free(text);
    json_decref(root);
}

#define REPLAY_ROWS 20

struct replayed {
    float *x;
    float logged;
    int has_logged;
    long long line;
};

struct replay_pick {
    struct replay_spec *s;
    const char *want; /* request id, or NULL to match by line */
    long long line;
    struct replayed rows[REPLAY_ROWS];
    size_t n;
};

static int pick_visit(void *state, const struct rso_record *rec)
{
    struct replay_pick *p = state;
    struct replay_spec *s = p->s;
    struct replayed *r;
    double v;
    int i;

    if (p->n == REPLAY_ROWS)
        return 0;
    if (p->want) {
        i = s->request_col->index;
        if (i < 0 || rec->len[i] != strlen(p->want) ||
            memcmp(rec->field[i], p->want, rec->len[i]))
            return 0;
    } else if (rec->line != p->line) {
        return 0;
    }
    r = &p->rows[p->n++];
    r->x = xcalloc(s->ncol, sizeof(float));
    replay_row(s, rec, r->x);
    r->line = rec->line;
    i = s->score_col->index;
    r->has_logged = i >= 0 && value_number(rec->field[i], rec->len[i], &v) == 0;
    r->logged = r->has_logged ? (float)v : 0;
    return 0;
}

struct contribution {
    size_t feature;
    float value;
};

static int by_size(const void *a, const void *b)
{
    float x = fabsf(((const struct contribution *)a)->value);
    float y = fabsf(((const struct contribution *)b)->value);

    return (x < y) - (x > y);
}

static int explain_row(struct replay_spec *s, const struct replayed *r)
{
    float score, *phi = xcalloc(s->ncol + 1, sizeof(float));
    struct contribution *order = xcalloc(s->ncol, sizeof(*order));
    int rc;

    rc = replay_predict(s->model, r->x, 1, s->ncol, s->margin, &score);
    if (rc == 0)
        rc = replay_contributions(s->model, r->x, s->ncol, phi);
    if (rc == 0) {
        printf("line %lld: ", r->line);
        if (r->has_logged)
            printf("logged %.6g, replayed %.6g (%s)\n", r->logged, score,
                   fabs((double)score - r->logged) <= s->max_diff
                       ? "reproduced"
                       : "NOT reproduced");
        else
            printf("no logged score, replayed %.6g\n", score);
        for (size_t j = 0; j < s->ncol; j++) {
            order[j].feature = j;
            order[j].value = phi[j];
        }
        qsort(order, s->ncol, sizeof(*order), by_size);
        printf("  contributions to the margin, largest first:\n");
        for (size_t j = 0; j < s->ncol; j++)
            printf("    %-24s = %-12g %+.6f\n", s->names[order[j].feature],
                   r->x[order[j].feature], order[j].value);
        printf("    %-24s   %-12s %+.6f\n", "(bias)", "", phi[s->ncol]);
    }
    free(phi);
    free(order);
    return rc;
}

static int diagnose_replay(struct rso_opts *opts, struct rso_config *cfg,
                           struct rso_check *c)
{
    struct replay_spec *s = c->spec;
    struct replay_pick pick;
    struct rso_run run;
    struct rso_results res;
    struct scan_source *ss;
    struct scan_visitor *v;
    const char *what = opts->args[0];
    char *end;
    int rc = 0;

    memset(&pick, 0, sizeof(pick));
    pick.s = s;
    if (s->request) {
        pick.want = what;
    } else {
        pick.line = strtoll(what, &end, 10);
        if (*end || pick.line < 2)
            return rso_fail(RSO_EUSAGE,
                            "check '%s' has no 'request' column: name a "
                            "line of '%s' (2 or more), not '%s'",
                            c->id, c->source->path, what);
    }
    results_init(&res);
    gate_prepare(&run, cfg, opts, &res);
    ss = scan_source(&run.scan, c->source);
    if (replay_prepare(c, ss) < 0) {
        rc = rso_fail(RSO_EDATA, "%s", s->load_error);
    } else {
        /* The only visitor of this scan, so the pointer stays valid. */
        v = scan_visit(ss, pick_visit, &pick, NULL);
        gate_scan(&run);
        if (ss->status < 0)
            rc = rso_fail(RSO_EDATA, "%s", ss->error);
        else if (v->failed)
            rc = rso_fail(RSO_EDATA, "%s", v->error);
        else if (s->request_col && s->request_col->index < 0)
            rc = rso_fail(RSO_EDATA, "source '%s' has no column '%s'",
                          c->source->name, s->request);
        else if (pick.n == 0)
            rc = rso_fail(RSO_EDATA, "no logged row for %s '%s' in '%s'",
                          s->request ? "request" : "line", what,
                          c->source->path);
        for (size_t j = 0; rc == 0 && j < s->ncol; j++)
            if (s->cols[j]->index < 0)
                rc = rso_fail(RSO_EDATA, "source '%s' has no column '%s'",
                              c->source->name, s->names[j]);
    }
    for (size_t i = 0; rc == 0 && i < pick.n; i++)
        rc = explain_row(s, &pick.rows[i]);
    if (rc == 0 && pick.n == REPLAY_ROWS)
        printf("(the first %d rows of the request)\n", REPLAY_ROWS);
    for (size_t i = 0; i < pick.n; i++)
        free(pick.rows[i].x);
    gate_release(&run);
    results_release(&res);
    return rc;
}

static int diagnose(struct rso_opts *opts, struct rso_config *cfg)
{
    struct rso_check *c = NULL;
    struct peers_spec *s;
    struct rso_run run;
    struct rso_results res;
    struct scan_source *ss;
    struct peers_result r;
    const char *item = opts->args[0];
    long row = -1;
    int rc;

    if ((rc = find_check(cfg, opts->check, &c)) < 0)
        return rc;
    if (!strcmp(c->kind->name, "replay"))
        return diagnose_replay(opts, cfg, c);
    s = c->spec;
    results_init(&res);
    gate_prepare(&run, cfg, opts, &res);
    ss = scan_source(&run.scan, c->source);
    c->kind->plan(c, ss);
    gate_scan(&run);
    if (ss->status < 0)
        rc = rso_fail(RSO_EDATA, "%s", ss->error);
    else if (s->key_col->index < 0)
        rc = rso_fail(RSO_EDATA, "source '%s' has no column '%s'",
                      c->source->name, s->key);
    else if ((row = peers_find(&s->table, item)) < 0)
        rc = rso_fail(RSO_EDATA, "no item '%s' in '%s'", item, c->source->path);
    if (rc == 0) {
        peers_compare(&s->table, (size_t)row, (size_t)s->k, &r);
        if (opts->format && !strcmp(opts->format, "json"))
            print_json(s, (size_t)row, &r);
        else
            print_text(s, (size_t)row, &r);
        peers_result_release(&r);
    }
    gate_release(&run);
    results_release(&res);
    return rc;
}

int cmd_diagnose(int argc, char **argv)
{
    struct rso_opts opts = {0};
    struct rso_config *cfg = NULL;
    int rc = cli_parse(diagnose_options, argc, argv, &opts);

    if (rc == 0 && opts.help) {
        cli_usage(stdout, "recsysops diagnose ITEM|REQUEST [options]",
                  "With a peers check: compare an item's features with "
                  "those of its most\ncomparable items.  With a replay "
                  "check: run a logged request (its id, or\nits line in "
                  "the log) through the model again and show each "
                  "feature's\ncontribution to its score.",
                  diagnose_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.n_args != 1)
        rc = rso_fail(RSO_EUSAGE, "diagnose takes one item or request");
    if (rc == 0 && opts.format && strcmp(opts.format, "text") &&
        strcmp(opts.format, "json"))
        rc = rso_fail(RSO_EUSAGE, "--format takes text or json, not '%s'",
                      opts.format);
    if (rc == 0)
        rc = cli_setup(&opts);
    if (rc == 0)
        rc = cli_load_config(&opts, &cfg);
    if (rc == 0)
        rc = diagnose(&opts, cfg);
    if (rc < 0)
        msg_error("%s", rso_errmsg());
    config_free(cfg);
    cli_opts_release(&opts);
    if (fflush(stdout) != 0 && rc == 0)
        rc = RSO_EIO;
    return rso_exit_code(rc);
}
