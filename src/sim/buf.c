/* Growable buffer and JSON text. See buf.h. */
#include "sim/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim_buf_init(sim_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

static bool buf_reserve(sim_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *grown = realloc(b->data, cap);
    if (!grown) {
        b->failed = true;
        return false;
    }
    b->data = grown;
    b->cap = cap;
    return true;
}

bool sim_buf_append(sim_buf *b, const char *s, size_t len)
{
    if (!buf_reserve(b, len))
        return false;
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool sim_buf_puts(sim_buf *b, const char *s)
{
    return sim_buf_append(b, s, strlen(s));
}

bool sim_buf_printf(sim_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

/* ---- JSON writer ----
 * Byte-for-byte the output of json_dump_callback(SIM_JSON_FLAGS), written
 * straight into the buffer: big pages spend most of their time here, and
 * jansson's per-token callbacks and key-sorting lookups cost several times
 * more than this direct walk. */

#define JSON_MAX_DEPTH 64
#define JSON_STACK_KEYS 64

typedef struct json_pair {
    const char *key;
    size_t key_len;
    json_t *value;
} json_pair;

static bool write_value(sim_buf *b, const json_t *j, int depth);

static void write_string(sim_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    /* Worst case every byte becomes \u00XX: reserve once, write in place. */
    if (len > (SIZE_MAX - 2) / 6 || !buf_reserve(b, len * 6 + 2))
        return;
    char *out = b->data + b->len;
    *out++ = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *out++ = (char)c;
            continue;
        }
        *out++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *out++ = (char)c;
            break;
        case '\b':
            *out++ = 'b';
            break;
        case '\f':
            *out++ = 'f';
            break;
        case '\n':
            *out++ = 'n';
            break;
        case '\r':
            *out++ = 'r';
            break;
        case '\t':
            *out++ = 't';
            break;
        default:
            memcpy(out, "u00", 3);
            out[3] = hex[c >> 4];
            out[4] = hex[c & 15];
            out += 5;
            break;
        }
    }
    *out++ = '"';
    b->len = (size_t)(out - b->data);
    b->data[b->len] = '\0';
}

static void write_integer(sim_buf *b, json_int_t v)
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
    sim_buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* As jansson's jsonp_dtostr: %.15g, a ".0" when it would read as an
 * integer, no '+' or leading zeros in the exponent. */
static void write_real(sim_buf *b, double v)
{
    char tmp[40];
    int n = snprintf(tmp, sizeof tmp, "%.15g", v);
    if (n < 0 || (size_t)n >= sizeof tmp - 3) {
        b->failed = true;
        return;
    }
    if (!strchr(tmp, '.') && !strchr(tmp, 'e')) {
        memcpy(tmp + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(tmp, 'e');
    if (e) {
        char *start = e + 1;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(tmp + n - end) + 1);
            n -= (int)(end - start);
        }
    }
    sim_buf_append(b, tmp, (size_t)n);
}

static int pair_compare(const void *a, const void *b)
{
    return strcmp(((const json_pair *)a)->key, ((const json_pair *)b)->key);
}

static bool write_object(sim_buf *b, const json_t *j, int depth)
{
    size_t n = json_object_size(j);
    if (n == 0)
        return sim_buf_append(b, "{}", 2);
    json_pair stack[JSON_STACK_KEYS];
    json_pair *pairs = n <= JSON_STACK_KEYS ? stack : malloc(n * sizeof *pairs);
    if (!pairs) {
        b->failed = true;
        return false;
    }
    size_t i = 0;
    bool sorted = true;
    const char *key;
    json_t *value;
    void *iter = json_object_iter((json_t *)j);
    while (iter && i < n) {
        key = json_object_iter_key(iter);
        value = json_object_iter_value(iter);
        pairs[i].key = key;
        pairs[i].key_len = json_object_iter_key_len(iter);
        pairs[i].value = value;
        if (i > 0 && sorted && strcmp(pairs[i - 1].key, key) > 0)
            sorted = false;
        i++;
        iter = json_object_iter_next((json_t *)j, iter);
    }
    n = i;
    if (!sorted)
        qsort(pairs, n, sizeof *pairs, pair_compare);
    sim_buf_append(b, "{", 1);
    for (i = 0; i < n && !b->failed; i++) {
        if (i)
            sim_buf_append(b, ", ", 2);
        write_string(b, pairs[i].key, pairs[i].key_len);
        sim_buf_append(b, ": ", 2);
        write_value(b, pairs[i].value, depth + 1);
    }
    sim_buf_append(b, "}", 1);
    if (pairs != stack)
        free(pairs);
    return !b->failed;
}

static bool write_value(sim_buf *b, const json_t *j, int depth)
{
    if (depth > JSON_MAX_DEPTH || !j) {
        b->failed = true;
        return false;
    }
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return write_object(b, j, depth);
    case JSON_ARRAY: {
        size_t n = json_array_size(j);
        sim_buf_append(b, "[", 1);
        for (size_t i = 0; i < n && !b->failed; i++) {
            if (i)
                sim_buf_append(b, ", ", 2);
            write_value(b, json_array_get(j, i), depth + 1);
        }
        return sim_buf_append(b, "]", 1);
    }
    case JSON_STRING:
        write_string(b, json_string_value(j), json_string_length(j));
        break;
    case JSON_INTEGER:
        write_integer(b, json_integer_value(j));
        break;
    case JSON_REAL:
        write_real(b, json_real_value(j));
        break;
    case JSON_TRUE:
        sim_buf_append(b, "true", 4);
        break;
    case JSON_FALSE:
        sim_buf_append(b, "false", 5);
        break;
    default:
        sim_buf_append(b, "null", 4);
        break;
    }
    return !b->failed;
}

bool sim_buf_json(sim_buf *b, const json_t *j)
{
    if (b->failed)
        return false;
    return write_value(b, j, 0);
}

char *sim_buf_steal(sim_buf *b, size_t *len)
{
    if (b->failed || !buf_reserve(b, 0)) {
        sim_buf_free(b);
        return NULL;
    }
    char *data = b->data;
    if (len)
        *len = b->len;
    sim_buf_init(b);
    return data;
}

void sim_buf_free(sim_buf *b)
{
    free(b->data);
    sim_buf_init(b);
}

char *sim_json_text(const json_t *j, size_t *len)
{
    sim_buf b;
    sim_buf_init(&b);
    sim_buf_json(&b, j);
    return sim_buf_steal(&b, len);
}

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid. */
static size_t utf8_valid_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

char *sim_utf8_scrub(const char *s)
{
    sim_buf b;
    sim_buf_init(&b);
    sim_buf_append(&b, "", 0);
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t n = utf8_valid_len(p);
        if (n) {
            sim_buf_append(&b, (const char *)p, n);
            p += n;
        } else {
            sim_buf_append(&b, "\xEF\xBF\xBD", 3);
            p++;
        }
    }
    return sim_buf_steal(&b, NULL);
}
