/* The smaller platform resources: licensing, registrations, the Management
 * Node, dynamic bursting (cloud nodes and locations) and node events. */
#include "sim/world/world_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- licensing ---- */

static int round_up(int v, int step)
{
    return (v + step - 1) / step * step;
}

static void licensing_build(sim_world *w)
{
    json_t *o = json_object();
    if (!o)
        return;
    int ports = round_up(w->opts.participants * 3 / 2 + 20, 50);
    sw_jset_int(o, "audio_count", 0);
    sw_jset_int(o, "audio_total", ports / 2);
    sw_jset_bool(o, "customlayouts_active", true);
    sw_jset_int(o, "ghm_count", 0);
    sw_jset_int(o, "ghm_total", 10);
    sw_jset_bool(o, "googletrustedjoin_active", false);
    sw_jset_int(o, "otj_count", 0);
    sw_jset_int(o, "otj_total", 0);
    sw_jset_int(o, "port_count", 0);
    sw_jset_int(o, "port_total", ports);
    sw_jset_int(o, "scheduling_count", 0);
    sw_jset_int(o, "scheduling_total", 100);
    sw_jset_int(o, "system_count", 0);
    sw_jset_int(o, "system_total", round_up(w->opts.participants / 3 + 10, 10) * 2);
    sw_jset_int(o, "teams_count", 0);
    sw_jset_int(o, "teams_total", 50);
    sw_jset_int(o, "telehealth_count", 0);
    sw_jset_int(o, "telehealth_total", 0);
    sw_jset_int(o, "vmr_count", 0);
    sw_jset_int(o, "vmr_total", round_up(w->opts.conferences * 4 + 50, 50));
    sw_jset_bool(o, "zoomtrustedjoin_active", false);
    json_array_append_new(sw_w_coll(w, C_ST_LICENSING), o);
    for (int i = 0; i < 4; i++)
        w->shown_lic[i] = -1;
}

static void licensing_refresh(sim_world *w)
{
    json_t *o = json_array_get(sw_w_coll(w, C_ST_LICENSING), 0);
    if (!o)
        return;
    const int now_counts[4] = {w->lic_port, w->lic_audio, w->lic_teams, w->lic_ghm};
    static const char *const keys[4] = {"port_count", "audio_count", "teams_count", "ghm_count"};
    for (int i = 0; i < 4; i++) {
        if (now_counts[i] != w->shown_lic[i])
            sw_jset_int(o, keys[i], now_counts[i]);
        w->shown_lic[i] = now_counts[i];
    }
    long long vmrs = (long long)w->vmrs.n;
    if (sw_wjson_int(o, "vmr_count") != vmrs)
        sw_jset_int(o, "vmr_count", vmrs);
    long long regs = (long long)json_array_size(sw_w_coll(w, C_ST_REGISTRATION));
    if (sw_wjson_int(o, "system_count") != regs)
        sw_jset_int(o, "system_count", regs);
}

/* ---- registrations ---- */

static void registration_add(sim_world *w, double start)
{
    json_t *o = json_object();
    if (!o)
        return;
    char display[128], alias[160], ip[24], regid[37], uri[80];
    static const int proto_w[] = {60, 20, 20};
    int proto = sw_rng_weighted(&w->rng, proto_w, 3);
    sw_gen_person_name(w, display, sizeof display, alias, sizeof alias);
    sw_gen_remote_ip(w, ip);
    sw_rng_uuid(&w->rng, regid);
    long id = w->next_reg_id++;
    const w_node *n = &w->nodes[sw_rng_int(&w->rng, 0, w->nnodes - 1)];
    sw_jset_str(o, "alias", alias);
    sw_jset_int(o, "id", id);
    sw_jset_bool(o, "is_natted", sw_rng_chance(&w->rng, 0.3));
    sw_jset_str(o, "node", n->ip);
    sw_jset_str(o, "protocol", proto == 0 ? "SIP" : proto == 1 ? "H323" : "WebRTC");
    sw_jset_str(o, "push_token", "");
    sw_jset_str(o, "registration_id", regid);
    sw_jset_str(o, "remote_address", ip);
    snprintf(uri, sizeof uri, "/api/admin/status/v1/registration_alias/%ld/", id);
    sw_jset_str(o, "resource_uri", uri);
    json_object_set_new(o, "start_time", sw_w_iso_json(start, true));
    sw_jset_str(o, "username", alias);
    sw_jset_str(o, "vendor",
                proto == 2 ? "Pexip Infinity Connect/1.8.4 (Windows)"
                           : sw_gen_room_vendor(w, proto == 1));
    json_array_append_new(sw_w_coll(w, C_ST_REGISTRATION), o);
}

static void registration_end(sim_world *w, double now)
{
    json_t *arr = sw_w_coll(w, C_ST_REGISTRATION);
    size_t n = json_array_size(arr);
    if (n == 0)
        return;
    size_t idx = (size_t)sw_rng_int(&w->rng, 0, (int)n - 1);
    json_t *old = json_array_get(arr, idx);
    json_t *h = json_copy(old);
    if (h) {
        char uri[80];
        json_object_del(h, "push_token");
        json_object_set_new(h, "end_time", sw_w_iso_json(now, true));
        snprintf(uri, sizeof uri, "/api/admin/history/v1/registration_alias/%lld/",
                 sw_wjson_int(h, "id"));
        sw_jset_str(h, "resource_uri", uri);
        json_t *hist = sw_w_coll(w, C_HI_REGISTRATION);
        json_array_append_new(hist, h);
        while (json_array_size(hist) > w->history_cap)
            json_array_remove(hist, 0);
    }
    json_array_remove(arr, idx);
}

/* ---- Management Node ---- */

static void mgmt_build(sim_world *w, double now)
{
    json_t *o = json_object();
    if (!o)
        return;
    sw_jset_int(o, "configuration_id", 1);
    sw_jset_int(o, "id", 1);
    json_object_set_new(o, "last_attempted_contact", sw_w_iso_json(now, true));
    json_object_set_new(o, "last_updated", sw_w_iso_json(now, true));
    sw_jset_str(o, "name", "pexmgr01");
    sw_jset_bool(o, "primary", true);
    sw_jset_str(o, "resource_uri", "/api/admin/status/v1/management_vm/1/");
    sw_jset_str(o, "sync_status", "SYNCED");
    sw_jset_str(o, "upgrade_status", "IDLE");
    sw_jset_str(o, "version", W_VERSION);
    json_array_append_new(sw_w_coll(w, C_ST_MGMT), o);
}

/* ---- dynamic bursting: shaped like the document's examples ---- */

static int cloud_loc(const sim_world *w)
{
    return w->nlocs - 1;
}

/* A bursting location (monitored or overflow) before cloud_refresh gives it
 * capacity: no HD calls, `load` percent. */
static json_t *cloud_location(const w_loc *l, const char *resource, long long load)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    char uri[96];
    sw_jset_int(o, "free_hd_calls", 0);
    sw_jset_int(o, "id", l->id);
    sw_jset_int(o, "max_hd_calls", 0);
    sw_jset_int(o, "media_load", load);
    sw_jset_str(o, "name", l->name);
    snprintf(uri, sizeof uri, "/api/admin/status/v1/%s/%ld/", resource, l->id);
    sw_jset_str(o, "resource_uri", uri);
    return o;
}

static void cloud_build(sim_world *w, double now)
{
    if (w->nlocs < 2)
        return; /* bursting needs a principal and an overflow location */
    const w_loc *ovf = &w->locs[cloud_loc(w)];
    for (int k = 0; k < 2; k++) {
        char name[32], ip[24], inst[16], uri[96];
        long cfg_id = w->nnodes + 1 + k;
        snprintf(name, sizeof name, "aws_overflow%d", k + 1);
        snprintf(ip, sizeof ip, "172.30.%d.%d", 3 + k * 8, 6 + k * 77);
        snprintf(inst, sizeof inst, "i-%08llx", (unsigned long long)(sw_rng_u64(&w->rng) >> 32));
        json_t *cfg = sw_platform_worker_config(name, ip, "CONFERENCING", cfg_id, ovf->id, 8, true);
        if (cfg)
            json_array_append_new(sw_w_coll(w, C_CF_WORKER), cfg);
        json_t *o = json_object();
        if (!o)
            return;
        double launched = now - sw_rng_range(&w->rng, 86400, 20 * 86400);
        const char *pre[2] = {"aws", "cloud"};
        for (int p = 0; p < 2; p++) {
            char key[48];
            snprintf(key, sizeof key, "%s_instance_id", pre[p]);
            sw_jset_str(o, key, inst);
            snprintf(key, sizeof key, "%s_instance_ip", pre[p]);
            sw_jset_str(o, key, ip);
            snprintf(key, sizeof key, "%s_instance_launch_time", pre[p]);
            json_object_set_new(o, key, sw_w_iso_json(launched, false));
            snprintf(key, sizeof key, "%s_instance_name", pre[p]);
            sw_jset_str(o, key, name);
            snprintf(key, sizeof key, "%s_instance_state", pre[p]);
            sw_jset_str(o, key, "stopped");
        }
        sw_jset_int(o, "max_hd_calls", 0);
        sw_jset_int(o, "media_load", 100); /* a stopped node has no capacity */
        snprintf(uri, sizeof uri, "/api/admin/status/v1/cloud_node/%s/", inst);
        sw_jset_str(o, "resource_uri", uri);
        sw_jset_int(o, "workervm_configuration_id", cfg_id);
        sw_jset_str(o, "workervm_configuration_location_name", ovf->name);
        sw_jset_str(o, "workervm_configuration_name", name);
        json_array_append_new(sw_w_coll(w, C_ST_CLOUD_NODE), o);
    }
    const w_loc *mon = &w->locs[0];
    json_t *m = cloud_location(mon, "cloud_monitored_location", 0);
    json_t *v = cloud_location(ovf, "cloud_overflow_location", 100);
    if (!m || !v) {
        json_decref(m);
        json_decref(v);
        return;
    }
    sw_jset_str(m, "overflow_location", sw_wjson_str(v, "resource_uri"));
    json_array_append_new(sw_w_coll(w, C_ST_CLOUD_MON), m);
    sw_jset_int(v, "systemlocation_id", ovf->id);
    json_array_append_new(sw_w_coll(w, C_ST_CLOUD_OVF), v);
}

static void cloud_refresh(sim_world *w)
{
    json_t *m = json_array_get(sw_w_coll(w, C_ST_CLOUD_MON), 0);
    json_t *v = json_array_get(sw_w_coll(w, C_ST_CLOUD_OVF), 0);
    if (!m || !v)
        return;
    const w_loc *mon = &w->locs[0];
    long long max_hd = sw_wjson_int(mon->status, "max_hd_calls");
    long long used_hd = (sw_wjson_int(mon->status, "media_tokens_used") + 3) / 4;
    long long load = (long long)(json_real_value(json_object_get(mon->status, "media_load")) + 0.5);
    if (sw_wjson_int(m, "max_hd_calls") != max_hd)
        sw_jset_int(m, "max_hd_calls", max_hd);
    long long free_hd = max_hd > used_hd ? max_hd - used_hd : 0;
    if (sw_wjson_int(m, "free_hd_calls") != free_hd)
        sw_jset_int(m, "free_hd_calls", free_hd);
    if (sw_wjson_int(m, "media_load") != load)
        sw_jset_int(m, "media_load", load);
    long long running = 0;
    json_t *nodes = sw_w_coll(w, C_ST_CLOUD_NODE);
    for (size_t i = 0; i < json_array_size(nodes); i++)
        running += sw_wjson_int(json_array_get(nodes, i), "max_hd_calls");
    if (sw_wjson_int(v, "max_hd_calls") != running) {
        sw_jset_int(v, "max_hd_calls", running);
        sw_jset_int(v, "free_hd_calls", running);
        sw_jset_int(v, "media_load", running > 0 ? 0 : 100);
    }
}

int sw_platform_start_cloudnode(sim_world *w, json_t *params, json_t **resp, double now)
{
    const char *inst = json_string_value(json_object_get(params, "instance_id"));
    if (!inst || !*inst) {
        *resp =
            json_pack("{s:{s:[s]}}", "start_cloudnode", "instance_id", "This field is required.");
        return 400;
    }
    json_t *nodes = sw_w_coll(w, C_ST_CLOUD_NODE);
    for (size_t i = 0; i < json_array_size(nodes); i++) {
        json_t *o = json_array_get(nodes, i);
        if (strcmp(sw_wjson_str(o, "cloud_instance_id"), inst) != 0)
            continue;
        if (strcmp(sw_wjson_str(o, "cloud_instance_state"), "stopped") != 0) {
            *resp = json_pack("{s:s,s:s}", "status", "failed", "error",
                              "Unable to start a cloud node which isn't in 'STOPPED' state");
            return 200;
        }
        sw_jset_str(o, "aws_instance_state", "running");
        sw_jset_str(o, "cloud_instance_state", "running");
        json_object_set_new(o, "aws_instance_launch_time", sw_w_iso_json(now, false));
        json_object_set_new(o, "cloud_instance_launch_time", sw_w_iso_json(now, false));
        sw_jset_int(o, "max_hd_calls", 16);
        sw_jset_int(o, "media_load", 0);
        w_node fake = {0};
        fake.id = sw_wjson_int(o, "workervm_configuration_id");
        snprintf(fake.name, sizeof fake.name, "%s", sw_wjson_str(o, "cloud_instance_name"));
        snprintf(fake.ip, sizeof fake.ip, "%s", sw_wjson_str(o, "cloud_instance_ip"));
        fake.loc = cloud_loc(w);
        sw_history_add_event(w, &fake, "STATE_CHANGE", "STARTING", "Cloud node start requested",
                             now);
        cloud_refresh(w);
        *resp = json_pack("{s:s}", "status", "success");
        return 200;
    }
    *resp = json_pack("{s:{s:[s]}}", "start_cloudnode", "instance_id",
                      "Failed to find the cloud node.");
    return 400;
}

/* ---- glue for world_platform.c ---- */

void sw_extras_build(sim_world *w, double now)
{
    licensing_build(w);
    mgmt_build(w, now);
    cloud_build(w, now);
    int nreg = w->opts.participants / 3;
    nreg = nreg < 4 ? 4 : nreg > 2000 ? 2000 : nreg;
    for (int i = 0; i < nreg; i++)
        registration_add(w, now - sw_rng_range(&w->rng, 60, 3 * 86400.0));
    for (int i = 0; i < w->nnodes; i++)
        sw_history_add_event(w, &w->nodes[i], "STATE_CHANGE", "ONLINE",
                             "Conferencing Node is online", w->nodes[i].boot + 95.0);
}

void sw_extras_refresh(sim_world *w, double now)
{
    (void)now;
    licensing_refresh(w);
    cloud_refresh(w);
}

void sw_extras_step(sim_world *w, double now, double dt)
{
    size_t nreg = json_array_size(sw_w_coll(w, C_ST_REGISTRATION));
    if (nreg > 0 && sw_rng_chance(&w->rng, dt * (double)nreg / 3600.0)) {
        registration_end(w, now);
        registration_add(w, now);
    }
    json_t *mgmt = json_array_get(sw_w_coll(w, C_ST_MGMT), 0);
    if (mgmt && w->last_contact == now) { /* sw_platform_step just refreshed the nodes */
        json_object_set_new(mgmt, "last_attempted_contact", sw_w_iso_json(now, true));
        json_object_set_new(mgmt, "last_updated", sw_w_iso_json(now, true));
    }
}
