/* The platform views' shared state and helpers (private to src/ui).
 *
 * Screens: a platform view shown with ':name' may bring drill-down panes
 * (nodes → node load and calls; locations → nodes; history conferences →
 * participants → media streams; alarms with their history; the three cloud
 * tables). screens.c lays them out, routes Esc back one level, owns the
 * fetch hooks (paths, rates) and the header summary; the views_*.c files
 * hold the columns. */
#ifndef PEXCON_UI_PLATFORM_H
#define PEXCON_UI_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "ops/history.h"
#include "ui/app.h"

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

typedef struct side_fetch {
    api_request *req; /* in flight (ctx is the app: nothing to free) */
    double next_due;  /* monotonic */
    unsigned failures;
    unsigned generation; /* bumps on every answer (detects synchronous ones) */
} side_fetch;

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

    /* nodes → load and calls */
    bool node_open;
    char node_id[64];
    /* locations → nodes */
    bool location_open;
    char location[256];
    /* alarms: focus the history pane after layout */
    /* history */
    history_query history;
    bool hparts_open;
    char hconf_id[160];
    char hconf_name[256];
    bool hstreams_open;
    char hpart_id[160];
    char hpart_name[256];
    bool hstreams_embedded; /* the participant listing carried them */

    /* header counts while the main panes are not shown */
    side_fetch counts;
    int counts_step; /* 0: conferences, 1: participants */
    long long conf_count, part_count;
    bool counts_known;

    /* trouble: media streams of the worst candidates */
    side_fetch trouble;
    trouble_probe probes[64];
    size_t nprobes;
    char probing[160];
} ui_platform;

/* The state, created on first use (NULL only when memory ran out). */
ui_platform *screens_state(ui_app *app);

/* ---- screens ------------------------------------------------------------------------ */

/* Focus a view of the current screen by name (after app_layout). */
void screen_focus(ui_app *app, const char *view_name);
/* Re-lay the screen after a drill-down level opened or closed. */
void screen_relayout(ui_app *app, const char *focus_view);
/* Show the main panes with this participant selected in its conference. */
void screens_jump_to_participant(ui_app *app, const char *participant_id,
                                 const char *conference_name);
/* For views whose rows are live participants (node calls, trouble): they
 * need the all-participants listing and node names, and Enter goes to the
 * call in the main panes. */
void screens_live_calls_fetch_plan(ui_app *app, ui_fetch_plan *plan);
void screens_live_call_enter(ui_app *app, ui_view *v);
/* Show ':nodes' with this node (worker_vm id) selected and its detail open. */
void screens_show_node(ui_app *app, const char *node_id);

/* Drill-down levels (views_platform.c / views_history.c). */
void nodes_open_detail(ui_app *app, const model_row *node);
void history_open_participants(ui_app *app, const model_row *conference);
void history_open_streams(ui_app *app, const model_row *participant);
/* Refill MT_HISTORY_STREAMS from the open participant's embedded streams
 * after a refresh of the participants (no request). */
void history_streams_from_listing(ui_app *app);
/* Apply a new history query (resets the drill-down). */
void history_apply_query(ui_app *app, const history_query *q);

/* Trouble: side fetcher tick and probe lookup (views_trouble.c). */
void trouble_tick(ui_app *app);
void trouble_cancel(ui_app *app);
const trouble_probe *trouble_probe_of(ui_app *app, const char *participant_id);

/* ---- cells (views_cells.c) ----------------------------------------------------------- */

/* The text of a JSON field. */
void cell_json(const model_row *row, const char *field, ui_cell *out);
/* display_name, else the fallback field (flashes on display_name). */
void cell_display_name(const model_row *row, const char *fallback_field, ui_cell *out);
/* A live participant's name: display_name, else source_alias. */
void cell_participant_name(ui_app *app, const model_row *row, int sub, ui_cell *out);
/* A date-time field: "HH:MM:SS" today (UTC), else "YYYY-MM-DD HH:MM". */
void cell_time(const model_row *row, const char *field, ui_cell *out);
/* Time since a date-time field: "42s", "3:07", "2d04h". */
void cell_age(const model_row *row, const char *field, ui_cell *out);
/* A usage bar "███▌░░░░  42%" of `width` columns for used/total (or a
 * percentage when total is 100), slot by level: < 75 % good, < 90 % ok,
 * else terrible. The number is always in the text (never colour alone). */
void cell_bar(ui_app *app, double used, double total, int width, ui_cell *out);
/* A node IP as its name (configuration/v1/worker_vm), else the IP. */
void cell_node(ui_app *app, const model_row *row, const char *field, ui_cell *out);
/* Call quality with its symbol and word. */
void cell_call_quality(ui_app *app, call_quality q, ui_cell *out);
/* A packet loss percentage with the precision it has (two decimals: a
 * real 0.02 never reads 0.0), styled by the quality it means. */
void cell_loss(double percent, ui_cell *out);
/* Alarm level with symbol and word: "✖ critical", "▲ error", "◆ warning",
 * "● info" (ASCII: X ! ~ o). */
void cell_alarm_level(ui_app *app, alarm_level l, ui_cell *out);
const char *alarm_level_glyph(alarm_level l, bool ascii);
theme_slot alarm_level_slot(alarm_level l);
/* Time field as epoch for sorting (-1 when absent). */
double row_time(const model_row *row, const char *field);
/* Numeric field (-1 when absent). */
double row_number(const model_row *row, const char *field);

/* ---- view classes ------------------------------------------------------------------- */

extern const ui_view_class view_nodes, view_node_load, view_node_calls, view_locations,
    view_location_nodes, view_alarms, view_alarm_history, view_registrations, view_licensing,
    view_cloud_nodes, view_cloud_monitored, view_cloud_overflow, view_history,
    view_history_participants, view_history_streams, view_trouble;

#endif
