/* History search presets, shared by the console's :history and batch
 * `get history-participants`: participants whose streams lost packets above
 * a threshold (rx OR tx: the API cannot OR two filters, so two queries whose
 * answers are merged by id), or that ended in a window; conferences of a
 * time window, by name. */
#ifndef PEXCON_OPS_HISTORY_H
#define PEXCON_OPS_HISTORY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "api/client.h"
#include "common/strbuf.h"

/* History listings are bounded by a time window (default 24 h) so a node
 * with months of history is never asked for all of it. */
#define HISTORY_DEFAULT_WINDOW_S (24.0 * 3600)

typedef enum history_mode {
    HISTORY_CONFERENCES, /* conferences, then their participants */
    HISTORY_SEARCH,      /* participants matching a preset, across conferences */
} history_mode;

typedef struct history_query {
    history_mode mode;
    double window_s;   /* conferences started / participants ended in the last window_s; 0: any */
    char name[128];    /* conference name contains (conferences mode) */
    double loss_above; /* search: rx or tx packet loss >= this (percent); < 0: no loss filter */
    double ended_from; /* search: end_time >= (epoch); 0: now - window_s */
    double ended_to;   /* search: end_time < (epoch); 0: open */
} history_query;

/* Parse ':history ARGS' into *q (starting from the defaults):
 *   ""                      conferences of the last 24 h
 *   "2h" "30m" "7d" "90s"   window
 *   "name=TEXT"             conference name contains TEXT
 *   "loss N [WINDOW]"       participants with rx or tx packet loss >= N %
 *   "ended WINDOW"          participants that ended in the last WINDOW
 *   "ended FROM [TO]"       ... between FROM and TO (ISO date-time or HH:MM
 *                           today, UTC)
 * `now` is the epoch used for HH:MM. false with a message in err. */
bool history_parse_args(const char *args, double now, history_query *q, char *err, size_t size);

/* A loss threshold: a percentage, 0 to 100. */
bool history_parse_loss(const char *s, double *percent);

/* Duration text "2h", "30m", "1d12h" of a window. */
void history_window_text(double seconds, char *buf, size_t size);

/* How many queries a search is (the loss preset: rx then tx). */
unsigned history_search_queries(const history_query *q);

/* The filters of search query `index`: end_time__gte, end_time__lt and
 * the rx (index 0) or tx (index 1) loss. Values point into *out. */
typedef struct history_params {
    api_param p[3];
    size_t n;
    char from[40], to[40], loss[32];
} history_params;
bool history_search_params(const history_query *q, unsigned index, double now, history_params *out);

/* Append the query string of query number `index` (the loss preset is two
 * queries: rx then tx) to out; false when there is no such query. */
bool history_participants_query(const history_query *q, const char *conference_id, unsigned index,
                                double now, strbuf *out);
void history_conferences_query(const history_query *q, double now, strbuf *out);

/* Merge the answer of a later query into `into` by id, then sort it by
 * the order_by field ("-" for descending) as the server sorted each part;
 * stable. Returns the objects added. */
size_t history_merge(json_t *into, const json_t *more, const char *order);

#endif
