/* Requests: easy-handle setup, the read queue, bodies and completion. */
#include <stdio.h>

#include "net/internal.h"

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

static void request_free(net_request *r)
{
    free(r->fake_ctype);
    if (r->easy)
        curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->headers);
    free(r->path);
    free(r->post_body);
    free(r->content_type);
    free(r->buf);
    free(r);
}

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
        r->buf = xrealloc(r->buf, want);
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

/* What libcurl knows of a transfer; `fallback` when it cannot tell. */
static long info_long(CURL *c, CURLINFO what, long fallback)
{
    long v = 0;
    return curl_easy_getinfo(c, what, &v) == CURLE_OK ? v : fallback;
}

static curl_off_t info_off(CURL *c, CURLINFO what, curl_off_t fallback)
{
    curl_off_t v = 0;
    return curl_easy_getinfo(c, what, &v) == CURLE_OK ? v : fallback;
}

/* PEXCON_NET_TRACE=1: one line per request on stderr (never headers or
 * credentials), for diagnosing slow nodes. */
static void trace_request(net_request *r, const net_response *resp)
{
    curl_off_t connect = 0, start = 0, total = 0;
    long conns = 0;
    if (r->easy) { /* a figure libcurl cannot give shows as 0 */
        connect = info_off(r->easy, CURLINFO_CONNECT_TIME_T, 0);
        start = info_off(r->easy, CURLINFO_STARTTRANSFER_TIME_T, 0);
        total = info_off(r->easy, CURLINFO_TOTAL_TIME_T, 0);
        conns = info_long(r->easy, CURLINFO_NUM_CONNECTS, 0);
    }
    fprintf(stderr,
            "net: %s %s -> %ld, %zu bytes, new connections %ld, connect %.1f ms, first byte "
            "%.1f ms, total %.1f ms, since submit %.1f ms%s%s\n",
            r->method == NET_GET ? "GET" : "POST", r->path, resp->status, resp->body_len, conns,
            connect / 1e3, start / 1e3, total / 1e3, resp->elapsed * 1e3,
            resp->failure != NET_OK ? ", error: " : "", resp->failure != NET_OK ? resp->error : "");
}

/* Report the outcome of a transfer and release it. */
void net_request_finish(net_request *r, CURLcode result)
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
        /* What libcurl cannot tell: no status or type (none received),
         * and the request counts as sent (a command's outcome is then
         * unknown, never "not sent"). */
        char *ctype = NULL;
        resp.status = info_long(r->easy, CURLINFO_RESPONSE_CODE, 0);
        if (curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK)
            resp.content_type = ctype;
        resp.request_sent = info_long(r->easy, CURLINFO_REQUEST_SIZE, 1) > 0 ||
                            info_off(r->easy, CURLINFO_PRETRANSFER_TIME_T, 1) > 0;
    }
    if (e->fake) {
        resp.status = r->fake_status;
        resp.content_type = r->fake_ctype;
        resp.request_sent = r->fake_failure == NET_OK || r->fake_sent;
    }
    if (e->fake && r->fake_failure != NET_OK)
        resp.failure = r->fake_failure;
    else if (result == CURLE_OK)
        resp.failure = NET_OK;
    else if (r->too_large)
        resp.failure = NET_FAIL_TOO_LARGE;
    else
        resp.failure = net_failure_from_curl(result);
    if (resp.failure == NET_FAIL_TOO_LARGE)
        snprintf(r->errbuf, sizeof r->errbuf, "response body larger than %zu bytes", e->max_body);
    if (resp.failure == NET_FAIL_TLS)
        resp.hint = net_tls_hint(r->errbuf, e->ca_file != NULL);
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
    net_update_keepalive(e);
}

/* One option of the transfer: false, with the option named in the
 * request's error, when libcurl refuses it (the request then fails). */
#define SETOPT(r, opt, val) setopt_ok((r), #opt, curl_easy_setopt((r)->easy, opt, val))

static bool setopt_ok(net_request *r, const char *name, CURLcode rc)
{
    if (rc == CURLE_OK)
        return true;
    snprintf(r->errbuf, sizeof r->errbuf, "could not start the request: libcurl refused %s (%s)",
             name, curl_easy_strerror(rc));
    return false;
}

static bool setup_callbacks(net_request *r)
{
    return SETOPT(r, CURLOPT_PRIVATE, r) && SETOPT(r, CURLOPT_ERRORBUFFER, r->errbuf) &&
           SETOPT(r, CURLOPT_WRITEFUNCTION, on_body) && SETOPT(r, CURLOPT_WRITEDATA, r) &&
           SETOPT(r, CURLOPT_HEADERFUNCTION, on_header) && SETOPT(r, CURLOPT_HEADERDATA, r) &&
           SETOPT(r, CURLOPT_NOSIGNAL, 1L) &&
           SETOPT(r, CURLOPT_VERBOSE, 0L); /* never: it would print credentials */
}

static bool setup_connection(net_request *r)
{
    net_engine *e = r->eng;
    /* Never another protocol (file://, …): refused when libcurl cannot say so. */
    return SETOPT(r, CURLOPT_PROTOCOLS_STR, "http,https") &&
           SETOPT(r, CURLOPT_FOLLOWLOCATION, 0L) &&
           SETOPT(r, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) &&
           SETOPT(r, CURLOPT_ACCEPT_ENCODING, "") && SETOPT(r, CURLOPT_TCP_KEEPALIVE, 1L) &&
           SETOPT(r, CURLOPT_TIMEOUT_MS, e->timeout_ms) &&
           SETOPT(r, CURLOPT_CONNECTTIMEOUT_MS, e->connect_timeout_ms) &&
           SETOPT(r, CURLOPT_USERAGENT, e->user_agent);
}

static bool setup_auth(net_request *r)
{
    net_engine *e = r->eng;
    /* netrc was read at net_engine_new. A CA file that cannot be set must
     * not fall back to the system store. */
    return SETOPT(r, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC) &&
           (!e->user || SETOPT(r, CURLOPT_USERNAME, e->user)) &&
           (!e->password || SETOPT(r, CURLOPT_PASSWORD, e->password)) &&
           (!e->ca_file || SETOPT(r, CURLOPT_CAINFO, e->ca_file)) &&
           (!e->insecure ||
            (SETOPT(r, CURLOPT_SSL_VERIFYPEER, 0L) && SETOPT(r, CURLOPT_SSL_VERIFYHOST, 0L)));
}

/* curl_slist_append fails only when memory runs out. */
static void add_header(net_request *r, const char *line)
{
    struct curl_slist *h = curl_slist_append(r->headers, line);
    if (!h)
        net_fatal("curl_slist_append", "out of memory");
    r->headers = h;
}

static bool setup_body(net_request *r)
{
    add_header(r, "Accept: application/json");
    if (r->method == NET_POST) {
        strbuf ct = STRBUF_INIT;
        sb_printf(&ct, "Content-Type: %s",
                  r->content_type ? r->content_type : "application/x-www-form-urlencoded");
        add_header(r, sb_str(&ct));
        sb_free(&ct);
        add_header(r, "Expect:");
        /* On a reused connection that turns out dead, libcurl silently
         * resends the request on a new one. A command must never be sent
         * twice, so commands always get a connection of their own. */
        if (!SETOPT(r, CURLOPT_FRESH_CONNECT, 1L) || !SETOPT(r, CURLOPT_POST, 1L) ||
            !SETOPT(r, CURLOPT_POSTFIELDS, r->post_body ? r->post_body : "") ||
            !SETOPT(r, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->post_len))
            return false;
    }
    return SETOPT(r, CURLOPT_HTTPHEADER, r->headers);
}

/* The easy handle with every option; false with the reason in r->errbuf
 * when libcurl refused one (or "" when it has no handle to give). */
static bool setup_easy(net_request *r)
{
    r->easy = curl_easy_init();
    if (!r->easy)
        return false;
    strbuf url = STRBUF_INIT;
    net_join_url(&url, r->eng->base_url, r->path);
    bool ok = SETOPT(r, CURLOPT_URL, sb_str(&url));
    sb_free(&url);
    return ok && setup_callbacks(r) && setup_connection(r) && setup_auth(r) && setup_body(r);
}

/* Add the transfer to the multi handle; false with the reason in r->errbuf. */
static bool add_transfer(net_request *r)
{
    CURLMcode rc = curl_multi_add_handle(r->eng->multi, r->easy);
    if (rc == CURLM_OK)
        return true;
    snprintf(r->errbuf, sizeof r->errbuf, "could not start the request: %s",
             curl_multi_strerror(rc));
    return false;
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
    if (e->fake) {
        net_fake_start(r);
        return true;
    }
    if (!setup_easy(r) || !add_transfer(r)) {
        if (!r->errbuf[0])
            snprintf(r->errbuf, sizeof r->errbuf, "could not start the request");
        if (r->easy) {
            curl_easy_cleanup(r->easy);
            r->easy = NULL;
        }
        return false;
    }
    net_kick_start(e);
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
            net_request_finish(r, CURLE_FAILED_INIT);
    }
}

static net_request *request_new(net_engine *e, net_method m, const char *path, net_callback cb,
                                void *ctx)
{
    net_request *r = xcalloc(1, sizeof *r);
    r->eng = e;
    r->method = m;
    r->path = xstrdup(path ? path : "/");
    r->cb = cb;
    r->ctx = ctx;
    r->retry_after = -1;
    r->t_submit = uv_hrtime();
    return r;
}

net_request *net_get(net_engine *e, const char *path_and_query, net_callback cb, void *ctx)
{
    if (!e || e->freeing)
        return NULL;
    net_request *r = request_new(e, NET_GET, path_and_query, cb, ctx);
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
    net_update_keepalive(e);
    return r;
}

net_request *net_post(net_engine *e, const char *path, const char *content_type, const char *body,
                      size_t body_len, net_callback cb, void *ctx)
{
    if (!e || e->freeing)
        return NULL;
    net_request *r = request_new(e, NET_POST, path, cb, ctx);
    r->post_body = xmalloc(body_len + 1);
    r->content_type = net_strdup_or_null(content_type);
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
    net_update_keepalive(e);
    return r;
}

/* Drop a request without calling back. */
void net_request_abort(net_request *r)
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
    net_request_abort(r);
    start_queued_reads(e);
    net_update_keepalive(e);
}

void net_engine_stats(const net_engine *e, net_stats *out)
{
    *out = e->stats;
    out->reads_in_flight = e->reads_in_flight;
    out->posts_in_flight = e->posts_in_flight;
}
