/* :locations: system locations and their load, and the nodes of one. */
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

/* ---- locations ------------------------------------------------------------------------------ */

static size_t nodes_in_location(ui_app *app, const char *location)
{
    const model_table *t = model_get(app->model, MT_NODES);
    size_t n = 0;
    for (size_t i = 0; t && location && i < model_table_count(t); i++) {
        const model_row *r = model_table_at(t, i);
        if (!model_row_is_ghost(r) && row_field_is(r, "system_location", location))
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
    COL_NAME("Location", 18, 10, "name"),
    COL_LOAD(0),
    COL_TOKENS(9),
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
    .title_text = locations_title,
};

static bool location_nodes_in_scope(ui_app *app, const model_row *row)
{
    const nav_level *l = nav_level_of(app, &view_locations);
    return l && row_field_is(row, "system_location", l->name);
}

static void location_nodes_title(ui_app *app, ui_view *v, char *buf, size_t size)
{
    const nav_level *l = nav_level_of(app, &view_locations);
    char name[200];
    sanitize_into(name, sizeof name, l ? l->name : "");
    snprintf(buf, size, "Nodes in %s (%zu)  Enter: the node's load and calls", name, v->rows.count);
}

const ui_view_class view_location_nodes = {
    .name = "location-nodes",
    .title = "Nodes in the location",
    .sub_view = true,
    .table = MT_NODES,
    .columns = node_columns,
    .ncolumns = NODE_NCOLUMNS,
    .default_sort = 0,
    .empty_text = "No nodes in this location",
    .row_in_scope = location_nodes_in_scope,
    .fetch_plan = nodes_fetch_plan,
    .enter = ENTER_OPEN_IN,
    .enter_in = &view_nodes,
    .title_text = location_nodes_title,
};
