/* JSON text in the style of a Management Node (Tastypie: sorted keys, ", "
 * and ": " separators, raw UTF-8, floats in their shortest usual form),
 * written by the common JSON writer (common/jsonwrite.h), and UTF-8
 * scrubbing for request-derived text that goes into JSON. */
#ifndef PEXSIM_TEXT_H
#define PEXSIM_TEXT_H

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"

/* The json_dumps() flags whose output pexsim's text matches byte for byte. */
#define SIM_JSON_FLAGS (JSON_SORT_KEYS | JSON_REAL_PRECISION(15))

/* Append `j` (any value) with SIM_JSON_FLAGS. False when it cannot be
 * written (NULL, nested too deep); `b` then holds a partial text. */
bool sim_json_append(strbuf *b, const json_t *j);

/* `j` as text (new string, caller frees), NULL when it cannot be written.
 * Out of memory aborts (strbuf): a test server has no better answer. */
char *sim_json_text(const json_t *j, size_t *len);

/* A copy of `s` (NULL gives "") that is valid UTF-8: each byte that does
 * not start a valid sequence becomes U+FFFD. Never NULL. */
char *sim_utf8_scrub(const char *s);

/* A new string formatted as printf would (caller frees), never NULL (out
 * of memory aborts): the error messages of filters, fault rules and
 * replies. */
char *sim_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *sim_vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
