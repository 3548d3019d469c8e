/* Participant helpers: people made of legs, conference summaries, times.
 *
 * One person may appear as several participant legs (signalling, media,
 * presentation). Current nodes give the legs one conversation_id; older
 * nodes (2015) have none and link a WebRTC media leg to its signalling leg
 * by parent_id. A leg with neither is a person on its own. */
#ifndef PEXCON_MODEL_PARTICIPANTS_H
#define PEXCON_MODEL_PARTICIPANTS_H

#include "model/quality.h"
#include "model/table.h"
#include "model/view.h"

#include <stddef.h>

/* What the legs of one person share: the conversation_id when there is
 * one, else the parent_id (a child leg), else the leg's own id (NULL when
 * it has none). Points into the object. */
const char *participant_person_key(const json_t *p);

/* Do two participant objects belong to the same person? */
bool participant_same_person(const json_t *a, const json_t *b);

/* Is this participant waiting to be let in (admit: participant/unlock)?
 * True for is_on_hold or service_type waiting_room, and when neither field
 * is there (the server decides). */
bool participant_is_waiting(const json_t *p);

/* Where a participant is when it is not simply in its conference:
 * "waiting" (waiting_room), "no licence" (invalid_license_screen, *warning
 * set), another transient service_type as the server words it
 * ("connecting", "ivr", ...), else "on hold" (is_on_hold). NULL for a
 * participant in the conference proper. The word may point into the object (sanitize before
 * showing). */
const char *participant_stage(const json_t *p, bool *warning);

/* Primary-leg order inside one person (negative: a comes first): legs
 * without a parent_id before child legs, then the leg whose call_uuid
 * equals conversation_id, then legs with media, then the earliest
 * connect_time. */
int participant_leg_compare(const json_t *a, const json_t *b);

/* Reorder a (sorted, filtered) view so the legs of one person are adjacent,
 * the group placed where its first leg was, primary leg first. Stable
 * otherwise. */
void model_view_group_legs(model_view *v);

/* In a grouped view: index just past the last leg of the person whose first
 * leg is at `start` (start + 1 for a single-leg person). */
size_t model_view_person_end(const model_view *v, size_t start);

/* first[i] (for each row of the table) is true when row i is a live leg
 * and no earlier live row belongs to the same person: counting them counts
 * people. */
void participant_first_legs(const model_table *participants, bool *first);

/* Live figures for one conference from a participants table (ghosts are
 * ignored); `conference_name` matches the participant's `conference`. */
typedef struct conference_summary {
    size_t legs;
    size_t people; /* distinct persons (participant_person_key) */
    size_t chairs; /* legs with role chair */
    size_t muted;  /* legs with is_muted */
    size_t presenting;
    call_quality worst; /* worst call_quality of its legs */
} conference_summary;

void conference_summary_of(const model_table *participants, const char *conference_name,
                           conference_summary *out);

/* Seconds elapsed from the object's time field (e.g. "start_time",
 * "connect_time") to `now`; false when missing or unparsable. */
bool model_elapsed(const json_t *obj, const char *field, double now, double *seconds);

/* Compact duration text for a column ("3:07"); "" when unknown. For history
 * objects use history_duration_text (model/history.h). */
const char *model_duration_text(const json_t *obj, const char *field, double now, char *buf,
                                size_t size);

#endif
