/* Conference-control commands of the Management API (command/v1/...).
 *
 * A command is POSTed at once as a JSON object with typed values
 * (`"enable_overlay_text": true`, integers as integers), as production
 * clients of real nodes do, never queued behind reads, and NEVER retried. A
 * command whose request reached the server but whose answer did not arrive
 * (timeout, dropped connection) is reported with unknown_outcome set: the
 * server may or may not have acted, so the user must check before trying
 * again. Parameters with a NULL value are left out of the body. */
#ifndef PEXCON_API_COMMANDS_H
#define PEXCON_API_COMMANDS_H

#include <jansson.h>
#include <stdbool.h>

#include "api/client.h"

typedef struct api_command_result {
    const char *command;  /* "participant/dial", "conference/lock", ... */
    bool accepted;        /* 2xx and the body's status is not "error" */
    bool unknown_outcome; /* sent, but no answer: may or may not have happened */
    bool target_gone;     /* 404, or 400 "participant_id: Failed to find participant." (or
                             conference): the object left before the command arrived */
    long http_status;     /* 0 when no HTTP answer */
    /* The server's own words, sanitized, one line: `message`, `error`,
     * `error_message`, or the validation shape {"<cmd>": {"<field>":
     * ["..."]}} flattened to "field: msg; field2: msg". When the server said
     * nothing, a description of the failure (same text as error.message). */
    char message[512];
    json_t *data;    /* the body's `data` (borrowed, may be NULL): dial gives
                        participant_id and participant_ids */
    json_t *body;    /* the whole parsed body (borrowed, may be NULL) */
    api_error error; /* API_OK when accepted; otherwise why not (for a 2xx
                        with status "error": API_ERR_BAD_REQUEST) */
    double latency;  /* seconds from sending to the answer */
} api_command_result;

typedef void (*api_command_cb)(const api_command_result *res, void *ctx);

/* Any command: `command` is relative to /api/admin/command/v1/ (e.g.
 * "participant/mute") or a full path; params become the form body. Never
 * NULL: a refused command (read-only mode) answers through `cb`. */
api_request *api_command(api_client *client, const char *command, const api_param *params,
                         size_t nparams, api_command_cb cb, void *ctx);

/* The type a command field has on the wire (the command/v1 schemas). */
typedef enum api_field_type { API_FIELD_STRING, API_FIELD_BOOL, API_FIELD_INT } api_field_type;

api_field_type api_command_field_type(const char *command, const char *field);

/* The JSON body of a command (pure; unit-tested): each parameter in its
 * field's type ("true"/"false" become booleans, integers integers; a value
 * that does not read as its type stays a string). A new reference; the audit
 * log records the same object. */
json_t *api_command_body(const char *command, const api_param *params, size_t nparams);

/* Parse a command answer into `res` (pure; unit-tested). Sets accepted,
 * http_status, message, data, body, error, unknown_outcome; `res->body`
 * gets a new reference the caller must json_decref (data borrows it). */
void api_command_parse(const net_response *resp, api_command_result *res);

#endif
