/*
 * Placeholders of apply actions, with a fixed clock.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "helpers.h"
#include "hotfix/template.h"
#include "util/err.h"
#include "util/units.h"

static void expand(struct hotfix_vars *v, const char *tmpl, const char *want)
{
    struct rso_buf b = RSO_BUF_INIT;

    cr_assert_eq(hotfix_expand(v, tmpl, &b), 0, "%s", rso_errmsg());
    cr_assert_str_eq(rso_buf_str(&b), want, "template '%s'", tmpl);
    rso_buf_release(&b);
}

static void refuse(struct hotfix_vars *v, const char *tmpl, const char *want)
{
    struct rso_buf b = RSO_BUF_INIT;

    cr_assert_eq(hotfix_expand(v, tmpl, &b), RSO_EUSAGE, "'%s'", tmpl);
    cr_assert(th_has(rso_errmsg(), want), "'%s' lacks '%s'", rso_errmsg(),
              want);
    rso_buf_release(&b);
}

Test(hotfix_template, dates_move_from_a_fixed_clock)
{
    struct hotfix_vars v = {.entry = "e"};

    units_timestamp("2026-12-01T06:00:00Z", &v.now);
    cr_assert_eq(hotfix_vars_parse(&v, "launch=2026-12-10"), 0);
    cr_assert_eq(hotfix_vars_parse(&v, "item-id=tt 42"), 0);
    hotfix_vars_set(&v, "item", "tt42");
    expand(&v, "{now}", "2026-12-01T06:00:00Z");
    expand(&v, "{now+3d}", "2026-12-04T06:00:00Z");
    expand(&v, "until {now-12h}!", "until 2026-11-30T18:00:00Z!");
    expand(&v, "{launch+7d}", "2026-12-17");
    expand(&v, "{launch+12h}", "2026-12-10T12:00:00Z");
    expand(&v, "{item}/{item-id}", "tt42/tt 42");
    expand(&v, "no placeholder", "no placeholder");
    hotfix_vars_release(&v);
}

Test(hotfix_template, missing_and_bad_values_are_refused)
{
    struct hotfix_vars v = {.entry = "boost"};

    hotfix_vars_set(&v, "launch", "soon");
    refuse(&v, "{item}",
           "hotfix 'boost' needs a value for {item}: pass "
           "--item ID");
    refuse(&v, "{slice}", "pass --set slice=VALUE");
    refuse(&v, "{launch+7d}", "needs a time, and launch is 'soon'");
    refuse(&v, "{now+7x}", "'7x' in '{now+7x}' is not a duration");
    refuse(&v, "{now", "unclosed placeholder");
    cr_assert_eq(hotfix_vars_parse(&v, "novalue"), RSO_EUSAGE);
    cr_assert_eq(hotfix_vars_parse(&v, "=v"), RSO_EUSAGE);
    hotfix_vars_release(&v);
}

Test(hotfix_template, a_time_moved_past_the_calendar_is_refused)
{
    struct hotfix_vars v = {.entry = "e"};

    /* gmtime failed on such times, and garbage was written as a date. */
    hotfix_vars_set(&v, "launch", "2026-12-01");
    hotfix_vars_set(&v, "far", "1e300");
    refuse(&v, "{launch+9999999999999d}",
           "hotfix 'e': '{launch+9999999999999d}' is a time outside the "
           "years 1 to 9999");
    refuse(&v, "{launch-999999999d}", "outside the years 1 to 9999");
    refuse(&v, "{far+1d}", "outside the years 1 to 9999");
    expand(&v, "{launch+2000000d}", "7502-09-25");
    hotfix_vars_release(&v);
}
