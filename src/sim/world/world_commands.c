/* The command API (/api/admin/command/v1/<group>/<cmd>/).
 *
 * Answers:
 *   success            200 {"status": "success", "message": "", "data": null}
 *                      (202 for mute, unmute, role, lock and unlock, as real nodes;
 *                      dial: 202 with data.participant_id/participant_ids)
 *   missing or invalid 400 {"<cmd>": {"<field>": ["This field is required."]}}
 *   unknown or gone    400 {"<cmd>": {"participant_id": ["Failed to find participant."]}}
 *                      400 {"<cmd>": {"conference_id": ["Failed to find conference."]}}
 *   other unknowns     400 {"status": "error", "message": "Conference alias not found",
 *                           "data": null}
 *   unsupported action 400 {"status": "error", "message": "...", "data": null}
 *   unknown command    404 {"error": "Unknown command: <name>"} */
#include "sim/world/world_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REQUIRED "This field is required."

static const char *const LAYOUTS[] = {"1:0", "1:7",  "1:21", "2:21", "1:33", "4:0",
                                      "9:0", "16:0", "25:0", "5:7",  "ac",   "teams"};

typedef struct cmd_ctx {
    sim_world *w;
    const char *name; /* short name, the key of validation errors */
    json_t *params;
    json_t *errors; /* {"field": ["..."]} collected before answering */
    json_t **resp;
    double now;
} cmd_ctx;

/* ---- parameters: strings from form bodies, any JSON type from JSON ---- */

static bool param_string(cmd_ctx *x, const char *key, char *out, size_t cap)
{
    json_t *v = json_object_get(x->params, key);
    if (json_is_string(v))
        snprintf(out, cap, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, cap, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(out, cap, "%g", json_real_value(v));
    else
        return false;
    return out[0] != '\0';
}

static int param_bool(cmd_ctx *x, const char *key) /* -1 absent, 0/1, 2 invalid */
{
    json_t *v = json_object_get(x->params, key);
    if (!v || json_is_null(v))
        return -1;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    const char *s = json_string_value(v);
    if (!s)
        return 2;
    if (!strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes") || !strcasecmp(s, "on"))
        return 1;
    if (!strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "no") ||
        !strcasecmp(s, "off") || !*s)
        return 0;
    return 2;
}

static void field_error(cmd_ctx *x, const char *field, const char *msg)
{
    if (!x->errors)
        x->errors = json_object();
    json_t *list = json_object_get(x->errors, field);
    if (!list) {
        list = json_array();
        json_object_set_new(x->errors, field, list);
    }
    json_array_append_new(list, json_string(msg));
}

static bool require(cmd_ctx *x, const char *key, char *out, size_t cap)
{
    if (param_string(x, key, out, cap))
        return true;
    field_error(x, key, REQUIRED);
    return false;
}

static void invalid_choice(cmd_ctx *x, const char *field, const char *value)
{
    char msg[256];
    snprintf(msg, sizeof msg, "Select a valid choice. %.120s is not one of the available choices.",
             value);
    field_error(x, field, msg);
}

/* ---- answers ---- */

static int answer_validation(cmd_ctx *x)
{
    *x->resp = json_object();
    json_object_set_new(*x->resp, x->name, x->errors);
    x->errors = NULL;
    return 400;
}

static int answer_error(cmd_ctx *x, const char *message)
{
    *x->resp = json_pack("{s:s,s:s,s:n}", "status", "error", "message", message, "data");
    return 400;
}

static int answer_ok(cmd_ctx *x)
{
    *x->resp = json_pack("{s:s,s:s,s:n}", "status", "success", "message", "", "data");
    return 200;
}

/* Real nodes answer mute, unmute, role, lock and unlock with 202. */
static int answer_accepted(cmd_ctx *x)
{
    answer_ok(x);
    return 202;
}

/* ---- lookups ---- */

static w_part *find_participant(cmd_ctx *x, int *status)
{
    char id[128];
    if (!require(x, "participant_id", id, sizeof id)) {
        *status = answer_validation(x);
        return NULL;
    }
    w_part *p = sw_w_map_get(&x->w->part_by_id, id);
    if (!p) {
        field_error(x, "participant_id", "Failed to find participant.");
        *status = answer_validation(x);
    }
    return p;
}

static w_conf *find_conference(cmd_ctx *x, int *status)
{
    char id[128];
    if (!require(x, "conference_id", id, sizeof id)) {
        *status = answer_validation(x);
        return NULL;
    }
    w_conf *c = sw_w_map_get(&x->w->conf_by_id, id);
    if (!c) {
        field_error(x, "conference_id", "Failed to find conference.");
        *status = answer_validation(x);
    }
    return c;
}

static bool valid_role(cmd_ctx *x, const char *role)
{
    if (strcmp(role, "chair") == 0 || strcmp(role, "guest") == 0)
        return true;
    invalid_choice(x, "role", role);
    return false;
}

/* ---- people: a WebRTC caller's signalling and media legs act as one ---- */

static bool person_wide(const w_part *p)
{
    return strcmp(sw_wjson_str(p->group->obj, "protocol"), "WebRTC") == 0;
}

/* The legs a command on `p` acts on: `p` alone, or all of its person's. */
static void command_legs(w_part *p, w_vec *out)
{
    w_part *head = p->group;
    if (!person_wide(p) || !head->conf) {
        sw_w_vec_push(out, p);
        return;
    }
    sw_w_vec_push(out, head);
    for (size_t i = 0; i < head->conf->parts.n; i++) {
        w_part *leg = head->conf->parts.items[i];
        if (leg != head && leg->group == head)
            sw_w_vec_push(out, leg);
    }
}

static void legs_set_bool(w_part *p, const char *key, bool v)
{
    w_vec legs = {0};
    command_legs(p, &legs);
    for (size_t i = 0; i < legs.n; i++)
        sw_jset_bool(((w_part *)legs.items[i])->obj, key, v);
    sw_w_vec_free(&legs);
}

/* ---- participant commands ---- */

static int cmd_disconnect(cmd_ctx *x)
{
    int status = 0;
    w_part *p = find_participant(x, &status);
    if (!p)
        return status;
    if (!sw_wjson_bool(p->obj, "is_disconnect_supported"))
        return answer_error(x, "Participant does not support disconnect");
    w_conf *c = p->conf;
    if (person_wide(p))
        p = p->group; /* either leg ends the call */
    if (p->group == p)
        sw_part_leave_group(x->w, p, "Disconnected by an administrator", x->now);
    else
        sw_part_leave(x->w, p, "Disconnected by an administrator", x->now);
    sw_conf_maybe_end(x->w, c, x->now);
    return answer_ok(x);
}

static int cmd_mute(cmd_ctx *x, bool mute)
{
    int status = 0;
    w_part *p = find_participant(x, &status);
    if (!p)
        return status;
    if (!sw_wjson_bool(p->obj, "is_mute_supported"))
        return answer_error(x, "Participant does not support muting");
    legs_set_bool(p, "is_muted", mute);
    return answer_accepted(x);
}

/* Admit: a caller held in a waiting room joins; when its conference had
 * no row yet (nobody had started it), the conference starts. */
static int cmd_unlock_participant(cmd_ctx *x)
{
    int status = 0;
    w_part *p = find_participant(x, &status);
    if (!p)
        return status;
    if (!sw_wjson_bool(p->obj, "is_on_hold") || p->connecting)
        return answer_ok(x);
    if (p->conf && p->conf->hidden)
        sw_conf_reveal(x->w, p->conf, x->now);
    w_vec legs = {0};
    command_legs(p, &legs);
    for (size_t i = 0; i < legs.n; i++) {
        w_part *leg = legs.items[i];
        if (sw_wjson_bool(leg->obj, "is_on_hold") && !leg->connecting)
            sw_part_set_waiting(x->w, leg, false);
    }
    sw_w_vec_free(&legs);
    return answer_ok(x);
}

static int cmd_role(cmd_ctx *x)
{
    int status = 0;
    w_part *p = find_participant(x, &status);
    if (!p)
        return status;
    char role[64];
    if (!require(x, "role", role, sizeof role) || !valid_role(x, role))
        return answer_validation(x);
    w_vec legs = {0};
    command_legs(p, &legs);
    for (size_t i = 0; i < legs.n; i++) {
        w_part *leg = legs.items[i];
        sw_jset_str(leg->obj, "role", role);
        if (strcmp(role, "guest") == 0 && leg->conf &&
            sw_wjson_bool(leg->conf->obj, "guests_muted") &&
            sw_wjson_bool(leg->obj, "is_mute_supported"))
            sw_jset_bool(leg->obj, "is_muted", true);
    }
    sw_w_vec_free(&legs);
    return answer_accepted(x);
}

static void move_leg(sim_world *w, w_part *p, w_conf *to, const char *role, double now)
{
    bool presenting = sw_wjson_bool(p->obj, "is_presenting");
    if (presenting)
        sw_media_end_presentation(w, p, now);
    sw_part_detach(w, p, now);
    sw_jset_str(p->obj, "role", role);
    sw_jset_str(p->obj, "service_tag", sw_wjson_str(to->obj, "tag"));
    sw_part_attach(w, p, to, now);
    sw_part_apply_join_rules(w, p, to);
    if (!p->connecting)
        sw_media_begin(w, p, now);
}

static int cmd_transfer(cmd_ctx *x)
{
    int status = 0;
    w_part *p = find_participant(x, &status);
    if (!p)
        return status;
    char alias[256], role[64] = "guest";
    bool ok = require(x, "conference_alias", alias, sizeof alias);
    if (param_string(x, "role", role, sizeof role))
        ok = valid_role(x, role) && ok;
    if (!ok)
        return answer_validation(x);
    if (!sw_wjson_bool(p->obj, "is_transfer_supported"))
        return answer_error(x, "Participant does not support transfer");
    w_vmr *v = sw_vmr_by_alias(x->w, alias);
    if (!v)
        return answer_error(x, "Conference alias not found");
    if (person_wide(p))
        p = p->group; /* the person moves with both legs */
    w_conf *from = p->conf;
    w_conf *to = v->live ? v->live : sw_conf_start(x->w, v, NULL, x->now);
    if (!to)
        return answer_error(x, "Unable to start the conference");
    sw_conf_reveal(x->w, to, x->now); /* no-op unless it had no row yet */
    if (to->end_at < x->now + 600)
        to->end_at = x->now + 600;
    if (to == from) {
        sw_jset_str(p->obj, "role", role);
        return answer_ok(x);
    }
    /* the person moves with all of its legs when the head is transferred */
    w_vec legs = {0};
    if (p->group == p) {
        for (size_t i = 0; i < from->parts.n; i++) {
            w_part *leg = from->parts.items[i];
            if (leg->group == p && leg != p)
                sw_w_vec_push(&legs, leg);
        }
    } else {
        p->group = p;
    }
    move_leg(x->w, p, to, role, x->now);
    for (size_t i = 0; i < legs.n; i++)
        move_leg(x->w, legs.items[i], to, role, x->now);
    sw_w_vec_free(&legs);
    sw_conf_maybe_end(x->w, from, x->now);
    return answer_ok(x);
}

/* ---- dial ---- */

static w_kind dial_kind(const char *protocol, const char *destination)
{
    if (!strcasecmp(protocol, "h323"))
        return K_ROOM_H323;
    if (!strcasecmp(protocol, "mssip"))
        return K_MSSIP;
    if (!strcasecmp(protocol, "rtmp"))
        return K_RTMP;
    if (!strcasecmp(protocol, "teams"))
        return K_TEAMS;
    if (destination[0] == '+' || isdigit((unsigned char)destination[0]))
        return K_PHONE;
    return K_ROOM_SIP;
}

static bool dial_validate(cmd_ctx *x, char *alias, char *dest, char *routing, char *role,
                          char *protocol, size_t cap)
{
    bool ok = require(x, "conference_alias", alias, cap);
    ok = require(x, "destination", dest, cap) && ok;
    if (!param_string(x, "routing", routing, cap))
        snprintf(routing, cap, "manual");
    if (strcmp(routing, "manual") != 0 && strcmp(routing, "routing_rule") != 0) {
        invalid_choice(x, "routing", routing);
        ok = false;
    }
    if (!param_string(x, "role", role, cap))
        snprintf(role, cap, "guest");
    ok = valid_role(x, role) && ok;
    if (!param_string(x, "protocol", protocol, cap))
        snprintf(protocol, cap, "sip");
    static const char *const protocols[] = {"sip", "h323", "mssip", "rtmp", "gms", "teams"};
    bool known = false;
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        known = known || !strcasecmp(protocol, protocols[i]);
    if (!known) {
        invalid_choice(x, "protocol", protocol);
        ok = false;
    }
    char tmp[128];
    bool has_node = param_string(x, "node", tmp, sizeof tmp);
    bool has_loc = param_string(x, "system_location", tmp, sizeof tmp);
    if (strcmp(routing, "routing_rule") == 0 && !has_loc) {
        field_error(x, "system_location", REQUIRED);
        ok = false;
    } else if (strcmp(routing, "manual") == 0 && !has_node && !has_loc) {
        field_error(x, "node", "One of node or system_location is required for manual routing.");
        ok = false;
    }
    return ok;
}

static void dial_fill(sim_world *w, w_part *p, const char *alias, const char *dest,
                      const char *role, const char *protocol, cmd_ctx *x)
{
    json_t *o = p->obj;
    char name[256];
    if (!param_string(x, "remote_display_name", name, sizeof name))
        snprintf(name, sizeof name, "%s", dest);
    sw_jset_str(o, "call_direction", "out");
    sw_jset_str(o, "display_name", name);
    sw_jset_str(o, "participant_alias", dest);
    sw_jset_str(o, "destination_alias", dest);
    sw_jset_str(o, "source_alias", alias);
    sw_jset_str(o, "role", role);
    sw_jset_str(o, "service_type", "connecting");
    sw_jset_bool(o, "has_media", false);
    sw_jset_null(o, "connect_time");
    if (!strcasecmp(protocol, "gms"))
        sw_jset_str(o, "protocol", "GHM");
    if (param_bool(x, "streaming") == 1)
        sw_jset_bool(o, "is_streaming", true);
    (void)w;
}

static int cmd_dial(cmd_ctx *x)
{
    sim_world *w = x->w;
    char alias[256], dest[256], routing[256], role[256], protocol[256], node_ip[64], loc_name[128];
    if (!dial_validate(x, alias, dest, routing, role, protocol, sizeof alias))
        return answer_validation(x);
    int node = -1, loc = -1;
    if (param_string(x, "node", node_ip, sizeof node_ip)) {
        node = sw_platform_node_by_ip(w, node_ip);
        if (node < 0 || w->nodes[node].proxy)
            return answer_error(x, "Conferencing Node not found");
    }
    if (param_string(x, "system_location", loc_name, sizeof loc_name)) {
        loc = sw_platform_loc_by_name(w, loc_name);
        if (loc < 0)
            return answer_error(x, "System location not found");
    }
    w_vmr *v = sw_vmr_by_alias(w, alias);
    if (!v)
        return answer_error(x, "Conference alias not found");
    w_conf *c = v->live ? v->live : sw_conf_start(w, v, NULL, x->now);
    if (!c)
        return answer_error(x, "Unable to start the conference");
    sw_conf_reveal(w, c, x->now); /* no-op unless it had no row yet */
    if (c->end_at < x->now + 600) /* someone was invited: the meeting goes on */
        c->end_at = x->now + 600;
    w_part *p = sw_gen_leg(w, dial_kind(protocol, dest), 0, NULL, x->now);
    if (!p) {
        sw_conf_maybe_end(w, c, x->now);
        return answer_error(x, "Out of memory");
    }
    dial_fill(w, p, alias, dest, role, protocol, x);
    if (node < 0)
        node = sw_platform_pick_node(w, loc >= 0 ? loc : w->nodes[c->home >= 0 ? c->home : 0].loc);
    p->node = p->sig_node = node;
    sw_jset_str(p->obj, "media_node", w->nodes[node].ip);
    sw_jset_str(p->obj, "signalling_node", w->nodes[node].ip);
    sw_jset_str(p->obj, "system_location", w->locs[w->nodes[node].loc].name);
    sw_jset_str(p->obj, "service_tag", sw_wjson_str(c->obj, "tag"));
    p->connecting = true;
    p->dial_at = x->now + (w->opts.dial_delay > 0 ? w->opts.dial_delay : 0);
    p->dial_fail =
        w->dial_fail_pattern && *w->dial_fail_pattern && strstr(dest, w->dial_fail_pattern) != NULL;
    sw_part_attach(w, p, c, x->now);
    sw_w_vec_push(&w->connecting, p);
    *x->resp = json_pack("{s:s,s:s,s:{s:s,s:[s]}}", "status", "success", "message", "", "data",
                         "participant_id", p->id, "participant_ids", p->id);
    if (w->opts.dial_delay <= 0)
        sw_live_process_dials(w, x->now);
    return 202;
}

/* ---- conference commands ---- */

static void set_conf_flag(sim_world *w, w_conf *c, const char *key, bool v)
{
    sw_jset_bool(c->obj, key, v);
    sw_platform_conf_flags(w, c);
}

static int cmd_lock(cmd_ctx *x, bool lock)
{
    int status = 0;
    w_conf *c = find_conference(x, &status);
    if (!c)
        return status;
    set_conf_flag(x->w, c, "is_locked", lock);
    if (!lock) { /* everyone held at the waiting screen joins */
        for (size_t i = 0; i < c->parts.n; i++) {
            w_part *p = c->parts.items[i];
            if (sw_wjson_bool(p->obj, "is_on_hold") && !p->connecting)
                sw_part_set_waiting(x->w, p, false);
        }
    }
    return answer_accepted(x);
}

static int cmd_mute_guests(cmd_ctx *x, bool mute)
{
    int status = 0;
    w_conf *c = find_conference(x, &status);
    if (!c)
        return status;
    set_conf_flag(x->w, c, "guests_muted", mute);
    for (size_t i = 0; i < c->parts.n; i++) {
        w_part *p = c->parts.items[i];
        if (strcmp(sw_wjson_str(p->obj, "role"), "guest") == 0 &&
            sw_wjson_bool(p->obj, "is_mute_supported"))
            sw_jset_bool(p->obj, "is_muted", mute);
    }
    return answer_ok(x);
}

static int cmd_conference_disconnect(cmd_ctx *x)
{
    int status = 0;
    w_conf *c = find_conference(x, &status);
    if (!c)
        return status;
    while (c->parts.n > 0)
        sw_part_leave(x->w, c->parts.items[c->parts.n - 1], "Disconnected by an administrator",
                      x->now);
    sw_conf_end(x->w, c, x->now);
    return answer_ok(x);
}

static bool layout_field(cmd_ctx *x, const char *key, char *out, size_t cap)
{
    if (!param_string(x, key, out, cap))
        return false;
    for (size_t i = 0; i < sizeof LAYOUTS / sizeof LAYOUTS[0]; i++)
        if (strcmp(out, LAYOUTS[i]) == 0)
            return true;
    invalid_choice(x, key, out);
    out[0] = '\0';
    return false;
}

static int cmd_transform_layout(cmd_ctx *x)
{
    int status = 0;
    w_conf *c = find_conference(x, &status);
    if (!c)
        return status;
    char layout[32] = "", host[32] = "", guest[32] = "";
    layout_field(x, "layout", layout, sizeof layout);
    layout_field(x, "host_layout", host, sizeof host);
    layout_field(x, "guest_layout", guest, sizeof guest);
    static const char *const flags[] = {"enable_overlay_text",    "plus_n_pip_enabled",
                                        "recording_indicator",    "streaming_indicator",
                                        "transcribing_indicator", "live_captions_indicator",
                                        "ai_enabled_indicator"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (param_bool(x, flags[i]) == 2)
            field_error(x, flags[i], "Must be a boolean.");
    if (x->errors)
        return answer_validation(x);
    const char *main_layout = *layout ? layout : host;
    if (*main_layout) {
        /* Validated above: always one of the short layout names. */
        snprintf(c->layout, sizeof c->layout, "%.*s", (int)sizeof c->layout - 1, main_layout);
        sw_jset_str(c->obj, "layout", c->layout);
    }
    if (*guest || *layout)
        snprintf(c->guest_layout, sizeof c->guest_layout, "%.*s", (int)sizeof c->guest_layout - 1,
                 *guest ? guest : layout);
    return answer_ok(x);
}

/* ---- dispatch ---- */

int sw_commands_run(sim_world *w, const char *command, json_t *params, json_t **response)
{
    json_t *empty = NULL;
    if (!json_is_object(params))
        params = empty = json_object();
    cmd_ctx x = {w, NULL, params, NULL, response, w->now};
    const char *slash = command ? strrchr(command, '/') : NULL;
    x.name = slash ? slash + 1 : (command ? command : "");
    int status;
    if (!command)
        status = -1;
    else if (!strcmp(command, "participant/dial"))
        status = cmd_dial(&x);
    else if (!strcmp(command, "participant/disconnect"))
        status = cmd_disconnect(&x);
    else if (!strcmp(command, "participant/mute"))
        status = cmd_mute(&x, true);
    else if (!strcmp(command, "participant/unmute"))
        status = cmd_mute(&x, false);
    else if (!strcmp(command, "participant/unlock"))
        status = cmd_unlock_participant(&x);
    else if (!strcmp(command, "participant/role"))
        status = cmd_role(&x);
    else if (!strcmp(command, "participant/transfer"))
        status = cmd_transfer(&x);
    else if (!strcmp(command, "conference/lock"))
        status = cmd_lock(&x, true);
    else if (!strcmp(command, "conference/unlock"))
        status = cmd_lock(&x, false);
    else if (!strcmp(command, "conference/mute_guests"))
        status = cmd_mute_guests(&x, true);
    else if (!strcmp(command, "conference/unmute_guests"))
        status = cmd_mute_guests(&x, false);
    else if (!strcmp(command, "conference/disconnect"))
        status = cmd_conference_disconnect(&x);
    else if (!strcmp(command, "conference/transform_layout"))
        status = cmd_transform_layout(&x);
    else if (!strcmp(command, "platform/start_cloudnode"))
        status = sw_platform_start_cloudnode(w, params, response, w->now);
    else
        status = -1;
    if (status < 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "Unknown command: %.100s", command ? command : "");
        *response = json_pack("{s:s}", "error", msg);
        status = 404;
    }
    json_decref(x.errors);
    json_decref(empty);
    return status;
}
