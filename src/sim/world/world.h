/* pexsim's simulated Pexip platform: the data behind every endpoint.
 *
 * The world owns Jansson objects shaped exactly as a Management Node returns
 * them (field names and types from the v26 document and pexip-api-fields.md).
 * The HTTP layer (the .c files in src/sim/) never builds resource objects itself: it
 * asks the world for a collection, then filters, orders and pages it.
 *
 * Threading: the world is not thread-safe; the server holds one mutex around
 * every call into it. */
#ifndef PEXSIM_WORLD_H
#define PEXSIM_WORLD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_world sim_world;

/* Which Management Node release the answers look like (--shape).
 *   current  v26, what the field reference lists (the default)
 *   v24      worker_vm says version "24 (...)", deploy_status, last_reported,
 *            no sync_status; empty node addresses and idle resolutions are
 *            the string "None"
 *   2015     as v24, and participants lack conversation_id, call_quality,
 *            proxy_node and is_*_supported; WebRTC callers are two legs
 *            (signalling + media, linked by parent_id); history lacks
 *            conversation_id/call_quality and stream fps */
typedef enum sim_shape { SIM_SHAPE_CURRENT, SIM_SHAPE_V24, SIM_SHAPE_2015 } sim_shape;

/* "current", "v24", "2015"; false for anything else. */
bool sim_shape_parse(const char *name, sim_shape *out);
const char *sim_shape_name(sim_shape shape);

/* Orphans per shape when --orphans is not given. */
#define SIM_ORPHANS_OLD_SHAPES 5

typedef struct sim_world_opts {
    uint64_t seed;     /* --seed, default 1 */
    int conferences;   /* --conferences, live conference instances at start (default 8) */
    int participants;  /* --participants, live participants at start (default 40) */
    int nodes;         /* --nodes, Conferencing Nodes (default 6) */
    int locations;     /* --locations, system locations (default 3) */
    int history;       /* ended conferences pre-seeded into history (default 50) */
    bool is_static;    /* --static: no joins/leaves/drift; commands still apply */
    double dial_delay; /* seconds before a dialled participant connects (default 1.0) */
    const char *dial_fail_pattern; /* destinations containing this substring fail to connect */
    sim_shape shape;               /* --shape, default current */
    /* --orphans: callers whose conference has no status/conference row
     * (waiting_room, invalid_license_screen, ivr, connecting, in turn);
     * -1: SIM_ORPHANS_OLD_SHAPES for v24/2015, 0 for current. */
    int orphans;
} sim_world_opts;

void sim_world_opts_default(sim_world_opts *o);
sim_world *sim_world_new(const sim_world_opts *opts, double now);
void sim_world_free(sim_world *w);

/* Advance the simulation to wall-clock time `now` (seconds since the epoch).
 * Called by the server before it answers each request and from a periodic
 * tick; must be cheap when little time has passed. */
void sim_world_tick(sim_world *w, double now);

/* A collection for a resource key, e.g. "status/conference",
 * "status/participant", "history/participant", "configuration/conference".
 * Returns a borrowed array of objects (valid until the next call into the
 * world), or NULL for an unknown key. */
json_t *sim_world_collection(sim_world *w, const char *resource);

/* The objects of collections, objects and sub-collections are held in the
 * current shape. sim_world_present() gives one as the world's shape serves
 * it: a new reference to `obj` itself when the shape changes nothing for
 * `resource` (any key sim_world_collection takes, or a sub-collection key
 * such as "status/participant/media_stream"), else to a shaped copy. */
json_t *sim_world_present(sim_world *w, const char *resource, json_t *obj);

/* One object by id (string form of the id). Borrowed; NULL when absent.
 * "status/participant" detail objects carry historic_call_quality and
 * bucketed_call_quality, which list objects do not. */
json_t *sim_world_object(sim_world *w, const char *resource, const char *id);

/* A sub-collection below one object: resource "status/participant" +
 * sub "media_stream", "status/worker_vm" + "statistics",
 * "status/system_location" + "statistics", "history/participant" +
 * "media_stream", "status/backplane" + "media_stream". Borrowed array;
 * NULL when the parent is absent (the server answers 404). */
json_t *sim_world_subcollection(sim_world *w, const char *resource, const char *id,
                                const char *sub);

/* Run a command, e.g. "participant/mute", "conference/lock",
 * "participant/dial". `params` holds the request's fields (values as the
 * client sent them: strings for form bodies, any JSON type for JSON bodies).
 * Sets *response to a new reference of the body to send and returns the HTTP
 * status (200/202 success, 400 validation, 404 unknown command). */
int sim_world_command(sim_world *w, const char *command, json_t *params, json_t **response);

/* Staging for tests (the /_sim/ control endpoint). `fields` is merged over a
 * generated participant of conference `fields.conference` (a name; created if
 * absent). Two keys are pexsim's own and are not merged:
 *   "conference_row": false  the conference gets no status/conference row
 *                            (an orphan; default service_type waiting_room,
 *                            on hold, guest) until someone admits the caller
 *   "parent_id": "<id>"      (merged too) naming a live participant makes
 *                            the new leg a leg of that person: same
 *                            conference (fields.conference may be omitted),
 *                            same node, commands act on both
 * Returns the new participant (borrowed) or NULL with *error set. */
json_t *sim_world_add_participant(sim_world *w, json_t *fields, const char **error);
bool sim_world_remove_participant(sim_world *w, const char *id);

/* Counts for logs and the control endpoint. */
json_t *sim_world_summary(sim_world *w); /* new reference */

/* Test hook: history keeps at most `conferences` ended conference instances
 * (default 10,000, as a Management Node does); the oldest go first, with
 * their participants and media streams. Applies immediately. */
void sim_world_set_history_cap(sim_world *w, size_t conferences);

#endif
