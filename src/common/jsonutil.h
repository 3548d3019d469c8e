/* Lenient readers for JSON from the Management Node.
 *
 * Real nodes differ by version: any field may be missing, null, or of an
 * unexpected type ("1" for 1, 0/1 for booleans, "None" for null). These
 * getters never fail hard: they report whether a usable value was found.
 *
 * The literal string "None" (what a node writes for an empty proxy_node,
 * media_node, resolution, ...) reads as null in every field but free text
 * (names, aliases, details, tags), where somebody may have typed it. Raw
 * JSON output keeps the server's value. */
#ifndef PEXCON_JSONUTIL_H
#define PEXCON_JSONUTIL_H

#include <jansson.h>
#include <stdbool.h>

/* Does "None" in this field mean null (see above)? */
bool json_none_is_null(const char *key);

/* String field, or NULL when missing, null or not a string (numbers and
 * booleans are not converted: use jget_text for display). */
const char *jget_str(const json_t *obj, const char *key);

/* Any scalar field rendered as text into buf (strings as-is, integers,
 * reals with up to 2 decimals, true/false); "" when missing or null. */
const char *jget_text(const json_t *obj, const char *key, char *buf, size_t size);

/* Integer from an integer, a real, or a numeric string. */
bool jget_int(const json_t *obj, const char *key, long long *out);

/* Number from an integer, a real, or a numeric string. */
bool jget_num(const json_t *obj, const char *key, double *out);

/* Boolean from true/false, 0/1, "true"/"false"/"True"/"False"/"1"/"0".
 * Returns 1, 0, or -1 when unknown. */
int jget_bool(const json_t *obj, const char *key);

/* An id as text: UUID strings pass through, integer ids are formatted. */
const char *jget_id(const json_t *obj, const char *key, char *buf, size_t size);

#endif
