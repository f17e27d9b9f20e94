/*
 * fmap.c: choosing, typing and encoding the features.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "launch/fmap.h"
#include "scan/value.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"
#include "util/units.h"

/*
 * A decimal number such as "-12.375": digits with an optional sign and
 * point, at most 15 significant digits.  The digits as an integer
 * (exact below 2^53) divided by an exact power of ten is correctly
 * rounded (Clinger's fast path), so this agrees with strtod.  Anything
 * else goes to value_number.
 */
static int parse_number(const char *s, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
                                   1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15};
    const char *p = s + (*s == '-' || *s == '+');
    unsigned long long m = 0;
    int digits = 0, frac = -1;

    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            m = m * 10 + (unsigned)(*p - '0');
            digits++;
            frac += frac >= 0;
        } else if (*p == '.' && frac < 0) {
            frac = 0;
        } else {
            break;
        }
    }
    if (*p || !digits || digits > 15)
        return value_number(s, strlen(s), out);
    *out = (double)m / pow10[frac > 0 ? frac : 0];
    if (*s == '-')
        *out = -*out;
    return 0;
}

int fmap_date(const char *s, double *out_days)
{
    double t;

    if (!strchr(s, '-') || units_timestamp(s, &t) < 0)
        return -1;
    *out_days = t / 86400.0;
    return 0;
}

/* Calls fn for each '|'-separated word of s, blanks trimmed. */
static void for_words(const char *s, void (*fn)(void *, const char *, size_t),
                      void *ctx)
{
    while (*s) {
        const char *end = strchr(s, '|');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        const char *w = s;
        size_t wn = n;

        while (wn && (*w == ' ' || *w == '\t'))
            w++, wn--;
        while (wn && (w[wn - 1] == ' ' || w[wn - 1] == '\t'))
            wn--;
        if (wn)
            fn(ctx, w, wn);
        s += n + (end != NULL);
    }
}

/* Distinct words counted per column: rarer ones never enter the vocab. */
#define COUNT_MAX_WORDS 4096

struct count {
    char *word;
    long n;
};

struct counter {
    struct count *c;
    size_t len, cap;
};

static void count_word(void *ctx, const char *w, size_t n)
{
    struct counter *k = ctx;

    for (size_t i = 0; i < k->len; i++)
        if (strlen(k->c[i].word) == n && !memcmp(k->c[i].word, w, n)) {
            k->c[i].n++;
            return;
        }
    if (k->len >= COUNT_MAX_WORDS)
        return;
    RSO_GROW(k->c, k->cap, k->len + 1);
    k->c[k->len].word = xstrndup(w, n);
    k->c[k->len++].n = 1;
}

static int count_cmp(const void *a, const void *b)
{
    const struct count *x = a, *y = b;

    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->word, y->word);
}

/* Vocabulary of column col: words seen twice or more, most frequent. */
static void build_vocab(struct feature *f, const struct launch_table *t,
                        size_t col)
{
    struct counter k = {NULL, 0, 0};

    for (size_t r = 0; r < t->nrow; r++) {
        const char *s = table_get(t, r, col);

        if (!s)
            continue;
        if (f->type == FEAT_MULTI)
            for_words(s, count_word, &k);
        else
            count_word(&k, s, strlen(s));
    }
    qsort(k.c, k.len, sizeof(*k.c), count_cmp);
    f->vocab = xcalloc(k.len + 1, sizeof(*f->vocab));
    for (size_t i = 0; i < k.len; i++) {
        if (f->n_vocab < FMAP_MAX_VOCAB && (k.c[i].n >= 2 || i == 0))
            f->vocab[f->n_vocab++] = k.c[i].word;
        else
            free(k.c[i].word);
    }
    free(k.c);
}

/* Infer the type of column col; RSO_EDATA when it holds no value. */
static int infer_type(struct feature *f, const struct launch_table *t,
                      size_t col)
{
    long present = 0, numeric = 0, dates = 0, multi = 0;
    double v, sum = 0, sum2 = 0;

    for (size_t r = 0; r < t->nrow; r++) {
        const char *s = table_get(t, r, col);

        if (!s)
            continue;
        present++;
        if (numeric + 1 == present && parse_number(s, &v) == 0 && isfinite(v)) {
            numeric++;
            sum += v;
            sum2 += v * v;
        } else if (fmap_date(s, &v) == 0) {
            dates++;
        }
        if (strchr(s, '|'))
            multi++;
    }
    if (!present)
        return rso_fail(RSO_EDATA,
                        "%s:1: column '%s' is empty in every "
                        "row; a feature needs values",
                        t->src->resolved, f->name);
    f->type = numeric == present ? FEAT_NUMBER
              : dates == present ? FEAT_DATE
              : multi            ? FEAT_MULTI
                                 : FEAT_CATEGORY;
    if (f->type == FEAT_CATEGORY || f->type == FEAT_MULTI) {
        build_vocab(f, t, col);
        f->width = f->n_vocab;
        return 0;
    }
    /* Mean and standard deviation (sums of v and v^2; n >= 1 here). */
    for (size_t r = 0; f->type == FEAT_DATE && r < t->nrow; r++) {
        const char *s = table_get(t, r, col);

        if (s && fmap_date(s, &v) == 0) {
            sum += v;
            sum2 += v * v;
        }
    }
    f->mean = sum / (double)present;
    f->sd = sqrt(fmax(sum2 / (double)present - f->mean * f->mean, 0));
    f->width = 1;
    return 0;
}

static int is_listed(const char *name, const char *const *list)
{
    for (size_t i = 0; list && list[i]; i++)
        if (!strcmp(name, list[i]))
            return 1;
    return 0;
}

static int check_named(const struct launch_spec *spec,
                       const struct launch_table *hist,
                       const struct launch_table *upc, size_t i)
{
    const char *name = spec->features[i];
    const struct launch_table *t = table_column(hist, name) < 0  ? hist
                                   : table_column(upc, name) < 0 ? upc
                                                                 : NULL;
    const char *hint;

    if (!t)
        return 0;
    hint = text_suggest(name, (const char *const *)t->names);
    return ynode_fail(spec->feature_nodes[i],
                      "unknown feature '%s': '%s' has no such column%s%s%s",
                      name, t->src->path ? t->src->path : t->src->resolved,
                      hint ? " (did you mean '" : "", hint ? hint : "",
                      hint ? "'?)" : "");
}

int fmap_names(const char ***out, size_t *n, const struct launch_spec *spec,
               const struct launch_table *hist, const struct launch_table *upc)
{
    const char **v;
    int rc;

    if (spec->features) {
        for (size_t i = 0; i < spec->n_features; i++)
            if ((rc = check_named(spec, hist, upc, i)))
                return rc;
        *out = xcalloc(spec->n_features + 1, sizeof(**out));
        memcpy(*out, spec->features, spec->n_features * sizeof(**out));
        *n = spec->n_features;
        return 0;
    }
    v = xcalloc(hist->ncol + 1, sizeof(*v));
    *n = 0;
    for (size_t c = 0; c < hist->ncol; c++) {
        const char *name = hist->names[c];

        if (strcmp(name, spec->key) && strcmp(name, spec->date) &&
            strcmp(name, spec->target) && !is_listed(name, spec->ignore) &&
            table_column(upc, name) >= 0)
            v[(*n)++] = name;
    }
    *out = v;
    if (!*n)
        return ynode_fail(spec->node, "'launches' has no feature: no "
                                      "column but key, date and target is "
                                      "in both tables");
    return 0;
}

int fmap_build(struct fmap *m, const struct launch_spec *spec,
               const struct launch_table *hist, const struct launch_table *upc)
{
    const char **names = NULL;
    size_t n = 0;
    int rc;

    memset(m, 0, sizeof(*m));
    if ((rc = fmap_names(&names, &n, spec, hist, upc)))
        goto done;
    m->f = xcalloc(n, sizeof(*m->f));
    for (size_t i = 0; i < n; i++) {
        struct feature *f = &m->f[m->n++];

        f->name = xstrdup(names[i]);
        if ((rc = infer_type(f, hist, (size_t)table_column(hist, names[i]))))
            goto done;
        f->first = m->ncols;
        m->ncols += f->width;
    }
done:
    free(names);
    return rc;
}

struct hot {
    const struct feature *f;
    float *row;
};

static void set_word(void *ctx, const char *w, size_t n)
{
    struct hot *h = ctx;

    for (size_t i = 0; i < h->f->n_vocab; i++)
        if (strlen(h->f->vocab[i]) == n && !memcmp(h->f->vocab[i], w, n))
            h->row[h->f->first + i] = 1;
}

static int encode_one(const struct feature *f, const struct launch_table *t,
                      size_t r, size_t col, float *row)
{
    const char *s = table_get(t, r, col);
    struct hot h = {f, row};
    double v;

    if (!s) {
        for (size_t i = 0; i < f->width; i++)
            row[f->first + i] = NAN;
        return 0;
    }
    switch (f->type) {
    case FEAT_NUMBER:
        if (parse_number(s, &v) < 0 || !isfinite(v))
            return rso_fail(RSO_EDATA,
                            "%s:%lld: '%s' in column '%s' is "
                            "not a number",
                            t->src->resolved, t->line[r], s, f->name);
        row[f->first] = (float)v;
        return 0;
    case FEAT_DATE:
        if (fmap_date(s, &v) < 0)
            return rso_fail(RSO_EDATA,
                            "%s:%lld: '%s' in column '%s' is "
                            "not a date",
                            t->src->resolved, t->line[r], s, f->name);
        row[f->first] = (float)v;
        return 0;
    case FEAT_MULTI:
        for_words(s, set_word, &h);
        return 0;
    case FEAT_CATEGORY:
        set_word(&h, s, strlen(s));
        return 0;
    }
    return 0;
}

int fmap_encode(float **out, const struct fmap *m, const struct launch_table *t,
                const size_t *rows, size_t n)
{
    long *cols = xcalloc(m->n + 1, sizeof(*cols));
    float *x = xcalloc(n * m->ncols + 1, sizeof(*x));
    int rc = 0;

    for (size_t i = 0; i < m->n; i++)
        if ((cols[i] = table_column(t, m->f[i].name)) < 0) {
            rc = rso_fail(RSO_EDATA,
                          "%s:1: no column '%s' (a feature of "
                          "the model)",
                          t->src->resolved, m->f[i].name);
            goto done;
        }
    for (size_t k = 0; k < n; k++) {
        size_t r = rows ? rows[k] : k;

        for (size_t i = 0; i < m->n; i++)
            if ((rc = encode_one(&m->f[i], t, r, (size_t)cols[i],
                                 x + k * m->ncols)))
                goto done;
    }
done:
    free(cols);
    if (rc) {
        free(x);
        return rc;
    }
    *out = x;
    return 0;
}

size_t fmap_feature_of(const struct fmap *m, size_t col)
{
    for (size_t i = 0; i < m->n; i++)
        if (col >= m->f[i].first && col < m->f[i].first + m->f[i].width)
            return i;
    return m->n;
}

static const char *const type_names[] = {"number", "date", "category", "multi"};

json_t *fmap_to_json(const struct fmap *m)
{
    json_t *feats = json_array();

    for (size_t i = 0; i < m->n; i++) {
        const struct feature *f = &m->f[i];
        json_t *vocab = json_array();

        for (size_t j = 0; j < f->n_vocab; j++)
            json_array_append_new(vocab, json_string(f->vocab[j]));
        json_array_append_new(
            feats, json_pack("{s:s, s:s, s:f, s:f, s:o}", "name", f->name,
                             "type", type_names[f->type], "mean", f->mean, "sd",
                             f->sd, "vocab", vocab));
    }
    return json_pack("{s:b, s:o}", "log1p", m->log1p, "features", feats);
}

static int feature_from_json(struct feature *f, const json_t *j)
{
    const char *name, *type;
    json_t *vocab;
    int t = 0;

    if (json_unpack((json_t *)j, "{s:s, s:s, s:F, s:F, s:o}", "name", &name,
                    "type", &type, "mean", &f->mean, "sd", &f->sd, "vocab",
                    &vocab) ||
        !json_is_array(vocab))
        return -1;
    f->name = xstrdup(name);
    while (t < 4 && strcmp(type, type_names[t]))
        t++;
    if (t == 4)
        return -1;
    f->type = (enum feat_type)t;
    f->n_vocab = json_array_size(vocab);
    f->vocab = xcalloc(f->n_vocab + 1, sizeof(*f->vocab));
    for (size_t i = 0; i < f->n_vocab; i++) {
        const char *w = json_string_value(json_array_get(vocab, i));

        if (!w)
            return -1;
        f->vocab[i] = xstrdup(w);
    }
    f->width = f->type == FEAT_NUMBER || f->type == FEAT_DATE ? 1 : f->n_vocab;
    return 0;
}

int fmap_from_json(struct fmap *m, const json_t *j)
{
    json_t *feats;
    int log1p;

    memset(m, 0, sizeof(*m));
    if (json_unpack((json_t *)j, "{s:b, s:o}", "log1p", &log1p, "features",
                    &feats) ||
        !json_is_array(feats))
        return rso_fail(RSO_EDATA, "the saved feature map is malformed");
    m->log1p = log1p;
    m->f = xcalloc(json_array_size(feats) + 1, sizeof(*m->f));
    for (size_t i = 0; i < json_array_size(feats); i++) {
        struct feature *f = &m->f[m->n++];

        if (feature_from_json(f, json_array_get(feats, i)) < 0)
            return rso_fail(RSO_EDATA, "the saved feature map is "
                                       "malformed");
        f->first = m->ncols;
        m->ncols += f->width;
    }
    return 0;
}

int fmap_equal(const struct fmap *a, const struct fmap *b)
{
    if (a->n != b->n || a->ncols != b->ncols || a->log1p != b->log1p)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const struct feature *x = &a->f[i], *y = &b->f[i];

        if (strcmp(x->name, y->name) || x->type != y->type ||
            x->n_vocab != y->n_vocab)
            return 0;
        for (size_t j = 0; j < x->n_vocab; j++)
            if (strcmp(x->vocab[j], y->vocab[j]))
                return 0;
    }
    return 1;
}

void fmap_free(struct fmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        for (size_t j = 0; j < m->f[i].n_vocab; j++)
            free(m->f[i].vocab[j]);
        free(m->f[i].vocab);
        free(m->f[i].name);
    }
    free(m->f);
    memset(m, 0, sizeof(*m));
}
