/*
 * ledger.h: what the hotfix module needs from the history store.
 *
 * The store itself lives in src/history/; this is the small interface
 * the hotfix commands call, so that either side can change without the
 * other.  A store provides both functions through a struct hotfix_ledger
 * (ctx is the store's handle); without one, applications are not
 * recorded and suggestions show the declared trade-offs only.
 */
#ifndef RSO_HOTFIX_LEDGER_H
#define RSO_HOTFIX_LEDGER_H

#include <stddef.h>

/* One application of an entry, as `hotfix apply` made it. */
struct hotfix_application {
    const char *entry;
    const char *target; /* item, check or slice the branch is named by */
    const char *check;  /* the check it answers, or NULL */
    const char *branch;
    const char *commit; /* hex sha of the hotfix commit */
    const char *file;   /* the file it edited */
    double applied_at;  /* epoch seconds (the --now clock) */
    double until;       /* expiry, or 0 */
};

/*
 * A measured effect: the value a check recorded for statistic in the
 * last run before the application and in the first run after it.
 */
struct hotfix_effect {
    char *check;
    char *statistic;
    double before, after;
    double applied_at;
};

struct hotfix_ledger {
    void *ctx;
    /* Record a; returns 0 or a negative code with a message. */
    int (*record)(void *ctx, const struct hotfix_application *a);
    /*
     * The effects of earlier applications of entry, newest first, in a
     * new array (strings included) freed by hotfix_effects_free().
     */
    size_t (*effects)(void *ctx, const char *entry, struct hotfix_effect **out);
};

void hotfix_effects_free(struct hotfix_effect *v, size_t n);

/* One recorded value of a check, as the history store holds it. */
struct hotfix_obs {
    const char *check;
    const char *statistic;
    double time; /* the run's clock, epoch seconds */
    double value;
};

/*
 * The effects of applications (of one entry) measured in rows (oldest
 * first): for each application with a check, and each statistic of that
 * check, the last value strictly before applied_at and the first at or
 * after it; a statistic without both is left out.  Newest application
 * first, in a new array for hotfix_effects_free().  A store's effects()
 * may be this over its applications and observations.
 */
size_t hotfix_effects_from(const struct hotfix_application *apps, size_t n_apps,
                           const struct hotfix_obs *rows, size_t n_rows,
                           struct hotfix_effect **out);

#endif
