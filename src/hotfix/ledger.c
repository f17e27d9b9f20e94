#include <stdlib.h>

#include "hotfix/ledger.h"

void hotfix_effects_free(struct hotfix_effect *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].check);
        free(v[i].statistic);
    }
    free(v);
}
