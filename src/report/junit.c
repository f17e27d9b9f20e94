#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>

#include "report/atomic.h"
#include "report/junit.h"
#include "util/text.h"
#include "util/units.h"

static const char *const areas[] = {"data",      "metrics",  "audits",
                                    "checklist", "launches", NULL};

/* Text made safe for XML, held in scratch until the next call. */
static const char *clean(struct rso_buf *scratch, const char *s, int line)
{
    rso_buf_clear(scratch);
    if (!s)
        return "";
    if (line)
        text_one_line(scratch, s, strlen(s));
    else
        text_sanitize(scratch, s, strlen(s));
    return rso_buf_str(scratch);
}

static void attr(xmlTextWriterPtr w, struct rso_buf *scratch, const char *name,
                 const char *value)
{
    xmlTextWriterWriteAttribute(w, BAD_CAST name,
                                BAD_CAST clean(scratch, value, 1));
}

static void attr_num(xmlTextWriterPtr w, const char *name, size_t v)
{
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%zu", v);
}

static void attr_time(xmlTextWriterPtr w, const char *name, double seconds)
{
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%.3f",
                                      seconds < 0 ? 0 : seconds);
}

static void property(xmlTextWriterPtr w, struct rso_buf *scratch,
                     const char *name, const char *value)
{
    if (!value)
        return;
    xmlTextWriterStartElement(w, BAD_CAST "property");
    attr(w, scratch, "name", name);
    attr(w, scratch, "value", value);
    xmlTextWriterEndElement(w);
}

static void run_properties(xmlTextWriterPtr w, struct rso_buf *scratch,
                           const struct rso_run_meta *m)
{
    xmlTextWriterStartElement(w, BAD_CAST "properties");
    property(w, scratch, "recsysops.version", m->version);
    property(w, scratch, "config", m->config_path);
    property(w, scratch, "commit", m->commit);
    property(w, scratch, "branch", m->branch);
    property(w, scratch, "baseline.ref", m->baseline_ref);
    property(w, scratch, "baseline.commit", m->baseline_commit);
    xmlTextWriterEndElement(w);
}

/* The failure text: the message, the details and the suggested fixes. */
static void body(struct rso_buf *out, const struct rso_finding *f,
                 enum junit_profile profile)
{
    rso_buf_printf(out, "%s\n", f->message ? f->message : "");
    if (f->details.len)
        rso_buf_printf(out, "\n%s", rso_buf_str(&f->details));
    if (profile == JUNIT_STRICT && f->file)
        rso_buf_printf(out, "\nconfig: %s:%d\n", f->file, f->line);
    for (size_t i = 0; i < f->n_props && profile == JUNIT_STRICT; i++)
        rso_buf_printf(out, "%s: %s\n", f->props[i].name, f->props[i].value);
    if (f->n_hotfixes) {
        rso_buf_puts(out, "\nsuggested hotfixes:\n");
        for (size_t i = 0; i < f->n_hotfixes; i++) {
            rso_buf_puts(out, "  ");
            finding_fix_command(f, i, out);
            rso_buf_putc(out, '\n');
        }
    }
}

static void testcase(xmlTextWriterPtr w, struct rso_buf *scratch,
                     const struct rso_finding *f, enum junit_profile profile)
{
    struct rso_buf classname = RSO_BUF_INIT, text = RSO_BUF_INIT;
    const char *elem = NULL;

    rso_buf_printf(&classname, "recsysops.%s.%s", f->area, f->source);
    xmlTextWriterStartElement(w, BAD_CAST "testcase");
    attr(w, scratch, "name", f->name);
    attr(w, scratch, "classname", rso_buf_str(&classname));
    attr_time(w, "time", f->seconds);
    if (profile == JUNIT_DEFAULT && f->file) {
        attr(w, scratch, "file", f->file);
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST "line", "%d", f->line);
    }
    if (profile == JUNIT_DEFAULT && f->n_props) {
        xmlTextWriterStartElement(w, BAD_CAST "properties");
        for (size_t i = 0; i < f->n_props; i++)
            property(w, scratch, f->props[i].name, f->props[i].value);
        xmlTextWriterEndElement(w);
    }
    switch (f->status) {
    case RSO_FAIL:
        elem = "failure";
        break;
    case RSO_ERROR:
        elem = "error";
        break;
    case RSO_SKIP:
        elem = "skipped";
        break;
    case RSO_PASS:
        break;
    }
    if (elem) {
        xmlTextWriterStartElement(w, BAD_CAST elem);
        if (f->status == RSO_FAIL)
            attr(w, scratch, "type", severity_name(f->severity));
        else if (f->status == RSO_ERROR)
            attr(w, scratch, "type", "error");
        attr(w, scratch, "message", f->message ? f->message : "");
        if (f->status != RSO_SKIP) {
            body(&text, f, profile);
            xmlTextWriterWriteString(
                w, BAD_CAST clean(scratch, rso_buf_str(&text), 0));
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    rso_buf_release(&classname);
    rso_buf_release(&text);
}

static void suite(xmlTextWriterPtr w, struct rso_buf *scratch,
                  const struct rso_results *r, const char *area, int id,
                  enum junit_profile profile)
{
    size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;
    char stamp[32], name[64];

    for (size_t i = 0; i < r->len; i++) {
        const struct rso_finding *f = &r->items[i];

        if (strcmp(f->area, area))
            continue;
        tests++;
        failures += f->status == RSO_FAIL;
        errors += f->status == RSO_ERROR;
        skipped += f->status == RSO_SKIP;
        seconds += f->seconds;
    }
    snprintf(name, sizeof(name), "recsysops.%s", area);
    units_format_time(stamp, r->meta.started, 0);
    xmlTextWriterStartElement(w, BAD_CAST "testsuite");
    attr(w, scratch, "name", name);
    attr_num(w, "tests", tests);
    attr_num(w, "failures", failures);
    attr_num(w, "errors", errors);
    attr_num(w, "skipped", skipped);
    attr_time(w, "time", seconds);
    attr(w, scratch, "timestamp", stamp);
    attr(w, scratch, "hostname",
         r->meta.hostname && *r->meta.hostname ? r->meta.hostname
                                               : "localhost");
    if (profile == JUNIT_STRICT) {
        attr(w, scratch, "package", "recsysops");
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST "id", "%d", id);
    }
    run_properties(w, scratch, &r->meta);
    for (size_t i = 0; i < r->len; i++)
        if (!strcmp(r->items[i].area, area))
            testcase(w, scratch, &r->items[i], profile);
    if (profile == JUNIT_STRICT) {
        xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST "");
        xmlTextWriterWriteElement(w, BAD_CAST "system-err", BAD_CAST "");
    }
    xmlTextWriterEndElement(w);
}

/* Areas in their fixed order, then any other area findings name. */
static size_t area_list(const struct rso_results *r, const char **out,
                        size_t max)
{
    size_t n = 0;

    for (size_t i = 0; areas[i]; i++)
        for (size_t j = 0; j < r->len; j++)
            if (!strcmp(r->items[j].area, areas[i])) {
                out[n++] = areas[i];
                break;
            }
    for (size_t j = 0; j < r->len && n < max; j++) {
        size_t k;

        for (k = 0; k < n; k++)
            if (!strcmp(out[k], r->items[j].area))
                break;
        if (k == n)
            out[n++] = r->items[j].area;
    }
    return n;
}

void junit_render(const struct rso_results *r, enum junit_profile profile,
                  struct rso_buf *out)
{
    xmlBufferPtr xb = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
    struct rso_buf scratch = RSO_BUF_INIT;
    struct rso_tally t;
    const char *list[64];
    size_t n = area_list(r, list, 64);

    results_tally(r, &t);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "testsuites");
    /* The Ant schema allows no attributes on the root. */
    if (profile == JUNIT_DEFAULT) {
        attr(w, &scratch, "name", "recsysops");
        attr_num(w, "tests", t.total);
        attr_num(w, "failures", t.blocked + t.warned);
        attr_num(w, "errors", t.errors);
        attr_time(w, "time", r->meta.seconds);
    }
    for (size_t i = 0; i < n; i++)
        suite(w, &scratch, r, list[i], (int)i, profile);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    rso_buf_add(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
    xmlBufferFree(xb);
    rso_buf_release(&scratch);
}

int junit_write(const struct rso_results *r, enum junit_profile profile,
                const char *path)
{
    struct rso_buf doc = RSO_BUF_INIT;
    int rc;

    junit_render(r, profile, &doc);
    rc = atomic_write(path, doc.ptr, doc.len);
    rso_buf_release(&doc);
    return rc;
}
