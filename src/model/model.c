#include "model/model.h"

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const table_names[MT_COUNT] = {
    [MT_CONFERENCES] = "conferences",
    [MT_PARTICIPANTS] = "participants",
    [MT_ALL_PARTICIPANTS] = "all-participants",
    [MT_MEDIA_STREAMS] = "media",
    [MT_NODES] = "nodes",
    [MT_NODE_CONFIG] = "node-config",
    [MT_LOCATIONS] = "locations",
    [MT_ALARMS] = "alarms",
    [MT_REGISTRATIONS] = "registrations",
    [MT_LICENSING] = "licensing",
    [MT_HISTORY_CONFERENCES] = "history-conferences",
    [MT_HISTORY_PARTICIPANTS] = "history-participants",
    [MT_CLOUD_NODES] = "cloud-nodes",
    [MT_CLOUD_MONITORED] = "cloud-monitored",
    [MT_CLOUD_OVERFLOW] = "cloud-overflow",
    [MT_HISTORY_ALARMS] = "history-alarms",
    [MT_NODE_STATS] = "node-statistics",
    [MT_HISTORY_STREAMS] = "history-media",
    [MT_LICENSE_KINDS] = "licence-kinds",
};

/* cloud_node objects carry no id; the configuration id names the node. */
static const char *table_key(model_table_id id)
{
    return id == MT_CLOUD_NODES ? "workervm_configuration_id" : "id";
}

const char *model_table_name(model_table_id id)
{
    return id >= 0 && id < MT_COUNT ? table_names[id] : "?";
}

model *model_new(void)
{
    model *m = xcalloc(1, sizeof *m);
    m->nodes = node_map_new();
    for (int i = 0; i < MT_COUNT; i++)
        m->tables[i] = model_table_new(table_key((model_table_id)i));
    return m;
}

static void freshness_reset(model_freshness *f)
{
    free(f->last_error);
    memset(f, 0, sizeof *f);
}

void model_free(model *m)
{
    if (!m)
        return;
    for (int i = 0; i < MT_COUNT; i++) {
        model_table_free(m->tables[i]);
        freshness_reset(&m->fresh[i]);
    }
    node_map_free(m->nodes);
    free(m->participants_conference);
    free(m->streams_participant);
    free(m->history_conference);
    free(m->stats_node);
    free(m->history_streams_of);
    json_decref(m->conference_listing);
    json_decref(m->participant_confs);
    json_decref(m->intern);
    free(m);
}

model_table *model_get(model *m, model_table_id id)
{
    return m && id >= 0 && id < MT_COUNT ? m->tables[id] : NULL;
}

static void fresh_ok(model_freshness *f, double now)
{
    free(f->last_error);
    f->last_error = NULL;
    f->failures = 0;
    f->last_ok = f->last_attempt = now;
}

bool model_apply(model *m, model_table_id id, json_t *objects, double now, model_diff *diff)
{
    if (!model_get(m, id))
        return false;
    if (!model_table_apply(m->tables[id], objects, now, diff)) {
        model_note_error(m, id, "unexpected response", now);
        return false;
    }
    fresh_ok(&m->fresh[id], now);
    if (id == MT_NODE_CONFIG)
        node_map_load(m->nodes, objects);
    return true;
}

model_merge *model_merge_begin(model *m, model_table_id id, const char *field, const char *value)
{
    return model_table_merge_begin(m->tables[id], field, value);
}

bool model_merge_page(model *m, model_merge *mg, json_t *objects, double now)
{
    bool changed;
    if (model_merge_table(mg) != m->tables[MT_ALL_PARTICIPANTS] || !json_is_array(objects)) {
        model_table_merge_page(mg, objects, now, &changed);
        return changed;
    }
    /* Only what changed is built in its compact form. */
    json_t *compact = json_array();
    for (size_t i = 0; i < json_array_size(objects); i++) {
        json_t *o = json_array_get(objects, i);
        char id[160];
        if (json_is_object(o) &&
            model_table_merge_unchanged(mg, jget_id(o, "id", id, sizeof id), model_compact_hash(o)))
            continue;
        json_array_append_new(compact, model_compact_participant(m, o));
    }
    model_table_merge_page(mg, compact, now, &changed);
    json_decref(compact);
    return changed;
}

bool model_merge_end(model *m, model_table_id fresh, model_merge *mg, double now)
{
    bool changed = model_table_merge_end(mg, now, NULL);
    fresh_ok(&m->fresh[fresh], now);
    return changed;
}

void model_merge_abort(model_merge *mg)
{
    model_table_merge_abort(mg);
}

void model_note_error(model *m, model_table_id id, const char *message, double now)
{
    if (!model_get(m, id))
        return;
    model_freshness *f = &m->fresh[id];
    free(f->last_error);
    f->last_error = sanitize_text(message && message[0] ? message : "refresh failed");
    f->failures++;
    f->last_attempt = now;
}

double model_age(const model *m, model_table_id id, double now)
{
    if (!m || id < 0 || id >= MT_COUNT || m->fresh[id].last_ok <= 0)
        return -1;
    double age = now - m->fresh[id].last_ok;
    return age > 0 ? age : 0;
}

const char *model_last_error(const model *m, model_table_id id)
{
    return m && id >= 0 && id < MT_COUNT ? m->fresh[id].last_error : NULL;
}

/* Replace *slot with a copy of scope; true when it really changed. */
static bool scope_change(char **slot, const char *scope)
{
    if ((!*slot && !scope) || (*slot && scope && strcmp(*slot, scope) == 0))
        return false;
    free(*slot);
    *slot = scope ? xstrdup(scope) : NULL;
    return true;
}

static void scope_table(model *m, model_table_id id, char **slot, const char *scope)
{
    if (!scope_change(slot, scope))
        return;
    model_table_clear(m->tables[id]);
    freshness_reset(&m->fresh[id]);
}

void model_scope_participants(model *m, const char *conference_name)
{
    scope_table(m, MT_PARTICIPANTS, &m->participants_conference, conference_name);
}

void model_scope_streams(model *m, const char *participant_id)
{
    scope_table(m, MT_MEDIA_STREAMS, &m->streams_participant, participant_id);
}

void model_scope_history_participants(model *m, const char *conference_id)
{
    scope_table(m, MT_HISTORY_PARTICIPANTS, &m->history_conference, conference_id);
}

void model_scope_node_stats(model *m, const char *worker_vm_id)
{
    scope_table(m, MT_NODE_STATS, &m->stats_node, worker_vm_id);
}

void model_scope_history_streams(model *m, const char *participant_id)
{
    scope_table(m, MT_HISTORY_STREAMS, &m->history_streams_of, participant_id);
}

void model_scope(model *m, model_table_id id, const char *scope)
{
    char **slot = id == MT_PARTICIPANTS           ? &m->participants_conference
                  : id == MT_MEDIA_STREAMS        ? &m->streams_participant
                  : id == MT_HISTORY_PARTICIPANTS ? &m->history_conference
                  : id == MT_NODE_STATS           ? &m->stats_node
                  : id == MT_HISTORY_STREAMS      ? &m->history_streams_of
                                                  : NULL;
    if (slot)
        scope_table(m, id, slot, scope);
}

void model_set_ghost_seconds(model *m, model_table_id id, double seconds)
{
    if (model_get(m, id))
        model_table_set_ghost_seconds(m->tables[id], seconds);
}

bool model_expire(model *m, double now)
{
    bool any = false;
    for (int i = 0; i < MT_COUNT; i++)
        any |= model_table_expire(m->tables[i], now);
    return any;
}

const char *model_node_label(const model *m, const char *ip)
{
    return node_map_label(m ? m->nodes : NULL, ip);
}

const char *model_node_address(const model *m, const json_t *status_node)
{
    const model_table *cfg = m ? m->tables[MT_NODE_CONFIG] : NULL;
    if (!cfg || !status_node)
        return NULL;
    char id[64];
    const model_row *r = NULL;
    if (jget_id(status_node, "configuration_id", id, sizeof id)[0])
        r = model_table_find(cfg, id);
    const char *name = jget_str(status_node, "name");
    for (size_t i = 0; !r && name && i < model_table_count(cfg); i++) {
        const model_row *c = model_table_at(cfg, i);
        const char *cn = jget_str(c->obj, "name");
        if (cn && strcmp(cn, name) == 0)
            r = c;
    }
    const char *addr = r ? jget_str(r->obj, "address") : NULL;
    return addr && addr[0] ? addr : NULL;
}
