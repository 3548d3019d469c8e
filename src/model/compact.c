/* Compact participant rows (see model.h): only the fields pexcon reads,
 * with the values that repeat across participants (conference names, node
 * addresses, roles, protocols...) shared by every row that has them. */
#include "model/model.h"

#include "common/xmalloc.h"

#include <string.h>

/* Every participant field the console reads: columns, cells, filters on
 * the visible columns, legs and people, stages, the command catalog's
 * state fields and capability flags, conferences without an instance.
 * Fields not named here (call_direction, encryption, license_type,
 * is_recording, rx_bandwidth, ...) are not kept by the console. */
static const char *const kept[] = {
    "bandwidth",
    "call_quality",
    "call_tag",
    "call_uuid",
    "conference",
    "connect_time",
    "conversation_id",
    "destination_alias",
    "display_name",
    "has_media",
    "id",
    "is_disconnect_supported",
    "is_mute_supported",
    "is_muted",
    "is_on_hold",
    "is_presenting",
    "is_transfer_supported",
    "media_node",
    "parent_id",
    "participant_alias",
    "protocol",
    "proxy_node",
    "remote_address",
    "resource_uri",
    "role",
    "service_tag",
    "service_type",
    "signalling_node",
    "source_alias",
    "system_location",
    "vendor",
};

/* Of those, the ones whose values repeat across participants. */
static const char *const shared[] = {
    "call_quality", "conference",   "media_node",      "protocol",        "proxy_node", "role",
    "service_tag",  "service_type", "signalling_node", "system_location", "vendor",
};

/* Past this many distinct shared values the table starts over (values in
 * use stay with their rows): it never grows without bound. */
#define INTERN_MAX 65536

static bool is_shared(const char *key)
{
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
        if (strcmp(key, shared[i]) == 0)
            return true;
    return false;
}

static json_t *interned(model *m, json_t *value)
{
    if (!json_is_string(value))
        return json_incref(value);
    if (!m->intern || json_object_size(m->intern) >= INTERN_MAX) {
        json_decref(m->intern);
        m->intern = json_object();
    }
    const char *text = json_string_value(value);
    json_t *known = json_object_getn(m->intern, text, json_string_length(value));
    if (known)
        return json_incref(known);
    json_object_setn(m->intern, text, json_string_length(value), value);
    return json_incref(value);
}

uint64_t model_compact_hash(const json_t *obj)
{
    uint64_t h = model_hash_start();
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        const json_t *v = json_object_get(obj, kept[i]);
        if (v)
            h = model_hash_field(h, kept[i], v);
    }
    return h;
}

json_t *model_compact_participant(model *m, json_t *obj)
{
    if (!json_is_object(obj))
        return json_incref(obj);
    json_t *out = json_object();
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        json_t *v = json_object_get(obj, kept[i]);
        if (v)
            json_object_set_new(out, kept[i], is_shared(kept[i]) ? interned(m, v) : json_incref(v));
    }
    return out;
}
