/*
 * checklist: score a team's checklist against a rubric (the ML Test Score
 * by default), verifying the evidence claimed for each test, and fail when
 * the score is below min_score.
 *
 *   checklist: { file: mlts.yml, min_score: 2, rubric: ml-test-score }
 *
 * One finding per rubric test, named by its id: passed with its points,
 * skipped when nothing is claimed, failed (as a warning) when the claimed
 * evidence does not verify.  Then one finding named after the rubric that
 * carries the check's severity and fails below min_score.  The kind is
 * late: 'check:' evidence reads the findings of the checks before it.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/kinds.h"
#include "checklist/checklist.h"
#include "checklist/rubric.h"
#include "checklist/score.h"
#include "util/buf.h"
#include "util/mem.h"

static void checklist_spec_free(void *p)
{
    struct checklist_check *s = p;

    if (!s)
        return;
    checklist_free(s->list);
    rubric_free(s->rubric);
    free(s);
}

/* The folder of the config that c was read from. */
static char *config_dir(const struct rso_check *c)
{
    const char *file = c->node->file, *slash = strrchr(file, '/');

    if (!slash)
        return xstrdup(".");
    return xstrndup(file, (size_t)(slash - file) + (slash == file));
}

static char *in_dir(const char *dir, const char *path)
{
    struct rso_buf b = RSO_BUF_INIT;

    if (path[0] == '/' || !strcmp(dir, "."))
        rso_buf_puts(&b, path);
    else
        rso_buf_printf(&b, "%s/%s", dir, path);
    return rso_buf_detach(&b);
}

static int checklist_parse_spec(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {"file", "min_score", "rubric", NULL};
    struct checklist_check *s = xcalloc(1, sizeof(*s));
    char *dir = NULL, *path = NULL;
    int rc;

    c->spec = s;
    s->rubric_name = "ml-test-score";
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "file")) ||
        (rc = spec_string(c, spec, "file", &s->file)) ||
        (rc = spec_string(c, spec, "rubric", &s->rubric_name)) ||
        (rc = spec_number(c, spec, "min_score", &s->min_score, &s->has_min)))
        return rc;
    if (s->has_min && s->min_score < 0)
        return ynode_fail(ynode_get(spec, "min_score"),
                          "'min_score' of check '%s' must be 0 or more", c->id);
    if (!rubric_is_builtin(s->rubric_name) && !strchr(s->rubric_name, '/') &&
        !strstr(s->rubric_name, ".y"))
        return ynode_fail(ynode_get(spec, "rubric"),
                          "unknown rubric '%s' in check '%s': name a "
                          "built-in (ml-test-score, recsysops) or a .yml "
                          "file",
                          s->rubric_name, c->id);
    dir = config_dir(c);
    path = in_dir(dir, s->file);
    /* A missing checklist is found at evaluation, like missing data. */
    if ((rc = rubric_load(&s->rubric, s->rubric_name, dir)) == 0 &&
        access(path, F_OK) == 0)
        rc = checklist_load(&s->list, path, s->rubric);
    free(dir);
    free(path);
    return rc;
}

static void add_test(struct rso_run *run, struct rso_check *c,
                     const struct score_row *row, const char *source)
{
    struct rso_finding *f =
        results_add(run->results, c, "checklist", row->test->id);
    char pts[32];

    free(f->source);
    f->source = xstrdup(source);
    f->severity = RSO_WARN;
    finding_prop(f, "title", "%s", row->test->title);
    if (!row->entry) {
        finding_set(f, RSO_SKIP, "not implemented: %s", row->test->title);
        return;
    }
    f->file = row->entry->ev.node->file;
    f->line = row->entry->ev.node->line;
    finding_prop(f, "evidence", "%s", row->v.claim);
    finding_prop(f, "points", "%s", fmt_num(pts, row->v.points));
    finding_value(f, "points", row->v.points);
    finding_set(f, row->v.verified ? RSO_PASS : RSO_FAIL, "%s", row->v.why);
    if (row->v.details.len)
        finding_detail(f, "%.*s", (int)row->v.details.len - 1,
                       rso_buf_str(&row->v.details));
}

static void add_total(struct rso_run *run, struct rso_check *c,
                      const struct checklist_check *s,
                      const struct scorecard *sc)
{
    const struct rubric *r = s->rubric;
    struct rso_finding *f = results_add(run->results, c, "checklist", r->id);
    char a[32], b[32];

    free(f->source);
    f->source = xstrdup(r->id);
    finding_value(f, "score", sc->final);
    finding_limit(f, "score", s->has_min ? &s->min_score : NULL, NULL);
    finding_prop(f, "score", "%s", fmt_num(a, sc->final));
    finding_prop(f, "band", "%s", sc->band->says);
    for (size_t i = 0; i < r->n_sections; i++)
        finding_prop(f, r->sections[i].id, "%s", fmt_num(a, sc->sums[i]));
    for (size_t i = 0; i < r->n_sections; i++)
        finding_detail(f, "%-10s %s", r->sections[i].id,
                       fmt_num(a, sc->sums[i]));
    if (s->has_min && sc->final < s->min_score)
        finding_set(f, RSO_FAIL,
                    "%s %s (weakest section: %s), below "
                    "min_score %s: %s",
                    r->title, fmt_num(a, sc->final),
                    r->sections[sc->weakest].id, fmt_num(b, s->min_score),
                    sc->band->says);
    else
        finding_set(f, RSO_PASS, "%s %s (weakest section: %s): %s", r->title,
                    fmt_num(a, sc->final), r->sections[sc->weakest].id,
                    sc->band->says);
}

static void checklist_eval(struct rso_check *c, struct rso_run *run)
{
    const struct checklist_check *s = c->spec;
    struct scorecard sc;
    struct ev_context ctx = {run->cfg->dir, run->git, run->now, run->cfg,
                             run->results};

    if (!s->list) {
        struct rso_finding *f =
            results_add(run->results, c, "checklist", s->rubric->id);

        finding_set(f, RSO_ERROR,
                    "the checklist '%s' does not exist; "
                    "write a starter with 'recsysops init "
                    "--checklist'",
                    s->file);
        return;
    }
    score_compute(&sc, s->rubric, s->list, &ctx);
    for (size_t i = 0; i < sc.n_rows; i++)
        add_test(run, c, &sc.rows[i], s->rubric->id);
    add_total(run, c, s, &sc);
    score_release(&sc);
}

const struct rso_kind kind_checklist = {
    .name = "checklist",
    .area = "checklist",
    .needs_source = 0,
    .late = 1,
    .parse = checklist_parse_spec,
    .free_spec = checklist_spec_free,
    .plan = NULL,
    .eval = checklist_eval,
};
