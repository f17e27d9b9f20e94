/*
 * The audits end to end: the member's side (chosen items ranked low),
 * the item's side (new-item exposure, exposure concentration, catalog
 * coverage) and the coverage of logged slices, on logs with known
 * answers.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char *dir;

static void setup(void)
{
    dir = th_tmpdir();
    /* 10 plays: ranks 1..9 and one not served at all. */
    th_write(dir, "plays.csv",
             "member,item,rank\n"
             "u1,a,1\nu2,b,2\nu3,c,12\nu4,a,3\nu5,d,40\n"
             "u6,a,4\nu7,b,5\nu8,e,\nu9,a,6\nu10,b,7\n");
    /* 20 impressions: item n (launched 2026-11-28) gets 1, the rest go
     * to older items; a gets 12. */
    th_write(dir, "served.csv",
             "item,launch_date,country,device\n"
             "a,2024-01-01,fr,tv\na,2024-01-01,fr,tv\na,2024-01-01,fr,tv\n"
             "a,2024-01-01,fr,tv\na,2024-01-01,fr,tv\na,2024-01-01,fr,tv\n"
             "a,2024-01-01,fr,tv\na,2024-01-01,fr,tv\na,2024-01-01,fr,tv\n"
             "a,2024-01-01,fr,tv\na,2024-01-01,fr,web\na,2024-01-01,fr,web\n"
             "b,2025-06-01,fr,tv\nb,2025-06-01,fr,tv\nb,2025-06-01,de,tv\n"
             "c,2025-06-01,fr,tv\nc,2025-06-01,fr,tv\nc,2025-06-01,fr,tv\n"
             "d,2025-06-01,fr,tv\nn,2026-11-28,fr,tv\n");
    th_write(dir, "catalog.csv", "item_id\na\nb\nc\nd\nn\nx\ny\nz\n");
}

static void teardown(void)
{
    th_rmrf(dir);
    free(dir);
}

TestSuite(audits, .init = setup, .fini = teardown);

static void config(const char *checks)
{
    char *text;

    cr_assert(asprintf(&text,
                       "version: 1\n"
                       "sources:\n"
                       "  plays: { path: plays.csv }\n"
                       "  served: { path: served.csv }\n"
                       "  catalog: { path: catalog.csv, key: item_id }\n"
                       "checks:\n%s",
                       checks) > 0);
    th_write(dir, "recsysops.yml", text);
    free(text);
}

static char *gate(int want)
{
    struct th_run r;
    char *xml;

    th_rso(&r, dir, "gate -v --now 2026-12-01T00:00:00Z");
    cr_assert_eq(r.status, want, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert_not_null(xml);
    return xml;
}

Test(audits, chosen_rank_counts_low_and_unserved_choices)
{
    char *xml;

    config("  - id: chosen-rank\n    source: plays\n"
           "    rank: { column: rank, item: item, top: 10, "
           "max_outside: 25% }\n");
    xml = gate(1);
    /* 12, 40 and the unserved one: 3 of 10. */
    cr_assert(th_has(xml, "30.0% of chosen items were ranked outside the "
                          "top 10, above the maximum 25.0%"),
              "%s", xml);
    cr_assert(th_has(xml, "plays.csv:4: item = c ranked 12"), "%s", xml);
    cr_assert(th_has(xml, "plays.csv:9: item = e ranked (not served)"));
    cr_assert(th_has(xml, "classname=\"recsysops.audits.plays\""));
    free(xml);
    config("  - id: chosen-rank\n    source: plays\n"
           "    rank: { column: rank, top: 10, max_outside: 30% }\n");
    xml = gate(0);
    free(xml);
}

Test(audits, values_that_are_not_ranks_are_errors)
{
    char *xml;

    th_write(dir, "plays.csv",
             "member,item,rank\nu1,a,1\nu2,b,2.5\n"
             "u3,c,0\nu4,d,x\n");
    config("  - id: chosen-rank\n    source: plays\n"
           "    rank: { column: rank, top: 10, max_outside: 25% }\n");
    xml = gate(3);
    cr_assert(th_has(xml, "plays.csv:3: 3 values of 'rank' are not ranks "
                          "(whole numbers from 1); this is the first"),
              "%s", xml);
    free(xml);
}

Test(audits, new_items_need_their_share)
{
    char *xml;

    config("  - id: new-item-exposure\n    source: served\n"
           "    cold_start: { item: item, launched: launch_date, days: 7, "
           "min_share: 10% }\n");
    xml = gate(1);
    cr_assert(th_has(xml, "items launched in the last 7 days got 5.00% of "
                          "exposure, below the minimum 10.00%"),
              "%s", xml);
    cr_assert(th_has(xml, "1 items launched since 2026-11-24T00:00:00Z got "
                          "1 of 20 rows served"),
              "%s", xml);
    free(xml);
    /* Seen from before the launch, there is nothing new to audit. */
    {
        struct th_run r;

        th_rso(&r, dir, "gate --now 2026-11-27T00:00:00Z");
        cr_assert_eq(r.status, 0, "%s", r.out);
        th_run_free(&r);
        xml = th_read(dir, "reports/recsysops.xml");
        cr_assert(th_has(xml, "<skipped message=\"no served item launched "
                              "since 2026-11-20T00:00:00Z\"/>"),
                  "%s", xml);
        free(xml);
    }
}

Test(audits, bad_launch_dates_are_errors_with_their_row)
{
    char *xml;

    th_write(dir, "served.csv", "item,launch_date\na,2024-01-01\nb,soon\n");
    config("  - id: new-item-exposure\n    source: served\n"
           "    cold_start: { item: item, launched: launch_date, days: 7, "
           "min_share: 10% }\n");
    xml = gate(3);
    cr_assert(th_has(xml, "served.csv:3: 'soon' is not a date or time in "
                          "column 'launch_date'"),
              "%s", xml);
    free(xml);
}

Test(audits, exposure_concentration_and_catalog_coverage)
{
    char *xml;

    /* Exposure a=12 b=3 c=3 d=1 n=1 and x, y, z never: Gini over 8
     * items is (by hand) 108 / (8 * 20) = 0.675; 5 of 8 catalog items served.
     */
    config("  - id: exposure-bias\n    source: served\n"
           "    bias: { item: item, catalog: catalog, max_gini: 0.6, "
           "min_coverage: 50% }\n");
    xml = gate(1);
    cr_assert(th_has(xml, "exposure Gini 0.675, above the maximum 0.600"), "%s",
              xml);
    cr_assert(th_has(xml, "5 of 8 catalog items served at least once "
                          "(62.5%)"),
              "%s", xml);
    free(xml);
    config("  - id: exposure-bias\n    source: served\n"
           "    bias: { item: item, catalog: catalog, max_gini: 0.7, "
           "min_coverage: 70% }\n");
    xml = gate(1);
    cr_assert(th_has(xml, "62.5% of the catalog served, below the minimum "
                          "70.0%"),
              "%s", xml);
    free(xml);
}

Test(audits, bias_config_errors)
{
    struct th_run r;

    config("  - id: b\n    source: served\n"
           "    bias: { item: item, min_coverage: 50% }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "'min_coverage' of check 'b' needs 'catalog'"),
              "%s", r.err);
    th_run_free(&r);
    config("  - id: b\n    source: served\n"
           "    bias: { item: item, catalog: served, max_gini: 0.5 }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "source 'served' needs a 'key'"), "%s", r.err);
    th_run_free(&r);
}

Test(audits, thin_slices_are_listed)
{
    char *xml;

    config("  - id: log-coverage\n    source: served\n"
           "    coverage: { slices: [country, device], min_rows: 3 }\n");
    xml = gate(1);
    cr_assert(th_has(xml, "2 of 3 slices have fewer than 3 logged rows; the "
                          "thinnest, country=de, device=tv, has 1"),
              "%s", xml);
    cr_assert(th_has(xml, "country=fr, device=web: 2 rows"), "%s", xml);
    free(xml);
    config("  - id: log-coverage\n    source: served\n"
           "    coverage: { slices: [country], min_rows: 1 }\n");
    xml = gate(0);
    free(xml);
}
