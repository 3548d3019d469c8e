/* History: call detail records of ended participants and conferences, with
 * their media streams; alarms, node events and backplanes; the retention
 * cap; and the deterministic seed of ended conferences. */
#include "sim/world/world_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_OTHER_CAP 10000

static void cap_fifo(json_t *arr, size_t cap)
{
    while (json_array_size(arr) > cap)
        json_array_remove(arr, 0);
}

w_hconf *sw_history_conf_open(sim_world *w, const char *id)
{
    (void)w;
    w_hconf *h = calloc(1, sizeof(*h));
    if (h)
        snprintf(h->id, sizeof h->id, "%s", id);
    return h;
}

static void hpart_free(w_hpart *hp)
{
    json_decref(hp->obj);
    free(hp->hq);
    free(hp);
}

static void hconf_free(w_hconf *h)
{
    for (size_t i = 0; i < h->parts.n; i++)
        hpart_free(h->parts.items[i]);
    sw_w_vec_free(&h->parts);
    json_decref(h->obj);
    free(h);
}

void sw_history_conf_discard(w_hconf *h)
{
    if (h)
        hconf_free(h);
}

/* ---- participants ---- */

static int most_frequent(const int buckets[5])
{
    int best = 0;
    for (int q = 1; q <= 4; q++)
        if (buckets[q] > 0 && buckets[q] >= buckets[best])
            best = q;
    return best;
}

static double leg_start(const w_part *p)
{
    double t = sw_w_parse_iso(sw_wjson_str(p->obj, "connect_time"));
    return t > 0 ? t : p->created;
}

/* Values are shared, not copied: the world never changes a value in place
 * (it replaces it), so a CDR keeps what the leg had when it ended. */
static void copy_field(json_t *dst, const json_t *src, const char *key)
{
    json_t *v = json_object_get(src, key);
    if (v)
        json_object_set(dst, key, v);
    else
        json_object_set_new(dst, key, json_string(""));
}

/* How a participant's or a backplane's record ended: in which history
 * conference, why, and when. */
static void set_ended(json_t *o, const char *conf_id, const char *conf_name, const char *reason,
                      double start, double end)
{
    char uri[128];
    snprintf(uri, sizeof uri, "/api/admin/history/v1/conference/%s/", conf_id);
    sw_jset_str(o, "conference", uri);
    sw_jset_str(o, "conference_name", conf_name);
    sw_jset_str(o, "disconnect_reason", reason);
    sw_jset_int(o, "duration", end > start ? (long long)(end - start) : 0);
    json_object_set_new(o, "end_time", sw_w_iso_json(end, true));
}

static json_t *hpart_json(sim_world *w, const w_part *p, const char *conf_id, const char *conf_name,
                          const char *reason, double end)
{
    json_t *o = json_object(), *streams = json_array();
    if (!o || !streams) {
        json_decref(o);
        json_decref(streams);
        return NULL;
    }
    const json_t *s = p->obj;
    char uri[128];
    bool out = strcmp(sw_wjson_str(s, "call_direction"), "out") == 0;
    double start = leg_start(p);
    snprintf(uri, sizeof uri, "/api/admin/history/v1/participant/%s/", p->id);
    sw_jset_str(o, "av_id", "");
    static const char *const same[] = {"bandwidth",
                                       "call_direction",
                                       "call_tag",
                                       "call_uuid",
                                       "conversation_id",
                                       "display_name",
                                       "encryption",
                                       "has_media",
                                       "idp_uuid",
                                       "is_direct",
                                       "is_idp_authenticated",
                                       "is_streaming",
                                       "license_count",
                                       "license_type",
                                       "media_node",
                                       "parent_id",
                                       "protocol",
                                       "remote_address",
                                       "remote_port",
                                       "role",
                                       "rx_bandwidth",
                                       "service_tag",
                                       "service_type",
                                       "signalling_node",
                                       "system_location",
                                       "transcoding_enabled",
                                       "tx_bandwidth",
                                       "vendor"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        copy_field(o, s, same[i]);
    sw_jset_str(o, "call_quality", sw_w_quality_name(most_frequent(p->buckets)));
    set_ended(o, conf_id, conf_name, reason, start, end);
    sw_jset_str(o, "id", p->id);
    sw_jset_str(o, "local_alias", sw_wjson_str(s, out ? "source_alias" : "destination_alias"));
    sw_jset_str(o, "presentation_id", "");
    const char *proxy = sw_wjson_str(s, "proxy_node");
    sw_jset_str(o, "proxy_node", *proxy ? proxy : "None"); /* as real CDRs show it */
    sw_jset_str(o, "remote_alias", sw_wjson_str(s, out ? "destination_alias" : "source_alias"));
    sw_jset_str(o, "resource_uri", uri);
    json_object_set_new(o, "start_time", sw_w_iso_json(start, true));
    const char *node_ip = sw_wjson_str(s, "media_node");
    for (int i = 0; i < p->nended; i++)
        json_array_append_new(streams, sw_media_history_stream(w, &p->ended[i], uri, node_ip, end));
    for (int i = 0; i < p->nstreams; i++)
        json_array_append_new(streams,
                              sw_media_history_stream(w, &p->streams[i], uri, node_ip, end));
    json_object_set_new(o, "media_streams", streams);
    return o;
}

static void hpart_add(sim_world *w, w_hconf *hc, const w_part *p, const char *conf_name,
                      const char *reason, double end)
{
    w_hpart *hp = calloc(1, sizeof(*hp));
    if (!hp)
        return;
    snprintf(hp->id, sizeof hp->id, "%s", p->id);
    hp->obj = hpart_json(w, p, hc->id, conf_name, reason, end);
    if (p->nhq > 0) {
        hp->hq = malloc(p->nhq);
        if (hp->hq) {
            memcpy(hp->hq, p->hq, p->nhq);
            hp->nhq = p->nhq;
        }
    }
    memcpy(hp->buckets, p->buckets, sizeof hp->buckets);
    if (!hp->obj || !sw_w_vec_push(&hc->parts, hp)) {
        hpart_free(hp);
        return;
    }
    json_array_append(sw_w_coll(w, C_HI_PARTICIPANT), hp->obj);
    json_t *streams = json_object_get(hp->obj, "media_streams");
    for (size_t i = 0; i < json_array_size(streams); i++)
        json_array_append(sw_w_coll(w, C_HI_STREAM), json_array_get(streams, i));
    sw_w_map_put(&w->hpart_by_id, hp->id, hp);
    w->hparts_total++;
}

void sw_history_add_participant(sim_world *w, w_part *p, const char *reason, double end)
{
    if (p->conf && p->conf->hist)
        hpart_add(w, p->conf->hist, p, p->conf->name, reason, end);
}

/* ---- conferences and retention ---- */

static void evict_oldest(sim_world *w)
{
    w_hconf *h = w->hconfs.items[0];
    memmove(&w->hconfs.items[0], &w->hconfs.items[1], (w->hconfs.n - 1) * sizeof(void *));
    w->hconfs.n--;
    json_t *confs = sw_w_coll(w, C_HI_CONFERENCE);
    if (json_array_get(confs, 0) == h->obj)
        json_array_remove(confs, 0);
    else
        sw_w_array_remove_ptr(confs, h->obj);
    sw_w_map_del(&w->hconf_by_id, h->id);
    json_t *parts = sw_w_coll(w, C_HI_PARTICIPANT), *flat = sw_w_coll(w, C_HI_STREAM);
    for (size_t i = 0; i < h->parts.n; i++) {
        w_hpart *hp = h->parts.items[i];
        json_t *streams = json_object_get(hp->obj, "media_streams");
        for (size_t k = 0; k < json_array_size(streams); k++)
            sw_w_array_remove_ptr(flat, json_array_get(streams, k));
        sw_w_array_remove_ptr(parts, hp->obj);
        sw_w_map_del(&w->hpart_by_id, hp->id);
        w->hparts_total--;
    }
    hconf_free(h);
}

void sw_history_enforce_cap(sim_world *w)
{
    while (w->hconfs.n > 0 &&
           (w->hconfs.n > w->history_cap || w->hparts_total > w->history_participant_cap))
        evict_oldest(w);
}

static void hconf_finish(sim_world *w, w_hconf *h, const char *name, const char *service_type,
                         const char *tag, double start, double end)
{
    json_t *o = json_object(), *uris = json_array();
    if (!o || !uris) {
        json_decref(o);
        json_decref(uris);
        hconf_free(h);
        return;
    }
    char uri[128];
    sw_jset_bool(o, "direct_media_available", false);
    sw_jset_int(o, "duration", end > start ? (long long)(end - start) : 0);
    json_object_set_new(o, "end_time", sw_w_iso_json(end, true));
    sw_jset_str(o, "id", h->id);
    sw_jset_int(o, "instant_message_count", (long long)(sw_rng_u64(&w->rng) % 4));
    sw_jset_str(o, "name", name);
    sw_jset_int(o, "participant_count", (long long)h->parts.n);
    for (size_t i = 0; i < h->parts.n; i++)
        json_array_append(uris,
                          json_object_get(((w_hpart *)h->parts.items[i])->obj, "resource_uri"));
    json_object_set_new(o, "participants", uris);
    snprintf(uri, sizeof uri, "/api/admin/history/v1/conference/%s/", h->id);
    sw_jset_str(o, "resource_uri", uri);
    sw_jset_str(o, "service_type", service_type);
    json_object_set_new(o, "start_time", sw_w_iso_json(start, false));
    sw_jset_str(o, "tag", tag);
    h->obj = o;
    if (!sw_w_vec_push(&w->hconfs, h)) {
        hconf_free(h);
        return;
    }
    json_array_append(sw_w_coll(w, C_HI_CONFERENCE), o);
    sw_w_map_put(&w->hconf_by_id, h->id, h);
    sw_history_enforce_cap(w);
}

void sw_history_conf_close(sim_world *w, w_conf *c, double now)
{
    w_hconf *h = c->hist;
    c->hist = NULL;
    if (h)
        hconf_finish(w, h, c->name, c->service_type, sw_wjson_str(c->obj, "tag"), c->start, now);
}

/* ---- alarms, node events, backplanes ---- */

void sw_history_add_alarm(sim_world *w, json_t *alarm, double lowered)
{
    json_t *o = json_object();
    if (!o)
        return;
    long id = w->next_halarm_id++;
    char uri[80];
    static const char *const same[] = {"details", "identifier", "instance",   "level",
                                       "name",    "node",       "time_raised"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        copy_field(o, alarm, same[i]);
    sw_jset_int(o, "id", id);
    snprintf(uri, sizeof uri, "/api/admin/history/v1/alarm/%ld/", id);
    sw_jset_str(o, "resource_uri", uri);
    json_object_set_new(o, "time_lowered", sw_w_iso_json(lowered, true));
    json_array_append_new(sw_w_coll(w, C_HI_ALARM), o);
    cap_fifo(sw_w_coll(w, C_HI_ALARM), HISTORY_OTHER_CAP);
}

void sw_history_add_event(sim_world *w, const w_node *n, const char *event_type, const char *state,
                          const char *details, double t)
{
    json_t *o = json_object();
    if (!o)
        return;
    long id = w->next_event_id++;
    char uri[96];
    sw_jset_str(o, "context", "");
    sw_jset_str(o, "details", details);
    sw_jset_str(o, "event_type", event_type);
    sw_jset_int(o, "id", id);
    snprintf(uri, sizeof uri, "/api/admin/history/v1/workervm_status_event/%ld/", id);
    sw_jset_str(o, "resource_uri", uri);
    sw_jset_str(o, "state", state);
    json_object_set_new(o, "time_changed", sw_w_iso_json(t, true));
    sw_jset_str(o, "workervm_address", n->ip);
    sw_jset_int(o, "workervm_configuration_id", n->id);
    sw_jset_str(o, "workervm_configuration_location_name",
                n->loc >= 0 && n->loc < w->nlocs ? w->locs[n->loc].name : "");
    sw_jset_str(o, "workervm_configuration_name", n->name);
    json_array_append_new(sw_w_coll(w, C_HI_EVENT), o);
    cap_fifo(sw_w_coll(w, C_HI_EVENT), HISTORY_OTHER_CAP);
}

static json_t *hbp_stream(sim_world *w, const char *bp_uri, const char *node, bool video,
                          double start, double end)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    long id = w->next_hbp_stream_id++;
    char uri[96];
    sw_jset_str(o, "backplane", bp_uri);
    json_object_set_new(o, "end_time", sw_w_iso_json(end, true));
    sw_jset_int(o, "id", id);
    sw_jset_str(o, "node", node);
    snprintf(uri, sizeof uri, "/api/admin/history/v1/backplane_media_stream/%ld/", id);
    sw_jset_str(o, "resource_uri", uri);
    sw_media_backplane_dirs(o, video, end > start ? end - start : 0, true);
    json_object_set_new(o, "start_time", sw_w_iso_json(start, true));
    sw_jset_str(o, "stream_id", video ? "1" : "0");
    sw_jset_str(o, "stream_type", video ? "video" : "audio");
    return o;
}

void sw_history_add_backplane(sim_world *w, w_conf *c, json_t *bp, double now)
{
    json_t *o = json_object(), *streams = json_array();
    if (!o || !streams) {
        json_decref(o);
        json_decref(streams);
        return;
    }
    char uri[128];
    double start = sw_w_parse_iso(sw_wjson_str(bp, "connect_time"));
    if (start < 0)
        start = now;
    static const char *const same[] = {"id",
                                       "media_node",
                                       "protocol",
                                       "proxy_node",
                                       "remote_conference_name",
                                       "remote_media_node",
                                       "remote_node_name",
                                       "service_tag",
                                       "system_location",
                                       "type"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        copy_field(o, bp, same[i]);
    set_ended(o, c->id, c->name, "Call disconnected", start, now);
    snprintf(uri, sizeof uri, "/api/admin/history/v1/backplane/%s/", sw_wjson_str(bp, "id"));
    sw_jset_str(o, "resource_uri", uri);
    json_object_set_new(o, "start_time", sw_w_iso_json(start, true));
    for (int k = 0; k < 2; k++) {
        json_t *s = hbp_stream(w, uri, sw_wjson_str(bp, "media_node"), k == 1, start, now);
        if (s) {
            json_array_append_new(streams, s);
            json_array_append(sw_w_coll(w, C_HI_BP_STREAM), s);
        }
    }
    json_object_set_new(o, "media_streams", streams);
    json_t *arr = sw_w_coll(w, C_HI_BACKPLANE);
    json_array_append_new(arr, o);
    while (json_array_size(arr) > HISTORY_OTHER_CAP) {
        json_t *old = json_array_get(arr, 0);
        json_t *olds = json_object_get(old, "media_streams");
        for (size_t k = 0; k < json_array_size(olds); k++)
            sw_w_array_remove_ptr(sw_w_coll(w, C_HI_BP_STREAM), json_array_get(olds, k));
        json_array_remove(arr, 0);
    }
}

/* ---- the seed: ended conferences with a known spread of packet loss ---- */

/* Seeded stream k reports rx loss SPREAD[k % 11] and tx loss
 * SPREAD[(3k + 5) % 11] percent, so loss filters have countable answers. */
static const double SPREAD[11] = {0.0, 0.0, 0.0, 0.1, 0.3, 0.5, 0.8, 1.5, 2.5, 6.0, 12.0};

static void seed_streams(sim_world *w, w_part *p, double start, double end, long *k)
{
    sw_media_start(w, p, start);
    double worst = 0;
    for (int i = 0; i < p->nstreams; i++) {
        w_stream *s = &p->streams[i];
        s->start = start + (s->type == WS_AUDIO ? 0.0 : 0.2);
        s->end = end;
        w_dir *dirs[2] = {&s->rx, &s->tx};
        double loss[2] = {SPREAD[*k % 11], SPREAD[(*k * 3 + 5) % 11]};
        (*k)++;
        for (int d = 0; d < 2; d++) {
            if (dirs[d]->nominal_kbps <= 0) {
                dirs[d]->fixed_loss = 0;
                continue;
            }
            double pk = (dirs[d]->bitrate > 0
                             ? (s->type == WS_AUDIO ? 50.0 : dirs[d]->bitrate * 1000 / 8 / 1100)
                             : 0) *
                        (end - start);
            dirs[d]->lost = floor(pk * loss[d] / 100.0);
            dirs[d]->packets = d == 0 ? pk - dirs[d]->lost : pk;
            dirs[d]->fixed_loss = loss[d];
            worst = fmax(worst, loss[d]);
        }
    }
    if (p->nstreams == 0)
        return;
    size_t nwin = (size_t)((end - start) / W_WINDOW);
    nwin = nwin > 720 ? 720 : nwin == 0 ? 1 : nwin;
    int q = sw_w_quality_window(worst, 10.0);
    for (size_t i = 0; i < nwin; i++)
        sw_media_push_quality(p, sw_rng_chance(&w->rng, 0.7) ? q : 1);
}

static void seed_leg_place(sim_world *w, w_part *p, const char *conf_name, const w_vmr *v)
{
    int node = sw_platform_pick_node(w, sw_rng_int(&w->rng, 0, w->nlocs - 1));
    if (p->group != p)
        node = p->group->node;
    p->node = p->sig_node = node;
    sw_jset_str(p->obj, "conference", conf_name);
    sw_jset_str(p->obj, "media_node", w->nodes[node].ip);
    sw_jset_str(p->obj, "signalling_node", w->nodes[node].ip);
    sw_jset_str(p->obj, "system_location", w->locs[w->nodes[node].loc].name);
    sw_jset_str(p->obj, "service_type", v ? v->service_type : "gateway");
    sw_jset_str(p->obj, "service_tag", v ? v->tag : "");
    if (v)
        sw_jset_str(p->obj, "destination_alias", v->alias_main);
}

static const char *seed_reason(sim_world *w)
{
    static const char *const reasons[] = {"Call disconnected", "Remote disconnect",
                                          "Disconnected by an administrator", "Timer expired"};
    static const int weights[] = {60, 28, 6, 6};
    return reasons[sw_rng_weighted(&w->rng, weights, 4)];
}

static void seed_one(sim_world *w, int h, int total, double now, long *k)
{
    double end = now - (double)(total - h) * 600.0 + sw_rng_range(&w->rng, -250, 250);
    double duration = sw_rng_range(&w->rng, 120, 5400);
    double start = end - duration;
    w_vmr *v = w->vmrs.n ? w->vmrs.items[sw_rng_int(&w->rng, 0, (int)w->vmrs.n - 1)] : NULL;
    char id[37];
    sw_rng_uuid(&w->rng, id);
    w_hconf *hc = sw_history_conf_open(w, id);
    if (!hc)
        return;
    const char *name = v ? v->name : "Weekly All Hands";
    const char *type = v ? v->service_type : "conference";
    int people = strcmp(type, "test_call") == 0 ? 1 : sw_rng_int(&w->rng, 1, 5);
    for (int i = 0; i < people; i++) {
        w_kind kind = sw_gen_kind(w, type);
        int legs = sw_gen_legs_for(kind);
        double ls = i == 0 ? start : start + sw_rng_range(&w->rng, 0, duration * 0.3);
        double le = i == 0 ? end : end - sw_rng_range(&w->rng, 0, duration * 0.3);
        const char *reason = seed_reason(w);
        w_part *head = NULL;
        for (int leg = 0; leg < legs; leg++) {
            w_part *p = sw_gen_leg(w, kind, leg, head, ls);
            if (!p)
                break;
            if (!head)
                head = p;
            seed_leg_place(w, p, name, v);
            seed_streams(w, p, ls, le, k);
            hpart_add(w, hc, p, name, reason, le);
            if (p != head)
                sw_part_free(p);
        }
        sw_part_free(head);
    }
    hconf_finish(w, hc, name, type, v ? v->tag : "", start, end);
}

void sw_history_seed(sim_world *w, double now)
{
    long k = 0;
    for (int h = 0; h < w->opts.history; h++)
        seed_one(w, h, w->opts.history, now, &k);
}

void sw_history_free(sim_world *w)
{
    for (size_t i = 0; i < w->hconfs.n; i++)
        hconf_free(w->hconfs.items[i]);
    sw_w_vec_free(&w->hconfs);
}
