/*
 * backtest.h: does the model earn its place?
 *
 * The history is sorted by launch date and cut into folds + 1 equal
 * parts (a cut never splits one date); fold j trains on the parts before
 * part j and tests on part j.  Each fold scores three predictors on its
 * test launches: the model (trained as forecast.h trains, with its own
 * calibration fifth), the median of the training history, and the mean
 * outcome of the BACKTEST_K most similar training launches
 * (forecast_distance, every feature weighted equally, among the 5,000
 * most recent).  Scores: Spearman's rank correlation with the outcome;
 * the AUC of flagging the bottom decile (outcome below the fold's 10th
 * percentile) by lowest prediction; the precision when flagging as many
 * items as there are bottom-decile launches.  The model's conformal
 * interval coverage on the test launches is reported beside the target.
 */
#ifndef RSO_LAUNCH_BACKTEST_H
#define RSO_LAUNCH_BACKTEST_H

#include <stdio.h>

#include "launch/forecast.h"

#define BACKTEST_K 10
#define BACKTEST_MAX_FOLDS 20

enum { BT_MODEL, BT_MEDIAN, BT_KNN, BT_N };

struct bt_scores {
    double spearman, auc, precision;
};

struct bt_fold {
    size_t n_train, n_test;
    double from, to; /* test launch dates */
    struct bt_scores s[BT_N];
    double coverage;
};

struct backtest {
    struct bt_fold folds[BACKTEST_MAX_FOLDS];
    size_t n;
    struct bt_scores mean[BT_N]; /* means over the folds */
    double coverage;             /* over every test launch */
    size_t n_test;
};

/*
 * Run the backtest on f (from forecast_load).  Returns 0, or RSO_EDATA
 * when the history is too short for the folds or XGBoost fails.
 */
int backtest_run(struct backtest *out, const struct launch_forecast *f);

/* format: "text", "json" or "csv".  0, or RSO_EIO. */
int backtest_write(FILE *out, const struct backtest *bt,
                   const struct launch_forecast *f, const char *format);

#endif
