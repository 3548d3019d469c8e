/* Platform views: Conferencing Nodes (→ load over time and calls on the
 * node), system locations (→ their nodes), alarms with their history,
 * registrations, licensing and cloud bursting. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/theme/glyph.h"
#include "ui/views/views.h"
#include "ui/data/fetch.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define LOAD_BAR 10 /* bar cells; the cell adds " 42%" */

static void cell_ratio(const model_row *row, const char *used, const char *total, ui_cell *out)
{
    char u[32], t[32];
    jget_text(row->obj, used, u, sizeof u);
    jget_text(row->obj, total, t, sizeof t);
    if (u[0] || t[0])
        cell_printf(out, "%s/%s", u[0] ? u : "?", t[0] ? t : "?");
    out->field = used;
}

static double ratio_key(const model_row *row, const char *used, const char *total)
{
    double u = row_number(row, used), t = row_number(row, total);
    return t > 0 && u >= 0 ? u / t : -1;
}

/* A status word: known-bad words stand out, healthy and unknown ones do
 * not (a newer node's word is no alarm); long known words are shortened. */
static void cell_status(const model_row *row, const char *field, ui_cell *out)
{
    const char *word = jget_str(row->obj, field);
    out->field = field;
    if (!word) {
        cell_json(row, field, out);
        return;
    }
    cell_set(out, node_status_text(word));
    if (node_status_health(word) == NODE_HEALTH_BAD)
        out->slot = SLOT_QUALITY_BAD;
}

/* ---- nodes ---------------------------------------------------------------------------- */

static void node_load(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    double load;
    if (status_media_load(row->obj, &load))
        cell_bar(app, load, 100, LOAD_BAR, out);
    out->field = "media_load";
}

static void node_tokens(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_ratio(row, "media_tokens_used", "max_media_tokens", out);
}

static double node_tokens_key(ui_app *app, const model_row *row)
{
    return ratio_key(row, "media_tokens_used", "max_media_tokens");
}

static void node_maintenance(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    out->field = "maintenance_mode";
    if (jget_bool(row->obj, "maintenance_mode") == 1) {
        char reason[200];
        jget_text(row->obj, "maintenance_mode_reason", reason, sizeof reason);
        if (reason[0]) {
            char raw[260];
            snprintf(raw, sizeof raw, "maint: %s", reason);
            cell_set(out, raw);
        } else {
            cell_printf(out, "maintenance");
        }
        out->slot = SLOT_WAITING;
    }
}

static void node_sync(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_status(row, "sync_status", out);
}

static void node_deploy(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_status(row, "deploy_status", out);
}

static void node_upgrade(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_status(row, "upgrade_status", out);
}

static double node_version_sort(ui_app *app, const model_row *row)
{
    return node_version_key(jget_str(row->obj, "version"));
}

/* Last contact: last_attempted_contact, or last_reported / last_updated on
 * nodes that have no such field (v24). */
static void node_contact(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const char *field = node_last_contact_field(row->obj);
    out->field = "last_attempted_contact";
    if (field)
        cell_age(row, field, out);
}

static double node_contact_key(ui_app *app, const model_row *row)
{
    const char *field = node_last_contact_field(row->obj);
    return field ? row_time(row, field) : -1;
}

static const ui_column node_columns[] = {
    {.name = "name", .title = "Node", .width = 14, .min_width = 10, .flex = true, .field = "name"},
    {.name = "location",
     .title = "Location",
     .width = 12,
     .priority = 3,
     .field = "system_location"},
    {.name = "type", .title = "Type", .width = 12, .priority = 6, .field = "node_type"},
    {.name = "load",
     .title = "Media load",
     .width = LOAD_BAR + 5,
     .sort_field = "media_load",
     .sort_descending = true,
     .cell = node_load},
    {.name = "tokens",
     .title = "Tokens",
     .width = 7,
     .right = true,
     .priority = 1,
     .sort_key = node_tokens_key,
     .sort_descending = true,
     .cell = node_tokens},
    {.name = "signalling",
     .title = "Sig",
     .width = 4,
     .right = true,
     .priority = 2,
     .sort_descending = true,
     .field = "signaling_count"},
    {.name = "maintenance",
     .title = "Maint",
     .width = 11,
     .priority = 2,
     .sort_field = "maintenance_mode",
     .cell = node_maintenance},
    {.name = "sync",
     .title = "Sync",
     .width = 8,
     .priority = 4,
     .sort_field = "sync_status",
     .cell = node_sync},
    {.name = "deploy",
     .title = "Deploy",
     .width = 9,
     .priority = 5,
     .sort_field = "deploy_status",
     .cell = node_deploy},
    {.name = "upgrade",
     .title = "Upgrade",
     .width = 8,
     .priority = 5,
     .sort_field = "upgrade_status",
     .cell = node_upgrade},
    {.name = "version",
     .title = "Version",
     .width = 18,
     .priority = 7,
     .sort_key = node_version_sort,
     .field = "version"},
    {.name = "contact",
     .title = "Contact",
     .width = 8,
     .right = true,
     .priority = 6,
     .sort_descending = true,
     .sort_key = node_contact_key,
     .cell = node_contact},
};

static void nodes_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_NODES] = true;
}

static const model_row *open_node(ui_app *app)
{
    ui_platform *p = app_platform(app);
    return p && p->node_open ? model_table_find(model_get(app->model, MT_NODES), p->node_id) : NULL;
}

static void node_detail_stale(ui_app *app)
{
    static const char *const names[] = {"node-load", "node-calls"};
    for (size_t i = 0; i < COUNT(names); i++)
        app_view_reset(app, names[i]);
}

static void node_select(ui_app *app, const model_row *node)
{
    ui_platform *p = app_platform(app);
    if (!p || !node)
        return;
    if (strcmp(p->node_id, node->id) != 0) {
        snprintf(p->node_id, sizeof p->node_id, "%s", node->id);
        model_scope_node_stats(app->model, p->node_id);
        fetch_restart(app, MT_NODE_STATS);
        node_detail_stale(app);
    }
}

void nodes_open_detail(ui_app *app, const model_row *node)
{
    ui_platform *p = app_platform(app);
    if (!p || !node)
        return;
    node_select(app, node);
    p->node_open = true;
    app_relayout(app, "node-calls");
}

static void nodes_on_enter(ui_app *app, ui_view *v)
{
    nodes_open_detail(app, view_selected_row(v));
}

static void nodes_on_select(ui_app *app, ui_view *v)
{
    /* The detail panes follow the selection while they are open. */
    ui_platform *p = app_platform(app);
    if (p && p->node_open && view_selected_row(v))
        node_select(app, view_selected_row(v));
}

/* Close a drill-down level and focus `focus_view`; false when it was not
 * open (Esc then leaves the screen). */
static bool close_level(ui_app *app, bool *open, const char *focus_view)
{
    if (!*open)
        return false;
    *open = false;
    app_relayout(app, focus_view);
    return true;
}

static bool nodes_close_detail(ui_app *app)
{
    ui_platform *p = app_platform(app);
    return p && close_level(app, &p->node_open, "nodes");
}

static bool nodes_on_back(ui_app *app, ui_view *v)
{
    return nodes_close_detail(app);
}

static void nodes_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Conferencing Nodes (%zu)  Enter: load and calls", v->rows.count);
}

const ui_view_class view_nodes = {
    .name = "nodes",
    .title = "Conferencing Nodes",
    .help = "Conferencing Nodes: load, tokens, status (Enter: load history, calls)",
    .table = MT_NODES,
    .columns = node_columns,
    .ncolumns = COUNT(node_columns),
    .default_sort = 0,
    .empty_text = "No Conferencing Nodes",
    .fetch_plan = nodes_fetch_plan,
    .on_enter = nodes_on_enter,
    .on_select = nodes_on_select,
    .on_back = nodes_on_back,
    .title_text = nodes_title,
};

/* ---- node load over time ------------------------------------------------------------------ */

/* The statistics samples in time order into `samples`; returns how many. */
static size_t node_samples(ui_app *app, float *samples, size_t max)
{
    const model_table *t = model_get(app->model, MT_NODE_STATS);
    size_t n = 0;
    for (size_t i = 0; t && i < model_table_count(t) && n < max; i++) {
        const model_row *r = model_table_at(t, i);
        double load;
        if (!model_row_is_ghost(r) && status_media_load(r->obj, &load))
            samples[n++] = (float)load;
    }
    return n;
}

typedef struct load_stats {
    size_t n;
    double min, max, avg;
} load_stats;

static load_stats node_load_stats(ui_app *app)
{
    float s[256];
    load_stats st = {0};
    st.n = node_samples(app, s, COUNT(s));
    for (size_t i = 0; i < st.n; i++) {
        if (i == 0 || s[i] < st.min)
            st.min = s[i];
        if (i == 0 || s[i] > st.max)
            st.max = s[i];
        st.avg += s[i];
    }
    if (st.n)
        st.avg /= (double)st.n;
    return st;
}

static void load_min(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    load_stats st = node_load_stats(app);
    if (st.n)
        cell_printf(out, "%.0f%%", st.min);
}

static void load_avg(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    load_stats st = node_load_stats(app);
    if (st.n)
        cell_printf(out, "%.0f%%", st.avg);
}

static void load_max(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    load_stats st = node_load_stats(app);
    if (st.n)
        cell_printf(out, "%.0f%%", st.max);
}

static void load_samples(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    load_stats st = node_load_stats(app);
    cell_printf(out, "%zu", st.n);
}

static void load_spark(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    /* Scratch shared with the renderer, which draws it before the next
     * cell is computed (as the media pane does). */
    static float samples[256];
    size_t n = node_samples(app, samples, COUNT(samples));
    if (!n) {
        cell_printf(out, "%s",
                    model_table_loaded(model_get(app->model, MT_NODE_STATS)) ? "no samples"
                                                                             : "loading...");
        out->slot = SLOT_DIM;
        return;
    }
    out->spark = samples;
    out->nspark = n;
    out->spark_max = 100.0f; /* full height = a fully loaded node */
    out->spark_slot = SLOT_SPARK_BITRATE;
}

static const ui_column load_columns[] = {
    {.name = "name", .title = "Node", .width = 14, .field = "name"},
    {.name = "now", .title = "Now", .width = LOAD_BAR + 5, .cell = node_load},
    {.name = "min", .title = "Min", .width = 5, .right = true, .priority = 2, .cell = load_min},
    {.name = "avg", .title = "Avg", .width = 5, .right = true, .priority = 2, .cell = load_avg},
    {.name = "max", .title = "Max", .width = 5, .right = true, .priority = 1, .cell = load_max},
    {.name = "samples",
     .title = "Samples",
     .width = 7,
     .right = true,
     .priority = 3,
     .cell = load_samples},
    {.name = "history",
     .title = "Media load over time (0-100%, one mark per sample)",
     .width = 60,
     .min_width = 12,
     .flex = true,
     .cell = load_spark},
};

static bool load_in_scope(ui_app *app, const model_row *row)
{
    ui_platform *p = app_platform(app);
    return p && p->node_open && strcmp(row->id, p->node_id) == 0;
}

static void load_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_NODES] = true;
    plan->want[MT_NODE_STATS] = true;
}

static bool detail_on_back(ui_app *app, ui_view *v)
{
    return nodes_close_detail(app);
}

static void load_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    const model_row *n = open_node(app);
    char name[100];
    sanitize_into(name, sizeof name, n ? jget_str(n->obj, "name") : "");
    snprintf(buf, size, "Load of %s (statistics every 10 s)", name);
}

const ui_view_class view_node_load = {
    .name = "node-load",
    .title = "Node load",
    .sub_view = true,
    .table = MT_NODES,
    .columns = load_columns,
    .ncolumns = COUNT(load_columns),
    .default_sort = -1,
    .empty_text = "The node is gone",
    .row_in_scope = load_in_scope,
    .fetch_plan = load_fetch_plan,
    .on_back = detail_on_back,
    .title_text = load_title,
};

/* ---- calls on a node ----------------------------------------------------------------------- */

static const char *open_node_address(ui_app *app)
{
    const model_row *n = open_node(app);
    return n ? model_node_address(app->model, n->obj) : NULL;
}

static bool field_is(const model_row *row, const char *field, const char *value)
{
    const char *v = jget_str(row->obj, field);
    return v && value && strcmp(v, value) == 0;
}

static bool calls_in_scope(ui_app *app, const model_row *row)
{
    const char *ip = open_node_address(app);
    return ip && (field_is(row, "media_node", ip) || field_is(row, "signalling_node", ip) ||
                  field_is(row, "proxy_node", ip));
}

static void call_quality_cell(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_call_quality(app, quality_of_participant(row->obj), out);
    out->field = "call_quality";
}

static void call_via(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    const char *ip = open_node_address(app);
    char buf[64] = "";
    if (field_is(row, "media_node", ip))
        strcat(buf, "media");
    if (field_is(row, "signalling_node", ip))
        strcat(buf, buf[0] ? "+sig" : "signalling");
    if (field_is(row, "proxy_node", ip))
        strcat(buf, buf[0] ? "+proxy" : "proxy");
    cell_printf(out, "%s", buf);
}

static const ui_column call_columns[] = {
    {.name = "name",
     .title = "Name",
     .width = 20,
     .min_width = 12,
     .flex = true,
     .sort_field = "display_name",
     .cell = cell_participant_name},
    {.name = "conference",
     .title = "Conference",
     .width = 20,
     .min_width = 10,
     .flex = true,
     .priority = 1,
     .field = "conference"},
    {.name = "quality",
     .title = "Quality",
     .width = 10,
     .sort_field = "call_quality",
     .sort_descending = true,
     .cell = call_quality_cell},
    {.name = "via", .title = "Via", .width = 10, .priority = 2, .cell = call_via},
    {.name = "protocol", .title = "Proto", .width = 6, .priority = 3, .field = "protocol"},
    {.name = "duration",
     .title = "Duration",
     .width = 8,
     .right = true,
     .priority = 2,
     .field = "connect_time",
     .format = FIELD_AGE},
    {.name = "remote",
     .title = "Remote address",
     .width = 15,
     .priority = 5,
     .field = "remote_address"},
};

static void calls_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    const model_row *n = open_node(app);
    const char *ip = open_node_address(app);
    char name[100], addr[64];
    sanitize_into(name, sizeof name, n ? jget_str(n->obj, "name") : "");
    sanitize_into(addr, sizeof addr, ip ? ip : "address unknown");
    snprintf(buf, size, "Calls on %s (%s): %zu %s  Enter: go to the call", name, addr,
             v->rows.count, text_plural(v->rows.count, "leg", "legs"));
}

const ui_view_class view_node_calls = {
    .name = "node-calls",
    .title = "Calls on the node",
    .sub_view = true,
    .table = MT_ALL_PARTICIPANTS,
    .columns = call_columns,
    .ncolumns = COUNT(call_columns),
    .group_legs = true,
    .default_sort = -1,
    .empty_text = "No calls on this node",
    .row_in_scope = calls_in_scope,
    .fetch_plan = live_calls_fetch_plan,
    .on_enter = live_call_enter,
    .on_back = detail_on_back,
    .title_text = calls_title,
};

/* ---- locations ------------------------------------------------------------------------------ */

static size_t nodes_in_location(ui_app *app, const char *location)
{
    const model_table *t = model_get(app->model, MT_NODES);
    size_t n = 0;
    for (size_t i = 0; t && location && i < model_table_count(t); i++) {
        const model_row *r = model_table_at(t, i);
        if (!model_row_is_ghost(r) && field_is(r, "system_location", location))
            n++;
    }
    return n;
}

static void loc_nodes(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_printf(out, "%zu", nodes_in_location(app, jget_str(row->obj, "name")));
}

static double loc_nodes_key(ui_app *app, const model_row *row)
{
    return (double)nodes_in_location(app, jget_str(row->obj, "name"));
}

static const ui_column location_columns[] = {
    {.name = "name",
     .title = "Location",
     .width = 18,
     .min_width = 10,
     .flex = true,
     .field = "name"},
    {.name = "load",
     .title = "Media load",
     .width = LOAD_BAR + 5,
     .sort_field = "media_load",
     .sort_descending = true,
     .cell = node_load},
    {.name = "tokens",
     .title = "Tokens",
     .width = 9,
     .right = true,
     .priority = 1,
     .sort_key = node_tokens_key,
     .sort_descending = true,
     .cell = node_tokens},
    {.name = "max_hd",
     .title = "HD calls",
     .width = 8,
     .right = true,
     .priority = 2,
     .sort_descending = true,
     .field = "max_hd_calls"},
    {.name = "max_full_hd",
     .title = "Full HD",
     .width = 7,
     .right = true,
     .priority = 4,
     .sort_descending = true,
     .field = "max_full_hd_calls"},
    {.name = "max_audio",
     .title = "Audio",
     .width = 6,
     .right = true,
     .priority = 3,
     .sort_descending = true,
     .field = "max_audio_calls"},
    {.name = "nodes",
     .title = "Nodes",
     .width = 5,
     .right = true,
     .priority = 2,
     .sort_key = loc_nodes_key,
     .sort_descending = true,
     .cell = loc_nodes},
};

static void locations_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_LOCATIONS] = true;
    plan->want[MT_NODES] = true;
}

static void location_select(ui_app *app, const model_row *r)
{
    ui_platform *p = app_platform(app);
    const char *name = r ? jget_str(r->obj, "name") : NULL;
    if (!p || !name || strcmp(p->location, name) == 0)
        return;
    snprintf(p->location, sizeof p->location, "%s", name);
    app_view_reset(app, "location-nodes");
}

static void locations_on_enter(ui_app *app, ui_view *v)
{
    ui_platform *p = app_platform(app);
    if (!p || !view_selected_row(v))
        return;
    location_select(app, view_selected_row(v));
    p->location_open = true;
    app_relayout(app, "location-nodes");
}

static void locations_on_select(ui_app *app, ui_view *v)
{
    ui_platform *p = app_platform(app);
    if (p && p->location_open)
        location_select(app, view_selected_row(v));
}

static bool locations_close(ui_app *app)
{
    ui_platform *p = app_platform(app);
    return p && close_level(app, &p->location_open, "locations");
}

static bool locations_on_back(ui_app *app, ui_view *v)
{
    return locations_close(app);
}

static void locations_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    snprintf(buf, size, "System locations (%zu)  Enter: nodes", v->rows.count);
}

const ui_view_class view_locations = {
    .name = "locations",
    .title = "System locations",
    .help = "System locations: load and capacity (Enter: their nodes)",
    .table = MT_LOCATIONS,
    .columns = location_columns,
    .ncolumns = COUNT(location_columns),
    .default_sort = 0,
    .empty_text = "No system locations",
    .fetch_plan = locations_fetch_plan,
    .on_enter = locations_on_enter,
    .on_select = locations_on_select,
    .on_back = locations_on_back,
    .title_text = locations_title,
};

static bool location_nodes_in_scope(ui_app *app, const model_row *row)
{
    ui_platform *p = app_platform(app);
    return p && p->location_open && field_is(row, "system_location", p->location);
}

static void location_nodes_on_enter(ui_app *app, ui_view *v)
{
    const model_row *r = view_selected_row(v);
    if (r) {
        char id[64];
        snprintf(id, sizeof id, "%s", r->id);
        nodes_show(app, id);
    }
}

static bool location_nodes_on_back(ui_app *app, ui_view *v)
{
    return locations_close(app);
}

static void location_nodes_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    ui_platform *p = app_platform(app);
    char name[200];
    sanitize_into(name, sizeof name, p ? p->location : "");
    snprintf(buf, size, "Nodes in %s (%zu)  Enter: the node's load and calls", name, v->rows.count);
}

const ui_view_class view_location_nodes = {
    .name = "location-nodes",
    .title = "Nodes in the location",
    .sub_view = true,
    .table = MT_NODES,
    .columns = node_columns,
    .ncolumns = COUNT(node_columns),
    .default_sort = 0,
    .empty_text = "No nodes in this location",
    .row_in_scope = location_nodes_in_scope,
    .fetch_plan = nodes_fetch_plan,
    .on_enter = location_nodes_on_enter,
    .on_back = location_nodes_on_back,
    .title_text = location_nodes_title,
};

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
        app_focus_by_name(app, "alarm-history");
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

/* ---- registrations -----------------------------------------------------------------------------
 */

static void reg_natted(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    out->field = "is_natted";
    if (jget_bool(row->obj, "is_natted") == 1)
        cell_printf(out, "NAT");
}

static const ui_column registration_columns[] = {
    {.name = "alias",
     .title = "Alias",
     .width = 28,
     .min_width = 16,
     .flex = true,
     .field = "alias"},
    {.name = "protocol", .title = "Proto", .width = 6, .priority = 1, .field = "protocol"},
    {.name = "node",
     .title = "Node",
     .width = 14,
     .priority = 1,
     .field = "node",
     .format = FIELD_NODE},
    {.name = "remote", .title = "Address", .width = 15, .priority = 2, .field = "remote_address"},
    {.name = "natted",
     .title = "NAT",
     .width = 3,
     .priority = 4,
     .sort_field = "is_natted",
     .cell = reg_natted},
    {.name = "vendor",
     .title = "Vendor",
     .width = 24,
     .min_width = 12,
     .flex = true,
     .priority = 3,
     .field = "vendor"},
    {.name = "since",
     .title = "For",
     .width = 8,
     .right = true,
     .priority = 5,
     .field = "start_time",
     .format = FIELD_AGE},
    {.name = "username", .title = "User", .width = 20, .priority = 6, .field = "username"},
};

static void registrations_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_REGISTRATIONS] = true;
    plan->want[MT_NODE_CONFIG] = true;
}

const ui_view_class view_registrations = {
    .name = "registrations",
    .title = "Registered aliases",
    .help = "Registered aliases: protocol, node, address, vendor",
    .table = MT_REGISTRATIONS,
    .columns = registration_columns,
    .ncolumns = COUNT(registration_columns),
    .default_sort = 0,
    .empty_text = "No registered aliases",
    .fetch_plan = registrations_fetch_plan,
    .title_text = view_title_count,
};

/* ---- licensing ----------------------------------------------------------------------------------
 */

static void lic_used(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    int active = jget_bool(row->obj, "active");
    if (active >= 0 && row_number(row, "total") < 0) {
        cell_printf(out, "%s", active ? "active" : "inactive");
        out->slot = active ? SLOT_QUALITY_GOOD : SLOT_DIM;
        return;
    }
    cell_json(row, "count", out);
}

static void lic_free(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    double used = row_number(row, "count"), total = row_number(row, "total");
    if (used >= 0 && total >= 0)
        cell_printf(out, "%.0f", total - used > 0 ? total - used : 0);
}

static void lic_bar(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    double used = row_number(row, "count"), total = row_number(row, "total");
    if (used >= 0 && total >= 0)
        cell_bar(app, used, total, 20, out);
    out->field = "count";
}

static double lic_usage_key(ui_app *app, const model_row *row)
{
    return ratio_key(row, "count", "total");
}

static const ui_column licensing_columns[] = {
    {.name = "license", .title = "Licence", .width = 22, .field = "label"},
    {.name = "used",
     .title = "Used",
     .width = 8,
     .right = true,
     .sort_field = "count",
     .sort_descending = true,
     .cell = lic_used},
    {.name = "total",
     .title = "Total",
     .width = 6,
     .right = true,
     .sort_descending = true,
     .field = "total"},
    {.name = "usage",
     .title = "Usage",
     .width = 25,
     .priority = 1,
     .sort_key = lic_usage_key,
     .sort_descending = true,
     .cell = lic_bar},
    {.name = "free", .title = "Free", .width = 6, .right = true, .priority = 2, .cell = lic_free},
};

static void licensing_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_LICENSING] = true;
}

const ui_view_class view_licensing = {
    .name = "licensing",
    .title = "Licensing",
    .help = "Licence usage per kind as used/total bars",
    .table = MT_LICENSE_KINDS,
    .columns = licensing_columns,
    .ncolumns = COUNT(licensing_columns),
    .default_sort = -1,
    .empty_text = "No licensing information",
    .fetch_plan = licensing_fetch_plan,
};

/* ---- cloud bursting
 * ------------------------------------------------------------------------------- */

static void cloud_state(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    char state[64];
    jget_text(row->obj, "cloud_instance_state", state, sizeof state);
    if (!state[0])
        jget_text(row->obj, "aws_instance_state", state, sizeof state);
    if (!state[0])
        return;
    char raw[96];
    if (strcasecmp(state, "running") == 0) {
        snprintf(raw, sizeof raw, "%s %s", app->ascii ? "o" : "\u25cf", state);
        out->slot = SLOT_QUALITY_GOOD;
    } else if (strcasecmp(state, "stopped") == 0) {
        snprintf(raw, sizeof raw, "%s %s", app->ascii ? "-" : "\u25a0", state);
        out->slot = SLOT_DIM;
    } else {
        snprintf(raw, sizeof raw, "%s %s", app->ascii ? "~" : "\u25c6", state);
        out->slot = SLOT_QUALITY_OK;
    }
    cell_set(out, raw);
    out->field = "cloud_instance_state";
}

static const ui_column cloud_node_columns[] = {
    {.name = "name",
     .title = "Overflow node",
     .width = 18,
     .min_width = 12,
     .flex = true,
     .field = "workervm_configuration_name"},
    {.name = "location",
     .title = "Location",
     .width = 12,
     .priority = 2,
     .field = "workervm_configuration_location_name"},
    {.name = "state",
     .title = "State",
     .width = 12,
     .sort_field = "cloud_instance_state",
     .cell = cloud_state},
    {.name = "load",
     .title = "Media load",
     .width = LOAD_BAR + 5,
     .priority = 1,
     .sort_field = "media_load",
     .sort_descending = true,
     .cell = node_load},
    {.name = "max_hd",
     .title = "HD calls",
     .width = 8,
     .right = true,
     .priority = 3,
     .field = "max_hd_calls"},
    {.name = "instance",
     .title = "Instance",
     .width = 16,
     .priority = 4,
     .field = "cloud_instance_name"},
    {.name = "ip",
     .title = "Instance IP",
     .width = 15,
     .priority = 5,
     .field = "cloud_instance_ip"},
    {.name = "launched",
     .title = "Launched (UTC)",
     .width = 16,
     .priority = 6,
     .field = "cloud_instance_launch_time",
     .format = FIELD_TIME},
};

static void cloud_nodes_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_CLOUD_NODES] = true;
}

const ui_view_class view_cloud_nodes = {
    .name = "cloud",
    .title = "Cloud overflow nodes",
    .help = "Cloud bursting: overflow nodes, monitored and overflow locations",
    .table = MT_CLOUD_NODES,
    .columns = cloud_node_columns,
    .ncolumns = COUNT(cloud_node_columns),
    .default_sort = 0,
    .empty_text = "No cloud overflow nodes",
    .fetch_plan = cloud_nodes_fetch_plan,
    .title_text = view_title_count,
};

static void cloudloc_hd(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_ratio(row, "free_hd_calls", "max_hd_calls", out);
}

/* The overflow location a monitored one bursts into, by name. */
static void cloudloc_overflow(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    char raw[256], id[64];
    history_uri_id(jget_text(row->obj, "overflow_location", raw, sizeof raw), id, sizeof id);
    const model_row *o =
        id[0] ? model_table_find(model_get(app->model, MT_CLOUD_OVERFLOW), id) : NULL;
    cell_set(out, o ? jget_str(o->obj, "name") : id);
    out->field = "overflow_location";
}

static const ui_column cloud_monitored_columns[] = {
    {.name = "name",
     .title = "Monitored location",
     .width = 20,
     .min_width = 12,
     .flex = true,
     .field = "name"},
    {.name = "load",
     .title = "Media load",
     .width = LOAD_BAR + 5,
     .sort_field = "media_load",
     .sort_descending = true,
     .cell = node_load},
    {.name = "hd",
     .title = "HD free/max",
     .width = 11,
     .right = true,
     .priority = 1,
     .sort_field = "free_hd_calls",
     .cell = cloudloc_hd},
    {.name = "overflow",
     .title = "Bursts into",
     .width = 18,
     .priority = 2,
     .sort_field = "overflow_location",
     .cell = cloudloc_overflow},
};

static void cloud_monitored_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_CLOUD_MONITORED] = true;
    plan->want[MT_CLOUD_OVERFLOW] = true;
}

static void cloud_monitored_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Locations monitored for bursting (%zu)", v->rows.count);
}

const ui_view_class view_cloud_monitored = {
    .name = "cloud-monitored",
    .title = "Monitored locations",
    .sub_view = true,
    .table = MT_CLOUD_MONITORED,
    .columns = cloud_monitored_columns,
    .ncolumns = COUNT(cloud_monitored_columns),
    .default_sort = 0,
    .empty_text = "No locations are monitored for bursting",
    .fetch_plan = cloud_monitored_fetch_plan,
    .title_text = cloud_monitored_title,
};

static const ui_column cloud_overflow_columns[] = {
    {.name = "name",
     .title = "Overflow location",
     .width = 20,
     .min_width = 12,
     .flex = true,
     .field = "name"},
    {.name = "load",
     .title = "Media load",
     .width = LOAD_BAR + 5,
     .sort_field = "media_load",
     .sort_descending = true,
     .cell = node_load},
    {.name = "hd",
     .title = "HD free/max",
     .width = 11,
     .right = true,
     .priority = 1,
     .sort_field = "free_hd_calls",
     .cell = cloudloc_hd},
    {.name = "location_id",
     .title = "Location id",
     .width = 11,
     .right = true,
     .priority = 3,
     .field = "systemlocation_id"},
};

static void cloud_overflow_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_CLOUD_OVERFLOW] = true;
}

const ui_view_class view_cloud_overflow = {
    .name = "cloud-overflow",
    .title = "Overflow locations",
    .sub_view = true,
    .table = MT_CLOUD_OVERFLOW,
    .columns = cloud_overflow_columns,
    .ncolumns = COUNT(cloud_overflow_columns),
    .default_sort = 0,
    .empty_text = "No overflow locations",
    .fetch_plan = cloud_overflow_fetch_plan,
    .title_text = view_title_count,
};

void nodes_show(ui_app *app, const char *node_id)
{
    char id[64];
    snprintf(id, sizeof id, "%s", node_id ? node_id : "");
    ui_view *nv = app_view_by_name(app, "nodes");
    if (!nv)
        return;
    app->solo = nv;
    app_layout(app);
    app_focus_view(app, nv);
    nv->filter[0] = '\0';
    snprintf(nv->selected_id, sizeof nv->selected_id, "%s", id);
    view_rebuild(app, nv);
    const model_row *r = view_selected_row(nv);
    if (r && strcmp(r->id, id) == 0)
        nodes_open_detail(app, r);
    fetch_tick(app);
}
