/* A fast JSON loader that builds Jansson values: see jsonload.h.
 *
 * Design: one pass over the buffer with an explicit stack of open
 * containers (no recursion, so 2048 levels cost 16 KB, not 2048 frames).
 * Every value is attached to its parent as soon as it is created, containers
 * included, so the pending object key is needed only until then and an error
 * anywhere is cleaned up by freeing the root alone. Strings without escapes
 * (almost all of them) are handed to Jansson straight from the input; only
 * strings with escapes are decoded, into a scratch buffer reused per call. */
#include "common/jsonload.h"
#include "common/bytescan.h"
#include "common/jsonload_real.h"
#include "common/sanitize.h"
#include "common/xmalloc.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char uchar;

#if JSON_INTEGER_IS_LONG_LONG
#define JSONLOAD_INT_MAX LLONG_MAX
#else
#define JSONLOAD_INT_MAX LONG_MAX
#endif

/* Bytes of decoded text for strings that contain escapes. */
typedef struct scratch {
    char *data;
    size_t cap;
} scratch;

typedef struct loader {
    const uchar *start;
    const uchar *p; /* next byte to read */
    const uchar *end;
    size_t flags;
    bool repair; /* not JSONLOAD_STRICT: bad text in strings becomes U+FFFD */
    bool nul_ok; /* the string being parsed may hold \u0000 */
    json_error_t *error;
    /* The key of the object member being parsed, in the input or in
     * key_text; valid until the member's value is attached. */
    const char *key;
    size_t key_len;
    scratch key_text;
    scratch value_text;
} loader;

/*** errors ***/

static void error_init(json_error_t *error)
{
    if (!error)
        return;
    memset(error->text, 0, sizeof error->text);
    error->line = -1;
    error->column = -1;
    error->position = 0;
    snprintf(error->source, sizeof error->source, "%s", "<buffer>");
}

/* Record the first failure, located at the byte `at` (ld->end for "the input
 * ended too soon"). Line and column are worked out only here, from the start
 * of the buffer, so the parser never tracks them. */
static void loader_fail(loader *ld, const uchar *at, enum json_error_code code, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));

static void loader_fail(loader *ld, const uchar *at, enum json_error_code code, const char *fmt,
                        ...)
{
    json_error_t *error = ld->error;
    if (!error)
        return;
    if (at > ld->end)
        at = ld->end;
    int line = 1;
    const uchar *line_start = ld->start;
    for (const uchar *q = ld->start; q < at; q++) {
        if (*q == '\n') {
            line++;
            line_start = q + 1;
        }
    }
    /* Columns count characters: skip UTF-8 continuation bytes. */
    const uchar *stop = at < ld->end ? at + 1 : ld->end;
    int column = at < ld->end ? 0 : 1;
    for (const uchar *q = line_start; q < stop; q++)
        column += (*q & 0xC0) != 0x80;

    char what[112];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    /* The last byte of text holds the error code (Jansson's convention). */
    int n = snprintf(error->text, JSON_ERROR_TEXT_LENGTH - 1, "%s at line %d column %d", what, line,
                     column);
    (void)n;
    error->text[JSON_ERROR_TEXT_LENGTH - 1] = (char)code;
    error->line = line;
    error->column = column;
    error->position = (int)(stop - ld->start);
}

static void fail_oom(loader *ld)
{
    loader_fail(ld, ld->p, json_error_out_of_memory, "out of memory");
}

/* A byte quoted for a message: printable ASCII as itself, others in hex. */
static const char *byte_text(uchar c, char buf[8])
{
    if (c >= 0x21 && c < 0x7F)
        snprintf(buf, 8, "'%c'", c);
    else
        snprintf(buf, 8, "0x%02X", c);
    return buf;
}

static void scratch_reserve(scratch *sc, size_t need)
{
    if (need <= sc->cap)
        return;
    size_t cap = sc->cap ? sc->cap : 256;
    while (cap < need)
        cap *= 2;
    sc->data = xrealloc(sc->data, cap);
    sc->cap = cap;
}

/*** lexical helpers ***/

static inline bool is_digit(uchar c)
{
    return c >= '0' && c <= '9';
}

static inline bool is_alpha(uchar c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static inline const uchar *skip_space(const uchar *p, const uchar *end)
{
    while (p < end && *p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* Is the UTF-8 sequence at the non-ASCII byte p valid? *len is its length,
 * or for an invalid one the length of its maximal subpart (at least 1: the
 * bytes one U+FFFD replaces, as Unicode recommends). Overlong forms, UTF-16
 * surrogates (U+D800..U+DFFF) and code points past U+10FFFF are invalid, as
 * in Jansson (RFC 3629). */
static bool utf8_sequence(const uchar *p, const uchar *end, size_t *len)
{
    uchar c = p[0], lo = 0x80, hi = 0xBF;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (c == 0xED)
            hi = 0x9F; /* above: surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above: past U+10FFFF */
    } else {
        *len = 1; /* continuation byte, C0/C1 (overlong) or F5..FF */
        return false;
    }
    size_t k = 1, avail = (size_t)(end - p);
    if (avail > 1 && p[1] >= lo && p[1] <= hi)
        for (k = 2; k < n && k < avail && (p[k] & 0xC0) == 0x80;)
            k++;
    *len = k;
    return k == n;
}

/* Does a byte end a run of plain string text: quote, backslash, control
 * character or the start of a multi-byte character? */
static inline bool is_string_special(uchar c)
{
    return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

/* The same test on eight bytes at a time. */
static inline uint64_t special_bytes(uint64_t x)
{
    return bytescan_eq(x, '"') | bytescan_eq(x, '\\') | bytescan_below(x, 0x20) |
           (x & BYTESCAN_HIGHS);
}

/* Skip plain string text. */
static inline const uchar *skip_plain_text(const uchar *p, const uchar *end)
{
    return bytescan_find(p, end, special_bytes, is_string_special);
}

/*** strings ***/

static int hex_value(uchar c)
{
    if (is_digit(c))
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The four hex digits of a \uXXXX escape whose backslash is at p. */
static bool read_hex4(loader *ld, const uchar *p, uint32_t *out)
{
    uint32_t value = 0;
    for (int i = 2; i < 6; i++) {
        if (p + i >= ld->end) {
            loader_fail(ld, ld->end, json_error_premature_end_of_input,
                        "premature end of input in \\u escape");
            return false;
        }
        int digit = hex_value(p[i]);
        if (digit < 0) {
            char b[8];
            loader_fail(ld, p + i, json_error_invalid_syntax, "invalid \\u escape: %s is not hex",
                        byte_text(p[i], b));
            return false;
        }
        value = value << 4 | (uint32_t)digit;
    }
    *out = value;
    return true;
}

/* Decode the \uXXXX escape at p (and its low surrogate, if it is a high
 * one) into out. A lone surrogate, and \u0000 where no NUL is allowed, are
 * errors in strict mode, as in Jansson, and U+FFFD otherwise. */
static const uchar *decode_unicode_escape(loader *ld, const uchar *p, char *out, size_t *out_len,
                                          bool *has_nul)
{
    uint32_t cp, low;
    if (!read_hex4(ld, p, &cp))
        return NULL;
    const uchar *after = p + 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (ld->repair && (ld->end - after < 6 || after[0] != '\\' || after[1] != 'u' ||
                           hex_value(after[2]) != 0xD || (hex_value(after[3]) & 0xC) != 0xC)) {
            cp = 0xFFFD; /* no low surrogate follows: replace this one alone */
        } else if (ld->end - after < 2 || after[0] != '\\' || after[1] != 'u') {
            loader_fail(ld, p, json_error_invalid_syntax,
                        "invalid Unicode: lone surrogate \\u%04X in string", (unsigned)cp);
            return NULL;
        } else {
            if (!read_hex4(ld, after, &low))
                return NULL;
            if (low < 0xDC00 || low > 0xDFFF) {
                loader_fail(ld, p, json_error_invalid_syntax,
                            "invalid Unicode: \\u%04X\\u%04X is not a surrogate pair", (unsigned)cp,
                            (unsigned)low);
                return NULL;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            after += 6;
        }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF && ld->repair) {
        cp = 0xFFFD;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        loader_fail(ld, p, json_error_invalid_syntax,
                    "invalid Unicode: lone surrogate \\u%04X in string", (unsigned)cp);
        return NULL;
    }
    if (cp == 0 && ld->repair && !ld->nul_ok)
        cp = 0xFFFD;
    if (cp == 0)
        *has_nul = true;
    *out_len = utf8_encode(cp, out);
    return after;
}

/* Decode the escape whose backslash is at p into out (at most 4 bytes);
 * returns the byte after it, or NULL on error. */
static const uchar *decode_escape(loader *ld, const uchar *p, char *out, size_t *out_len,
                                  bool *has_nul)
{
    if (ld->end - p < 2) {
        loader_fail(ld, ld->end, json_error_premature_end_of_input,
                    "premature end of input in string escape");
        return NULL;
    }
    char c;
    switch (p[1]) {
    case '"':
    case '\\':
    case '/':
        c = (char)p[1];
        break;
    case 'b':
        c = '\b';
        break;
    case 'f':
        c = '\f';
        break;
    case 'n':
        c = '\n';
        break;
    case 'r':
        c = '\r';
        break;
    case 't':
        c = '\t';
        break;
    case 'u':
        return decode_unicode_escape(ld, p, out, out_len, has_nul);
    default: {
        char b[8];
        loader_fail(ld, p + 1, json_error_invalid_syntax, "invalid escape: \\ then %s in string",
                    byte_text(p[1], b));
        return NULL;
    }
    }
    out[0] = c;
    *out_len = 1;
    return p + 2;
}

/* Append the run [from, to) of undecoded text to sc, which holds *len bytes,
 * keeping room for one more escape (at most 4 bytes). */
static void append_run(scratch *sc, size_t *len, const uchar *from, const uchar *to)
{
    size_t run = (size_t)(to - from);
    scratch_reserve(sc, *len + run + 4);
    memcpy(sc->data + *len, from, run);
    *len += run;
}

/* Parse the string whose opening quote is at ld->p. On success, *text and
 * *len give its value, pointing into the input when it has no escapes or
 * repairs and into sc otherwise (valid until sc is next used); *has_nul
 * tells whether a \u0000 was decoded (never, outside strict mode, unless
 * `nul_ok`); ld->p is past the closing quote. */
static bool parse_string(loader *ld, scratch *sc, bool nul_ok, const char **text, size_t *len,
                         bool *has_nul)
{
    const uchar *p = ld->p + 1, *end = ld->end;
    const uchar *run = p; /* start of the text not yet copied to sc */
    size_t decoded = 0;
    bool copying = false;
    *has_nul = false;
    ld->nul_ok = nul_ok;
    for (;;) {
        p = skip_plain_text(p, end);
        if (p == end) {
            loader_fail(ld, end, json_error_premature_end_of_input,
                        "premature end of input in string");
            return false;
        }
        uchar c = *p;
        if (c == '"')
            break;
        if (c >= 0x80) {
            size_t n;
            if (utf8_sequence(p, end, &n)) {
                p += n;
                continue;
            }
            if (!ld->repair) {
                loader_fail(ld, p, json_error_invalid_utf8, "invalid UTF-8 in string");
                return false;
            }
            append_run(sc, &decoded, run, p);
            decoded += utf8_encode(0xFFFD, sc->data + decoded);
            run = p += n;
            copying = true;
        } else if (c == '\\') {
            size_t n;
            append_run(sc, &decoded, run, p);
            p = decode_escape(ld, p, sc->data + decoded, &n, has_nul);
            if (!p)
                return false;
            decoded += n;
            run = p;
            copying = true;
        } else {
            if (c == '\n')
                loader_fail(ld, p, json_error_invalid_syntax, "unexpected newline in string");
            else
                loader_fail(ld, p, json_error_invalid_syntax,
                            "control character 0x%02X in string (must be escaped)", c);
            return false;
        }
    }
    if (copying) {
        append_run(sc, &decoded, run, p);
        *text = sc->data;
        *len = decoded;
    } else {
        *text = (const char *)run;
        *len = (size_t)(p - run);
    }
    ld->p = p + 1;
    return true;
}

static json_t *parse_string_value(loader *ld)
{
    const char *text;
    size_t len;
    bool has_nul;
    const uchar *at = ld->p;
    if (!parse_string(ld, &ld->value_text, ld->flags & JSON_ALLOW_NUL, &text, &len, &has_nul))
        return NULL;
    if (has_nul && !(ld->flags & JSON_ALLOW_NUL)) {
        loader_fail(ld, at, json_error_null_character, "\\u0000 is not allowed in strings");
        return NULL;
    }
    json_t *value = json_stringn_nocheck(text, len);
    if (!value)
        fail_oom(ld);
    return value;
}

/*** numbers ***/

/* json_int_t from the decimal digits [p, end) (no sign, no leading zero). */
static json_t *make_integer(loader *ld, const uchar *at, bool negative, const uchar *p,
                            const uchar *end)
{
    uint64_t magnitude = 0;
    bool overflow = false;
    if (end - p <= 18) { /* 10^18 - 1 fits with room to spare */
        for (; p < end; p++)
            magnitude = magnitude * 10 + (uint64_t)(*p - '0');
    } else {
        for (; p < end && !overflow; p++)
            overflow = __builtin_mul_overflow(magnitude, 10, &magnitude) ||
                       __builtin_add_overflow(magnitude, (uint64_t)(*p - '0'), &magnitude);
    }
    uint64_t limit = (uint64_t)JSONLOAD_INT_MAX + (negative ? 1 : 0);
    if (overflow || magnitude > limit) {
        loader_fail(ld, at, json_error_numeric_overflow,
                    negative ? "too big negative integer" : "too big integer");
        return NULL;
    }
    json_int_t value;
    if (negative && magnitude)
        value = -(json_int_t)(magnitude - 1) - 1; /* no overflow for the minimum */
    else
        value = (json_int_t)magnitude;
    json_t *json = json_integer(value);
    if (!json)
        fail_oom(ld);
    return json;
}

/* The real number whose text (sign included) is [at, end). */
static json_t *make_real(loader *ld, const uchar *at, const uchar *digits, const uchar *end,
                         bool negative)
{
    double value;
    switch (jsonload_real(at, digits, end, negative, &value)) {
    case JSONLOAD_REAL_NO_MEMORY:
        fail_oom(ld);
        return NULL;
    case JSONLOAD_REAL_OVERFLOW:
        loader_fail(ld, at, json_error_numeric_overflow, "real number overflow");
        return NULL;
    case JSONLOAD_REAL_OK:
        break;
    }
    json_t *json = json_real(value);
    if (!json)
        fail_oom(ld);
    return json;
}

/* A number per RFC 8259 at ld->p: integer unless it has a fraction or an
 * exponent (or JSON_DECODE_INT_AS_REAL is set). */
static json_t *parse_number(loader *ld)
{
    const uchar *at = ld->p, *p = at, *end = ld->end;
    bool negative = *p == '-';
    if (negative)
        p++;
    const uchar *digits = p;
    if (p < end && *p == '0') {
        p++;
        if (p < end && is_digit(*p)) {
            loader_fail(ld, at, json_error_invalid_syntax, "invalid number: leading zero");
            return NULL;
        }
    } else if (p < end && is_digit(*p)) {
        while (p < end && is_digit(*p))
            p++;
    } else {
        loader_fail(ld, p, json_error_invalid_syntax, "invalid number: digit expected");
        return NULL;
    }
    const uchar *int_end = p;
    bool real = (ld->flags & JSON_DECODE_INT_AS_REAL) != 0;
    if (p < end && *p == '.') {
        p++;
        if (p == end || !is_digit(*p)) {
            loader_fail(ld, p, json_error_invalid_syntax,
                        "invalid number: digit expected after '.'");
            return NULL;
        }
        while (p < end && is_digit(*p))
            p++;
        real = true;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p == end || !is_digit(*p)) {
            loader_fail(ld, p, json_error_invalid_syntax,
                        "invalid number: digit expected in exponent");
            return NULL;
        }
        while (p < end && is_digit(*p))
            p++;
        real = true;
    }
    ld->p = p;
    if (real)
        return make_real(ld, at, digits, p, negative);
    return make_integer(ld, at, negative, digits, int_end);
}

/*** literals and values ***/

static json_t *parse_literal(loader *ld)
{
    const uchar *p = ld->p;
    size_t avail = (size_t)(ld->end - p), len;
    json_t *value;
    if (avail >= 4 && memcmp(p, "true", 4) == 0) {
        value = json_true();
        len = 4;
    } else if (avail >= 5 && memcmp(p, "false", 5) == 0) {
        value = json_false();
        len = 5;
    } else if (avail >= 4 && memcmp(p, "null", 4) == 0) {
        value = json_null();
        len = 4;
    } else {
        value = NULL;
        len = 0;
    }
    /* Like Jansson, a literal runs to the last letter: "truex" is invalid. */
    if (!value || (len < avail && is_alpha(p[len]))) {
        loader_fail(ld, p, json_error_invalid_syntax,
                    "invalid literal (true, false or null expected)");
        return NULL;
    }
    ld->p = p + len;
    return value;
}

/* A scalar at ld->p (containers are opened by the caller). */
static json_t *parse_scalar(loader *ld)
{
    if (ld->p == ld->end) {
        loader_fail(ld, ld->end, json_error_premature_end_of_input,
                    "premature end of input, value expected");
        return NULL;
    }
    uchar c = *ld->p;
    if (c == '"')
        return parse_string_value(ld);
    if (c == '-' || is_digit(c))
        return parse_number(ld);
    if (c == 't' || c == 'f' || c == 'n')
        return parse_literal(ld);
    char b[8];
    loader_fail(ld, ld->p, json_error_invalid_syntax, "unexpected %s, value expected",
                byte_text(c, b));
    return NULL;
}

/* The key of an object member, its quote at ld->p, and the ':' after it. */
static bool parse_member_key(loader *ld, json_t *object)
{
    if (ld->p == ld->end || *ld->p != '"') {
        char b[8];
        if (ld->p == ld->end)
            loader_fail(ld, ld->end, json_error_premature_end_of_input,
                        "premature end of input, string or '}' expected");
        else
            loader_fail(ld, ld->p, json_error_invalid_syntax,
                        "unexpected %s, string or '}' expected", byte_text(*ld->p, b));
        return false;
    }
    const uchar *at = ld->p;
    bool has_nul;
    if (!parse_string(ld, &ld->key_text, false, &ld->key, &ld->key_len, &has_nul))
        return false;
    if (has_nul) {
        loader_fail(ld, at, json_error_null_byte_in_key, "NUL byte in object key not supported");
        return false;
    }
    if ((ld->flags & JSON_REJECT_DUPLICATES) && json_object_getn(object, ld->key, ld->key_len)) {
        loader_fail(ld, at, json_error_duplicate_key, "duplicate object key");
        return false;
    }
    ld->p = skip_space(ld->p, ld->end);
    if (ld->p == ld->end || *ld->p != ':') {
        loader_fail(ld, ld->p,
                    ld->p == ld->end ? json_error_premature_end_of_input
                                     : json_error_invalid_syntax,
                    "':' expected after object key");
        return false;
    }
    ld->p++;
    return true;
}

/* Hand value to its parent (to *root when there is none); the parent owns it
 * from here on, even on failure. */
static bool attach(loader *ld, json_t *parent, json_t *value, json_t **root)
{
    if (!parent) {
        *root = value;
        return true;
    }
    int rc = json_is_object(parent)
                 ? json_object_setn_new_nocheck(parent, ld->key, ld->key_len, value)
                 : json_array_append_new(parent, value);
    if (rc)
        fail_oom(ld);
    return rc == 0;
}

/* After a complete value: read separators and closing brackets until the
 * next value is due (true, with the next key read for objects) or the
 * document's value is complete (*done). */
static bool close_containers(loader *ld, json_t **stack, size_t *depth, bool *done)
{
    while (*depth > 0) {
        json_t *parent = stack[*depth - 1];
        bool in_object = json_is_object(parent);
        ld->p = skip_space(ld->p, ld->end);
        if (ld->p < ld->end && *ld->p == ',') {
            ld->p = skip_space(ld->p + 1, ld->end);
            return in_object ? parse_member_key(ld, parent) : true;
        }
        if (ld->p < ld->end && *ld->p == (in_object ? '}' : ']')) {
            ld->p++;
            (*depth)--;
            continue;
        }
        if (ld->p == ld->end) {
            loader_fail(ld, ld->end, json_error_premature_end_of_input,
                        in_object ? "premature end of input, ',' or '}' expected"
                                  : "premature end of input, ',' or ']' expected");
        } else {
            char b[8];
            loader_fail(ld, ld->p, json_error_invalid_syntax,
                        in_object ? "unexpected %s, ',' or '}' expected"
                                  : "unexpected %s, ',' or ']' expected",
                        byte_text(*ld->p, b));
        }
        return false;
    }
    *done = true;
    return true;
}

/* Open the object or array at ld->p, attached to parent; pushes it unless it
 * is empty. Sets *value_due when a member value or element comes next. */
static bool open_container(loader *ld, json_t *parent, json_t **root, json_t **stack, size_t *depth,
                           bool *value_due)
{
    bool object = *ld->p == '{';
    json_t *container = object ? json_object() : json_array();
    if (!container) {
        fail_oom(ld);
        return false;
    }
    if (!attach(ld, parent, container, root))
        return false;
    ld->p = skip_space(ld->p + 1, ld->end);
    if (ld->p < ld->end && *ld->p == (object ? '}' : ']')) {
        ld->p++;
        *value_due = false;
        return true;
    }
    stack[(*depth)++] = container;
    *value_due = true;
    return object ? parse_member_key(ld, container) : true;
}

/* The whole document's value; NULL on error (the error is set). */
static json_t *load_document(loader *ld)
{
    json_t *stack[JSON_PARSER_MAX_DEPTH];
    size_t depth = 0;
    json_t *root = NULL;
    bool done = false;

    ld->p = skip_space(ld->p, ld->end);
    if (!(ld->flags & JSON_DECODE_ANY) && (ld->p == ld->end || (*ld->p != '[' && *ld->p != '{'))) {
        loader_fail(ld, ld->p, json_error_invalid_syntax, "'[' or '{' expected");
        return NULL;
    }
    while (!done) {
        /* A value is due here: the document's, a member's or an element. */
        ld->p = skip_space(ld->p, ld->end);
        /* Jansson counts the innermost scalar as a level too. */
        if (depth >= JSON_PARSER_MAX_DEPTH) {
            loader_fail(ld, ld->p, json_error_stack_overflow, "maximum nesting depth (%d) exceeded",
                        JSON_PARSER_MAX_DEPTH);
            goto failed;
        }
        json_t *parent = depth ? stack[depth - 1] : NULL;
        if (ld->p < ld->end && (*ld->p == '{' || *ld->p == '[')) {
            bool value_due;
            if (!open_container(ld, parent, &root, stack, &depth, &value_due))
                goto failed;
            if (value_due)
                continue;
        } else {
            json_t *value = parse_scalar(ld);
            if (!value || !attach(ld, parent, value, &root))
                goto failed;
        }
        if (!close_containers(ld, stack, &depth, &done))
            goto failed;
    }
    if (!(ld->flags & JSON_DISABLE_EOF_CHECK)) {
        ld->p = skip_space(ld->p, ld->end);
        if (ld->p != ld->end) {
            loader_fail(ld, ld->p, json_error_end_of_input_expected,
                        "end of file expected after the value");
            goto failed;
        }
    }
    return root;

failed:
    json_decref(root);
    return NULL;
}

json_t *json_load_fast(const char *buf, size_t len, size_t flags, json_error_t *error)
{
    error_init(error);
    if (!buf) {
        if (error) {
            snprintf(error->text, JSON_ERROR_TEXT_LENGTH - 1, "%s", "wrong arguments");
            error->text[JSON_ERROR_TEXT_LENGTH - 1] = (char)json_error_invalid_argument;
        }
        return NULL;
    }
    loader ld = {
        .start = (const uchar *)buf,
        .p = (const uchar *)buf,
        .end = (const uchar *)buf + len,
        .flags = flags,
        .repair = !(flags & JSONLOAD_STRICT),
        .error = error,
    };
    json_t *root = load_document(&ld);
    if (root && error)
        error->position = (int)(ld.p - ld.start);
    free(ld.key_text.data);
    free(ld.value_text.data);
    return root;
}
