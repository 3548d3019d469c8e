/* HTTP transport: libcurl's multi interface driven by a caller-owned libuv
 * loop. No blocking transfers, no threads of our own, no polling loops.
 *
 * - Connections are kept alive and reused (HTTP/1.1).
 * - GETs ("reads") are queued so that at most `max_reads_in_flight` run at
 *   once (default 5); POSTs ("commands") bypass that queue and start at once
 *   on a fresh connection of their own, even while reads are stalled (a
 *   fresh connection also stops libcurl from silently resending a command
 *   whose reused connection turned out dead).
 * - Requests are never retried here (see api/client.h for read retries).
 * - Credentials are never logged; CURLOPT_VERBOSE is never enabled.
 *   PEXCON_NET_TRACE=1 prints one line per request (method, path, status,
 *   sizes, timings) to stderr for diagnosis.
 * - Name resolution uses libcurl's own resolver (its threaded resolver, if
 *   built so); pexcon itself starts no threads.
 *
 * Callbacks run on the loop thread from within uv_run(). A callback may start
 * new requests or cancel other ones; it must not free the engine.
 *
 * Typical use:
 *   net_engine *e = net_engine_new(loop, &opts, &err);
 *   net_get(e, "/api/admin/status/v1/conference/?limit=500", on_done, ctx);
 *   uv_run(loop, UV_RUN_DEFAULT);   // returns once no request is pending
 *   net_engine_free(e);
 *   uv_run(loop, UV_RUN_DEFAULT);   // lets the engine's handles close
 */
#ifndef PEXCON_NET_HTTP_H
#define PEXCON_NET_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "common/strbuf.h"

#define NET_DEFAULT_TIMEOUT_S 30.0
#define NET_DEFAULT_CONNECT_TIMEOUT_S 10.0
#define NET_DEFAULT_MAX_BODY ((size_t)64 * 1024 * 1024)
#define NET_DEFAULT_MAX_READS 5

typedef struct net_opts {
    const char *base_url;     /* "https://host[:port]"; request paths are appended */
    const char *user;         /* NULL: none (netrc may supply one) */
    const char *password;     /* NULL: look in netrc (net_netrc_lookup) */
    const char *netrc_file;   /* NULL: $HOME/.netrc */
    const char *ca_file;      /* NULL: system CA store */
    bool insecure;            /* disable certificate and host verification */
    double timeout_s;         /* whole request; 0 = NET_DEFAULT_TIMEOUT_S */
    double connect_timeout_s; /* 0 = min(timeout, NET_DEFAULT_CONNECT_TIMEOUT_S) */
    size_t max_body_bytes;    /* 0 = NET_DEFAULT_MAX_BODY */
    const char *user_agent;   /* NULL = "pexcon/<version>" */
    int max_reads_in_flight;  /* 0 = NET_DEFAULT_MAX_READS */
} net_opts;

/* Why a transfer produced no complete HTTP response. */
typedef enum net_failure {
    NET_OK = 0,         /* a complete response arrived (any HTTP status) */
    NET_FAIL_DNS,       /* host name did not resolve */
    NET_FAIL_CONNECT,   /* refused / unreachable */
    NET_FAIL_TLS,       /* handshake or certificate verification failed */
    NET_FAIL_TIMEOUT,   /* connect or total timeout */
    NET_FAIL_DROPPED,   /* connection closed / reset mid-exchange, empty reply */
    NET_FAIL_TRUNCATED, /* the body ended before its announced length */
    NET_FAIL_TOO_LARGE, /* body exceeded max_body_bytes; transfer aborted */
    NET_FAIL_OTHER,
} net_failure;

typedef enum net_method { NET_GET, NET_POST } net_method;

/* Valid only during the callback; copy what you keep. */
typedef struct net_response {
    net_method method;
    const char *path; /* the path+query that was requested */
    long status;      /* HTTP status, 0 when none was received */
    const char *body; /* NUL-terminated (body_len excludes the NUL); never NULL */
    size_t body_len;
    const char *content_type; /* NULL when absent */
    double retry_after;       /* seconds from Retry-After, -1 when absent */
    net_failure failure;
    int curl_code;     /* raw CURLcode, for diagnostics */
    const char *error; /* libcurl's error text ("" when none); no secrets */
    const char *hint;  /* what the user can do about a TLS failure, or NULL:
                        * never "--ca-file" for a host-name mismatch or when
                        * a CA file was given */
    bool request_sent; /* the request reached the server (outcome may be unknown) */
    double elapsed;    /* seconds from submission to completion, queueing included */
} net_response;

typedef struct net_engine net_engine;
typedef struct net_request net_request;

typedef void (*net_callback)(const net_response *resp, void *ctx);

/* Create an engine on `loop` (not owned). Copies all strings in `opts`.
 * Without a password, the netrc entry for the URL's host (and user, when
 * one is given) supplies it, and the login when no user is given; a netrc
 * that others can read fails the engine. Returns NULL with a message in err
 * (may be NULL) on failure. The engine keeps the loop alive only while
 * requests are pending. */
net_engine *net_engine_new(uv_loop_t *loop, const net_opts *opts, strbuf *err);

/* ---- a fake transport for tests (fake.c) ----
 *
 * An engine that sends nothing: each request is answered by `answer` (its
 * method, path and body in, a reply out) and delivered by
 * net_fake_deliver(), never from inside net_get/net_post, as a real answer
 * would arrive from the loop. A stalled reply waits for net_fake_release().
 * Everything above the engine (paging, classification, retries, the
 * console) runs as it does against a node. */
typedef struct net_fake_reply {
    long status;              /* HTTP status (0 with a failure) */
    const char *content_type; /* NULL: application/json */
    const char *body;         /* copied; NULL: "" */
    net_failure failure;      /* NET_OK, or a transport failure to report */
    bool sent;                /* with a failure: the request had reached the server */
    bool stall;               /* keep it pending until net_fake_release */
    double retry_after;       /* a Retry-After header's seconds; 0: none */
} net_fake_reply;

typedef void (*net_fake_fn)(void *ctx, net_method method, const char *path, const char *body,
                            net_fake_reply *out);

net_engine *net_engine_new_fake(uv_loop_t *loop, int max_reads, net_fake_fn answer, void *ctx);
/* Deliver every answered request that is not stalled (their callbacks run
 * here, and may start new requests, answered by a later call). Returns how
 * many were delivered. */
size_t net_fake_deliver(net_engine *e);
/* Ask the answer function again for the stalled requests whose path starts
 * with `prefix` (NULL: all); those it no longer stalls are answered at the
 * next delivery. Returns how many. */
size_t net_fake_release(net_engine *e, const char *prefix);
/* Requests waiting (answered or stalled) in the fake. */
size_t net_fake_pending(const net_engine *e);

/* Cancel every pending request (their callbacks are not called) and close
 * the engine's handles; the loop must run again for the closes to finish.
 * Must not be called from inside a net callback. NULL is fine. */
void net_engine_free(net_engine *engine);

/* Start a GET of `path_and_query` (starts with '/'; appended to base_url).
 * Queued behind other reads when max_reads_in_flight are running. The
 * callback runs exactly once unless cancelled. NULL (no callback) when the
 * engine is being freed or libcurl refused the transfer; out of memory
 * aborts. */
net_request *net_get(net_engine *engine, const char *path_and_query, net_callback cb, void *ctx);

/* Start a POST at once (never queued). `body` (body_len bytes, may be 0) is
 * copied; content_type e.g. "application/x-www-form-urlencoded". NULL as
 * for net_get. */
net_request *net_post(net_engine *engine, const char *path, const char *content_type,
                      const char *body, size_t body_len, net_callback cb, void *ctx);

/* Abort a pending request; its callback will not run. The handle is invalid
 * afterwards. Must not be called for a request whose callback already ran. */
void net_cancel(net_request *req);

/* Counters, for tests and a status line. */
typedef struct net_stats {
    unsigned long requests_started;
    unsigned long requests_done;
    int reads_in_flight;
    int reads_queued;
    int posts_in_flight;
    int max_reads_in_flight_seen;
} net_stats;
void net_engine_stats(const net_engine *engine, net_stats *out);

/* Pure helpers (unit-tested). */

/* The hint of a NET_FAIL_TLS response (net_response.hint) from libcurl's
 * error text. */
const char *net_tls_hint(const char *curl_error, bool ca_file_given);

/* Map a CURLcode to a failure class. */
net_failure net_failure_from_curl(int curl_code);

/* Build base_url + path: tolerates a trailing '/' on base and a missing
 * leading '/' on path. An absolute "http(s)://..." path is reduced to its
 * path+query (the server's own links are used relative to our base). */
void net_join_url(strbuf *out, const char *base_url, const char *path);

/* The netrc entry for `host` (case-insensitive) and, when `user` is not
 * NULL, that login (an entry without a login serves any user); the
 * `default` entry when no machine entry fits. pexcon reads the file itself:
 * libcurl 7.88's reader finds no entry once a user name is set. The file
 * must belong to us and be private (mode 600), as ssh requires of its keys.
 * Returns 1 with *login (NULL when neither the entry nor `user` has one) and
 * *password newly allocated (free, wipe the password), 0 when the file or
 * the entry is absent, -1 with a message (and the chmod) in err. The
 * password never appears in a message. */
int net_netrc_lookup(const char *path, const char *host, const char *user, char **login,
                     char **password, strbuf *err);

/* The host of a URL "scheme://[user@]host[:port]/...", IPv6 brackets
 * removed, into host (size bytes). False when there is none or it does
 * not fit. */
bool net_url_host(const char *url, char *host, size_t size);

/* Append "k=v" form/query pairs, URL-encoded, '&'-separated. */
void net_form_add(strbuf *sb, const char *key, const char *value);

#endif
