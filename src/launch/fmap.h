/*
 * fmap.h: the feature map: which columns feed the model and how each
 * becomes numbers.
 *
 * Types are inferred from the history: a column whose every value is a
 * number is numeric; every value an ISO date, a date (encoded as days
 * since 1970-01-01); any value holding '|', multi-valued ("Action|Comedy",
 * one 0/1 column per word of its vocabulary); anything else categorical
 * (one 0/1 column per category).  The vocabulary is the history's values
 * seen at least twice, most frequent first (ties by name), at most
 * FMAP_MAX_VOCAB.  A missing value stays missing (NaN in every column of
 * its feature); a category outside the vocabulary is all zeros.
 *
 * The map owns its names and vocabularies; fmap_free() frees them.
 */
#ifndef RSO_LAUNCH_FMAP_H
#define RSO_LAUNCH_FMAP_H

#include <jansson.h>
#include <stddef.h>

#include "launch/spec.h"
#include "launch/table.h"

#define FMAP_MAX_VOCAB 100

enum feat_type { FEAT_NUMBER, FEAT_DATE, FEAT_CATEGORY, FEAT_MULTI };

struct feature {
    char *name;
    enum feat_type type;
    char **vocab;
    size_t n_vocab;
    size_t first, width; /* encoded columns [first, first + width) */
    double mean, sd;     /* numeric and date: for distances */
};

struct fmap {
    struct feature *f;
    size_t n;
    size_t ncols; /* encoded columns */
    int log1p;    /* the target is modelled as log1p(y) */
};

/*
 * Build the map from the history: choose the features (spec->features,
 * or every column of both tables but key, date, target and ignore),
 * infer types and vocabularies.  Fails with RSO_EUSAGE at the feature's
 * config node for an unknown feature, RSO_EDATA for a feature without
 * any value in the history.
 */
int fmap_build(struct fmap *out, const struct launch_spec *spec,
               const struct launch_table *hist, const struct launch_table *upc);

/*
 * Only choose the features (as fmap_build does, with the same errors):
 * a NULL-terminated array of names borrowed from spec or hist, which the
 * caller frees.
 */
int fmap_names(const char ***out, size_t *n, const struct launch_spec *spec,
               const struct launch_table *hist, const struct launch_table *upc);

/*
 * Encode rows of t (all when rows is NULL, else the n listed) into a
 * row-major float matrix of n x ncols, which the caller frees.  Fails
 * with RSO_EDATA at "file:line" for a missing column or a value of the
 * wrong type.
 */
int fmap_encode(float **out, const struct fmap *m, const struct launch_table *t,
                const size_t *rows, size_t n);

/* The feature whose encoded columns hold col. */
size_t fmap_feature_of(const struct fmap *m, size_t col);

/* As JSON (for the saved model), and back.  fmap_from_json: RSO_EDATA. */
json_t *fmap_to_json(const struct fmap *m);
int fmap_from_json(struct fmap *out, const json_t *j);

/* Whether two maps encode the same way. */
int fmap_equal(const struct fmap *a, const struct fmap *b);

void fmap_free(struct fmap *m);

/* Parse a date field as days since the epoch; -1 when not a date. */
int fmap_date(const char *s, double *out_days);

#endif
