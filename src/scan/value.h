/*
 * value.h: reading one field's text as a typed value.
 */
#ifndef RSO_VALUE_H
#define RSO_VALUE_H

#include <stddef.h>

#include "config/config.h"

/*
 * Whether the field is null for src: empty, or one of its null_values
 * (by default NA, null, NULL, NaN, nan and N/A).
 */
int value_is_null(const struct rso_source *src, const char *s, size_t n);

/*
 * Parse the whole field as a decimal number (surrounding blanks allowed).
 * Returns 0 and sets *out (which may be NaN or an infinity when the text
 * says so), or -1 when the text is not a number or overflows a double.
 */
int value_number(const char *s, size_t n, double *out);

#endif
