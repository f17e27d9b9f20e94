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
#include "cli/cli.h"
#include "gate/gate.h"
#include "util/err.h"
#include "util/msg.h"

#define O(field) offsetof(struct rso_opts, field)

static const struct rso_option diagnose_options[] = {
    {'c', "config", "FILE", OPT_STRING, O(config),
     "the config (default: recsysops.yml, searched upwards)"},
    {0, "check", "ID", OPT_STRING, O(check),
     "the peers check to use (needed when there are several)"},
    {0, "format", "NAME", OPT_STRING, O(format), "text (default) or json"},
    {0, "color", "WHEN", OPT_STRING, O(color),
     "auto, always or never (NO_COLOR is respected)"},
    {'h', "help", NULL, OPT_FLAG, O(help), "show this help"},
    OPT_END,
};

static int find_check(const struct rso_config *cfg, const char *id,
                      struct rso_check **out)
{
    struct rso_check *found = NULL;

    for (size_t i = 0; i < cfg->n_checks; i++) {
        struct rso_check *c = &cfg->checks[i];

        if (id ? strcmp(c->id, id) != 0 : strcmp(c->kind->name, "peers"))
            continue;
        if (id && strcmp(c->kind->name, "peers"))
            return rso_fail(RSO_EUSAGE, "check '%s' is a '%s' check, not a "
                                        "peers check",
                            id, c->kind->name);
        if (found)
            return rso_fail(RSO_EUSAGE, "several peers checks ('%s', '%s'); "
                                        "name one with --check",
                            found->id, c->id);
        found = c;
    }
    if (!found)
        return rso_fail(RSO_EUSAGE,
                        id ? "no check '%s' in the config"
                           : "the config has no peers check to diagnose with",
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
        json_object_set_new(o, "value", isnan(f->value)
                                            ? json_null()
                                            : json_real(f->value));
        json_object_set_new(o, "median", isnan(f->median)
                                             ? json_null()
                                             : json_real(f->median));
        json_object_set_new(o, "mad", isnan(f->mad) ? json_null()
                                                    : json_real(f->mad));
        json_object_set_new(o, "z", isfinite(f->z) ? json_real(f->z)
                                                   : json_null());
        json_object_set_new(o, "outlier",
                            json_boolean(!isnan(f->z) &&
                                         fabs(f->z) > s->max_z));
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
        rc = rso_fail(RSO_EDATA, "no item '%s' in '%s'", item,
                      c->source->path);
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
        cli_usage(stdout, "recsysops diagnose ITEM [options]",
                  "Compare an item's features with those of its most "
                  "comparable items,\nthrough a peers check of the config.",
                  diagnose_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.n_args != 1)
        rc = rso_fail(RSO_EUSAGE, "diagnose takes one item id");
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
