/* History views: ended conferences (newest first, within a time window and
 * an optional name filter) → their participants (duration, disconnect
 * reason, call quality) → the participant's media streams, and the search
 * results of the presets (the queries: ops/history.c). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/theme/glyph.h"
#include "ui/views/views.h"
#include "ui/data/policy.h"
#include "ui/data/fetch.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- queries ---------------------------------------------------------------------------- */

static void search_scope_key(const history_query *q, char *buf, size_t size)
{
    snprintf(buf, size, "search:%g:%.0f:%.0f:%.0f", q->loss_above, q->ended_from, q->ended_to,
             q->window_s);
}

void history_search_key(ui_app *app, char *buf, size_t size)
{
    search_scope_key(&app_platform(app)->history, buf, size);
}

static int column_index(const ui_view_class *cls, const char *name)
{
    for (size_t i = 0; i < cls->ncolumns; i++)
        if (strcmp(cls->columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* The query and what depends on it, the screen left as it is. */
static void history_set_query(ui_app *app, const history_query *q)
{
    app_platform(app)->history = *q;
    model_table_clear(model_get(app->model, MT_HISTORY_CONFERENCES));
    fetch_restart(app, MT_HISTORY_CONFERENCES);
    fetch_restart(app, MT_HISTORY_PARTICIPANTS);
    app_view_reset(app, &view_history);
    app_view_reset(app, &view_history_participants);
    /* A search merges two listings: show it newest first by end time. A
     * conference's participants keep the server's order (by start). */
    ui_view *pv = app_view(app, &view_history_participants);
    if (pv) {
        pv->sort_col = q->mode == HISTORY_SEARCH ? column_index(pv->cls, "end") : -1;
        pv->sort_reverse = false;
    }
}

void history_apply_query(ui_app *app, const history_query *q)
{
    history_set_query(app, q);
    nav_jump_fresh(app, q->mode == HISTORY_SEARCH ? &view_history_participants : &view_history);
}

void history_search_leave(ui_app *app)
{
    /* Back from a search to the conference list (same window). */
    history_query q = app_platform(app)->history;
    q.mode = HISTORY_CONFERENCES;
    q.loss_above = -1;
    q.ended_from = q.ended_to = 0;
    history_set_query(app, &q);
}

/* ---- conferences ------------------------------------------------------------------------------
 */

static void record_duration(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    char buf[32];
    cell_printf(out, "%s", history_duration_text(row->obj, buf, sizeof buf));
}

static double record_duration_key(ui_app *app, const model_row *row)
{
    double s;
    return history_duration(row->obj, &s) ? s : -1;
}

/* Both record tables (conferences, participants) show it alike. */
// clang-format off
#define RECORD_DURATION_COLUMN                                                                     \
    {.name = "duration", .title = "Duration", .width = 8, .right = true, .priority = 1,          \
     .sort_key = record_duration_key, .sort_descending = true, .cell = record_duration}
// clang-format on

static const ui_column history_columns[] = {
    COL_NAME("Conference", 26, 14, "name"),
    COL_TIME("start", "Started (UTC)", 0, "start_time"),
    COL_TIME("end", "Ended (UTC)", 3, "end_time"),
    RECORD_DURATION_COLUMN,
    {.name = "participants",
     .title = "Parts",
     .width = 5,
     .right = true,
     .priority = 1,
     .sort_descending = true,
     .field = "participant_count"},
    {.name = "type", .title = "Type", .width = 10, .priority = 4, .field = "service_type"},
    {.name = "tag", .title = "Tag", .width = 10, .priority = 5, .field = "tag"},
};

static void history_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_HISTORY_CONFERENCES] = true;
}

static void history_on_command(ui_app *app, ui_view *v, const char *arg)
{
    if (!*arg) {
        /* As it was left: a preset's results stay shown. */
        if (app_platform(app)->history.mode == HISTORY_SEARCH)
            nav_jump(app, &view_history_participants);
        return;
    }
    history_query q;
    char err[160];
    if (!history_parse_args(arg, app_wall(app), &q, err, sizeof err)) {
        app_message(app, MSG_WARNING,
                    ":history: %s (try :history 2h, name=TEXT, loss 2, ended 1h, ended FROM TO)",
                    err);
        return;
    }
    history_apply_query(app, &q);
}

static void history_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    ui_platform *p = app_platform(app);
    char win[32], name[140] = "";
    history_window_text(p ? p->history.window_s : HISTORY_DEFAULT_WINDOW_S, win, sizeof win);
    if (p->history.name[0]) {
        char n[100];
        sanitize_into(n, sizeof n, p->history.name);
        snprintf(name, sizeof name, ", name contains \"%s\"", n);
    }
    snprintf(buf, size, "History: conferences ended in the last %s%s, newest first (%zu)", win,
             name, v->rows.count);
}

static const char *const history_arg_words[] = {"loss", "ended", "name=", "1h", "24h", "7d", NULL};

const ui_view_class view_history = {
    .name = "history",
    .arg_words = history_arg_words,
    .title = "History",
    .help = "Ended conferences: :history [2h] [name=X], loss N, ended 1h|FROM TO",
    .table = MT_HISTORY_CONFERENCES,
    .columns = history_columns,
    .ncolumns = COUNT(history_columns),
    .default_sort = -1,
    .empty_text = "No conference ended in this window",
    .fetch_plan = history_fetch_plan,
    .on_command = history_on_command,
    .title_text = history_title,
};

/* ---- participants ------------------------------------------------------------------------------
 */

static void hp_name(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_display_name(row, "remote_alias", out);
}

static void hp_quality(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_call_quality(app, history_participant_quality(row->obj), out);
}

static double hp_quality_key(ui_app *app, const model_row *row)
{
    return (double)history_participant_quality(row->obj);
}

static double hp_loss_value(const model_row *row)
{
    double loss, jitter;
    streams_worst_loss_jitter(history_participant_streams(row->obj), &loss, &jitter);
    return loss;
}

static void hp_loss(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    double loss = hp_loss_value(row);
    if (loss < 0)
        return;
    cell_loss(loss, out);
}

static double hp_loss_key(ui_app *app, const model_row *row)
{
    return hp_loss_value(row);
}

static const ui_column history_participant_columns[] = {
    {.name = "name",
     .title = "Name",
     .width = 20,
     .min_width = 12,
     .flex = true,
     .sort_field = "display_name",
     .cell = hp_name},
    COL_CONFERENCE(20, 12, 2, "conference_name"),
    {.name = "quality",
     .title = "Quality",
     .width = 10,
     .sort_key = hp_quality_key,
     .sort_descending = true,
     .cell = hp_quality},
    {.name = "loss",
     .title = "Loss%",
     .width = 5,
     .right = true,
     .priority = 1,
     .sort_key = hp_loss_key,
     .sort_descending = true,
     .cell = hp_loss},
    COL_TIME("start", "Start (UTC)", 3, "start_time"),
    COL_TIME("end", "End (UTC)", 4, "end_time"),
    RECORD_DURATION_COLUMN,
    {.name = "reason",
     .title = "Disconnect reason",
     .width = 26,
     .min_width = 12,
     .flex = true,
     .priority = 2,
     .field = "disconnect_reason"},
    {.name = "protocol", .title = "Proto", .width = 6, .priority = 5, .field = "protocol"},
    {.name = "node",
     .title = "Media node",
     .width = 12,
     .priority = 6,
     .field = "media_node",
     .format = FIELD_NODE},
    {.name = "alias", .title = "Remote alias", .width = 24, .priority = 7, .field = "remote_alias"},
};

static void history_participants_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_HISTORY_PARTICIPANTS] = true;
    plan->want[MT_NODE_CONFIG] = true;
}

static void search_title(ui_platform *p, char *buf, size_t size)
{
    char when[128], win[32];
    if (p->history.ended_from > 0) {
        char a[40], b[40] = "now";
        time_format_utc(p->history.ended_from, false, a, sizeof a);
        if (p->history.ended_to > 0)
            time_format_utc(p->history.ended_to, false, b, sizeof b);
        snprintf(when, sizeof when, "ended between %s and %s", a, b);
    } else {
        history_window_text(p->history.window_s, win, sizeof win);
        snprintf(when, sizeof when, "ended in the last %s", win);
    }
    if (p->history.loss_above >= 0)
        snprintf(buf, size, "Participants with packet loss >= %g%% (rx or tx), %s",
                 p->history.loss_above, when);
    else
        snprintf(buf, size, "Participants that %s", when);
}

static void history_participants_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    ui_platform *p = app_platform(app);
    char what[300], name[200];
    if (p->history.mode == HISTORY_SEARCH) {
        search_title(p, what, sizeof what);
    } else {
        const nav_level *l = nav_level_of(app, &view_history);
        sanitize_into(name, sizeof name, l ? l->name : "");
        snprintf(what, sizeof what, "Participants of %s", name);
    }
    snprintf(buf, size, "%s (%zu)  Enter: media streams", what, v->rows.count);
}

const ui_view_class view_history_participants = {
    .name = "history-participants",
    .title = "History participants",
    .sub_view = true,
    .table = MT_HISTORY_PARTICIPANTS,
    .columns = history_participant_columns,
    .ncolumns = COUNT(history_participant_columns),
    .default_sort = -1,
    .empty_text = "No participants",
    .fetch_plan = history_participants_fetch_plan,
    .title_text = history_participants_title,
};

/* ---- media streams of one history participant
 * ---------------------------------------------------- */

static void stream_field(const model_row *row, int sub, const char *suffix, ui_cell *out)
{
    char f[48], buf[128];
    snprintf(f, sizeof f, "%s_%s", sub ? "tx" : "rx", suffix);
    cell_set(out, jget_text(row->obj, f, buf, sizeof buf));
}

static void hs_type(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    if (sub == 0) {
        char buf[64];
        const char *t = jget_text(row->obj, "stream_type", buf, sizeof buf);
        if (!t[0])
            t = jget_text(row->obj, "type", buf, sizeof buf);
        cell_set(out, t);
    }
}

static void hs_dir(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_printf(out, "%s", sub ? "tx" : "rx");
    out->slot = SLOT_DIM;
}

static void hs_codec(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    stream_field(row, sub, "codec", out);
}

static void hs_resolution(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    stream_field(row, sub, "resolution", out);
}

static void hs_bitrate(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    stream_field(row, sub, "bitrate", out);
}

/* One way for every frame rate (31.5, 25.0, 0.0); blank when the record has none. */
static void hs_fps(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    char f[48];
    double fps;
    snprintf(f, sizeof f, "%s_fps", sub ? "tx" : "rx");
    if (jget_num(row->obj, f, &fps))
        cell_printf(out, "%.1f", fps);
}

static void hs_loss(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    char f[48];
    double loss;
    snprintf(f, sizeof f, "%s_packet_loss", sub ? "tx" : "rx");
    if (jget_num(row->obj, f, &loss))
        cell_loss(loss, out);
}

static void hs_quality(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    char f[48];
    double loss;
    snprintf(f, sizeof f, "%s_packet_loss", sub ? "tx" : "rx");
    if (jget_num(row->obj, f, &loss))
        cell_call_quality(app, quality_from_loss_jitter(loss, -1), out);
}

static void hs_packets(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    char lost[32], total[32];
    jget_text(row->obj, sub ? "tx_packets_lost" : "rx_packets_lost", lost, sizeof lost);
    jget_text(row->obj, sub ? "tx_packets_sent" : "rx_packets_received", total, sizeof total);
    if (lost[0] || total[0])
        cell_printf(out, "%s/%s", lost[0] ? lost : "?", total[0] ? total : "?");
}

static void hs_node(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    if (sub == 0)
        cell_node(app, row, "node", out);
}

static const ui_column history_stream_columns[] = {
    {.name = "stream",
     .title = "Stream",
     .width = 12,
     .sort_field = "stream_type",
     .cell = hs_type},
    {.name = "dir", .title = "Dir", .width = 3, .cell = hs_dir},
    {.name = "codec", .title = "Codec", .width = 8, .priority = 2, .cell = hs_codec},
    {.name = "resolution",
     .title = "Resolution",
     .width = 10,
     .priority = 3,
     .cell = hs_resolution},
    {.name = "bitrate", .title = "Kbps", .width = 6, .right = true, .cell = hs_bitrate},
    {.name = "fps", .title = "FPS", .width = 5, .right = true, .priority = 4, .cell = hs_fps},
    {.name = "loss", .title = "Loss%", .width = 6, .right = true, .cell = hs_loss},
    {.name = "quality", .title = "Quality", .width = 10, .priority = 1, .cell = hs_quality},
    {.name = "packets",
     .title = "Lost/packets",
     .width = 14,
     .right = true,
     .priority = 2,
     .cell = hs_packets},
    {.name = "node", .title = "Node", .width = 12, .priority = 5, .cell = hs_node},
};

static void history_streams_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    /* Embedded streams come with the participants listing. */
    const nav_level *l = nav_scope_level(app, MT_HISTORY_STREAMS);
    if (!l || !l->filled)
        plan->want[MT_HISTORY_STREAMS] = true;
    plan->want[MT_HISTORY_PARTICIPANTS] = true;
}

static void history_streams_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    const nav_level *l = nav_scope_level(app, MT_HISTORY_STREAMS);
    char name[200];
    sanitize_into(name, sizeof name, l ? l->name : "");
    snprintf(buf, size, "Media streams of %s (%zu)", name, v->rows.count);
}

const ui_view_class view_history_streams = {
    .name = "history-streams",
    .title = "History media streams",
    .sub_view = true,
    .table = MT_HISTORY_STREAMS,
    .columns = history_stream_columns,
    .ncolumns = COUNT(history_stream_columns),
    .subrows = 2,
    .default_sort = -1,
    .empty_text = "No media streams",
    .fetch_plan = history_streams_fetch_plan,
    .title_text = history_streams_title,
};
