/*
 * libFuzzer target: any bytes as an external JUnit report.  The reader
 * must return 0 or RSO_EDATA with a message, and must never load anything
 * but the report, which it reads itself: any resource libxml2 would load
 * (the document, an external DTD or entity, an XInclude, a URL) goes
 * through its entity loader, which aborts here.
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist/xunit.h"
#include "fuzz_file.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* xunit_read reads the report itself: libxml2 must load nothing. */
static xmlParserInputPtr load_nothing(const char *url, const char *id,
                                      xmlParserCtxtPtr ctxt)
{
    fprintf(stderr, "xunit_read tried to load '%s' ('%s')\n",
            url ? url : "(null)", id ? id : "(null)");
    abort();
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct xunit x = XUNIT_INIT;
    const char *path = fuzz_file(".xml", data, size);

    if (!ready) {
        xmlSetExternalEntityLoader(load_nothing);
        ready = 1;
    }
    if (!path)
        return 0;
    rso_err_clear();
    if (xunit_read(&x, path) < 0) {
        if (!rso_errmsg()[0] || rso_errcode() != RSO_EDATA || x.len)
            abort(); /* a failure says why and leaves x as it was */
        return 0;
    }
    for (size_t i = 0; i < x.len; i++)
        if (!x.cases[i].name || !x.cases[i].classname)
            abort();
    if (x.len)
        (void)xunit_case_matches(&x.cases[0], "test_*");
    xunit_release(&x);
    return 0;
}
