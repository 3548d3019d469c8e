/* A fast JSON loader that builds Jansson values.
 *
 * Jansson's own lexer reads one byte at a time through a callback and copies
 * every token twice; on a 1.5 MB participant page it is the bulk of the CPU
 * pexcon spends. json_load_fast parses the buffer in place (strings scanned
 * eight bytes at a time, keys hashed straight from the input, integers
 * converted while scanning, no recursion) and hands back an ordinary json_t
 * tree, so every consumer keeps using Jansson's API.
 *
 * One bad string must not cost a whole page, so by default bad text inside
 * a string is repaired rather than failing the document: each invalid UTF-8
 * sequence (maximal subpart), each lone UTF-16 surrogate escape (\ud800)
 * and each \u0000 where no NUL is allowed (always in keys; in values unless
 * JSON_ALLOW_NUL) becomes U+FFFD. The structure must still be valid JSON.
 *
 * With JSONLOAD_STRICT it accepts exactly what json_loadb(buf, len, flags,
 * error) accepts, with one deliberate exception: Jansson silently skips a
 * NUL byte that directly follows a number or a literal ("[1\0]" loads as
 * [1]); this loader rejects it, as RFC 8259 does. */
#ifndef PEXCON_JSONLOAD_H
#define PEXCON_JSONLOAD_H

#include <jansson.h>
#include <stddef.h>

/* Stop after the first complete value instead of requiring only whitespace
 * after it; error->position then tells how many bytes were consumed. This is
 * Jansson's JSON_DISABLE_EOF_CHECK under a name that says what it does. */
#define JSONLOAD_STOP_AFTER_VALUE JSON_DISABLE_EOF_CHECK

/* Fail on bad text in strings, as Jansson does, instead of repairing it.
 * A bit Jansson's decoding flags do not use. */
#define JSONLOAD_STRICT 0x100000

/* Parse one JSON document from buf[0..len) (no NUL terminator needed).
 *
 * flags: 0 or any of Jansson's decoding flags, with Jansson's meaning:
 * JSON_REJECT_DUPLICATES, JSON_DISABLE_EOF_CHECK (= JSONLOAD_STOP_AFTER_VALUE),
 * JSON_DECODE_ANY (accept a scalar at top level; without it the document must
 * be an object or an array), JSON_DECODE_INT_AS_REAL, JSON_ALLOW_NUL (allow
 * \u0000 in string values; never in keys), and JSONLOAD_STRICT (above).
 * Other bits are ignored.
 *
 * Returns a new reference, or NULL on failure with error (when not NULL)
 * filled: text says what and where ("invalid UTF-8 in string at line 3
 * column 14"), line is 1-based, column counts characters (not bytes) and is
 * 1-based, position is the number of bytes read up to and including the
 * offending one, source is "<buffer>", and json_error_code() is set. On
 * success error->text is "" and error->position is the number of bytes
 * consumed (len unless JSONLOAD_STOP_AFTER_VALUE).
 *
 * Numbers: integers that fit json_int_t become integers (-0 is integer 0);
 * larger ones fail ("too big integer"), as in Jansson. Fractions and
 * exponents become reals, converted independently of the current locale;
 * 1e400 fails ("real number overflow"). Duplicate keys: the last one wins.
 * Nesting deeper than JSON_PARSER_MAX_DEPTH (2048, counting the innermost
 * scalar, as Jansson does) fails. Thread-safe. */
json_t *json_load_fast(const char *buf, size_t len, size_t flags, json_error_t *error);

#endif
