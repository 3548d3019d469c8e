/* Fast JSON text from a Jansson tree. See jsonwrite.h.
 *
 * The layout rules are Jansson's (dump.c): "[" and "{" are followed by a
 * line break only when indenting; items are separated by "," plus a line
 * break (indenting), nothing (JSON_COMPACT) or a space; keys by ":" plus a
 * space unless compact; empty containers are "[]" and "{}".
 *
 * Most of the time goes to the members of objects, so a member whose key
 * needs no escaping is written with one reservation and straight copies. */
#include "common/jsonwrite.h"
#include "common/bytescan.h"
#include "common/sanitize.h"
#include "common/xmalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FLAGS_INDENT(flags) ((flags)&0x1F)
#define FLAGS_PRECISION(flags) (((flags) >> 11) & 0x1F)
#define REFUSED_FLAGS (JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH | JSON_EMBED)

/* Stream in chunks of this size: large enough that each write() is cheap. */
#define FLUSH_AT (64 * 1024)

/* Indentation is copied 16 spaces at a time, so reservations leave room
 * for that much beyond what is kept. */
#define SLACK 16

/* One member of an object, collected to be sorted or filtered. */
typedef struct member {
    const char *key;
    size_t key_len;
    json_t *value;
    bool plain; /* the key is printable ASCII without '"' or '\\' */
} member;

typedef struct writer {
    strbuf *out;
    FILE *sink; /* NULL: keep everything in out */
    bool failed;
    bool compact;
    bool sort;
    unsigned indent;
    int precision;
    jsonw_filter_fn filter;
    void *filter_ctx;
    bool filter_keeps_ascii;
    strbuf scratch; /* the filter's output */
    /* Members of the objects being collected, innermost last (one array for
     * the whole walk, so deep trees cost no stack and no malloc per object). */
    member *members;
    size_t nmembers, members_cap;
} writer;

static void write_value(writer *w, const json_t *j, unsigned depth);

/* ---- output ---- */

/* Room for n more bytes (and the NUL); returns where they go. */
static inline char *room(writer *w, size_t n)
{
    strbuf *o = w->out;
    if (o->cap - o->len <= n)
        sb_reserve(o, n);
    return o->data + o->len;
}

/* The bytes up to `end` were written in place. */
static inline void commit(writer *w, char *end)
{
    w->out->len = (size_t)(end - w->out->data);
    *end = '\0';
}

static inline void put(writer *w, const char *s, size_t n)
{
    char *o = room(w, n);
    memcpy(o, s, n);
    commit(w, o + n);
}

static void flush(writer *w)
{
    if (!w->sink || w->out->len == 0)
        return;
    if (fwrite(w->out->data, 1, w->out->len, w->sink) != w->out->len)
        w->failed = true;
    sb_reset(w->out);
}

static inline void maybe_flush(writer *w)
{
    if (w->sink && w->out->len >= FLUSH_AT)
        flush(w);
}

/* Length of what goes before an item at `depth` (see put_separator). */
static inline size_t separator_len(const writer *w, unsigned depth, bool after_item)
{
    if (w->indent)
        return (after_item ? 2 : 1) + (size_t)depth * w->indent;
    return after_item ? (w->compact ? 1 : 2) : 0;
}

/* What goes before an item at `depth`, at o (room for separator_len() +
 * SLACK): "," after an earlier item, then a line break and indentation, or
 * a space unless compact. Returns the end. */
static inline char *put_separator(const writer *w, char *o, unsigned depth, bool after_item)
{
    static const char spaces[SLACK + 1] = "                ";
    if (after_item)
        *o++ = ',';
    if (w->indent) {
        size_t n = (size_t)depth * w->indent;
        *o++ = '\n';
        if (n <= SLACK)
            memcpy(o, spaces, SLACK);
        else
            memset(o, ' ', n);
        return o + n;
    }
    if (after_item && !w->compact)
        *o++ = ' ';
    return o;
}

static void put_break(writer *w, unsigned depth, bool after_item)
{
    char *o = room(w, separator_len(w, depth, after_item) + SLACK);
    commit(w, put_separator(w, o, depth, after_item));
}

/* ---- strings ---- */

static inline bool byte_needs_escape(unsigned char c)
{
    return c == '"' || c == '\\' || c < 0x20;
}

static inline uint64_t word_needs_escape(uint64_t x)
{
    return bytescan_eq(x, '"') | bytescan_eq(x, '\\') | bytescan_below(x, 0x20);
}

/* Plain text: printable ASCII that needs no escape. */
static inline bool byte_not_plain(unsigned char c)
{
    return byte_needs_escape(c) || c > 0x7E;
}

static inline uint64_t word_not_plain(uint64_t x)
{
    return word_needs_escape(x) | bytescan_at_least(x, 0x7F);
}

static BYTESCAN_INLINE bool is_plain(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    return bytescan_find(p, p + len, word_not_plain, byte_not_plain) == p + len;
}

/* The escape for c (which needs one) at o; returns its end. */
static char *escape_byte(char *o, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char short_form[0x20] = {
        ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
    };
    *o++ = '\\';
    if (c == '"' || c == '\\') {
        *o++ = (char)c;
    } else if (short_form[c]) {
        *o++ = short_form[c];
    } else {
        memcpy(o, "u00", 3);
        o[3] = hex[c >> 4];
        o[4] = hex[c & 15];
        o += 5;
    }
    return o;
}

/* s as a quoted JSON string: runs that need no escape copied in bulk. */
static void put_string(writer *w, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    char *o = room(w, len + 2);
    *o++ = '"';
    for (;;) {
        const unsigned char *run = p;
        p = bytescan_find(p, end, word_needs_escape, byte_needs_escape);
        memcpy(o, run, (size_t)(p - run));
        o += p - run;
        if (p == end)
            break;
        /* Room for this escape (6 bytes at most), the rest and the quote. */
        commit(w, o);
        o = room(w, (size_t)(end - p) + 6);
        o = escape_byte(o, *p++);
    }
    *o++ = '"';
    commit(w, o);
}

/* Plain text needs only its quotes. */
static inline char *put_plain_at(char *o, const char *s, size_t len)
{
    *o++ = '"';
    memcpy(o, s, len);
    o += len;
    *o++ = '"';
    return o;
}

static void write_string(writer *w, const char *s, size_t len)
{
    if (w->filter) {
        if (w->filter_keeps_ascii && is_plain(s, len)) {
            commit(w, put_plain_at(room(w, len + 2), s, len));
            return;
        }
        s = w->filter(s, len, &len, &w->scratch, w->filter_ctx);
    }
    put_string(w, s, len);
}

/* ---- numbers ---- */

static void write_integer(writer *w, json_int_t v)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put(w, p, (size_t)(tmp + sizeof tmp - p));
}

/* printf puts the locale's decimal point between the digits (the program
 * may run under LC_NUMERIC=de_DE): whatever sits between the leading
 * digits and the next digit or exponent becomes '.'. */
static size_t dot_decimal_point(char *t, size_t n)
{
    size_t i = t[0] == '-' ? 1 : 0;
    while (i < n && t[i] >= '0' && t[i] <= '9')
        i++;
    if (i == n || t[i] == 'e' || t[i] == '.')
        return n;
    size_t j = i;
    while (j < n && !(t[j] >= '0' && t[j] <= '9') && t[j] != 'e')
        j++;
    t[i] = '.';
    memmove(t + i + 1, t + j, n - j + 1);
    return n - (j - i - 1);
}

/* As Jansson's jsonp_dtostr: %.<precision>g, ".0" appended when the text
 * would read as an integer, no '+' or leading zeros in the exponent. */
static void write_real(writer *w, double v)
{
    if (!isfinite(v)) {
        w->failed = true;
        return;
    }
    char t[100];
    int r = snprintf(t, sizeof t - 3, "%.*g", w->precision, v);
    if (r < 0 || (size_t)r >= sizeof t - 3) {
        w->failed = true;
        return;
    }
    size_t n = dot_decimal_point(t, (size_t)r);
    if (!memchr(t, '.', n) && !memchr(t, 'e', n)) {
        memcpy(t + n, ".0", 3);
        n += 2;
    }
    char *e = memchr(t, 'e', n);
    if (e) {
        char *start = e + 1; /* the sign */
        char *digits = start + 1;
        if (*start == '-')
            start++;
        while (*digits == '0')
            digits++;
        if (digits != start) {
            memmove(start, digits, (size_t)(t + n - digits) + 1);
            n -= (size_t)(digits - start);
        }
    }
    put(w, t, n);
}

/* ---- containers ---- */

static void write_array(writer *w, const json_t *j, unsigned depth)
{
    size_t n = json_array_size(j);
    if (n == 0) {
        put(w, "[]", 2);
        return;
    }
    put(w, "[", 1);
    for (size_t i = 0; i < n && !w->failed; i++) {
        put_break(w, depth + 1, i > 0);
        write_value(w, json_array_get(j, i), depth + 1);
        maybe_flush(w);
    }
    put_break(w, depth, false);
    put(w, "]", 1);
}

/* One "key": value of an object at `depth`, after a separator unless it is
 * the first. The key was filtered already (or needs no filter). */
static void write_member(writer *w, const member *m, unsigned depth, bool first)
{
    size_t sep = separator_len(w, depth + 1, !first);
    if (m->plain) {
        char *o = room(w, sep + m->key_len + 4 + SLACK);
        o = put_separator(w, o, depth + 1, !first);
        o = put_plain_at(o, m->key, m->key_len);
        *o++ = ':';
        if (!w->compact)
            *o++ = ' ';
        commit(w, o);
    } else {
        put_break(w, depth + 1, !first);
        put_string(w, m->key, m->key_len);
        put(w, ": ", w->compact ? 1 : 2);
    }
    write_value(w, m->value, depth + 1);
    maybe_flush(w);
}

/* Jansson's key order: bytes, then length. */
static int member_compare(const void *pa, const void *pb)
{
    const member *a = pa, *b = pb;
    size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
    int r = memcmp(a->key, b->key, n);
    if (r)
        return r;
    return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
}

/* Room for n more members on the stack. */
static void members_reserve(writer *w, size_t n)
{
    if (n <= w->members_cap - w->nmembers)
        return;
    size_t cap = w->members_cap ? w->members_cap : 64;
    while (cap - w->nmembers < n)
        cap *= 2;
    w->members = xrealloc(w->members, cap * sizeof *w->members);
    w->members_cap = cap;
}

/* What collecting an object's members found out. */
typedef struct collected {
    size_t count;
    bool sorted;       /* keys already in Jansson's sort order */
    bool keys_changed; /* the filter rewrites a key */
} collected;

/* Push the members of `j` onto the member stack, checking their keys
 * against the filter (unless `keys_final`) and their order. */
static collected collect_members(writer *w, const json_t *j, bool keys_final)
{
    collected c = {0, true, false};
    size_t n = json_object_size(j);
    members_reserve(w, n);
    member *m = w->members + w->nmembers;
    for (void *it = json_object_iter((json_t *)j); it && c.count < n;
         it = json_object_iter_next((json_t *)j, it)) {
        member *cur = &m[c.count];
        cur->key = json_object_iter_key(it);
        cur->key_len = json_object_iter_key_len(it);
        cur->value = json_object_iter_value(it);
        cur->plain = is_plain(cur->key, cur->key_len);
        if (w->filter && !keys_final && !(cur->plain && w->filter_keeps_ascii)) {
            size_t len;
            const char *f = w->filter(cur->key, cur->key_len, &len, &w->scratch, w->filter_ctx);
            c.keys_changed |= f != cur->key;
        }
        if (w->sort && c.count > 0 && c.sorted && member_compare(cur - 1, cur) > 0)
            c.sorted = false;
        c.count++;
    }
    return c;
}

/* The object with its keys filtered, merged as json_object_set() would
 * when two become equal (values shared, not copied); NULL when a filtered
 * key is not valid UTF-8. */
static json_t *object_with_filtered_keys(writer *w, const json_t *j)
{
    json_t *copy = json_object();
    if (!copy)
        abort();
    for (void *it = json_object_iter((json_t *)j); it;
         it = json_object_iter_next((json_t *)j, it)) {
        size_t len;
        const char *key = w->filter(json_object_iter_key(it), json_object_iter_key_len(it), &len,
                                    &w->scratch, w->filter_ctx);
        if (json_object_setn(copy, key, len, json_object_iter_value(it)) != 0) {
            json_decref(copy);
            return NULL;
        }
    }
    return copy;
}

static void write_object(writer *w, const json_t *j, unsigned depth, bool keys_final);

/* An object whose keys the filter rewrites: written as its filtered copy. */
static void write_object_filtered_keys(writer *w, const json_t *j, unsigned depth)
{
    json_t *copy = object_with_filtered_keys(w, j);
    if (!copy) {
        w->failed = true;
        return;
    }
    write_object(w, copy, depth, true);
    json_decref(copy);
}

/* Objects are written from the member stack: collecting first lets keys
 * be sorted, and filtered before anything of the object is written. */
static void write_object(writer *w, const json_t *j, unsigned depth, bool keys_final)
{
    if (json_object_size(j) == 0) {
        put(w, "{}", 2);
        return;
    }
    size_t base = w->nmembers;
    collected c = collect_members(w, j, keys_final);
    if (c.keys_changed) {
        write_object_filtered_keys(w, j, depth);
        return;
    }
    if (w->sort && !c.sorted)
        qsort(w->members + base, c.count, sizeof *w->members, member_compare);
    w->nmembers = base + c.count;
    put(w, "{", 1);
    /* Nested objects may move the stack: index it from its start. */
    for (size_t i = 0; i < c.count && !w->failed; i++)
        write_member(w, &w->members[base + i], depth, i == 0);
    w->nmembers = base;
    put_break(w, depth, false);
    put(w, "}", 1);
}

static void write_value(writer *w, const json_t *j, unsigned depth)
{
    if (!j || depth > JSONW_MAX_DEPTH) {
        w->failed = true;
        return;
    }
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        write_object(w, j, depth, false);
        break;
    case JSON_ARRAY:
        write_array(w, j, depth);
        break;
    case JSON_STRING:
        write_string(w, json_string_value(j), json_string_length(j));
        break;
    case JSON_INTEGER:
        write_integer(w, json_integer_value(j));
        break;
    case JSON_REAL:
        write_real(w, json_real_value(j));
        break;
    case JSON_TRUE:
        put(w, "true", 4);
        break;
    case JSON_FALSE:
        put(w, "false", 5);
        break;
    case JSON_NULL:
        put(w, "null", 4);
        break;
    }
}

/* ---- entry points ---- */

static bool write_tree(strbuf *out, FILE *sink, const json_t *j, const jsonw_options *opts)
{
    size_t flags = opts ? opts->flags : 0;
    if (flags & REFUSED_FLAGS)
        return false;
    writer w = {
        .out = out,
        .sink = sink,
        .compact = (flags & JSON_COMPACT) != 0,
        .sort = (flags & JSON_SORT_KEYS) != 0,
        .indent = FLAGS_INDENT(flags),
        .precision = FLAGS_PRECISION(flags) ? (int)FLAGS_PRECISION(flags) : 17,
        .filter = opts ? opts->filter : NULL,
        .filter_ctx = opts ? opts->filter_ctx : NULL,
        .filter_keeps_ascii = opts && opts->filter && opts->filter_keeps_ascii,
    };
    write_value(&w, j, 0);
    flush(&w);
    sb_free(&w.scratch);
    free(w.members);
    return !w.failed;
}

bool jsonw_append(strbuf *out, const json_t *j, const jsonw_options *opts)
{
    return write_tree(out, NULL, j, opts);
}

bool jsonw_write_file(FILE *f, const json_t *j, const jsonw_options *opts)
{
    strbuf chunk = STRBUF_INIT;
    sb_reserve(&chunk, FLUSH_AT + FLUSH_AT / 4);
    bool ok = write_tree(&chunk, f, j, opts);
    sb_free(&chunk);
    return ok;
}

const char *jsonw_sanitize_filter(const char *s, size_t len, size_t *out_len, strbuf *scratch,
                                  void *ctx)
{
    (void)ctx;
    *out_len = len;
    if (text_clean_ascii_prefix(s, len) == len)
        return s;
    /* sanitize_into() needs room for 3 bytes per input byte and the NUL. */
    if (len > (SIZE_MAX - 1) / 3)
        abort();
    sb_reset(scratch);
    sb_reserve(scratch, len * 3);
    size_t clean = sanitize_into(scratch->data, len * 3 + 1, s);
    /* Clean non-ASCII text (names in any script) also stays as it is. */
    if (clean == len && memcmp(scratch->data, s, len) == 0)
        return s;
    scratch->len = *out_len = clean;
    return scratch->data;
}
