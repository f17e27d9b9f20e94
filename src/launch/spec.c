/*
 * spec.c: reading the launches: mapping.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launch/spec.h"
#include "util/err.h"
#include "util/mem.h"

static const char *const launch_keys[] = {
    "history",   "upcoming", "key",      "date",    "features",
    "ignore",    "target",   "flag",     "horizon", "block_within",
    "transform", "k",        "trees",    "depth",   "learning_rate",
    "threads",   "folds",    "coverage", "hotfix",  "model_dir",
    NULL};

static const char *const flag_keys[] = {"below", "per", "min_risk", NULL};

static int opt_str(const struct ynode *map, const char *key, const char **out)
{
    const struct ynode *n = ynode_get(map, key);
    char what[64];

    if (!n)
        return 0;
    snprintf(what, sizeof(what), "'%s' in 'launches'", key);
    return ynode_string(n, what, out);
}

static int opt_int(const struct ynode *map, const char *key, int lo, int hi,
                   int *out)
{
    const struct ynode *n = ynode_get(map, key);
    char what[64];
    long long v;
    int rc;

    if (!n)
        return 0;
    snprintf(what, sizeof(what), "'%s' in 'launches'", key);
    if ((rc = ynode_integer(n, what, &v)))
        return rc;
    if (v < lo || v > hi)
        return ynode_fail(n, "%s must be between %d and %d, not %lld", what, lo,
                          hi, v);
    *out = (int)v;
    return 0;
}

static int opt_duration(const struct ynode *map, const char *key, double *out)
{
    const struct ynode *n = ynode_get(map, key);
    char what[64];

    if (!n)
        return 0;
    snprintf(what, sizeof(what), "'%s' in 'launches'", key);
    return ynode_duration(n, what, out);
}

/* A table: the name of a configured source, or a path. */
static int parse_table(struct rso_source *out, const struct rso_config *cfg,
                       const struct ynode *map, const char *key)
{
    const struct ynode *n = ynode_get(map, key);
    const struct rso_source *src;
    const char *path, *dot;
    char what[64];
    int rc;

    if (!n)
        return ynode_fail(map, "'launches' needs '%s' (a CSV file)", key);
    snprintf(what, sizeof(what), "'%s' in 'launches'", key);
    if ((rc = ynode_string(n, what, &path)))
        return rc;
    if ((src = config_source(cfg, path))) {
        *out = *src;
        out->resolved = xstrdup(src->resolved);
        out->name = key;
        return 0;
    }
    memset(out, 0, sizeof(*out));
    out->name = key;
    out->path = path;
    out->resolved = config_path(cfg, path);
    out->node = n;
    dot = strrchr(path, '.');
    out->format = dot && !strcmp(dot, ".tsv") ? RSO_FMT_TSV : RSO_FMT_CSV;
    if (dot && (!strcmp(dot, ".json") || !strcmp(dot, ".jsonl")))
        return ynode_fail(n, "%s must be a CSV or TSV file", what);
    return 0;
}

static int parse_features(struct launch_spec *s, const struct ynode *n)
{
    int rc;

    if ((rc = ynode_strings(n, "'features' in 'launches'", &s->features,
                            &s->n_features)))
        return rc;
    if (!s->n_features)
        return ynode_fail(n, "'features' in 'launches' is empty");
    s->feature_nodes = xcalloc(s->n_features, sizeof(*s->feature_nodes));
    for (size_t i = 0; i < s->n_features; i++) {
        s->feature_nodes[i] = n->type == YNODE_SEQ ? n->items[i] : n;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->features[i], s->features[j]))
                return ynode_fail(s->feature_nodes[i],
                                  "feature '%s' is listed twice",
                                  s->features[i]);
    }
    return 0;
}

/* below: a number, or pNN (a percentile of the history's target). */
static int parse_below(struct launch_spec *s, const struct ynode *n)
{
    char *end;

    s->below_node = n;
    if (n->type == YNODE_SCALAR && (n->str[0] == 'p' || n->str[0] == 'P')) {
        double v = strtod(n->str + 1, &end);

        if (end == n->str + 1 || *end || !(v > 0 && v < 100))
            return ynode_fail(n,
                              "'below' takes a number or a percentile "
                              "such as p10, not '%s'",
                              n->str);
        s->below = v;
        s->below_is_pct = 1;
        return 0;
    }
    return ynode_number(n, "'below' in 'launches.flag'", &s->below);
}

static int parse_flag(struct launch_spec *s, const struct ynode *map)
{
    const struct ynode *n = ynode_get(map, "flag");
    const struct ynode *v;
    int rc;

    if (!n)
        return ynode_fail(map, "'launches' needs 'flag' (e.g. "
                               "'flag: { below: p10 }')");
    if ((rc = ynode_check_keys(n, flag_keys, "in 'launches.flag'")))
        return rc;
    if (!(v = ynode_get(n, "below")))
        return ynode_fail(n, "'launches.flag' needs 'below'");
    if ((rc = parse_below(s, v)))
        return rc;
    if ((v = ynode_get(n, "per"))) {
        s->per_node = v;
        if ((rc = ynode_string(v, "'per' in 'launches.flag'", &s->per)))
            return rc;
        if (!s->below_is_pct)
            return ynode_fail(v, "'per' needs a percentile 'below' (pNN)");
    }
    if ((v = ynode_get(n, "min_risk")) &&
        (rc = ynode_fraction(v, "'min_risk' in 'launches.flag'", &s->min_risk)))
        return rc;
    if (s->min_risk <= 0 || s->min_risk > 1)
        return ynode_fail(v, "'min_risk' must be above 0%% and at most "
                             "100%%");
    return 0;
}

static int parse_transform(struct launch_spec *s, const struct ynode *map)
{
    static const char *const names[] = {"auto", "log1p", "none", NULL};
    const char *t = NULL;
    int rc;

    if ((rc = opt_str(map, "transform", &t)) || !t)
        return rc;
    for (int i = 0; names[i]; i++)
        if (!strcmp(t, names[i])) {
            s->transform = (enum launch_transform)i;
            return 0;
        }
    return ynode_fail(ynode_get(map, "transform"),
                      "'transform' takes auto, log1p or none, not '%s'", t);
}

static int parse_numbers(struct launch_spec *s, const struct ynode *map)
{
    const struct ynode *n;
    int rc;

    if ((rc = opt_duration(map, "horizon", &s->horizon)) ||
        (rc = opt_duration(map, "block_within", &s->block_within)) ||
        (rc = opt_int(map, "k", 1, 100, &s->k)) ||
        (rc = opt_int(map, "trees", 1, 5000, &s->trees)) ||
        (rc = opt_int(map, "depth", 1, 16, &s->depth)) ||
        (rc = opt_int(map, "threads", 1, 64, &s->threads)) ||
        (rc = opt_int(map, "folds", 2, 20, &s->folds)))
        return rc;
    if ((n = ynode_get(map, "learning_rate"))) {
        if ((rc = ynode_number(n, "'learning_rate' in 'launches'", &s->eta)))
            return rc;
        if (!(s->eta > 0 && s->eta <= 1))
            return ynode_fail(n, "'learning_rate' must be in (0, 1]");
    }
    if ((n = ynode_get(map, "coverage"))) {
        if ((rc = ynode_fraction(n, "'coverage' in 'launches'", &s->coverage)))
            return rc;
        if (!(s->coverage > 0 && s->coverage < 1))
            return ynode_fail(n, "'coverage' must be between 0%% and "
                                 "100%%");
    }
    return 0;
}

static void set_defaults(struct launch_spec *s)
{
    memset(s, 0, sizeof(*s));
    s->min_risk = 0.5;
    s->block_within = 7 * 86400.0;
    s->k = 5;
    s->trees = 150;
    s->depth = 5;
    s->threads = 1;
    s->folds = 4;
    s->eta = 0.1;
    s->coverage = 0.9;
}

static int parse_lists(struct launch_spec *s, const struct ynode *map)
{
    const struct ynode *n;
    int rc;

    if ((n = ynode_get(map, "features")) && (rc = parse_features(s, n)))
        return rc;
    if ((n = ynode_get(map, "ignore")) &&
        (rc = ynode_strings(n, "'ignore' in 'launches'", &s->ignore, NULL)))
        return rc;
    if ((n = ynode_get(map, "hotfix")) &&
        (rc = ynode_strings(n, "'hotfix' in 'launches'", &s->hotfix, NULL)))
        return rc;
    return 0;
}

int launch_spec_parse(struct launch_spec *s, const struct rso_config *cfg)
{
    const struct ynode *map = cfg->launches;
    const char *dir = ".recsysops/launch-model";
    int rc;

    set_defaults(s);
    if (!map)
        return rso_fail(RSO_EUSAGE,
                        "%s: the config has no 'launches' "
                        "mapping to predict from",
                        cfg->path);
    s->node = map;
    if ((rc = ynode_check_keys(map, launch_keys, "in 'launches'")) ||
        (rc = parse_table(&s->history, cfg, map, "history")) ||
        (rc = parse_table(&s->upcoming, cfg, map, "upcoming")) ||
        (rc = opt_str(map, "key", &s->key)) ||
        (rc = opt_str(map, "date", &s->date)) ||
        (rc = opt_str(map, "target", &s->target)) ||
        (rc = opt_str(map, "model_dir", &dir)) || (rc = parse_lists(s, map)) ||
        (rc = parse_flag(s, map)) || (rc = parse_transform(s, map)) ||
        (rc = parse_numbers(s, map)))
        return rc;
    if (!s->key || !s->date || !s->target)
        return ynode_fail(map, "'launches' needs 'key', 'date' and "
                               "'target'");
    s->target_node = ynode_get(map, "target");
    s->model_dir = config_path(cfg, dir);
    return 0;
}

void launch_spec_free(struct launch_spec *s)
{
    if (!s)
        return;
    free(s->history.resolved);
    free(s->upcoming.resolved);
    free(s->features);
    free(s->feature_nodes);
    free(s->ignore);
    free(s->hotfix);
    free(s->model_dir);
    memset(s, 0, sizeof(*s));
}

int launch_spec_check(const struct rso_config *cfg)
{
    struct launch_spec s;
    int rc;

    if (!cfg->launches)
        return 0;
    rc = launch_spec_parse(&s, cfg);
    launch_spec_free(&s);
    return rc;
}
