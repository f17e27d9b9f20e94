/*
 * The JUnit writer: counts, escaping, hostile text, both profiles
 * (the strict one against both schemas), and the atomic write.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "report/junit.h"
#include "util/err.h"

/* A results set with one finding of each status in two areas. */
static void sample(struct rso_results *r, const char *hostile)
{
    struct rso_finding *f;

    results_init(r);
    r->meta.version = strdup("9.9.9");
    r->meta.config_path = strdup("recsysops.yml");
    r->meta.commit = strdup("0123456789abcdef0123456789abcdef01234567");
    r->meta.started = 1796104800;
    r->meta.hostname = strdup("runner");
    f = results_add(r, NULL, "data", "plays-volume");
    f->file = "recsysops.yml";
    f->line = 14;
    finding_set(f, RSO_FAIL, "812 rows, below the minimum 1000");
    finding_detail(f, "value: %s", hostile);
    finding_hotfix(f, "rollback-data");
    f = results_add(r, NULL, "data", "catalog-keys");
    finding_set(f, RSO_PASS, "unique");
    f = results_add(r, NULL, "metrics", "ndcg");
    f->severity = RSO_WARN;
    finding_set(f, RSO_FAIL, "ndcg %s", hostile);
    f = results_add(r, NULL, "metrics", "recall");
    finding_set(f, RSO_ERROR, "cannot open 'eval/metrics.json'");
    f = results_add(r, NULL, "audits", "bias");
    finding_set(f, RSO_SKIP, "filtered out");
}

static char *render(const struct rso_results *r, enum junit_profile p)
{
    struct rso_buf b = RSO_BUF_INIT;

    junit_render(r, p, &b);
    return rso_buf_detach(&b);
}

static xmlDocPtr parse(const char *xml)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "report.xml", NULL,
                                  XML_PARSE_NONET);

    cr_assert_not_null(doc, "the report is not well-formed XML:\n%s", xml);
    return doc;
}

Test(junit, counts_per_suite_and_overall)
{
    struct rso_results r;
    char *xml;

    sample(&r, "plain");
    xml = render(&r, JUNIT_DEFAULT);
    xmlFreeDoc(parse(xml));
    cr_assert(th_has(xml, "<testsuites name=\"recsysops\" tests=\"5\" "
                          "failures=\"2\" errors=\"1\""),
              "%s", xml);
    cr_assert(th_has(xml, "<testsuite name=\"recsysops.data\" tests=\"2\" "
                          "failures=\"1\" errors=\"0\" skipped=\"0\""));
    cr_assert(th_has(xml, "<testsuite name=\"recsysops.metrics\" "
                          "tests=\"2\" failures=\"1\" errors=\"1\""));
    cr_assert(th_has(xml, "<testsuite name=\"recsysops.audits\" tests=\"1\" "
                          "failures=\"0\" errors=\"0\" skipped=\"1\""));
    cr_assert(th_has(xml, "<failure type=\"block\" message=\"812 rows, "
                          "below the minimum 1000\">"));
    cr_assert(th_has(xml, "<failure type=\"warn\""));
    cr_assert(th_has(xml, "<error type=\"error\" message=\"cannot open "
                          "'eval/metrics.json'\">"));
    cr_assert(th_has(xml, "<skipped message=\"filtered out\"/>"));
    cr_assert(th_has(xml, "recsysops hotfix apply rollback-data"));
    cr_assert(th_has(xml, "<property name=\"commit\" "
                          "value=\"0123456789abcdef"));
    /* Suites come in the fixed area order. */
    cr_assert(strstr(xml, "recsysops.data\"") <
              strstr(xml, "recsysops.metrics\""));
    cr_assert(strstr(xml, "recsysops.metrics\"") <
              strstr(xml, "recsysops.audits\""));
    free(xml);
    results_release(&r);
}

Test(junit, default_profile_has_file_and_line)
{
    struct rso_results r;
    char *xml;

    sample(&r, "plain");
    xml = render(&r, JUNIT_DEFAULT);
    cr_assert(th_has(xml, "<testcase name=\"plays-volume\" "
                          "classname=\"recsysops.data.recsysops\" "
                          "time=\"0.000\" file=\"recsysops.yml\" "
                          "line=\"14\">"),
              "%s", xml);
    free(xml);
    xml = render(&r, JUNIT_STRICT);
    cr_assert(!th_has(xml, "file=\""), "%s", xml);
    cr_assert(th_has(xml, "config: recsysops.yml:14"));
    free(xml);
    results_release(&r);
}

Test(junit, escapes_markup_and_hostile_bytes)
{
    struct rso_results r;
    char *xml;
    xmlDocPtr doc;

    /* Markup, an ANSI colour, a NUL-free control byte, a form feed,
     * invalid UTF-8 and an overlong encoding. */
    sample(&r, "<b>&\"x\" \033[31mred\033[0m \x01\x0c end \xff\xfe \xc0\xaf "
               "caf\xc3\xa9");
    xml = render(&r, JUNIT_DEFAULT);
    doc = parse(xml);
    xmlFreeDoc(doc);
    cr_assert(th_has(xml, "&lt;b&gt;&amp;"), "%s", xml);
    cr_assert(!th_has(xml, "\033"), "ANSI escape left in the report");
    cr_assert(!th_has(xml, "\x01") && !th_has(xml, "\x0c"));
    cr_assert(th_has(xml, "red"), "text around escapes is kept");
    cr_assert(th_has(xml, "caf\xc3\xa9"), "valid UTF-8 is kept");
    cr_assert(th_has(xml, "\xef\xbf\xbd"), "invalid bytes become U+FFFD");
    cr_assert(!th_has(xml, "\xff") && !th_has(xml, "\xc0\xaf"));
    free(xml);
    results_release(&r);
}

static const char *schema_dir(void)
{
    static char path[4096];
    struct stat st;

    snprintf(path, sizeof(path), "%s/../shared/schemas", th_top());
    return stat(path, &st) == 0 ? path : NULL;
}

static void quiet(void *ctx, const xmlError *e)
{
}

static int validates(const char *xml, const char *xsd)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc;
    xmlDocPtr doc = parse(xml);
    int rc;

    cr_assert_not_null(schema, "cannot read schema %s", xsd);
    vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)quiet, NULL);
    rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    xmlFreeDoc(doc);
    return rc == 0;
}

Test(junit, strict_profile_validates_against_both_schemas)
{
    const char *dir = schema_dir();
    char jenkins[4200], ant[4200];
    struct rso_results r;
    char *xml, *loose;

    if (!dir)
        cr_skip_test("../shared/schemas not found beside the tree");
    snprintf(jenkins, sizeof(jenkins), "%s/junit-jenkins-xunit.xsd", dir);
    snprintf(ant, sizeof(ant), "%s/junit-ant-windyroad.xsd", dir);
    sample(&r, "<&> \033[1m \x02 \xff");
    xml = render(&r, JUNIT_STRICT);
    cr_assert(validates(xml, jenkins), "jenkins xunit:\n%s", xml);
    cr_assert(validates(xml, ant), "ant junit:\n%s", xml);
    cr_assert(th_has(xml, "timestamp=\"2026-12-01T06:00:00\""));
    cr_assert(th_has(xml, "package=\"recsysops\" id=\"0\""));
    cr_assert(th_has(xml, "<system-out>"), "%s", xml);
    /* The default profile is not schema-valid for Ant (file, line): the
     * validator is really checking. */
    loose = render(&r, JUNIT_DEFAULT);
    cr_assert(!validates(loose, ant));
    free(loose);
    free(xml);
    results_release(&r);
}

Test(junit, time_uses_a_dot_and_three_decimals)
{
    struct rso_results r;
    char *xml;

    sample(&r, "x");
    r.items[0].seconds = 1.23456;
    r.meta.seconds = 2.5;
    xml = render(&r, JUNIT_STRICT);
    cr_assert(th_has(xml, "time=\"1.235\""), "%s", xml);
    free(xml);
    results_release(&r);
}

Test(junit, write_is_atomic)
{
    char *dir = th_tmpdir(), *path, *blocked, *text;
    struct rso_results r;

    sample(&r, "x");
    cr_assert(asprintf(&path, "%s/out/deep/report.xml", dir) > 0);
    cr_assert_eq(junit_write(&r, JUNIT_DEFAULT, path), 0, "%s", rso_errmsg());
    text = th_read(NULL, path);
    cr_assert(th_has(text, "</testsuites>"));
    free(text);
    /* No temporary file is left beside it. */
    {
        struct th_run run;

        th_sh(&run, dir, "ls out/deep | wc -l");
        cr_assert_str_eq(run.out, "1\n");
        th_run_free(&run);
    }
    /* A folder in the way: the write fails and says so. */
    th_write(dir, "file", "not a folder");
    cr_assert(asprintf(&blocked, "%s/file/report.xml", dir) > 0);
    cr_assert_eq(junit_write(&r, JUNIT_DEFAULT, blocked), RSO_EIO);
    cr_assert(th_has(rso_errmsg(), "file"), "%s", rso_errmsg());
    /* When the rename cannot happen (a non-empty folder has the
     * report's name), nothing is left behind: no temporary file. */
    th_write(dir, "busy/report.xml/keep", "x");
    {
        char *busy;
        struct th_run run;

        cr_assert(asprintf(&busy, "%s/busy/report.xml", dir) > 0);
        cr_assert_eq(junit_write(&r, JUNIT_DEFAULT, busy), RSO_EIO);
        th_sh(&run, dir, "ls busy | wc -l");
        cr_assert_str_eq(run.out, "1\n", "a temporary file was left");
        th_run_free(&run);
        free(busy);
    }
    free(blocked);
    free(path);
    results_release(&r);
    th_rmrf(dir);
    free(dir);
}
