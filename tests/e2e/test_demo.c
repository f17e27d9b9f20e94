/*
 * The bundled demo project, run through the real binary: one blocking
 * check fails, the others pass, and the reports say so.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"

Test(demo, blocks_on_ndcg_and_passes_the_rest)
{
    char *dir = th_tmpdir(), *xml;
    struct th_run r;

    th_sh(&r, dir, "cp -r '%s/fixtures/demo/.' .", th_top());
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "gate --now 2026-12-01T06:00:00Z");
    cr_assert_eq(r.status, 1, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "BLOCK metrics/ndcg"), "%s", r.out);
    cr_assert(th_has(r.out, "verdict: blocked"), "%s", r.out);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(xml, "no JUnit report written");
    cr_assert(th_has(xml, "<testcase name=\"ndcg\" "
                          "classname=\"recsysops.metrics.metrics\""));
    cr_assert(th_has(xml, "<failure type=\"block\""));
    free(xml);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}
