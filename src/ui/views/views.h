/* The platform views' shared state and helpers (private to src/ui).
 *
 * Screens: a platform view shown with ':name' may bring drill-down panes
 * (nodes → node load and calls; locations → nodes; history conferences →
 * participants → media streams; alarms with their history; the three cloud
 * tables). Their screens are rows of nav/screens.c (panes, levels), the
 * navigation is core/nav.c, the fetch policy data/policy.c; these files
 * hold the columns, cells and titles. */
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
 * need the all-participants listing and node names (Enter goes to the
 * call: ENTER_CALL). */
void live_calls_fetch_plan(ui_app *app, ui_fetch_plan *plan);

/* The history screens (history.c): apply a new query (its screen shown
 * from the top); the presets' results' scope key, and leaving them (back
 * to the conference list of the same window). */
void history_apply_query(ui_app *app, const history_query *q);
void history_search_key(ui_app *app, char *buf, size_t size);
void history_search_leave(ui_app *app);

/* Width of a load bar (the cell adds " 42%"). */
#define VIEW_LOAD_BAR 10

/* ---- shared by the platform views (cells.c) ---- */

/* "used/total" of two fields ("?" for a missing one); its usage ratio for
 * sorting (-1 when unknown). */
void cell_ratio(const model_row *row, const char *used, const char *total, ui_cell *out);
double row_ratio(const model_row *row, const char *used, const char *total);
/* ", data 42 s old" when the table is older than two refresh intervals
 * (the platform-wide listings are asked less often on a large platform),
 * else "". */
void view_age_note(ui_app *app, model_table_id t, char *buf, size_t size);
/* Does the row's field hold exactly this text? */
bool row_field_is(const model_row *row, const char *field, const char *value);

/* The nodes' columns and cells, shared with a location's nodes (nodes.c). */
#define NODE_NCOLUMNS 12
extern const ui_column node_columns[NODE_NCOLUMNS];
void nodes_fetch_plan(ui_app *app, ui_fetch_plan *plan);
void node_load(ui_app *app, const model_row *row, int sub, ui_cell *out);
void node_tokens(ui_app *app, const model_row *row, int sub, ui_cell *out);
double node_tokens_key(ui_app *app, const model_row *row);

/* ---- column prototypes ----------------------------------------------------------------
 * One definition for each kind of column several tables show (elements of
 * array initializers can only be shared through a macro). */
// clang-format off
#define COL_NAME(title_, width_, min_width_, field_)                                               \
    {.name = "name", .title = title_, .width = width_, .min_width = min_width_, .flex = true,     \
     .field = field_}
#define COL_LOAD(priority_)                                                                        \
    {.name = "load", .title = "Media load", .width = VIEW_LOAD_BAR + 5, .priority = priority_,    \
     .sort_field = "media_load", .sort_descending = true, .cell = node_load}
#define COL_TOKENS(width_)                                                                         \
    {.name = "tokens", .title = "Tokens", .width = width_, .right = true, .priority = 1,          \
     .sort_key = node_tokens_key, .sort_descending = true, .cell = node_tokens}
/* A live participant: display_name, else source_alias. */
#define COL_PARTICIPANT(width_)                                                                    \
    {.name = "name", .title = "Name", .width = width_, .min_width = 12, .flex = true,             \
     .sort_field = "display_name", .cell = cell_participant_name}
#define COL_CONFERENCE(width_, min_width_, priority_, field_)                                      \
    {.name = "conference", .title = "Conference", .width = width_, .min_width = min_width_,       \
     .flex = true, .priority = priority_, .field = field_}
/* A date-time (UTC), newest first on the first 's'. */
#define COL_TIME(name_, title_, priority_, field_)                                                 \
    {.name = name_, .title = title_, .width = 16, .priority = priority_,                          \
     .sort_descending = true, .field = field_, .format = FIELD_TIME}
/* Time since a date-time field: "42s", "3:07". */
#define COL_DURATION(priority_, field_)                                                            \
    {.name = "duration", .title = "Duration", .width = 8, .right = true, .priority = priority_,   \
     .field = field_, .format = FIELD_AGE}
// clang-format on

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
