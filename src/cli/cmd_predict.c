/*
 * predict: forecast the upcoming launches, or backtest the forecaster.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "launch/backtest.h"
#include "launch/forecast.h"
#include "launch/report.h"
#include "util/err.h"
#include "util/msg.h"

#define O(field) offsetof(struct rso_opts, field)

static const struct rso_option predict_options[] = {
    {'c', "config", "FILE", OPT_STRING, O(config),
     "the config (default: recsysops.yml, searched upwards)"},
    {0, "format", "FORMAT", OPT_STRING, O(format),
     "text (default), json or csv"},
    {0, "backtest", NULL, OPT_FLAG, O(backtest),
     "score the model on past launches by date folds, beside baselines"},
    {0, "force", NULL, OPT_FLAG, O(force),
     "train again even when the saved model matches the data"},
    {0, "now", "TIME", OPT_STRING, O(now),
     "a fixed clock, e.g. 2026-12-01T06:00:00Z"},
    {'q', "quiet", NULL, OPT_FLAG, O(quiet), "print only errors"},
    {'v', "verbose", NULL, OPT_COUNT, O(verbose), "say more"},
    {0, "color", "WHEN", OPT_STRING, O(color),
     "auto, always or never (NO_COLOR is respected)"},
    {'h', "help", NULL, OPT_FLAG, O(help), "show this help"},
    OPT_END,
};

static int check_format(const char *format)
{
    if (strcmp(format, "text") && strcmp(format, "json") &&
        strcmp(format, "csv"))
        return rso_fail(RSO_EUSAGE,
                        "--format takes text, json or csv, not "
                        "'%s'",
                        format);
    return 0;
}

static int run(const struct rso_opts *opts, const struct launch_spec *s)
{
    const char *format = opts->format ? opts->format : "text";
    struct launch_forecast *f = NULL;
    struct backtest bt;
    int rc;

    if (opts->backtest) {
        if ((rc = forecast_load(&f, s, opts->now_value)) == 0 &&
            (rc = backtest_run(&bt, f)) == 0)
            rc = backtest_write(stdout, &bt, f, format);
    } else if ((rc = forecast_run(&f, s, opts->now_value, opts->force)) == 0) {
        rc = !strcmp(format, "json")  ? launch_write_json(stdout, f)
             : !strcmp(format, "csv") ? launch_write_csv(stdout, f)
                                      : launch_write_text(stdout, f);
    }
    forecast_free(f);
    return rc;
}

int cmd_predict(int argc, char **argv)
{
    struct rso_opts opts = {0};
    struct rso_config *cfg = NULL;
    struct launch_spec spec = {0};
    int rc = cli_parse(predict_options, argc, argv, &opts);

    if (rc == 0 && opts.help) {
        cli_usage(stdout, "recsysops predict [options]",
                  "Forecast the launch-day statistic of every upcoming "
                  "item within the horizon,\nmost at risk first, with "
                  "intervals, reasons and comparable past launches.",
                  predict_options);
        cli_opts_release(&opts);
        return 0;
    }
    if (rc == 0 && opts.n_args)
        rc = rso_fail(RSO_EUSAGE, "predict takes no operand ('%s')",
                      opts.args[0]);
    if (rc == 0 && opts.format)
        rc = check_format(opts.format);
    if (rc == 0)
        rc = cli_setup(&opts);
    if (rc == 0)
        rc = cli_load_config(&opts, &cfg);
    if (rc == 0)
        rc = launch_spec_parse(&spec, cfg);
    if (rc == 0)
        rc = run(&opts, &spec);
    if (rc < 0)
        msg_error("%s", rso_errmsg());
    launch_spec_free(&spec);
    config_free(cfg);
    cli_opts_release(&opts);
    return rc < 0 ? rso_exit_code(rc) : 0;
}
