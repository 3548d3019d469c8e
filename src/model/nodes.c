#include "model/nodes.h"

#include "common/jsonutil.h"
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

typedef struct node_entry {
    char *ip;
    char *name;
} node_entry;

struct node_map {
    node_entry *entries;
    size_t count, cap;
    strmap index; /* ip -> entry */
};

node_map *node_map_new(void)
{
    return calloc(1, sizeof(node_map));
}

static void node_map_reset(node_map *m)
{
    for (size_t i = 0; i < m->count; i++) {
        free(m->entries[i].ip);
        free(m->entries[i].name);
    }
    m->count = 0;
    strmap_clear(&m->index);
}

void node_map_free(node_map *m)
{
    if (!m)
        return;
    node_map_reset(m);
    free(m->entries);
    strmap_free(&m->index);
    free(m);
}

static bool node_map_add(node_map *m, const char *ip, const char *name)
{
    size_t at;
    if (!ip || !ip[0] || !name || !name[0] || strmap_get(&m->index, ip, &at))
        return false;
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        node_entry *e = realloc(m->entries, cap * sizeof *e);
        if (!e)
            return false;
        m->entries = e;
        m->cap = cap;
    }
    node_entry e = {strdup(ip), strdup(name)};
    if (!e.ip || !e.name) {
        free(e.ip);
        free(e.name);
        return false;
    }
    /* The index borrows the ip string, which does not move when entries
     * is reallocated. */
    if (!strmap_put(&m->index, e.ip, m->count)) {
        free(e.ip);
        free(e.name);
        return false;
    }
    m->entries[m->count++] = e;
    return true;
}

size_t node_map_load(node_map *m, const json_t *objects)
{
    node_map_reset(m);
    size_t n = json_is_array(objects) ? json_array_size(objects) : 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(objects, i);
        const char *name = jget_str(o, "name");
        node_map_add(m, jget_str(o, "address"), name);
        node_map_add(m, jget_str(o, "ipv6_address"), name);
    }
    return m->count;
}

size_t node_map_count(const node_map *m)
{
    return m ? m->count : 0;
}

const char *node_map_name(const node_map *m, const char *ip)
{
    size_t at;
    if (!m || !ip || !strmap_get(&m->index, ip, &at))
        return NULL;
    return m->entries[at].name;
}

const char *node_map_label(const node_map *m, const char *ip)
{
    const char *name = node_map_name(m, ip);
    return name ? name : ip ? ip : "";
}
