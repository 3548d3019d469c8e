/* Shared between the net/ sources; not part of the public interface. */
#ifndef PEXCON_NET_INTERNAL_H
#define PEXCON_NET_INTERNAL_H

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "net/http.h"

typedef struct sock_ctx {
    uv_poll_t poll;
    curl_socket_t fd;
    net_engine *eng;
    struct sock_ctx *prev, *next;
} sock_ctx;

struct net_request {
    net_engine *eng;
    net_request *prev, *next; /* in eng->queue or eng->active */
    bool queued;
    net_method method;
    char *path;
    char *post_body;
    size_t post_len;
    char *content_type;
    struct curl_slist *headers;
    CURL *easy;
    char *buf; /* response body */
    size_t len, cap;
    bool too_large;
    double retry_after;
    net_callback cb;
    void *ctx;
    uint64_t t_submit; /* uv_hrtime */
    char errbuf[CURL_ERROR_SIZE];
    /* a fake engine's answer (fake.c) */
    bool fake_stalled;
    long fake_status;
    char *fake_ctype;
    net_failure fake_failure;
    bool fake_sent;
};

typedef struct req_list {
    net_request *head, *tail;
} req_list;

struct net_engine {
    uv_loop_t *loop;
    CURLM *multi;
    uv_timer_t timer;
    uv_timer_t drain; /* reports transfers that finished during a kick-start */
    uv_async_t keepalive;
    int open_handles; /* uv handles not yet closed; the engine is freed at 0 */
    bool freeing;
    char *base_url, *user, *password, *netrc_file, *ca_file, *user_agent;
    bool insecure;
    long timeout_ms, connect_timeout_ms;
    size_t max_body;
    int max_reads;
    req_list queue;  /* reads waiting for a slot */
    req_list active; /* transfers added to the multi handle */
    sock_ctx *socks;
    int reads_in_flight, posts_in_flight;
    net_stats stats;
    bool kept_alive;
    bool trace; /* PEXCON_NET_TRACE set */
    /* a fake engine (fake.c): no curl, answers from a function */
    net_fake_fn fake;
    void *fake_ctx;
};

static inline char *net_strdup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* A libcurl or libuv call that fails only when memory runs out or pexcon
 * misuses it (a constant option, a handle already closing): say which and
 * why on stderr and abort, as xmalloc does (engine.c). */
_Noreturn void net_fatal(const char *call, const char *why);

/* loop.c: the curl <-> libuv glue. */
int net_curl_socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp);
int net_curl_timer_cb(CURLM *multi, long timeout_ms, void *userp);
void net_sock_close(net_engine *e, sock_ctx *s);
void net_handle_closed(uv_handle_t *h);
void net_engine_release(net_engine *e);
void net_update_keepalive(net_engine *e);
void net_kick_start(net_engine *e);

/* fake.c: the fake engine's side of a transfer. */
void net_fake_start(net_request *r);

/* request.c: transfers. */
void net_request_finish(net_request *r, CURLcode result);
void net_request_abort(net_request *r);

#endif
