#include <string.h>

#include "check/check.h"
#include "checklist/starter.h"

/* Whether check c gives evidence for test t. */
static int wired(const struct rso_check *c, const struct rubric_test *t)
{
    if (c->kind->late || !t->kinds)
        return 0;
    for (size_t i = 0; t->kinds[i]; i++)
        if (!strcmp(t->kinds[i], c->kind->name))
            return 1;
    return 0;
}

static void test_line(struct rso_buf *out, const struct rso_config *cfg,
                      const struct rubric_test *t)
{
    struct rso_buf ids = RSO_BUF_INIT;

    for (size_t i = 0; i < cfg->n_checks; i++)
        if (wired(&cfg->checks[i], t))
            rso_buf_printf(&ids, "%s%s", ids.len ? ", " : "",
                           cfg->checks[i].id);
    rso_buf_printf(out, "\n# %s %s\n", t->id, t->title);
    if (ids.len)
        rso_buf_printf(out, "%s: { check: [%s] }\n", t->id, rso_buf_str(&ids));
    else
        rso_buf_printf(out,
                       "# %s: { manual: { by: NAME, on: YYYY-MM-DD, "
                       "every: 90d, link: URL } }\n",
                       t->id);
    rso_buf_release(&ids);
}

void checklist_starter(struct rso_buf *out, const struct rso_config *cfg,
                       const struct rubric *r)
{
    rso_buf_printf(out, "# %s checklist%s%s: rubric test id -> evidence.\n",
                   r->title, cfg->project ? " for " : "",
                   cfg->project ? cfg->project : "");
    rso_buf_puts(out,
                 "# Written by 'recsysops init --checklist'; see the score "
                 "with 'recsysops score'.\n"
                 "# Evidence, one per test:\n"
                 "#   check: ID             a check of this config passed "
                 "(1 point)\n"
                 "#   junit: PATH, cases: GLOB, min_cases: N\n"
                 "#                         another suite's cases passed "
                 "(1 point)\n"
                 "#   file: PATH, max_age: 180d\n"
                 "#                         a test file kept alive in git "
                 "(1 point)\n"
                 "#   workflow: PATH        CI runs it on a schedule "
                 "(1 point)\n"
                 "#   manual: { by, on, every, link }\n"
                 "#                         a person attests (half a "
                 "point until on + every)\n"
                 "# A test left commented out is not implemented: 0 "
                 "points.\n");
    for (size_t s = 0; s < r->n_sections; s++) {
        const struct rubric_section *sec = &r->sections[s];

        rso_buf_printf(out, "\n# --- %s: %s\n", sec->id, sec->title);
        for (size_t i = 0; i < sec->n; i++)
            test_line(out, cfg, &r->tests[sec->first + i]);
    }
}
