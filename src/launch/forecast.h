/*
 * forecast.h: the weekly pre-launch forecast.
 *
 * forecast_run() reads the history and the upcoming items, trains the
 * model (or reuses the one saved under the spec's model_dir while the
 * history and the settings are unchanged), and for every upcoming item
 * within the horizon gives a prediction of the launch-day statistic, a
 * split-conformal prediction interval, the probability of falling below
 * the flag threshold, the features pushing the prediction down most
 * (XGBoost's SHAP contributions), the most comparable past launches and
 * the input values far outside their peers'.
 *
 * Split conformal: a fifth of the history (chosen by a fixed hash of the
 * row) is held out; the signed residuals e = y - f(x) of the held-out
 * rows, in the model's space (log1p for counts), give the interval
 * f(x) -/+ q with q the ceil((n + 1) c)-th smallest |e| for coverage c,
 * and the risk P(y < t) = #{e : f(x) + e < t} / n.
 *
 * The forecast owns everything in it; forecast_free() frees it.
 */
#ifndef RSO_LAUNCH_FORECAST_H
#define RSO_LAUNCH_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "launch/fmap.h"
#include "launch/model.h"
#include "launch/spec.h"
#include "launch/table.h"

#define LAUNCH_MAX_REASONS 4
#define LAUNCH_PEERS 30

struct launch_reason {
    size_t feature;   /* index into the feature map */
    double contrib;   /* SHAP, summed over the feature's columns */
    int data_problem; /* the value is far outside its peers' */
    char *detail;     /* why it looks like a data problem, or NULL */
};

struct launch_pred {
    size_t row;          /* row of the upcoming table */
    const char *key;     /* borrowed from the table */
    double launch;       /* epoch seconds */
    double pred, lo, hi; /* on the target's own scale */
    double threshold;
    double risk; /* probability of falling below */
    int at_risk, blocking;
    struct launch_reason reasons[LAUNCH_MAX_REASONS];
    size_t n_reasons;
    int by_paths; /* reasons from path contributions, not exact SHAP */
    size_t comparables[100]; /* history rows, nearest first */
    double distances[100];
    size_t n_comparables;
};

struct launch_forecast {
    const struct launch_spec *spec;
    double now;
    struct launch_table *hist, *upc;
    struct fmap map;
    struct launch_model *model;
    int reused; /* the saved model was loaded */
    int log1p;  /* the target is modelled as log1p */
    char fingerprint[17];
    size_t *rows; /* history rows with a target */
    double *y;    /* their target, own scale */
    double *date; /* their launch date, epoch seconds */
    size_t n;
    size_t n_train; /* rows the saved model was fitted on */
    double *resid;  /* calibration residuals, sorted */
    size_t n_resid;
    double q; /* conformal half-width, model space */
    double global_threshold;
    struct launch_pred *preds; /* most at risk first */
    size_t n_preds;
    size_t beyond_horizon; /* upcoming items left out */
};

/*
 * Run the forecast at clock now; force retrains even when a saved model
 * matches.  Returns 0, RSO_EUSAGE (a bad setting, positioned at the
 * config) or RSO_EDATA (unreadable or unusable data, positioned at
 * file:line).
 */
int forecast_run(struct launch_forecast **out, const struct launch_spec *s,
                 double now, int force);

void forecast_free(struct launch_forecast *f);

/*
 * Only read the tables and build the feature map (what the backtest
 * needs): no model, no upcoming dates checked, no predictions.
 */
int forecast_load(struct launch_forecast **out, const struct launch_spec *s,
                  double now);

/* Internals shared with the backtest. */

/* Whether history row i (index into rows) is held out for calibration. */
int forecast_is_calib(size_t i);

/* The model space: log1p(y) or y. */
double forecast_fwd(const struct fmap *m, double y);
double forecast_back(const struct fmap *m, double z);

/* The conformal half-width from sorted |residuals|, for coverage c. */
double forecast_halfwidth(const double *abs_sorted, size_t n, double c);

struct model_params forecast_params(const struct launch_spec *s);

/*
 * Distance between encoded rows a and b: the weighted mean over
 * features (weights w, NULL for equal) of a per-feature distance in
 * [0, 1]: the standardized absolute difference capped at 3, over 3, for
 * numbers and dates, the Jaccard distance of the words for categories.
 * Features missing on either side are left out of the mean (so a gap
 * does not draw items with the same gap); 1 when nothing is left.
 */
double forecast_distance(const struct fmap *m, const double *w, const float *a,
                         const float *b);

#endif
