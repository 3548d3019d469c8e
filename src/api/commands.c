/* Command wrappers: form-encoded POSTs, sent at once, never retried. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/internal.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"

#define COMMAND_ROOT "/api/admin/command/v1/"

/* snprintf that may truncate on purpose (messages are display text). */
static void textf(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void textf(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

void api_command_form(strbuf *out, const api_param *params, size_t nparams)
{
    for (size_t i = 0; i < nparams; i++)
        if (params[i].key && params[i].value)
            net_form_add(out, params[i].key, params[i].value);
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
    if (!r)
        return NULL;
    r->command_cb = cb;
    /* The name without the root or slashes ("participant/dial"); the path
     * always ends in '/', as the API's URLs do. */
    const char *name = command ? command : "";
    if (strncmp(name, COMMAND_ROOT, strlen(COMMAND_ROOT)) == 0)
        name += strlen(COMMAND_ROOT);
    size_t name_len = strlen(name);
    while (name_len > 0 && name[name_len - 1] == '/')
        name_len--;
    r->command = strndup(name, name_len);
    strbuf path = STRBUF_INIT, form = STRBUF_INIT;
    if (command && command[0] == '/' && name == command)
        sb_append(&path, command); /* some other full path: used as given */
    else
        sb_printf(&path, COMMAND_ROOT "%.*s/", (int)name_len, name);
    api_command_form(&form, params, nparams);
    r->path = sb_steal(&path);
    r->form = sb_steal(&form);
    if (!r->command) {
        refuse(r, API_ERR_NETWORK, "out of memory");
        return r;
    }
    if (c->opts.read_only) {
        refuse(r, API_ERR_READ_ONLY, "read-only mode: commands are disabled");
        return r;
    }
    r->net = net_post(c->net, r->path, "application/x-www-form-urlencoded", r->form,
                      strlen(r->form), command_done, r);
    if (!r->net)
        refuse(r, API_ERR_NETWORK, "could not start the request");
    return r;
}

/* ---- typed wrappers ---- */

static api_request *one_id(api_client *c, const char *command, const char *key, const char *id,
                           api_command_cb cb, void *ctx)
{
    api_param p[] = {{key, id ? id : ""}};
    return api_command(c, command, p, 1, cb, ctx);
}

api_request *api_participant_disconnect(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "participant/disconnect/", "participant_id", id, cb, ctx);
}

api_request *api_participant_mute(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "participant/mute/", "participant_id", id, cb, ctx);
}

api_request *api_participant_unmute(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "participant/unmute/", "participant_id", id, cb, ctx);
}

api_request *api_participant_unlock(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "participant/unlock/", "participant_id", id, cb, ctx);
}

api_request *api_participant_transfer(api_client *c, const char *id, const char *alias,
                                      const char *role, api_command_cb cb, void *ctx)
{
    api_param p[] = {
        {"participant_id", id ? id : ""},
        {"conference_alias", alias ? alias : ""},
        {"role", role},
    };
    return api_command(c, "participant/transfer/", p, role ? 3 : 2, cb, ctx);
}

api_request *api_participant_role(api_client *c, const char *id, const char *role,
                                  api_command_cb cb, void *ctx)
{
    api_param p[] = {{"participant_id", id ? id : ""}, {"role", role ? role : ""}};
    return api_command(c, "participant/role/", p, 2, cb, ctx);
}

api_request *api_conference_lock(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "conference/lock/", "conference_id", id, cb, ctx);
}

api_request *api_conference_unlock(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "conference/unlock/", "conference_id", id, cb, ctx);
}

api_request *api_conference_mute_guests(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "conference/mute_guests/", "conference_id", id, cb, ctx);
}

api_request *api_conference_unmute_guests(api_client *c, const char *id, api_command_cb cb,
                                          void *ctx)
{
    return one_id(c, "conference/unmute_guests/", "conference_id", id, cb, ctx);
}

api_request *api_conference_disconnect(api_client *c, const char *id, api_command_cb cb, void *ctx)
{
    return one_id(c, "conference/disconnect/", "conference_id", id, cb, ctx);
}

/* A growing list of form fields for the wide commands. */
typedef struct param_list {
    api_param items[48];
    size_t n;
} param_list;

static void add_str(param_list *l, const char *key, const char *value)
{
    if (value && l->n < sizeof l->items / sizeof l->items[0])
        l->items[l->n++] = (api_param){key, value};
}

static void add_bool(param_list *l, const char *key, int value)
{
    if (value != API_UNSET)
        add_str(l, key, value ? "true" : "false");
}

static void add_extra(param_list *l, const api_param *extra, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add_str(l, extra[i].key, extra[i].value);
}

api_dial_args api_dial_args_init(const char *conference_alias, const char *destination)
{
    api_dial_args a = {0};
    a.conference_alias = conference_alias;
    a.destination = destination;
    a.streaming = API_UNSET;
    return a;
}

api_request *api_participant_dial(api_client *c, const api_dial_args *a, api_command_cb cb,
                                  void *ctx)
{
    param_list l = {.n = 0};
    add_str(&l, "conference_alias", a->conference_alias);
    add_str(&l, "destination", a->destination);
    add_str(&l, "role", a->role);
    add_str(&l, "protocol", a->protocol);
    add_str(&l, "routing", a->routing);
    add_str(&l, "system_location", a->system_location);
    add_str(&l, "node", a->node);
    add_str(&l, "remote_display_name", a->remote_display_name);
    add_str(&l, "local_display_name", a->local_display_name);
    add_str(&l, "call_type", a->call_type);
    add_str(&l, "presentation_url", a->presentation_url);
    add_str(&l, "dtmf_sequence", a->dtmf_sequence);
    add_str(&l, "custom_sip_headers", a->custom_sip_headers);
    add_str(&l, "keep_conference_alive", a->keep_conference_alive);
    add_bool(&l, "streaming", a->streaming);
    add_extra(&l, a->extra, a->nextra);
    return api_command(c, "participant/dial/", l.items, l.n, cb, ctx);
}

api_layout_args api_layout_args_init(const char *conference_id)
{
    api_layout_args a = {0};
    a.conference_id = conference_id;
    a.enable_overlay_text = API_UNSET;
    a.plus_n_pip_enabled = API_UNSET;
    a.recording_indicator = API_UNSET;
    a.streaming_indicator = API_UNSET;
    a.transcribing_indicator = API_UNSET;
    a.live_captions_indicator = API_UNSET;
    a.ai_enabled_indicator = API_UNSET;
    return a;
}

api_request *api_conference_transform_layout(api_client *c, const api_layout_args *a,
                                             api_command_cb cb, void *ctx)
{
    param_list l = {.n = 0};
    add_str(&l, "conference_id", a->conference_id ? a->conference_id : "");
    add_str(&l, "layout", a->layout);
    add_str(&l, "host_layout", a->host_layout);
    add_str(&l, "guest_layout", a->guest_layout);
    add_bool(&l, "enable_overlay_text", a->enable_overlay_text);
    add_str(&l, "free_form_overlay_text", a->free_form_overlay_text);
    add_bool(&l, "plus_n_pip_enabled", a->plus_n_pip_enabled);
    add_bool(&l, "recording_indicator", a->recording_indicator);
    add_bool(&l, "streaming_indicator", a->streaming_indicator);
    add_bool(&l, "transcribing_indicator", a->transcribing_indicator);
    add_bool(&l, "live_captions_indicator", a->live_captions_indicator);
    add_bool(&l, "ai_enabled_indicator", a->ai_enabled_indicator);
    add_extra(&l, a->extra, a->nextra);
    return api_command(c, "conference/transform_layout/", l.items, l.n, cb, ctx);
}
