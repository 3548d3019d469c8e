/* The fake engine for tests: see http.h. */
#include <stdio.h>

#include "net/internal.h"

net_engine *net_engine_new_fake(uv_loop_t *loop, int max_reads, net_fake_fn answer, void *ctx)
{
    net_engine *e = xcalloc(1, sizeof *e);
    e->loop = loop;
    e->fake = answer;
    e->fake_ctx = ctx;
    e->max_reads = max_reads > 0 ? max_reads : 5;
    e->user_agent = xstrdup("pexcon-fake");
    int rc = uv_async_init(loop, &e->keepalive, NULL);
    if (rc != 0) /* a test's loop out of file descriptors: nothing to test */
        net_fatal("uv_async_init", uv_strerror(rc));
    e->keepalive.data = e;
    uv_unref((uv_handle_t *)&e->keepalive);
    e->open_handles = 1;
    return e;
}

/* Ask the answer function; keep its reply in the request. */
static void ask(net_request *r)
{
    net_engine *e = r->eng;
    net_fake_reply rep = {.status = 200};
    e->fake(e->fake_ctx, r->method, r->path, r->post_body, &rep);
    free(r->buf);
    const char *body = rep.body ? rep.body : "";
    r->len = strlen(body);
    r->buf = xstrdup(body);
    free(r->fake_ctype);
    r->fake_ctype = xstrdup(rep.content_type ? rep.content_type : "application/json");
    r->fake_status = rep.status;
    r->fake_failure = rep.failure;
    r->fake_sent = rep.sent;
    r->fake_stalled = rep.stall;
    r->retry_after = rep.retry_after > 0 ? rep.retry_after : -1;
    if (rep.failure != NET_OK)
        snprintf(r->errbuf, sizeof r->errbuf, "fake transport: failure %d", (int)rep.failure);
}

void net_fake_start(net_request *r)
{
    ask(r);
}

size_t net_fake_deliver(net_engine *e)
{
    size_t n = 0;
    for (;;) {
        net_request *r = e->active.head;
        while (r && r->fake_stalled)
            r = r->next;
        if (!r)
            return n;
        net_request_finish(r, CURLE_OK);
        n++;
    }
}

size_t net_fake_release(net_engine *e, const char *prefix)
{
    size_t n = 0;
    for (net_request *r = e->active.head; r; r = r->next) {
        if (r->fake_stalled && (!prefix || strncmp(r->path, prefix, strlen(prefix)) == 0)) {
            ask(r); /* the answer function decides again (a test flips its stall) */
            n += !r->fake_stalled;
        }
    }
    return n;
}

size_t net_fake_pending(const net_engine *e)
{
    size_t n = 0;
    for (const net_request *r = e->active.head; r; r = r->next)
        n++;
    for (const net_request *r = e->queue.head; r; r = r->next)
        n++;
    return n;
}
