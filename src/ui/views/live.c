/* The console's view classes: conferences, participants, media streams.
 * Each is a column table plus a few callbacks (see ui/view.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/core/app.h"
#include "ui/theme/glyph.h"
#include "ui/views/views.h"
#include "ui/data/summary.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- shared cells ---------------------------------------------------------- */

static void cell_flag(const model_row *row, const char *field, const char *word, theme_slot slot,
                      ui_cell *out)
{
    out->field = field;
    if (jget_bool(row->obj, field) == 1) {
        cell_printf(out, "%s", word);
        out->slot = slot;
    }
}

static void cell_duration(ui_app *app, const model_row *row, const char *field, ui_cell *out)
{
    char buf[32];
    cell_printf(out, "%s", model_duration_text(row->obj, field, app_wall(app), buf, sizeof buf));
}

/* ---- conferences ------------------------------------------------------------ */

static const ui_conf_summary *conf_summary(ui_app *app, const model_row *row)
{
    return summary_for(app, jget_str(row->obj, "name"));
}

static void conf_count(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const ui_conf_summary *s = conf_summary(app, row);
    cell_printf(out, "%zu", s ? s->people : 0);
}

static double conf_count_key(ui_app *app, const model_row *row)
{
    const ui_conf_summary *s = conf_summary(app, row);
    return s ? (double)s->people : 0;
}

static void conf_quality(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const ui_conf_summary *s = conf_summary(app, row);
    if (s && s->legs)
        cell_call_quality(app, (call_quality)s->worst, out);
}

static double conf_quality_key(ui_app *app, const model_row *row)
{
    const ui_conf_summary *s = conf_summary(app, row);
    return s ? s->worst : -1;
}

/* A row made for callers whose conference has no instance says so. */
static void conf_type(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    out->field = "service_type";
    if (!model_conference_has_instance(row->obj)) {
        cell_printf(out, "no instance");
        out->slot = SLOT_WAITING;
        return;
    }
    cell_json(row, "service_type", out);
}

static void conf_locked(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_flag(row, "is_locked", "locked", SLOT_LOCKED, out);
}

static void conf_guests(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_flag(row, "guests_muted", "muted", SLOT_MUTED, out);
}

static void conf_duration(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_duration(app, row, "start_time", out);
}

static const ui_column conference_columns[] = {
    COL_NAME("Conference", 24, 12, "name"),
    {.name = "type",
     .title = "Type",
     .width = 11,
     .priority = 3,
     .sort_field = "service_type",
     .cell = conf_type},
    {.name = "participants",
     .title = "Parts",
     .width = 6,
     .right = true,
     .sort_key = conf_count_key,
     .sort_descending = true,
     .cell = conf_count},
    {.name = "quality",
     .title = "Worst",
     .width = 10,
     .priority = 1,
     .sort_key = conf_quality_key,
     .sort_descending = true,
     .cell = conf_quality},
    {.name = "locked",
     .title = "Lock",
     .width = 6,
     .priority = 2,
     .sort_field = "is_locked",
     .cell = conf_locked},
    {.name = "guests_muted",
     .title = "Guests",
     .width = 6,
     .priority = 2,
     .sort_field = "guests_muted",
     .cell = conf_guests},
    {.name = "duration",
     .title = "Duration",
     .width = 8,
     .right = true,
     .priority = 1,
     .sort_field = "start_time",
     .cell = conf_duration},
    {.name = "tag", .title = "Tag", .width = 10, .priority = 4, .field = "tag"},
};

static void conferences_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_CONFERENCES] = true;
    /* The listing of every participant gives the counts and worst quality
     * of every conference; on a large platform it is asked less often than
     * the focused conference's own listing (data/fetch.c). */
    plan->want[MT_ALL_PARTICIPANTS] = true;
}

static void conferences_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    const model_table *t = model_get(app->model, MT_CONFERENCES);
    size_t live = t ? model_table_live_count(t) : 0;
    size_t waiting = app->model->conferences_without_instance;
    if (waiting && waiting <= live)
        snprintf(buf, size, "Conferences (%zu, %zu without instance)", live - waiting, waiting);
    else
        snprintf(buf, size, "Conferences (%zu)", live);
}

const ui_view_class view_conferences = {
    .name = "conferences",
    .title = "Conferences",
    .table = MT_CONFERENCES,
    .columns = conference_columns,
    .ncolumns = COUNT(conference_columns),
    .default_sort = 0,
    .empty_text = "No active conferences",
    .fetch_plan = conferences_fetch_plan,
    .title_text = conferences_title,
};

/* ---- participants ----------------------------------------------------------- */

static void part_quality(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_call_quality(app, quality_of_participant(row->obj), out);
    out->field = "call_quality";
}

static void part_muted(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_flag(row, "is_muted", "muted", SLOT_MUTED, out);
}

static void part_presenting(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_flag(row, "is_presenting", "presenting", SLOT_PRESENTING, out);
}

/* On hold, or in a transient stage before the conference proper. */
static void part_state(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    bool warning;
    const char *stage = participant_stage(row->obj, &warning);
    out->field = "service_type";
    if (!stage)
        return;
    if (strcmp(stage, "on hold") == 0)
        out->field = "is_on_hold";
    cell_printf(out, "%s", stage);
    out->slot = warning ? SLOT_WARNING : SLOT_WAITING;
}

static void part_bandwidth(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    long long bw;
    out->field = "bandwidth";
    if (jget_int(row->obj, "bandwidth", &bw))
        cell_printf(out, "%lld", bw);
}

static void part_duration(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_duration(app, row, "connect_time", out);
}

static void part_node(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_set(out, model_node_label(app->model, jget_str(row->obj, "media_node")));
    out->field = "media_node";
}

static const ui_column participant_columns[] = {
    {.name = "name",
     .title = "Name",
     .width = 24,
     .min_width = 14,
     .flex = true,
     .sort_field = "display_name",
     .cell = cell_participant_name},
    {.name = "role", .title = "Role", .width = 5, .priority = 3, .field = "role"},
    {.name = "protocol", .title = "Proto", .width = 6, .priority = 3, .field = "protocol"},
    {.name = "quality",
     .title = "Quality",
     .width = 10,
     .sort_field = "call_quality",
     .sort_descending = true,
     .cell = part_quality},
    {.name = "muted",
     .title = "Muted",
     .width = 5,
     .priority = 1,
     .sort_field = "is_muted",
     .cell = part_muted},
    {.name = "presenting",
     .title = "Pres",
     .width = 10,
     .priority = 2,
     .sort_field = "is_presenting",
     .cell = part_presenting},
    {.name = "state",
     .title = "State",
     .width = 10,
     .priority = 2,
     .sort_field = "is_on_hold",
     .cell = part_state},
    {.name = "bandwidth",
     .title = "Kbps",
     .width = 5,
     .right = true,
     .priority = 4,
     .sort_field = "bandwidth",
     .sort_descending = true,
     .cell = part_bandwidth},
    {.name = "duration",
     .title = "Duration",
     .width = 8,
     .right = true,
     .priority = 2,
     .sort_field = "connect_time",
     .cell = part_duration},
    {.name = "location",
     .title = "Location",
     .width = 12,
     .priority = 6,
     .field = "system_location"},
    {.name = "node",
     .title = "Media node",
     .width = 14,
     .priority = 5,
     .sort_field = "media_node",
     .cell = part_node},
    {.name = "remote",
     .title = "Remote address",
     .width = 15,
     .priority = 7,
     .field = "remote_address"},
    {.name = "vendor", .title = "Vendor", .width = 18, .priority = 8, .field = "vendor"},
};

static bool participants_in_scope(ui_app *app, const model_row *row)
{
    const char *conf = jget_str(row->obj, "conference"), *open = nav_conference(app);
    return conf && open[0] && strcmp(conf, open) == 0;
}

static void participants_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    /* The focused conference's own listing, every refresh (its rows are
     * merged into the platform-wide table the pane shows). */
    plan->want[MT_PARTICIPANTS] = true;
}

static void participants_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    char name[200];
    sanitize_into(name, sizeof name, nav_conference(app));
    if (name[0])
        snprintf(buf, size, "Participants of %s (%zu)", name, v->rows.count);
    else
        snprintf(buf, size, "Participants");
}

const ui_view_class view_participants = {
    .name = "participants",
    .title = "Participants",
    .table = MT_ALL_PARTICIPANTS,
    .columns = participant_columns,
    .ncolumns = COUNT(participant_columns),
    .group_legs = true,
    .default_sort = -1,
    .empty_text = "No participants",
    .row_in_scope = participants_in_scope,
    .fetch_plan = participants_fetch_plan,
    .title_text = participants_title,
};

/* ---- media streams ---------------------------------------------------------- */

/* Sub-row 0 is what pexcon receives (rx), 1 what it sends (tx). */
static const char *dir_field(int sub, const char *suffix, char *buf, size_t size)
{
    snprintf(buf, size, "%s_%s", sub ? "tx" : "rx", suffix);
    return buf;
}

static void media_stream(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    if (sub == 0) {
        char t[64];
        cell_set(out, jget_text(row->obj, "type", t, sizeof t));
    }
}

static void media_dir(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_printf(out, "%s", sub ? "tx" : "rx");
    out->slot = SLOT_DIM;
}

static void media_text(const model_row *row, int sub, const char *suffix, ui_cell *out)
{
    char f[40], buf[128];
    const char *field = dir_field(sub, suffix, f, sizeof f);
    cell_set(out, jget_text(row->obj, field, buf, sizeof buf));
}

static void media_codec(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_text(row, sub, "codec", out);
}

static void media_resolution(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_text(row, sub, "resolution", out);
}

static void media_number(const model_row *row, int sub, const char *suffix, const char *fmt,
                         ui_cell *out)
{
    char f[40];
    double v;
    if (jget_num(row->obj, dir_field(sub, suffix, f, sizeof f), &v))
        cell_printf(out, fmt, v);
}

static void media_bitrate(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_number(row, sub, "bitrate", "%.0f", out);
}

static void media_fps(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_number(row, sub, "fps", "%.1f", out);
}

static void media_jitter(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_number(row, sub, "jitter", "%.1f", out);
}

static call_quality media_dir_quality(const model_row *row, int sub)
{
    char f[40];
    double loss = -1, jitter = -1;
    if (!jget_num(row->obj, dir_field(sub, "windowed_packet_loss", f, sizeof f), &loss))
        jget_num(row->obj, dir_field(sub, "packet_loss", f, sizeof f), &loss);
    jget_num(row->obj, dir_field(sub, "jitter", f, sizeof f), &jitter);
    return quality_from_loss_jitter(loss, jitter);
}

static void media_loss(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_number(row, sub, "packet_loss", "%.2f", out);
}

static void media_window_loss(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_number(row, sub, "windowed_packet_loss", "%.2f", out);
    if (out->text[0])
        out->slot = glyph_quality_slot(media_dir_quality(row, sub));
}

static void media_quality(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_call_quality(app, media_dir_quality(row, sub), out);
}

static void media_spark_cell(ui_app *app, const model_row *row, int sub, bool loss, ui_cell *out)
{
    char key[320];
    snprintf(key, sizeof key, "%s/%s/%s", app->res[MT_MEDIA_STREAMS].scope, row->id,
             sub ? "tx" : "rx");
    ui_spark *s = spark_get(app, key, false);
    if (!s || s->n == 0)
        return;
    /* The ring buffer unrolled oldest-first into a static scratch array:
     * the renderer uses it before the next cell is computed. */
    static float samples[120];
    size_t cap = sizeof s->bitrate / sizeof s->bitrate[0];
    for (size_t i = 0; i < s->n; i++) {
        size_t at = (s->head + cap - s->n + i) % cap;
        samples[i] = loss ? s->loss[at] : s->bitrate[at];
    }
    out->spark = samples;
    out->nspark = s->n;
    out->spark_max = loss ? 10.0f : 0; /* loss scaled to the "terrible" line */
    out->spark_slot = loss ? SLOT_SPARK_LOSS : SLOT_SPARK_BITRATE;
}

static void media_spark_bitrate(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_spark_cell(app, row, sub, false, out);
}

static void media_spark_loss(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    media_spark_cell(app, row, sub, true, out);
}

static const ui_column media_columns[] = {
    {.name = "stream", .title = "Stream", .width = 12, .sort_field = "type", .cell = media_stream},
    {.name = "dir", .title = "Dir", .width = 3, .cell = media_dir},
    {.name = "codec", .title = "Codec", .width = 8, .priority = 2, .cell = media_codec},
    {.name = "resolution",
     .title = "Resolution",
     .width = 10,
     .priority = 3,
     .cell = media_resolution},
    {.name = "bitrate", .title = "Kbps", .width = 6, .right = true, .cell = media_bitrate},
    {.name = "fps", .title = "FPS", .width = 5, .right = true, .priority = 4, .cell = media_fps},
    {.name = "jitter",
     .title = "Jitter",
     .width = 6,
     .right = true,
     .priority = 2,
     .cell = media_jitter},
    {.name = "loss",
     .title = "Loss%",
     .width = 6,
     .right = true,
     .priority = 3,
     .cell = media_loss},
    {.name = "window_loss",
     .title = "WinLoss%",
     .width = 8,
     .right = true,
     .cell = media_window_loss},
    {.name = "quality", .title = "Quality", .width = 10, .priority = 1, .cell = media_quality},
    {.name = "bitrate_history",
     .title = "Bitrate history",
     .width = 30,
     .min_width = 10,
     .flex = true,
     .priority = 5,
     .cell = media_spark_bitrate},
    {.name = "loss_history",
     .title = "Loss history",
     .width = 20,
     .min_width = 10,
     .flex = true,
     .priority = 6,
     .cell = media_spark_loss},
};

static void media_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_MEDIA_STREAMS] = true;
}

static void media_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    char name[200];
    const nav_level *l = nav_level_of(app, &view_participants);
    sanitize_into(name, sizeof name, l ? l->name : "");
    snprintf(buf, size, "Media of %s (%zu %s)", name, v->rows.count,
             text_plural(v->rows.count, "stream", "streams"));
}

const ui_view_class view_media = {
    .name = "media",
    .title = "Media",
    .table = MT_MEDIA_STREAMS,
    .columns = media_columns,
    .ncolumns = COUNT(media_columns),
    .subrows = 2,
    .default_sort = 0,
    .empty_text = "No media streams",
    .fetch_plan = media_fetch_plan,
    .title_text = media_title,
};

/* Order: the help's command list and Tab completion. The platform views
 * (ui/platform.h) follow the main panes; sub-views are drill-down panes. */
const ui_view_class *const ui_view_classes[] = {
    &view_conferences,     &view_participants,   &view_media,
    &view_nodes,           &view_locations,      &view_alarms,
    &view_registrations,   &view_licensing,      &view_cloud_nodes,
    &view_history,         &view_trouble,        &view_node_load,
    &view_node_calls,      &view_location_nodes, &view_alarm_history,
    &view_cloud_monitored, &view_cloud_overflow, &view_history_participants,
    &view_history_streams,
};
const size_t ui_view_class_count = COUNT(ui_view_classes);
