/* :nodes: Conferencing Nodes (load, tokens, status words of every release),
 * and its drill-downs: a node's load over time and the calls on it. */
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

void node_load(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    double load;
    if (status_media_load(row->obj, &load))
        cell_bar(app, load, 100, VIEW_LOAD_BAR, out);
    out->field = "media_load";
}

void node_tokens(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_ratio(row, "media_tokens_used", "max_media_tokens", out);
}

double node_tokens_key(ui_app *app, const model_row *row)
{
    return row_ratio(row, "media_tokens_used", "max_media_tokens");
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

const ui_column node_columns[NODE_NCOLUMNS] = {
    COL_NAME("Node", 14, 10, "name"),
    {.name = "location",
     .title = "Location",
     .width = 12,
     .priority = 3,
     .field = "system_location"},
    {.name = "type", .title = "Type", .width = 12, .priority = 6, .field = "node_type"},
    COL_LOAD(0),
    COL_TOKENS(7),
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

void nodes_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_NODES] = true;
}

static const model_row *open_node(ui_app *app)
{
    const nav_level *l = nav_level_of(app, &view_nodes);
    return l ? model_table_find(model_get(app->model, MT_NODES), l->id) : NULL;
}

static void nodes_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Conferencing Nodes (%zu)  Enter: load and calls", v->rows.count);
}

_Static_assert(COUNT(node_columns) == NODE_NCOLUMNS, "NODE_NCOLUMNS in views.h");

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
    {.name = "now", .title = "Now", .width = VIEW_LOAD_BAR + 5, .cell = node_load},
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
    const nav_level *l = nav_level_of(app, &view_nodes);
    return l && strcmp(row->id, l->id) == 0;
}

static void load_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_NODES] = true;
    plan->want[MT_NODE_STATS] = true;
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
    .title_text = load_title,
};

/* ---- calls on a node ----------------------------------------------------------------------- */

static const char *open_node_address(ui_app *app)
{
    const model_row *n = open_node(app);
    return n ? model_node_address(app->model, n->obj) : NULL;
}

static bool calls_in_scope(ui_app *app, const model_row *row)
{
    const char *ip = open_node_address(app);
    return ip && (row_field_is(row, "media_node", ip) || row_field_is(row, "signalling_node", ip) ||
                  row_field_is(row, "proxy_node", ip));
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
    if (row_field_is(row, "media_node", ip))
        strcat(buf, "media");
    if (row_field_is(row, "signalling_node", ip))
        strcat(buf, buf[0] ? "+sig" : "signalling");
    if (row_field_is(row, "proxy_node", ip))
        strcat(buf, buf[0] ? "+proxy" : "proxy");
    cell_printf(out, "%s", buf);
}

static const ui_column call_columns[] = {
    COL_PARTICIPANT(20),
    COL_CONFERENCE(20, 10, 1, "conference"),
    {.name = "quality",
     .title = "Quality",
     .width = 10,
     .sort_field = "call_quality",
     .sort_descending = true,
     .cell = call_quality_cell},
    {.name = "via", .title = "Via", .width = 10, .priority = 2, .cell = call_via},
    {.name = "protocol", .title = "Proto", .width = 6, .priority = 3, .field = "protocol"},
    COL_DURATION(2, "connect_time"),
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
    char name[100], addr[64], age[48];
    sanitize_into(name, sizeof name, n ? jget_str(n->obj, "name") : "");
    sanitize_into(addr, sizeof addr, ip ? ip : "address unknown");
    view_age_note(app, MT_ALL_PARTICIPANTS, age, sizeof age);
    snprintf(buf, size, "Calls on %s (%s): %zu %s%s  Enter: go to the call", name, addr,
             v->rows.count, text_plural(v->rows.count, "leg", "legs"), age);
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
    .enter = ENTER_CALL,
    .title_text = calls_title,
};
