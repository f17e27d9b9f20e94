#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose/peers.h"
#include "scan/value.h"
#include "util/buf.h"
#include "util/mem.h"

void peers_table_init(struct peers_table *t, size_t n_by, size_t n_feat)
{
    memset(t, 0, sizeof(*t));
    t->n_by = n_by;
    t->n_feat = n_feat;
    t->is_list = xcalloc(n_feat ? n_feat : 1, 1);
}

void peers_table_free(struct peers_table *t)
{
    for (size_t i = 0; i < t->len; i++) {
        free(t->keys[i]);
        for (size_t j = 0; j < t->n_by; j++)
            free(t->by[i][j]);
        free(t->by[i]);
    }
    free(t->keys);
    free(t->by);
    free(t->feat);
    free(t->lines);
    free(t->is_list);
    memset(t, 0, sizeof(*t));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The '|'-separated values of s as a sorted, '\x1f'-joined set. */
static char *value_set(const char *s, size_t n)
{
    struct rso_buf b = RSO_BUF_INIT;
    char *copy = xstrndup(s ? s : "", s ? n : 0), *save = NULL, *tok;
    char **v = NULL;
    size_t len = 0, cap = 0;

    for (tok = strtok_r(copy, "|", &save); tok;
         tok = strtok_r(NULL, "|", &save)) {
        while (*tok == ' ')
            tok++;
        if (!*tok)
            continue;
        RSO_GROW(v, cap, len + 1);
        v[len++] = tok;
    }
    if (len)
        qsort(v, len, sizeof(*v), cmp_str);
    for (size_t i = 0; i < len; i++) {
        if (i && !strcmp(v[i], v[i - 1]))
            continue;
        if (b.len)
            rso_buf_putc(&b, '\x1f');
        rso_buf_puts(&b, v[i]);
    }
    free(v);
    free(copy);
    return rso_buf_detach(&b);
}

/*
 * A feature's number: the value itself, or how many values it lists (and
 * *is_list set).
 */
static double feature_value(const char *s, size_t n, unsigned char *is_list)
{
    double v;
    size_t count = 0;
    int in_value = 0;

    if (!s)
        return NAN;
    if (value_number(s, n, &v) == 0)
        return v;
    *is_list = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '|') {
            in_value = 0;
        } else if (s[i] != ' ' && !in_value) {
            in_value = 1;
            count++;
        }
    }
    return (double)count;
}

void peers_table_add(struct peers_table *t, const char *key, size_t key_len,
                     const char *const *by, const size_t *by_len,
                     const char *const *feat, const size_t *feat_len,
                     long long line)
{
    size_t i = t->len;

    if (i == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->keys = xrealloc(t->keys, t->cap * sizeof(*t->keys));
        t->by = xrealloc(t->by, t->cap * sizeof(*t->by));
        t->lines = xrealloc(t->lines, t->cap * sizeof(*t->lines));
        t->feat = xrealloc(t->feat, t->cap * (t->n_feat ? t->n_feat : 1) *
                                        sizeof(*t->feat));
    }
    t->keys[i] = xstrndup(key, key_len);
    t->by[i] = xcalloc(t->n_by ? t->n_by : 1, sizeof(char *));
    for (size_t j = 0; j < t->n_by; j++)
        t->by[i][j] = value_set(by[j], by_len[j]);
    for (size_t j = 0; j < t->n_feat; j++)
        t->feat[i * t->n_feat + j] =
            feature_value(feat[j], feat_len[j], &t->is_list[j]);
    t->lines[i] = line;
    t->len++;
}

long peers_find(const struct peers_table *t, const char *key)
{
    for (size_t i = 0; i < t->len; i++)
        if (!strcmp(t->keys[i], key))
            return (long)i;
    return -1;
}

/* Feature j of row: a missing value in a list column is an empty list. */
static double feature_at(const struct peers_table *t, size_t row, size_t j)
{
    double v = t->feat[row * t->n_feat + j];

    return isnan(v) && t->is_list[j] ? 0 : v;
}

/* Jaccard index of two '\x1f'-joined sorted sets; 0 when both empty. */
static double jaccard(const char *a, const char *b)
{
    size_t inter = 0, na = 0, nb = 0;
    const char *p = a, *q = b;

    if (!*a || !*b)
        return 0;
    while (*p || *q) {
        const char *pe = *p ? strchr(p, '\x1f') : p;
        const char *qe = *q ? strchr(q, '\x1f') : q;
        size_t pl, ql;
        int c;

        pe = pe ? pe : p + strlen(p);
        qe = qe ? qe : q + strlen(q);
        pl = (size_t)(pe - p);
        ql = (size_t)(qe - q);
        if (!*p)
            c = 1;
        else if (!*q)
            c = -1;
        else {
            c = strncmp(p, q, pl < ql ? pl : ql);
            if (c == 0)
                c = (pl > ql) - (pl < ql);
        }
        if (c <= 0)
            na++;
        if (c >= 0)
            nb++;
        if (c == 0)
            inter++;
        if (c <= 0)
            p = *pe ? pe + 1 : pe;
        if (c >= 0)
            q = *qe ? qe + 1 : qe;
    }
    return (double)inter / (double)(na + nb - inter);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median_sorted(const double *v, size_t n)
{
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void peers_median_mad(const double *v, size_t n, double *median, double *mad)
{
    double *w = xcalloc(n ? n : 1, sizeof(double));
    size_t m = 0;

    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            w[m++] = v[i];
    if (m == 0) {
        *median = *mad = NAN;
        free(w);
        return;
    }
    qsort(w, m, sizeof(double), cmp_double);
    *median = median_sorted(w, m);
    for (size_t i = 0; i < m; i++)
        w[i] = fabs(w[i] - *median);
    qsort(w, m, sizeof(double), cmp_double);
    *mad = median_sorted(w, m);
    free(w);
}

struct scored {
    size_t row;
    double sim;
};

static int by_similarity(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;

    if (x->sim != y->sim)
        return x->sim > y->sim ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

void peers_compare(const struct peers_table *t, size_t row, size_t k,
                   struct peers_result *out)
{
    struct scored *s = xcalloc(t->len ? t->len : 1, sizeof(*s));
    size_t n = 0;
    double *vals;

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < t->len; i++) {
        double sim = 0;

        if (i == row)
            continue;
        for (size_t j = 0; j < t->n_by; j++)
            sim += jaccard(t->by[row][j], t->by[i][j]);
        if (sim > 0 || t->n_by == 0) {
            s[n].row = i;
            s[n].sim = sim;
            n++;
        }
    }
    qsort(s, n, sizeof(*s), by_similarity);
    out->n_peers = n < k ? n : k;
    out->peers = xcalloc(out->n_peers + 1, sizeof(size_t));
    out->similarity = xcalloc(out->n_peers + 1, sizeof(double));
    for (size_t i = 0; i < out->n_peers; i++) {
        out->peers[i] = s[i].row;
        out->similarity[i] = s[i].sim;
    }
    free(s);
    out->features = xcalloc(t->n_feat ? t->n_feat : 1, sizeof(*out->features));
    vals = xcalloc(out->n_peers + 1, sizeof(double));
    for (size_t j = 0; j < t->n_feat; j++) {
        struct peers_feature *f = &out->features[j];
        double x = feature_at(t, row, j);

        f->n = 0;
        for (size_t i = 0; i < out->n_peers; i++) {
            vals[i] = feature_at(t, out->peers[i], j);
            f->n += !isnan(vals[i]);
        }
        peers_median_mad(vals, out->n_peers, &f->median, &f->mad);
        f->value = x;
        if (f->n < 3 || isnan(x))
            f->z = NAN;
        else if (f->mad == 0)
            f->z = x == f->median ? 0 : (x > f->median ? INFINITY : -INFINITY);
        else
            f->z = (x - f->median) / (1.4826 * f->mad);
    }
    free(vals);
}

void peers_result_release(struct peers_result *r)
{
    free(r->peers);
    free(r->similarity);
    free(r->features);
    memset(r, 0, sizeof(*r));
}
