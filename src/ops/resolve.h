/* Turning what an operator typed (an id or an exact name) into exactly one
 * live participant or conference of a listing: pure, no I/O. An exact id
 * wins; a name matches as stored or as displayed (sanitized, so a hostile
 * name can be typed without its escapes). Several matches are ambiguous,
 * unless every one is a leg of the same person (participant_same_person:
 * conversation_id, or a leg's parent_id): then the primary leg is taken
 * (participant_leg_compare), or with prefer_media the first leg with
 * media. */
#ifndef PEXCON_OPS_RESOLVE_H
#define PEXCON_OPS_RESOLVE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ops_target_spec {
    const char *kind;       /* "participant" / "conference" */
    const char *name_field; /* display_name / name */
    const char *conf_field; /* conference / NULL */
    bool legs;              /* several legs of one person count as one */
    bool prefer_media;      /* ...and then the leg with media is wanted */
} ops_target_spec;

extern const ops_target_spec ops_participant_spec, ops_conference_spec;

typedef enum ops_match_status {
    OPS_MATCH_ONE,       /* by id, or the only name match */
    OPS_MATCH_LEG,       /* several matches, all legs of one person */
    OPS_MATCH_NONE,      /* no live object has that id or name */
    OPS_MATCH_AMBIGUOUS, /* several; candidates lists them */
} ops_match_status;

typedef struct ops_match {
    ops_match_status status;
    size_t index;       /* ONE / LEG: the object picked */
    size_t nmatches;    /* name matches (LEG: the legs) */
    size_t *candidates; /* AMBIGUOUS: indexes of the matches; owned */
} ops_match;

/* Match `what` against the objects (an array). Free with ops_match_free. */
void ops_resolve(const json_t *objects, const char *what, const ops_target_spec *spec,
                 ops_match *out);
void ops_match_free(ops_match *m);

/* What a front end shows of the object matched. */
typedef struct ops_found {
    char id[128];
    char name[256];       /* sanitized display name / conference name */
    char raw_name[256];   /* the name as the server has it (for API filters) */
    char conference[256]; /* sanitized: participant's conference */
    char raw_conference[256];
    char role[16]; /* participant's role, "" when unknown */
    bool waiting;  /* participant_is_waiting: admit makes sense */
} ops_found;

void ops_found_fill(ops_found *t, const json_t *obj, const ops_target_spec *spec);

/* Does the name match what was typed (as stored, or sanitized)? */
bool ops_name_matches(const char *stored, const char *typed);
/* Does `s` look like a UUID (the form of live conference/participant ids)? */
bool ops_looks_like_uuid(const char *s);

#endif
