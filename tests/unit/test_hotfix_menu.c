/*
 * The hotfix menu: the built-in entries, a team's file extending and
 * overriding them by id, and positioned errors for bad entries.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "hotfix/menu.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/units.h"

static const char *const defaults[] = {"serve-previous-model",
                                       "boost-new-item",
                                       "popularity-fallback",
                                       "override-feature-median",
                                       "hold-item",
                                       "rollback-data",
                                       "relax-threshold",
                                       NULL};

Test(hotfix_menu, builtin_holds_every_default_entry)
{
    struct hotfix_menu *m;
    const struct hotfix_entry *e;

    cr_assert_eq(hotfix_menu_load(&m, NULL), 0, "%s", rso_errmsg());
    for (size_t i = 0; defaults[i]; i++) {
        e = hotfix_menu_find(m, defaults[i]);
        cr_assert(e, "no default entry '%s'", defaults[i]);
        cr_assert_str_eq(e->origin, "built-in");
        cr_assert(e->tradeoffs.cost, "'%s' states no cost", e->id);
    }
    e = hotfix_menu_find(m, "relax-threshold");
    cr_assert(e->last_resort);
    cr_assert(e->apply.until, "relax-threshold must expire");
    cr_assert_eq(hotfix_menu_find(m, "boost-new-item")->apply.format,
                 HOTFIX_YAML);
    cr_assert_eq(hotfix_menu_find(m, "hold-item")->apply.format, HOTFIX_JSON);
    cr_assert_eq(hotfix_menu_find(m, "override-feature-median")->apply.format,
                 HOTFIX_CSV);
    hotfix_menu_free(m);
}

static const char team[] =
    "- id: boost-new-item\n"
    "  title: Boost through the editorial row\n"
    "  answers: [launch]\n"
    "  tradeoffs: { cost: \"ctr -0.2%\", time: 2h, reversible: true }\n"
    "  apply: { file: editorial/row.json, append: { id: \"{item}\" } }\n"
    "- { id: hold-item, disabled: true }\n"
    "- id: retrain-now\n"
    "  title: Retrain on yesterday's data\n"
    "  answers: [drift]\n"
    "  expires: 2026-12-31\n"
    "  tradeoffs: { cost: { ndcg: \"+0.5%\" }, reversible: false }\n"
    "  apply: { file: train.yml, set: { run: now } }\n";

Test(hotfix_menu, team_file_overrides_removes_and_adds_by_id)
{
    char *dir = th_tmpdir(), path[512];
    struct hotfix_menu *m;
    const struct hotfix_entry *e;
    struct rso_buf b = RSO_BUF_INIT;
    double t;

    th_write(dir, "hotfixes.yml", team);
    snprintf(path, sizeof(path), "%s/hotfixes.yml", dir);
    cr_assert_eq(hotfix_menu_load(&m, path), 0, "%s", rso_errmsg());
    cr_assert_eq(m->len, 7, "6 defaults kept or replaced, 1 added");
    e = hotfix_menu_find(m, "boost-new-item");
    cr_assert_str_eq(e->title, "Boost through the editorial row");
    cr_assert_str_eq(e->origin, path);
    cr_assert_eq(e->apply.format, HOTFIX_JSON);
    /* Replaced in place: the default's position is kept. */
    cr_assert_str_eq(m->items[1].id, "boost-new-item");
    cr_assert_null(hotfix_menu_find(m, "hold-item"));
    e = hotfix_menu_find(m, "retrain-now");
    cr_assert_str_eq(m->items[m->len - 1].id, "retrain-now");
    cr_assert_not(e->tradeoffs.reversible);
    units_timestamp("2026-12-31", &t);
    cr_assert_eq(e->expires, t);
    cr_assert_not(hotfix_expired(e, t - 1));
    cr_assert(hotfix_expired(e, t));
    hotfix_tradeoffs_line(e, &b);
    cr_assert_str_eq(rso_buf_str(&b), "cost: ndcg +0.5%; NOT reversible");
    rso_buf_release(&b);
    hotfix_menu_free(m);
    th_rmrf(dir);
    free(dir);
}

/* Load text as a menu and expect a failure whose message has want. */
static void refuse(const char *text, const char *want)
{
    struct hotfix_menu *m = NULL;

    cr_assert_eq(hotfix_menu_load_string(&m, "t.yml", text), RSO_EUSAGE,
                 "accepted: %s", text);
    cr_assert_null(m);
    cr_assert(th_has(rso_errmsg(), want), "message '%s' lacks '%s'",
              rso_errmsg(), want);
}

#define ENTRY_HEAD "- id: x\n  title: X\n  answers: [rows]\n"
#define TRADEOFFS "  tradeoffs: { cost: c, reversible: true }\n"

Test(hotfix_menu, bad_entries_fail_with_their_position)
{
    refuse(ENTRY_HEAD "  apply: { file: a.yml, set: { k: v } }\n",
           "t.yml:1:3: hotfix 'x' states no 'tradeoffs'");
    refuse(ENTRY_HEAD "  tradeoffs: { cost: c }\n"
                      "  apply: { file: a.yml, set: { k: v } }\n",
           "whether it is 'reversible'");
    refuse(ENTRY_HEAD TRADEOFFS "  aply: { file: a.yml }\n",
           "did you mean 'apply'");
    refuse(ENTRY_HEAD TRADEOFFS "  apply: { file: a.csv, set: { k: v } }\n",
           "t.yml:5:30: 'set' cannot edit a CSV file");
    refuse(ENTRY_HEAD TRADEOFFS "  apply: { file: a.txt, set: { k: v } }\n",
           "the file must end in");
    refuse(ENTRY_HEAD TRADEOFFS
           "  apply: { file: a.yml, set: { k: v }, append: { k: v } }\n",
           "exactly one of 'append' or 'set'");
    refuse(ENTRY_HEAD TRADEOFFS
           "  apply: { file: a.yml, append: { k: \"{item\" } }\n",
           "bad placeholder in '{item'");
    refuse(ENTRY_HEAD TRADEOFFS "  when: { severity: fatal }\n"
                                "  apply: { file: a.yml, set: { k: v } }\n",
           "'when.severity' is block or warn");
    refuse(ENTRY_HEAD TRADEOFFS
           "  apply: { file: a.yml, set: { k: v } }\n" ENTRY_HEAD TRADEOFFS
           "  apply: { file: a.yml, set: { k: v } }\n",
           "t.yml:6:7: hotfix 'x' is defined twice");
    refuse("{ id: x }\n", "a hotfix menu is a list of entries");
}

Test(hotfix_menu, values_to_set_must_be_plain)
{
    /* Found by fuzzing: loaded, then apply expanded a NULL template. */
    refuse(ENTRY_HEAD TRADEOFFS
           "  apply: { file: a.yml, set: { k: { j: v } } }\n",
           "t.yml:5:35: 'set' values must be plain");
    refuse(ENTRY_HEAD TRADEOFFS "  apply: { file: a.yml, set: { k: [v] } }\n",
           "t.yml:5:35: 'set' values must be plain");
}
