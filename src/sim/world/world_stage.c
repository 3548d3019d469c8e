/* Staging for tests (POST/DELETE /_sim/participants): participants with
 * given fields, orphans whose conference has no row, and legs of a person
 * linked by parent_id (see sim_world_add_participant in world.h). */
#include "sim/world/world_internal.h"

#include <stdio.h>
#include <string.h>

typedef struct stage_req {
    json_t *fields;
    const char *conference; /* name; NULL when a parent gives it */
    const char *id;         /* NULL: generated */
    w_part *head;           /* the person parent_id names, or NULL */
    bool no_row;            /* "conference_row": false */
} stage_req;

static w_kind staged_kind(const json_t *fields)
{
    const char *proto = json_string_value(json_object_get(fields, "protocol"));
    if (!proto)
        return K_ROOM_SIP;
    if (!strcmp(proto, "WebRTC"))
        return K_WEBRTC;
    if (!strcmp(proto, "H323"))
        return K_ROOM_H323;
    if (!strcmp(proto, "MSSIP"))
        return K_MSSIP;
    if (!strcmp(proto, "RTMP"))
        return K_RTMP;
    if (!strcmp(proto, "TEAMS"))
        return K_TEAMS;
    return K_ROOM_SIP;
}

static const char *stage_parse(sim_world *w, json_t *fields, stage_req *r)
{
    memset(r, 0, sizeof *r);
    r->fields = fields;
    if (!json_is_object(fields))
        return "fields must be a JSON object";
    const char *parent = json_string_value(json_object_get(fields, "parent_id"));
    w_part *leg = parent ? sw_w_map_get(&w->part_by_id, parent) : NULL;
    r->head = leg && leg->conf ? leg->group : NULL;
    r->conference = json_string_value(json_object_get(fields, "conference"));
    json_t *row = json_object_get(fields, "conference_row");
    if (row && !json_is_boolean(row))
        return "conference_row must be a boolean";
    r->no_row = json_is_false(row);
    if (r->head && r->conference && strcmp(r->conference, r->head->conf->name) != 0)
        return "parent_id names a participant of another conference";
    if (r->head && r->no_row && !r->head->conf->hidden)
        return "parent_id names a participant of a conference with a row";
    if (!r->head && (!r->conference || !*r->conference))
        return "conference (a conference name) is required";
    json_t *idv = json_object_get(fields, "id");
    if (idv && (!json_is_string(idv) || !*json_string_value(idv) ||
                strlen(json_string_value(idv)) >= sizeof(((w_part *)0)->id)))
        return "id must be a non-empty string of at most 39 characters";
    r->id = idv ? json_string_value(idv) : NULL;
    if (r->id && sw_w_map_get(&w->part_by_id, r->id))
        return "a participant with this id exists";
    return NULL;
}

/* The named conference: found, or started (with a row unless no_row). */
static w_conf *stage_conference(sim_world *w, const stage_req *r, const char **error)
{
    if (r->head)
        return r->head->conf;
    w_conf *c = sw_conf_find_any(w, r->conference);
    if (c && r->no_row && !c->hidden) {
        *error = "conference_row is false but the conference has a row";
        return NULL;
    }
    if (!c) {
        w_vmr *v = sw_w_map_get(&w->vmr_by_name, r->conference);
        if (!v)
            v = sw_vmr_create(w, r->conference, "conference", w->now);
        if (v && r->no_row)
            c = sw_conf_start_hidden(w, v, w->now);
        else if (v)
            c = sw_conf_start(w, v, NULL, w->now);
    }
    if (!c) {
        *error = "unable to create the conference";
        return NULL;
    }
    if (!r->no_row)
        sw_conf_reveal(w, c, w->now); /* someone joined: it starts */
    return c;
}

static w_part *stage_leg(sim_world *w, const stage_req *r, w_conf *c)
{
    w_part *head = r->head;
    bool has_proto = json_object_get(r->fields, "protocol") != NULL;
    w_kind k = head && !has_proto ? head->kind : staged_kind(r->fields);
    w_part *p = sw_gen_leg(w, k, head ? 1 : 0, head, w->now);
    if (!p)
        return NULL;
    if (r->id) {
        char uri[96];
        snprintf(p->id, sizeof p->id, "%s", r->id);
        sw_jset_str(p->obj, "id", p->id);
        snprintf(uri, sizeof uri, "/api/admin/status/v1/participant/%s/", p->id);
        sw_jset_str(p->obj, "resource_uri", uri);
    }
    if (head) /* generated against the head's own id */
        sw_jset_str(p->obj, "parent_id", head->id);
    p->pinned = true;
    sw_part_join(w, p, c, w->now);
    if (head) { /* where the person is, the leg is */
        sw_jset_str(p->obj, "service_type", sw_wjson_str(head->obj, "service_type"));
        sw_jset_bool(p->obj, "is_on_hold", sw_wjson_bool(head->obj, "is_on_hold"));
    } else if (c->hidden) {
        sw_part_set_waiting(w, p, true);
    }
    return p;
}

json_t *sim_world_add_participant(sim_world *w, json_t *fields, const char **error)
{
    const char *dummy;
    if (!error)
        error = &dummy;
    *error = NULL;
    if (!w) {
        *error = "no world";
        return NULL;
    }
    stage_req r;
    *error = stage_parse(w, fields, &r);
    if (*error)
        return NULL;
    w_conf *c = stage_conference(w, &r, error);
    if (!c)
        return NULL;
    if (c->end_at < w->now + 3600)
        c->end_at = w->now + 3600;
    w_part *p = stage_leg(w, &r, c);
    if (!p) {
        sw_conf_maybe_end(w, c, w->now);
        *error = "out of memory";
        return NULL;
    }
    const char *key;
    json_t *value;
    json_object_foreach(fields, key, value)
    {
        if (strcmp(key, "conference_row") != 0)
            json_object_set_new(p->obj, key, json_deep_copy(value));
    }
    if (!json_object_get(fields, "conference"))
        sw_jset_str(p->obj, "conference", c->name);
    sw_part_resync(w, p, w->now);
    sw_platform_refresh(w, w->now);
    return p->obj;
}

bool sim_world_remove_participant(sim_world *w, const char *id)
{
    w_part *p = w && id ? sw_w_map_get(&w->part_by_id, id) : NULL;
    if (!p)
        return false;
    w_conf *c = p->conf;
    sw_part_leave(w, p, "Call disconnected", w->now);
    sw_conf_maybe_end(w, c, w->now);
    sw_platform_refresh(w, w->now);
    return true;
}
