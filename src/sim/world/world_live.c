/* The live world: VMRs, conference instances and participant legs, and the
 * rules that make people join, present and leave over time. */
#include "sim/world/world_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EARLY_LEAVE_SECONDS 1500.0 /* mean time before someone leaves a running meeting */
#define DRAIN_SECONDS 25.0         /* mean time to hang up once the meeting is over */
#define MIN_STAY_SECONDS 60.0

/* ---- conference instances ---- */

static void conf_json(w_conf *c, double now)
{
    char uri[96];
    json_t *o = c->obj;
    sw_jset_bool(o, "direct_media_available", false);
    sw_jset_bool(o, "guests_muted", false);
    sw_jset_str(o, "id", c->id);
    sw_jset_bool(o, "is_locked", false);
    sw_jset_bool(o, "is_started", !c->hidden);
    sw_jset_str(o, "layout", c->layout); /* pexsim extra: the current transform_layout */
    sw_jset_str(o, "name", c->name);
    snprintf(uri, sizeof uri, "/api/admin/status/v1/conference/%s/", c->id);
    sw_jset_str(o, "resource_uri", uri);
    sw_jset_str(o, "service_type", c->service_type);
    json_object_set_new(o, "start_time", sw_w_iso_json(now, true));
    sw_jset_str(o, "tag", c->vmr ? c->vmr->tag : "");
}

static void conf_release(w_conf *c)
{
    free(c->node_legs);
    free(c->shards);
    free(c->bplanes);
    free(c->name);
    json_decref(c->obj);
    free(c);
}

/* A conference with its JSON and history record, registered nowhere yet. */
static w_conf *conf_new(sim_world *w, w_vmr *vmr, const char *gateway_name, bool hidden, double now)
{
    w_conf *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    size_t nn = (size_t)w->nnodes;
    c->node_legs = calloc(nn, sizeof(int));
    c->shards = calloc(nn, sizeof(json_t *));
    c->bplanes = calloc(nn, sizeof(json_t *));
    c->name = strdup(vmr ? vmr->name : gateway_name);
    c->obj = json_object();
    if (!c->node_legs || !c->shards || !c->bplanes || !c->name || !c->obj) {
        conf_release(c);
        return NULL;
    }
    sw_rng_uuid(&w->rng, c->id);
    c->vmr = vmr;
    c->hidden = hidden;
    c->service_type = vmr ? vmr->service_type : "gateway";
    c->home = -1;
    c->nnodes = nn;
    c->start = now;
    c->end_at = now + sw_rng_range(&w->rng, 600, 4500);
    snprintf(c->layout, sizeof c->layout, "%s",
             strcmp(c->service_type, "lecture") == 0 ? "1:0" : "1:7");
    snprintf(c->guest_layout, sizeof c->guest_layout, "%s", c->layout);
    conf_json(c, now);
    c->hist = sw_history_conf_open(w, c->id);
    if (!c->hist) {
        conf_release(c);
        return NULL;
    }
    return c;
}

static void conf_show(sim_world *w, w_conf *c)
{
    json_array_append(sw_w_coll(w, C_ST_CONFERENCE), c->obj);
    sw_w_map_put(&w->conf_by_id, c->id, c);
}

w_conf *sw_conf_start(sim_world *w, w_vmr *vmr, const char *gateway_name, double now)
{
    w_conf *c = conf_new(w, vmr, gateway_name, false, now);
    if (!c)
        return NULL;
    if (!sw_w_vec_push(&w->confs, c)) {
        sw_history_conf_discard(c->hist);
        conf_release(c);
        return NULL;
    }
    conf_show(w, c);
    if (vmr)
        vmr->live = c;
    return c;
}

w_conf *sw_conf_start_hidden(sim_world *w, w_vmr *vmr, double now)
{
    w_conf *c = vmr ? conf_new(w, vmr, NULL, true, now) : NULL;
    if (!c)
        return NULL;
    c->end_at = now + 30 * 86400.0; /* nobody drifts away from a waiting screen */
    if (!sw_w_vec_push(&w->hidden_confs, c)) {
        sw_history_conf_discard(c->hist);
        conf_release(c);
        return NULL;
    }
    vmr->live = c;
    return c;
}

/* The host arrived (or someone was admitted): the conference starts. */
void sw_conf_reveal(sim_world *w, w_conf *c, double now)
{
    if (!c || !c->hidden || !sw_w_vec_push(&w->confs, c))
        return;
    sw_w_vec_remove(&w->hidden_confs, c);
    c->hidden = false;
    c->start = now;
    if (c->end_at < now + 600)
        c->end_at = now + 600;
    sw_jset_bool(c->obj, "is_started", true);
    json_object_set_new(c->obj, "start_time", sw_w_iso_json(now, true));
    conf_show(w, c);
    for (int i = 0; i < w->nnodes; i++)
        sw_platform_node_leg(w, c, i, 0, now); /* shards and backplanes appear */
}

static void conf_free(w_conf *c)
{
    /* shards and backplanes still here only when the world itself is freed */
    for (size_t i = 0; c->shards && c->bplanes && c->node_legs && i < c->nnodes; i++) {
        json_decref(c->shards[i]);
        json_decref(c->bplanes[i]);
    }
    sw_w_vec_free(&c->parts);
    conf_release(c);
}

void sw_conf_end(sim_world *w, w_conf *c, double now)
{
    while (c->parts.n > 0)
        sw_part_leave(w, c->parts.items[c->parts.n - 1], "Call disconnected", now);
    sw_platform_conf_end(w, c, now);
    sw_history_conf_close(w, c, now);
    if (c->hidden) {
        sw_w_vec_remove(&w->hidden_confs, c);
    } else {
        long i = sw_w_vec_remove(&w->confs, c);
        json_t *arr = sw_w_coll(w, C_ST_CONFERENCE);
        if (i >= 0 && json_array_get(arr, (size_t)i) == c->obj)
            json_array_remove(arr, (size_t)i);
        else
            sw_w_array_remove_ptr(arr, c->obj);
    }
    sw_w_map_del(&w->conf_by_id, c->id);
    if (c->vmr && c->vmr->live == c)
        c->vmr->live = NULL;
    conf_free(c);
}

void sw_conf_maybe_end(sim_world *w, w_conf *c, double now)
{
    if (c && c->parts.n == 0)
        sw_conf_end(w, c, now);
}

w_conf *sw_live_find_conf_by_name(sim_world *w, const char *name)
{
    for (size_t i = 0; i < w->confs.n; i++) {
        w_conf *c = w->confs.items[i];
        if (strcmp(c->name, name) == 0)
            return c;
    }
    return NULL;
}

/* ---- legs: accounting ---- */

void sw_media_begin(sim_world *w, w_part *p, double now)
{
    sw_media_start(w, p, now);
    if (!p->tokens_held && p->node >= 0) {
        p->tokens_held = sw_part_tokens(p);
        w->nodes[p->node].tokens_used += p->tokens_held;
    }
}

void sw_media_end(sim_world *w, w_part *p)
{
    sw_media_stop(w, p);
    if (p->tokens_held && p->node >= 0)
        w->nodes[p->node].tokens_used -= p->tokens_held;
    p->tokens_held = 0;
}

static void licence_account(sim_world *w, w_part *p, bool add)
{
    if (add) {
        const char *type = sw_wjson_str(p->obj, "license_type");
        const char *proto = sw_wjson_str(p->obj, "protocol");
        int count = (int)sw_wjson_int(p->obj, "license_count");
        p->acc_port = strcmp(type, "port") == 0 ? count : 0;
        p->acc_audio = strcmp(type, "audio") == 0 ? count : 0;
        p->acc_teams = strcmp(proto, "TEAMS") == 0 ? 1 : 0;
        p->acc_ghm = strcmp(proto, "GHM") == 0 ? 1 : 0;
        w->lic_port += p->acc_port;
        w->lic_audio += p->acc_audio;
        w->lic_teams += p->acc_teams;
        w->lic_ghm += p->acc_ghm;
    } else {
        w->lic_port -= p->acc_port;
        w->lic_audio -= p->acc_audio;
        w->lic_teams -= p->acc_teams;
        w->lic_ghm -= p->acc_ghm;
        p->acc_port = p->acc_audio = p->acc_teams = p->acc_ghm = 0;
    }
}

void sw_part_attach(sim_world *w, w_part *p, w_conf *c, double now)
{
    p->conf = c;
    if (c->home < 0)
        c->home = p->node >= 0 ? p->node : 0;
    sw_w_vec_push(&c->parts, p);
    sw_platform_node_leg(w, c, p->node, +1, now);
    if (p->sig_node >= 0)
        w->nodes[p->sig_node].sig_count++;
    if (sw_w_vec_push(&w->parts, p))
        json_array_append(sw_w_coll(w, C_ST_PARTICIPANT), p->obj);
    sw_w_map_put(&w->part_by_id, p->id, p);
    licence_account(w, p, true);
    sw_jset_str(p->obj, "conference", c->name);
}

void sw_part_detach(sim_world *w, w_part *p, double now)
{
    w_conf *c = p->conf;
    sw_media_end(w, p);
    licence_account(w, p, false);
    if (c) {
        sw_w_vec_remove(&c->parts, p);
        sw_platform_node_leg(w, c, p->node, -1, now);
        if (c->presenter == p)
            c->presenter = NULL;
    }
    if (p->sig_node >= 0)
        w->nodes[p->sig_node].sig_count--;
    long i = sw_w_vec_remove(&w->parts, p);
    json_t *arr = sw_w_coll(w, C_ST_PARTICIPANT);
    if (i >= 0 && json_array_get(arr, (size_t)i) == p->obj)
        json_array_remove(arr, (size_t)i);
    else
        sw_w_array_remove_ptr(arr, p->obj);
    sw_w_map_del(&w->part_by_id, p->id);
    sw_w_vec_remove(&w->connecting, p);
    p->conf = NULL;
}

void sw_part_free(w_part *p)
{
    if (!p)
        return;
    sw_media_stop(NULL, p);
    json_decref(p->obj);
    free(p->hq);
    free(p);
}

/* Legs that named `head` as their person become people of their own, so
 * no leg ever points at a freed head. */
static void orphan_children(w_part *head)
{
    w_conf *c = head->conf;
    if (!c || head->group != head)
        return;
    for (size_t i = 0; i < c->parts.n; i++) {
        w_part *leg = c->parts.items[i];
        if (leg != head && leg->group == head)
            leg->group = leg;
    }
}

void sw_part_leave(sim_world *w, w_part *p, const char *reason, double now)
{
    if (sw_wjson_bool(p->obj, "is_presenting"))
        sw_media_end_presentation(w, p, now);
    sw_history_add_participant(w, p, reason, now);
    orphan_children(p);
    sw_part_detach(w, p, now);
    sw_part_free(p);
}

void sw_part_resync(sim_world *w, w_part *p, double now)
{
    int node = sw_platform_node_by_ip(w, sw_wjson_str(p->obj, "media_node"));
    w_conf *c = p->conf;
    if (node >= 0 && node != p->node && c) { /* staged onto another node */
        sw_part_detach(w, p, now);
        p->node = p->sig_node = node;
        sw_part_attach(w, p, c, now);
    } else {
        licence_account(w, p, false);
        licence_account(w, p, true);
    }
    if (!sw_wjson_bool(p->obj, "has_media"))
        sw_media_end(w, p);
    else if (!p->connecting)
        sw_media_begin(w, p, now);
}

static void confs_free(w_vec *confs)
{
    for (size_t i = 0; i < confs->n; i++) {
        w_conf *c = confs->items[i];
        for (size_t k = 0; k < c->parts.n; k++)
            sw_part_free(c->parts.items[k]);
        sw_history_conf_discard(c->hist);
        conf_free(c);
    }
    sw_w_vec_free(confs);
}

void sw_live_free_all(sim_world *w)
{
    confs_free(&w->confs);
    confs_free(&w->hidden_confs);
    for (size_t i = 0; i < w->vmrs.n; i++) {
        w_vmr *v = w->vmrs.items[i];
        json_decref(v->obj);
        free(v->name);
        free(v->tag);
        free(v->alias_main);
        free(v);
    }
    sw_w_vec_free(&w->vmrs);
    sw_w_vec_free(&w->parts);
    sw_w_vec_free(&w->connecting);
}

void sw_part_leave_group(sim_world *w, w_part *head, const char *reason, double now)
{
    w_conf *c = head->conf;
    if (c && head->group == head) { /* children first, so the head's CDR comes last */
        for (size_t i = c->parts.n; i-- > 0;) {
            w_part *leg = c->parts.items[i];
            if (leg != head && leg->group == head) {
                sw_part_leave(w, leg, reason, now);
                if (i > c->parts.n)
                    i = c->parts.n;
            }
        }
    }
    sw_part_leave(w, head, reason, now);
}

void sw_part_set_waiting(sim_world *w, w_part *p, bool waiting)
{
    (void)w;
    if (waiting) {
        sw_jset_bool(p->obj, "is_on_hold", true);
        sw_jset_str(p->obj, "service_type", "waiting_room");
        sw_jset_str(p->obj, "role", "guest");
    } else {
        sw_jset_bool(p->obj, "is_on_hold", false);
        sw_jset_str(p->obj, "service_type", p->conf ? p->conf->service_type : "conference");
    }
}

/* Lock and guests-muted rules for anyone arriving in `c`. */
void sw_part_apply_join_rules(sim_world *w, w_part *p, w_conf *c)
{
    if (p->connecting)
        return;
    sw_jset_str(p->obj, "service_type", c->service_type);
    sw_jset_bool(p->obj, "is_on_hold", false);
    if (sw_wjson_bool(c->obj, "is_locked"))
        sw_part_set_waiting(w, p, true);
    if (sw_wjson_bool(c->obj, "guests_muted") &&
        strcmp(sw_wjson_str(p->obj, "role"), "guest") == 0 &&
        sw_wjson_bool(p->obj, "is_mute_supported"))
        sw_jset_bool(p->obj, "is_muted", true);
}

void sw_part_connect(sim_world *w, w_part *p, double now)
{
    p->connecting = false;
    sw_w_vec_remove(&w->connecting, p);
    sw_jset_bool(p->obj, "has_media", true);
    json_object_set_new(p->obj, "connect_time", sw_w_iso_json(now, true));
    sw_part_apply_join_rules(w, p, p->conf);
    sw_media_begin(w, p, now);
}

/* ---- placement ---- */

static int pick_location(sim_world *w)
{
    int weights[64];
    int n = w->nlocs < 64 ? w->nlocs : 64;
    for (int i = 0; i < n; i++)
        weights[i] = n - i + 2; /* the first locations are the big offices */
    return sw_rng_weighted(&w->rng, weights, n);
}

static int node_for(sim_world *w, w_conf *c, int loc)
{
    /* join the conference where it already runs in this location */
    for (int i = 0; i < w->nnodes; i++) {
        const w_node *n = &w->nodes[i];
        if (c->shards[i] && n->loc == loc && !n->proxy && n->max_tokens > 0 &&
            n->tokens_used < n->max_tokens * 0.85)
            return i;
    }
    return sw_platform_pick_node(w, loc);
}

static void place_leg(sim_world *w, w_part *p, w_conf *c)
{
    const w_part *head = p->group != p ? p->group : NULL;
    int loc;
    if (head) {
        p->node = head->node;
        p->sig_node = head->sig_node;
        loc = head->node >= 0 ? w->nodes[head->node].loc : 0;
        sw_jset_str(p->obj, "proxy_node", sw_wjson_str(head->obj, "proxy_node"));
    } else {
        loc = pick_location(w);
        p->node = node_for(w, c, loc);
        loc = w->nodes[p->node].loc;
        p->sig_node = p->node;
        const char *proto = sw_wjson_str(p->obj, "protocol");
        int proxy = sw_platform_proxy_in(w, loc);
        if (proxy >= 0 && strcmp(proto, "WebRTC") == 0 && sw_rng_chance(&w->rng, 0.7))
            sw_jset_str(p->obj, "proxy_node", w->nodes[proxy].ip);
    }
    sw_jset_str(p->obj, "media_node", w->nodes[p->node].ip);
    sw_jset_str(p->obj, "signalling_node", w->nodes[p->sig_node].ip);
    sw_jset_str(p->obj, "system_location", w->locs[loc].name);
}

static const char *natural_role(sim_world *w, w_part *p, w_conf *c)
{
    if (p->group != p)
        return sw_wjson_str(p->group->obj, "role");
    if (p->kind == K_RTMP || strcmp(c->service_type, "gateway") == 0 ||
        strcmp(c->service_type, "two_stage_dialing") == 0)
        return "guest";
    if (strcmp(c->service_type, "lecture") == 0) {
        for (size_t i = 0; i < c->parts.n; i++)
            if (strcmp(sw_wjson_str(((w_part *)c->parts.items[i])->obj, "role"), "chair") == 0)
                return sw_rng_chance(&w->rng, 0.1) ? "chair" : "guest";
        return "chair";
    }
    if (strcmp(c->service_type, "test_call") == 0)
        return "chair";
    return sw_rng_chance(&w->rng, 0.6) ? "chair" : "guest";
}

void sw_part_join(sim_world *w, w_part *p, w_conf *c, double now)
{
    place_leg(w, p, c);
    sw_jset_str(p->obj, "service_tag", sw_wjson_str(c->obj, "tag"));
    if (!*sw_wjson_str(p->obj, "destination_alias"))
        sw_jset_str(p->obj, "destination_alias", c->vmr ? c->vmr->alias_main : "");
    sw_jset_str(p->obj, "role", natural_role(w, p, c));
    sw_part_attach(w, p, c, now);
    sw_part_apply_join_rules(w, p, c);
    if (!p->connecting)
        sw_media_begin(w, p, now);
}

int sw_live_add_group(sim_world *w, w_conf *c, w_kind k, double now)
{
    int legs = sw_gen_legs_for(k);
    w_part *head = NULL;
    for (int leg = 0; leg < legs; leg++) {
        w_part *p = sw_gen_leg(w, k, leg, head, now);
        if (!p)
            return leg;
        if (!head)
            head = p;
        sw_part_join(w, p, c, now);
    }
    return legs;
}

/* A gateway call: a room system calling into a Teams meeting. */
static int add_gateway_call(sim_world *w, double now)
{
    w_part *in = sw_gen_leg(w, K_ROOM_SIP, 0, NULL, now);
    if (!in)
        return 0;
    w_part *out = sw_gen_leg(w, K_TEAMS, 1, in, now);
    if (!out) {
        sw_part_free(in);
        return 0;
    }
    char name[96];
    snprintf(name, sizeof name, "Gateway call %.8s", in->id);
    w_conf *c = sw_conf_start(w, NULL, name, now);
    if (!c) {
        sw_part_free(in);
        sw_part_free(out);
        return 0;
    }
    const char *dest = sw_wjson_str(out->obj, "participant_alias");
    sw_jset_str(in->obj, "destination_alias", dest);
    sw_jset_str(out->obj, "destination_alias", dest);
    sw_jset_str(out->obj, "source_alias", sw_wjson_str(in->obj, "participant_alias"));
    sw_jset_str(out->obj, "display_name", "Microsoft Teams meeting");
    sw_part_join(w, in, c, now);
    sw_part_join(w, out, c, now);
    return 2;
}

static w_conf *start_natural_conference(sim_world *w, double now)
{
    w_vmr *v = sw_vmr_free_pick(w, sw_rng_chance(&w->rng, 0.1));
    if (!v) {
        const char *type;
        char *name = sw_gen_vmr_name(w, &type);
        if (!name)
            return NULL;
        v = sw_vmr_create(w, name, type, now - sw_rng_range(&w->rng, 86400, 400 * 86400.0));
        free(name);
    }
    return v ? sw_conf_start(w, v, NULL, now) : NULL;
}

static bool joinable(const w_conf *c)
{
    return strcmp(c->service_type, "gateway") != 0 && strcmp(c->service_type, "test_call") != 0;
}

static w_conf *pick_joinable(sim_world *w, double now)
{
    size_t n = w->confs.n;
    if (n == 0)
        return NULL;
    size_t start = (size_t)sw_rng_int(&w->rng, 0, (int)n - 1);
    for (size_t k = 0; k < n; k++) {
        w_conf *c = w->confs.items[(start + k) % n];
        if (joinable(c) && c->end_at > now)
            return c;
    }
    return NULL;
}

static int running_conferences(sim_world *w, double now)
{
    int n = 0;
    for (size_t i = 0; i < w->confs.n; i++)
        if (((w_conf *)w->confs.items[i])->end_at > now)
            n++;
    return n;
}

static void natural_join(sim_world *w, double now)
{
    int live = running_conferences(w, now), target = w->opts.conferences;
    double p_new = live < target ? 0.3 + 0.6 * (double)(target - live) / target : 0.02;
    w_conf *c = sw_rng_chance(&w->rng, p_new) ? NULL : pick_joinable(w, now);
    if (!c) {
        if (sw_rng_chance(&w->rng, 0.06)) {
            add_gateway_call(w, now);
            return;
        }
        c = start_natural_conference(w, now);
    }
    if (c)
        sw_live_add_group(w, c, sw_gen_kind(w, c->service_type), now);
}

/* ---- start of the world ---- */

static void populate_vmrs(sim_world *w, double now)
{
    int nv = w->opts.conferences + (w->opts.conferences / 2 > 4 ? w->opts.conferences / 2 : 4);
    for (int i = 0; i < nv; i++) {
        const char *type;
        char *name = sw_gen_vmr_name(w, &type);
        if (!name)
            return;
        sw_vmr_create(w, name, type, now - sw_rng_range(&w->rng, 86400, 400 * 86400.0));
        free(name);
    }
    sw_vmr_create(w, "Test Call Service", "test_call", now - 500 * 86400.0);
    sw_vmr_create(w, "Virtual Reception", "two_stage_dialing", now - 500 * 86400.0);
}

/* Starts conference number `index` in the past with its first person;
 * returns the number of legs it used. */
static int populate_conference(sim_world *w, int index, int budget, double now)
{
    double start = now - sw_rng_range(&w->rng, 120, 3600);
    if (index == 7 && budget >= 2) {
        int legs = add_gateway_call(w, start);
        w_conf *c = legs ? w->confs.items[w->confs.n - 1] : NULL;
        if (c)
            c->end_at = now + sw_rng_range(&w->rng, 120, 3600);
        for (size_t i = 0; c && i < c->parts.n; i++)
            sw_media_synthesize_past(w, c->parts.items[i], start, now);
        return legs;
    }
    w_vmr *v = index == 5 ? sw_vmr_of_type(w, "test_call") : NULL;
    if (!v)
        v = sw_vmr_free_pick(w, false);
    w_conf *c = v ? sw_conf_start(w, v, NULL, start) : start_natural_conference(w, start);
    if (!c)
        return 0;
    c->end_at = now + sw_rng_range(&w->rng, 120, 3600);
    if (budget <= 0)
        return 0;
    w_kind k = sw_gen_kind(w, c->service_type);
    if (sw_gen_legs_for(k) > budget)
        k = K_ROOM_SIP;
    int legs = sw_live_add_group(w, c, k, start);
    for (size_t i = 0; i < c->parts.n; i++)
        sw_media_synthesize_past(w, c->parts.items[i], start, now);
    return legs;
}

void sw_live_populate(sim_world *w, double now)
{
    populate_vmrs(w, now);
    int budget = w->opts.participants;
    for (int i = 0; i < w->opts.conferences; i++)
        budget -= populate_conference(w, i, budget, now);
    /* the rest join existing conferences, a few big ones and many small */
    size_t nconf = w->confs.n;
    for (int guard = 0; budget > 0 && nconf > 0 && guard < 10 * w->opts.participants; guard++) {
        int weights[256];
        int n = nconf < 256 ? (int)nconf : 256;
        for (int i = 0; i < n; i++)
            weights[i] = joinable(w->confs.items[i]) ? 1 + 24 / (i + 1) : 0;
        int idx = sw_rng_weighted(&w->rng, weights, n);
        if (n > 0 && weights[idx] == 0)
            break; /* nothing joinable */
        if (nconf > 256)
            idx = sw_rng_int(&w->rng, 0, (int)nconf - 1);
        w_conf *c = w->confs.items[idx];
        if (!joinable(c))
            continue;
        w_kind k = sw_gen_kind(w, c->service_type);
        if (sw_gen_legs_for(k) > budget || (k == K_RTMP && c->parts.n < 3))
            k = K_PEXAPP;
        if (sw_gen_legs_for(sw_shape_kind(w, k)) > budget)
            k = K_ROOM_SIP;
        k = sw_shape_kind(w, k);
        double t = c->start + sw_rng_range(&w->rng, 0, now - c->start);
        size_t before = c->parts.n;
        budget -= sw_live_add_group(w, c, k, t);
        for (size_t i = before; i < c->parts.n; i++)
            sw_media_synthesize_past(w, c->parts.items[i], t, now);
    }
    if (budget > 0 && nconf == 0 && w->opts.participants > 0) {
        w_conf *c = start_natural_conference(w, now);
        while (c && budget > 0)
            budget -= sw_live_add_group(w, c, K_ROOM_SIP, now);
    }
}

/* ---- dynamics ---- */

static void step_presentations(sim_world *w, double now, double dt)
{
    for (size_t i = 0; i < w->confs.n; i++) {
        w_conf *c = w->confs.items[i];
        if (c->presenter) {
            if (c->presenter->present_until <= now && !c->presenter->pinned) {
                sw_media_end_presentation(w, c->presenter, now);
                c->presenter = NULL;
            }
            continue;
        }
        if (c->parts.n < 2 || !joinable(c) || !sw_rng_chance(&w->rng, dt / 240.0))
            continue;
        w_part *p = c->parts.items[sw_rng_int(&w->rng, 0, (int)c->parts.n - 1)];
        if (p->pinned || p->nstreams == 0 || !sw_wjson_bool(p->obj, "is_presentation_supported") ||
            sw_wjson_bool(p->obj, "is_on_hold") || (p->kind == K_MSSIP && p->group != p))
            continue;
        sw_media_add_presentation(w, p, now);
        p->present_until = now + sw_rng_range(&w->rng, 60, 600);
        c->presenter = p;
    }
}

static size_t count_groups(sim_world *w)
{
    size_t n = 0;
    for (size_t i = 0; i < w->parts.n; i++)
        if (((w_part *)w->parts.items[i])->group == w->parts.items[i])
            n++;
    return n;
}

/* Each person leaves now and then; once the meeting is over, everyone
 * drifts away within a minute or so and the conference ends. */
static void step_leaves(sim_world *w, double now, double dt)
{
    w_vec leaving = {0};
    double p_early = 1.0 - exp(-dt / EARLY_LEAVE_SECONDS);
    double p_drain = 1.0 - exp(-dt / DRAIN_SECONDS);
    for (size_t i = 0; i < w->parts.n; i++) {
        w_part *p = w->parts.items[i];
        if (p->group != p || p->pinned || p->connecting || p->conf->hidden ||
            now - p->created < MIN_STAY_SECONDS)
            continue;
        if (sw_rng_chance(&w->rng, p->conf->end_at <= now ? p_drain : p_early))
            sw_w_vec_push(&leaving, p);
    }
    for (size_t i = 0; i < leaving.n; i++) {
        w_part *head = leaving.items[i];
        w_conf *c = head->conf;
        sw_part_leave_group(
            w, head, sw_rng_chance(&w->rng, 0.7) ? "Call disconnected" : "Remote disconnect", now);
        sw_conf_maybe_end(w, c, now); /* only when empty, so later heads are still alive */
    }
    sw_w_vec_free(&leaving);
}

/* Joins balance the leaves; the pressure term pulls the number of legs
 * back towards the configured count. */
static void step_joins(sim_world *w, double now, double dt, size_t groups)
{
    int target = w->opts.participants;
    if (target <= 0)
        return;
    double legs = (double)w->parts.n;
    double base = groups > (size_t)(target / 2) ? (double)groups : target / 2.0;
    double pressure = target / (legs > 1 ? legs : 1);
    pressure *= pressure;
    pressure = pressure < 0.1 ? 0.1 : pressure > 6 ? 6 : pressure;
    int k = sw_rng_poisson(&w->rng, base / 900.0 * pressure * dt);
    for (int i = 0; i < k; i++)
        natural_join(w, now);
}

void sw_live_step(sim_world *w, double now, double dt)
{
    for (size_t i = 0; i < w->parts.n; i++) {
        w_part *p = w->parts.items[i];
        if (!p->pinned && !p->connecting)
            sw_media_step(w, p, now, dt);
    }
    step_presentations(w, now, dt);
    step_leaves(w, now, dt);
    step_joins(w, now, dt, count_groups(w));
}

void sw_live_process_dials(sim_world *w, double now)
{
    for (size_t i = 0; i < w->connecting.n;) {
        w_part *p = w->connecting.items[i];
        if (p->dial_at > now) {
            i++;
            continue;
        }
        if (p->dial_fail) {
            w_conf *c = p->conf;
            sw_part_leave(w, p, "Call rejected", now); /* removes it from connecting */
            sw_conf_maybe_end(w, c, now);
        } else {
            sw_part_connect(w, p, now); /* removes it from connecting */
        }
    }
}
