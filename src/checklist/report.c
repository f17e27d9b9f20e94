#include <jansson.h>
#include <string.h>

#include "check/kinds.h"
#include "checklist/report.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jtext.h"
#include "util/text.h"

int score_format_parse(const char *s, enum score_format *out)
{
    if (!s || !strcmp(s, "text"))
        *out = SCORE_TEXT;
    else if (!strcmp(s, "markdown") || !strcmp(s, "md"))
        *out = SCORE_MARKDOWN;
    else if (!strcmp(s, "json"))
        *out = SCORE_JSON;
    else
        return rso_fail(RSO_EUSAGE,
                        "--format takes text, markdown or "
                        "json, not '%s'",
                        s);
    return 0;
}

int score_below(const struct scorecard *sc, const struct checklist_check *spec)
{
    return spec->has_min && sc->final < spec->min_score;
}

static const char *status_of(const struct score_row *row)
{
    if (!row->entry)
        return "not implemented";
    return row->v.verified ? "verified" : "not verified";
}

static const char *why_of(const struct score_row *row)
{
    return row->entry ? row->v.why : "not implemented";
}

static const char *section_id(const struct scorecard *sc,
                              const struct score_row *row)
{
    return sc->rubric->sections[row->test->section].id;
}

static void verdict_line(struct rso_buf *out, const struct scorecard *sc,
                         const struct checklist_check *spec)
{
    char a[32], b[32];

    rso_buf_printf(out,
                   "final score: %s (the minimum over the sections; "
                   "weakest: %s)",
                   fmt_num(a, sc->final), sc->rubric->sections[sc->weakest].id);
    if (spec->has_min)
        rso_buf_printf(out, ", %s min_score %s",
                       score_below(sc, spec) ? "below" : "meets",
                       fmt_num(b, spec->min_score));
}

static void print_text(FILE *f, const struct scorecard *sc,
                       const struct checklist_check *spec)
{
    int wsec = 7, wtest = 4, wev = 8;
    struct rso_buf line = RSO_BUF_INIT;
    char pts[32];

    for (size_t i = 0; i < sc->n_rows; i++) {
        const struct score_row *row = &sc->rows[i];
        int n;

        if ((n = (int)strlen(section_id(sc, row))) > wsec)
            wsec = n;
        if ((n = (int)strlen(row->test->id)) > wtest)
            wtest = n;
        if (row->entry && (n = (int)strlen(row->v.claim)) > wev)
            wev = n;
    }
    fprintf(f, "%s: %s (rubric %s)\n\n", sc->rubric->title, spec->file,
            sc->rubric->id);
    fprintf(f, "%-*s  %-*s  %-*s  %-6s  %s\n", wsec, "section", wtest, "test",
            wev, "evidence", "points", "why");
    for (size_t i = 0; i < sc->n_rows; i++) {
        const struct score_row *row = &sc->rows[i];

        fprintf(f, "%-*s  %-*s  %-*s  %-6s  %s\n", wsec, section_id(sc, row),
                wtest, row->test->id, wev, row->entry ? row->v.claim : "-",
                fmt_num(pts, row->v.points), why_of(row));
    }
    fprintf(f, "\nsections:");
    for (size_t s = 0; s < sc->rubric->n_sections; s++)
        fprintf(f, "%s %s %s", s ? "," : "", sc->rubric->sections[s].id,
                fmt_num(pts, sc->sums[s]));
    verdict_line(&line, sc, spec);
    fprintf(f, "\n%s\nband: %s\n", rso_buf_str(&line), sc->band->says);
    rso_buf_release(&line);
}

/* A Markdown table cell: one line, no pipe characters. */
static void cell(FILE *f, const char *s)
{
    struct rso_buf b = RSO_BUF_INIT;

    text_one_line(&b, s, strlen(s));
    fputs("| ", f);
    for (const char *p = rso_buf_str(&b); *p; p++) {
        if (*p == '|')
            fputc('\\', f);
        fputc(*p, f);
    }
    fputc(' ', f);
    rso_buf_release(&b);
}

static void print_markdown(FILE *f, const struct scorecard *sc,
                           const struct checklist_check *spec)
{
    struct rso_buf line = RSO_BUF_INIT;
    char pts[32];

    fprintf(f, "## %s\n\nChecklist `%s`, rubric `%s`.\n\n", sc->rubric->title,
            spec->file, sc->rubric->id);
    fprintf(f, "| section | test | evidence | points | why |\n"
               "| --- | --- | --- | ---: | --- |\n");
    for (size_t i = 0; i < sc->n_rows; i++) {
        const struct score_row *row = &sc->rows[i];
        struct rso_buf t = RSO_BUF_INIT;

        rso_buf_printf(&t, "%s %s", row->test->id, row->test->title);
        cell(f, section_id(sc, row));
        cell(f, rso_buf_str(&t));
        cell(f, row->entry ? row->v.claim : "-");
        cell(f, fmt_num(pts, row->v.points));
        cell(f, why_of(row));
        fputs("|\n", f);
        rso_buf_release(&t);
    }
    fprintf(f, "\n| section | score |\n| --- | ---: |\n");
    for (size_t s = 0; s < sc->rubric->n_sections; s++)
        fprintf(f, "| %s | %s |\n", sc->rubric->sections[s].id,
                fmt_num(pts, sc->sums[s]));
    verdict_line(&line, sc, spec);
    fprintf(f, "\n**%s**\n\nBand: %s.\n", rso_buf_str(&line), sc->band->says);
    rso_buf_release(&line);
}

static json_t *json_rows(const struct scorecard *sc)
{
    json_t *a = json_array();

    for (size_t i = 0; i < sc->n_rows; i++) {
        const struct score_row *row = &sc->rows[i];
        json_t *o = json_object();

        json_object_set_new(o, "section", jtext(section_id(sc, row)));
        json_object_set_new(o, "test", jtext(row->test->id));
        json_object_set_new(o, "title", jtext(row->test->title));
        json_object_set_new(o, "evidence",
                            jtext(row->entry ? row->v.claim : NULL));
        json_object_set_new(o, "points", json_real(row->v.points));
        json_object_set_new(o, "status", jtext(status_of(row)));
        json_object_set_new(o, "why", jtext(why_of(row)));
        json_array_append_new(a, o);
    }
    return a;
}

static int print_json(FILE *f, const struct scorecard *sc,
                      const struct checklist_check *spec)
{
    json_t *o = json_object(), *secs = json_object();
    int rc;

    json_object_set_new(o, "rubric", jtext(sc->rubric->id));
    json_object_set_new(o, "title", jtext(sc->rubric->title));
    json_object_set_new(o, "checklist", jtext(spec->file));
    json_object_set_new(o, "tests", json_rows(sc));
    for (size_t s = 0; s < sc->rubric->n_sections; s++)
        json_object_set_new(secs, sc->rubric->sections[s].id,
                            json_real(sc->sums[s]));
    json_object_set_new(o, "sections", secs);
    json_object_set_new(o, "score", json_real(sc->final));
    json_object_set_new(o, "weakest",
                        jtext(sc->rubric->sections[sc->weakest].id));
    json_object_set_new(o, "band", jtext(sc->band->says));
    json_object_set_new(o, "min_score",
                        spec->has_min ? json_real(spec->min_score)
                                      : json_null());
    json_object_set_new(o, "passed", json_boolean(!score_below(sc, spec)));
    rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc == 0)
        fputc('\n', f);
    return rc;
}

int score_print(FILE *f, const struct scorecard *sc,
                const struct checklist_check *spec, enum score_format fmt)
{
    int rc = 0;

    if (fmt == SCORE_TEXT)
        print_text(f, sc, spec);
    else if (fmt == SCORE_MARKDOWN)
        print_markdown(f, sc, spec);
    else
        rc = print_json(f, sc, spec);
    if (rc != 0 || fflush(f) != 0 || ferror(f))
        return rso_fail(RSO_EIO, "cannot write the score");
    return 0;
}
