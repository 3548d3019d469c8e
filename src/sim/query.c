/* Query-string parsing and encoding. See query.h. */
#include "sim/query.h"

#include "common/xmalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static char *url_decode(const char *s, size_t len)
{
    char *out = xmalloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < len && (hi = hex_value(s[i + 1])) >= 0 &&
                   (lo = hex_value(s[i + 2])) >= 0) {
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    /* A decoded NUL would silently cut the string; keep what precedes it. */
    return out;
}

static void query_append(sim_query *q, const char *k, size_t klen, const char *v, size_t vlen)
{
    q->params = xrealloc(q->params, (q->count + 1) * sizeof *q->params);
    q->params[q->count].key = url_decode(k, klen);
    q->params[q->count].value = url_decode(v, vlen);
    q->count++;
}

void sim_query_parse_len(sim_query *q, const char *raw, size_t len)
{
    q->params = NULL;
    q->count = 0;
    if (!raw)
        return;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && raw[end] != '&' && raw[end] != ';')
            end++;
        if (end > i) {
            const char *eq = memchr(raw + i, '=', end - i);
            size_t klen = eq ? (size_t)(eq - (raw + i)) : end - i;
            const char *v = eq ? eq + 1 : raw + end;
            size_t vlen = eq ? (size_t)(raw + end - v) : 0;
            query_append(q, raw + i, klen, v, vlen);
        }
        i = end + 1;
    }
}

void sim_query_parse(sim_query *q, const char *raw)
{
    sim_query_parse_len(q, raw, raw ? strlen(raw) : 0);
}

void sim_query_free(sim_query *q)
{
    for (size_t i = 0; i < q->count; i++) {
        free(q->params[i].key);
        free(q->params[i].value);
    }
    free(q->params);
    q->params = NULL;
    q->count = 0;
}

const char *sim_query_get(const sim_query *q, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < q->count; i++)
        if (strcmp(q->params[i].key, key) == 0)
            found = q->params[i].value;
    return found;
}

static bool is_unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

char *sim_url_encode(const char *s)
{
    size_t len = strlen(s);
    char *out = xmalloc(len * 3 + 1);
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_unreserved(*p)) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
    return out;
}

/* Append "k=v" (encoded) to a growing buffer. */
static void link_append(char **buf, size_t *len, size_t *cap, const char *k, const char *v)
{
    char *ek = sim_url_encode(k), *ev = sim_url_encode(v);
    size_t need = strlen(ek) + strlen(ev) + 3;
    if (*len + need >= *cap) {
        *cap = (*cap + need) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    *len += (size_t)sprintf(*buf + *len, "%s%s=%s", (*buf)[*len - 1] == '?' ? "" : "&", ek, ev);
    free(ek);
    free(ev);
}

char *sim_query_link(const sim_query *q, const char *path, long limit, long offset)
{
    size_t cap = strlen(path) + 64, len;
    char *buf = xmalloc(cap);
    len = (size_t)sprintf(buf, "%s?", path);
    for (size_t i = 0; i < q->count; i++) {
        const char *k = q->params[i].key;
        if (strcmp(k, "limit") == 0 || strcmp(k, "offset") == 0)
            continue;
        link_append(&buf, &len, &cap, k, q->params[i].value);
    }
    char num[32];
    snprintf(num, sizeof num, "%ld", limit);
    link_append(&buf, &len, &cap, "limit", num);
    snprintf(num, sizeof num, "%ld", offset);
    link_append(&buf, &len, &cap, "offset", num);
    return buf;
}
