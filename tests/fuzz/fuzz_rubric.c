/*
 * libFuzzer target: any bytes as a team's rubric file.  The loader must
 * return 0 or a code with a message; a loaded rubric must answer band
 * and test lookups for any score.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "checklist/rubric.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double scores[] = {-1, 0, 0.5, 1, 2.5, 1e9, NAN, INFINITY};
    struct rubric *r = NULL;

    rso_err_clear();
    if (rubric_parse(&r, "fuzz.yml", (const char *)data, size) < 0) {
        if (!rso_errmsg()[0])
            abort(); /* a failure must always say why */
        return 0;
    }
    if (!r->n_tests || !r->n_bands || !r->n_sections)
        abort();
    for (size_t i = 0; i < sizeof(scores) / sizeof(scores[0]); i++)
        if (!rubric_band(r, scores[i])->says)
            abort();
    for (size_t i = 0; i < r->n_tests; i++)
        if (rubric_test(r, r->tests[i].id) != &r->tests[i] ||
            r->tests[i].section >= r->n_sections)
            abort();
    rubric_free(r);
    return 0;
}
