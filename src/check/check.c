#include <string.h>

#include "check/check.h"

const struct rso_kind *kind_find(const char *name)
{
    for (size_t i = 0; rso_kinds[i]; i++)
        if (!strcmp(rso_kinds[i]->name, name))
            return rso_kinds[i];
    return NULL;
}

struct scan_source *check_scan(struct rso_check *c, struct rso_run *run)
{
    return scan_source(&run->scan, c->source);
}

int check_source_failed(struct rso_check *c, struct rso_run *run,
                        struct rso_finding *f)
{
    struct scan_source *s = check_scan(c, run);

    if (s->status >= 0)
        return 0;
    finding_set(f, RSO_ERROR, "source '%s' could not be read: %s",
                c->source->name, s->error ? s->error : "unknown error");
    return 1;
}

struct scan_col *check_column(struct rso_check *c, struct rso_run *run,
                              struct scan_col *col, struct rso_finding *f)
{
    if (check_source_failed(c, run, f))
        return NULL;
    if (col->index < 0) {
        finding_set(f, RSO_ERROR, "source '%s' has no column '%s'",
                    c->source->name, col->name);
        return NULL;
    }
    if (col->error) {
        finding_set(f, RSO_ERROR, "%s", col->error);
        return NULL;
    }
    return col;
}
