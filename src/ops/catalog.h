/* The operator commands, one row each: what batch mode's verbs and the
 * console's keys send. A row says which API command it is, what it acts on,
 * the toggle family and state it reads, the capability flag that must not be
 * false, the words for messages, the parameters and their valid values.
 * Both front ends read the rows; neither re-types a command's vocabulary.
 *
 * The wire type of each parameter (string, boolean, integer) is the api
 * layer's (api_command_field_type, the command/v1 schemas): the body is
 * built there, for every command, so it stays the one source. */
#ifndef PEXCON_OPS_CATALOG_H
#define PEXCON_OPS_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "api/commands.h"

typedef enum ops_target {
    OPS_PARTICIPANT, /* body: participant_id */
    OPS_CONFERENCE,  /* body: conference_id */
    OPS_VMR,         /* a live conference or a VMR by name: no id in the body */
} ops_target;

/* Tables the console refreshes once a command was answered. */
#define OPS_REFRESH_PARTICIPANTS (1u << 0)
#define OPS_REFRESH_CONFERENCES (1u << 1)

typedef struct ops_choices {
    const char *const *values; /* "1:7" (a list prompts can take as it is) */
    const char *const *helps;  /* "one main speaker and up to 7 thumbnails", or NULL */
    size_t n;
    bool strict; /* false: suggestions only, the server judges the value */
} ops_choices;

extern const ops_choices ops_layouts, ops_roles, ops_protocols, ops_routings, ops_on_off;

#define OPS_MAX_FIELDS 8

typedef struct ops_param {
    const char *field;          /* JSON field of the body: "layout" */
    const ops_choices *choices; /* valid values, or NULL */
} ops_param;

typedef struct ops_command {
    const char *verb; /* batch verb: "mute" */
    const char *path; /* API command: "participant/mute" */
    ops_target target;
    const char *family;               /* one command of a family per target at a time: "mute" */
    const char *state_field;          /* what a toggle reads: "is_muted", or NULL */
    int state_after;                  /* a boolean state_field's value after it (1/0); -1: none */
    const char *capability;           /* refuse when false: "is_mute_supported", or NULL */
    const char *doing;                /* "muting": "Read-only mode: muting is disabled" */
    const char *word;                 /* "Mute": "Mute “Alice”: refused ..." */
    const char *done;                 /* "Muted": "Muted “Alice”" */
    const char *summary;              /* batch help, one line */
    bool writes;                      /* sends a command (refused in read-only mode) */
    unsigned refresh;                 /* OPS_REFRESH_* */
    ops_param params[OPS_MAX_FIELDS]; /* after the target id, in body order */
} ops_command;

size_t ops_command_count(void);
const ops_command *ops_command_at(size_t i);
const ops_command *ops_command_by_verb(const char *verb);
const ops_command *ops_command_by_path(const char *path);

/* The row of `family` a toggle sends to a target whose state is `obj`:
 * a boolean state picks the row that changes it (is_muted true: unmute);
 * a state that is a parameter (role) keeps the row and *value gets the
 * first choice that differs from the current one. NULL: no such family. */
const ops_command *ops_toggle(const char *family, const json_t *obj, const char **value);
/* The row of `family` whose boolean state_after is `on`. */
const ops_command *ops_family_row(const char *family, bool on);

const ops_param *ops_command_param(const ops_command *c, const char *field);
/* The body field of the target id: "participant_id", "conference_id" or
 * NULL (OPS_VMR). */
const char *ops_id_field(ops_target t);
/* "participant" or "conference". */
const char *ops_target_noun(ops_target t);

/* Is `value` one of the choices? */
bool ops_choice_valid(const ops_choices *c, const char *value);
/* "chair or guest", "sip, h323, ... or teams" (sep ", ", last " or "). */
const char *ops_choices_text(const ops_choices *c, const char *sep, const char *last, char *buf,
                             size_t size);

#endif
