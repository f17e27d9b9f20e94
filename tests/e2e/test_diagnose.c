/*
 * The peers check and `recsysops diagnose`: an item whose metadata
 * lacks a language is found among its peers and explained.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"

static char *dir;

static void setup(void)
{
    dir = th_tmpdir();
    th_write(dir, "catalog.csv",
             "item_id,genres,runtime,languages\n"
             "m1,Drama,100,en|fr\nm2,Drama|Family,104,en|de\n"
             "m3,Drama,98,en|es\nm4,Drama,101,fr|en\n"
             "m5,Drama,99,\nm6,Drama,102,en|ja\n"
             "h1,Horror,90,en\nh2,Horror,91,en\nh3,Horror,89,en\n"
             "h4,Horror,900,en\n");
    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  catalog: { path: catalog.csv, key: item_id }\n"
             "checks:\n"
             "  - id: catalog-peers\n"
             "    source: catalog\n"
             "    peers: { by: [genres], features: [runtime, languages], "
             "k: 5, max_z: 3.5 }\n");
}

static void teardown(void)
{
    th_rmrf(dir);
    free(dir);
}

TestSuite(diagnose, .init = setup, .fini = teardown);

Test(diagnose, the_check_names_outliers_worst_first)
{
    struct th_run r;
    char *xml;

    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 1, "%s\n%s", r.out, r.err);
    th_run_free(&r);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "2 feature values far from the item's peers"), "%s",
              xml);
    cr_assert(th_has(xml, "catalog.csv:6: m5 languages = 0, peers' median "
                          "2, MAD 0, z -inf (recsysops diagnose m5)"),
              "%s", xml);
    cr_assert(th_has(xml, "catalog.csv:11: h4 runtime = 900"), "%s", xml);
    free(xml);
}

Test(diagnose, explains_one_item)
{
    struct th_run r;

    th_rso(&r, dir, "diagnose m5");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(th_has(r.out, "item m5 (catalog.csv:6), against its 5 most "
                            "comparable items by genres"),
              "%s", r.out);
    cr_assert(th_has(r.out, "far from its peers"), "%s", r.out);
    cr_assert(th_has(r.out, "peers: m1 (1.00), m3 (1.00), m4 (1.00), "
                            "m6 (1.00), m2 (0.50)"),
              "%s", r.out);
    th_run_free(&r);
    th_rso(&r, dir, "diagnose m1 --format json");
    cr_assert_eq(r.status, 0);
    cr_assert(th_has(r.out, "\"outlier\": false"), "%s", r.out);
    cr_assert(!th_has(r.out, "\"outlier\": true"), "%s", r.out);
    th_run_free(&r);
}

Test(diagnose, errors)
{
    struct th_run r;

    th_rso(&r, dir, "diagnose nope");
    cr_assert_eq(r.status, 3);
    cr_assert(th_has(r.err, "no item 'nope' in 'catalog.csv'"), "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "diagnose");
    cr_assert_eq(r.status, 2);
    th_run_free(&r);
    th_rso(&r, dir, "diagnose m1 --check other");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "no check 'other'"), "%s", r.err);
    th_run_free(&r);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  catalog: { path: catalog.csv }\n"
             "checks:\n  - id: p\n    source: catalog\n"
             "    peers: { by: [genres], features: [runtime] }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2);
    cr_assert(th_has(r.err, "needs 'key'"), "%s", r.err);
    th_run_free(&r);
}
