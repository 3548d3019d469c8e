/* send -> classify -> word -> audit (send.h). */
#include "ops/send.h"

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ops_send {
    ops_origin origin;
    const ops_command *cmd;
    char *target_id, *target_name; /* NULL when not known */
    json_t *params;                /* the typed body, for the audit line */
    double sent_wall;
    api_request *req;
    ops_sent_cb cb;
    void *ctx;
};

ops_outcome ops_classify(const api_command_result *res)
{
    long st = res->http_status;
    if (res->accepted)
        return OPS_ACCEPTED;
    if (res->unknown_outcome)
        return OPS_UNKNOWN;
    /* The server (or a proxy in front of it) got the command: a 2xx whose
     * body cannot be read acted, a 502/503/504 may have been forwarded. */
    if (st >= 200 && st < 300 && res->error.kind == API_ERR_BAD_JSON)
        return OPS_UNKNOWN;
    if (st == 502 || st == 503 || st == 504)
        return OPS_UNKNOWN;
    if (res->target_gone)
        return OPS_GONE;
    return st > 0 ? OPS_REFUSED : OPS_NOT_SENT;
}

audit_outcome ops_audit_outcome(ops_outcome o)
{
    return o == OPS_ACCEPTED ? AUDIT_ACCEPTED : o == OPS_UNKNOWN ? AUDIT_UNKNOWN : AUDIT_REFUSED;
}

/* The api's description of what went wrong, else the server's words. */
static const char *failure_detail(const api_command_result *res)
{
    return res->error.message[0] ? res->error.message : res->message;
}

static void refused_text(const api_command_result *res, char *buf, size_t size)
{
    bool own = strcmp(res->message, res->error.message) == 0; /* not the server's words */
    long st = res->http_status;
    if (own)
        snprintf(buf, size, "%s", res->message); /* already says what and which status */
    else if (st >= 500)
        snprintf(buf, size, "server error (HTTP %ld): %s", st, res->message);
    else
        snprintf(buf, size, "refused by the server (HTTP %ld): %s", st, res->message);
}

void ops_failure_text(ops_target target, ops_outcome o, const api_command_result *res,
                      ops_voice voice, char *buf, size_t size)
{
    bool batch = voice == OPS_VOICE_BATCH, person = target == OPS_PARTICIPANT;
    switch (o) {
    case OPS_UNKNOWN:
        if (batch)
            snprintf(buf, size,
                     "outcome unknown: %s; the command may or may not have been carried out, "
                     "check before trying again",
                     failure_detail(res));
        else
            snprintf(buf, size,
                     "unknown outcome, not re-sent: it may or may not have happened, check "
                     "before trying again (%s)",
                     failure_detail(res));
        return;
    case OPS_GONE:
        snprintf(buf, size,
                 batch ? "the %s is gone (it %s before the command arrived)"
                       : "the %s is gone (already %s)",
                 ops_target_noun(target), person ? "left" : "ended");
        return;
    case OPS_REFUSED:
        refused_text(res, buf, size);
        return;
    case OPS_NOT_SENT:
        if (res->error.kind == API_ERR_READ_ONLY)
            snprintf(buf, size, "read-only mode; nothing was sent");
        else
            snprintf(buf, size, "not sent: %s", res->message);
        return;
    case OPS_ACCEPTED:
        break;
    }
    buf[0] = '\0';
}

size_t ops_dial_ids(const json_t *data, char (*ids)[128], size_t max)
{
    const json_t *list = json_object_get(data, "participant_ids");
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(list) && n < max; i++) {
        const json_t *v = json_array_get(list, i);
        sanitize_into(ids[n], sizeof ids[n], json_is_string(v) ? json_string_value(v) : "");
        n += ids[n][0] != '\0';
    }
    char id[128];
    if (n == 0 && max > 0 && jget_id(data, "participant_id", id, sizeof id)[0]) {
        sanitize_into(ids[0], sizeof ids[0], id);
        n = ids[0][0] != '\0';
    }
    return n;
}

void ops_request_init(ops_request *rq, const ops_command *cmd, const char *id, const char *name)
{
    memset(rq, 0, sizeof *rq);
    rq->cmd = cmd;
    rq->target_id = id;
    rq->target_name = name;
    if (ops_id_field(cmd->target))
        ops_request_add(rq, ops_id_field(cmd->target), id);
}

void ops_request_add(ops_request *rq, const char *field, const char *value)
{
    if (value && rq->nparams < OPS_MAX_BODY)
        rq->params[rq->nparams++] = (api_param){field, value};
}

/* ---- sending and auditing ---- */

static char *copy_or_null(const char *s)
{
    if (!s || !*s)
        return NULL;
    return xstrdup(s);
}

static void send_free(ops_send *s)
{
    free(s->target_id);
    free(s->target_name);
    json_decref(s->params);
    free(s);
}

/* One audit line; now: written at once whatever the origin's loop. */
static void audit(const ops_send *s, audit_outcome outcome, long http_status, const char *message,
                  double latency_s, bool now)
{
    const ops_origin *o = &s->origin;
    audit_entry e = {
        .time = s->sent_wall,
        .source = o->source,
        .profile = o->profile,
        .url = o->url,
        .user = o->user,
        .command = s->cmd->path,
        .target_id = s->target_id,
        .target_name = s->target_name,
        .params = s->params,
        .outcome = outcome,
        .http_status = http_status,
        .message = message && *message ? message : NULL,
        .latency_ms = latency_s > 0 ? latency_s * 1000.0 : -1,
    };
    uv_loop_t *loop = now ? NULL : o->loop;
    int rc = audit_append(loop, &e, loop ? o->audit_done : NULL, o->audit_ctx);
    if (rc != 0 && !now && o->audit_done)
        o->audit_done(rc, o->audit_ctx);
}

static void on_answer(const api_command_result *res, void *ctx)
{
    ops_send *s = ctx;
    s->req = NULL;
    ops_outcome outcome = ops_classify(res);
    audit(s, ops_audit_outcome(outcome), res->http_status, res->message, res->latency, false);
    if (s->cb)
        s->cb(outcome, res, s->ctx);
    send_free(s);
}

ops_send *ops_send_start(api_client *api, const ops_origin *origin, const ops_request *rq,
                         ops_sent_cb cb, void *ctx)
{
    ops_send *s = xcalloc(1, sizeof *s);
    s->origin = *origin;
    s->cmd = rq->cmd;
    s->target_id = copy_or_null(rq->target_id);
    s->target_name = copy_or_null(rq->target_name);
    s->params = api_command_body(rq->cmd->path, rq->params, rq->nparams);
    s->sent_wall = time_now();
    s->cb = cb;
    s->ctx = ctx;
    /* Sent now, never behind a read, never re-sent; the answer always
     * arrives later, from the loop. */
    s->req = api_command(api, rq->cmd->path, rq->params, rq->nparams, on_answer, s);
    return s;
}

void ops_send_abandon(ops_send *s, const char *why)
{
    if (s->req)
        api_cancel(s->req);
    audit(s, AUDIT_UNKNOWN, 0, why, -1, true);
    send_free(s);
}
