/*
 * report.c: writing forecasts.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launch/report.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/units.h"

static const char *num(char buf[32], double v)
{
    if (isinf(v))
        snprintf(buf, 32, "%s", v > 0 ? "inf" : "-inf");
    else if (isnan(v))
        snprintf(buf, 32, "n/a");
    else if (fabs(v) >= 100)
        snprintf(buf, 32, "%.0f", v);
    else
        snprintf(buf, 32, "%.3g", v);
    return buf;
}

static const char *day(char buf[32], double t)
{
    units_format_time(buf, t, 0);
    buf[10] = '\0';
    return buf;
}

static const char *value_of(const struct launch_forecast *f,
                            const struct launch_pred *p, size_t feat)
{
    long c = table_column(f->upc, f->map.f[feat].name);
    const char *s = c >= 0 ? table_get(f->upc, p->row, (size_t)c) : NULL;

    return s ? s : "missing";
}

void launch_reason(struct rso_buf *b, const struct launch_forecast *f,
                   const struct launch_pred *p, const struct launch_reason *r)
{
    const char *name = f->map.f[r->feature].name;

    rso_buf_printf(b, "%s = %s: ", name, value_of(f, p, r->feature));
    if (f->map.log1p)
        rso_buf_printf(b, "x%.2f", exp(r->contrib));
    else
        rso_buf_printf(b, "%+.3g", r->contrib);
    if (r->data_problem)
        rso_buf_printf(b, "; likely a data problem: %s", r->detail);
}

void launch_rule(struct rso_buf *b, const struct launch_forecast *f,
                 double threshold)
{
    const struct launch_spec *s = f->spec;
    char t[32];

    rso_buf_printf(b, "%s below %s", s->target, num(t, threshold));
    if (s->below_is_pct)
        rso_buf_printf(b, " (p%g of history%s%s)", s->below,
                       s->per ? " per " : "", s->per ? s->per : "");
}

void launch_describe(struct rso_buf *b, const struct launch_forecast *f,
                     const struct launch_pred *p)
{
    char a[32], c[32], d[32];

    rso_buf_printf(b, "launch: %s\n", day(a, p->launch));
    rso_buf_printf(b, "prediction: %s, %g%% interval [%s, %s]\n",
                   num(a, p->pred), f->spec->coverage * 100, num(c, p->lo),
                   num(d, p->hi));
    rso_buf_puts(b, "threshold: ");
    launch_rule(b, f, p->threshold);
    rso_buf_printf(b, "\nrisk: %.0f%% chance of falling below\n",
                   p->risk * 100);
    rso_buf_puts(b, "reasons:\n");
    for (size_t i = 0; i < p->n_reasons; i++) {
        rso_buf_puts(b, "  ");
        launch_reason(b, f, p, &p->reasons[i]);
        rso_buf_putc(b, '\n');
    }
    rso_buf_puts(b, "comparable launches:\n");
    for (size_t i = 0; i < p->n_comparables && i < (size_t)f->spec->k; i++) {
        size_t h = p->comparables[i];

        rso_buf_printf(b, "  %s (%s): %s = %s\n",
                       table_get(f->hist, f->rows[h],
                                 (size_t)table_column(f->hist, f->spec->key)),
                       day(a, f->date[h]), f->spec->target, num(c, f->y[h]));
    }
    for (size_t i = 0; i < p->n_reasons; i++)
        if (p->reasons[i].data_problem) {
            rso_buf_printf(b,
                           "suggested fix: correct '%s' of item '%s' in "
                           "the catalog before launch\n",
                           f->map.f[p->reasons[i].feature].name, p->key);
            break;
        }
}

static int finish(FILE *out)
{
    if (fflush(out) != 0 || ferror(out))
        return rso_fail(RSO_EIO, "cannot write the forecast: output error");
    return 0;
}

int launch_write_text(FILE *out, const struct launch_forecast *f)
{
    struct rso_buf b = RSO_BUF_INIT;
    char a[32], c[32], d[32], e[32];
    size_t flagged = 0;

    for (size_t i = 0; i < f->n_preds; i++)
        flagged += f->preds[i].at_risk;
    launch_rule(&b, f, f->global_threshold);
    fprintf(out,
            "%zu upcoming launch%s within the horizon, %zu at risk "
            "(%s)\n",
            f->n_preds, f->n_preds == 1 ? "" : "es", flagged, rso_buf_str(&b));
    fprintf(out, "%-6s %-5s %-20s %-10s %10s %21s\n", "RISK", "FLAG", "ITEM",
            "LAUNCH", "PREDICTED", "INTERVAL");
    for (size_t i = 0; i < f->n_preds; i++) {
        const struct launch_pred *p = &f->preds[i];

        fprintf(out, "%5.0f%% %-5s %-20s %-10s %10s [%8s, %8s]\n",
                p->risk * 100,
                p->blocking  ? "BLOCK"
                : p->at_risk ? "WARN"
                             : "-",
                p->key, day(a, p->launch), num(c, p->pred), num(d, p->lo),
                num(e, p->hi));
        if (!p->at_risk)
            continue;
        for (size_t j = 0; j < p->n_reasons; j++) {
            rso_buf_clear(&b);
            launch_reason(&b, f, p, &p->reasons[j]);
            fprintf(out, "         why: %s\n", rso_buf_str(&b));
        }
    }
    rso_buf_release(&b);
    return finish(out);
}

static double round4(double v)
{
    char buf[32];

    if (!isfinite(v))
        return v;
    snprintf(buf, sizeof(buf), "%.6g", v);
    return strtod(buf, NULL);
}

static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(round4(v)) : json_null();
}

static json_t *item_json(const struct launch_forecast *f,
                         const struct launch_pred *p)
{
    json_t *reasons = json_array(), *comps = json_array();
    char a[32];
    size_t kc = (size_t)table_column(f->hist, f->spec->key);

    for (size_t i = 0; i < p->n_reasons; i++) {
        const struct launch_reason *r = &p->reasons[i];

        json_array_append_new(
            reasons, json_pack("{s:s, s:s, s:o, s:b, s:s?}", "feature",
                               f->map.f[r->feature].name, "value",
                               value_of(f, p, r->feature), "contribution",
                               jnum(r->contrib), "data_problem",
                               r->data_problem, "detail", r->detail));
    }
    for (size_t i = 0; i < p->n_comparables && i < (size_t)f->spec->k; i++) {
        size_t h = p->comparables[i];

        json_array_append_new(
            comps, json_pack("{s:s, s:s, s:o, s:o}", "item",
                             table_get(f->hist, f->rows[h], kc), "launch",
                             day(a, f->date[h]), "outcome", jnum(f->y[h]),
                             "distance", jnum(p->distances[i])));
    }
    return json_pack(
        "{s:s, s:s, s:o, s:[o, o], s:o, s:o, s:b, s:b, s:o, "
        "s:s, s:o}",
        "item", p->key, "launch", day(a, p->launch), "prediction",
        jnum(p->pred), "interval", jnum(p->lo), jnum(p->hi), "threshold",
        jnum(p->threshold), "risk", jnum(p->risk), "at_risk", p->at_risk,
        "blocking", p->blocking, "reasons", reasons, "reasons_from",
        p->by_paths ? "path contributions" : "SHAP", "comparables", comps);
}

int launch_write_json(FILE *out, const struct launch_forecast *f)
{
    json_t *items = json_array(), *doc;
    struct rso_buf rule = RSO_BUF_INIT;

    for (size_t i = 0; i < f->n_preds; i++)
        json_array_append_new(items, item_json(f, &f->preds[i]));
    launch_rule(&rule, f, f->global_threshold);
    doc = json_pack("{s:s, s:s, s:o, s:f, s:{s:s, s:I, s:I}, s:I, s:o}",
                    "target", f->spec->target, "rule", rso_buf_str(&rule),
                    "threshold", jnum(f->global_threshold), "coverage",
                    f->spec->coverage, "model", "fingerprint", f->fingerprint,
                    "trained_on", (json_int_t)f->n_train, "calibrated_on",
                    (json_int_t)f->n_resid, "beyond_horizon",
                    (json_int_t)f->beyond_horizon, "items", items);
    rso_buf_release(&rule);
    json_dumpf(doc, out,
               JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', out);
    json_decref(doc);
    return finish(out);
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

int launch_write_csv(FILE *out, const struct launch_forecast *f)
{
    struct rso_buf b = RSO_BUF_INIT;
    char a[32];

    fputs("item,launch,prediction,lower,upper,threshold,risk,at_risk,"
          "blocking,top_reason,data_problem\n",
          out);
    for (size_t i = 0; i < f->n_preds; i++) {
        const struct launch_pred *p = &f->preds[i];
        const struct launch_reason *r = p->n_reasons ? &p->reasons[0] : NULL;

        csv_field(out, p->key);
        fprintf(out, ",%s,%.6g,%.6g,%.6g,%.6g,%.4f,%d,%d,", day(a, p->launch),
                p->pred, p->lo, p->hi, p->threshold, p->risk, p->at_risk,
                p->blocking);
        rso_buf_clear(&b);
        if (r)
            rso_buf_puts(&b, f->map.f[r->feature].name);
        csv_field(out, rso_buf_str(&b));
        fprintf(out, ",%d\n", r ? r->data_problem : 0);
    }
    rso_buf_release(&b);
    return finish(out);
}
