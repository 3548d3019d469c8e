/* The world's public API: construction, the tick, and access to
 * collections, objects and sub-collections (see world.h). */
#include "sim/world/world_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_SECONDS 1.0
#define MAX_STEPS_PER_TICK 8

static const char *const MAIN_KEYS[C_COUNT_MAIN] = {
    [C_ST_CONFERENCE] = "status/conference",
    [C_ST_SHARD] = "status/conference_shard",
    [C_ST_PARTICIPANT] = "status/participant",
    [C_ST_WORKER] = "status/worker_vm",
    [C_ST_LOCATION] = "status/system_location",
    [C_ST_ALARM] = "status/alarm",
    [C_ST_REGISTRATION] = "status/registration_alias",
    [C_ST_LICENSING] = "status/licensing",
    [C_ST_BACKPLANE] = "status/backplane",
    [C_ST_MGMT] = "status/management_vm",
    [C_ST_CLOUD_NODE] = "status/cloud_node",
    [C_ST_CLOUD_MON] = "status/cloud_monitored_location",
    [C_ST_CLOUD_OVF] = "status/cloud_overflow_location",
    [C_CF_CONFERENCE] = "configuration/conference",
    [C_CF_ALIAS] = "configuration/conference_alias",
    [C_CF_WORKER] = "configuration/worker_vm",
    [C_CF_LOCATION] = "configuration/system_location",
    [C_HI_CONFERENCE] = "history/conference",
    [C_HI_PARTICIPANT] = "history/participant",
    [C_HI_STREAM] = "history/media_stream",
    [C_HI_ALARM] = "history/alarm",
    [C_HI_EVENT] = "history/workervm_status_event",
    [C_HI_BACKPLANE] = "history/backplane",
    [C_HI_BP_STREAM] = "history/backplane_media_stream",
    [C_HI_REGISTRATION] = "history/registration_alias",
};

/* Status resources the document lists that this platform has none of. */
static const char *const EMPTY_KEYS[] = {
    "status/conference_sync", "status/exchange_scheduler",
    "status/mjx_endpoint",    "status/mjx_meeting",
    "status/teamsnode",       "status/teamsnode_call",
    "status/teamsnodedsc",    "status/scheduling_operation",
    "status/backup_request",  "status/snapshot_request",
};

json_t *sw_w_coll(sim_world *w, int which)
{
    return w->coll[which];
}

void sim_world_opts_default(sim_world_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->seed = 1;
    o->conferences = 8;
    o->participants = 40;
    o->nodes = 6;
    o->locations = 3;
    o->history = 50;
    o->is_static = false;
    o->dial_delay = 1.0;
    o->dial_fail_pattern = NULL;
    o->shape = SIM_SHAPE_CURRENT;
    o->orphans = -1;
}

static bool collections_init(sim_world *w)
{
    for (int i = 0; i < C_COUNT_MAIN; i++) {
        w->coll_key[i] = MAIN_KEYS[i];
        w->coll[i] = json_array();
        if (!w->coll[i])
            return false;
    }
    w->ncoll = C_COUNT_MAIN;
    for (size_t i = 0; i < sizeof EMPTY_KEYS / sizeof EMPTY_KEYS[0]; i++) {
        w->coll_key[w->ncoll] = EMPTY_KEYS[i];
        w->coll[w->ncoll] = json_array();
        if (!w->coll[w->ncoll])
            return false;
        w->ncoll++;
    }
    return true;
}

static void maps_init(sim_world *w)
{
    sw_w_map_init(&w->part_by_id);
    sw_w_map_init(&w->conf_by_id);
    sw_w_map_init(&w->sw_vmr_by_alias);
    sw_w_map_init(&w->vmr_by_name);
    sw_w_map_init(&w->hpart_by_id);
    sw_w_map_init(&w->hconf_by_id);
}

sim_world *sim_world_new(const sim_world_opts *opts, double now)
{
    sim_world *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    if (opts)
        w->opts = *opts;
    else
        sim_world_opts_default(&w->opts);
    w->opts.conferences = w->opts.conferences < 0 ? 0 : w->opts.conferences;
    w->opts.participants = w->opts.participants < 0 ? 0 : w->opts.participants;
    w->opts.history = w->opts.history < 0 ? 0 : w->opts.history;
    if (w->opts.orphans < 0)
        w->opts.orphans = w->opts.shape == SIM_SHAPE_CURRENT ? 0 : SIM_ORPHANS_OLD_SHAPES;
    if (w->opts.dial_fail_pattern) {
        w->dial_fail_pattern = strdup(w->opts.dial_fail_pattern);
        if (!w->dial_fail_pattern) {
            free(w);
            return NULL;
        }
    }
    w->opts.dial_fail_pattern = w->dial_fail_pattern;
    sw_rng_seed(&w->rng, w->opts.seed);
    maps_init(w);
    w->history_cap = 10000;
    w->history_participant_cap = 60000;
    w->next_vmr_id = w->next_alias_id = w->next_hstream_id = w->next_alarm_id = 1;
    w->next_reg_id = w->next_event_id = w->next_hbp_stream_id = w->next_halarm_id = 1;
    w->now = w->last_step = now;
    if (!collections_init(w)) {
        sim_world_free(w);
        return NULL;
    }
    sw_platform_build(w, now);
    if (!w->nodes || !w->locs) {
        sim_world_free(w);
        return NULL;
    }
    sw_live_populate(w, now);
    sw_orphans_populate(w, now);
    sw_platform_finish(w, now);
    sw_history_seed(w, now);
    return w;
}

void sim_world_free(sim_world *w)
{
    if (!w)
        return;
    sw_live_free_all(w);
    sw_history_free(w);
    sw_alarms_free(w);
    sw_platform_free(w);
    for (int i = 0; i < w->ncoll; i++)
        json_decref(w->coll[i]);
    sw_w_map_free(&w->part_by_id);
    sw_w_map_free(&w->conf_by_id);
    sw_w_map_free(&w->sw_vmr_by_alias);
    sw_w_map_free(&w->vmr_by_name);
    sw_w_map_free(&w->hpart_by_id);
    sw_w_map_free(&w->hconf_by_id);
    json_decref(w->detail);
    json_decref(w->scratch);
    free(w->dial_fail_pattern);
    free(w);
}

void sim_world_tick(sim_world *w, double now)
{
    if (!w || !isfinite(now))
        return;
    if (now > w->now)
        w->now = now;
    if (w->connecting.n > 0) { /* dials complete even in static mode */
        sw_live_process_dials(w, w->now);
        sw_platform_refresh(w, w->now);
    }
    if (w->opts.is_static)
        return;
    double gap = w->now - w->last_step;
    if (gap < STEP_SECONDS)
        return;
    int steps = (int)(gap / STEP_SECONDS);
    double dt = STEP_SECONDS;
    if (steps > MAX_STEPS_PER_TICK) { /* after a long pause, catch up coarsely */
        dt = gap / MAX_STEPS_PER_TICK;
        steps = MAX_STEPS_PER_TICK;
    }
    for (int i = 0; i < steps; i++) {
        double t = w->last_step + dt;
        sw_live_step(w, t, dt);
        sw_platform_step(w, t, dt);
        w->last_step = t;
    }
    sw_platform_refresh(w, w->now);
}

/* Accepts "status/participant" and also "/api/admin/status/v1/participant/". */
static void normalize_key(const char *in, char *out, size_t cap)
{
    const char *p = in;
    if (strncmp(p, "/api/admin/", 11) == 0)
        p += 11;
    while (*p == '/')
        p++;
    size_t o = 0;
    while (*p && o + 1 < cap) {
        if (strncmp(p, "v1/", 3) == 0 && (o == 0 || out[o - 1] == '/')) {
            p += 3;
            continue;
        }
        out[o++] = *p++;
    }
    while (o > 0 && out[o - 1] == '/')
        o--;
    out[o] = '\0';
}

static int coll_index(sim_world *w, const char *resource)
{
    char key[128];
    if (!resource)
        return -1;
    normalize_key(resource, key, sizeof key);
    for (int i = 0; i < w->ncoll; i++)
        if (strcmp(w->coll_key[i], key) == 0)
            return i;
    return -1;
}

json_t *sim_world_collection(sim_world *w, const char *resource)
{
    int i = w ? coll_index(w, resource) : -1;
    return i >= 0 ? w->coll[i] : NULL;
}

static json_t *detail_with_quality(sim_world *w, const json_t *obj, const uint8_t *hq, size_t nhq,
                                   const int buckets[5])
{
    json_decref(w->detail);
    w->detail = json_copy((json_t *)obj);
    json_t *list = json_array(), *bucketed = json_array();
    if (!w->detail || !list || !bucketed) {
        json_decref(list);
        json_decref(bucketed);
        return w->detail;
    }
    for (size_t i = 0; i < nhq; i++)
        json_array_append_new(list, json_integer(hq[i]));
    for (int q = 0; q < 5; q++)
        json_array_append_new(bucketed, json_integer(buckets[q]));
    json_object_set_new(w->detail, "historic_call_quality", list);
    json_object_set_new(w->detail, "bucketed_call_quality", bucketed);
    return w->detail;
}

static bool id_matches(const json_t *o, const char *key, const char *id)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v))
        return strcmp(json_string_value(v), id) == 0;
    if (json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return strcmp(buf, id) == 0;
    }
    return false;
}

json_t *sim_world_object(sim_world *w, const char *resource, const char *id)
{
    int ci = w && id ? coll_index(w, resource) : -1;
    if (ci < 0)
        return NULL;
    if (ci == C_ST_PARTICIPANT) {
        w_part *p = sw_w_map_get(&w->part_by_id, id);
        return p ? detail_with_quality(w, p->obj, p->hq, p->nhq, p->buckets) : NULL;
    }
    if (ci == C_HI_PARTICIPANT) {
        w_hpart *hp = sw_w_map_get(&w->hpart_by_id, id);
        return hp ? detail_with_quality(w, hp->obj, hp->hq, hp->nhq, hp->buckets) : NULL;
    }
    if (ci == C_ST_CONFERENCE) {
        w_conf *c = sw_w_map_get(&w->conf_by_id, id);
        return c ? c->obj : NULL;
    }
    if (ci == C_HI_CONFERENCE) {
        w_hconf *h = sw_w_map_get(&w->hconf_by_id, id);
        return h ? h->obj : NULL;
    }
    const char *key = ci == C_ST_CLOUD_NODE ? "cloud_instance_id" : "id";
    json_t *arr = w->coll[ci];
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (id_matches(json_array_get(arr, i), key, id))
            return json_array_get(arr, i);
    return NULL;
}

static long parse_id(const char *id)
{
    char *end = NULL;
    long v = id ? strtol(id, &end, 10) : 0;
    return end && end != id && *end == '\0' ? v : -1;
}

json_t *sim_world_subcollection(sim_world *w, const char *resource, const char *id, const char *sub)
{
    int ci = w && id && sub ? coll_index(w, resource) : -1;
    if (ci < 0)
        return NULL;
    bool streams = strcmp(sub, "media_stream") == 0, stats = strcmp(sub, "statistics") == 0;
    if (ci == C_ST_PARTICIPANT && streams) {
        w_part *p = sw_w_map_get(&w->part_by_id, id);
        return p ? sw_media_status_streams(w, p, w->now) : NULL;
    }
    if (ci == C_HI_PARTICIPANT && streams) {
        w_hpart *hp = sw_w_map_get(&w->hpart_by_id, id);
        return hp ? json_object_get(hp->obj, "media_streams") : NULL;
    }
    if (ci == C_ST_WORKER && stats) {
        long n = parse_id(id);
        return n >= 1 && n <= w->nnodes ? w->nodes[n - 1].stats : NULL;
    }
    if (ci == C_ST_LOCATION && stats) {
        long n = parse_id(id);
        return n >= 1 && n <= w->nlocs ? w->locs[n - 1].stats : NULL;
    }
    if (ci == C_ST_BACKPLANE && streams)
        return sw_platform_backplane_streams(w, id, w->now);
    if (ci == C_HI_BACKPLANE && streams) {
        json_t *bp = sim_world_object(w, resource, id);
        return bp ? json_object_get(bp, "media_streams") : NULL;
    }
    return NULL;
}

int sim_world_command(sim_world *w, const char *command, json_t *params, json_t **response)
{
    *response = NULL;
    if (!w)
        return 500;
    int status = sw_commands_run(w, command, params, response);
    sw_platform_refresh(w, w->now);
    return status;
}

void sim_world_set_history_cap(sim_world *w, size_t conferences)
{
    if (!w)
        return;
    w->history_cap = conferences;
    sw_history_enforce_cap(w);
}

json_t *sim_world_summary(sim_world *w)
{
    if (!w)
        return NULL;
    char now[W_ISO_LEN];
    sw_w_iso(w->now, true, now);
    json_t *o = json_pack(
        "{s:I,s:s,s:b,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "seed",
        (json_int_t)w->opts.seed, "now", now, "static", w->opts.is_static, "shape",
        sim_shape_name(w->opts.shape), "conferences", (json_int_t)w->confs.n, "participants",
        (json_int_t)w->parts.n, "connecting", (json_int_t)w->connecting.n, "nodes",
        (json_int_t)w->nnodes, "locations", (json_int_t)w->nlocs, "vmrs", (json_int_t)w->vmrs.n,
        "alarms", (json_int_t)w->alarms.n, "history_conferences", (json_int_t)w->hconfs.n,
        "history_participants", (json_int_t)json_array_size(w->coll[C_HI_PARTICIPANT]),
        "history_media_streams", (json_int_t)json_array_size(w->coll[C_HI_STREAM]), "port_licenses",
        (json_int_t)w->lic_port);
    if (o) {
        sw_jset_int(o, "orphans", (long long)sw_orphans_count(w));
        sw_jset_int(o, "orphans_at_start", w->opts.orphans);
    }
    return o;
}
