/* Media streams: per-second drift, bad spells, 20 s quality windows and
 * the JSON shapes of status and history media streams.
 *
 * Counters live in C and the status JSON of a stream is refreshed only when
 * a client asks for that participant's streams, so ticking 10,000
 * participants costs arithmetic, not allocations. */
#include "sim/world/world_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the v26 call quality rule ---- */

int sw_w_quality_window(double loss_pct, double jitter_ms)
{
    int q;
    if (loss_pct < 1.0)
        q = 1;
    else if (loss_pct < 3.0)
        q = 2;
    else if (loss_pct < 10.0)
        q = 3;
    else
        q = 4;
    if (jitter_ms > 40.0 && q < 4)
        q++;
    return q;
}

int sw_w_quality_recent(const uint8_t *q, size_t n)
{
    if (n == 0)
        return 0;
    size_t from = n > 3 ? n - 3 : 0;
    int count[5] = {0};
    for (size_t i = from; i < n; i++)
        if (q[i] <= 4)
            count[q[i]]++;
    int best = 0;
    for (int v = 0; v <= 4; v++)
        if (count[v] > 0 && count[v] >= count[best])
            best = v; /* ">=" walks upwards, so ties go to the worse quality */
    return best;
}

const char *sw_w_quality_name(int q)
{
    static const char *const names[] = {"0_unknown", "1_good", "2_ok", "3_bad", "4_terrible"};
    return (q >= 0 && q <= 4) ? names[q] : names[0];
}

void sw_media_push_quality(w_part *p, int q)
{
    if (p->nhq == p->cap_hq) {
        size_t cap = p->cap_hq ? p->cap_hq * 2 : 32;
        uint8_t *hq = realloc(p->hq, cap);
        if (!hq)
            return;
        p->hq = hq;
        p->cap_hq = cap;
    }
    p->hq[p->nhq++] = (uint8_t)q;
    if (q >= 0 && q <= 4)
        p->buckets[q]++;
}

int sw_part_tokens(const w_part *p)
{
    return sw_wjson_bool(p->obj, "has_media") ? p->tokens : 0;
}

/* ---- stream setup ---- */

static const char *video_res_for(int kbps)
{
    if (kbps >= 2560)
        return "1920x1080";
    if (kbps >= 1152)
        return "1280x720";
    if (kbps >= 768)
        return "1024x576";
    return "768x448";
}

static void dir_init(sim_world *w, w_dir *d, double kbps, double fps, double jitter)
{
    memset(d, 0, sizeof(*d));
    d->nominal_kbps = kbps;
    d->bitrate = kbps > 0 ? kbps * sw_rng_range(&w->rng, 0.85, 1.0) : 0;
    d->fps = fps;
    d->jitter = kbps > 0 ? jitter : 0;
    d->fixed_loss = -1;
}

static w_stream *stream_add(sim_world *w, w_part *p, int type, double now)
{
    if (p->nstreams >= W_MAX_STREAMS)
        return NULL;
    w_stream *s = &p->streams[p->nstreams];
    memset(s, 0, sizeof(*s));
    s->type = type;
    s->slot = type == WS_PRESENTATION && p->kind != K_MSSIP ? 2 : p->nstreams;
    s->start = now + (type == WS_AUDIO ? 0.0 : sw_rng_range(&w->rng, 0.05, 0.4));
    const char *proto = sw_wjson_str(p->obj, "protocol");
    int bw = (int)sw_wjson_int(p->obj, "bandwidth");
    bool rx_silent = p->kind == K_RTMP; /* streaming only sends */
    double j = p->base_jitter;
    if (type == WS_AUDIO) {
        bool webrtc = strcmp(proto, "WebRTC") == 0 || p->kind == K_TEAMS;
        s->codec = webrtc                   ? "opus"
                   : p->kind == K_PHONE     ? "G.711"
                   : p->kind == K_ROOM_H323 ? "G.722.1C"
                   : p->kind == K_RTMP      ? "AAC"
                   : p->kind == K_MSSIP     ? "G.722"
                                            : "AAC-LD";
        s->rx_res = s->tx_res = "";
        double kbps = webrtc ? sw_rng_range(&w->rng, 24, 48) : 64;
        dir_init(w, &s->rx, rx_silent ? 0 : kbps, 0, j * 0.5);
        dir_init(w, &s->tx, kbps, 0, j * 0.3);
    } else if (type == WS_VIDEO) {
        s->codec = strcmp(proto, "WebRTC") == 0 && sw_rng_chance(&w->rng, 0.7) ? "VP8" : "H264";
        s->rx_res = rx_silent ? "" : video_res_for(bw);
        s->tx_res = bw >= 1920 ? "1280x720" : "768x448";
        double kbps = bw > 128 ? bw - 64 : 256;
        double fps = sw_rng_chance(&w->rng, 0.8) ? 30.0 : 25.0;
        dir_init(w, &s->rx, rx_silent ? 0 : kbps, rx_silent ? 0 : fps, j);
        dir_init(w, &s->tx, kbps * sw_rng_range(&w->rng, 0.6, 1.0), fps, j * 0.6);
    } else {
        s->codec = p->kind == K_MSSIP ? "RDP" : "H264";
        s->rx_res = "1920x1080";
        s->tx_res = "1280x720";
        dir_init(w, &s->rx, sw_rng_range(&w->rng, 300, 800), sw_rng_range(&w->rng, 5, 15), j);
        dir_init(w, &s->tx, 0, 0, 0);
    }
    p->nstreams++;
    return s;
}

void sw_media_start(sim_world *w, w_part *p, double now)
{
    if (p->nstreams > 0 || !sw_wjson_bool(p->obj, "has_media"))
        return;
    if (p->kind == K_MSSIP && p->group != p) {
        stream_add(w, p, WS_PRESENTATION, now); /* the Skype content leg */
    } else {
        stream_add(w, p, WS_AUDIO, now);
        if (p->kind != K_PHONE)
            stream_add(w, p, WS_VIDEO, now);
    }
    p->win_end = now + sw_rng_range(&w->rng, 1.0, W_WINDOW);
}

static void stream_free(w_stream *s)
{
    json_decref(s->obj);
    s->obj = NULL;
}

void sw_media_stop(sim_world *w, w_part *p)
{
    (void)w;
    for (int i = 0; i < p->nstreams; i++)
        stream_free(&p->streams[i]);
    for (int i = 0; i < p->nended; i++)
        stream_free(&p->ended[i]);
    p->nstreams = p->nended = 0;
    json_decref(p->streams_arr);
    p->streams_arr = NULL;
}

void sw_media_add_presentation(sim_world *w, w_part *p, double now)
{
    for (int i = 0; i < p->nstreams; i++)
        if (p->streams[i].type == WS_PRESENTATION)
            return;
    if (stream_add(w, p, WS_PRESENTATION, now))
        sw_jset_bool(p->obj, "is_presenting", true);
}

void sw_media_end_presentation(sim_world *w, w_part *p, double now)
{
    (void)w;
    sw_jset_bool(p->obj, "is_presenting", false);
    for (int i = 0; i < p->nstreams; i++) {
        if (p->streams[i].type != WS_PRESENTATION || (p->kind == K_MSSIP && p->group != p))
            continue;
        w_stream ended = p->streams[i];
        ended.end = now;
        json_decref(ended.obj);
        ended.obj = NULL;
        memmove(&p->streams[i], &p->streams[i + 1],
                (size_t)(p->nstreams - i - 1) * sizeof(w_stream));
        p->nstreams--;
        if (p->nended == W_MAX_ENDED) { /* keep the latest few for the CDR */
            memmove(&p->ended[0], &p->ended[1], (W_MAX_ENDED - 1) * sizeof(w_stream));
            p->nended--;
        }
        p->ended[p->nended++] = ended;
        return;
    }
}

/* ---- drift ---- */

static double pps_for(const w_stream *s, const w_dir *d)
{
    if (d->bitrate <= 0)
        return 0;
    if (s->type == WS_AUDIO)
        return 50.0;
    return d->bitrate * 1000.0 / 8.0 / 1100.0;
}

static void dir_step(sim_world *w, w_part *p, w_stream *s, w_dir *d, bool rx, bool spell, double dt)
{
    if (d->nominal_kbps <= 0)
        return;
    double loss = p->base_loss * sw_rng_range(&w->rng, 0.3, 1.7);
    double jtarget = p->base_jitter * (rx ? 1.0 : 0.6);
    double btarget = d->nominal_kbps;
    if (spell) {
        loss = p->spell_loss * sw_rng_range(&w->rng, 0.8, 1.2);
        jtarget = p->spell_jitter;
        btarget *= 0.7; /* congestion control backs off */
    }
    if (loss > 0.9)
        loss = 0.9;
    double pk = pps_for(s, d) * dt;
    double lost = pk * loss;
    d->packets += rx ? pk - lost : pk;
    d->lost += lost;
    d->win_packets += pk;
    d->win_lost += lost;
    d->jitter += (jtarget - d->jitter) * 0.4 + sw_rng_normal(&w->rng) * 0.5;
    if (d->jitter < 0.1)
        d->jitter = 0.1;
    if (d->jitter > d->win_jitter_max)
        d->win_jitter_max = d->jitter;
    d->bitrate += (btarget - d->bitrate) * 0.25 + sw_rng_normal(&w->rng) * d->nominal_kbps * 0.02;
    if (d->bitrate < d->nominal_kbps * 0.2)
        d->bitrate = d->nominal_kbps * 0.2;
    if (s->type != WS_AUDIO && d->fps > 0) {
        double ftarget = spell ? 15.0 : (s->type == WS_PRESENTATION ? 10.0 : 30.0);
        d->fps += (ftarget - d->fps) * 0.3 + sw_rng_normal(&w->rng) * 0.5;
        if (d->fps < 1)
            d->fps = 1;
        if (d->fps > 60)
            d->fps = 60;
    }
}

static void close_window(w_part *p)
{
    double worst_loss = 0, worst_jitter = 0;
    bool any = false;
    for (int i = 0; i < p->nstreams; i++) {
        w_dir *dirs[2] = {&p->streams[i].rx, &p->streams[i].tx};
        for (int k = 0; k < 2; k++) {
            w_dir *d = dirs[k];
            if (d->win_packets > 0) {
                any = true;
                d->windowed_loss = sw_round2(d->win_lost / d->win_packets * 100.0);
                if (d->windowed_loss > worst_loss)
                    worst_loss = d->windowed_loss;
                if (d->win_jitter_max > worst_jitter)
                    worst_jitter = d->win_jitter_max;
            }
            d->win_packets = d->win_lost = d->win_jitter_max = 0;
        }
    }
    sw_media_push_quality(p, any ? sw_w_quality_window(worst_loss, worst_jitter) : 0);
    const char *name = sw_w_quality_name(sw_w_quality_recent(p->hq, p->nhq));
    if (strcmp(sw_wjson_str(p->obj, "call_quality"), name) != 0)
        sw_jset_str(p->obj, "call_quality", name);
}

static void maybe_start_spell(sim_world *w, w_part *p, double now, double dt)
{
    if (p->spell_until > now || !sw_rng_chance(&w->rng, dt / 900.0))
        return;
    static const int sev_w[] = {40, 35, 25};
    int sev = sw_rng_weighted(&w->rng, sev_w, 3);
    static const double lo[] = {0.012, 0.035, 0.11}, hi[] = {0.028, 0.09, 0.25};
    p->spell_loss = sw_rng_range(&w->rng, lo[sev], hi[sev]);
    p->spell_jitter = sw_rng_chance(&w->rng, 0.3) ? sw_rng_range(&w->rng, 45, 120)
                                                  : sw_rng_range(&w->rng, 10, 35);
    p->spell_until = now + sw_rng_range(&w->rng, 20, 90);
    p->spell_dirs = sw_rng_int(&w->rng, 1, 3);
}

void sw_media_step(sim_world *w, w_part *p, double now, double dt)
{
    if (p->nstreams == 0)
        return;
    maybe_start_spell(w, p, now, dt);
    bool spell = p->spell_until > now;
    for (int i = 0; i < p->nstreams; i++) {
        w_stream *s = &p->streams[i];
        dir_step(w, p, s, &s->rx, true, spell && (p->spell_dirs & 1), dt);
        dir_step(w, p, s, &s->tx, false, spell && (p->spell_dirs & 2), dt);
    }
    while (p->win_end <= now) {
        close_window(p);
        p->win_end += W_WINDOW;
    }
}

/* A participant generated at start has been in the call since `from`:
 * give it counters and a window history that fit that time. */
void sw_media_synthesize_past(sim_world *w, w_part *p, double from, double now)
{
    double elapsed = now - from;
    if (elapsed <= 0 || p->nstreams == 0)
        return;
    for (int i = 0; i < p->nstreams; i++) {
        w_stream *s = &p->streams[i];
        s->start = from + (s->type == WS_AUDIO ? 0.0 : 0.2);
        w_dir *dirs[2] = {&s->rx, &s->tx};
        for (int k = 0; k < 2; k++) {
            double pk = pps_for(s, dirs[k]) * elapsed;
            double lost = pk * p->base_loss * sw_rng_range(&w->rng, 0.8, 1.6);
            dirs[k]->packets = k == 0 ? pk - lost : pk;
            dirs[k]->lost = lost;
        }
    }
    size_t nwin = (size_t)(elapsed / W_WINDOW);
    if (nwin > 720)
        nwin = 720;
    for (size_t i = 0; i < nwin; i++) {
        int q = 1;
        if (sw_rng_chance(&w->rng, 0.05))
            q = sw_rng_int(&w->rng, 2, 4);
        sw_media_push_quality(p, q);
    }
    if (sw_rng_chance(&w->rng, 0.08)) { /* a few people start the run in a bad spell */
        p->spell_loss = sw_rng_range(&w->rng, 0.02, 0.15);
        p->spell_jitter = sw_rng_range(&w->rng, 10, 60);
        p->spell_until = now + sw_rng_range(&w->rng, 10, 60);
        p->spell_dirs = 3;
        int q = sw_w_quality_window(p->spell_loss * 100.0, p->spell_jitter);
        for (int i = 0; i < 3 && nwin > 0; i++)
            sw_media_push_quality(p, q);
        for (int i = 0; i < p->nstreams; i++) {
            p->streams[i].rx.windowed_loss = sw_round2(p->spell_loss * 100.0);
            p->streams[i].rx.jitter = p->spell_jitter;
        }
    }
    sw_jset_str(p->obj, "call_quality", sw_w_quality_name(sw_w_quality_recent(p->hq, p->nhq)));
    /* The synthesized windows cover the call up to now: the live windows
     * start from here, or the first tick would close every past window
     * again, empty, as "unknown". */
    while (p->win_end <= now)
        p->win_end += W_WINDOW;
}

/* ---- JSON ---- */

static double dir_loss_pct(const w_dir *d, bool rx)
{
    if (d->fixed_loss >= 0)
        return d->fixed_loss;
    double total = rx ? d->packets + d->lost : d->packets;
    return total > 0 ? sw_round2(d->lost / total * 100.0) : 0.0;
}

static void dir_json(json_t *o, const char *prefix, const w_dir *d, const char *codec,
                     const char *res, bool rx, bool history)
{
    char key[48];
#define KEY(suffix) (snprintf(key, sizeof key, "%s_%s", prefix, suffix), key)
    sw_jset_int(o, KEY("bitrate"), d->nominal_kbps > 0 ? lround(d->bitrate) : 0);
    sw_jset_str(o, KEY("codec"), d->nominal_kbps > 0 ? codec : "");
    sw_jset_real(o, KEY("fps"), round(d->fps * 10.0) / 10.0);
    if (!history)
        sw_jset_real(o, KEY("jitter"), sw_round2(d->jitter));
    sw_jset_real(o, KEY("packet_loss"), dir_loss_pct(d, rx));
    sw_jset_int(o, KEY("packets_lost"), (long long)d->lost);
    sw_jset_int(o, rx ? KEY("packets_received") : KEY("packets_sent"), (long long)d->packets);
    sw_jset_str(o, KEY("resolution"), res);
    if (!history)
        sw_jset_real(o, KEY("windowed_packet_loss"), d->windowed_loss);
#undef KEY
}

void sw_media_backplane_dirs(json_t *o, bool video, double seconds, bool history)
{
    double kbps = video ? 1920 : 64, pps = video ? kbps * 1000 / 8 / 1100 : 50;
    w_dir d = {.nominal_kbps = kbps,
               .bitrate = kbps,
               .fps = video ? 30.0 : 0.0,
               .jitter = 0.4,
               .packets = pps * seconds,
               .fixed_loss = 0.0};
    const char *codec = video ? "H264" : "opus", *res = video ? "1920x1080" : "";
    dir_json(o, "rx", &d, codec, res, true, history);
    dir_json(o, "tx", &d, codec, res, false, history);
}

static const char *stream_type_name(int type)
{
    return type == WS_AUDIO ? "audio" : type == WS_VIDEO ? "video" : "presentation";
}

static void status_stream_json(sim_world *w, w_part *p, w_stream *s)
{
    if (!s->obj)
        s->obj = json_object();
    if (!s->obj)
        return;
    json_t *o = s->obj;
    char slot[8];
    snprintf(slot, sizeof slot, "%d", s->slot);
    sw_jset_str(o, "end_time", "");
    sw_jset_str(o, "id", slot);
    sw_jset_str(o, "node", p->node >= 0 ? w->nodes[p->node].ip : "");
    dir_json(o, "rx", &s->rx, s->codec, s->rx_res, true, false);
    json_object_set_new(o, "start_time", sw_w_iso_json(s->start, true));
    dir_json(o, "tx", &s->tx, s->codec, s->tx_res, false, false);
    sw_jset_str(o, "type", stream_type_name(s->type));
}

json_t *sw_media_status_streams(sim_world *w, w_part *p, double now)
{
    (void)now;
    if (!p->streams_arr)
        p->streams_arr = json_array();
    if (!p->streams_arr)
        return NULL;
    json_array_clear(p->streams_arr);
    for (int i = 0; i < p->nstreams; i++) {
        status_stream_json(w, p, &p->streams[i]);
        if (p->streams[i].obj)
            json_array_append(p->streams_arr, p->streams[i].obj);
    }
    return p->streams_arr;
}

json_t *sw_media_history_stream(sim_world *w, const w_stream *s, const char *part_uri,
                                const char *node_ip, double end)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    long id = w->next_hstream_id++;
    char buf[96], slot[8];
    json_object_set_new(o, "end_time", sw_w_iso_json(s->end > 0 ? s->end : end, true));
    sw_jset_int(o, "id", id);
    sw_jset_str(o, "node", node_ip);
    sw_jset_str(o, "participant", part_uri);
    snprintf(buf, sizeof buf, "/api/admin/history/v1/media_stream/%ld/", id);
    sw_jset_str(o, "resource_uri", buf);
    dir_json(o, "rx", &s->rx, s->codec, s->rx_res, true, true);
    json_object_set_new(o, "start_time", sw_w_iso_json(s->start, true));
    snprintf(slot, sizeof slot, "%d", s->slot);
    sw_jset_str(o, "stream_id", slot);
    sw_jset_str(o, "stream_type", stream_type_name(s->type));
    dir_json(o, "tx", &s->tx, s->codec, s->tx_res, false, true);
    return o;
}
