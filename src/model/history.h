/* History records: history/v1/conference and history/v1/participant.
 *
 * A history participant embeds its media_streams (a list of objects with
 * integer ids, stream_type, rx/tx_packet_loss, no jitter) and refers to its
 * conference by resource URI (`conference`), with `conference_name` beside
 * it. History conferences list participants as resource URIs. */
#ifndef PEXCON_MODEL_HISTORY_H
#define PEXCON_MODEL_HISTORY_H

#include "model/quality.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Last path segment of a resource URI ("/api/…/conference/<id>/" -> id)
 * into buf; "" when there is none. A bare id passes through. */
const char *history_uri_id(const char *uri, char *buf, size_t size);

/* The participant's embedded media streams (borrowed array), or NULL. */
const json_t *history_participant_streams(const json_t *participant);

/* The participant's recorded call_quality; when that is unknown, the worst
 * quality computed over its embedded streams. */
call_quality history_participant_quality(const json_t *participant);

/* The conference id a history participant belongs to (from `conference`,
 * URI or id) into buf; "" when absent. */
const char *history_participant_conference_id(const json_t *participant, char *buf, size_t size);

/* Duration in seconds: the `duration` field, else end_time - start_time. */
bool history_duration(const json_t *record, double *seconds);

/* Compact duration text ("1:02:03"), "" when unknown. */
const char *history_duration_text(const json_t *record, char *buf, size_t size);

/* A time window: a positive number and a unit, "90s", "30m", "2h", "7d". */
bool history_parse_window(const char *s, double *seconds);

/* A point in time for history filters: an ISO date-time (UTC), "HH:MM"
 * today (UTC, relative to `now`), or a window meaning that long before
 * `now` ("2h" = two hours ago). */
bool history_parse_time(const char *s, double now, double *epoch);

#endif
