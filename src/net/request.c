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
    /* Never another protocol (file://, …): refused when libcurl cannot say so. */
    if (curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK)
        return false;
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
    if (e->password) /* netrc was read at net_engine_new */
        curl_easy_setopt(c, CURLOPT_PASSWORD, e->password);
    /* A CA file that cannot be set must not fall back to the system store. */
    if (e->ca_file && curl_easy_setopt(c, CURLOPT_CAINFO, e->ca_file) != CURLE_OK)
        return false;
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
    if (!setup_easy(r) || curl_multi_add_handle(e->multi, r->easy) != CURLM_OK) {
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
    net_update_keepalive(e);
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
    r->content_type = net_strdup_or_null(content_type);
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
