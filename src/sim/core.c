/* Reply helpers and the world lock. See core.h. */
#include "sim/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "sim/text.h"

double sim_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sim_core_lock(sim_core *c)
{
    pthread_mutex_lock(&c->world_lock);
    sim_world_tick(c->world, sim_now());
}

void sim_core_unlock(sim_core *c)
{
    pthread_mutex_unlock(&c->world_lock);
}

void sim_reply_init(sim_reply *r)
{
    memset(r, 0, sizeof *r);
}

void sim_reply_free(sim_reply *r)
{
    free(r->body);
    sim_reply_init(r);
}

void sim_reply_take(sim_reply *r, int status, const char *content_type, char *body, size_t len)
{
    free(r->body);
    r->status = status;
    r->content_type = content_type;
    r->body = body;
    r->len = body ? len : 0;
}

void sim_reply_text(sim_reply *r, int status, const char *content_type, const char *text)
{
    char *copy = xstrdup(text);
    sim_reply_take(r, status, content_type, copy, strlen(copy));
}

void sim_reply_empty(sim_reply *r, int status)
{
    sim_reply_take(r, status, NULL, NULL, 0);
}

void sim_reply_json(sim_reply *r, int status, json_t *body)
{
    size_t len = 0;
    char *text = body ? sim_json_text(body, &len) : NULL;
    json_decref(body);
    if (!text) {
        sim_reply_empty(r, 500);
        return;
    }
    sim_reply_take(r, status, SIM_CONTENT_JSON, text, len);
}

void sim_reply_error(sim_reply *r, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sim_vformat(fmt, ap);
    va_end(ap);
    char *clean = sim_utf8_scrub(msg);
    sim_reply_json(r, status, json_pack("{s:s}", "error", clean));
    free(clean);
    free(msg);
}
