#include <stdlib.h>

#include "stats/exposure.h"

static int ascending(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return (x > y) - (x < y);
}

double exposure_gini(long long *x, size_t n)
{
    double sum = 0, weighted = 0;

    if (n < 2)
        return 0;
    qsort(x, n, sizeof(*x), ascending);
    for (size_t i = 0; i < n; i++) {
        sum += (double)x[i];
        weighted += (2.0 * (double)(i + 1) - (double)n - 1) * (double)x[i];
    }
    return sum > 0 ? weighted / ((double)n * sum) : 0;
}
