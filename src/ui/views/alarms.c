/* :alarms: active alarms with level symbol and word, and their history. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/data/fetch.h"
#include "ui/theme/glyph.h"
#include "ui/views/views.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- alarms -----------------------------------------------------------------------------------
 */

static alarm_level row_level(const model_row *row)
{
    return alarm_level_parse(jget_str(row->obj, "level"));
}

static void alarm_level_cell(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_alarm_level(app, row_level(row), out);
}

/* Most severe first, then the newest (the raise time breaks ties). */
static double alarm_level_key(ui_app *app, const model_row *row)
{
    double t = row_time(row, "time_raised");
    return (double)row_level(row) * 1e10 + (t > 0 ? t : 0);
}

/* The alarm's node IP by name; the instance text when the IP is unknown. */
static void alarm_node(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const char *ip = jget_str(row->obj, "node");
    const char *name = ip ? node_map_name(app->model->nodes, ip) : NULL;
    if (!name) {
        const char *inst = jget_str(row->obj, "instance");
        name = inst && inst[0] ? inst : ip;
    }
    cell_set(out, name);
    out->field = "node";
}

static void alarm_ack(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    out->field = "acknowledged";
    if (jget_bool(row->obj, "acknowledged") == 1)
        cell_printf(out, "ack");
}

/* Columns both alarm tables show alike (elements of two array
 * initializers can only be shared through a macro). */
#define ALARM_LEVEL_COLUMN                                                                         \
    {                                                                                              \
        .name = "level", .title = "Level", .width = 10, .sort_key = alarm_level_key,               \
        .sort_descending = true, .cell = alarm_level_cell                                          \
    }
#define ALARM_NAME_COLUMN                                                                          \
    {                                                                                              \
        .name = "name", .title = "Alarm", .width = 30, .min_width = 16, .flex = true,              \
        .field = "name"                                                                            \
    }
#define ALARM_NODE_COLUMN                                                                          \
    {                                                                                              \
        .name = "node", .title = "Node", .width = 14, .priority = 1, .sort_field = "node",         \
        .cell = alarm_node                                                                         \
    }
#define ALARM_RAISED_COLUMN                                                                        \
    {                                                                                              \
        .name = "raised", .title = "Raised (UTC)", .width = 16, .priority = 2,                     \
        .sort_descending = true, .field = "time_raised", .format = FIELD_TIME                      \
    }
#define ALARM_DETAILS_COLUMN                                                                       \
    {                                                                                              \
        .name = "details", .title = "Details", .width = 30, .min_width = 12, .flex = true,         \
        .priority = 4, .field = "details"                                                          \
    }

static const ui_column alarm_columns[] = {
    ALARM_LEVEL_COLUMN,
    ALARM_NAME_COLUMN,
    ALARM_NODE_COLUMN,
    ALARM_RAISED_COLUMN,
    {.name = "age",
     .title = "For",
     .width = 7,
     .right = true,
     .priority = 3,
     .field = "time_raised",
     .format = FIELD_AGE},
    ALARM_DETAILS_COLUMN,
    {.name = "acknowledged",
     .title = "Ack",
     .width = 4,
     .priority = 5,
     .sort_field = "acknowledged",
     .cell = alarm_ack},
};

static void alarms_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_ALARMS] = true;
    plan->want[MT_NODE_CONFIG] = true;
}

static void alarms_on_command(ui_app *app, ui_view *v, const char *arg)
{
    if (strcmp(arg, "history") == 0)
        app_focus_class(app, &view_alarm_history);
    else if (*arg)
        app_message(app, MSG_WARNING, "Usage: :alarms [history]");
}

static void alarms_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    size_t by[ALARM_CRITICAL + 1] = {0};
    for (size_t i = 0; i < v->rows.count; i++)
        by[row_level(v->rows.rows[i])]++;
    snprintf(buf, size, "Active alarms (%zu): %s %zu critical, %s %zu error, %s %zu warning",
             v->rows.count, alarm_level_glyph(ALARM_CRITICAL, app->ascii), by[ALARM_CRITICAL],
             alarm_level_glyph(ALARM_ERROR, app->ascii), by[ALARM_ERROR],
             alarm_level_glyph(ALARM_WARNING, app->ascii), by[ALARM_WARNING]);
}

static const char *const alarms_arg_words[] = {"history", NULL};

const ui_view_class view_alarms = {
    .name = "alarms",
    .arg_words = alarms_arg_words,
    .title = "Active alarms",
    .help = "Active alarms by level, and the alarm history (:alarms history)",
    .table = MT_ALARMS,
    .columns = alarm_columns,
    .ncolumns = COUNT(alarm_columns),
    .default_sort = 0,
    .empty_text = "No active alarms",
    .fetch_plan = alarms_fetch_plan,
    .on_command = alarms_on_command,
    .title_text = alarms_title,
};

static void alarm_lasted(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    double a = row_time(row, "time_raised"), b = row_time(row, "time_lowered");
    if (a >= 0 && b >= a) {
        char buf[32];
        duration_format(b - a, buf, sizeof buf);
        cell_printf(out, "%s", buf);
    }
}

static double alarm_lasted_key(ui_app *app, const model_row *row)
{
    double a = row_time(row, "time_raised"), b = row_time(row, "time_lowered");
    return a >= 0 && b >= a ? b - a : -1;
}

static const ui_column alarm_history_columns[] = {
    ALARM_LEVEL_COLUMN,
    ALARM_NAME_COLUMN,
    ALARM_NODE_COLUMN,
    ALARM_RAISED_COLUMN,
    {.name = "lowered",
     .title = "Lowered (UTC)",
     .width = 16,
     .priority = 3,
     .sort_descending = true,
     .field = "time_lowered",
     .format = FIELD_TIME},
    {.name = "lasted",
     .title = "Lasted",
     .width = 7,
     .right = true,
     .priority = 3,
     .sort_key = alarm_lasted_key,
     .sort_descending = true,
     .cell = alarm_lasted},
    ALARM_DETAILS_COLUMN,
};

static void alarm_history_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_HISTORY_ALARMS] = true;
    plan->want[MT_NODE_CONFIG] = true;
}

static void alarm_history_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Alarm history, raised in the last 7 days, newest first (%zu)",
             v->rows.count);
}

const ui_view_class view_alarm_history = {
    .name = "alarm-history",
    .title = "Alarm history",
    .sub_view = true,
    .table = MT_HISTORY_ALARMS,
    .columns = alarm_history_columns,
    .ncolumns = COUNT(alarm_history_columns),
    .default_sort = -1,
    .empty_text = "No alarms in the last 7 days",
    .fetch_plan = alarm_history_fetch_plan,
    .title_text = alarm_history_title,
};
