/* Conference-control commands of the Management API (command/v1/...).
 *
 * Each wrapper POSTs a form-encoded body (like the document's examples) at
 * once, never queued behind reads, and NEVER retries. A command whose
 * request reached the server but whose answer did not arrive (timeout,
 * dropped connection) is reported with unknown_outcome set: the server may
 * or may not have acted, so the user must check before trying again.
 *
 * NULL string arguments and API_UNSET booleans are left out of the form.
 * Booleans are sent as "true"/"false". */
#ifndef PEXCON_API_COMMANDS_H
#define PEXCON_API_COMMANDS_H

#include <jansson.h>
#include <stdbool.h>

#include "api/client.h"

#define API_UNSET (-1) /* tri-state boolean argument: leave the field out */

typedef struct api_command_result {
    const char *command;  /* "participant/dial", "conference/lock", ... */
    bool accepted;        /* 2xx and the body's status is not "error" */
    bool unknown_outcome; /* sent, but no answer: may or may not have happened */
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
 * "participant/mute") or a full path; params become the form body. */
api_request *api_command(api_client *client, const char *command, const api_param *params,
                         size_t nparams, api_command_cb cb, void *ctx);

/* Format the form body of a command (pure; unit-tested). */
void api_command_form(strbuf *out, const api_param *params, size_t nparams);

/* Parse a command answer into `res` (pure; unit-tested). Sets accepted,
 * http_status, message, data, body, error, unknown_outcome; `res->body`
 * gets a new reference the caller must json_decref (data borrows it). */
void api_command_parse(const net_response *resp, api_command_result *res);

/* ---- participant commands ---- */

typedef struct api_dial_args {
    const char *conference_alias; /* required: the VMR alias to join */
    const char *destination;      /* required: who to call */
    const char *role;             /* "chair" | "guest" */
    const char *protocol;         /* "sip", "h323", "mssip", "rtmp", "gms", "teams" */
    const char *routing;          /* "manual" | "routing_rule" */
    const char *system_location;  /* location name (needed with routing_rule) */
    const char *node;             /* node IP (manual routing) */
    const char *remote_display_name;
    const char *local_display_name;
    const char *call_type; /* "video", "video-only", "audio" */
    const char *presentation_url;
    const char *dtmf_sequence;
    const char *custom_sip_headers;
    const char *keep_conference_alive; /* "keep_conference_alive", ..._if_multiple, ..._never */
    int streaming;                     /* API_UNSET, 0 or 1 */
    const api_param *extra;            /* any other fields, passed through */
    size_t nextra;
} api_dial_args;

/* Initialisers: every string NULL, every tri-state API_UNSET. */
api_dial_args api_dial_args_init(const char *conference_alias, const char *destination);

api_request *api_participant_dial(api_client *c, const api_dial_args *args, api_command_cb cb,
                                  void *ctx);
api_request *api_participant_disconnect(api_client *c, const char *participant_id,
                                        api_command_cb cb, void *ctx);
api_request *api_participant_mute(api_client *c, const char *participant_id, api_command_cb cb,
                                  void *ctx);
api_request *api_participant_unmute(api_client *c, const char *participant_id, api_command_cb cb,
                                    void *ctx);
/* Admit a participant held at "waiting for host" in a locked conference. */
api_request *api_participant_unlock(api_client *c, const char *participant_id, api_command_cb cb,
                                    void *ctx);
/* Move to the conference of `conference_alias` with `role` ("chair"|"guest", or NULL). */
api_request *api_participant_transfer(api_client *c, const char *participant_id,
                                      const char *conference_alias, const char *role,
                                      api_command_cb cb, void *ctx);
/* role: "chair" | "guest". */
api_request *api_participant_role(api_client *c, const char *participant_id, const char *role,
                                  api_command_cb cb, void *ctx);

/* ---- conference commands ---- */

api_request *api_conference_lock(api_client *c, const char *conference_id, api_command_cb cb,
                                 void *ctx);
api_request *api_conference_unlock(api_client *c, const char *conference_id, api_command_cb cb,
                                   void *ctx);
api_request *api_conference_mute_guests(api_client *c, const char *conference_id, api_command_cb cb,
                                        void *ctx);
api_request *api_conference_unmute_guests(api_client *c, const char *conference_id,
                                          api_command_cb cb, void *ctx);
api_request *api_conference_disconnect(api_client *c, const char *conference_id, api_command_cb cb,
                                       void *ctx);

typedef struct api_layout_args {
    const char *conference_id; /* required */
    const char *layout;        /* "1:0 1:7 1:21 2:21 1:33 4:0 9:0 16:0 25:0 5:7 ac teams" */
    const char *host_layout;
    const char *guest_layout;
    int enable_overlay_text; /* API_UNSET, 0 or 1 (same for the flags below) */
    const char *free_form_overlay_text;
    int plus_n_pip_enabled;
    int recording_indicator;
    int streaming_indicator;
    int transcribing_indicator;
    int live_captions_indicator;
    int ai_enabled_indicator;
    const api_param *extra;
    size_t nextra;
} api_layout_args;

api_layout_args api_layout_args_init(const char *conference_id);

api_request *api_conference_transform_layout(api_client *c, const api_layout_args *args,
                                             api_command_cb cb, void *ctx);

#endif
