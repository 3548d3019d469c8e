/* The console's data: one table per resource it shows, plus how fresh each
 * table is.
 *
 * The UI fetches (through api/), then hands each result here: a list to
 * model_apply() on success, an error text to model_note_error() on failure.
 * A failed refresh never empties a table: old rows stay, and
 * model_age()/model_last_error() let the status line say "data 12 s old:
 * <error>". Scoped tables (participants of one conference, media streams of
 * one participant) are cleared when their scope changes. */
#ifndef PEXCON_MODEL_MODEL_H
#define PEXCON_MODEL_MODEL_H

#include "model/history.h"
#include "model/nodes.h"
#include "model/participants.h"
#include "model/platform.h"
#include "model/quality.h"
#include "model/table.h"
#include "model/view.h"

typedef enum model_table_id {
    MT_CONFERENCES,          /* status/v1/conference */
    MT_PARTICIPANTS,         /* status/v1/participant?conference= of the focused one: merged
                                into MT_ALL_PARTICIPANTS, this table keeps its freshness */
    MT_ALL_PARTICIPANTS,     /* status/v1/participant, every conference (summaries) */
    MT_MEDIA_STREAMS,        /* status/v1/participant/<id>/media_stream */
    MT_NODES,                /* status/v1/worker_vm */
    MT_NODE_CONFIG,          /* configuration/v1/worker_vm (feeds the IP -> name map) */
    MT_LOCATIONS,            /* status/v1/system_location */
    MT_ALARMS,               /* status/v1/alarm */
    MT_REGISTRATIONS,        /* status/v1/registration_alias */
    MT_LICENSING,            /* status/v1/licensing (one object) */
    MT_HISTORY_CONFERENCES,  /* history/v1/conference */
    MT_HISTORY_PARTICIPANTS, /* history/v1/participant (of one conference) */
    MT_CLOUD_NODES,          /* status/v1/cloud_node */
    MT_CLOUD_MONITORED,      /* status/v1/cloud_monitored_location */
    MT_CLOUD_OVERFLOW,       /* status/v1/cloud_overflow_location */
    MT_HISTORY_ALARMS,       /* history/v1/alarm */
    MT_NODE_STATS,           /* status/v1/worker_vm/<id>/statistics (of one node) */
    MT_HISTORY_STREAMS,      /* media streams of one history participant */
    MT_LICENSE_KINDS,        /* one row per licence kind, derived from MT_LICENSING */
    MT_COUNT
} model_table_id;

typedef struct model_freshness {
    double last_ok;      /* wall-clock time of the last successful refresh, 0 = never */
    double last_attempt; /* last refresh attempt, successful or not */
    char *last_error;    /* sanitized message of the last failure; NULL after success */
    unsigned failures;   /* consecutive failures */
} model_freshness;

typedef struct model {
    model_table *tables[MT_COUNT];
    model_freshness fresh[MT_COUNT];
    node_map *nodes;               /* rebuilt on every MT_NODE_CONFIG apply */
    char *participants_conference; /* scope of MT_PARTICIPANTS (a conference name) */
    char *streams_participant;     /* scope of MT_MEDIA_STREAMS (a participant id) */
    char *history_conference;      /* scope of MT_HISTORY_PARTICIPANTS (conference id or query) */
    char *stats_node;              /* scope of MT_NODE_STATS (a worker_vm id) */
    char *history_streams_of;      /* scope of MT_HISTORY_STREAMS (a participant id) */
    json_t *conference_listing;    /* the last status/v1/conference answer (instances.c) */
    json_t *participant_confs;     /* conference name -> a live participant of it (instances.c) */
    json_t *intern;                /* shared participant values (compact.c) */
    size_t conferences_without_instance; /* rows of MT_CONFERENCES made for waiting callers */
    unsigned conferences_version;        /* bumps when an apply changed MT_CONFERENCES */
} model;

/* Never NULL (out of memory aborts). Ghost time starts at 0 for every
 * table. */
model *model_new(void);
void model_free(model *m);

/* Short name of a table ("conferences", "participants", …). */
const char *model_table_name(model_table_id id);

model_table *model_get(model *m, model_table_id id);

/* A successful fetch: merge it, mark the table fresh (clears the error).
 * `diff` may be NULL. Returns false when `objects` is not an array (then
 * recorded as an error "unexpected response"). */
bool model_apply(model *m, model_table_id id, json_t *objects, double now, model_diff *diff);

/* A listing merged into table `id` page by page (model_table_merge_*):
 * field/value name the part a partial listing covers (one conference's
 * participants, status/v1/participant/?conference=NAME: that conference's
 * rows are replaced, the others stay), or NULL. At the end table `fresh`
 * (MT_PARTICIPANTS for the focused conference's listing) records it. */
model_merge *model_merge_begin(model *m, model_table_id id, const char *field, const char *value);
/* A participant as the console keeps it (compact.c): only the fields it
 * reads, values that repeat across participants shared. A new reference
 * (the object itself, referenced, when it is not an object). Merges into
 * MT_ALL_PARTICIPANTS apply it to every object; batch mode, which prints
 * objects as the node sent them, never does. */
json_t *model_compact_participant(model *m, json_t *obj);
/* The contents hash of the compact form, without building it. */
uint64_t model_compact_hash(const json_t *obj);

/* Both true when the table changed (then what is derived from it is
 * recomputed; an unchanged listing costs no more than its merge). */
bool model_merge_page(model *m, model_merge *mg, json_t *objects, double now);
bool model_merge_end(model *m, model_table_id fresh, model_merge *mg, double now);
void model_merge_abort(model_merge *mg);

/* ---- instances.c: conferences without an instance ----
 *
 * Participants whose `conference` has no row in status/v1/conference are
 * normal on real nodes (waiting room, invalid licence screen, IVR,
 * connecting). MT_CONFERENCES holds the listing plus one row per such
 * conference name: {"id": "no-instance:<name>", "name", "service_type" (of
 * a caller), MODEL_NO_INSTANCE_FIELD: true}. */
#define MODEL_NO_INSTANCE_FIELD "pexcon_no_instance"

/* A conference listing arrived (fresh: it is the node's answer): apply it
 * with the rows of conferences without an instance. */
bool model_apply_conferences(model *m, json_t *listing, double now, bool fresh);
/* The all-participants table changed: redo those rows (the listing's age
 * is kept). */
void model_participants_changed(model *m, double now);
/* False for a row made for callers without a conference instance. */
bool model_conference_has_instance(const json_t *conference);

/* A failed fetch: keep the rows, remember the message (sanitized copy). */
void model_note_error(model *m, model_table_id id, const char *message, double now);

/* Seconds since the last successful refresh, or -1 when never loaded. */
double model_age(const model *m, model_table_id id, double now);
/* NULL when the last attempt succeeded. */
const char *model_last_error(const model *m, model_table_id id);

/* Change the scope of a scoped table; clears it (and its freshness) when
 * the scope really changes. NULL scope = none. */
void model_scope_participants(model *m, const char *conference_name);
void model_scope_streams(model *m, const char *participant_id);
void model_scope_history_participants(model *m, const char *conference_id);
void model_scope_node_stats(model *m, const char *worker_vm_id);
void model_scope_history_streams(model *m, const char *participant_id);
/* The same for any scoped table by its id (nothing for an unscoped one). */
void model_scope(model *m, model_table_id id, const char *scope);

/* Ghost time for one table (see model_table_set_ghost_seconds). */
void model_set_ghost_seconds(model *m, model_table_id id, double seconds);

/* Let ghosts fade in every table; true when anything was dropped. */
bool model_expire(model *m, double now);

/* IP -> node name through the node config table ("" when ip is NULL). */
const char *model_node_label(const model *m, const char *ip);

/* The IP address of a status/v1/worker_vm object, from the node config
 * table (its configuration_id, else the same name); NULL when unknown. */
const char *model_node_address(const model *m, const json_t *status_node);

#endif
