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

node_map *node_map_new(void);
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

#endif
