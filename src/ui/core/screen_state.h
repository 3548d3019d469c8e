/* The platform screens' state (part of the console's curses-free core):
 * the history query, the header's counts
 * and the trouble probes; and the refresh rates of the platform tables. */
#ifndef PEXCON_UI_SCREEN_STATE_H
#define PEXCON_UI_SCREEN_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "ops/history.h"
#include "ui/core/app.h"

/* ---- refresh rates (seconds; never faster than --refresh) ----------------- */

/* Nodes and alarms while a pane shows them: an operator watching load or
 * waiting for an alarm to clear wants to see it within seconds, but the
 * figures are computed by the Management Node every few seconds anyway. */
#define RATE_NODES_S 5.0
/* Locations: their load follows the calls like the nodes'. */
#define RATE_LOCATIONS_S 5.0
/* Node statistics: the Management Node records one sample per 10 s, so
 * asking more often can only return the same list. */
#define RATE_NODE_STATS_S 10.0
/* Licensing, registrations, cloud bursting and every history table change
 * slowly (a history record is written once, when the call ends): 30 s is
 * current enough and keeps the big history listings rare. */
#define RATE_SLOW_S 30.0
/* The header summary shows alarms and the busiest node on every screen.
 * Both are small listings (one object per alarm / per node), so polling
 * them always costs little; every 15 s keeps a new critical alarm from
 * going unseen for long, and is 3x slower than while their own view is
 * shown. The live conference/participant counts come from two limit=1
 * requests (meta.total_count) at the same rate when the main panes, which
 * list them in full, are not on screen. */
#define RATE_HEADER_S 15.0
/* :trouble reads the media streams of the worst TROUBLE_CANDIDATES live
 * participants only (call quality already ranks everyone), one request at
 * a time, at most one every TROUBLE_GAP_S, and any one participant at most
 * every TROUBLE_REPROBE_S (the server's windowed loss covers 20 s): at
 * most 1 request/s, whatever the number of calls. */
#define TROUBLE_CANDIDATES 20
#define TROUBLE_GAP_S 1.0
#define TROUBLE_REPROBE_S 10.0
/* Alarm history: the last 7 days. */
#define ALARM_HISTORY_WINDOW_S (7.0 * 24 * 3600)

/* ---- state ------------------------------------------------------------------------ */

typedef struct trouble_probe {
    char id[160];     /* participant id */
    double loss;      /* worst windowed loss over its streams, -1 unknown */
    double jitter;    /* worst jitter, -1 unknown */
    double probed_at; /* wall-clock time of the answer, 0 never */
    double asked_at;  /* monotonic time of the last request */
} trouble_probe;

typedef struct ui_platform {
    bool visible[MT_COUNT];    /* wanted by a pane on screen (last plan) */
    bool background[MT_COUNT]; /* wanted only by the header summary */

    /* the history screens' query */
    history_query history;

    /* header counts while the main panes are not shown */
    ui_poller counts; /* ui/data/poller.c */
    int counts_step;  /* 0: conferences, 1: participants */
    long long conf_count, part_count;
    bool counts_known;

    /* trouble: media streams of the worst candidates */
    ui_poller trouble;  /* ui/data/poller.c */
    bool probes_wanted; /* a pane on screen shows them (last plan) */
    trouble_probe probes[64];
    size_t nprobes;
    char probing[160];
} ui_platform;

/* The state, created on first use (never NULL: out of memory aborts). */
ui_platform *app_platform(ui_app *app);
void app_platform_free(ui_app *app);

#endif
