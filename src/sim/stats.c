/* Counters and logs. See stats.h. */
#include "sim/stats.h"

#include "common/xmalloc.h"
#include "sim/text.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct request_entry {
    uint64_t seq;
    double time;
    char method[12];
    char *path;
    char *query;
    int status;
    uint64_t connection;
    char *fault;
    size_t bytes;
    double ms;
} request_entry;

typedef struct command_entry {
    uint64_t seq;
    json_t *json; /* the whole record, ready to serve */
} command_entry;

#define STATUS_SLOTS 600

struct sim_stats {
    pthread_mutex_t lock;
    uint64_t generation; /* bumped by reset */
    uint64_t next_connection_id;
    uint64_t connections_total;
    uint64_t connections_accepted;
    uint64_t requests;
    uint64_t bytes_sent;
    long in_flight;
    long max_in_flight;
    uint64_t dropped;
    uint64_t status_counts[STATUS_SLOTS];

    request_entry requests_ring[SIM_REQUEST_LOG_CAPACITY];
    uint64_t request_seq; /* last seq handed out */
    size_t request_count; /* entries in the ring */

    command_entry commands_ring[SIM_COMMAND_LOG_CAPACITY];
    uint64_t command_seq;
    size_t command_count;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

sim_stats *sim_stats_new(void)
{
    sim_stats *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    s->generation = 1;
    return s;
}

static void request_entry_clear(request_entry *e)
{
    free(e->path);
    free(e->query);
    free(e->fault);
    memset(e, 0, sizeof *e);
}

static void logs_clear(sim_stats *s)
{
    for (size_t i = 0; i < SIM_REQUEST_LOG_CAPACITY; i++)
        request_entry_clear(&s->requests_ring[i]);
    for (size_t i = 0; i < SIM_COMMAND_LOG_CAPACITY; i++) {
        json_decref(s->commands_ring[i].json);
        s->commands_ring[i].json = NULL;
    }
    s->request_count = 0;
    s->command_count = 0;
}

void sim_stats_free(sim_stats *s)
{
    if (!s)
        return;
    logs_clear(s);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

uint64_t sim_stats_connection_opened(sim_stats *s)
{
    pthread_mutex_lock(&s->lock);
    uint64_t id = ++s->next_connection_id;
    s->connections_total++;
    pthread_mutex_unlock(&s->lock);
    return id;
}

void sim_stats_connection_used(sim_stats *s, uint64_t *generation)
{
    pthread_mutex_lock(&s->lock);
    if (*generation != s->generation) {
        *generation = s->generation;
        s->connections_accepted++;
    }
    pthread_mutex_unlock(&s->lock);
}

void sim_stats_request_begin(sim_stats *s)
{
    pthread_mutex_lock(&s->lock);
    s->requests++;
    if (++s->in_flight > s->max_in_flight)
        s->max_in_flight = s->in_flight;
    pthread_mutex_unlock(&s->lock);
}

void sim_stats_request_end(sim_stats *s)
{
    pthread_mutex_lock(&s->lock);
    if (s->in_flight > 0)
        s->in_flight--;
    pthread_mutex_unlock(&s->lock);
}

void sim_stats_log_request(sim_stats *s, const sim_request_record *r)
{
    char *path = sim_utf8_scrub(r->path);
    char *query = sim_utf8_scrub(r->query);
    char *fault = sim_utf8_scrub(r->fault);
    pthread_mutex_lock(&s->lock);
    s->bytes_sent += r->bytes;
    if (r->status <= 0)
        s->dropped++;
    else if (r->status < STATUS_SLOTS)
        s->status_counts[r->status]++;
    uint64_t seq = ++s->request_seq;
    request_entry *e = &s->requests_ring[seq % SIM_REQUEST_LOG_CAPACITY];
    request_entry_clear(e);
    e->seq = seq;
    e->time = now_seconds();
    snprintf(e->method, sizeof e->method, "%s", r->method ? r->method : "");
    e->path = path;
    e->query = query;
    e->fault = fault;
    e->status = r->status;
    e->connection = r->connection;
    e->bytes = r->bytes;
    e->ms = r->ms;
    if (s->request_count < SIM_REQUEST_LOG_CAPACITY)
        s->request_count++;
    pthread_mutex_unlock(&s->lock);
}

void sim_stats_log_command(sim_stats *s, const sim_command_record *r)
{
    /* Request-derived text may be any bytes; the log is JSON. */
    char *method = sim_utf8_scrub(r->method);
    char *path = sim_utf8_scrub(r->path);
    char *command = sim_utf8_scrub(r->command);
    char *ctype = sim_utf8_scrub(r->content_type);
    json_t *rec = NULL;
    if (method && path && command && ctype)
        rec = json_pack("{s:f, s:s, s:s, s:s, s:O?, s:i, s:s, s:O?, s:s}", "time", now_seconds(),
                        "method", method, "path", path, "command", command, "params", r->params,
                        "status", r->status, "content_type", ctype, "response", r->response,
                        "fault", r->fault ? r->fault : "");
    free(method);
    free(path);
    free(command);
    free(ctype);
    if (!rec)
        return;
    pthread_mutex_lock(&s->lock);
    uint64_t seq = ++s->command_seq;
    json_object_set_new(rec, "seq", json_integer((json_int_t)seq));
    command_entry *e = &s->commands_ring[seq % SIM_COMMAND_LOG_CAPACITY];
    json_decref(e->json);
    e->seq = seq;
    e->json = rec;
    if (s->command_count < SIM_COMMAND_LOG_CAPACITY)
        s->command_count++;
    pthread_mutex_unlock(&s->lock);
}

static json_t *request_entry_json(const request_entry *e)
{
    return json_pack("{s:I, s:f, s:s, s:s, s:s, s:i, s:I, s:s, s:I, s:f}", "seq",
                     (json_int_t)e->seq, "time", e->time, "method", e->method, "path", e->path,
                     "query", e->query, "status", e->status, "connection",
                     (json_int_t)e->connection, "fault", e->fault, "bytes", (json_int_t)e->bytes,
                     "ms", e->ms);
}

json_t *sim_stats_requests_json(sim_stats *s, uint64_t since)
{
    json_t *list = json_array();
    if (!list)
        return NULL;
    pthread_mutex_lock(&s->lock);
    uint64_t first = s->request_seq - s->request_count + 1;
    if (since + 1 > first)
        first = since + 1;
    for (uint64_t seq = first; seq <= s->request_seq; seq++)
        json_array_append_new(
            list, request_entry_json(&s->requests_ring[seq % SIM_REQUEST_LOG_CAPACITY]));
    pthread_mutex_unlock(&s->lock);
    return list;
}

json_t *sim_stats_commands_json(sim_stats *s, uint64_t since)
{
    json_t *list = json_array();
    if (!list)
        return NULL;
    pthread_mutex_lock(&s->lock);
    uint64_t first = s->command_seq - s->command_count + 1;
    if (since + 1 > first)
        first = since + 1;
    for (uint64_t seq = first; seq <= s->command_seq; seq++) {
        json_t *rec = s->commands_ring[seq % SIM_COMMAND_LOG_CAPACITY].json;
        if (rec)
            json_array_append_new(list, json_deep_copy(rec));
    }
    pthread_mutex_unlock(&s->lock);
    return list;
}

json_t *sim_stats_counters_json(sim_stats *s)
{
    json_t *by_status = json_object();
    if (!by_status)
        return NULL;
    pthread_mutex_lock(&s->lock);
    for (int i = 0; i < STATUS_SLOTS; i++) {
        if (s->status_counts[i]) {
            char key[8];
            snprintf(key, sizeof key, "%d", i);
            json_object_set_new(by_status, key, json_integer((json_int_t)s->status_counts[i]));
        }
    }
    json_t *c = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "requests", (json_int_t)s->requests,
        "connections_accepted", (json_int_t)s->connections_accepted, "connections_total",
        (json_int_t)s->connections_total, "bytes_sent", (json_int_t)s->bytes_sent, "in_flight",
        (json_int_t)s->in_flight, "max_in_flight", (json_int_t)s->max_in_flight, "dropped",
        (json_int_t)s->dropped, "status", by_status);
    pthread_mutex_unlock(&s->lock);
    return c;
}

void sim_stats_reset(sim_stats *s)
{
    pthread_mutex_lock(&s->lock);
    logs_clear(s);
    s->generation++;
    s->connections_total = 0;
    s->connections_accepted = 0;
    s->requests = 0;
    s->bytes_sent = 0;
    s->dropped = 0;
    s->max_in_flight = s->in_flight;
    memset(s->status_counts, 0, sizeof s->status_counts);
    pthread_mutex_unlock(&s->lock);
}
