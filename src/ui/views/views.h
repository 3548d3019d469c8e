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
#include "ui/core/app.h"

#include "ui/data/probes.h"
#include "ui/core/screen_state.h"

/* ---- screens ------------------------------------------------------------------------ */

/* For views whose rows are live participants (node calls, trouble): they
 * need the all-participants listing and node names, and Enter goes to the
 * call in the main panes. */
void live_calls_fetch_plan(ui_app *app, ui_fetch_plan *plan);
void live_call_enter(ui_app *app, ui_view *v);
/* Show ':nodes' with this node (worker_vm id) selected and its detail open. */
void nodes_show(ui_app *app, const char *node_id);

/* Drill-down levels (views_platform.c / views_history.c). */
void nodes_open_detail(ui_app *app, const model_row *node);
void history_open_participants(ui_app *app, const model_row *conference);
void history_open_streams(ui_app *app, const model_row *participant);
/* Apply a new history query (resets the drill-down). */
void history_apply_query(ui_app *app, const history_query *q);

/* Width of a load bar (the cell adds " 42%"). */
#define VIEW_LOAD_BAR 10

/* ---- shared by the platform views (cells.c) ---- */

/* "used/total" of two fields ("?" for a missing one); its usage ratio for
 * sorting (-1 when unknown). */
void cell_ratio(const model_row *row, const char *used, const char *total, ui_cell *out);
double row_ratio(const model_row *row, const char *used, const char *total);
/* Does the row's field hold exactly this text? */
bool row_field_is(const model_row *row, const char *field, const char *value);
/* Close a drill-down level (its flag) and focus `focus_view`; false when it
 * was not open. */
bool view_close_level(ui_app *app, bool *open, const char *focus_view);

/* The nodes' columns and cells, shared with a location's nodes (nodes.c). */
#define NODE_NCOLUMNS 12
extern const ui_column node_columns[NODE_NCOLUMNS];
void nodes_fetch_plan(ui_app *app, ui_fetch_plan *plan);
void node_load(ui_app *app, const model_row *row, int sub, ui_cell *out);
void node_tokens(ui_app *app, const model_row *row, int sub, ui_cell *out);
double node_tokens_key(ui_app *app, const model_row *row);

/* ---- cells (views_cells.c) ----------------------------------------------------------- */

/* display_name, else the fallback field (flashes on display_name). */
void cell_display_name(const model_row *row, const char *fallback_field, ui_cell *out);
/* A live participant's name: display_name, else source_alias. */
void cell_participant_name(ui_app *app, const model_row *row, int sub, ui_cell *out);
/* A usage bar "███▌░░░░  42%" of `width` columns for used/total (or a
 * percentage when total is 100), slot by level: < 75 % good, < 90 % ok,
 * else terrible. The number is always in the text (never colour alone). */
void cell_bar(ui_app *app, double used, double total, int width, ui_cell *out);
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

/* ---- view classes ------------------------------------------------------------------- */

extern const ui_view_class view_nodes, view_node_load, view_node_calls, view_locations,
    view_location_nodes, view_alarms, view_alarm_history, view_registrations, view_licensing,
    view_cloud_nodes, view_cloud_monitored, view_cloud_overflow, view_history,
    view_history_participants, view_history_streams, view_trouble;

#endif
