#include "model/nodes.h"

#include "common/jsonutil.h"
#include "common/xmalloc.h"
#include "strmap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    return xcalloc(1, sizeof(node_map));
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

static void node_map_add(node_map *m, const char *ip, const char *name)
{
    size_t at;
    if (!ip || !ip[0] || !name || !name[0] || strmap_get(&m->index, ip, &at))
        return;
    if (m->count == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->entries = xrealloc(m->entries, m->cap * sizeof *m->entries);
    }
    node_entry e = {xstrdup(ip), xstrdup(name)};
    /* The index borrows the ip string, which does not move when entries
     * is reallocated. */
    strmap_put(&m->index, e.ip, m->count);
    m->entries[m->count++] = e;
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

/* ---- status words ---- */

typedef struct status_word {
    const char *word;
    const char *shown;
    node_health health;
} status_word;

static const status_word known_words[] = {
    {"SYNCED", "SYNCED", NODE_HEALTH_OK},
    {"UP", "UP", NODE_HEALTH_OK},
    {"IDLE", "IDLE", NODE_HEALTH_OK},
    {"deploy_succeeded", "succeeded", NODE_HEALTH_OK},
    {"deploy_failed", "failed", NODE_HEALTH_BAD},
    {"deploy_in_progress", "deploying", NODE_HEALTH_NEUTRAL},
};

/* Parts of a word that always mean trouble. */
static const char *const bad_parts[] = {"fail",        "error",    "down",      "unreachable",
                                        "out_of_sync", "unsynced", "timed_out", "timeout"};

static const status_word *known_word(const char *word)
{
    for (size_t i = 0; word && i < sizeof known_words / sizeof known_words[0]; i++)
        if (strcasecmp(known_words[i].word, word) == 0)
            return &known_words[i];
    return NULL;
}

node_health node_status_health(const char *word)
{
    if (!word || !word[0])
        return NODE_HEALTH_NEUTRAL;
    const status_word *k = known_word(word);
    if (k)
        return k->health;
    for (size_t i = 0; i < sizeof bad_parts / sizeof bad_parts[0]; i++)
        if (strcasestr(word, bad_parts[i]))
            return NODE_HEALTH_BAD;
    return NODE_HEALTH_NEUTRAL;
}

const char *node_status_text(const char *word)
{
    const status_word *k = known_word(word);
    return k ? k->shown : word;
}

const char *node_last_contact_field(const json_t *vm)
{
    static const char *const fields[] = {"last_attempted_contact", "last_reported", "last_updated"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *s = json_string_value(json_object_get(vm, fields[i]));
        if (s && s[0] && strcmp(s, "None") != 0)
            return fields[i];
    }
    return NULL;
}

double node_version_key(const char *v)
{
    /* major[.minor] then the build number in parentheses, if any. */
    while (v && *v && !isdigit((unsigned char)*v) && *v != '(')
        v++;
    if (!v || !*v)
        return -1;
    long major = 0, minor = 0;
    double build = 0;
    char *end = (char *)v;
    if (isdigit((unsigned char)*v)) {
        major = strtol(v, &end, 10);
        if (*end == '.' && isdigit((unsigned char)end[1]))
            minor = strtol(end + 1, &end, 10);
    }
    const char *paren = strchr(end, '(');
    if (paren)
        build = strtod(paren + 1, NULL);
    if (build < 0 || build >= 1e8)
        build = 0;
    return (double)major * 1e12 + (double)(minor % 10000) * 1e8 + build;
}
