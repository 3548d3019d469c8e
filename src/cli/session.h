/* Batch mode's connection to the Management Node: one libuv loop and one
 * api_client, with blocking-style helpers that start a request and run the
 * loop until it is answered. Batch mode does one thing at a time, so this
 * keeps its code linear; the network itself stays non-blocking underneath. */
#ifndef PEXCON_CLI_SESSION_H
#define PEXCON_CLI_SESSION_H

#include "api/client.h"
#include "api/commands.h"
#include "config/config.h"

#include <jansson.h>
#include <uv.h>

/* Exit codes of batch mode. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_REFUSED = 1, /* the server refused or failed */
    CLI_EXIT_USAGE = 2,   /* usage error, unknown or ambiguous name, read-only */
    CLI_EXIT_CONNECT = 3, /* connection, TLS or authentication failure */
    CLI_EXIT_UNKNOWN = 4, /* a command was sent but its outcome is unknown: check first */
};

typedef struct cli_session {
    uv_loop_t loop;
    bool loop_ready;
    api_client *client;         /* reads */
    api_client *command_client; /* the one command, on a connection of its own */
    const pexcon_config *cfg;
} cli_session;

/* Exit code for a failed request of this kind. */
int cli_exit_for_error(api_error_kind kind);

/* Print "pexcon: <what>: <message>" to stderr and return the exit code. */
int cli_report_error(const char *what, const api_error *err);

/* Returns an exit code (0 = ready); prints the reason on failure. */
int cli_session_open(cli_session *s, const pexcon_config *cfg);
void cli_session_close(cli_session *s);

typedef struct cli_list_result {
    api_error error;
    json_t *objects;       /* owned; an empty array on error */
    long long total_count; /* -1 when the server did not say */
} cli_list_result;

/* Fetch every page of a listing. Returns 0 or the exit code of the error
 * (res->error says which). Free res->objects with json_decref. */
int cli_list(cli_session *s, const char *resource, const api_param *params, size_t nparams,
             cli_list_result *res);

/* Called with each page's new objects (borrowed) as soon as it arrives. */
typedef void (*cli_page_fn)(const json_t *objects, void *ctx);

/* Fetch every page of a listing, handing each page to `on_page` and then
 * dropping it (see api_list_paged: an id already handed over is not handed
 * over again). Returns 0 or the exit code of the error, which may come
 * after some pages went out; res->objects is an empty array. */
int cli_list_paged(cli_session *s, const char *resource, const api_param *params, size_t nparams,
                   cli_page_fn on_page, void *page_ctx, cli_list_result *res);

/* GET one object. *json_out: owned, NULL on error. Returns 0 or an exit
 * code. */
int cli_get_object(cli_session *s, const char *path, json_t **json_out, api_error *err);

/* Run the loop until `*done` (or nothing is left to wait for). */
void cli_session_wait(cli_session *s, const bool *done);

/* The client a command goes out on: a connection of its own, fresh.
 * libcurl silently re-sends a request that went out on a reused keep-alive
 * connection which died without answering, and a command must never be
 * sent twice. When it cannot be made, the session's own client. */
api_client *cli_command_client(cli_session *s);

#endif
