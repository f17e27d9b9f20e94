/*
 * jtext.h: text as a JSON value, for every JSON report.
 */
#ifndef RSO_JTEXT_H
#define RSO_JTEXT_H

#include <jansson.h>

/*
 * s as a JSON string, cleaned by text_sanitize (jansson refuses invalid
 * UTF-8), or JSON null when s is NULL.  A new reference.
 */
json_t *jtext(const char *s);

#endif
