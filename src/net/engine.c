/* Engine lifetime. See http.h for the contract. */
#include <signal.h>
#include <stdio.h>

#include "net/internal.h"

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

/* Free the engine's own memory (its handles are closed by then); the
 * password is wiped first. */
void net_engine_release(net_engine *e)
{
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

/* No password given: the netrc entry for the URL's host (and user). 0, or
 * -1 with a message in err (may be NULL): a netrc others can read stops
 * pexcon. */
static int engine_netrc(net_engine *e, strbuf *err)
{
    strbuf why = STRBUF_INIT;
    strbuf path = STRBUF_INIT;
    const char *home = getenv("HOME");
    if (e->netrc_file)
        sb_append(&path, e->netrc_file);
    else if (home && *home)
        sb_printf(&path, "%s/.netrc", home);
    char host[256];
    char *login = NULL, *password = NULL;
    int rc = 0;
    if (path.len && net_url_host(e->base_url, host, sizeof host))
        rc = net_netrc_lookup(sb_str(&path), host, e->user, &login, &password, &why);
    sb_free(&path);
    if (rc < 0 && err)
        sb_append(err, sb_str(&why));
    sb_free(&why);
    if (rc <= 0)
        return rc;
    e->password = password;
    if (!e->user)
        e->user = login;
    else
        free(login);
    return 0;
}

/* A write to a connection the peer closed must come back as EPIPE, not
 * end the process: libcurl is told NOSIGNAL, so ignoring SIGPIPE is up to
 * us (as libcurl's documentation asks). The same makes a batch run whose
 * stdout reader went away (`pexcon get ... | head -1`) end with
 * "cannot write the output" and exit status 1, not die of the signal. */
static void ignore_sigpipe(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
}

_Noreturn void net_fatal(const char *call, const char *why)
{
    fprintf(stderr, "pexcon: %s failed: %s\n", call, why);
    abort();
}

/* One option of the multi handle: false, with the option named in err
 * (may be NULL), when libcurl refuses it. */
#define MULTI_SETOPT(e, opt, val, err)                                                             \
    multi_setopt_ok(curl_multi_setopt((e)->multi, opt, val), #opt, err)

static bool multi_setopt_ok(CURLMcode rc, const char *name, strbuf *err)
{
    if (rc == CURLM_OK)
        return true;
    if (err)
        sb_printf(err, "libcurl refused %s: %s", name, curl_multi_strerror(rc));
    return false;
}

/* The multi handle, its callbacks and connection limits; false with a
 * message in err (may be NULL). */
static bool engine_setup_multi(net_engine *e, strbuf *err)
{
    e->multi = curl_multi_init();
    if (!e->multi) {
        if (err)
            sb_append(err, "libcurl could not create its transfer handle");
        return false;
    }
    /* Our own queue caps reads; curl must not cap connections per host, or a
     * command would wait behind stalled reads. Keep enough idle ones cached. */
    return MULTI_SETOPT(e, CURLMOPT_SOCKETFUNCTION, net_curl_socket_cb, err) &&
           MULTI_SETOPT(e, CURLMOPT_SOCKETDATA, e, err) &&
           MULTI_SETOPT(e, CURLMOPT_TIMERFUNCTION, net_curl_timer_cb, err) &&
           MULTI_SETOPT(e, CURLMOPT_TIMERDATA, e, err) &&
           MULTI_SETOPT(e, CURLMOPT_MAX_HOST_CONNECTIONS, 0L, err) &&
           MULTI_SETOPT(e, CURLMOPT_MAXCONNECTS, (long)e->max_reads + 4, err);
}

/* An engine handle on the loop, unref'd: the engine keeps the loop alive
 * only while requests are pending (net_update_keepalive). */
static void engine_keep_handle(net_engine *e, uv_handle_t *h)
{
    h->data = e;
    uv_unref(h);
    e->open_handles++;
}

/* The engine's loop handles: 0, or a libuv error code (those opened so far
 * are counted in open_handles, in this order). */
static int engine_open_handles(net_engine *e)
{
    int rc = uv_timer_init(e->loop, &e->timer);
    if (rc != 0)
        return rc;
    engine_keep_handle(e, (uv_handle_t *)&e->timer);
    if ((rc = uv_timer_init(e->loop, &e->drain)) != 0)
        return rc;
    engine_keep_handle(e, (uv_handle_t *)&e->drain);
    if ((rc = uv_async_init(e->loop, &e->keepalive, NULL)) != 0)
        return rc;
    engine_keep_handle(e, (uv_handle_t *)&e->keepalive);
    return 0;
}

/* An engine that could not be completed: its multi handle goes now, the
 * engine itself once the handles it opened have closed (at once if none). */
static void engine_discard(net_engine *e)
{
    if (e->multi)
        curl_multi_cleanup(e->multi);
    e->multi = NULL;
    e->freeing = true;
    uv_handle_t *opened[] = {(uv_handle_t *)&e->timer, (uv_handle_t *)&e->drain,
                             (uv_handle_t *)&e->keepalive};
    int n = e->open_handles;
    if (n == 0)
        net_engine_release(e);
    for (int i = 0; i < n; i++)
        uv_close(opened[i], net_handle_closed);
}

static void engine_copy_opts(net_engine *e, const net_opts *o)
{
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
    e->base_url = xstrdup(o->base_url);
    e->user = net_strdup_or_null(o->user);
    e->password = net_strdup_or_null(o->password);
    e->netrc_file = net_strdup_or_null(o->netrc_file);
    e->ca_file = net_strdup_or_null(o->ca_file);
    e->user_agent = xstrdup(o->user_agent ? o->user_agent : "pexcon/" PEXCON_VERSION);
}

net_engine *net_engine_new(uv_loop_t *loop, const net_opts *o, strbuf *err)
{
    ignore_sigpipe();
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
    net_engine *e = xcalloc(1, sizeof *e);
    e->loop = loop;
    engine_copy_opts(e, o);
    if ((!e->password && engine_netrc(e, err) != 0) || !engine_setup_multi(e, err)) {
        engine_discard(e);
        return NULL;
    }
    int rc = engine_open_handles(e);
    if (rc != 0) {
        if (err)
            sb_printf(err, "cannot set up the event loop: %s", uv_strerror(rc));
        engine_discard(e);
        return NULL;
    }
    return e;
}

void net_engine_free(net_engine *e)
{
    if (!e || e->freeing)
        return;
    e->freeing = true;
    while (e->queue.head)
        net_request_abort(e->queue.head);
    while (e->active.head)
        net_request_abort(e->active.head);
    if (e->fake) {
        uv_close((uv_handle_t *)&e->keepalive, net_handle_closed);
        return;
    }
    /* Close our watchers before curl closes the sockets they watch (curl
     * calling back into closed watchers would close them twice). */
    if (!MULTI_SETOPT(e, CURLMOPT_SOCKETFUNCTION, NULL, NULL) ||
        !MULTI_SETOPT(e, CURLMOPT_TIMERFUNCTION, NULL, NULL))
        net_fatal("curl_multi_setopt", "libcurl refused to drop the engine's callbacks");
    while (e->socks)
        net_sock_close(e, e->socks);
    curl_multi_cleanup(e->multi);
    e->multi = NULL;
    uv_timer_stop(&e->timer);
    uv_close((uv_handle_t *)&e->timer, net_handle_closed);
    uv_timer_stop(&e->drain);
    uv_close((uv_handle_t *)&e->drain, net_handle_closed);
    uv_close((uv_handle_t *)&e->keepalive, net_handle_closed);
}
