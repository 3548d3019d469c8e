/* pexsim's HTTP glue on libmicrohttpd. See server.h.
 *
 * One request goes: control path? -> control endpoint (no auth, no faults);
 * else fault dice -> latency -> replacement answer (error, 429, drop, ...)
 * or Basic auth -> API route; then body faults (malformed, truncate,
 * slow_body) shape what actually goes on the wire. MHD runs a thread per
 * connection, so sleeping here only ever delays this connection. */
#include "sim/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/xmalloc.h"
#include "sim/api.h"
#include "sim/text.h"
#include "sim/control.h"
#include "sim/core.h"

#define MAX_BODY_BYTES (1024 * 1024)
#define TICK_INTERVAL_MS 200
#define SLOW_BODY_CHUNKS 20

struct sim_server {
    struct MHD_Daemon *daemon;
    sim_core core;
    bool core_lock_ready;
    char *user;
    char *password;
    char *cert_pem;
    char *key_pem;
    bool tls;
    int port;
    char url[128];
    FILE *log;
    atomic_bool stopping;
    pthread_t tick_thread;
    bool tick_started;
    pthread_mutex_t tick_lock;
    pthread_cond_t tick_cond;
};

typedef struct req_ctx req_ctx;

typedef struct conn_ctx {
    uint64_t id;
    uint64_t generation; /* stats generation this connection was counted in */
    /* The request being read or answered. MHD skips the completion callback
     * for requests it refuses itself (e.g. a request line too big for its
     * memory pool), so the connection frees a leftover one. */
    req_ctx *current;
} conn_ctx;

struct req_ctx {
    char *uri; /* raw request target, with the query */
    bool started;
    bool counted; /* in in_flight */
    double t0;
    strbuf body;
    bool too_large;
    conn_ctx *conn;
};

typedef struct body_stream {
    sim_server *srv;
    char *data;
    size_t len;
    size_t cut;          /* bytes to send; < len ends the connection early */
    size_t chunk;        /* bytes per read when dribbling */
    long chunk_delay_ms; /* sleep before each chunk */
} body_stream;

static const char sso_login_page[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Sign in - Pexip Infinity</title></head>\n<body>\n"
    "<h1>Sign in to continue</h1>\n"
    "<form method=\"post\" action=\"/admin/login/?next=/api/admin/\">\n"
    "<input type=\"hidden\" name=\"SAMLRequest\" value=\"PHNhbWxwOkF1dGhuUmVxdWVzdC8+\">\n"
    "<button type=\"submit\">Sign in with your identity provider</button>\n"
    "</form>\n</body>\n</html>\n";

static const char error_page[] = "<!DOCTYPE html>\n<html><head><title>Server Error</title></head>"
                                 "<body><h1>Server Error (%d)</h1></body></html>\n";

/* ---------- small helpers ---------- */

static void sleep_ms_interruptible(sim_server *srv, long ms)
{
    while (ms > 0 && !atomic_load(&srv->stopping)) {
        long slice = ms < 20 ? ms : 20;
        struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

static char *read_file(const char *path, char **err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = sim_format("cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    strbuf b = STRBUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append_len(&b, chunk, n);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        sb_free(&b);
        *err = sim_format("cannot read %s", path);
        return NULL;
    }
    return sb_steal(&b);
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decode standard base64 (padding optional) into out; false when invalid. */
static bool base64_decode(const char *in, char *out, size_t size)
{
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (const char *p = in; *p && *p != '='; p++) {
        int v = base64_value(*p);
        if (v < 0)
            return false;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o + 1 >= size)
                return false;
            out[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    out[o] = '\0';
    return true;
}

static bool auth_ok(sim_server *srv, struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Basic ", 6) != 0)
        return false;
    h += 6;
    while (*h == ' ')
        h++;
    char decoded[1024];
    if (!base64_decode(h, decoded, sizeof decoded))
        return false;
    char *colon = strchr(decoded, ':');
    if (!colon)
        return false;
    *colon = '\0';
    return strcmp(decoded, srv->user) == 0 && strcmp(colon + 1, srv->password) == 0;
}

/* ---------- answers from faults ---------- */

static void fault_reply(const sim_fault_decision *d, sim_reply *r)
{
    char page[256];
    switch (d->replacement) {
    case SIM_FAULT_ERROR:
        if (d->html_body) {
            snprintf(page, sizeof page, error_page, d->status);
            sim_reply_text(r, d->status, SIM_CONTENT_HTML, page);
        } else {
            sim_reply_json(r, d->status,
                           json_pack("{s:s}", "error_message",
                                     d->status == 503 ? "Service temporarily unavailable"
                                                      : "Internal server error"));
        }
        break;
    case SIM_FAULT_RATELIMIT:
        sim_reply_json(r, 429, json_pack("{s:s}", "error_message", "Request was throttled"));
        r->retry_after = d->retry_after > 0 ? d->retry_after : 1;
        break;
    case SIM_FAULT_HTML:
        sim_reply_text(r, 200, SIM_CONTENT_HTML, sso_login_page);
        break;
    case SIM_FAULT_UNAUTHORIZED:
    default:
        sim_reply_empty(r, 401);
        r->www_authenticate = true;
        break;
    }
}

/* The real body, broken so that no JSON parser accepts it. */
static void make_malformed(sim_reply *r)
{
    static const char junk[] = "<<pexsim: malformed body>>";
    strbuf b = STRBUF_INIT;
    sb_append_len(&b, r->body ? r->body : "", r->len / 2);
    sb_append_len(&b, junk, sizeof junk - 1);
    size_t len = b.len;
    sim_reply_take(r, r->status, r->content_type ? r->content_type : SIM_CONTENT_JSON, sb_steal(&b),
                   len);
}

/* ---------- responses ---------- */

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    body_stream *s = cls;
    if (pos >= s->cut)
        return s->cut < s->len ? MHD_CONTENT_READER_END_WITH_ERROR
                               : MHD_CONTENT_READER_END_OF_STREAM;
    if (s->chunk_delay_ms > 0)
        sleep_ms_interruptible(s->srv, s->chunk_delay_ms);
    if (atomic_load(&s->srv->stopping))
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t n = s->cut - (size_t)pos;
    if (n > max)
        n = max;
    if (s->chunk && n > s->chunk)
        n = s->chunk;
    memcpy(buf, s->data + pos, n);
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    body_stream *s = cls;
    free(s->data);
    free(s);
}

static struct MHD_Response *response_plain(sim_reply *r)
{
    if (!r->body || r->len == 0)
        return MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback(r->len, r->body, free);
    if (resp)
        r->body = NULL; /* now owned by the response */
    return resp;
}

static struct MHD_Response *response_streamed(sim_server *srv, sim_reply *r,
                                              const sim_fault_decision *d, size_t *sent)
{
    body_stream *s = xcalloc(1, sizeof *s);
    s->srv = srv;
    s->data = r->body;
    s->len = r->len;
    s->cut = d->truncate ? r->len / 2 : r->len;
    if (d->slow_body_ms > 0) {
        s->chunk = (r->len + SLOW_BODY_CHUNKS - 1) / SLOW_BODY_CHUNKS;
        if (s->chunk == 0)
            s->chunk = 1;
        s->chunk_delay_ms = d->slow_body_ms / SLOW_BODY_CHUNKS;
    }
    struct MHD_Response *resp =
        MHD_create_response_from_callback(r->len, 4096, stream_read, s, stream_free);
    if (!resp) {
        free(s);
        return NULL;
    }
    r->body = NULL;
    *sent = s->cut;
    return resp;
}

static enum MHD_Result queue_reply(sim_server *srv, struct MHD_Connection *c, sim_reply *r,
                                   const sim_fault_decision *d, size_t *sent)
{
    bool stream = d && r->body && r->len > 0 && (d->truncate || d->slow_body_ms > 0);
    *sent = r->len;
    struct MHD_Response *resp = stream ? response_streamed(srv, r, d, sent) : response_plain(r);
    if (!resp)
        return MHD_NO;
    if (r->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    if (r->retry_after > 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", r->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, v);
    }
    if (r->www_authenticate)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Basic realm=\"" SIM_REALM "\"");
    if (r->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---------- logging ---------- */

static const char *raw_query_of(const req_ctx *rq)
{
    const char *q = rq ? strchr(rq->uri, '?') : NULL;
    return q ? q + 1 : "";
}

static void log_command(sim_server *srv, struct MHD_Connection *c, const char *method,
                        const char *url, const req_ctx *rq, const sim_api_command *cmd,
                        const sim_reply *r, int status, const sim_fault_decision *d)
{
    char name[128];
    if (!sim_api_command_name(url, name, sizeof name))
        return;
    const char *ctype =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    json_t *params = cmd && cmd->params ? json_incref(cmd->params) : NULL;
    if (!params && strcmp(method, "POST") == 0) {
        char *err = NULL;
        params = sim_api_command_params(ctype, rq->body.data, rq->body.len, &err);
        free(err);
    }
    json_t *response = NULL;
    if (r && r->body && r->len < 65536 && !d->malformed)
        response = json_loadb(r->body, r->len, 0, NULL);
    sim_command_record rec = {.method = method,
                              .path = url,
                              .command = name,
                              .params = params,
                              .status = status,
                              .content_type = ctype ? ctype : "",
                              .response = response,
                              .fault = d->fired};
    sim_stats_log_command(srv->core.stats, &rec);
    json_decref(params);
    json_decref(response);
}

static void log_request(sim_server *srv, const conn_ctx *cc, const char *method, const char *url,
                        const req_ctx *rq, int status, size_t bytes, const char *fault)
{
    double ms = (sim_now() - rq->t0) * 1000.0;
    sim_request_record rec = {.method = method,
                              .path = url,
                              .query = raw_query_of(rq),
                              .status = status,
                              .connection = cc ? cc->id : 0,
                              .fault = fault,
                              .bytes = bytes,
                              .ms = ms};
    sim_stats_log_request(srv->core.stats, &rec);
    if (srv->log) {
        const char *q = raw_query_of(rq);
        fprintf(srv->log, "pexsim: %s %s%s%s -> %d (%zu bytes, %.1f ms%s%s)\n", method, url,
                *q ? "?" : "", q, status, bytes, ms, *fault ? ", fault " : "", fault);
        fflush(srv->log);
    }
}

/* ---------- request handling ---------- */

static conn_ctx *connection_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static enum MHD_Result handle_control(sim_server *srv, struct MHD_Connection *c, const char *method,
                                      const char *url, req_ctx *rq)
{
    sim_reply r;
    sim_reply_init(&r);
    if (rq->too_large)
        sim_reply_error(&r, 413, "Request body too large");
    else
        sim_control_handle(&srv->core, method, url, raw_query_of(rq), rq->body.data, rq->body.len,
                           &r);
    size_t sent;
    enum MHD_Result ret = queue_reply(srv, c, &r, NULL, &sent);
    sim_reply_free(&r);
    return ret;
}

static enum MHD_Result handle_api(sim_server *srv, struct MHD_Connection *c, const char *method,
                                  const char *url, req_ctx *rq)
{
    conn_ctx *cc = connection_of(c);
    sim_fault_decision d;
    sim_faults_decide(srv->core.faults, method, url, &d);
    if (d.latency_ms > 0)
        sleep_ms_interruptible(srv, d.latency_ms);

    if (d.replace && d.replacement == SIM_FAULT_DROP) {
        log_request(srv, cc, method, url, rq, 0, 0, d.fired);
        log_command(srv, c, method, url, rq, NULL, NULL, 0, &d);
        return MHD_NO; /* MHD closes the connection without answering */
    }
    sim_reply r;
    sim_reply_init(&r);
    sim_api_command cmd = {0};
    if (d.replace) {
        fault_reply(&d, &r);
    } else if (!auth_ok(srv, c)) {
        sim_reply_empty(&r, 401);
        r.www_authenticate = true;
    } else if (rq->too_large) {
        sim_reply_error(&r, 413, "Request body too large");
    } else {
        const char *ctype =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        sim_api_request req = {.method = method,
                               .path = url,
                               .raw_query = raw_query_of(rq),
                               .content_type = ctype,
                               .body = rq->body.data,
                               .body_len = rq->body.len};
        sim_api_handle(&srv->core, &req, &r, &cmd);
    }
    log_command(srv, c, method, url, rq, &cmd, &r, r.status, &d); /* command paths only */
    json_decref(cmd.params);
    if (d.malformed)
        make_malformed(&r);
    int status = r.status;
    size_t sent = 0;
    enum MHD_Result ret = queue_reply(srv, c, &r, &d, &sent);
    log_request(srv, cc, method, url, rq, status, sent, d.fired);
    sim_reply_free(&r);
    return ret;
}

static void request_start(sim_server *srv, struct MHD_Connection *c, const char *url, req_ctx *rq)
{
    rq->started = true;
    rq->t0 = sim_now();
    if (sim_control_is_path(url))
        return;
    conn_ctx *cc = connection_of(c);
    if (cc)
        sim_stats_connection_used(srv->core.stats, &cc->generation);
    sim_stats_request_begin(srv->core.stats);
    rq->counted = true;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *c, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **con_cls)
{
    sim_server *srv = cls;
    req_ctx *rq = *con_cls;
    if (!rq) /* no URI callback happened (should not), keep going without a raw query */
        return MHD_NO;
    if (!rq->started) {
        request_start(srv, c, url, rq);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (rq->body.len + *upload_data_size > MAX_BODY_BYTES)
            rq->too_large = true;
        else
            sb_append_len(&rq->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (sim_control_is_path(url))
        return handle_control(srv, c, method, url, rq);
    return handle_api(srv, c, method, url, rq);
}

static void request_free(sim_server *srv, req_ctx *rq)
{
    if (rq->counted)
        sim_stats_request_end(srv->core.stats);
    if (rq->conn && rq->conn->current == rq)
        rq->conn->current = NULL;
    free(rq->uri);
    sb_free(&rq->body);
    free(rq);
}

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *c)
{
    sim_server *srv = cls;
    req_ctx *rq = xcalloc(1, sizeof *rq);
    rq->uri = xstrdup(uri ? uri : "");
    rq->conn = connection_of(c);
    if (rq->conn) {
        if (rq->conn->current) /* the previous request never completed */
            request_free(srv, rq->conn->current);
        rq->conn->current = rq;
    }
    return rq;
}

static void request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    req_ctx *rq = *con_cls;
    if (rq)
        request_free(cls, rq);
    *con_cls = NULL;
}

static void connection_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                              enum MHD_ConnectionNotificationCode toe)
{
    sim_server *srv = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_ctx *cc = xcalloc(1, sizeof *cc);
        cc->id = sim_stats_connection_opened(srv->core.stats);
        *socket_context = cc;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        conn_ctx *cc = *socket_context;
        if (cc && cc->current)
            request_free(srv, cc->current);
        free(cc);
        *socket_context = NULL;
    }
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
    sim_server *srv = cls;
    if (!srv->log)
        return;
    fputs("pexsim: libmicrohttpd: ", srv->log);
    vfprintf(srv->log, fmt, ap);
    fflush(srv->log);
}

/* ---------- the world's clock ---------- */

static void *tick_main(void *arg)
{
    sim_server *srv = arg;
    pthread_mutex_lock(&srv->tick_lock);
    while (!atomic_load(&srv->stopping)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += TICK_INTERVAL_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&srv->tick_cond, &srv->tick_lock, &until);
        if (atomic_load(&srv->stopping))
            break;
        pthread_mutex_unlock(&srv->tick_lock);
        sim_core_lock(&srv->core);
        sim_core_unlock(&srv->core);
        pthread_mutex_lock(&srv->tick_lock);
    }
    pthread_mutex_unlock(&srv->tick_lock);
    return NULL;
}

/* ---------- lifecycle ---------- */

void sim_server_opts_default(sim_server_opts *o)
{
    memset(o, 0, sizeof *o);
    sim_world_opts_default(&o->world);
    o->bind_address = "127.0.0.1";
    o->user = SIM_DEFAULT_USER;
    o->password = SIM_DEFAULT_PASSWORD;
    o->max_limit = SIM_DEFAULT_MAX_LIMIT;
}

static bool parse_bind(const char *addr, int port, struct sockaddr_storage *ss, bool *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        *v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *v6 = true;
        return true;
    }
    return false;
}

static bool server_init_core(sim_server *srv, const sim_server_opts *o, char **err)
{
    pthread_mutex_init(&srv->core.world_lock, NULL);
    srv->core_lock_ready = true;
    srv->core.max_limit = o->max_limit;
    srv->core.accept_form = o->accept_form;
    srv->core.world = sim_world_new(&o->world, sim_now());
    srv->core.stats = sim_stats_new();
    srv->core.faults = sim_faults_new(o->world.seed);
    if (!srv->core.world) { /* sim/world cannot use xmalloc (tests/unit/check_layers.py) */
        *err = xstrdup("pexsim: could not create the simulated world");
        return false;
    }
    for (size_t i = 0; i < o->nfaults; i++) {
        char *ferr = NULL;
        if (!sim_faults_add_spec(srv->core.faults, o->faults[i], &ferr)) {
            *err = ferr;
            return false;
        }
    }
    return true;
}

static bool server_init_tls(sim_server *srv, const sim_server_opts *o, char **err)
{
    if (!o->tls_cert_file && !o->tls_key_file)
        return true;
    if (!o->tls_cert_file || !o->tls_key_file) {
        *err = xstrdup("--tls-cert and --tls-key go together");
        return false;
    }
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        *err = xstrdup("this libmicrohttpd was built without TLS support");
        return false;
    }
    srv->cert_pem = read_file(o->tls_cert_file, err);
    srv->key_pem = srv->cert_pem ? read_file(o->tls_key_file, err) : NULL;
    srv->tls = srv->cert_pem && srv->key_pem;
    return srv->tls;
}

static bool server_start_daemon(sim_server *srv, const sim_server_opts *o, char **err)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    const char *bind = o->bind_address ? o->bind_address : "127.0.0.1";
    if (o->port < 0 || o->port > 65535 || !parse_bind(bind, o->port, &ss, &v6)) {
        *err = sim_format("invalid bind address or port: %s:%d", bind, o->port);
        return false;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0) | (srv->tls ? MHD_USE_TLS : 0);
    struct MHD_OptionItem ops[] = {
        {MHD_OPTION_HTTPS_MEM_KEY, 0, srv->key_pem},
        {MHD_OPTION_HTTPS_MEM_CERT, 0, srv->cert_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, access_handler, srv, MHD_OPTION_EXTERNAL_LOGGER,
        mhd_logger, srv, MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_URI_LOG_CALLBACK, uri_logger, srv,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, srv, MHD_OPTION_NOTIFY_CONNECTION,
        connection_notify, srv, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)300, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_ARRAY, srv->tls ? ops : ops + 2, MHD_OPTION_END);
    if (!srv->daemon) {
        *err = sim_format("could not listen on %s:%d%s", bind, o->port,
                          srv->tls ? " (check the TLS certificate and key)" : "");
        return false;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : o->port;
    snprintf(srv->url, sizeof srv->url, "%s://%s%s%s:%d", srv->tls ? "https" : "http",
             v6 ? "[" : "", bind, v6 ? "]" : "", srv->port);
    return true;
}

sim_server *sim_server_start(const sim_server_opts *o, char **err)
{
    *err = NULL;
    sim_server *srv = xcalloc(1, sizeof *srv);
    atomic_init(&srv->stopping, false);
    pthread_mutex_init(&srv->tick_lock, NULL);
    pthread_cond_init(&srv->tick_cond, NULL);
    srv->log = o->log;
    srv->user = xstrdup(o->user ? o->user : SIM_DEFAULT_USER);
    srv->password = xstrdup(o->password ? o->password : SIM_DEFAULT_PASSWORD);
    bool ok = server_init_core(srv, o, err) && server_init_tls(srv, o, err) &&
              server_start_daemon(srv, o, err);
    if (ok) {
        srv->tick_started = pthread_create(&srv->tick_thread, NULL, tick_main, srv) == 0;
        ok = srv->tick_started;
        if (!ok)
            *err = xstrdup("could not start the tick thread");
    }
    if (!ok) {
        sim_server_stop(srv);
        return NULL;
    }
    return srv;
}

int sim_server_port(const sim_server *s)
{
    return s->port;
}

const char *sim_server_url(const sim_server *s)
{
    return s->url;
}

void sim_server_stop(sim_server *srv)
{
    if (!srv)
        return;
    atomic_store(&srv->stopping, true);
    if (srv->tick_started) {
        pthread_mutex_lock(&srv->tick_lock);
        pthread_cond_broadcast(&srv->tick_cond);
        pthread_mutex_unlock(&srv->tick_lock);
        pthread_join(srv->tick_thread, NULL);
    }
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    sim_faults_free(srv->core.faults);
    sim_stats_free(srv->core.stats);
    if (srv->core.world)
        sim_world_free(srv->core.world);
    if (srv->core_lock_ready)
        pthread_mutex_destroy(&srv->core.world_lock);
    pthread_cond_destroy(&srv->tick_cond);
    pthread_mutex_destroy(&srv->tick_lock);
    free(srv->user);
    free(srv->password);
    free(srv->cert_pem);
    free(srv->key_pem);
    free(srv);
}
