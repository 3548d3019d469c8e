/* What pexsim saw: counters, the recent request log (a ring buffer) and the
 * log of command requests, all served by the /_sim/ control endpoint so that
 * tests can assert what a client actually sent. Thread-safe.
 *
 * Control requests (/_sim/...) are not counted or logged. */
#ifndef PEXSIM_STATS_H
#define PEXSIM_STATS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_REQUEST_LOG_CAPACITY 16384
#define SIM_COMMAND_LOG_CAPACITY 10000

typedef struct sim_stats sim_stats;

typedef struct sim_request_record {
    const char *method;
    const char *path;
    const char *query; /* raw query string, "" when none */
    int status;        /* 0 when the connection was dropped */
    uint64_t connection;
    const char *fault; /* fired fault kinds, "" when none */
    size_t bytes;      /* body bytes sent */
    double ms;         /* time from request start to answer */
} sim_request_record;

typedef struct sim_command_record {
    const char *method;
    const char *path;
    const char *command;      /* "participant/mute" */
    const json_t *params;     /* borrowed; NULL when the body was not understood */
    int status;               /* 0 when dropped */
    const char *content_type; /* request Content-Type, "" when none */
    const json_t *response;   /* borrowed; NULL when not JSON */
    const char *fault;
} sim_command_record;

sim_stats *sim_stats_new(void);
void sim_stats_free(sim_stats *s);

/* A TCP connection was accepted; returns its id (1, 2, ...). */
uint64_t sim_stats_connection_opened(sim_stats *s);
/* An API request arrived on connection `id`; `*generation` is the
 * connection's own mark so that each connection counts once per reset. */
void sim_stats_connection_used(sim_stats *s, uint64_t *generation);

void sim_stats_request_begin(sim_stats *s);
void sim_stats_request_end(sim_stats *s);

void sim_stats_log_request(sim_stats *s, const sim_request_record *r);
void sim_stats_log_command(sim_stats *s, const sim_command_record *r);

/* New references. `since`: only entries with seq > since. */
json_t *sim_stats_requests_json(sim_stats *s, uint64_t since);
json_t *sim_stats_commands_json(sim_stats *s, uint64_t since);
json_t *sim_stats_counters_json(sim_stats *s);

/* Clear logs and counters (in_flight stays true; max_in_flight restarts
 * from it). */
void sim_stats_reset(sim_stats *s);

#endif
