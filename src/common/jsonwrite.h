/* JSON text from a Jansson tree, fast: written straight into a strbuf, or
 * streamed to a FILE in chunks, with an optional filter that rewrites every
 * string and object key before it is escaped (pexcon passes them through
 * the sanitizer this way instead of deep-copying the tree).
 *
 * Without a filter the text is byte for byte what json_dumps() gives for
 * the same flags (the unit tests compare the two). The speed comes from
 * walking the tree directly: only '"', '\\' and bytes below 0x20 are
 * escaped, runs of plain text (found eight bytes at a time) are copied in
 * bulk, and everything else (UTF-8, DEL, U+2028/U+2029) goes out as it is,
 * as Jansson writes it without JSON_ENSURE_ASCII. */
#ifndef PEXCON_JSONWRITE_H
#define PEXCON_JSONWRITE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/strbuf.h"

/* Rewrites a string value or object key: `s` holds `len` bytes (and a NUL
 * after them). Returns `s` itself when the text stays as it is, else text
 * the filter wrote into `scratch` (the filter resets it; the result is
 * used before the next call). *out_len gets the result's length. The result
 * must be valid UTF-8 for the output to be valid JSON. Keys that the filter
 * maps to the same text are merged as json_object_set() would: one key, at
 * the first one's place, with the last one's value. */
typedef const char *(*jsonw_filter_fn)(const char *s, size_t len, size_t *out_len, strbuf *scratch,
                                       void *ctx);

typedef struct jsonw_options {
    /* json_dumps() flags: JSON_INDENT(n), JSON_COMPACT, JSON_SORT_KEYS
     * (else insertion order), JSON_REAL_PRECISION(n) (0 = 17 digits).
     * JSON_ENCODE_ANY is implied and JSON_PRESERVE_ORDER is the default;
     * JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH and JSON_EMBED are refused. */
    size_t flags;
    jsonw_filter_fn filter; /* NULL: strings and keys as they are */
    void *filter_ctx;
    /* Set when the filter leaves printable ASCII (0x20-0x7E) as it is: the
     * writer then calls it only for text with other bytes, and checks and
     * copies the rest in one pass. */
    bool filter_keeps_ascii;
} jsonw_options;

/* Nesting the writer follows (containers inside containers); deeper trees,
 * and cycles, fail. As deep as Jansson (and json_load_fast) will parse. */
#define JSONW_MAX_DEPTH 2048

/* Append `j` as JSON text to `out` (opts NULL: flags 0, no filter).
 * Returns false, with `out` holding a partial text, when `j` is NULL or
 * nests too deep, a real is not finite, a filtered key is not valid UTF-8
 * or the flags are refused. Out of memory aborts, as strbuf does. */
bool jsonw_append(strbuf *out, const json_t *j, const jsonw_options *opts);

/* The same, written to `f` in chunks of about 64 KiB as the walk goes, so
 * that a large tree never sits in memory twice. Returns false also when a
 * write fails (the text may then be cut short). */
bool jsonw_write_file(FILE *f, const json_t *j, const jsonw_options *opts);

/* A filter that passes every string and key through sanitize_text() (see
 * common/sanitize.h); text that is clean already is not copied. Text after
 * an embedded NUL is dropped, as sanitize_text() sees it. */
const char *jsonw_sanitize_filter(const char *s, size_t len, size_t *out_len, strbuf *scratch,
                                  void *ctx);

/* Options that write with json_dumps() `flags` and sanitize every string
 * and key, for a static or automatic jsonw_options. */
#define JSONW_SANITIZED(dump_flags)                                                                \
    {                                                                                              \
        .flags = (dump_flags), .filter = jsonw_sanitize_filter, .filter_keeps_ascii = true         \
    }

#endif
