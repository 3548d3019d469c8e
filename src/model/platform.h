/* Platform records: licensing, alarms, node load, and merging listings.
 *
 * Pure helpers over the JSON the Management API returns for the platform
 * resources (status/v1/licensing, alarm, worker_vm, ...); no terminal, no
 * HTTP. Every field is optional and may have the wrong type. */
#ifndef PEXCON_MODEL_PLATFORM_H
#define PEXCON_MODEL_PLATFORM_H

#include "model/quality.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* status/v1/licensing answers a list holding one object with pairs of
 * "<kind>_count" / "<kind>_total" fields and a few "<feature>_active"
 * booleans. This turns the first object of `licensing_objects` (a list, or
 * the object itself) into one object per kind, so a table can show a row
 * per licence:
 *   {"id": "port", "label": "Ports", "count": 5, "total": 50}
 *   {"id": "customlayouts", "label": "Custom layouts", "active": true}
 * Known kinds come first in a fixed order, unknown ones follow sorted by
 * name (labelled by their field prefix). A count or total that is missing
 * or not a number is left out of its object. Returns a new array (empty
 * when there is nothing usable), never NULL. */
json_t *licensing_kinds(const json_t *licensing_objects);

/* Alarm levels by severity (a larger value is more severe). */
typedef enum alarm_level {
    ALARM_UNKNOWN = 0,
    ALARM_INFO = 1,
    ALARM_WARNING = 2,
    ALARM_ERROR = 3,
    ALARM_CRITICAL = 4,
} alarm_level;

/* "critical", "error", "warning", "info" in any case ("major"/"minor"
 * count as error/warning, "notice" as info); anything else is unknown. */
alarm_level alarm_level_parse(const char *level);
/* "critical", "error", "warning", "info", "unknown". */
const char *alarm_level_label(alarm_level l);

/* Append to `into` every object of `more` whose "id" is not in `into` yet
 * (objects without an id are always appended). Both are arrays; `more` is
 * not modified (its objects are shared by reference). Returns the number
 * appended. Used to OR two server-side filters the API cannot combine. */
size_t json_union_by_id(json_t *into, const json_t *more);

/* How bad a live call is, for ranking: call quality first, then the worst
 * windowed packet loss (percent), then jitter (ms). Larger is worse; loss
 * and jitter below 0 mean "not measured". */
double quality_rank_score(call_quality q, double loss_percent, double jitter_ms);

/* The worst windowed packet loss (falling back to packet_loss) and the
 * worst jitter over both directions of every stream in `streams` (an
 * array of media_stream objects). -1 when there is no reading. */
void streams_worst_loss_jitter(const json_t *streams, double *loss_percent, double *jitter_ms);

/* Load as a percentage 0..100+ from a status object's media_load (nodes
 * report an integer percent, locations a float). false when absent. */
bool status_media_load(const json_t *obj, double *percent);

#endif
