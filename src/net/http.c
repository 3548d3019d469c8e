/* libcurl multi on libuv. See http.h for the contract.
 *
 * curl tells us which sockets to watch (socket callback → one uv_poll per
 * socket) and when to wake it (timer callback → one uv_timer); we hand
 * events back with curl_multi_socket_action and collect finished transfers
 * with curl_multi_info_read. The poll and timer handles are unref'd: the
 * loop is kept alive by `keepalive`, an async handle that is ref'd exactly
 * while requests are pending, so uv_run(UV_RUN_DEFAULT) returns as soon as
 * the work is done even though idle keep-alive connections stay open. */
#include "net/http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
};

/* ---- small helpers ---- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void list_push(req_list *l, net_request *r)
{
    r->prev = l->tail;
    r->next = NULL;
    if (l->tail)
        l->tail->next = r;
    else
        l->head = r;
    l->tail = r;
}

static void list_unlink(req_list *l, net_request *r)
{
    if (r->prev)
        r->prev->next = r->next;
    else
        l->head = r->next;
    if (r->next)
        r->next->prev = r->prev;
    else
        l->tail = r->prev;
    r->prev = r->next = NULL;
}

static int pending_count(const net_engine *e)
{
    return e->stats.reads_queued + e->reads_in_flight + e->posts_in_flight;
}

/* Keep the loop alive exactly while something is pending. */
static void update_keepalive(net_engine *e)
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

static void handle_closed(uv_handle_t *h)
{
    net_engine *e = h->data;
    if (h->type == UV_POLL)
        free(h); /* sock_ctx starts with its uv_poll_t */
    if (--e->open_handles == 0 && e->freeing) {
        free(e->base_url);
        free(e->user);
        if (e->password) {
            explicit_bzero(e->password, strlen(e->password));
            free(e->password);
        }
        free(e->netrc_file);
        free(e->ca_file);
        free(e->user_agent);
        free(e);
    }
}

static void request_free(net_request *r)
{
    if (r->easy)
        curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->headers);
    free(r->path);
    free(r->post_body);
    free(r->content_type);
    free(r->buf);
    free(r);
}

/* ---- pure helpers ---- */

net_failure net_failure_from_curl(int code)
{
    switch ((CURLcode)code) {
    case CURLE_OK:
        return NET_OK;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return NET_FAIL_DNS;
    case CURLE_COULDNT_CONNECT:
        return NET_FAIL_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        return NET_FAIL_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CLIENTCERT:
        return NET_FAIL_TLS;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return NET_FAIL_DROPPED;
    case CURLE_PARTIAL_FILE:
        return NET_FAIL_TRUNCATED;
    default:
        return NET_FAIL_OTHER;
    }
}

void net_join_url(strbuf *out, const char *base_url, const char *path)
{
    if (!path)
        path = "";
    /* An absolute link from the server: keep only its path and query. */
    if (strncasecmp(path, "http://", 7) == 0 || strncasecmp(path, "https://", 8) == 0) {
        const char *p = strstr(path, "://") + 3;
        p += strcspn(p, "/?");
        path = p;
    }
    size_t blen = base_url ? strlen(base_url) : 0;
    while (blen > 0 && base_url[blen - 1] == '/')
        blen--;
    sb_append_len(out, base_url ? base_url : "", blen);
    if (path[0] != '/')
        sb_append_char(out, '/');
    sb_append(out, path);
}

void net_form_add(strbuf *sb, const char *key, const char *value)
{
    if (sb->len > 0)
        sb_append_char(sb, '&');
    sb_append_urlencoded(sb, key);
    sb_append_char(sb, '=');
    sb_append_urlencoded(sb, value ? value : "");
}

/* ---- curl callbacks ---- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    net_request *r = userdata;
    size_t n = size * nmemb;
    size_t max = r->eng->max_body;
    if (n > max - r->len) {
        r->too_large = true;
        return CURL_WRITEFUNC_ERROR;
    }
    if (r->len + n + 1 > r->cap) {
        size_t want = r->cap ? r->cap * 2 : 16384;
        /* Size the buffer from Content-Length once, avoiding regrowth. */
        curl_off_t clen = -1;
        if (r->cap == 0 &&
            curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &clen) == CURLE_OK &&
            clen > 0) {
            if ((uint64_t)clen > max) {
                r->too_large = true;
                return CURL_WRITEFUNC_ERROR;
            }
            want = (size_t)clen + 1;
        }
        while (want < r->len + n + 1)
            want *= 2;
        char *nb = realloc(r->buf, want);
        if (!nb)
            return CURL_WRITEFUNC_ERROR;
        r->buf = nb;
        r->cap = want;
    }
    memcpy(r->buf + r->len, data, n);
    r->len += n;
    r->buf[r->len] = '\0';
    return n;
}

/* Retry-After: delta-seconds or an HTTP date. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
    net_request *r = userdata;
    size_t n = size * nmemb;
    static const char name[] = "retry-after:";
    if (n > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
        char value[128];
        size_t vlen = n - (sizeof name - 1);
        if (vlen >= sizeof value)
            vlen = sizeof value - 1;
        memcpy(value, data + sizeof name - 1, vlen);
        value[vlen] = '\0';
        char *v = value + strspn(value, " \t");
        v[strcspn(v, "\r\n")] = '\0';
        char *end = NULL;
        double secs = strtod(v, &end);
        if (end != v && *end == '\0' && secs >= 0) {
            r->retry_after = secs;
        } else {
            time_t when = curl_getdate(v, NULL);
            if (when != -1) {
                double d = difftime(when, time(NULL));
                r->retry_after = d > 0 ? d : 0;
            }
        }
    }
    return n;
}

static void start_queued_reads(net_engine *e);

/* PEXCON_NET_TRACE=1: one line per request on stderr (never headers or
 * credentials), for diagnosing slow nodes. */
static void trace_request(net_request *r, const net_response *resp)
{
    curl_off_t connect = 0, start = 0, total = 0;
    long conns = 0;
    if (r->easy) {
        curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME_T, &connect);
        curl_easy_getinfo(r->easy, CURLINFO_STARTTRANSFER_TIME_T, &start);
        curl_easy_getinfo(r->easy, CURLINFO_TOTAL_TIME_T, &total);
        curl_easy_getinfo(r->easy, CURLINFO_NUM_CONNECTS, &conns);
    }
    fprintf(stderr,
            "net: %s %s -> %ld, %zu bytes, new connections %ld, connect %.1f ms, first byte "
            "%.1f ms, total %.1f ms, since submit %.1f ms%s%s\n",
            r->method == NET_GET ? "GET" : "POST", r->path, resp->status, resp->body_len, conns,
            connect / 1e3, start / 1e3, total / 1e3, resp->elapsed * 1e3,
            resp->failure != NET_OK ? ", error: " : "", resp->failure != NET_OK ? resp->error : "");
}

/* Report the outcome of a transfer and release it. */
static void finish_request(net_request *r, CURLcode result)
{
    net_engine *e = r->eng;
    net_response resp = {0};
    resp.method = r->method;
    resp.path = r->path;
    resp.body = r->buf ? r->buf : "";
    resp.body_len = r->len;
    resp.retry_after = r->retry_after;
    resp.curl_code = (int)result;
    resp.error = r->errbuf;
    if (r->easy) {
        long status = 0;
        char *ctype = NULL;
        curl_off_t req_size = 0, pretransfer = 0;
        curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ctype);
        curl_easy_getinfo(r->easy, CURLINFO_REQUEST_SIZE, &req_size);
        curl_easy_getinfo(r->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
        resp.status = status;
        resp.content_type = ctype;
        resp.request_sent = req_size > 0 || pretransfer > 0;
    }
    if (result == CURLE_OK)
        resp.failure = NET_OK;
    else if (r->too_large)
        resp.failure = NET_FAIL_TOO_LARGE;
    else
        resp.failure = net_failure_from_curl(result);
    if (resp.failure == NET_FAIL_TOO_LARGE)
        snprintf(r->errbuf, sizeof r->errbuf, "response body larger than %zu bytes", e->max_body);
    resp.elapsed = (double)(uv_hrtime() - r->t_submit) / 1e9;

    if (e->trace)
        trace_request(r, &resp);
    list_unlink(&e->active, r);
    if (r->method == NET_GET)
        e->reads_in_flight--;
    else
        e->posts_in_flight--;
    e->stats.requests_done++;
    if (r->easy)
        curl_multi_remove_handle(e->multi, r->easy);

    if (r->cb)
        r->cb(&resp, r->ctx);
    request_free(r);
    start_queued_reads(e);
    update_keepalive(e);
}

static void check_multi_info(net_engine *e)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(e->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        net_request *r = NULL;
        CURLcode result = msg->data.result;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
        if (r)
            finish_request(r, result);
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
    int running = 0;
    curl_multi_socket_action(e->multi, s->fd, flags, &running);
    check_multi_info(e);
}

static void on_timer(uv_timer_t *t)
{
    net_engine *e = t->data;
    int running = 0;
    curl_multi_socket_action(e->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_multi_info(e);
}

static int curl_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    net_engine *e = userp;
    if (timeout_ms < 0)
        uv_timer_stop(&e->timer);
    else
        uv_timer_start(&e->timer, on_timer, (uint64_t)timeout_ms, 0);
    return 0;
}

static void sock_close(net_engine *e, sock_ctx *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        e->socks = s->next;
    if (s->next)
        s->next->prev = s->prev;
    uv_poll_stop(&s->poll);
    uv_close((uv_handle_t *)&s->poll, handle_closed);
}

static int curl_socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
    net_engine *e = userp;
    sock_ctx *s = socketp;
    if (what == CURL_POLL_REMOVE) {
        if (s) {
            sock_close(e, s);
            curl_multi_assign(e->multi, fd, NULL);
        }
        return 0;
    }
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s)
            return -1;
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
        curl_multi_assign(e->multi, fd, s);
    }
    int events = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
        events |= UV_READABLE;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
        events |= UV_WRITABLE;
    uv_poll_start(&s->poll, events, on_poll);
    return 0;
}

/* ---- request setup ---- */

static bool setup_easy(net_request *r)
{
    net_engine *e = r->eng;
    CURL *c = curl_easy_init();
    if (!c)
        return false;
    r->easy = c;
    strbuf url = STRBUF_INIT;
    net_join_url(&url, e->base_url, r->path);
    bool ok = curl_easy_setopt(c, CURLOPT_URL, sb_str(&url)) == CURLE_OK;
    sb_free(&url);
    if (!ok)
        return false;
    curl_easy_setopt(c, CURLOPT_PRIVATE, r);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 0L); /* never: it would print credentials */
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, e->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, e->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_USERAGENT, e->user_agent);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
    if (e->user)
        curl_easy_setopt(c, CURLOPT_USERNAME, e->user);
    if (e->password) {
        curl_easy_setopt(c, CURLOPT_PASSWORD, e->password);
    } else {
        curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
        if (e->netrc_file)
            curl_easy_setopt(c, CURLOPT_NETRC_FILE, e->netrc_file);
    }
    if (e->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, e->ca_file);
    if (e->insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    if (!h)
        return false;
    r->headers = h;
    if (r->method == NET_POST) {
        strbuf ct = STRBUF_INIT;
        sb_printf(&ct, "Content-Type: %s",
                  r->content_type ? r->content_type : "application/x-www-form-urlencoded");
        h = curl_slist_append(r->headers, sb_str(&ct));
        sb_free(&ct);
        if (!h)
            return false;
        r->headers = h;
        h = curl_slist_append(r->headers, "Expect:");
        if (!h)
            return false;
        r->headers = h;
        /* On a reused connection that turns out dead, libcurl silently
         * resends the request on a new one. A command must never be sent
         * twice, so commands always get a connection of their own. */
        curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->post_body ? r->post_body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->post_len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->headers);
    return true;
}

static void on_drain(uv_timer_t *t)
{
    check_multi_info(t->data);
}

/* Let curl send a new request now rather than on the next loop iteration:
 * a caller that starts the next page and then parses the current one gets
 * the server working in parallel. Transfers that happen to finish here are
 * reported from the loop, never from inside net_get/net_post. */
static void kick_start(net_engine *e)
{
    int running = 0;
    curl_multi_socket_action(e->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    uv_timer_start(&e->drain, on_drain, 0, 0);
}

/* Hand a request to curl. On failure it is reported through its callback. */
static bool start_transfer(net_request *r)
{
    net_engine *e = r->eng;
    list_push(&e->active, r);
    if (r->method == NET_GET) {
        e->reads_in_flight++;
        if (e->reads_in_flight > e->stats.max_reads_in_flight_seen)
            e->stats.max_reads_in_flight_seen = e->reads_in_flight;
    } else {
        e->posts_in_flight++;
    }
    e->stats.requests_started++;
    if (!setup_easy(r) || curl_multi_add_handle(e->multi, r->easy) != CURLM_OK) {
        snprintf(r->errbuf, sizeof r->errbuf, "could not start the request");
        if (r->easy) {
            curl_easy_cleanup(r->easy);
            r->easy = NULL;
        }
        return false;
    }
    kick_start(e);
    return true;
}

static void start_queued_reads(net_engine *e)
{
    while (e->queue.head && e->reads_in_flight < e->max_reads && !e->freeing) {
        net_request *r = e->queue.head;
        list_unlink(&e->queue, r);
        r->queued = false;
        e->stats.reads_queued--;
        if (!start_transfer(r))
            finish_request(r, CURLE_FAILED_INIT);
    }
}

static net_request *request_new(net_engine *e, net_method m, const char *path, net_callback cb,
                                void *ctx)
{
    net_request *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->eng = e;
    r->method = m;
    r->path = strdup(path ? path : "/");
    r->cb = cb;
    r->ctx = ctx;
    r->retry_after = -1;
    r->t_submit = uv_hrtime();
    if (!r->path) {
        free(r);
        return NULL;
    }
    return r;
}

net_request *net_get(net_engine *e, const char *path_and_query, net_callback cb, void *ctx)
{
    if (!e || e->freeing)
        return NULL;
    net_request *r = request_new(e, NET_GET, path_and_query, cb, ctx);
    if (!r)
        return NULL;
    if (e->reads_in_flight < e->max_reads && !e->queue.head) {
        if (!start_transfer(r)) {
            list_unlink(&e->active, r);
            e->reads_in_flight--;
            request_free(r);
            return NULL;
        }
    } else {
        r->queued = true;
        list_push(&e->queue, r);
        e->stats.reads_queued++;
    }
    update_keepalive(e);
    return r;
}

net_request *net_post(net_engine *e, const char *path, const char *content_type, const char *body,
                      size_t body_len, net_callback cb, void *ctx)
{
    if (!e || e->freeing)
        return NULL;
    net_request *r = request_new(e, NET_POST, path, cb, ctx);
    if (!r)
        return NULL;
    r->post_body = malloc(body_len + 1);
    r->content_type = dup_or_null(content_type);
    if (!r->post_body || (content_type && !r->content_type)) {
        request_free(r);
        return NULL;
    }
    if (body_len)
        memcpy(r->post_body, body, body_len);
    r->post_body[body_len] = '\0';
    r->post_len = body_len;
    if (!start_transfer(r)) {
        list_unlink(&e->active, r);
        e->posts_in_flight--;
        request_free(r);
        return NULL;
    }
    update_keepalive(e);
    return r;
}

/* Drop a request without calling back. */
static void request_abort(net_request *r)
{
    net_engine *e = r->eng;
    if (r->queued) {
        list_unlink(&e->queue, r);
        e->stats.reads_queued--;
    } else {
        list_unlink(&e->active, r);
        if (r->method == NET_GET)
            e->reads_in_flight--;
        else
            e->posts_in_flight--;
        if (r->easy)
            curl_multi_remove_handle(e->multi, r->easy);
    }
    request_free(r);
}

void net_cancel(net_request *r)
{
    if (!r)
        return;
    net_engine *e = r->eng;
    request_abort(r);
    start_queued_reads(e);
    update_keepalive(e);
}

void net_engine_stats(const net_engine *e, net_stats *out)
{
    *out = e->stats;
    out->reads_in_flight = e->reads_in_flight;
    out->posts_in_flight = e->posts_in_flight;
}

/* ---- engine lifetime ---- */

static bool curl_global_ready(void)
{
    static bool done = false;
    static bool ok = false;
    if (!done) {
        ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
        done = true;
    }
    return ok;
}

net_engine *net_engine_new(uv_loop_t *loop, const net_opts *o, strbuf *err)
{
    if (!curl_global_ready()) {
        if (err)
            sb_append(err, "libcurl could not be initialised");
        return NULL;
    }
    if (!o->base_url || !*o->base_url) {
        if (err)
            sb_append(err, "no server URL given (use --url or a profile's url)");
        return NULL;
    }
    net_engine *e = calloc(1, sizeof *e);
    if (!e)
        goto oom;
    e->loop = loop;
    double timeout = o->timeout_s > 0 ? o->timeout_s : NET_DEFAULT_TIMEOUT_S;
    double connect =
        o->connect_timeout_s > 0
            ? o->connect_timeout_s
            : (timeout < NET_DEFAULT_CONNECT_TIMEOUT_S ? timeout : NET_DEFAULT_CONNECT_TIMEOUT_S);
    e->timeout_ms = (long)(timeout * 1000.0);
    e->connect_timeout_ms = (long)(connect * 1000.0);
    e->max_body = o->max_body_bytes ? o->max_body_bytes : NET_DEFAULT_MAX_BODY;
    e->max_reads = o->max_reads_in_flight > 0 ? o->max_reads_in_flight : NET_DEFAULT_MAX_READS;
    e->insecure = o->insecure;
    const char *trace = getenv("PEXCON_NET_TRACE");
    e->trace = trace && *trace && strcmp(trace, "0") != 0;
    e->base_url = strdup(o->base_url);
    e->user = dup_or_null(o->user);
    e->password = dup_or_null(o->password);
    e->netrc_file = dup_or_null(o->netrc_file);
    e->ca_file = dup_or_null(o->ca_file);
    e->user_agent = strdup(o->user_agent ? o->user_agent : "pexcon/" PEXCON_VERSION);
    if (!e->base_url || !e->user_agent || (o->user && !e->user) || (o->password && !e->password) ||
        (o->netrc_file && !e->netrc_file) || (o->ca_file && !e->ca_file))
        goto oom_free;
    e->multi = curl_multi_init();
    if (!e->multi)
        goto oom_free;
    curl_multi_setopt(e->multi, CURLMOPT_SOCKETFUNCTION, curl_socket_cb);
    curl_multi_setopt(e->multi, CURLMOPT_SOCKETDATA, e);
    curl_multi_setopt(e->multi, CURLMOPT_TIMERFUNCTION, curl_timer_cb);
    curl_multi_setopt(e->multi, CURLMOPT_TIMERDATA, e);
    /* Our own queue caps reads; curl must not cap connections per host, or a
     * command would wait behind stalled reads. Keep enough idle ones cached. */
    curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
    curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, (long)e->max_reads + 4);

    uv_timer_init(loop, &e->timer);
    e->timer.data = e;
    uv_unref((uv_handle_t *)&e->timer);
    e->open_handles++;
    uv_timer_init(loop, &e->drain);
    e->drain.data = e;
    uv_unref((uv_handle_t *)&e->drain);
    e->open_handles++;
    uv_async_init(loop, &e->keepalive, NULL);
    e->keepalive.data = e;
    uv_unref((uv_handle_t *)&e->keepalive);
    e->open_handles++;
    return e;

oom_free:
    if (e->multi)
        curl_multi_cleanup(e->multi);
    free(e->base_url);
    free(e->user);
    if (e->password) {
        explicit_bzero(e->password, strlen(e->password));
        free(e->password);
    }
    free(e->netrc_file);
    free(e->ca_file);
    free(e->user_agent);
    free(e);
oom:
    if (err)
        sb_append(err, "out of memory");
    return NULL;
}

void net_engine_free(net_engine *e)
{
    if (!e || e->freeing)
        return;
    e->freeing = true;
    while (e->queue.head)
        request_abort(e->queue.head);
    while (e->active.head)
        request_abort(e->active.head);
    /* Close our watchers before curl closes the sockets they watch. */
    curl_multi_setopt(e->multi, CURLMOPT_SOCKETFUNCTION, NULL);
    curl_multi_setopt(e->multi, CURLMOPT_TIMERFUNCTION, NULL);
    while (e->socks)
        sock_close(e, e->socks);
    curl_multi_cleanup(e->multi);
    e->multi = NULL;
    uv_timer_stop(&e->timer);
    uv_close((uv_handle_t *)&e->timer, handle_closed);
    uv_timer_stop(&e->drain);
    uv_close((uv_handle_t *)&e->drain, handle_closed);
    uv_close((uv_handle_t *)&e->keepalive, handle_closed);
}
