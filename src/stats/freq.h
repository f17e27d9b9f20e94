/*
 * freq.h: value counts for categorical columns, in bounded memory.
 *
 * The first FREQ_MAX distinct values are counted exactly; a value first
 * seen after that is counted in 'other' only, so the counts are exact
 * for any column with at most FREQ_MAX distinct values (freq_complete
 * says whether that held).  Merging adds counts; values that do not fit
 * go to 'other'.
 *
 * A value is found by its hash, or, while the table holds at most 16
 * values, by comparing it with each as one word when it has 1 to 8
 * bytes (an accepted set of countries or devices): no hash, and no
 * branch the data decides.
 *
 * freq_new() returns a table the caller frees with freq_free() (NULL is
 * fine).  Values are copied.
 */
#ifndef RSO_FREQ_H
#define RSO_FREQ_H

#include <stddef.h>
#include <stdint.h>

#define FREQ_MAX 1024

struct freq_item {
    char *value;
    size_t len;
    long long count;
    long long first_row; /* the first row it was seen on */
    uint64_t hash;
    uint64_t word; /* a value of up to 8 bytes as one word (word_short) */
};

struct freq {
    struct freq_item *items; /* in first-seen order */
    size_t n;
    int *slots; /* hash table of item indexes, -1 free */
    size_t n_slots;
    long long total; /* every value added */
    long long other; /* values not tracked */
    size_t max;
};

struct freq *freq_new(size_t max);
void freq_free(struct freq *f);
void freq_add(struct freq *f, const char *s, size_t n, long long row);
void freq_add_count(struct freq *f, const char *s, size_t n, long long count,
                    long long row);
/* Fold b into a; b's rows are shift short of a's numbering. */
void freq_merge(struct freq *a, const struct freq *b, long long shift);
/* The item for s, or NULL. */
const struct freq_item *freq_get(const struct freq *f, const char *s, size_t n);
int freq_complete(const struct freq *f);
/* Up to k items by count (ties: first seen first); caller frees. */
size_t freq_top(const struct freq *f, size_t k, const struct freq_item ***out);

#endif
