/* :registrations and :licensing: registered devices, and licence use per kind. */
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
    return row_ratio(row, "count", "total");
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
