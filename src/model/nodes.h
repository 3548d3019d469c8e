/* Node IP -> name map.
 *
 * status/v1/worker_vm carries names but no addresses; participants'
 * media_node/signalling_node, alarm node and conference_shard node are IPs.
 * configuration/v1/worker_vm links the two (`address` -> `name`). */
#ifndef PEXCON_MODEL_NODES_H
#define PEXCON_MODEL_NODES_H

#include <jansson.h>
#include <stddef.h>

typedef struct node_map node_map;

node_map *node_map_new(void); /* never NULL: out of memory aborts */
void node_map_free(node_map *m);

/* Replace the map from a list of configuration/v1/worker_vm objects (odd
 * objects and entries without address or name are skipped). Also accepts
 * objects carrying `ipv6_address` (mapped too). Returns entries added. */
size_t node_map_load(node_map *m, const json_t *worker_vm_config_objects);

size_t node_map_count(const node_map *m);

/* Name for an IP, NULL when unknown (raw server text: sanitize to show). */
const char *node_map_name(const node_map *m, const char *ip);

/* Name when known, else the IP itself, else "" (never NULL). */
const char *node_map_label(const node_map *m, const char *ip);

/* ---- status/v1/worker_vm words and fields across versions ---- */

typedef enum node_health { NODE_HEALTH_NEUTRAL, NODE_HEALTH_OK, NODE_HEALTH_BAD } node_health;

/* How a status word (sync_status, deploy_status, upgrade_status, ...) reads:
 * known healthy words (SYNCED, UP, deploy_succeeded, IDLE) are OK, known bad
 * ones (anything saying failed, error, down, unreachable, out of sync) BAD,
 * any other word NEUTRAL: a new version's word is not an alarm. */
node_health node_status_health(const char *word);

/* The word to show: a long known word shortened ("deploy_succeeded" ->
 * "succeeded"), others as given. Raw server text: sanitize to show. */
const char *node_status_text(const char *word);

/* The field holding the node's last contact: last_attempted_contact, or on
 * nodes without it (v24) last_reported, then last_updated. NULL: none. */
const char *node_last_contact_field(const json_t *worker_vm);

/* A number that orders version strings the way people read them:
 * "24 (55691.0.0)", "36.1", "v35.2 (74810.0.0)". -1 when there is no
 * number at all. */
double node_version_key(const char *version);

#endif
