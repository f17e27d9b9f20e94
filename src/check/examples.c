#include <stdio.h>
#include <string.h>

#include "check/examples.h"

void examples_add(struct examples *e, const struct rso_record *rec,
                  const char *value, size_t n)
{
    examples_add_at(e, rec->file, rec->line, value, n);
}

void examples_add_at(struct examples *e, const char *file, long long line,
                     const char *value, size_t n)
{
    int i = e->n;

    e->count++;
    if (i == EXAMPLES_MAX)
        return;
    e->line[i] = line;
    snprintf(e->file[i], sizeof(e->file[i]), "%s", file ? file : "");
    if (n > sizeof(e->value[i]) - 4) {
        snprintf(e->value[i], sizeof(e->value[i]), "%.*s...",
                 (int)sizeof(e->value[i]) - 4, value);
    } else {
        snprintf(e->value[i], sizeof(e->value[i]), "%.*s", (int)n,
                 value ? value : "");
    }
    e->n++;
}

void examples_join(struct examples *a, const struct examples *b,
                   long long shift)
{
    for (int i = 0; i < b->n && a->n < EXAMPLES_MAX; i++) {
        a->line[a->n] = b->line[i] + shift;
        memcpy(a->file[a->n], b->file[i], sizeof(a->file[0]));
        memcpy(a->value[a->n], b->value[i], sizeof(a->value[0]));
        a->n++;
    }
    a->count += b->count;
}

void examples_detail(struct rso_finding *f, const struct examples *e,
                     const char *what)
{
    for (int i = 0; i < e->n; i++)
        finding_detail(f, "%s:%lld: %s = %s", e->file[i], e->line[i], what,
                       e->value[i][0] ? e->value[i] : "(empty)");
    if (e->count > e->n)
        finding_detail(f, "... and %lld more", e->count - e->n);
}
