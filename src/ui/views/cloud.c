/* :cloud: dynamic bursting cloud nodes, monitored and overflow locations. */
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
    COL_NAME("Overflow node", 18, 12, "workervm_configuration_name"),
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
    COL_LOAD(1),
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

/* Both location tables show their HD call capacity alike. */
// clang-format off
#define CLOUD_HD_COLUMN                                                                            \
    {.name = "hd", .title = "HD free/max", .width = 11, .right = true, .priority = 1,            \
     .sort_field = "free_hd_calls", .cell = cloudloc_hd}
// clang-format on

static const ui_column cloud_monitored_columns[] = {
    COL_NAME("Monitored location", 20, 12, "name"),
    COL_LOAD(0),
    CLOUD_HD_COLUMN,
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
    COL_NAME("Overflow location", 20, 12, "name"),
    COL_LOAD(0),
    CLOUD_HD_COLUMN,
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
