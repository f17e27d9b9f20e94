/*
 * exposure.h: how evenly exposure spreads over items.
 */
#ifndef RSO_EXPOSURE_H
#define RSO_EXPOSURE_H

#include <stddef.h>

/*
 * The Gini coefficient of n non-negative counts (sorted in place):
 *     G = sum_i (2i - n - 1) x_i / (n sum x),  i = 1..n ascending.
 * 0 when all are equal, (n - 1) / n when one holds everything.  Returns 0
 * for n < 2 or when every count is 0.
 */
double exposure_gini(long long *x, size_t n);

#endif
