/* Commands: JSON POSTs with typed values, sent at once, never retried. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/internal.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/xmalloc.h"

#define COMMAND_ROOT "/api/admin/command/v1/"

/* The types of the command fields that are not strings, from the
 * schemas of command/v1 (pexip-api-fields.md). Everything else is a string. */
typedef struct field_type {
    const char *command; /* NULL: any command */
    const char *field;
    api_field_type type;
} field_type;

static const field_type field_types[] = {
    {"conference/transform_layout", "enable_overlay_text", API_FIELD_BOOL},
    {"conference/transform_layout", "plus_n_pip_enabled", API_FIELD_BOOL},
    {"conference/transform_layout", "recording_indicator", API_FIELD_BOOL},
    {"conference/transform_layout", "streaming_indicator", API_FIELD_BOOL},
    {"conference/transform_layout", "transcribing_indicator", API_FIELD_BOOL},
    {"conference/transform_layout", "live_captions_indicator", API_FIELD_BOOL},
    {"conference/transform_layout", "ai_enabled_indicator", API_FIELD_BOOL},
    {"participant/dial", "streaming", API_FIELD_BOOL},
    {"conference/send_conference_email", "conference_id", API_FIELD_INT},
    {"conference/send_conference_email", "conference_sync_template_id", API_FIELD_INT},
    {"conference/send_device_email", "conference_sync_template_id", API_FIELD_INT},
    {"conference/send_device_email", "device_id", API_FIELD_INT},
    {"platform/backup_create", "request", API_FIELD_BOOL},
    {"platform/snapshot", "request", API_FIELD_BOOL},
    {"platform/snapshot", "include_diagnostic_metrics", API_FIELD_BOOL},
    {"platform/snapshot", "limit", API_FIELD_INT},
    {"platform/snapshot", "end_limit", API_FIELD_INT},
    {"platform/upgrade", "request", API_FIELD_BOOL},
    {"platform/upgrade", "total_size", API_FIELD_INT},
};

/* "participant/mute/" or "/api/admin/command/v1/participant/mute/" -> the
 * length of "participant/mute" starting at *name. */
static size_t command_name(const char **name)
{
    const char *n = *name ? *name : "";
    if (strncmp(n, COMMAND_ROOT, strlen(COMMAND_ROOT)) == 0)
        n += strlen(COMMAND_ROOT);
    size_t len = strlen(n);
    while (len > 0 && n[len - 1] == '/')
        len--;
    *name = n;
    return len;
}

api_field_type api_command_field_type(const char *command, const char *field)
{
    size_t len = command_name(&command);
    for (size_t i = 0; field && i < sizeof field_types / sizeof field_types[0]; i++) {
        const field_type *t = &field_types[i];
        if (strcmp(t->field, field) == 0 && strlen(t->command) == len &&
            strncmp(t->command, command, len) == 0)
            return t->type;
    }
    return API_FIELD_STRING;
}

/* A value in its field's type; a value that does not read as that type is
 * sent as the string given (the server's validation then says what is wrong). */
static json_t *typed_value(api_field_type type, const char *value)
{
    if (type == API_FIELD_BOOL) {
        if (!strcasecmp(value, "true") || !strcmp(value, "1") || !strcasecmp(value, "yes") ||
            !strcasecmp(value, "on"))
            return json_true();
        if (!strcasecmp(value, "false") || !strcmp(value, "0") || !strcasecmp(value, "no") ||
            !strcasecmp(value, "off"))
            return json_false();
    } else if (type == API_FIELD_INT) {
        char *end = NULL;
        errno = 0;
        long long n = strtoll(value, &end, 10);
        if (*value && end && *end == '\0' && errno == 0)
            return json_integer(n);
    }
    return json_string(value);
}

json_t *api_command_body(const char *command, const api_param *params, size_t nparams)
{
    json_t *body = json_object();
    if (!body)
        abort();
    for (size_t i = 0; i < nparams; i++) {
        if (!params[i].key || !params[i].value)
            continue;
        json_t *v = typed_value(api_command_field_type(command, params[i].key), params[i].value);
        if (!v || json_object_set_new(body, params[i].key, v) != 0)
            abort(); /* out of memory */
    }
    return body;
}

/* "Failed to find participant." / "Failed to find conference." in the
 * validation answer a node gives for an object that has just gone. */
static bool names_a_vanished_object(const json_t *body)
{
    if (!json_is_object(body))
        return false;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        if (json_is_object(v) && names_a_vanished_object(v))
            return true;
        if (strcmp(key, "participant_id") != 0 && strcmp(key, "conference_id") != 0)
            continue;
        for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++) {
            const char *s = json_string_value(json_array_get(v, i));
            if (s && strncasecmp(s, "Failed to find", 14) == 0)
                return true;
        }
        const char *s = json_string_value(v);
        if (s && strncasecmp(s, "Failed to find", 14) == 0)
            return true;
    }
    return false;
}

static bool is_unknown_outcome(const net_response *resp)
{
    if (!resp->request_sent)
        return false;
    switch (resp->failure) {
    case NET_FAIL_DNS:
    case NET_FAIL_CONNECT:
    case NET_FAIL_TLS:
    case NET_OK:
        return false;
    default:
        return true; /* timeout, dropped, truncated, too large, other */
    }
}

void api_command_parse(const net_response *resp, api_command_result *res)
{
    json_t *json = NULL;
    res->http_status = resp->status;
    res->latency = resp->elapsed;
    res->accepted = false;
    res->target_gone = false;
    res->data = NULL;
    res->body = NULL;
    res->message[0] = '\0';
    api_classify(resp, &res->error, &json);
    res->body = json;

    if (resp->failure != NET_OK) {
        res->unknown_outcome = is_unknown_outcome(resp);
        if (res->unknown_outcome)
            textf(res->message, sizeof res->message,
                  "outcome unknown: %s; the command may or may not have been carried out, "
                  "check before trying again",
                  res->error.message);
        else
            textf(res->message, sizeof res->message, "%s", res->error.message);
        return;
    }

    char said[sizeof res->message];
    bool has = api_server_message(json, said, sizeof said);
    if (res->error.kind != API_OK) {
        textf(res->message, sizeof res->message, "%s", has ? said : res->error.message);
        res->target_gone =
            resp->status == 404 || (resp->status == 400 && names_a_vanished_object(json));
        return;
    }
    const char *status = jget_str(json, "status");
    json_t *data = json_object_get(json, "data");
    res->data = data && !json_is_null(data) ? data : NULL;
    if (status && strcasecmp(status, "error") == 0) {
        res->error.kind = API_ERR_BAD_REQUEST;
        textf(res->error.message, sizeof res->error.message, "the server refused: %s",
              has ? said : "no reason given");
        textf(res->message, sizeof res->message, "%s",
              has ? said : "the server reported an error without a message");
        return;
    }
    res->accepted = true;
    if (has)
        textf(res->message, sizeof res->message, "%s", said);
}

static void command_done(const net_response *resp, void *ctx)
{
    api_request *r = ctx;
    r->net = NULL;
    api_command_result res = {0};
    res.command = r->command;
    api_command_parse(resp, &res);
    r->finished = true;
    if (r->command_cb)
        r->command_cb(&res, r->ctx);
    json_decref(res.body);
    api_request_release(r);
}

/* A command that never left: read-only mode or no transfer could start. */
static void command_refused_later(uv_timer_t *t)
{
    api_request *r = t->data;
    api_command_result res = {0};
    res.command = r->command;
    res.error = r->local_error;
    textf(res.message, sizeof res.message, "%s", r->local_error.message);
    r->finished = true;
    if (r->command_cb)
        r->command_cb(&res, r->ctx);
    api_request_release(r);
}

static void refuse(api_request *r, api_error_kind kind, const char *msg)
{
    r->local_error.kind = kind;
    textf(r->local_error.message, sizeof r->local_error.message, "%s", msg);
    api_request_later(r, 0, command_refused_later);
}

api_request *api_command(api_client *c, const char *command, const api_param *params,
                         size_t nparams, api_command_cb cb, void *ctx)
{
    api_request *r = api_request_new(c, API_REQ_COMMAND, ctx);
    r->command_cb = cb;
    /* The name without the root or slashes ("participant/dial"); the path
     * always ends in '/', as the API's URLs do. */
    const char *name = command;
    size_t name_len = command_name(&name);
    r->command = xstrndup(name, name_len);
    strbuf path = STRBUF_INIT;
    if (command && command[0] == '/' && name == command)
        sb_append(&path, command); /* some other full path: used as given */
    else
        sb_printf(&path, COMMAND_ROOT "%.*s/", (int)name_len, name);
    json_t *body = api_command_body(r->command, params, nparams);
    r->body = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    r->path = sb_steal(&path);
    if (c->opts.read_only) {
        refuse(r, API_ERR_READ_ONLY, "read-only mode: commands are disabled");
        return r;
    }
    r->net =
        net_post(c->net, r->path, "application/json", r->body, strlen(r->body), command_done, r);
    if (!r->net)
        refuse(r, API_ERR_NETWORK, "could not start the request");
    return r;
}
