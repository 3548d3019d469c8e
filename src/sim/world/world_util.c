/* Small utilities for the world: PRNG, times, JSON setters, a string map
 * and a pointer vector. */
#include "sim/world/world_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- PRNG: xoshiro256** seeded through splitmix64 (own code, so the same
 * seed gives the same world on every libc). ---- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void sw_rng_seed(w_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sw_rng_u64(w_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sw_rng_unit(w_rng *r)
{
    return (double)(sw_rng_u64(r) >> 11) * 0x1.0p-53;
}

int sw_rng_int(w_rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)((long long)hi - lo + 1);
    return (int)(lo + (long long)(sw_rng_u64(r) % span));
}

double sw_rng_range(w_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * sw_rng_unit(r);
}

bool sw_rng_chance(w_rng *r, double p)
{
    return sw_rng_unit(r) < p;
}

/* Irwin-Hall with four 16-bit uniforms from one draw: close enough to a
 * normal for drift noise, and much cheaper than Box-Muller at 10,000 legs. */
double sw_rng_normal(w_rng *r)
{
    uint64_t x = sw_rng_u64(r);
    double sum = 0;
    for (int i = 0; i < 4; i++)
        sum += (double)((x >> (16 * i)) & 0xffff) / 65536.0;
    return (sum - 2.0) * 1.7320508075688772;
}

int sw_rng_weighted(w_rng *r, const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    if (total <= 0)
        return 0;
    int x = sw_rng_int(r, 0, total - 1);
    for (int i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

int sw_rng_poisson(w_rng *r, double mean)
{
    if (mean <= 0)
        return 0;
    if (mean > 30) { /* normal approximation keeps big worlds cheap */
        double v = mean + sqrt(mean) * sw_rng_normal(r);
        return v < 0 ? 0 : (int)lround(v);
    }
    double limit = exp(-mean), prod = sw_rng_unit(r);
    int k = 0;
    while (prod > limit) {
        k++;
        prod *= sw_rng_unit(r);
    }
    return k;
}

void sw_rng_uuid(w_rng *r, char out[37])
{
    uint64_t a = sw_rng_u64(r), b = sw_rng_u64(r);
    a = (a & ~0xf000ULL) | 0x4000ULL;                        /* version 4 */
    b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; /* variant */
    snprintf(out, 37, "%08llx-%04llx-%04llx-%04llx-%012llx", (unsigned long long)(a >> 32),
             (unsigned long long)((a >> 16) & 0xffff), (unsigned long long)(a & 0xffff),
             (unsigned long long)(b >> 48), (unsigned long long)(b & 0xffffffffffffULL));
}

/* ---- time ---- */

void sw_w_iso(double t, bool micro, char out[W_ISO_LEN])
{
    if (!isfinite(t) || t < 0)
        t = 0;
    time_t secs = (time_t)floor(t);
    long us = (long)((t - (double)secs) * 1e6);
    if (us > 999999)
        us = 999999;
    if (us < 0)
        us = 0;
    struct tm tm;
    gmtime_r(&secs, &tm);
    size_t n = strftime(out, W_ISO_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
    if (micro && n > 0)
        snprintf(out + n, W_ISO_LEN - n, ".%06ld", us);
}

json_t *sw_w_iso_json(double t, bool micro)
{
    char buf[W_ISO_LEN];
    sw_w_iso(t, micro, buf);
    return json_string(buf);
}

double sw_w_parse_iso(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int used = 0;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                     &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &used) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double frac = 0;
    if (s[used] == '.')
        frac = strtod(s + used, NULL);
    return (double)timegm(&tm) + frac;
}

/* ---- JSON helpers: values are always replaced, never mutated in place,
 * because staged fields may share value objects with the caller. ---- */

void sw_jset_str(json_t *o, const char *k, const char *v)
{
    json_t *s = json_string(v ? v : "");
    if (!s) /* not UTF-8: keep the field present rather than drop it */
        s = json_string("");
    json_object_set_new(o, k, s);
}

void sw_jset_int(json_t *o, const char *k, long long v)
{
    json_object_set_new(o, k, json_integer(v));
}

void sw_jset_real(json_t *o, const char *k, double v)
{
    if (!isfinite(v))
        v = 0;
    json_object_set_new(o, k, json_real(v));
}

void sw_jset_bool(json_t *o, const char *k, bool v)
{
    json_object_set_new(o, k, json_boolean(v));
}

void sw_jset_null(json_t *o, const char *k)
{
    json_object_set_new(o, k, json_null());
}

const char *sw_wjson_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

bool sw_wjson_bool(const json_t *o, const char *k)
{
    return json_is_true(json_object_get(o, k));
}

long long sw_wjson_int(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

double sw_round2(double v)
{
    return round(v * 100.0) / 100.0;
}

long sw_w_array_remove_ptr(json_t *arr, const json_t *item)
{
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n; i++) {
        if (json_array_get(arr, i) == item) {
            json_array_remove(arr, i);
            return (long)i;
        }
    }
    return -1;
}

/* ---- string map (chained, FNV-1a) ---- */

static size_t map_hash(const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

void sw_w_map_init(w_map *m)
{
    m->nbuckets = 0;
    m->count = 0;
    m->buckets = NULL;
}

void sw_w_map_free(w_map *m)
{
    for (size_t i = 0; i < m->nbuckets; i++) {
        w_map_entry *e = m->buckets[i];
        while (e) {
            w_map_entry *next = e->next;
            free(e->key);
            free(e);
            e = next;
        }
    }
    free(m->buckets);
    sw_w_map_init(m);
}

static bool map_grow(w_map *m)
{
    size_t n = m->nbuckets ? m->nbuckets * 2 : 64;
    w_map_entry **b = calloc(n, sizeof(*b));
    if (!b)
        return false;
    for (size_t i = 0; i < m->nbuckets; i++) {
        w_map_entry *e = m->buckets[i];
        while (e) {
            w_map_entry *next = e->next;
            size_t h = map_hash(e->key) & (n - 1);
            e->next = b[h];
            b[h] = e;
            e = next;
        }
    }
    free(m->buckets);
    m->buckets = b;
    m->nbuckets = n;
    return true;
}

bool sw_w_map_put(w_map *m, const char *key, void *value)
{
    if ((m->count + 1) * 4 > m->nbuckets * 3 && !map_grow(m))
        return false;
    size_t h = map_hash(key) & (m->nbuckets - 1);
    for (w_map_entry *e = m->buckets[h]; e; e = e->next) {
        if (strcmp(e->key, key) == 0) {
            e->value = value;
            return true;
        }
    }
    w_map_entry *e = malloc(sizeof(*e));
    char *k = strdup(key);
    if (!e || !k) {
        free(e);
        free(k);
        return false;
    }
    e->key = k;
    e->value = value;
    e->next = m->buckets[h];
    m->buckets[h] = e;
    m->count++;
    return true;
}

void *sw_w_map_get(const w_map *m, const char *key)
{
    if (!m->nbuckets || !key)
        return NULL;
    size_t h = map_hash(key) & (m->nbuckets - 1);
    for (w_map_entry *e = m->buckets[h]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e->value;
    return NULL;
}

void sw_w_map_del(w_map *m, const char *key)
{
    if (!m->nbuckets || !key)
        return;
    size_t h = map_hash(key) & (m->nbuckets - 1);
    for (w_map_entry **pp = &m->buckets[h]; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->key, key) == 0) {
            w_map_entry *e = *pp;
            *pp = e->next;
            free(e->key);
            free(e);
            m->count--;
            return;
        }
    }
}

/* ---- pointer vector ---- */

bool sw_w_vec_push(w_vec *v, void *item)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void **items = realloc(v->items, cap * sizeof(*items));
        if (!items)
            return false;
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = item;
    return true;
}

long sw_w_vec_remove(w_vec *v, const void *item)
{
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i] == item) {
            memmove(&v->items[i], &v->items[i + 1], (v->n - i - 1) * sizeof(*v->items));
            v->n--;
            return (long)i;
        }
    }
    return -1;
}

void sw_w_vec_free(w_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}
