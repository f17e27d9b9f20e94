#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist/workflow.h"
#include "util/err.h"
#include "util/mem.h"
#include "yaml/ydoc.h"

int workflow_cron_valid(const char *s, int allow_alias)
{
    static const char *const aliases[] = {"@yearly", "@annually", "@monthly",
                                          "@weekly", "@daily",    "@midnight",
                                          "@hourly", NULL};
    int fields = 0;

    if (allow_alias)
        for (size_t i = 0; aliases[i]; i++)
            if (!strcmp(s, aliases[i]))
                return 1;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        fields++;
        while (*s && *s != ' ' && *s != '\t') {
            if (!strchr("0123456789*/,-?#", *s) && !isalpha((unsigned char)*s))
                return 0;
            s++;
        }
    }
    return fields == 5;
}

static int is_jenkins(const char *path)
{
    const char *base = strrchr(path, '/');
    size_t n;

    base = base ? base + 1 : path;
    n = strlen(base);
    return !strncmp(base, "Jenkinsfile", 11) ||
           (n > 12 && !strcmp(base + n - 12, ".jenkinsfile")) ||
           (n > 7 && !strcmp(base + n - 7, ".groovy"));
}

static int github_schedule(const char *path, struct rso_buf *out)
{
    struct ydoc *doc = NULL;
    const struct ynode *on, *sched;
    int rc;

    if ((rc = ydoc_load_file(&doc, path)))
        return rc;
    on = doc->root ? ynode_get(doc->root, "on") : NULL;
    sched = on ? ynode_get(on, "schedule") : NULL;
    if (!sched) {
        rc = rso_fail(RSO_EDATA,
                      "'%s' has no 'on: schedule:'; it does "
                      "not run on a schedule",
                      path);
        goto done;
    }
    if (sched->type != YNODE_SEQ || !sched->len) {
        rc = ynode_fail(sched, "'schedule' must be a list of '- cron: "
                               "...' entries");
        rc = RSO_EDATA;
        goto done;
    }
    for (size_t i = 0; i < sched->len; i++) {
        const struct ynode *cron = ynode_get(sched->items[i], "cron");

        if (!cron || cron->type != YNODE_SCALAR ||
            !workflow_cron_valid(cron->str, 0)) {
            ynode_fail(cron ? cron : sched->items[i],
                       "a schedule entry needs 'cron' with five fields, "
                       "such as '0 3 * * 1'");
            rc = RSO_EDATA;
            goto done;
        }
        if (i == 0)
            rso_buf_puts(out, cron->str);
    }
done:
    ydoc_free(doc);
    return rc;
}

static char *read_all(const char *path)
{
    struct rso_buf b = RSO_BUF_INIT;

    if (rso_buf_read_file(&b, path) < 0) {
        rso_buf_release(&b);
        return NULL;
    }
    return rso_buf_detach(&b);
}

/*
 * Blank out // and block comments in Groovy text, leaving strings alone,
 * so that a commented-out trigger does not count.
 */
static void strip_comments(char *s)
{
    char quote = 0;

    for (; *s; s++) {
        if (quote) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == quote)
                quote = 0;
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
        } else if (s[0] == '/' && s[1] == '/') {
            while (*s && *s != '\n')
                *s++ = ' ';
            if (!*s)
                return;
        } else if (s[0] == '/' && s[1] == '*') {
            while (*s && !(s[0] == '*' && s[1] == '/'))
                *s++ = ' ';
            if (!*s)
                return;
            s[0] = s[1] = ' ';
            s++;
        }
    }
}

static int jenkins_schedule(const char *path, char *text, struct rso_buf *out)
{
    const char *p = text;

    strip_comments(text);
    if (!strstr(text, "triggers") && !strstr(text, "pipelineTriggers"))
        return rso_fail(RSO_EDATA,
                        "'%s' has no triggers; it does not run "
                        "on a schedule",
                        path);
    while ((p = strstr(p, "cron"))) {
        const char *q = p + 4, *end;
        char quote;

        p = q;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q++ != '(')
            continue;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != '\'' && *q != '"')
            continue;
        quote = *q++;
        if (!(end = strchr(q, quote)))
            break;
        rso_buf_add(out, q, (size_t)(end - q));
        if (workflow_cron_valid(rso_buf_str(out), 1))
            return 0;
        rso_buf_clear(out);
        return rso_fail(RSO_EDATA,
                        "'%s' has a cron trigger '%.*s' that is "
                        "not five fields",
                        path, (int)(end - q), q);
    }
    return rso_fail(RSO_EDATA,
                    "'%s' has no cron(...) trigger; it does not "
                    "run on a schedule",
                    path);
}

int workflow_schedule(const char *path, struct rso_buf *out)
{
    char *text;
    int rc;

    if (!is_jenkins(path))
        return github_schedule(path, out);
    if (!(text = read_all(path)))
        return rso_fail(RSO_EDATA, "cannot open '%s': %s", path,
                        strerror(errno));
    rc = jenkins_schedule(path, text, out);
    free(text);
    return rc;
}
