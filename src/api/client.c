/* Client lifetime, request bookkeeping, read retries and single GETs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/internal.h"
#include "common/xmalloc.h"

#define API_DEFAULT_ATTEMPTS 3
#define API_DEFAULT_BACKOFF_S 0.5
#define API_DEFAULT_RETRY_AFTER_MAX_S 60.0

/* ---- client ---- */

static void apply_defaults(api_opts *o)
{
    if (o->page_size <= 0)
        o->page_size = CONFIG_DEFAULT_PAGE_SIZE;
    if (o->read_attempts <= 0)
        o->read_attempts = API_DEFAULT_ATTEMPTS;
    if (o->backoff_initial_s <= 0)
        o->backoff_initial_s = API_DEFAULT_BACKOFF_S;
    if (o->retry_after_max_s <= 0)
        o->retry_after_max_s = API_DEFAULT_RETRY_AFTER_MAX_S;
}

api_client *api_client_new_on(uv_loop_t *loop, net_engine *engine, const api_opts *aopts)
{
    api_client *c = xcalloc(1, sizeof *c);
    c->loop = loop;
    if (aopts)
        c->opts = *aopts;
    apply_defaults(&c->opts);
    c->rng = uv_hrtime() | 1;
    c->net = engine;
    return c;
}

api_client *api_client_new_with(uv_loop_t *loop, const net_opts *nopts, const api_opts *aopts,
                                strbuf *err)
{
    net_engine *e = net_engine_new(loop, nopts, err);
    return e ? api_client_new_on(loop, e, aopts) : NULL;
}

api_client *api_client_new(uv_loop_t *loop, const pexcon_config *cfg, strbuf *err)
{
    net_opts n = {
        .base_url = cfg->url,
        .user = cfg->user,
        .password = cfg->password,
        .ca_file = cfg->ca_file,
        .insecure = cfg->insecure,
        .timeout_s = cfg->timeout_s,
    };
    api_opts a = {.page_size = cfg->page_size, .read_only = cfg->read_only};
    return api_client_new_with(loop, &n, &a, err);
}

void api_client_set_large_pages(api_client *c, int mode)
{
    c->opts.large_pages = mode;
}

void api_client_free(api_client *c)
{
    if (!c)
        return;
    /* The engine drops every transfer at once (no callbacks); cancelling
     * them one by one would only start queued reads in between. */
    for (api_request *r = c->live; r; r = r->next)
        r->net = r->prefetch = NULL;
    net_engine_free(c->net);
    while (c->live)
        api_cancel(c->live);
    free(c);
}

net_engine *api_client_net(api_client *c)
{
    return c->net;
}

uv_loop_t *api_client_loop(api_client *c)
{
    return c->loop;
}

int api_client_page_size(const api_client *c)
{
    return c->opts.page_size;
}

bool api_client_read_only(const api_client *c)
{
    return c->opts.read_only;
}

/* ---- request bookkeeping ---- */

api_request *api_request_new(api_client *c, api_req_type type, void *ctx)
{
    api_request *r = xcalloc(1, sizeof *r);
    r->client = c;
    r->type = type;
    r->ctx = ctx;
    r->attempt = 1;
    r->total_count = -1;
    r->page_limit = -1;
    r->t_start = uv_hrtime();
    uv_timer_init(c->loop, &r->timer);
    r->timer.data = r;
    r->next = c->live;
    if (c->live)
        c->live->prev = r;
    c->live = r;
    return r;
}

static void request_closed(uv_handle_t *h)
{
    api_request *r = h->data;
    free(r->path);
    free(r->prefetch_path);
    free(r->command);
    free(r->body);
    json_decref(r->objects);
    json_decref(r->seen);
    json_decref(r->visited);
    api_list_drop_held(r);
    free(r);
}

void api_request_release(api_request *r)
{
    api_client *c = r->client;
    if (r->prev)
        r->prev->next = r->next;
    else if (c->live == r)
        c->live = r->next;
    if (r->next)
        r->next->prev = r->prev;
    r->prev = r->next = NULL;
    r->finished = true;
    api_list_drop_held(r); /* a page in the thread pool is freed when it comes back */
    uv_timer_stop(&r->timer);
    uv_close((uv_handle_t *)&r->timer, request_closed);
}

void api_cancel(api_request *r)
{
    if (!r || r->finished)
        return;
    if (r->net) {
        net_cancel(r->net);
        r->net = NULL;
    }
    if (r->prefetch) {
        net_cancel(r->prefetch);
        r->prefetch = NULL;
    }
    api_request_release(r);
}

void api_request_later(api_request *r, double delay_s, uv_timer_cb cb)
{
    uint64_t ms = delay_s > 0 ? (uint64_t)llround(delay_s * 1000.0) : 0;
    uv_timer_start(&r->timer, cb, ms, 0);
}

double api_elapsed(const api_request *r)
{
    return (double)(uv_hrtime() - r->t_start) / 1e9;
}

/* ---- retries ---- */

double api_retry_delay(double initial, int attempt, double retry_after, double jitter)
{
    if (retry_after >= 0)
        return retry_after;
    double base = initial * pow(2.0, attempt > 1 ? attempt - 1 : 0);
    return base * (0.75 + 0.5 * jitter); /* ±25% */
}

static double next_jitter(api_client *c)
{
    /* xorshift64: only spreads retries apart, no security role. */
    uint64_t x = c->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c->rng = x;
    return (double)(x >> 11) / 9007199254740992.0;
}

bool api_read_maybe_retry(api_request *r, const net_response *resp, const api_error *err,
                          uv_timer_cb retry_cb)
{
    api_client *c = r->client;
    if (!api_error_retryable(err->kind) || r->attempt >= c->opts.read_attempts)
        return false;
    double ra = err->retry_after > 0 ? err->retry_after : -1;
    if (ra > c->opts.retry_after_max_s)
        return false; /* the server wants a long pause: report it instead */
    double delay = api_retry_delay(c->opts.backoff_initial_s, r->attempt, ra, next_jitter(c));
    r->attempt++;
    r->retries++;
    api_request_later(r, delay, retry_cb);
    return true;
}

/* ---- single GET ---- */

static void get_start(api_request *r);

static void get_retry(uv_timer_t *t)
{
    get_start(t->data);
}

static void get_done(const net_response *resp, void *ctx)
{
    api_request *r = ctx;
    r->net = NULL;
    api_get_result res = {0};
    json_t *json = NULL;
    api_classify(resp, &res.error, &json);
    if (res.error.kind != API_OK) {
        json_decref(json);
        if (api_read_maybe_retry(r, resp, &res.error, get_retry))
            return;
        json = NULL;
    }
    res.json = json;
    res.retries = r->retries;
    res.elapsed = api_elapsed(r);
    r->finished = true;
    if (r->get_cb)
        r->get_cb(&res, r->ctx);
    json_decref(json);
    api_request_release(r);
}

static void fail_later(uv_timer_t *t)
{
    api_request *r = t->data;
    api_get_result res = {0};
    res.error.kind = API_ERR_NETWORK;
    snprintf(res.error.message, sizeof res.error.message, "could not start the request");
    res.elapsed = api_elapsed(r);
    r->finished = true;
    if (r->get_cb)
        r->get_cb(&res, r->ctx);
    api_request_release(r);
}

static void get_start(api_request *r)
{
    r->net = net_get(r->client->net, r->path, get_done, r);
    if (!r->net)
        api_request_later(r, 0, fail_later);
}

void api_resource_path(strbuf *out, const char *resource)
{
    if (!resource)
        resource = "";
    if (resource[0] == '/' || strncmp(resource, "http://", 7) == 0 ||
        strncmp(resource, "https://", 8) == 0) {
        sb_append(out, resource);
        return;
    }
    sb_append(out, "/api/admin/");
    sb_append(out, resource);
}

api_request *api_get(api_client *c, const char *path, api_get_cb cb, void *ctx)
{
    api_request *r = api_request_new(c, API_REQ_GET, ctx);
    strbuf sb = STRBUF_INIT;
    api_resource_path(&sb, path);
    r->path = sb_steal(&sb);
    r->get_cb = cb;
    get_start(r);
    return r;
}
