/*
 * replay: logged requests, run again through the model file that should
 * have served them, must give the scores that were logged.  A mismatch
 * is training/serving skew (a feature computed differently online), a
 * model that is not the one deployed, or a logging bug; any of them
 * makes an issue impossible to reproduce offline.
 *
 * Rows are replayed in batches as the scan streams them, so memory does
 * not grow with the log.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check/kinds.h"
#include "check/replay_check.h"
#include "scan/value.h"
#include "util/err.h"
#include "util/mem.h"

static void replay_spec_free(void *p)
{
    struct replay_spec *s = p;

    if (!s)
        return;
    replay_model_free(s->model);
    free(s->model_file);
    free(s->load_error);
    free(s->features);
    free(s->cols);
    free(s->x);
    free(s->logged);
    free(s->lines);
    free(s);
}

static int replay_parse(struct rso_check *c, const struct ynode *spec)
{
    static const char *const keys[] = {
        "model",        "features", "score",   "max_diff",
        "max_mismatch", "margin",   "request", NULL};
    struct replay_spec *s = xcalloc(1, sizeof(*s));
    const struct ynode *n;
    int rc;

    c->spec = s;
    s->max_diff = 1e-4;
    if ((rc = spec_keys(c, spec, keys)) ||
        (rc = spec_require(c, spec, "model")) ||
        (rc = spec_require(c, spec, "score")) ||
        (rc = spec_string(c, spec, "model", &s->model_path)) ||
        (rc = spec_string(c, spec, "score", &s->score)) ||
        (rc = spec_string(c, spec, "request", &s->request)) ||
        (rc =
             spec_strings(c, spec, "features", &s->features, &s->n_features)) ||
        (rc = spec_number(c, spec, "max_diff", &s->max_diff, NULL)) ||
        (rc = spec_fraction(c, spec, "max_mismatch", &s->max_mismatch, NULL)))
        return rc;
    if ((n = ynode_get(spec, "margin")) &&
        (rc = ynode_bool(n, "'margin'", &s->margin)))
        return rc;
    if (s->max_diff < 0)
        return ynode_fail(ynode_get(spec, "max_diff"),
                          "'max_diff' of check '%s' must not be negative",
                          c->id);
    s->model_file = config_path(c->cfg, s->model_path);
    return 0;
}

void replay_row(const struct replay_spec *s, const struct rso_record *rec,
                float *x)
{
    for (size_t j = 0; j < s->ncol; j++) {
        int i = s->cols[j]->index;
        double v;

        if (i < 0 || value_is_null(s->src, rec->field[i], rec->len[i]) ||
            value_number(rec->field[i], rec->len[i], &v) < 0)
            x[j] = NAN;
        else
            x[j] = (float)v;
    }
}

/* Replay the pending rows and compare with what was logged. */
static int flush(struct replay_spec *s)
{
    float out[REPLAY_BATCH];
    int rc;

    if (s->pending == 0)
        return 0;
    rc = replay_predict(s->model, s->x, s->pending, s->ncol, s->margin, out);
    if (rc)
        return rc;
    for (size_t i = 0; i < s->pending; i++) {
        double diff = fabs((double)out[i] - (double)s->logged[i]);

        s->compared++;
        if (diff > s->worst || s->worst_line == 0) {
            s->worst = diff;
            s->worst_line = s->lines[i];
        }
        if (!(diff <= s->max_diff)) {
            s->mismatched++;
            if (s->n_ex < REPLAY_EXAMPLES) {
                s->ex_line[s->n_ex] = s->lines[i];
                s->ex_logged[s->n_ex] = s->logged[i];
                s->ex_replayed[s->n_ex] = out[i];
                s->n_ex++;
            }
        }
    }
    s->pending = 0;
    return 0;
}

static int replay_visit(void *state, const struct rso_record *rec)
{
    struct replay_spec *s = state;
    int i = s->score_col->index;
    double logged;

    if (!s->model || i < 0)
        return 0;
    for (size_t j = 0; j < s->ncol; j++)
        if (s->cols[j]->index < 0)
            return 0;
    if (value_is_null(s->src, rec->field[i], rec->len[i]) ||
        value_number(rec->field[i], rec->len[i], &logged) < 0) {
        s->unscored++;
        return 0;
    }
    replay_row(s, rec, s->x + s->pending * s->ncol);
    s->logged[s->pending] = (float)logged;
    s->lines[s->pending] = rec->line;
    if (++s->pending == REPLAY_BATCH)
        return flush(s);
    return 0;
}

int replay_prepare(struct rso_check *c, struct scan_source *ss)
{
    struct replay_spec *s = c->spec;
    const char *const *model_names;
    size_t n;

    s->src = c->source;
    s->score_col = scan_column(ss, s->score);
    if (s->request)
        s->request_col = scan_column(ss, s->request);
    if (replay_model_load(&s->model, s->model_file) < 0) {
        s->load_error = xstrdup(rso_errmsg());
        return -1;
    }
    n = replay_model_features(s->model, &model_names);
    if (s->features) {
        s->names = s->features;
        s->ncol = s->n_features;
    } else {
        s->names = (const char **)model_names;
        s->ncol = model_names ? n : 0;
    }
    if (s->ncol == 0 || s->ncol != n) {
        rso_fail(RSO_EUSAGE,
                 s->ncol == 0
                     ? "model '%s' names no features: list them in "
                       "'features'"
                     : "model '%s' takes %zu features, 'features' lists "
                       "%zu",
                 s->model_path, n, s->ncol);
        s->load_error = xstrdup(rso_errmsg());
        replay_model_free(s->model);
        s->model = NULL;
        return -1;
    }
    s->cols = xcalloc(s->ncol, sizeof(*s->cols));
    for (size_t j = 0; j < s->ncol; j++)
        s->cols[j] = scan_column(ss, s->names[j]);
    s->x = xcalloc(REPLAY_BATCH * s->ncol, sizeof(float));
    s->logged = xcalloc(REPLAY_BATCH, sizeof(float));
    s->lines = xcalloc(REPLAY_BATCH, sizeof(long long));
    return 0;
}

static void replay_plan(struct rso_check *c, struct scan_source *ss)
{
    if (replay_prepare(c, ss) == 0)
        scan_visit(ss, replay_visit, c->spec, NULL);
}

/* The visitor's own failure (a model that cannot score), if any. */
static const char *visitor_error(struct rso_check *c, struct rso_run *run)
{
    struct scan_source *ss = check_scan(c, run);

    for (size_t i = 0; i < ss->n_visitors; i++)
        if (ss->visitors[i].state == c->spec && ss->visitors[i].failed)
            return ss->visitors[i].error;
    return NULL;
}

static void replay_eval(struct rso_check *c, struct rso_run *run)
{
    struct replay_spec *s = c->spec;
    struct rso_finding *f = results_add(run->results, c, NULL, NULL);
    const char *err;
    double share;

    if (check_source_failed(c, run, f))
        return;
    if (s->load_error) {
        finding_set(f, RSO_ERROR, "%s", s->load_error);
        return;
    }
    if (!check_column(c, run, s->score_col, f))
        return;
    for (size_t j = 0; j < s->ncol; j++)
        if (!check_column(c, run, s->cols[j], f))
            return;
    if ((err = visitor_error(c, run)) || flush(s) < 0) {
        finding_set(f, RSO_ERROR, "%s", err ? err : rso_errmsg());
        return;
    }
    if (s->compared == 0) {
        finding_set(f, RSO_SKIP, "no logged row with a score to replay");
        return;
    }
    share = (double)s->mismatched / (double)s->compared;
    finding_value(f, "mismatch_share", share);
    finding_value(f, "max_abs_diff", s->worst);
    finding_detail(f,
                   "%lld rows replayed through %s; largest |difference| "
                   "%.6g at line %lld",
                   s->compared, s->model_path, s->worst, s->worst_line);
    if (s->unscored)
        finding_detail(f,
                       "%lld rows had no logged score and were not "
                       "replayed",
                       s->unscored);
    if (share > s->max_mismatch) {
        finding_set(f, RSO_FAIL,
                    "%lld of %lld logged scores not reproduced by '%s' "
                    "(|difference| above %g)",
                    s->mismatched, s->compared, s->model_path, s->max_diff);
        for (int i = 0; i < s->n_ex; i++)
            finding_detail(f, "%s:%lld: logged %.6g, replayed %.6g",
                           c->source->path, s->ex_line[i], s->ex_logged[i],
                           s->ex_replayed[i]);
    } else {
        finding_set(f, RSO_PASS, "%lld logged scores reproduced by '%s'",
                    s->compared - s->mismatched, s->model_path);
    }
}

const struct rso_kind kind_replay = {
    .name = "replay",
    .area = "audits",
    .needs_source = 1,
    .parse = replay_parse,
    .free_spec = replay_spec_free,
    .plan = replay_plan,
    .eval = replay_eval,
};
