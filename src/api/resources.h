/* The Management API resources pexcon reads, as paths relative to
 * /api/admin/ (pass them to api_list / api_get), and the ordering pexcon
 * asks for by default. Ordering with paging keeps pages stable; only
 * fields the document lists as orderable are used (NULL = server order). */
#ifndef PEXCON_API_RESOURCES_H
#define PEXCON_API_RESOURCES_H

#include <stddef.h>

#define API_STATUS_CONFERENCE "status/v1/conference/"
#define API_STATUS_CONFERENCE_SHARD "status/v1/conference_shard/"
#define API_STATUS_PARTICIPANT "status/v1/participant/"
#define API_STATUS_WORKER_VM "status/v1/worker_vm/"
#define API_STATUS_SYSTEM_LOCATION "status/v1/system_location/"
#define API_STATUS_ALARM "status/v1/alarm/"
#define API_STATUS_LICENSING "status/v1/licensing/"
#define API_STATUS_REGISTRATION_ALIAS "status/v1/registration_alias/"
#define API_STATUS_BACKPLANE "status/v1/backplane/"
#define API_STATUS_MANAGEMENT_VM "status/v1/management_vm/"
#define API_STATUS_CLOUD_NODE "status/v1/cloud_node/"
#define API_STATUS_CLOUD_MONITORED_LOCATION "status/v1/cloud_monitored_location/"
#define API_STATUS_CLOUD_OVERFLOW_LOCATION "status/v1/cloud_overflow_location/"
#define API_HISTORY_CONFERENCE "history/v1/conference/"
#define API_HISTORY_PARTICIPANT "history/v1/participant/"
#define API_HISTORY_ALARM "history/v1/alarm/"
#define API_CONFIG_WORKER_VM "configuration/v1/worker_vm/"
#define API_CONFIG_SYSTEM_LOCATION "configuration/v1/system_location/"
#define API_CONFIG_CONFERENCE "configuration/v1/conference/"
#define API_CONFIG_CONFERENCE_ALIAS "configuration/v1/conference_alias/"

typedef struct api_resource {
    const char *name;          /* short name used by batch mode: "participants" */
    const char *path;          /* relative to /api/admin/ */
    const char *default_order; /* order_by value, or NULL */
    const char *description;   /* one line for help text */
} api_resource;

/* The table (NULL-terminated by name == NULL) and lookups by short name
 * ("conferences", "participants", "nodes", ...) or by path. */
const api_resource *api_resources(void);
const api_resource *api_resource_by_name(const char *name);
const api_resource *api_resource_by_path(const char *path);

/* Sub-resources below one object: `collection` + the id (URL-encoded) +
 * "/" + `sub`, e.g. "status/v1/worker_vm/<id>/statistics/". */
#include "common/strbuf.h"
#define API_SUB_MEDIA_STREAM "media_stream/"
#define API_SUB_STATISTICS "statistics/"
void api_object_path(strbuf *out, const char *collection, const char *id, const char *sub);
/* "status/v1/participant/<id>/media_stream/". */
void api_media_stream_path(strbuf *out, const char *participant_id);

#endif
