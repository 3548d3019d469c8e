#include "cli/session.h"

#include <stdio.h>
#include <string.h>

int cli_exit_for_error(api_error_kind kind)
{
    switch (kind) {
    case API_OK:
        return CLI_EXIT_OK;
    case API_ERR_DNS:
    case API_ERR_CONNECT:
    case API_ERR_TLS:
    case API_ERR_AUTH:
    case API_ERR_FORBIDDEN:
    case API_ERR_TIMEOUT:
    case API_ERR_HTML:
    case API_ERR_NETWORK:
        return CLI_EXIT_CONNECT;
    case API_ERR_READ_ONLY:
        return CLI_EXIT_USAGE;
    default:
        return CLI_EXIT_REFUSED;
    }
}

int cli_report_error(const char *what, const api_error *err)
{
    /* api messages are one line and already sanitized. */
    fprintf(stderr, "pexcon: %s: %s\n", what,
            err->message[0] ? err->message : api_error_kind_name(err->kind));
    return cli_exit_for_error(err->kind);
}

int cli_session_open(cli_session *s, const pexcon_config *cfg)
{
    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    if (!cfg->url || !cfg->url[0]) {
        fprintf(stderr, "pexcon: no Management Node: give --url URL or a profile with url\n");
        return CLI_EXIT_USAGE;
    }
    int rc = uv_loop_init(&s->loop);
    if (rc != 0) {
        fprintf(stderr, "pexcon: cannot start the event loop: %s\n", uv_strerror(rc));
        return CLI_EXIT_REFUSED;
    }
    s->loop_ready = true;
    strbuf err = STRBUF_INIT;
    s->client = api_client_new(&s->loop, cfg, &err);
    if (!s->client) {
        fprintf(stderr, "pexcon: %s\n", err.len ? sb_str(&err) : "cannot create the client");
        sb_free(&err);
        cli_session_close(s);
        return CLI_EXIT_USAGE;
    }
    sb_free(&err);
    return CLI_EXIT_OK;
}

void cli_session_close(cli_session *s)
{
    if (s->command_client) {
        api_client_free(s->command_client);
        s->command_client = NULL;
    }
    if (s->client) {
        api_client_free(s->client);
        s->client = NULL;
    }
    if (s->loop_ready) {
        /* Let the engine's handles finish closing before the loop goes. */
        uv_run(&s->loop, UV_RUN_DEFAULT);
        uv_loop_close(&s->loop);
        s->loop_ready = false;
    }
}

typedef struct list_wait {
    bool done;
    cli_list_result *res;
    cli_page_fn on_page; /* paged listings */
    void *page_ctx;
} list_wait;

static void on_list_page(const api_list_page *page, void *ctx)
{
    list_wait *w = ctx;
    w->on_page(page->objects, w->page_ctx);
}

static void on_list_done(const api_list_result *r, void *ctx)
{
    list_wait *w = ctx;
    w->done = true;
    w->res->error = r->error;
    w->res->total_count = r->total_count;
    if (r->error.kind == API_OK && r->objects) {
        json_decref(w->res->objects);
        w->res->objects = json_incref(r->objects);
    }
}

/* Run the loop until `*done`; the client keeps it alive while a request is
 * pending, so uv_run returns once everything has been answered. */
void cli_session_wait(cli_session *s, const bool *done)
{
    while (!*done) {
        if (uv_run(&s->loop, UV_RUN_ONCE) == 0 && !*done)
            break;
    }
}

static int list_wait_for(cli_session *s, const char *resource, const api_param *params,
                         size_t nparams, list_wait *w)
{
    cli_list_result *res = w->res;
    memset(res, 0, sizeof *res);
    res->objects = json_array();
    res->total_count = -1;
    if (w->on_page)
        api_list_paged(s->client, resource, params, nparams, on_list_page, on_list_done, w);
    else
        api_list(s->client, resource, params, nparams, on_list_done, w);
    cli_session_wait(s, &w->done);
    if (!w->done) {
        res->error.kind = API_ERR_NETWORK;
        snprintf(res->error.message, sizeof res->error.message, "no answer (request lost)");
    }
    return cli_exit_for_error(res->error.kind);
}

int cli_list(cli_session *s, const char *resource, const api_param *params, size_t nparams,
             cli_list_result *res)
{
    list_wait w = {.res = res};
    return list_wait_for(s, resource, params, nparams, &w);
}

int cli_list_paged(cli_session *s, const char *resource, const api_param *params, size_t nparams,
                   cli_page_fn on_page, void *page_ctx, cli_list_result *res)
{
    list_wait w = {.res = res, .on_page = on_page, .page_ctx = page_ctx};
    return list_wait_for(s, resource, params, nparams, &w);
}

typedef struct get_wait {
    bool done;
    json_t *json;
    api_error error;
} get_wait;

static void on_get_done(const api_get_result *r, void *ctx)
{
    get_wait *w = ctx;
    w->done = true;
    w->error = r->error;
    if (r->error.kind == API_OK && r->json)
        w->json = json_incref(r->json);
}

int cli_get_object(cli_session *s, const char *path, json_t **json_out, api_error *err)
{
    get_wait w = {0};
    *json_out = NULL;
    api_get(s->client, path, on_get_done, &w);
    cli_session_wait(s, &w.done);
    if (!w.done) {
        w.error.kind = API_ERR_NETWORK;
        snprintf(w.error.message, sizeof w.error.message, "no answer (request lost)");
    }
    *err = w.error;
    *json_out = w.json;
    return cli_exit_for_error(err->kind);
}

api_client *cli_command_client(cli_session *s)
{
    if (!s->command_client) {
        strbuf err = STRBUF_INIT;
        s->command_client = api_client_new(&s->loop, s->cfg, &err);
        sb_free(&err);
    }
    return s->command_client ? s->command_client : s->client;
}
