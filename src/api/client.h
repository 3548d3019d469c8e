/* The Management API client: listings (paged), single GETs, and the error
 * vocabulary every caller shows to the user. Built on net/http.h and driven
 * by the caller's libuv loop: every function returns at once and reports
 * through a callback from inside uv_run(). Nothing here blocks.
 *
 * Batch mode pattern:
 *   api_client *c = api_client_new(loop, cfg, &err);
 *   api_list(c, API_STATUS_PARTICIPANT, NULL, 0, on_list, &state);
 *   uv_run(loop, UV_RUN_DEFAULT);      // returns when all callbacks ran
 *   api_client_free(c);
 *   uv_run(loop, UV_RUN_DEFAULT);      // lets handles close
 *   uv_loop_close(loop);
 *
 * Reads (GET) are retried: up to 3 attempts, backoff 0.5 s, 1 s (±25%
 * jitter), or the server's Retry-After on 429 (capped). Not retried: DNS,
 * TLS, 4xx other than 429, HTML pages, oversize bodies. Commands (POST, see
 * api/commands.h) are never retried.
 *
 * Every message is one line, safe for a terminal (server text is
 * sanitized), and never contains credentials. */
#ifndef PEXCON_API_CLIENT_H
#define PEXCON_API_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "common/strbuf.h"
#include "config/config.h"
#include "net/http.h"

typedef enum api_error_kind {
    API_OK = 0,
    API_ERR_DNS,          /* host name does not resolve */
    API_ERR_CONNECT,      /* connection refused / unreachable */
    API_ERR_TLS,          /* certificate or handshake problem (mentions --ca-file) */
    API_ERR_AUTH,         /* 401: "authentication failed: check user/password" */
    API_ERR_FORBIDDEN,    /* 403 */
    API_ERR_NOT_FOUND,    /* 404 */
    API_ERR_RATE_LIMITED, /* 429 after retries */
    API_ERR_SERVER,       /* 5xx, with the server's error_message/error if any */
    API_ERR_TIMEOUT,      /* connect or request timeout */
    API_ERR_HTML,         /* an HTML page (or redirect) instead of JSON: SSO/proxy login */
    API_ERR_BAD_JSON,     /* malformed, truncated, or not the expected shape */
    API_ERR_TOO_LARGE,    /* body over the size cap; transfer aborted */
    API_ERR_BAD_REQUEST,  /* 400 and other 4xx, with the server's message */
    API_ERR_CANCELLED,    /* cancelled by the caller / shutting down */
    API_ERR_NETWORK,      /* connection dropped mid-exchange, other transport error */
    API_ERR_READ_ONLY,    /* a command refused locally: read_only is set */
    API_ERR_KIND_COUNT
} api_error_kind;

typedef struct api_error {
    api_error_kind kind;
    long http_status;   /* 0 when no HTTP response */
    char message[256];  /* one line, sanitized; "" when kind == API_OK */
    double retry_after; /* seconds the server asked to wait (429, 503); <= 0: none */
} api_error;

/* Stable upper-case name of a kind: "OK", "DNS", "CONNECT", "TLS", "AUTH",
 * "FORBIDDEN", "NOT_FOUND", "RATE_LIMITED", "SERVER", "TIMEOUT", "HTML",
 * "BAD_JSON", "TOO_LARGE", "BAD_REQUEST", "CANCELLED", "NETWORK", "READ_ONLY". */
const char *api_error_kind_name(api_error_kind kind);

/* Classify a finished transfer (pure; unit-tested). On return, err->kind is
 * API_OK only for a 2xx answer; *json_out (when not NULL) receives the
 * parsed body for 2xx JSON answers and also for error answers that carry
 * JSON (new reference, or NULL). A 2xx body that is empty gives API_OK with
 * *json_out NULL; a 2xx body that is HTML gives API_ERR_HTML; a 2xx body that
 * does not parse gives API_ERR_BAD_JSON. */
void api_classify(const net_response *resp, api_error *err, json_t **json_out);

/* Client tuning; zero fields take the defaults shown. */
typedef struct api_opts {
    int page_size;            /* listing page size, default 500 */
    int read_attempts;        /* total tries for a read, default 3 */
    double backoff_initial_s; /* first retry delay, default 0.5 (doubles) */
    double retry_after_max_s; /* longest Retry-After honoured, default 60 */
    bool read_only;           /* refuse commands locally */
    /* How a paged listing takes a large page (64 KB or more): at once
     * (batch mode: the next page is asked for while it is printed), or on a
     * turn of the loop of its own so that no two pages hold the loop
     * together (the console), parsed on the loop or in libuv's thread pool
     * (the console: the loop only merges). */
    enum { API_PAGES_AT_ONCE, API_PAGES_OWN_TURN, API_PAGES_IN_POOL } large_pages;
} api_opts;

typedef struct api_client api_client;
typedef struct api_request api_request;

/* A client from the loaded configuration (url, user, password, ca_file,
 * insecure, timeout_s, page_size, read_only). NULL + message on failure. */
api_client *api_client_new(uv_loop_t *loop, const pexcon_config *cfg, strbuf *err);
/* Change how large pages are taken (api_opts.large_pages). */
void api_client_set_large_pages(api_client *c, int mode);

/* A client from explicit options (tests, tools). `aopts` may be NULL. */
/* A client over an engine made elsewhere (a fake one in tests); owns it. */
api_client *api_client_new_on(uv_loop_t *loop, net_engine *engine, const api_opts *aopts);
api_client *api_client_new_with(uv_loop_t *loop, const net_opts *nopts, const api_opts *aopts,
                                strbuf *err);

/* Cancel everything pending (no callbacks) and release the client. Run the
 * loop afterwards so handles close. Not from inside an api callback. */
void api_client_free(api_client *client);

net_engine *api_client_net(api_client *client);
uv_loop_t *api_client_loop(api_client *client);
int api_client_page_size(const api_client *client);
bool api_client_read_only(const api_client *client);

/* Cancel a pending listing, get or command: its callback will not run.
 * Invalid after the callback ran. */
void api_cancel(api_request *req);

/* One query parameter, given unencoded (the client URL-encodes it). */
typedef struct api_param {
    const char *key; /* "name__icontains", "order_by", "conference", ... */
    const char *value;
} api_param;

/* ---- listings ---- */

typedef struct api_list_result {
    api_error error;       /* kind API_OK when every page arrived */
    json_t *objects;       /* array of the objects (borrowed: json_incref to keep);
                              on error: the pages that did arrive, never NULL */
    size_t pages;          /* pages received */
    long long total_count; /* meta.total_count of the last page, -1 if absent */
    int page_limit;        /* meta.limit granted by the server (may be < asked), -1 */
    size_t skipped;        /* entries of `objects` that were not objects */
    size_t duplicates;     /* objects seen twice (same id); the later copy kept
                              (api_list_paged: the first copy kept) */
    int retries;           /* read retries spent over all pages */
    double elapsed;        /* seconds, whole listing */
} api_list_result;

typedef void (*api_list_cb)(const api_list_result *res, void *ctx);

/* Fetch every page of a listing, one page after the other on a kept-alive
 * connection (the next page is requested as soon as its link is known, while
 * the current one is being parsed). Objects that are not JSON objects are
 * skipped; an id seen twice (rows shifting between pages) is kept once; a
 * meta.next that loops ends the listing with API_ERR_BAD_JSON. `resource` is relative to
 * /api/admin/
 * ("status/v1/participant/", see api/resources.h) or a full server path
 * ("/api/admin/..."). `params` are filters (field__op=value) and order_by;
 * "limit"/"offset" in params are ignored (the client pages itself). Never
 * NULL: a request that cannot start fails through `cb`. */
api_request *api_list(api_client *client, const char *resource, const api_param *params,
                      size_t nparams, api_list_cb cb, void *ctx);

/* One page of a paged listing, as soon as it is parsed. */
typedef struct api_list_page {
    const json_t *objects; /* the page's objects not seen on an earlier page, in the
                              server's order (borrowed: valid during the callback only) */
    size_t page;           /* 1-based page number */
    long long total_count; /* latest meta.total_count seen, -1 if none yet */
    int page_limit;        /* latest meta.limit granted by the server, -1 if none yet */
} api_list_page;

typedef void (*api_list_page_cb)(const api_list_page *page, void *ctx);

/* The same listing, handed over page by page so that a caller can print
 * and drop each page instead of holding the whole collection: the same
 * paging, retries, prefetch and meta.next checks as api_list(). An id seen
 * on an earlier page is dropped (the first copy wins, as it has already
 * been handed over; counted in `duplicates`); only the ids are kept. Then
 * `on_done` runs once, as for api_list(), except that its `objects` is
 * always an empty array. `on_page` may call api_cancel() on this request
 * (neither callback then runs again). On an error after some pages, those
 * pages have been handed over already. NULL only when `on_page` is NULL. */
api_request *api_list_paged(api_client *client, const char *resource, const api_param *params,
                            size_t nparams, api_list_page_cb on_page, api_list_cb on_done,
                            void *ctx);

/* ---- single objects ---- */

typedef struct api_get_result {
    api_error error;
    json_t *json; /* parsed body (borrowed), NULL on error or empty body */
    int retries;
    double elapsed;
} api_get_result;

typedef void (*api_get_cb)(const api_get_result *res, void *ctx);

/* GET one resource ("status/v1/conference/<id>/" or a full path), retried
 * like every read. Never NULL. */
api_request *api_get(api_client *client, const char *path, api_get_cb cb, void *ctx);

/* ---- pure helpers (unit-tested) ---- */

/* "/api/admin/" + resource unless it already starts with '/'. */
void api_resource_path(strbuf *out, const char *resource);

/* path?limit=N&k=v... (params URL-encoded; limit/offset keys skipped). */
void api_build_list_path(strbuf *out, const char *resource, int limit, const api_param *params,
                         size_t nparams);

/* meta.next as a server path to request next, or NULL when the listing is
 * complete (next null, absent, empty or not a string). Absolute URLs are
 * reduced to their path. Caller frees. */
char *api_next_path(const json_t *meta);

/* The server's own explanation in an answer body, sanitized, one line:
 * `message`, `error`, `error_message` or `detail` strings, or a validation
 * shape {"<command>": {"<field>": ["msg", ...]}} / {"<field>": ["msg"]}
 * flattened to "field: msg; field2: msg". Returns false (buf = "") when the
 * body says nothing usable. */
bool api_server_message(const json_t *body, char *buf, size_t size);

/* Whether a failed read of this kind is worth another attempt. */
bool api_error_retryable(api_error_kind kind);

/* The retry delay in seconds before attempt `attempt` (1 = first retry)
 * with the server's Retry-After (-1 when none) and a jitter factor in
 * [0,1) (0.5 = none). */
double api_retry_delay(double backoff_initial_s, int attempt, double retry_after, double jitter);

#endif
