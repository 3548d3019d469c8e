/* Paged listings: ask for an explicit page size, follow meta.next until it
 * ends, keep every object once (by id), skip entries that are not objects.
 * One paging engine serves both api_list() (every object collected, a later
 * copy of an id replacing the earlier one) and api_list_paged() (each page's
 * new objects handed over as it is parsed, only the ids kept).
 *
 * Pages are fetched one after the other on one kept-alive connection: the
 * server's meta.next is the only reliable way forward when the server caps
 * the page size or the collection changes under us. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/internal.h"
#include "common/jsonload.h"
#include "common/jsonutil.h"
#include "common/xmalloc.h"

#define API_MAX_PAGES 100000 /* a server whose next never ends must not loop forever */

void api_build_list_path(strbuf *out, const char *resource, int limit, const api_param *params,
                         size_t nparams)
{
    api_resource_path(out, resource);
    char sep = strchr(sb_str(out), '?') ? '&' : '?';
    if (limit > 0) {
        sb_printf(out, "%climit=%d", sep, limit);
        sep = '&';
    }
    for (size_t i = 0; i < nparams; i++) {
        const char *k = params[i].key;
        if (!k || !*k || strcmp(k, "limit") == 0 || strcmp(k, "offset") == 0)
            continue;
        sb_append_char(out, sep);
        sep = '&';
        sb_append_urlencoded(out, k);
        sb_append_char(out, '=');
        sb_append_urlencoded(out, params[i].value ? params[i].value : "");
    }
}

char *api_next_path(const json_t *meta)
{
    const char *next = jget_str(meta, "next");
    if (!next || !*next || strcmp(next, "None") == 0 || strcmp(next, "null") == 0)
        return NULL;
    if (strncasecmp(next, "http://", 7) == 0 || strncasecmp(next, "https://", 8) == 0) {
        const char *p = strstr(next, "://") + 3;
        p += strcspn(p, "/?");
        next = *p ? p : "/";
    }
    if (next[0] == '?')
        return NULL; /* a bare query has no path to apply it to: treat as the end */
    return xstrdup(next);
}

static void list_start(api_request *r);

static void list_page_done(const net_response *resp, void *ctx);

static void skip_space(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t'))
        (*p)++;
}

/* meta.next of a page whose body starts with {"meta": {...}, as Tastypie
 * writes it, parsed without parsing the (large) objects list; NULL when the
 * body is shaped otherwise. Used only as a hint to start the next request
 * early: the full parse has the last word. */
static char *peek_next_path(const net_response *resp)
{
    if (resp->failure != NET_OK || resp->status < 200 || resp->status >= 300)
        return NULL;
    const char *p = resp->body, *end = resp->body + resp->body_len;
    skip_space(&p, end);
    if (p >= end || *p++ != '{')
        return NULL;
    skip_space(&p, end);
    if ((size_t)(end - p) < 6 || memcmp(p, "\"meta\"", 6) != 0)
        return NULL;
    p += 6;
    skip_space(&p, end);
    if (p >= end || *p++ != ':')
        return NULL;
    json_error_t jerr;
    json_t *meta = json_load_fast(p, (size_t)(end - p), JSONLOAD_STOP_AFTER_VALUE, &jerr);
    char *next = api_next_path(meta);
    json_decref(meta);
    return next;
}

static void drop_prefetch(api_request *r)
{
    if (r->prefetch)
        net_cancel(r->prefetch);
    r->prefetch = NULL;
    free(r->prefetch_path);
    r->prefetch_path = NULL;
}

/* Ask for the next page now, so the server prepares it while we parse. */
static void start_prefetch(api_request *r, const net_response *resp)
{
    char *next = peek_next_path(resp);
    if (!next || strcmp(next, r->path) == 0) {
        free(next);
        return;
    }
    r->prefetch = net_get(r->client->net, next, list_page_done, r);
    if (r->prefetch)
        r->prefetch_path = next;
    else
        free(next);
}

static void list_finish(api_request *r, const api_error *err)
{
    api_list_result res = {0};
    if (err)
        res.error = *err;
    res.objects = r->objects;
    res.pages = r->pages;
    res.total_count = r->total_count;
    res.page_limit = r->page_limit;
    res.skipped = r->skipped;
    res.duplicates = r->duplicates;
    res.retries = r->retries;
    res.elapsed = api_elapsed(r);
    r->finished = true;
    if (r->list_cb)
        r->list_cb(&res, r->ctx);
    api_request_release(r);
}

static void list_fail(api_request *r, api_error_kind kind, const char *msg)
{
    api_error err = {.kind = kind};
    snprintf(err.message, sizeof err.message, "%s", msg);
    list_finish(r, &err);
}

/* The id of one listed entry ("" when it has none), or NULL when the entry
 * is not an object: one odd entry is counted and skipped, never fatal. */
static const char *list_entry_id(api_request *r, const json_t *o, char *buf, size_t size)
{
    if (!json_is_object(o)) {
        r->skipped++;
        return NULL;
    }
    const char *id = jget_id(o, "id", buf, size);
    return id ? id : "";
}

/* Append one page's objects to `into`, counting (and skipping) odd entries
 * and ids seen before. replace: a later copy of an id takes the place of the
 * earlier one in `into` (seen maps id -> index); else it is dropped, the
 * first copy having gone out with an earlier page (seen maps id -> true). */
static void list_take_new(api_request *r, json_t *objects, json_t *into, bool replace)
{
    size_t i;
    json_t *o;
    json_array_foreach(objects, i, o)
    {
        char idbuf[64];
        const char *id = list_entry_id(r, o, idbuf, sizeof idbuf);
        if (!id)
            continue;
        if (*id) {
            json_t *at = json_object_get(r->seen, id);
            if (at) {
                r->duplicates++;
                if (replace)
                    json_array_set(into, (size_t)json_integer_value(at), o);
                continue;
            }
            json_object_set_new(r->seen, id,
                                replace ? json_integer((json_int_t)json_array_size(into))
                                        : json_true());
        }
        json_array_append(into, o);
    }
}

/* Paged listing: hand the page's new objects over, remember only their
 * ids (the objects themselves are the caller's to print and drop). */
static void list_hand_over_page(api_request *r, json_t *objects)
{
    json_t *fresh = json_array();
    list_take_new(r, objects, fresh, false);
    api_list_page page = {.objects = fresh,
                          .page = r->pages,
                          .total_count = r->total_count,
                          .page_limit = r->page_limit};
    r->page_cb(&page, r->ctx);
    json_decref(fresh);
}

static void list_retry(uv_timer_t *t)
{
    list_start(t->data);
}

/* How a paged listing takes a large page (api_opts.large_pages): on a turn
 * of the loop of its own, so that pages that arrive back to back never
 * hold the loop together and a key pressed meanwhile is read between them;
 * parsed there, or in libuv's thread pool while the loop goes on. Nothing
 * else of the listing is in flight meanwhile: the next page is asked for
 * when this one is taken. */
#define HOLD_MIN_BYTES (64 * 1024)

typedef struct held_page {
    net_response resp;
    char *path, *body, *content_type, *error;
    uv_work_t work;
    api_request *owner;
    bool working; /* in the thread pool */
    bool orphan;  /* its listing ended meanwhile: freed when the work returns */
    bool parsed;
    json_t *json; /* the parsed body (parsed), handed to the listing */
    json_error_t jerr;
} held_page;

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void held_free(held_page *h)
{
    json_decref(h->json);
    free(h->path);
    free(h->body);
    free(h->content_type);
    free(h->error);
    free(h);
}

void api_list_drop_held(api_request *r)
{
    held_page *h = r->held;
    if (!h)
        return;
    r->held = NULL;
    if (h->working) {
        h->orphan = true; /* the pool still has it */
        uv_cancel((uv_req_t *)&h->work);
        return;
    }
    held_free(h);
}

static void list_take_page(api_request *r, const net_response *resp, held_page *held);

static void list_take_held(api_request *r, held_page *h)
{
    list_take_page(r, &h->resp, h);
    if (r->held == h)
        api_list_drop_held(r);
}

static void list_held_turn(uv_timer_t *t)
{
    api_request *r = t->data;
    if (r->held)
        list_take_held(r, r->held);
}

static void parse_in_pool(uv_work_t *w)
{
    held_page *h = w->data;
    h->json = json_load_fast(h->body, h->resp.body_len, 0, &h->jerr);
    h->parsed = true;
}

static void parsed_in_pool(uv_work_t *w, int status)
{
    held_page *h = w->data;
    h->working = false;
    if (h->orphan || status == UV_ECANCELED) {
        held_free(h);
        return;
    }
    list_take_held(h->owner, h);
}

static void list_hold(api_request *r, const net_response *resp, bool pool)
{
    held_page *h = xcalloc(1, sizeof *h);
    h->resp = *resp;
    h->resp.path = h->path = dup_or_null(resp->path);
    h->body = xmalloc(resp->body_len + 1);
    memcpy(h->body, resp->body, resp->body_len);
    h->body[resp->body_len] = '\0';
    h->resp.body = h->body;
    h->resp.content_type = h->content_type = dup_or_null(resp->content_type);
    h->resp.error = h->error = dup_or_null(resp->error ? resp->error : "");
    h->resp.hint = NULL;
    h->owner = r;
    h->work.data = h;
    r->held = h;
    if (pool && uv_queue_work(r->client->loop, &h->work, parse_in_pool, parsed_in_pool) == 0)
        h->working = true;
    else
        api_request_later(r, 0, list_held_turn);
}

static void list_page_done(const net_response *resp, void *ctx)
{
    api_request *r = ctx;
    r->net = NULL;
    int mode = r->client->opts.large_pages;
    if (r->page_cb && mode != API_PAGES_AT_ONCE && resp->body_len >= HOLD_MIN_BYTES &&
        resp->failure == NET_OK) {
        list_hold(r, resp, mode == API_PAGES_IN_POOL);
        return;
    }
    list_take_page(r, resp, NULL);
}

static void list_take_page(api_request *r, const net_response *resp, held_page *held)
{
    start_prefetch(r, resp);
    api_error err;
    json_t *json = NULL;
    if (held && held->parsed) {
        api_classify_parsed(resp, &err, &json, held->json, &held->jerr);
        held->json = NULL; /* the listing's now */
    } else {
        api_classify(resp, &err, &json);
    }
    json_t *objects = NULL, *meta = NULL;
    if (err.kind == API_OK) {
        if (json_is_array(json)) {
            objects = json; /* a bare list: one page, no meta */
        } else if (json_is_object(json)) {
            objects = json_object_get(json, "objects");
            meta = json_object_get(json, "meta");
        }
        if (!json_is_array(objects)) {
            err.kind = API_ERR_BAD_JSON;
            snprintf(err.message, sizeof err.message,
                     "unexpected answer from the server: no \"objects\" list");
        }
    }
    if (err.kind != API_OK) {
        json_decref(json);
        drop_prefetch(r);
        if (api_read_maybe_retry(r, resp, &err, list_retry))
            return;
        list_finish(r, &err);
        return;
    }

    r->pages++;
    r->attempt = 1; /* each page gets its own attempts */
    long long v;
    if (jget_int(meta, "limit", &v))
        r->page_limit = (int)v;
    if (jget_int(meta, "total_count", &v))
        r->total_count = v;
    if (!r->page_cb) {
        list_take_new(r, objects, r->objects, true); /* a later copy replaces the earlier */
    } else {
        list_hand_over_page(r, objects);
        if (r->finished) {
            json_decref(json); /* cancelled from on_page: the prefetch went with it */
            return;
        }
    }
    char *next = api_next_path(meta);
    json_decref(json);
    bool prefetched = next && r->prefetch && strcmp(next, r->prefetch_path) == 0;
    if (!prefetched)
        drop_prefetch(r);
    if (!next) {
        list_finish(r, NULL);
        return;
    }
    json_object_set_new(r->visited, r->path, json_true());
    if (json_object_get(r->visited, next) || r->pages >= API_MAX_PAGES) {
        free(next);
        drop_prefetch(r);
        list_fail(r, API_ERR_BAD_JSON, "the server's meta.next link does not advance");
        return;
    }
    free(r->path);
    r->path = next;
    if (prefetched) {
        r->net = r->prefetch; /* already on its way */
        r->prefetch = NULL;
        free(r->prefetch_path);
        r->prefetch_path = NULL;
    } else {
        list_start(r);
    }
}

static void list_start_failed(uv_timer_t *t)
{
    list_fail(t->data, API_ERR_NETWORK, "could not start the request");
}

static void list_start(api_request *r)
{
    r->net = net_get(r->client->net, r->path, list_page_done, r);
    if (!r->net)
        api_request_later(r, 0, list_start_failed);
}

static api_request *list_begin(api_client *c, const char *resource, const api_param *params,
                               size_t nparams, api_list_page_cb on_page, api_list_cb on_done,
                               void *ctx)
{
    api_request *r = api_request_new(c, API_REQ_LIST, ctx);
    r->list_cb = on_done;
    r->page_cb = on_page;
    r->asked_limit = c->opts.page_size;
    r->objects = json_array();
    r->seen = json_object();
    r->visited = json_object();
    strbuf sb = STRBUF_INIT;
    api_build_list_path(&sb, resource, r->asked_limit, params, nparams);
    r->path = sb_steal(&sb);
    list_start(r);
    return r;
}

api_request *api_list(api_client *c, const char *resource, const api_param *params, size_t nparams,
                      api_list_cb cb, void *ctx)
{
    return list_begin(c, resource, params, nparams, NULL, cb, ctx);
}

api_request *api_list_paged(api_client *c, const char *resource, const api_param *params,
                            size_t nparams, api_list_page_cb on_page, api_list_cb on_done,
                            void *ctx)
{
    if (!on_page)
        return NULL;
    return list_begin(c, resource, params, nparams, on_page, on_done, ctx);
}
