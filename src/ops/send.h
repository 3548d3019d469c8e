/* The one path a command takes, from batch mode and from the console:
 * send it at once (never retried), classify the answer, word it, and
 * append the audit line with the typed JSON body.
 *
 * Outcomes: accepted; refused (the server said no, in its own words);
 * gone (404, or 400 "Failed to find participant/conference": the target left
 * before the command arrived); unknown (the request went out but what the
 * server did is not known: no answer, a timeout, a 2xx whose body cannot be
 * read, a 502/503/504 from a proxy; the operator must check before trying
 * again); not sent (refused locally or never started). */
#ifndef PEXCON_OPS_SEND_H
#define PEXCON_OPS_SEND_H

#include <uv.h>

#include "api/commands.h"
#include "ops/audit.h"
#include "ops/catalog.h"

typedef enum ops_outcome {
    OPS_ACCEPTED,
    OPS_REFUSED,
    OPS_GONE,
    OPS_UNKNOWN,
    OPS_NOT_SENT,
} ops_outcome;

ops_outcome ops_classify(const api_command_result *res);
audit_outcome ops_audit_outcome(ops_outcome o);

/* Batch mode writes full sentences to stderr; the console one status line
 * within 80 columns. */
typedef enum ops_voice { OPS_VOICE_BATCH, OPS_VOICE_CONSOLE } ops_voice;

/* Why a command did not succeed (no verb, no target): "the participant is
 * gone (already left)", "refused by the server (HTTP 400): ...". */
void ops_failure_text(ops_target target, ops_outcome o, const api_command_result *res,
                      ops_voice voice, char *buf, size_t size);

/* The new participant's ids in a dial's answer (participant_ids, else
 * participant_id), sanitized; returns how many. */
size_t ops_dial_ids(const json_t *data, char (*ids)[128], size_t max);

/* Who sends, for the audit line. Strings are borrowed for the send's life. */
typedef struct ops_origin {
    const char *source; /* "batch" or "console" */
    const char *profile, *url, *user;
    uv_loop_t *loop;          /* NULL: the audit line is written at once */
    audit_done_cb audit_done; /* a failed write (0 is never reported); may be NULL */
    void *audit_ctx;
} ops_origin;

#define OPS_MAX_BODY (OPS_MAX_FIELDS + 1)

typedef struct ops_request {
    const ops_command *cmd;
    const char *target_id;   /* participant or conference id; NULL or "" for a VMR by name */
    const char *target_name; /* raw server name */
    api_param params[OPS_MAX_BODY];
    size_t nparams;
} ops_request;

/* A request for `cmd` on a target: the target's id field first. */
void ops_request_init(ops_request *rq, const ops_command *cmd, const char *id, const char *name);
/* One more body field; a NULL value is left out (cut at OPS_MAX_BODY). */
void ops_request_add(ops_request *rq, const char *field, const char *value);

typedef struct ops_send ops_send;

/* The answer, already audited. `res` is the api's (borrowed). */
typedef void (*ops_sent_cb)(ops_outcome outcome, const api_command_result *res, void *ctx);

/* Send now; the callback always comes later, from the loop (a request that
 * cannot be made, or is refused, answers through it). Never NULL. Strings
 * of rq are copied. */
ops_send *ops_send_start(api_client *api, const ops_origin *origin, const ops_request *rq,
                         ops_sent_cb cb, void *ctx);

/* Give up on a command still in flight (the front end is closing): the api
 * cancels it, the audit line says unknown outcome and `why`, written at
 * once; no callback. */
void ops_send_abandon(ops_send *s, const char *why);

#endif
