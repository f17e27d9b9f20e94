/*
 * lastrun.h: the failing findings of the last gate, read back from its
 * JSON results (reports/recsysops.json, written by report/json.c).
 *
 * A struct hotfix_lastrun owns every string in it; hotfix_lastrun_free()
 * releases it.
 */
#ifndef RSO_HOTFIX_LASTRUN_H
#define RSO_HOTFIX_LASTRUN_H

#include <stddef.h>

#include "config/config.h"
#include "hotfix/match.h"

struct hotfix_failed {
    char *name, *check, *kind, *area, *source, *message;
    char **tags;      /* NULL-terminated */
    char **suggested; /* the gate's suggestions, NULL-terminated */
    int severity;     /* RSO_BLOCK or RSO_WARN */
    double off;       /* NAN when not recorded */
};

struct hotfix_lastrun {
    char *path;
    struct hotfix_failed *items;
    size_t len;
};

/*
 * Read the results at path.  Returns 0, or RSO_EUSAGE when the file is
 * missing (run the gate first) or is not recsysops results.
 */
int hotfix_lastrun_load(struct hotfix_lastrun **out, const char *path);
void hotfix_lastrun_free(struct hotfix_lastrun *r);

/*
 * The matching view of a failed finding; cfg (may be NULL) gives the
 * check's explicit `hotfix:` ids.  Borrows from f and cfg.
 */
void hotfix_lastrun_finding(struct hotfix_finding *out,
                            const struct hotfix_failed *f,
                            const struct rso_config *cfg);

#endif
