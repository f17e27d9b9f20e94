#include <stdlib.h>
#include <string.h>

#include "checklist/score.h"
#include "util/mem.h"

void score_init(struct scorecard *out, const struct rubric *r)
{
    memset(out, 0, sizeof(*out));
    out->rubric = r;
    out->n_rows = r->n_tests;
    out->rows = xcalloc(r->n_tests ? r->n_tests : 1, sizeof(*out->rows));
    out->sums = xcalloc(r->n_sections ? r->n_sections : 1, sizeof(*out->sums));
    for (size_t i = 0; i < r->n_tests; i++)
        out->rows[i].test = &r->tests[i];
}

void score_totals(struct scorecard *sc)
{
    const struct rubric *r = sc->rubric;

    for (size_t s = 0; s < r->n_sections; s++)
        sc->sums[s] = 0;
    for (size_t i = 0; i < sc->n_rows; i++)
        sc->sums[sc->rows[i].test->section] += sc->rows[i].v.points;
    sc->weakest = 0;
    sc->final = r->n_sections ? sc->sums[0] : 0;
    for (size_t s = 1; s < r->n_sections; s++)
        if (sc->sums[s] < sc->final) {
            sc->final = sc->sums[s];
            sc->weakest = s;
        }
    sc->band = rubric_band(r, sc->final);
}

void score_compute(struct scorecard *out, const struct rubric *r,
                   const struct checklist *cl, const struct ev_context *ctx)
{
    score_init(out, r);
    for (size_t i = 0; i < out->n_rows; i++) {
        struct score_row *row = &out->rows[i];

        row->entry = checklist_entry(cl, row->test->id);
        if (row->entry)
            evidence_verify(&row->v, &row->entry->ev, ctx);
    }
    score_totals(out);
}

void score_release(struct scorecard *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_rows; i++)
        verdict_release(&sc->rows[i].v);
    free(sc->rows);
    free(sc->sums);
    memset(sc, 0, sizeof(*sc));
}
