/*
 * paths.c: path contributions from the model's trees, flattened.
 *
 * The arithmetic follows XGBoost's own (its RegTree's approximate
 * contributions): node means in single precision, left child then right,
 * and each tree's contributions summed apart before they are added to
 * the row's, so that the figures are the same to the last bit.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "launch/paths.h"
#include "util/err.h"
#include "util/mem.h"

/* A tree's path visits at most this many nodes (depth + 1). */
#define MAX_PATH 64

/* A node in 24 bytes: a step of a walk reads one cache line. */
struct node {
    int32_t left, right; /* global node indices; -1 at a leaf */
    uint32_t feat;
    float cond;     /* split condition, or the leaf's value */
    float mean;     /* the node's mean value */
    uint32_t dleft; /* a missing value goes left */
};

struct paths {
    size_t n_trees;
    size_t *root; /* the first node of each tree */
    struct node *node;
    float base; /* the base score, in margin space */
    uint32_t n_feat;
};

static int bad(const char *what)
{
    return rso_fail(RSO_EDATA, "the launch model's trees cannot be read: %s",
                    what);
}

/* The node means of the subtree at nid, as XGBoost fills them. */
static float fill_mean(struct paths *p, const float *hess, int32_t nid,
                       int depth)
{
    float m;

    const struct node *x = &p->node[nid];

    if (x->left < 0 || depth >= MAX_PATH)
        m = x->cond;
    else {
        m = fill_mean(p, hess, x->left, depth + 1) * hess[x->left];
        m += fill_mean(p, hess, x->right, depth + 1) * hess[x->right];
        m /= hess[nid];
    }
    p->node[nid].mean = m;
    return m;
}

static int array_of(json_t *tree, const char *key, size_t n, json_t **out)
{
    *out = json_object_get(tree, key);
    if (!json_is_array(*out) || json_array_size(*out) != n)
        return bad(key);
    return 0;
}

/* Append one tree's nodes at offset at; hess receives their sums. */
static int read_tree(struct paths *p, json_t *tree, size_t at, float *hess)
{
    json_t *l, *r, *f, *c, *d, *h, *t;
    size_t n = json_array_size(json_object_get(tree, "left_children"));
    int rc;

    if ((rc = array_of(tree, "left_children", n, &l)) ||
        (rc = array_of(tree, "right_children", n, &r)) ||
        (rc = array_of(tree, "split_indices", n, &f)) ||
        (rc = array_of(tree, "split_conditions", n, &c)) ||
        (rc = array_of(tree, "default_left", n, &d)) ||
        (rc = array_of(tree, "sum_hessian", n, &h)))
        return rc;
    /* Categorical splits walk differently: not handled here. */
    t = json_object_get(tree, "split_type");
    for (size_t i = 0; json_is_array(t) && i < json_array_size(t); i++)
        if (json_integer_value(json_array_get(t, i)) != 0)
            return bad("a categorical split");
    for (size_t i = 0; i < n; i++) {
        json_int_t li = json_integer_value(json_array_get(l, i));
        json_int_t ri = json_integer_value(json_array_get(r, i));
        json_int_t fi = json_integer_value(json_array_get(f, i));

        /* Walks stop at MAX_PATH steps, whatever the links say. */
        if (li >= (json_int_t)n || ri >= (json_int_t)n ||
            (li < 0) != (ri < 0) || fi < 0)
            return bad("a node out of place");
        if (li >= 0 && (uint32_t)fi >= p->n_feat)
            return bad("a split on an unknown feature");
        struct node *x = &p->node[at + i];

        x->left = li < 0 ? -1 : (int32_t)(at + (size_t)li);
        x->right = ri < 0 ? -1 : (int32_t)(at + (size_t)ri);
        x->feat = (uint32_t)fi;
        x->cond = (float)json_number_value(json_array_get(c, i));
        x->dleft = json_integer_value(json_array_get(d, i)) != 0;
        hess[at + i] = (float)json_number_value(json_array_get(h, i));
    }
    return n ? 0 : bad("an empty tree");
}

static int read_trees(struct paths *p, json_t *trees)
{
    size_t total = 0, at = 0;
    float *hess;
    int rc = 0;

    p->n_trees = json_array_size(trees);
    for (size_t i = 0; i < p->n_trees; i++)
        total += json_array_size(
            json_object_get(json_array_get(trees, i), "left_children"));
    p->root = xcalloc(p->n_trees + 1, sizeof(*p->root));
    p->node = xcalloc(total + 1, sizeof(*p->node));
    hess = xcalloc(total + 1, sizeof(*hess));
    for (size_t i = 0; rc == 0 && i < p->n_trees; i++) {
        json_t *tree = json_array_get(trees, i);

        p->root[i] = at;
        if ((rc = read_tree(p, tree, at, hess)) == 0) {
            fill_mean(p, hess, (int32_t)at, 0);
            at += json_array_size(json_object_get(tree, "left_children"));
        }
    }
    free(hess);
    return rc;
}

int paths_load(struct paths **out, const char *json, size_t len)
{
    json_t *doc = json_loadb(json, len, 0, NULL), *learner, *model, *param;
    struct paths *p = xcalloc(1, sizeof(*p));
    const char *base, *nf;
    int rc;

    learner = json_object_get(doc, "learner");
    model = json_object_get(
        json_object_get(json_object_get(learner, "gradient_booster"), "model"),
        "trees");
    param = json_object_get(learner, "learner_model_param");
    base = json_string_value(json_object_get(param, "base_score"));
    nf = json_string_value(json_object_get(param, "num_feature"));
    if (!json_is_array(model) || !base || !nf) {
        rc = bad("not a gbtree model");
    } else {
        p->base = (float)strtod(base, NULL);
        p->n_feat = (uint32_t)strtoul(nf, NULL, 10);
        rc = read_trees(p, model);
    }
    json_decref(doc);
    if (rc < 0) {
        paths_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void paths_contrib(const struct paths *p, const float *x, size_t ncols,
                   float *out)
{
    memset(out, 0, (ncols + 1) * sizeof(*out));
    for (size_t t = 0; t < p->n_trees; t++) {
        /* This tree's contributions, summed apart as XGBoost does. */
        uint32_t seen[MAX_PATH + 1];
        float sum[MAX_PATH + 1], node_value, bias;
        int32_t nid = (int32_t)p->root[t];
        size_t n_seen = 0;
        uint32_t split = 0;

        bias = node_value = p->node[nid].mean;
        for (int depth = 0; p->node[nid].left >= 0 && depth < MAX_PATH;
             depth++) {
            const struct node *at = &p->node[nid];
            float v = (split = at->feat) < ncols ? x[split] : NAN;
            size_t k;

            nid = isnan(v)       ? (at->dleft ? at->left : at->right)
                  : v < at->cond ? at->left
                                 : at->right;
            for (k = 0; k < n_seen && seen[k] != split; k++)
                ;
            if (k == n_seen) {
                seen[n_seen++] = split;
                sum[k] = 0;
            }
            sum[k] += p->node[nid].mean - node_value;
            node_value = p->node[nid].mean;
        }
        for (size_t k = 0; k < n_seen; k++)
            if (seen[k] < ncols)
                out[seen[k]] += sum[k];
        out[ncols] += bias;
    }
    out[ncols] += p->base;
}

void paths_free(struct paths *p)
{
    if (!p)
        return;
    free(p->root);
    free(p->node);
    free(p);
}
