/* Internal structures shared by the world's modules (not for the server).
 *
 * The JSON objects served to clients are the source of truth for every
 * field a client sees (role, is_muted, is_locked, ...). The C structures
 * below hold what clients never see directly: media counters, quality
 * windows, node placement, timers and the links between objects. */
#ifndef PEXSIM_WORLD_INTERNAL_H
#define PEXSIM_WORLD_INTERNAL_H

#include "sim/world/world.h"

#include <stddef.h>

/* The software version every node reports. */
#define W_VERSION "26.2.0 (64232.0.0)"

/* ---- small utilities (world_util.c) ---- */

typedef struct w_rng {
    uint64_t s[4];
} w_rng;

void sw_rng_seed(w_rng *r, uint64_t seed);
uint64_t sw_rng_u64(w_rng *r);
double sw_rng_unit(w_rng *r);             /* [0, 1) */
int sw_rng_int(w_rng *r, int lo, int hi); /* inclusive */
double sw_rng_range(w_rng *r, double lo, double hi);
bool sw_rng_chance(w_rng *r, double p);
double sw_rng_normal(w_rng *r); /* mean 0, sd 1 */
int sw_rng_weighted(w_rng *r, const int *weights, int n);
int sw_rng_poisson(w_rng *r, double mean);
void sw_rng_uuid(w_rng *r, char out[37]);

#define W_ISO_LEN 32
/* Naive UTC ISO-8601, with microseconds when `micro` is true. */
void sw_w_iso(double t, bool micro, char out[W_ISO_LEN]);
json_t *sw_w_iso_json(double t, bool micro);
/* Parses what sw_w_iso writes (and the same without microseconds); -1 on error. */
double sw_w_parse_iso(const char *s);

void sw_jset_str(json_t *o, const char *k, const char *v);
void sw_jset_int(json_t *o, const char *k, long long v);
void sw_jset_real(json_t *o, const char *k, double v);
void sw_jset_bool(json_t *o, const char *k, bool v);
void sw_jset_null(json_t *o, const char *k);
const char *sw_wjson_str(const json_t *o, const char *k); /* "" when absent */
bool sw_wjson_bool(const json_t *o, const char *k);
long long sw_wjson_int(const json_t *o, const char *k);
double sw_round2(double v);

/* Remove `item` from `arr` (pointer identity); scans from the front.
 * Returns the index it had, or -1. */
long sw_w_array_remove_ptr(json_t *arr, const json_t *item);

/* String-keyed hash map of borrowed pointers; keys are copied. */
typedef struct w_map_entry {
    char *key;
    void *value;
    struct w_map_entry *next;
} w_map_entry;

typedef struct w_map {
    w_map_entry **buckets;
    size_t nbuckets;
    size_t count;
} w_map;

void sw_w_map_init(w_map *m);
void sw_w_map_free(w_map *m);
bool sw_w_map_put(w_map *m, const char *key, void *value);
void *sw_w_map_get(const w_map *m, const char *key);
void sw_w_map_del(w_map *m, const char *key);

/* Growable pointer vector kept in the same order as a JSON array. */
typedef struct w_vec {
    void **items;
    size_t n, cap;
} w_vec;

bool sw_w_vec_push(w_vec *v, void *item);
long sw_w_vec_remove(w_vec *v, const void *item); /* index or -1 */
void sw_w_vec_free(w_vec *v);

/* ---- media (world_media.c) ---- */

enum { WS_AUDIO, WS_VIDEO, WS_PRESENTATION };
#define W_MAX_STREAMS 3
#define W_MAX_ENDED 4
#define W_WINDOW 20.0

typedef struct w_dir {
    double nominal_kbps, bitrate, fps, jitter;
    double packets, lost;         /* cumulative (received or sent) */
    double win_packets, win_lost; /* current 20 s window */
    double win_jitter_max;
    double windowed_loss; /* last closed window, percent */
    double fixed_loss;    /* >= 0: reported loss percent is pinned (seeded history) */
} w_dir;

typedef struct w_stream {
    int type;
    int slot; /* status id "0", "1", "2" */
    const char *codec;
    const char *rx_res, *tx_res;
    double start, end;
    w_dir rx, tx;
    json_t *obj; /* status object, built lazily */
} w_stream;

/* Quality for one 20 s window: 1 good .. 4 terrible (see the v26 rule). */
int sw_w_quality_window(double loss_pct, double jitter_ms);
/* Most frequent value of the last (up to) three windows; ties go to the worse. */
int sw_w_quality_recent(const uint8_t *q, size_t n);
const char *sw_w_quality_name(int q);

/* ---- world objects ---- */

typedef struct w_conf w_conf;
typedef struct w_hconf w_hconf;

typedef enum {
    K_ROOM_SIP,
    K_ROOM_H323,
    K_WEBRTC,
    K_WEBRTC_2LEG,
    K_PEXAPP,
    K_MSSIP,
    K_PHONE,
    K_RTMP,
    K_TEAMS,
    K_COUNT
} w_kind;

typedef struct w_part {
    char id[40];
    json_t *obj; /* the status list object */
    w_conf *conf;
    struct w_part *group; /* head leg of the person (self when head) */
    w_kind kind;
    int node, sig_node; /* node indexes */
    int tokens;         /* media tokens while it has media */
    int tokens_held;    /* what it added to its node's media_tokens_used */
    bool pinned;        /* staged through the control endpoint */
    bool connecting;
    bool dial_fail;
    double dial_at;
    double created;
    double base_loss; /* per-packet loss outside bad spells (fraction) */
    double base_jitter;
    double spell_until, spell_loss, spell_jitter;
    int spell_dirs; /* bit 0 rx, bit 1 tx */
    double present_until;
    int nstreams;
    w_stream streams[W_MAX_STREAMS];
    int nended;
    w_stream ended[W_MAX_ENDED];
    int acc_port, acc_audio, acc_teams, acc_ghm; /* licences this leg holds */
    json_t *streams_arr;                         /* status media_stream collection, built lazily */
    double win_end;
    uint8_t *hq;
    size_t nhq, cap_hq;
    int buckets[5];
} w_part;

typedef struct w_vmr {
    long id;
    char *name;
    char *tag;
    const char *service_type;
    json_t *obj;
    char *alias_main; /* "meet.<slug>@example.com" */
    w_conf *live;
} w_vmr;

struct w_conf {
    char id[40];
    char *name;
    const char *service_type;
    json_t *obj;
    w_vmr *vmr; /* NULL for gateway calls */
    w_vec parts;
    int home; /* node index of the home shard */
    size_t nnodes;
    int *node_legs;  /* legs per node */
    json_t **shards; /* per node, NULL when none */
    json_t **bplanes;
    double *bplane_start;
    double start;
    double end_at; /* the meeting is over: people drift away after this */
    w_hconf *hist; /* history record being filled as legs leave */
    w_part *presenter;
    char layout[16];
    char guest_layout[16];
    bool hidden; /* no status/conference row (yet): its callers are orphans */
};

typedef struct w_hpart {
    char id[40];
    json_t *obj;
    uint8_t *hq;
    size_t nhq;
    int buckets[5];
} w_hpart;

struct w_hconf {
    char id[40];
    json_t *obj; /* NULL until the conference ends */
    w_vec parts; /* w_hpart* */
};

typedef struct w_node {
    long id;
    char name[48];
    char ip[24];
    int loc;
    bool proxy;
    json_t *status, *config, *stats;
    int tokens_used, max_tokens, sig_count, legs;
    int shown_load, shown_tokens, shown_sig;
    long capacity_alarm; /* alarm id or 0 */
    double boot;
} w_node;

typedef struct w_loc {
    long id;
    char name[48];
    char code[8];
    json_t *status, *config, *stats;
    double shown_load;
    int shown_tokens;
} w_loc;

typedef struct w_alarm {
    long id;
    json_t *obj;
    double clear_at; /* 0: cleared by a rule, not a timer */
} w_alarm;

enum {
    C_ST_CONFERENCE,
    C_ST_SHARD,
    C_ST_PARTICIPANT,
    C_ST_WORKER,
    C_ST_LOCATION,
    C_ST_ALARM,
    C_ST_REGISTRATION,
    C_ST_LICENSING,
    C_ST_BACKPLANE,
    C_ST_MGMT,
    C_ST_CLOUD_NODE,
    C_ST_CLOUD_MON,
    C_ST_CLOUD_OVF,
    C_CF_CONFERENCE,
    C_CF_ALIAS,
    C_CF_WORKER,
    C_CF_LOCATION,
    C_HI_CONFERENCE,
    C_HI_PARTICIPANT,
    C_HI_STREAM,
    C_HI_ALARM,
    C_HI_EVENT,
    C_HI_BACKPLANE,
    C_HI_BP_STREAM,
    C_HI_REGISTRATION,
    C_COUNT_MAIN
};

#define W_MAX_COLLECTIONS 48

struct sim_world {
    sim_world_opts opts;
    char *dial_fail_pattern;
    w_rng rng;
    double now, last_step, last_stats, last_contact;
    json_t *coll[W_MAX_COLLECTIONS];
    const char *coll_key[W_MAX_COLLECTIONS];
    int ncoll;

    w_vec parts;        /* parallel to status/participant */
    w_vec confs;        /* parallel to status/conference */
    w_vec hidden_confs; /* conferences without a row (see w_conf.hidden) */
    w_vec connecting;   /* dialled legs not yet connected */
    w_map part_by_id, conf_by_id, sw_vmr_by_alias, vmr_by_name, hpart_by_id, hconf_by_id;
    w_vec vmrs;
    w_node *nodes;
    int nnodes;
    w_loc *locs;
    int nlocs;
    w_vec alarms;
    w_vec hconfs; /* parallel to history/conference */
    size_t history_cap;
    size_t history_participant_cap;
    size_t hparts_total;

    long next_vmr_id, next_alias_id, next_hstream_id, next_alarm_id, next_reg_id;
    long next_event_id, next_hbp_stream_id, next_halarm_id;
    int lic_port, lic_audio, lic_teams, lic_ghm;
    int shown_lic[4];
    json_t *detail;  /* scratch for sim_world_object detail answers */
    json_t *scratch; /* scratch for computed sub-collections */
    uint64_t vmr_name_serial;
};

/* Collections */
json_t *sw_w_coll(sim_world *w, int which);

/* ---- generator (world_gen.c) ---- */
w_kind sw_gen_kind(sim_world *w, const char *service_type);
int sw_gen_legs_for(w_kind k);
/* Builds the JSON of leg `leg` (0 head) of a person of kind `k`; `head` is
 * the head leg for legs > 0. Does not place it anywhere. */
w_part *sw_gen_leg(sim_world *w, w_kind k, int leg, w_part *head, double now);
char *sw_gen_vmr_name(sim_world *w, const char **service_type);
const char *sw_gen_location_name(int i, char code[8]);
void sw_gen_slug(const char *name, char *out, size_t cap);
const char *sw_gen_room_vendor(sim_world *w, bool h323);
void sw_gen_person_name(sim_world *w, char *display, size_t dcap, char *alias, size_t acap);
void sw_gen_remote_ip(sim_world *w, char out[24]);
const char *sw_gen_pick(sim_world *w, const char *const *table, size_t n);
#define GEN_PICK(w, t) sw_gen_pick((w), (t), sizeof(t) / sizeof((t)[0]))

/* ---- media (world_media.c) ---- */
void sw_media_start(sim_world *w, w_part *p, double now);
void sw_media_stop(sim_world *w, w_part *p);
void sw_media_add_presentation(sim_world *w, w_part *p, double now);
void sw_media_end_presentation(sim_world *w, w_part *p, double now);
void sw_media_step(sim_world *w, w_part *p, double now, double dt);
void sw_media_synthesize_past(sim_world *w, w_part *p, double from, double now);
void sw_media_push_quality(w_part *p, int q);
json_t *sw_media_status_streams(sim_world *w, w_part *p, double now);
json_t *sw_media_history_stream(sim_world *w, const w_stream *s, const char *part_uri,
                                const char *node_ip, double end);
/* The rx_ and tx_ fields of a backplane's audio or video stream: full rate,
 * no loss, `seconds` of packets; history: without jitter and windowed loss. */
void sw_media_backplane_dirs(json_t *o, bool video, double seconds, bool history);
int sw_part_tokens(const w_part *p);

/* ---- platform (world_platform.c) ---- */
void sw_platform_build(sim_world *w, double now);
/* After the first participants are placed: statistics back-fill, first alarms. */
void sw_platform_finish(sim_world *w, double now);
void sw_platform_free(sim_world *w);
void sw_platform_step(sim_world *w, double now, double dt);
void sw_platform_refresh(sim_world *w, double now);
int sw_platform_pick_node(sim_world *w, int loc);
int sw_platform_node_by_ip(sim_world *w, const char *ip);
int sw_platform_loc_by_name(sim_world *w, const char *name);
int sw_platform_proxy_in(sim_world *w, int loc);
void sw_platform_node_leg(sim_world *w, w_conf *c, int node, int delta, double now);
void sw_platform_conf_flags(sim_world *w, w_conf *c);
void sw_platform_conf_end(sim_world *w, w_conf *c, double now);
json_t *sw_platform_worker_config(const char *name, const char *ip, const char *type, long id,
                                  long loc_id, int cpus, bool cloud);

/* ---- alarms (world_alarms.c) and smaller resources (world_extras.c) ---- */
void sw_alarms_seed(sim_world *w, double now);
void sw_alarms_step(sim_world *w, double now, double dt);
void sw_alarms_refresh_capacity(sim_world *w, w_node *n, double now);
void sw_alarms_free(sim_world *w);
void sw_extras_build(sim_world *w, double now);
void sw_extras_refresh(sim_world *w, double now);
void sw_extras_step(sim_world *w, double now, double dt);
int sw_platform_start_cloudnode(sim_world *w, json_t *params, json_t **resp, double now);
json_t *sw_platform_backplane_streams(sim_world *w, const char *id, double now);

/* ---- live world (world_live.c) ---- */
w_vmr *sw_vmr_create(sim_world *w, const char *name, const char *service_type, double created);
w_vmr *sw_vmr_by_alias(sim_world *w, const char *alias);
w_vmr *sw_vmr_free_pick(sim_world *w, bool allow_special);
w_vmr *sw_vmr_of_type(sim_world *w, const char *type); /* without a live conference */
w_conf *sw_conf_start(sim_world *w, w_vmr *vmr, const char *gateway_name, double now);
/* A conference that has callers but no status/conference row, no shards
 * and no conference_id commands can name; sw_conf_reveal gives it all. */
w_conf *sw_conf_start_hidden(sim_world *w, w_vmr *vmr, double now);
void sw_conf_reveal(sim_world *w, w_conf *c, double now);
void sw_conf_end(sim_world *w, w_conf *c, double now);
/* Places a generated leg into a conference: placement, lock rule, guests
 * muted rule, media, indexes. */
void sw_part_join(sim_world *w, w_part *p, w_conf *c, double now);
void sw_part_leave(sim_world *w, w_part *p, const char *reason, double now);
void sw_part_leave_group(sim_world *w, w_part *head, const char *reason, double now);
void sw_part_detach(sim_world *w, w_part *p, double now);
void sw_part_attach(sim_world *w, w_part *p, w_conf *c, double now);
void sw_part_set_waiting(sim_world *w, w_part *p, bool waiting);
void sw_part_connect(sim_world *w, w_part *p, double now);
void sw_part_free(w_part *p);
void sw_media_begin(sim_world *w, w_part *p, double now);
void sw_media_end(sim_world *w, w_part *p);
void sw_conf_maybe_end(sim_world *w, w_conf *c, double now);
void sw_part_apply_join_rules(sim_world *w, w_part *p, w_conf *c);
/* Re-reads licence and media fields after staged fields were merged in. */
void sw_part_resync(sim_world *w, w_part *p, double now);
void sw_live_free_all(sim_world *w);
w_conf *sw_live_find_conf_by_name(sim_world *w, const char *name);
void sw_live_populate(sim_world *w, double now);
void sw_live_step(sim_world *w, double now, double dt);
void sw_live_process_dials(sim_world *w, double now);
int sw_live_add_group(sim_world *w, w_conf *c, w_kind k, double now);

/* ---- orphans (world_orphans.c) and staging (world_stage.c) ---- */
/* The --orphans callers, placed after the world is populated. */
void sw_orphans_populate(sim_world *w, double now);
size_t sw_orphans_count(const sim_world *w);
w_conf *sw_conf_find_any(sim_world *w, const char *name); /* visible or hidden */

/* ---- shapes (world_shape.c) ---- */
/* A kind a newly generated person of the shape can have (2015: WebRTC is
 * always two legs). */
w_kind sw_shape_kind(const sim_world *w, w_kind k);

/* ---- history (world_history.c) ---- */
w_hconf *sw_history_conf_open(sim_world *w, const char *id);
void sw_history_conf_close(sim_world *w, w_conf *c, double now);
void sw_history_add_participant(sim_world *w, w_part *p, const char *reason, double end);
void sw_history_seed(sim_world *w, double now);
void sw_history_free(sim_world *w);
void sw_history_conf_discard(w_hconf *h);
void sw_history_add_backplane(sim_world *w, w_conf *c, json_t *bp, double now);
void sw_history_enforce_cap(sim_world *w);
void sw_history_add_alarm(sim_world *w, json_t *alarm, double lowered);
void sw_history_add_event(sim_world *w, const w_node *n, const char *event_type, const char *state,
                          const char *details, double t);

/* ---- commands (world_commands.c) ---- */
int sw_commands_run(sim_world *w, const char *command, json_t *params, json_t **response);

#endif
