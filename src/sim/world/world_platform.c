/* The platform: system locations, Conferencing Nodes (configuration and
 * status), their load and statistics, conference shards and backplanes. */
#include "sim/world/world_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_STATS_KEEP 60
#define W_STATS_EVERY 10.0

static void node_status_json(w_node *n, const w_loc *l, double now)
{
    json_t *o = n->status;
    int cpus = (int)sw_wjson_int(n->config, "vm_cpu_count");
    json_object_set_new(o, "boot_time", sw_w_iso_json(n->boot, false));
    sw_jset_int(o, "configuration_id", n->id);
    sw_jset_str(o, "cpu_capabilities", "AVX2");
    sw_jset_int(o, "cpu_count", cpus);
    sw_jset_str(o, "cpu_model", "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
    sw_jset_str(o, "deploy_status", "UP");
    sw_jset_str(o, "hypervisor", "VMware");
    sw_jset_int(o, "id", n->id);
    json_object_set_new(o, "last_attempted_contact", sw_w_iso_json(now, true));
    json_object_set_new(o, "last_updated", sw_w_iso_json(now, true));
    sw_jset_bool(o, "maintenance_mode", false);
    sw_jset_str(o, "maintenance_mode_reason", "");
    int t = n->max_tokens;
    sw_jset_int(o, "max_audio_calls", t);
    sw_jset_int(o, "max_direct_participants", n->proxy ? 0 : t / 2);
    sw_jset_int(o, "max_full_hd_calls", t / 8);
    sw_jset_int(o, "max_hd_calls", t / 4);
    sw_jset_int(o, "max_media_tokens", t);
    sw_jset_int(o, "max_sd_calls", t / 2);
    sw_jset_int(o, "media_load", 0);
    sw_jset_int(o, "media_tokens_used", 0);
    sw_jset_str(o, "name", n->name);
    sw_jset_str(o, "node_type", n->proxy ? "PROXYING" : "CONFERENCING");
    char uri[80];
    snprintf(uri, sizeof uri, "/api/admin/status/v1/worker_vm/%ld/", n->id);
    sw_jset_str(o, "resource_uri", uri);
    sw_jset_int(o, "signaling_count", 0);
    sw_jset_str(o, "sync_status", "SYNCED");
    sw_jset_str(o, "system_location", l->name);
    sw_jset_int(o, "total_ram", (long long)cpus * 2048 * 1024);
    sw_jset_str(o, "upgrade_status", "IDLE");
    sw_jset_str(o, "version", W_VERSION);
}

json_t *sw_platform_worker_config(const char *name, const char *ip, const char *type, long id,
                                  long loc_id, int cpus, bool cloud)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    char buf[96];
    sw_jset_str(o, "address", ip);
    sw_jset_str(o, "alternative_fqdn", "");
    sw_jset_bool(o, "cloud_bursting", cloud);
    sw_jset_str(o, "deployment_type", cloud ? "AWS" : "MANUAL-ESXI6_7");
    sw_jset_str(o, "description", "");
    sw_jset_str(o, "domain", "example.com");
    sw_jset_bool(o, "enable_distributed_database", true);
    sw_jset_str(o, "enable_ssh", "GLOBAL");
    snprintf(buf, sizeof buf, "%.*s.1", (int)(strrchr(ip, '.') - ip), ip);
    sw_jset_str(o, "gateway", buf);
    sw_jset_str(o, "hostname", name);
    sw_jset_int(o, "id", id);
    sw_jset_null(o, "ipv6_address");
    sw_jset_null(o, "ipv6_gateway");
    sw_jset_bool(o, "maintenance_mode", false);
    sw_jset_str(o, "maintenance_mode_reason", "");
    sw_jset_null(o, "media_priority_weight");
    sw_jset_str(o, "name", name);
    sw_jset_str(o, "netmask", "255.255.255.0");
    sw_jset_str(o, "node_type", type);
    snprintf(buf, sizeof buf, "/api/admin/configuration/v1/worker_vm/%ld/", id);
    sw_jset_str(o, "resource_uri", buf);
    sw_jset_null(o, "secondary_address");
    sw_jset_null(o, "secondary_netmask");
    sw_jset_str(o, "snmp_mode", "DISABLED");
    sw_jset_null(o, "static_nat_address");
    json_object_set_new(o, "static_routes", json_array());
    snprintf(buf, sizeof buf, "/api/admin/configuration/v1/system_location/%ld/", loc_id);
    sw_jset_str(o, "system_location", buf);
    sw_jset_null(o, "tls_certificate");
    sw_jset_bool(o, "transcoding", true);
    sw_jset_int(o, "vm_cpu_count", cpus);
    sw_jset_int(o, "vm_system_memory", (long long)cpus * 2048);
    return o;
}

static void loc_json(w_loc *l)
{
    char buf[96];
    json_t *c = l->config;
    json_object_set_new(c, "client_stun_servers", json_array());
    json_object_set_new(c, "client_turn_servers", json_array());
    snprintf(buf, sizeof buf, "%s data centre", l->name);
    sw_jset_str(c, "description", buf);
    json_object_set_new(c, "dns_servers", json_array());
    json_object_set_new(c, "event_sinks", json_array());
    sw_jset_null(c, "h323_gatekeeper");
    sw_jset_int(c, "id", l->id);
    sw_jset_str(c, "local_mssip_domain", "");
    sw_jset_null(c, "mssip_proxy");
    sw_jset_int(c, "mtu", 1500);
    sw_jset_str(c, "name", l->name);
    json_object_set_new(c, "ntp_servers", json_array());
    sw_jset_null(c, "overflow_location1");
    sw_jset_null(c, "overflow_location2");
    sw_jset_null(c, "policy_server");
    snprintf(buf, sizeof buf, "/api/admin/configuration/v1/system_location/%ld/", l->id);
    sw_jset_str(c, "resource_uri", buf);
    sw_jset_null(c, "sip_proxy");
    sw_jset_null(c, "stun_server");
    sw_jset_null(c, "teams_proxy");
    sw_jset_null(c, "transcoding_location");
    sw_jset_null(c, "turn_server");

    json_t *s = l->status;
    sw_jset_int(s, "id", l->id);
    sw_jset_int(s, "max_audio_calls", 0);
    sw_jset_str(s, "max_connections", "0");
    sw_jset_int(s, "max_full_hd_calls", 0);
    sw_jset_int(s, "max_hd_calls", 0);
    sw_jset_int(s, "max_media_tokens", 0);
    sw_jset_int(s, "max_sd_calls", 0);
    sw_jset_real(s, "media_load", 0.0);
    sw_jset_int(s, "media_tokens_used", 0);
    sw_jset_str(s, "name", l->name);
    snprintf(buf, sizeof buf, "/api/admin/status/v1/system_location/%ld/", l->id);
    sw_jset_str(s, "resource_uri", buf);
}

static bool build_locations(sim_world *w)
{
    w->nlocs = w->opts.locations > 0 ? w->opts.locations : 1;
    w->locs = calloc((size_t)w->nlocs, sizeof(*w->locs));
    if (!w->locs)
        return false;
    for (int i = 0; i < w->nlocs; i++) {
        w_loc *l = &w->locs[i];
        l->id = i + 1;
        const char *name = sw_gen_location_name(i, l->code);
        if (name) {
            snprintf(l->name, sizeof l->name, "%s", name);
        } else {
            snprintf(l->name, sizeof l->name, "Region %d", i + 1);
            snprintf(l->code, sizeof l->code, "r%02d", (i + 1) % 100);
        }
        l->config = json_object();
        l->status = json_object();
        l->stats = json_array();
        if (!l->config || !l->status || !l->stats)
            return false;
        loc_json(l);
        json_array_append(sw_w_coll(w, C_CF_LOCATION), l->config);
        json_array_append(sw_w_coll(w, C_ST_LOCATION), l->status);
    }
    return true;
}

/* Capacity sized so the configured participants put the nodes at roughly
 * half load, the interesting range for a monitoring console. Locations take
 * calls with the same weights as placement (the first ones are the big
 * offices); a location without Conferencing Nodes spills over evenly. */
static int node_capacity(const sim_world *w, const int *conf_per_loc, int loc, int conferencing)
{
    double total_w = 0, spill = 0;
    for (int i = 0; i < w->nlocs; i++) {
        double wt = w->nlocs - i + 2;
        total_w += wt;
        if (conf_per_loc[i] == 0)
            spill += wt;
    }
    double share = (w->nlocs - loc + 2) / total_w / conf_per_loc[loc] +
                   spill / total_w / (conferencing > 0 ? conferencing : 1);
    double demand = (double)w->opts.participants * 3.5 * share;
    int tokens = (int)ceil(demand / 0.5 / 24.0) * 24;
    return tokens < 48 ? 48 : tokens;
}

static bool build_nodes(sim_world *w, double now)
{
    w->nnodes = w->opts.nodes > 0 ? w->opts.nodes : 1;
    w->nodes = calloc((size_t)w->nnodes, sizeof(*w->nodes));
    if (!w->nodes)
        return false;
    int conferencing = 0;
    int *per_loc = calloc((size_t)w->nlocs, sizeof(int));
    int *conf_per_loc = calloc((size_t)w->nlocs, sizeof(int));
    if (!per_loc || !conf_per_loc) {
        free(per_loc);
        free(conf_per_loc);
        return false;
    }
    for (int i = 0; i < w->nnodes; i++) {
        if (!(w->nnodes >= 4 && i % 4 == 3)) {
            conferencing++;
            conf_per_loc[i % w->nlocs]++;
        }
    }
    for (int i = 0; i < w->nnodes; i++) {
        w_node *n = &w->nodes[i];
        n->id = i + 1;
        n->loc = i % w->nlocs;
        n->proxy = w->nnodes >= 4 && i % 4 == 3;
        int k = per_loc[n->loc]++;
        const w_loc *l = &w->locs[n->loc];
        snprintf(n->name, sizeof n->name, "%s-%s-%02d", l->code, n->proxy ? "pn" : "cn", k + 1);
        snprintf(n->ip, sizeof n->ip, "10.%d.%d.%d", 40 + n->loc % 200, k / 240, 10 + k % 240);
        int capacity = n->proxy ? 0 : node_capacity(w, conf_per_loc, n->loc, conferencing);
        n->max_tokens = capacity;
        n->boot = now - sw_rng_range(&w->rng, 2 * 86400.0, 40 * 86400.0);
        int cpus = n->proxy ? 4 : capacity / 6;
        cpus = cpus < 4 ? 4 : cpus > 96 ? 96 : (cpus + 1) & ~1;
        n->config = sw_platform_worker_config(
            n->name, n->ip, n->proxy ? "PROXYING" : "CONFERENCING", n->id, l->id, cpus, false);
        n->status = json_object();
        n->stats = json_array();
        if (!n->config || !n->status || !n->stats) {
            free(per_loc);
            free(conf_per_loc);
            return false;
        }
        node_status_json(n, l, now);
        n->shown_load = n->shown_tokens = n->shown_sig = -1;
        json_array_append(sw_w_coll(w, C_CF_WORKER), n->config);
        json_array_append(sw_w_coll(w, C_ST_WORKER), n->status);
    }
    free(per_loc);
    free(conf_per_loc);
    return true;
}

void sw_platform_build(sim_world *w, double now)
{
    if (!build_locations(w) || !build_nodes(w, now)) {
        sw_platform_free(w);
        w->nodes = NULL;
        w->locs = NULL;
        w->nnodes = w->nlocs = 0;
        return;
    }
    sw_extras_build(w, now);
}

void sw_platform_free(sim_world *w)
{
    for (int i = 0; w->nodes && i < w->nnodes; i++) {
        json_decref(w->nodes[i].config);
        json_decref(w->nodes[i].status);
        json_decref(w->nodes[i].stats);
    }
    for (int i = 0; w->locs && i < w->nlocs; i++) {
        json_decref(w->locs[i].config);
        json_decref(w->locs[i].status);
        json_decref(w->locs[i].stats);
    }
    free(w->nodes);
    free(w->locs);
}

/* ---- placement ---- */

static double node_fill(const w_node *n)
{
    return n->max_tokens > 0 ? (double)n->tokens_used / n->max_tokens : 1.0;
}

int sw_platform_pick_node(sim_world *w, int loc)
{
    int best = -1;
    double best_fill = 1e9;
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        for (int i = 0; i < w->nnodes; i++) {
            const w_node *n = &w->nodes[i];
            if (n->proxy || (pass == 0 && n->loc != loc))
                continue;
            double fill = node_fill(n) + sw_rng_range(&w->rng, 0, 0.1);
            if (fill < best_fill) {
                best_fill = fill;
                best = i;
            }
        }
    }
    return best < 0 ? 0 : best;
}

int sw_platform_node_by_ip(sim_world *w, const char *ip)
{
    for (int i = 0; i < w->nnodes; i++)
        if (strcmp(w->nodes[i].ip, ip) == 0)
            return i;
    return -1;
}

int sw_platform_loc_by_name(sim_world *w, const char *name)
{
    for (int i = 0; i < w->nlocs; i++)
        if (strcmp(w->locs[i].name, name) == 0)
            return i;
    return -1;
}

int sw_platform_proxy_in(sim_world *w, int loc)
{
    for (int i = 0; i < w->nnodes; i++)
        if (w->nodes[i].proxy && w->nodes[i].loc == loc)
            return i;
    return -1;
}

/* ---- conference shards and backplanes ---- */

static json_t *shard_json(sim_world *w, w_conf *c, int node)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    char id[37], uri[96];
    sw_rng_uuid(&w->rng, id);
    const json_t *co = c->obj;
    sw_jset_str(o, "conference", c->name);
    sw_jset_bool(o, "guests_muted", sw_wjson_bool(co, "guests_muted"));
    sw_jset_str(o, "id", id);
    sw_jset_bool(o, "is_direct", false);
    sw_jset_bool(o, "is_locked", sw_wjson_bool(co, "is_locked"));
    sw_jset_bool(o, "is_started", true);
    sw_jset_str(o, "node", w->nodes[node].ip);
    snprintf(uri, sizeof uri, "/api/admin/status/v1/conference_shard/%s/", id);
    sw_jset_str(o, "resource_uri", uri);
    sw_jset_str(o, "service_type", c->service_type);
    json_object_set_new(o, "start_time", json_deep_copy(json_object_get(co, "start_time")));
    sw_jset_str(o, "system_location", w->locs[w->nodes[node].loc].name);
    sw_jset_str(o, "tag", sw_wjson_str(co, "tag"));
    sw_jset_bool(o, "transcoding_enabled", true);
    return o;
}

static json_t *backplane_json(sim_world *w, w_conf *c, int node, double now)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    char id[37], uri[96];
    sw_rng_uuid(&w->rng, id);
    const w_node *n = &w->nodes[node], *home = &w->nodes[c->home];
    sw_jset_str(o, "conference", c->name);
    json_object_set_new(o, "connect_time", sw_w_iso_json(now, true));
    sw_jset_str(o, "id", id);
    sw_jset_str(o, "media_node", n->ip);
    sw_jset_str(o, "protocol", "SIP");
    sw_jset_str(o, "proxy_node", "");
    sw_jset_str(o, "remote_conference_name", c->name);
    sw_jset_str(o, "remote_media_node", home->ip);
    sw_jset_str(o, "remote_node_name", home->name);
    snprintf(uri, sizeof uri, "/api/admin/status/v1/backplane/%s/", id);
    sw_jset_str(o, "resource_uri", uri);
    sw_jset_str(o, "service_tag", sw_wjson_str(c->obj, "tag"));
    sw_jset_str(o, "system_location", w->locs[n->loc].name);
    sw_jset_str(o, "type", n->loc == home->loc ? "local" : "geo");
    return o;
}

static void backplane_remove(sim_world *w, w_conf *c, int node, double now)
{
    json_t *bp = c->bplanes[node];
    if (!bp)
        return;
    sw_history_add_backplane(w, c, bp, now);
    sw_w_array_remove_ptr(sw_w_coll(w, C_ST_BACKPLANE), bp);
    json_decref(bp);
    c->bplanes[node] = NULL;
}

void sw_platform_node_leg(sim_world *w, w_conf *c, int node, int delta, double now)
{
    if (node < 0 || node >= w->nnodes)
        return;
    c->node_legs[node] += delta;
    bool want = !c->hidden && (c->node_legs[node] > 0 || node == c->home);
    if (want && !c->shards[node]) {
        c->shards[node] = shard_json(w, c, node);
        if (c->shards[node])
            json_array_append(sw_w_coll(w, C_ST_SHARD), c->shards[node]);
        if (node != c->home) {
            c->bplanes[node] = backplane_json(w, c, node, now);
            if (c->bplanes[node])
                json_array_append(sw_w_coll(w, C_ST_BACKPLANE), c->bplanes[node]);
        }
    } else if (!want && c->shards[node]) {
        sw_w_array_remove_ptr(sw_w_coll(w, C_ST_SHARD), c->shards[node]);
        json_decref(c->shards[node]);
        c->shards[node] = NULL;
        backplane_remove(w, c, node, now);
    }
}

void sw_platform_conf_flags(sim_world *w, w_conf *c)
{
    for (int i = 0; i < w->nnodes; i++) {
        if (!c->shards[i])
            continue;
        sw_jset_bool(c->shards[i], "is_locked", sw_wjson_bool(c->obj, "is_locked"));
        sw_jset_bool(c->shards[i], "guests_muted", sw_wjson_bool(c->obj, "guests_muted"));
    }
}

void sw_platform_conf_end(sim_world *w, w_conf *c, double now)
{
    for (int i = 0; i < w->nnodes; i++) {
        backplane_remove(w, c, i, now);
        if (c->shards[i]) {
            sw_w_array_remove_ptr(sw_w_coll(w, C_ST_SHARD), c->shards[i]);
            json_decref(c->shards[i]);
            c->shards[i] = NULL;
        }
    }
}

/* Backplane media is steady, so its counters are computed from the age of
 * the backplane when asked for. */
json_t *sw_platform_backplane_streams(sim_world *w, const char *id, double now)
{
    json_t *arr = sw_w_coll(w, C_ST_BACKPLANE), *bp = NULL;
    for (size_t i = 0; i < json_array_size(arr) && !bp; i++)
        if (strcmp(sw_wjson_str(json_array_get(arr, i), "id"), id) == 0)
            bp = json_array_get(arr, i);
    if (!bp)
        return NULL;
    double start = sw_w_parse_iso(sw_wjson_str(bp, "connect_time"));
    double age = start > 0 && now > start ? now - start : 0;
    json_decref(w->scratch);
    w->scratch = json_array();
    for (int k = 0; k < 2 && w->scratch; k++) {
        json_t *o = json_object();
        bool video = k == 1;
        char slot[4];
        snprintf(slot, sizeof slot, "%d", k);
        sw_jset_str(o, "end_time", "");
        sw_jset_str(o, "id", slot);
        sw_jset_str(o, "node", sw_wjson_str(bp, "media_node"));
        sw_media_backplane_dirs(o, video, age, false);
        json_object_set_new(o, "start_time", json_deep_copy(json_object_get(bp, "connect_time")));
        sw_jset_str(o, "type", video ? "video" : "audio");
        json_array_append_new(w->scratch, o);
    }
    return w->scratch;
}

/* ---- load, statistics ---- */

static void node_refresh(sim_world *w, w_node *n, double now)
{
    int load = n->max_tokens > 0 ? (int)lround(100.0 * n->tokens_used / n->max_tokens) : 0;
    if (load > 100)
        load = 100;
    if (load != n->shown_load)
        sw_jset_int(n->status, "media_load", load);
    if (n->tokens_used != n->shown_tokens)
        sw_jset_int(n->status, "media_tokens_used", n->tokens_used);
    if (n->sig_count != n->shown_sig)
        sw_jset_int(n->status, "signaling_count", n->sig_count);
    n->shown_load = load;
    n->shown_tokens = n->tokens_used;
    n->shown_sig = n->sig_count;
    sw_alarms_refresh_capacity(w, n, now);
}

static void loc_refresh(sim_world *w, w_loc *l, int li)
{
    int used = 0, max = 0;
    for (int i = 0; i < w->nnodes; i++) {
        if (w->nodes[i].loc != li || w->nodes[i].proxy)
            continue;
        used += w->nodes[i].tokens_used;
        max += w->nodes[i].max_tokens;
    }
    double load = max > 0 ? sw_round2(100.0 * used / max) : 0.0;
    if (load > 100)
        load = 100;
    if (load != l->shown_load || used != l->shown_tokens) {
        sw_jset_real(l->status, "media_load", load);
        sw_jset_int(l->status, "media_tokens_used", used);
    }
    if (sw_wjson_int(l->status, "max_media_tokens") != max) {
        char buf[24];
        sw_jset_int(l->status, "max_audio_calls", max);
        snprintf(buf, sizeof buf, "%d", max);
        sw_jset_str(l->status, "max_connections", buf);
        sw_jset_int(l->status, "max_full_hd_calls", max / 8);
        sw_jset_int(l->status, "max_hd_calls", max / 4);
        sw_jset_int(l->status, "max_media_tokens", max);
        sw_jset_int(l->status, "max_sd_calls", max / 2);
    }
    l->shown_load = load;
    l->shown_tokens = used;
}

void sw_platform_refresh(sim_world *w, double now)
{
    for (int i = 0; i < w->nnodes; i++)
        node_refresh(w, &w->nodes[i], now);
    for (int i = 0; i < w->nlocs; i++)
        loc_refresh(w, &w->locs[i], i);
    sw_extras_refresh(w, now);
}

static void stats_push(json_t *arr, double load, double t)
{
    json_t *o = json_object();
    if (!o)
        return;
    sw_jset_real(o, "media_load", sw_round2(load));
    json_object_set_new(o, "time", sw_w_iso_json(t, false));
    json_array_append_new(arr, o);
    while (json_array_size(arr) > W_STATS_KEEP)
        json_array_remove(arr, 0);
}

static void stats_sample(sim_world *w, double t, double jitter)
{
    for (int i = 0; i < w->nnodes; i++) {
        w_node *n = &w->nodes[i];
        double load = (double)sw_wjson_int(n->status, "media_load");
        if (jitter > 0)
            load = fmax(0, fmin(100, load + sw_rng_normal(&w->rng) * jitter));
        stats_push(n->stats, load, t);
    }
    for (int i = 0; i < w->nlocs; i++) {
        w_loc *l = &w->locs[i];
        double load = json_real_value(json_object_get(l->status, "media_load"));
        if (jitter > 0)
            load = fmax(0, fmin(100, load + sw_rng_normal(&w->rng) * jitter));
        stats_push(l->stats, load, t);
    }
}

void sw_platform_finish(sim_world *w, double now)
{
    sw_platform_refresh(w, now);
    /* back-fill ten minutes of samples around today's load */
    for (int k = W_STATS_KEEP - 1; k >= 1; k--)
        stats_sample(w, now - k * W_STATS_EVERY, 4.0);
    stats_sample(w, now, 0);
    w->last_stats = now;
    w->last_contact = now;
    sw_alarms_seed(w, now);
}

void sw_platform_step(sim_world *w, double now, double dt)
{
    if (now - w->last_stats >= W_STATS_EVERY) {
        sw_platform_refresh(w, now);
        stats_sample(w, now, 0);
        w->last_stats = now;
    }
    if (now - w->last_contact >= 30.0) {
        for (int i = 0; i < w->nnodes; i++) {
            json_object_set_new(w->nodes[i].status, "last_attempted_contact",
                                sw_w_iso_json(now, true));
            json_object_set_new(w->nodes[i].status, "last_updated", sw_w_iso_json(now, true));
        }
        w->last_contact = now;
    }
    sw_alarms_step(w, now, dt);
    sw_extras_step(w, now, dt);
}
