#include <criterion/criterion.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "report/html.h"

static char *render(struct rso_results *r)
{
    struct rso_buf b = RSO_BUF_INIT;

    html_render(r, "movie <ranker>", &b);
    return rso_buf_detach(&b);
}

Test(html, verdict_rows_and_escaping)
{
    struct rso_results r;
    struct rso_finding *f;
    char *html;
    htmlDocPtr doc;

    results_init(&r);
    r.meta.version = strdup("1.2.3");
    finding_set(results_add(&r, NULL, "data", "ok-check"), RSO_PASS, "fine");
    f = results_add(&r, NULL, "metrics", "ndcg");
    finding_set(f, RSO_FAIL, "<script>alert('x')</script> \033[31m\xff");
    finding_detail(f, "row 3: a & b");
    finding_hotfix(f, "serve-previous-model");
    html = render(&r);
    cr_assert(th_has(html, "Blocked: 1 blocking check failed."), "%s", html);
    cr_assert(th_has(html, "<title>recsysops: movie &lt;ranker&gt;"));
    cr_assert(!th_has(html, "<script>"), "markup from data is escaped");
    cr_assert(th_has(html, "&lt;script&gt;alert(&#39;x&#39;)"));
    cr_assert(!th_has(html, "\033") && !th_has(html, "\xff"));
    cr_assert(th_has(html, "row 3: a &amp; b"));
    cr_assert(th_has(html, "recsysops hotfix apply serve-previous-model"));
    /* The failing row comes first, and the chart counts one block. */
    cr_assert(strstr(html, "ndcg") < strstr(html, "ok-check"));
    cr_assert(th_has(html, "<title>1 block</title>"), "%s", html);
    doc = htmlReadMemory(html, (int)strlen(html), "r.html", "utf-8",
                         HTML_PARSE_NOERROR | HTML_PARSE_NONET);
    cr_assert_not_null(doc);
    xmlFreeDoc(doc);
    free(html);
    results_release(&r);
}

Test(html, pass_and_error_verdicts)
{
    struct rso_results r;
    char *html;

    results_init(&r);
    finding_set(results_add(&r, NULL, "data", "a"), RSO_PASS, "ok");
    html = render(&r);
    cr_assert(th_has(html, "Safe to ship."));
    free(html);
    finding_set(results_add(&r, NULL, "data", "b"), RSO_ERROR, "no file");
    html = render(&r);
    cr_assert(th_has(html, "Cannot tell: 1 check could not run."));
    free(html);
    results_release(&r);
}
