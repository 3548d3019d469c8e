/* Query-string parsing and encoding. See query.h. */
#include "sim/query.h"

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
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
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

static int query_append(sim_query *q, const char *k, size_t klen, const char *v, size_t vlen)
{
    sim_param *grown = realloc(q->params, (q->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    q->params = grown;
    char *key = url_decode(k, klen);
    char *value = url_decode(v, vlen);
    if (!key || !value) {
        free(key);
        free(value);
        return -1;
    }
    q->params[q->count].key = key;
    q->params[q->count].value = value;
    q->count++;
    return 0;
}

int sim_query_parse_len(sim_query *q, const char *raw, size_t len)
{
    q->params = NULL;
    q->count = 0;
    if (!raw)
        return 0;
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
            if (query_append(q, raw + i, klen, v, vlen) != 0) {
                sim_query_free(q);
                return -1;
            }
        }
        i = end + 1;
    }
    return 0;
}

int sim_query_parse(sim_query *q, const char *raw)
{
    return sim_query_parse_len(q, raw, raw ? strlen(raw) : 0);
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
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
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
static bool link_append(char **buf, size_t *len, size_t *cap, const char *k, const char *v)
{
    char *ek = sim_url_encode(k), *ev = sim_url_encode(v);
    bool ok = ek && ev;
    size_t need = ok ? strlen(ek) + strlen(ev) + 3 : 0;
    if (ok && *len + need >= *cap) {
        size_t ncap = (*cap + need) * 2;
        char *grown = realloc(*buf, ncap);
        ok = grown != NULL;
        if (ok) {
            *buf = grown;
            *cap = ncap;
        }
    }
    if (ok)
        *len += (size_t)sprintf(*buf + *len, "%s%s=%s", (*buf)[*len - 1] == '?' ? "" : "&", ek, ev);
    free(ek);
    free(ev);
    return ok;
}

char *sim_query_link(const sim_query *q, const char *path, long limit, long offset)
{
    size_t cap = strlen(path) + 64, len;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    len = (size_t)sprintf(buf, "%s?", path);
    for (size_t i = 0; i < q->count; i++) {
        const char *k = q->params[i].key;
        if (strcmp(k, "limit") == 0 || strcmp(k, "offset") == 0)
            continue;
        if (!link_append(&buf, &len, &cap, k, q->params[i].value)) {
            free(buf);
            return NULL;
        }
    }
    char num[32];
    snprintf(num, sizeof num, "%ld", limit);
    bool ok = link_append(&buf, &len, &cap, "limit", num);
    snprintf(num, sizeof num, "%ld", offset);
    ok = ok && link_append(&buf, &len, &cap, "offset", num);
    if (!ok) {
        free(buf);
        return NULL;
    }
    return buf;
}
