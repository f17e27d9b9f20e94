#include <string.h>

#include "util/buf.h"
#include "util/jtext.h"
#include "util/text.h"

json_t *jtext(const char *s)
{
    struct rso_buf b = RSO_BUF_INIT;
    json_t *j;

    if (!s)
        return json_null();
    text_sanitize(&b, s, strlen(s));
    j = json_string(rso_buf_str(&b));
    rso_buf_release(&b);
    return j;
}
