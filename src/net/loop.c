/* The curl <-> libuv glue: curl says which sockets to watch (socket
 * callback -> one uv_poll per socket) and when to wake it (timer callback ->
 * one uv_timer); we hand events back with curl_multi_socket_action and
 * collect finished transfers with curl_multi_info_read.
 *
 * The poll and timer handles are unref'd: the loop is kept alive by
 * `keepalive`, an async handle that is ref'd exactly while requests are
 * pending, so uv_run(UV_RUN_DEFAULT) returns as soon as the work is done
 * even though idle keep-alive connections stay open. */
#include <stdio.h>

#include "net/internal.h"

static int pending_count(const net_engine *e)
{
    return e->stats.reads_queued + e->reads_in_flight + e->posts_in_flight;
}

/* Keep the loop alive exactly while something is pending. */
void net_update_keepalive(net_engine *e)
{
    bool want = pending_count(e) > 0;
    if (want == e->kept_alive)
        return;
    if (want)
        uv_ref((uv_handle_t *)&e->keepalive);
    else
        uv_unref((uv_handle_t *)&e->keepalive);
    e->kept_alive = want;
}

void net_handle_closed(uv_handle_t *h)
{
    net_engine *e = h->data;
    if (h->type == UV_POLL)
        free(h); /* sock_ctx starts with its uv_poll_t */
    if (--e->open_handles == 0 && e->freeing) {
        net_engine_release(e);
    }
}

/* The request of a finished transfer: its CURLINFO_PRIVATE, or, should
 * libcurl not say, the active request with that easy handle. */
static net_request *request_of(net_engine *e, CURL *easy)
{
    net_request *r = NULL;
    if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&r) == CURLE_OK && r)
        return r;
    for (r = e->active.head; r && r->easy != easy; r = r->next)
        ;
    return r;
}

static void check_multi_info(net_engine *e)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(e->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURLcode result = msg->data.result;
        net_request *r = request_of(e, msg->easy_handle);
        if (r)
            net_request_finish(r, result);
    }
}

/* Hand curl an event. A multi-handle error (not a socket curl already let
 * go) would strand every transfer: finish them all as failed instead. */
static void socket_action(net_engine *e, curl_socket_t fd, int flags)
{
    int running = 0;
    CURLMcode rc = curl_multi_socket_action(e->multi, fd, flags, &running);
    if (rc != CURLM_OK && rc != CURLM_BAD_SOCKET) {
        while (e->active.head) {
            net_request *r = e->active.head;
            snprintf(r->errbuf, sizeof r->errbuf, "transfer engine error: %s",
                     curl_multi_strerror(rc));
            net_request_finish(r, CURLE_OUT_OF_MEMORY);
        }
    }
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    sock_ctx *s = (sock_ctx *)h;
    net_engine *e = s->eng;
    int flags = 0;
    if (status < 0)
        flags = CURL_CSELECT_ERR;
    if (events & UV_READABLE)
        flags |= CURL_CSELECT_IN;
    if (events & UV_WRITABLE)
        flags |= CURL_CSELECT_OUT;
    socket_action(e, s->fd, flags);
    check_multi_info(e);
}

static void on_timer(uv_timer_t *t)
{
    net_engine *e = t->data;
    socket_action(e, CURL_SOCKET_TIMEOUT, 0);
    check_multi_info(e);
}

/* -1 tells curl the timeout cannot be kept: it fails the transfers. */
int net_curl_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    net_engine *e = userp;
    if (timeout_ms < 0)
        uv_timer_stop(&e->timer);
    else if (uv_timer_start(&e->timer, on_timer, (uint64_t)timeout_ms, 0) != 0)
        return -1;
    return 0;
}

void net_sock_close(net_engine *e, sock_ctx *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        e->socks = s->next;
    if (s->next)
        s->next->prev = s->prev;
    uv_poll_stop(&s->poll);
    uv_close((uv_handle_t *)&s->poll, net_handle_closed);
}

int net_curl_socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
    net_engine *e = userp;
    sock_ctx *s = socketp;
    if (what == CURL_POLL_REMOVE) {
        if (s) {
            net_sock_close(e, s);
            curl_multi_assign(e->multi, fd, NULL); /* fails only for an fd curl forgot */
        }
        return 0;
    }
    if (!s) {
        s = xcalloc(1, sizeof *s);
        if (uv_poll_init_socket(e->loop, &s->poll, fd) != 0) {
            free(s);
            return -1;
        }
        s->fd = fd;
        s->eng = e;
        s->poll.data = e;
        uv_unref((uv_handle_t *)&s->poll);
        e->open_handles++;
        s->next = e->socks;
        if (e->socks)
            e->socks->prev = s;
        e->socks = s;
        if (curl_multi_assign(e->multi, fd, s) != CURLM_OK)
            return -1; /* curl fails the transfer */
    }
    int events = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
        events |= UV_READABLE;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
        events |= UV_WRITABLE;
    return uv_poll_start(&s->poll, events, on_poll) == 0 ? 0 : -1;
}

static void on_drain(uv_timer_t *t)
{
    check_multi_info(t->data);
}

/* Let curl send a new request now rather than on the next loop iteration:
 * a caller that starts the next page and then parses the current one gets
 * the server working in parallel. Transfers that happen to finish here are
 * reported from the loop, never from inside net_get/net_post. */
void net_kick_start(net_engine *e)
{
    socket_action(e, CURL_SOCKET_TIMEOUT, 0);
    /* Fails only for a closing handle (the engine is live): a bug. */
    int rc = uv_timer_start(&e->drain, on_drain, 0, 0);
    if (rc != 0)
        net_fatal("uv_timer_start", uv_strerror(rc));
}
