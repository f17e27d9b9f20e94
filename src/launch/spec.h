/*
 * spec.h: the `launches:` mapping of the config, read with positions.
 *
 * launch_spec_parse() checks every key that can be checked without data
 * (types, durations, the flag rule) and fails with "file:line:col:
 * message" and RSO_EUSAGE.  Features named in the config are checked
 * against the tables later (launch_data.h), pointing back at their node.
 *
 * The spec borrows its strings from the config's YAML document, which
 * must outlive it; launch_spec_free() frees what the spec allocated.
 */
#ifndef RSO_LAUNCH_SPEC_H
#define RSO_LAUNCH_SPEC_H

#include <stddef.h>

#include "config/config.h"

enum launch_transform { LAUNCH_AUTO, LAUNCH_LOG1P, LAUNCH_IDENTITY };

struct launch_spec {
    const struct ynode *node;   /* the launches: mapping */
    struct rso_source history;  /* past launches */
    struct rso_source upcoming; /* items to launch */
    const char *key;            /* item id column */
    const char *date;           /* launch date column */
    const char *target;         /* the launch-day statistic */
    const struct ynode *target_node;
    const char **features; /* NULL: every shared column */
    const struct ynode **feature_nodes;
    size_t n_features;
    const char **ignore; /* columns never used as features */
    double below;        /* flag threshold, or percentile */
    int below_is_pct;    /* below: pNN */
    const struct ynode *below_node;
    const char *per; /* segment column for pNN, or NULL */
    const struct ynode *per_node;
    double min_risk;     /* flag when P(below) >= this */
    double horizon;      /* seconds; 0 means no limit */
    double block_within; /* seconds */
    enum launch_transform transform;
    int k; /* comparable launches shown */
    int trees, depth, threads, folds;
    double eta;
    double coverage;     /* of the prediction interval */
    const char **hotfix; /* menu entries, NULL-terminated */
    char *model_dir;     /* resolved against the config */
};

/*
 * Read cfg->launches into *out.  Returns 0, or RSO_EUSAGE with one
 * positioned message (also when the config has no launches mapping).
 */
int launch_spec_parse(struct launch_spec *out, const struct rso_config *cfg);

void launch_spec_free(struct launch_spec *s);

/*
 * Check cfg's launches mapping, if any, as launch_spec_parse does; 0 when
 * there is none or it is fine, else RSO_EUSAGE.
 */
int launch_spec_check(const struct rso_config *cfg);

#endif
