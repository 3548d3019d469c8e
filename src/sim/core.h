/* pexsim internals shared by the HTTP glue (server.c), the API routes
 * (api.c) and the control endpoint (control.c): the simulated world behind
 * its one mutex, fault rules, statistics, and the reply type each handler
 * fills without knowing about libmicrohttpd. */
#ifndef PEXSIM_CORE_H
#define PEXSIM_CORE_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "sim/fault.h"
#include "sim/stats.h"
#include "sim/world/world.h"

#define SIM_CONTENT_JSON "application/json"
#define SIM_CONTENT_HTML "text/html; charset=utf-8"

typedef struct sim_reply {
    int status;
    char *body; /* owned, may be NULL for an empty body */
    size_t len;
    const char *content_type; /* static; NULL for none */
    int retry_after;          /* > 0: add Retry-After */
    bool www_authenticate;    /* add WWW-Authenticate: Basic realm=... */
    const char *allow;        /* static; Allow header for 405 */
} sim_reply;

typedef struct sim_core {
    sim_world *world;
    pthread_mutex_t world_lock; /* held around every call into the world */
    sim_faults *faults;
    sim_stats *stats;
    long max_limit;
    bool accept_form; /* --accept-form: commands may come form-encoded */
} sim_core;

/* Wall-clock seconds since the epoch. */
double sim_now(void);

/* Take the world lock and bring the simulation up to now. */
void sim_core_lock(sim_core *c);
void sim_core_unlock(sim_core *c);

void sim_reply_init(sim_reply *r);
void sim_reply_free(sim_reply *r);
/* Serialize `body` (reference stolen; NULL gives 500). */
void sim_reply_json(sim_reply *r, int status, json_t *body);
/* {"error": "<message>"} */
void sim_reply_error(sim_reply *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sim_reply_empty(sim_reply *r, int status);
/* Take over a malloc'ed body. */
void sim_reply_take(sim_reply *r, int status, const char *content_type, char *body, size_t len);
void sim_reply_text(sim_reply *r, int status, const char *content_type, const char *text);

#endif
