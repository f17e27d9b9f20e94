/*
 * replay_check.h: the spec of the replay check, shared with the diagnose
 * command, which replays one logged request and explains its score.
 */
#ifndef RSO_REPLAY_CHECK_H
#define RSO_REPLAY_CHECK_H

#include "check/check.h"
#include "diagnose/replay.h"

#define REPLAY_BATCH 4096
#define REPLAY_EXAMPLES 5

struct replay_spec {
    const char *model_path; /* as written */
    char *model_file;       /* resolved against the config's folder */
    const char **features;  /* NULL: the model's own feature names */
    size_t n_features;
    const char *score, *request;
    double max_diff, max_mismatch;
    int margin;
    const struct rso_source *src;
    /* Filled by plan and scan. */
    struct replay_model *model;
    char *load_error;
    const char **names; /* the features used, borrowed */
    size_t ncol;
    struct scan_col **cols, *score_col, *request_col;
    float *x, *logged;
    long long *lines;
    size_t pending;
    long long compared, mismatched, unscored;
    double worst;
    long long worst_line;
    long long ex_line[REPLAY_EXAMPLES];
    float ex_logged[REPLAY_EXAMPLES], ex_replayed[REPLAY_EXAMPLES];
    int n_ex;
};

/*
 * Load the model and ask the scan for the columns replay needs.  Returns
 * 0, or -1 with the reason kept in s->load_error.
 */
int replay_prepare(struct rso_check *c, struct scan_source *ss);

/* Parse one row's features into x (ncol floats, NaN for missing). */
void replay_row(const struct replay_spec *s, const struct rso_record *rec,
                float *x);

#endif
