#include "strmap.h"

#include "common/xmalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short keys (ids, IPs), no adversarial tuning needed beyond
 * keeping probe sequences short at a load factor of at most one half. */
static size_t strmap_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 32));
}

static size_t strmap_probe(const strmap_slot *slots, size_t nslots, const char *key)
{
    size_t mask = nslots - 1, i = strmap_hash(key) & mask;
    while (slots[i].key && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & mask;
    return i;
}

static void strmap_grow(strmap *m)
{
    size_t nslots = m->nslots ? m->nslots * 2 : 16;
    strmap_slot *slots = xcalloc(nslots, sizeof *slots);
    for (size_t i = 0; i < m->nslots; i++) {
        if (m->slots[i].key)
            slots[strmap_probe(slots, nslots, m->slots[i].key)] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = nslots;
}

void strmap_put(strmap *m, const char *key, size_t value)
{
    if ((m->count + 1) * 2 > m->nslots)
        strmap_grow(m);
    size_t i = strmap_probe(m->slots, m->nslots, key);
    if (!m->slots[i].key) {
        m->slots[i].key = key;
        m->count++;
    }
    m->slots[i].value = value;
}

bool strmap_get(const strmap *m, const char *key, size_t *value)
{
    if (!m->nslots || !key)
        return false;
    size_t i = strmap_probe(m->slots, m->nslots, key);
    if (!m->slots[i].key)
        return false;
    *value = m->slots[i].value;
    return true;
}

void strmap_clear(strmap *m)
{
    if (m->slots)
        memset(m->slots, 0, m->nslots * sizeof *m->slots);
    m->count = 0;
}

void strmap_free(strmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->nslots = m->count = 0;
}
