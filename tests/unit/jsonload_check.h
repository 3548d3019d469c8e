/* Shared by the JSON loader tests: json_load_fast (strict mode) against
 * Jansson, and the helpers that compare them. */
#ifndef PEXCON_TEST_JSONLOAD_CHECK_H
#define PEXCON_TEST_JSONLOAD_CHECK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/jsonload.h"
#include "common/strbuf.h"

#include "comma_locale.h"

static json_t *load_strict(const char *buf, size_t len, size_t flags, json_error_t *error)
{
    return json_load_fast(buf, len, flags | JSONLOAD_STRICT, error);
}

typedef struct doc {
    const char *text;
    size_t len;
} doc;

/* A document from a string literal, embedded NULs included. */
#define D(literal)                                                                                 \
    {                                                                                              \
        literal, sizeof(literal) - 1                                                               \
    }

/*** comparison ***/

static inline bool identical(const json_t *a, const json_t *b)
{
    if (json_typeof(a) != json_typeof(b))
        return false;
    switch (json_typeof(a)) {
    case JSON_OBJECT: {
        if (json_object_size(a) != json_object_size(b))
            return false;
        /* Walk both in order: insertion order must match too. */
        void *ia = json_object_iter((json_t *)a), *ib = json_object_iter((json_t *)b);
        for (; ia && ib; ia = json_object_iter_next((json_t *)a, ia),
                         ib = json_object_iter_next((json_t *)b, ib)) {
            size_t la = json_object_iter_key_len(ia), lb = json_object_iter_key_len(ib);
            if (la != lb || memcmp(json_object_iter_key(ia), json_object_iter_key(ib), la) != 0)
                return false;
            if (!identical(json_object_iter_value(ia), json_object_iter_value(ib)))
                return false;
        }
        return !ia && !ib;
    }
    case JSON_ARRAY:
        if (json_array_size(a) != json_array_size(b))
            return false;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!identical(json_array_get(a, i), json_array_get(b, i)))
                return false;
        return true;
    case JSON_STRING:
        return json_string_length(a) == json_string_length(b) &&
               memcmp(json_string_value(a), json_string_value(b), json_string_length(a)) == 0;
    case JSON_INTEGER:
        return json_integer_value(a) == json_integer_value(b);
    case JSON_REAL: {
        double x = json_real_value(a), y = json_real_value(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    default:
        return true; /* true, false, null: the type says it all */
    }
}

/* The document, printable, for failure messages. */
static const char *shown(const char *text, size_t len)
{
    static char out[400];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 8 < sizeof out; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7F && c != '\\')
            out[n++] = (char)c;
        else
            n += (size_t)snprintf(out + n, sizeof out - n, "\\x%02x", c);
    }
    snprintf(out + n, sizeof out - n, "%s", n + 8 >= sizeof out ? "..." : "");
    return out;
}

static int known_divergences; /* Jansson's skipped NUL, seen and checked */

/* Jansson accepted, we refused at a NUL right after a number or literal:
 * the only deliberate difference. Without that byte we must agree. */
static inline bool is_skipped_nul(const char *text, size_t len, size_t flags, const json_t *jansson,
                                  const json_error_t *ours_error)
{
    size_t at = (size_t)ours_error->position - 1;
    if (ours_error->position < 2 || at >= len || text[at] != '\0')
        return false;
    unsigned char before = (unsigned char)text[at - 1];
    if (!(before >= '0' && before <= '9') && !((before | 0x20) >= 'a' && (before | 0x20) <= 'z'))
        return false;
    char *edited = malloc(len);
    assert_non_null(edited);
    memcpy(edited, text, at);
    memcpy(edited + at, text + at + 1, len - at - 1);
    json_t *ours = load_strict(edited, len - 1, flags, NULL);
    bool same = ours && identical(jansson, ours);
    json_decref(ours);
    free(edited);
    if (same)
        known_divergences++;
    return same;
}

/* Both loaders on one document; returns whether it loaded. */
static inline bool check_agree(const char *text, size_t len, size_t flags)
{
    json_error_t je, oe;
    json_t *jansson = json_loadb(text, len, flags, &je);
    json_t *ours = load_strict(text, len, flags, &oe);
    bool ok = true;
    if (!jansson && !ours) {
        /* A failure must say what and where. */
        ok = oe.text[0] != '\0' && oe.line >= 1 && oe.column >= 0 && oe.position >= 0 &&
             (size_t)oe.position <= len && strstr(oe.text, " at line ") != NULL;
        if (!ok)
            print_error("bad error report: '%s' line %d column %d position %d\n", oe.text, oe.line,
                        oe.column, oe.position);
    } else if (jansson && ours) {
        /* The position consumed matters with JSONLOAD_STOP_AFTER_VALUE. */
        ok = identical(jansson, ours) && je.position == oe.position;
        if (!ok)
            print_error("different results (positions %d/%d)\n", je.position, oe.position);
    } else if (jansson && is_skipped_nul(text, len, flags, jansson, &oe)) {
        ok = true;
    } else {
        ok = false;
        print_error("json_loadb %s, json_load_fast %s\n", jansson ? "succeeded" : je.text,
                    ours ? "succeeded" : oe.text);
    }
    if (!ok)
        fail_msg("loaders disagree (flags 0x%zx) on: %s", flags, shown(text, len));
    bool loaded = ours != NULL;
    json_decref(jansson);
    json_decref(ours);
    return loaded;
}

enum expect { LOADS, FAILS, EITHER };

static inline void check_corpus(const doc *docs, size_t n, size_t flags, enum expect want)
{
    for (size_t i = 0; i < n; i++) {
        bool loaded = check_agree(docs[i].text, docs[i].len, flags);
        if (want != EITHER && loaded != (want == LOADS))
            fail_msg("expected %s: %s", want == LOADS ? "success" : "failure",
                     shown(docs[i].text, docs[i].len));
    }
}

#define CHECK_CORPUS(docs, flags, want)                                                            \
    check_corpus(docs, sizeof docs / sizeof docs[0], flags, want)

#endif
