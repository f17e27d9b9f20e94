#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist/xunit.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"

/* Set by the SAX hooks below when the document declares a DTD. */
struct guard {
    int doctype;
};

static void refuse_subset(void *ctx, const xmlChar *name,
                          const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct guard *g = ctxt->_private;

    g->doctype = 1;
    xmlStopParser(ctxt);
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static char *attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    char *s = xstrdup(v ? (const char *)v : "");

    xmlFree(v);
    return s;
}

static void add_case(struct xunit *x, xmlNode *tc)
{
    struct xunit_case *c;

    RSO_GROW(x->cases, x->cap, x->len + 1);
    c = &x->cases[x->len++];
    memset(c, 0, sizeof(*c));
    c->classname = attr(tc, "classname");
    c->name = attr(tc, "name");
    c->status = XU_PASS;
    for (xmlNode *k = tc->children; k; k = k->next) {
        enum xunit_status st;

        if (is(k, "failure"))
            st = XU_FAIL;
        else if (is(k, "error"))
            st = XU_ERROR;
        else if (is(k, "skipped"))
            st = XU_SKIP;
        else
            continue;
        /* A failure or an error outweighs a skip. */
        if (c->status == XU_PASS || c->status == XU_SKIP) {
            c->status = st;
            free(c->message);
            c->message = attr(k, "message");
        }
    }
}

static void walk(struct xunit *x, xmlNode *n)
{
    for (; n; n = n->next) {
        if (is(n, "testcase"))
            add_case(x, n);
        else if (is(n, "testsuite") || is(n, "testsuites"))
            walk(x, n->children);
    }
}

static int parse_failed(xmlParserCtxtPtr ctxt, const char *path,
                        const struct guard *g)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    struct rso_buf msg = RSO_BUF_INIT;
    int rc;

    if (g->doctype)
        return rso_fail(RSO_EDATA,
                        "'%s' declares a DOCTYPE; JUnit "
                        "reports have none, and entities are "
                        "not expanded here",
                        path);
    if (e && e->message)
        text_one_line(&msg, e->message, strlen(e->message));
    while (msg.len && msg.ptr[msg.len - 1] == ' ')
        msg.ptr[--msg.len] = '\0';
    rc = rso_fail(RSO_EDATA, "'%s':%d: malformed XML: %s", path,
                  e ? e->line : 0, msg.len ? rso_buf_str(&msg) : "unknown");
    rso_buf_release(&msg);
    return rc;
}

static void quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/*
 * The bytes of the file at path, read here rather than by libxml2, which
 * would take "-" for standard input, read the name as a URI, and inflate
 * a gzip stream (a small file could fill memory).
 */
static int read_whole(const char *path, struct rso_buf *out)
{
    int rc = rso_buf_read_file(out, path);

    if (rc < 0)
        return rso_fail(RSO_EDATA, "cannot %s '%s': %s",
                        rc == RSO_BUF_EOPEN ? "open" : "read", path,
                        strerror(errno));
    if (out->len > INT_MAX)
        return rso_fail(RSO_EDATA, "'%s' is too large for a JUnit report",
                        path);
    return 0;
}

int xunit_read(struct xunit *x, const char *path)
{
    xmlParserCtxtPtr ctxt;
    struct guard g = {0};
    struct rso_buf text = RSO_BUF_INIT;
    xmlDocPtr doc = NULL;
    xmlNode *root;
    int rc;

    if ((rc = read_whole(path, &text)) < 0) {
        rso_buf_release(&text);
        return rc;
    }
    if (!(ctxt = xmlNewParserCtxt())) {
        rso_buf_release(&text);
        return rso_fail(RSO_EINTERNAL, "cannot start the XML parser");
    }
    /*
     * Encoding and I/O errors go to libxml2's generic handler, on
     * stderr, whatever the options say; the parser context keeps the
     * one message that is reported.
     */
    xmlSetGenericErrorFunc(NULL, quiet);
    ctxt->_private = &g;
    ctxt->sax->internalSubset = refuse_subset;
    ctxt->sax->externalSubset = refuse_subset;
    /* No XML_PARSE_NOENT, DTDLOAD or DTDATTR: nothing is expanded. */
    doc = xmlCtxtReadMemory(ctxt, text.len ? text.ptr : "", (int)text.len, path,
                            NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!doc || g.doctype || !ctxt->wellFormed) {
        rc = parse_failed(ctxt, path, &g);
        goto done;
    }
    root = xmlDocGetRootElement(doc);
    if (!root || !(is(root, "testsuites") || is(root, "testsuite"))) {
        rc = rso_fail(RSO_EDATA,
                      "'%s' is not a JUnit report: its root is "
                      "<%s>, not <testsuites> or <testsuite>",
                      path, root ? (const char *)root->name : "nothing");
        goto done;
    }
    walk(x, root);
done:
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    rso_buf_release(&text);
    return rc;
}

void xunit_release(struct xunit *x)
{
    for (size_t i = 0; i < x->len; i++) {
        free(x->cases[i].classname);
        free(x->cases[i].name);
        free(x->cases[i].message);
    }
    free(x->cases);
    memset(x, 0, sizeof(*x));
}

int xunit_case_matches(const struct xunit_case *c, const char *pattern)
{
    struct rso_buf full = RSO_BUF_INIT;
    int hit;

    if (text_glob(pattern, c->name))
        return 1;
    if (!*c->classname)
        return 0;
    rso_buf_printf(&full, "%s.%s", c->classname, c->name);
    hit = text_glob(pattern, rso_buf_str(&full));
    rso_buf_release(&full);
    return hit;
}
