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

/* ---- drill-down state ---------------------------------------------------------------------- */

static void streams_close(ui_app *app, ui_platform *p)
{
    p->hstreams_open = false;
    p->hpart_id[0] = '\0';
    model_scope_history_streams(app->model, NULL);
    fetch_restart(app, MT_HISTORY_STREAMS);
}

static void search_scope_key(const history_query *q, char *buf, size_t size)
{
    snprintf(buf, size, "search:%g:%.0f:%.0f:%.0f", q->loss_above, q->ended_from, q->ended_to,
             q->window_s);
}

void history_open_participants(ui_app *app, const model_row *conference)
{
    ui_platform *p = app_platform(app);
    if (!conference)
        return;
    if (!p->hparts_open || strcmp(p->hconf_id, conference->id) != 0) {
        snprintf(p->hconf_id, sizeof p->hconf_id, "%s", conference->id);
        const char *name = jget_str(conference->obj, "name");
        snprintf(p->hconf_name, sizeof p->hconf_name, "%s", name ? name : "");
        char scope[200];
        snprintf(scope, sizeof scope, "conference:%s", conference->id);
        model_scope_history_participants(app->model, scope);
        fetch_restart(app, MT_HISTORY_PARTICIPANTS);
        app_view_reset(app, "history-participants");
        streams_close(app, p);
    }
    p->hparts_open = true;
}

void history_open_streams(ui_app *app, const model_row *participant)
{
    ui_platform *p = app_platform(app);
    if (!participant)
        return;
    if (!p->hstreams_open || strcmp(p->hpart_id, participant->id) != 0) {
        snprintf(p->hpart_id, sizeof p->hpart_id, "%s", participant->id);
        const char *name = jget_str(participant->obj, "display_name");
        snprintf(p->hpart_name, sizeof p->hpart_name, "%s", name ? name : participant->id);
        model_scope_history_streams(app->model, participant->id);
        fetch_restart(app, MT_HISTORY_STREAMS);
        app_view_reset(app, "history-streams");
        /* Listings embed the streams: no request needed then. */
        p->hstreams_embedded = history_participant_streams(participant->obj) != NULL;
        if (p->hstreams_embedded)
            history_streams_apply(app, participant->obj);
    }
    p->hstreams_open = true;
}

static int column_index(const ui_view_class *cls, const char *name)
{
    for (size_t i = 0; i < cls->ncolumns; i++)
        if (strcmp(cls->columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

void history_apply_query(ui_app *app, const history_query *q)
{
    ui_platform *p = app_platform(app);
    p->history = *q;
    p->hparts_open = false;
    p->hconf_id[0] = '\0';
    streams_close(app, p);
    model_table_clear(model_get(app->model, MT_HISTORY_CONFERENCES));
    fetch_restart(app, MT_HISTORY_CONFERENCES);
    char scope[200];
    search_scope_key(q, scope, sizeof scope);
    model_scope_history_participants(app->model, q->mode == HISTORY_SEARCH ? scope : NULL);
    fetch_restart(app, MT_HISTORY_PARTICIPANTS);
    app_view_reset(app, "history");
    app_view_reset(app, "history-participants");
    /* A search merges two listings: show it newest first by end time. A
     * conference's participants keep the server's order (by start). */
    ui_view *pv = app_view_by_name(app, "history-participants");
    if (pv) {
        pv->sort_col = q->mode == HISTORY_SEARCH ? column_index(pv->cls, "end") : -1;
        pv->sort_reverse = false;
    }
    app_relayout(app, q->mode == HISTORY_SEARCH ? "history-participants" : "history");
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

static const ui_column history_columns[] = {
    {.name = "name",
     .title = "Conference",
     .width = 26,
     .min_width = 14,
     .flex = true,
     .field = "name"},
    {.name = "start",
     .title = "Started (UTC)",
     .width = 16,
     .sort_descending = true,
     .field = "start_time",
     .format = FIELD_TIME},
    {.name = "end",
     .title = "Ended (UTC)",
     .width = 16,
     .priority = 3,
     .sort_descending = true,
     .field = "end_time",
     .format = FIELD_TIME},
    {.name = "duration",
     .title = "Duration",
     .width = 8,
     .right = true,
     .priority = 1,
     .sort_key = record_duration_key,
     .sort_descending = true,
     .cell = record_duration},
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

static void history_on_enter(ui_app *app, ui_view *v)
{
    const model_row *r = view_selected_row(v);
    if (!r)
        return;
    history_open_participants(app, r);
    app_relayout(app, "history-participants");
}

static void history_on_select(ui_app *app, ui_view *v)
{
    ui_platform *p = app_platform(app);
    const model_row *r = view_selected_row(v);
    if (p->hparts_open && r && strcmp(r->id, p->hconf_id) != 0) {
        bool had_streams = p->hstreams_open; /* closed by the switch */
        history_open_participants(app, r);
        if (had_streams)
            app_relayout(app, NULL);
        else
            fetch_tick(app);
    }
}

static bool history_on_back(ui_app *app, ui_view *v)
{
    ui_platform *p = app_platform(app);
    if (!p->hparts_open)
        return false;
    p->hparts_open = false;
    streams_close(app, p);
    app_relayout(app, "history");
    return true;
}

static void history_on_command(ui_app *app, ui_view *v, const char *arg)
{
    if (!*arg)
        return; /* as it was left */
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
    .on_enter = history_on_enter,
    .on_select = history_on_select,
    .on_back = history_on_back,
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
    {.name = "conference",
     .title = "Conference",
     .width = 20,
     .min_width = 12,
     .flex = true,
     .priority = 2,
     .field = "conference_name"},
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
    {.name = "start",
     .title = "Start (UTC)",
     .width = 16,
     .priority = 3,
     .sort_descending = true,
     .field = "start_time",
     .format = FIELD_TIME},
    {.name = "end",
     .title = "End (UTC)",
     .width = 16,
     .priority = 4,
     .sort_descending = true,
     .field = "end_time",
     .format = FIELD_TIME},
    {.name = "duration",
     .title = "Duration",
     .width = 8,
     .right = true,
     .priority = 1,
     .sort_key = record_duration_key,
     .sort_descending = true,
     .cell = record_duration},
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

static void history_participants_on_enter(ui_app *app, ui_view *v)
{
    const model_row *r = view_selected_row(v);
    if (!r)
        return;
    history_open_streams(app, r);
    app_relayout(app, "history-streams");
}

static void history_participants_on_select(ui_app *app, ui_view *v)
{
    ui_platform *p = app_platform(app);
    const model_row *r = view_selected_row(v);
    if (p->hstreams_open && r && strcmp(r->id, p->hpart_id) != 0)
        history_open_streams(app, r);
}

static bool history_participants_on_back(ui_app *app, ui_view *v)
{
    ui_platform *p = app_platform(app);
    if (p->hstreams_open) {
        streams_close(app, p);
        app_relayout(app, "history-participants");
    } else if (p->history.mode == HISTORY_SEARCH) {
        /* Back from a search to the conference list (same window). */
        history_query q = p->history;
        q.mode = HISTORY_CONFERENCES;
        q.loss_above = -1;
        q.ended_from = q.ended_to = 0;
        history_apply_query(app, &q);
    } else {
        return history_on_back(app, v);
    }
    return true;
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
        sanitize_into(name, sizeof name, p ? p->hconf_name : "");
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
    .on_enter = history_participants_on_enter,
    .on_select = history_participants_on_select,
    .on_back = history_participants_on_back,
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
    ui_platform *p = app_platform(app);
    /* Embedded streams come with the participants listing. */
    if (!p->hstreams_embedded)
        plan->want[MT_HISTORY_STREAMS] = true;
    plan->want[MT_HISTORY_PARTICIPANTS] = true;
}

static bool history_streams_on_back(ui_app *app, ui_view *v)
{
    ui_platform *p = app_platform(app);
    if (!p->hstreams_open)
        return false;
    streams_close(app, p);
    app_relayout(app, "history-participants");
    return true;
}

static void history_streams_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    ui_platform *p = app_platform(app);
    char name[200];
    sanitize_into(name, sizeof name, p ? p->hpart_name : "");
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
    .on_back = history_streams_on_back,
    .title_text = history_streams_title,
};
