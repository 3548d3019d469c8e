/* Cells of plain model fields, for every view: a field's text, a time, an
 * age, a node name; the time and number readers views sort by. */
#include <stdio.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "ui/core/app.h"

void cell_json(const model_row *row, const char *field, ui_cell *out)
{
    char buf[512];
    cell_set(out, jget_text(row->obj, field, buf, sizeof buf));
    out->field = field;
}

double row_time(const model_row *row, const char *field)
{
    double t;
    const char *s = jget_str(row->obj, field);
    return s && time_parse_utc(s, &t) ? t : -1;
}

double row_number(const model_row *row, const char *field)
{
    double v;
    return jget_num(row->obj, field, &v) ? v : -1;
}

void cell_time(const model_row *row, const char *field, ui_cell *out)
{
    double t = row_time(row, field);
    out->field = field;
    if (t < 0)
        return;
    char full[40], today[40];
    time_format_utc(t, false, full, sizeof full);
    time_format_utc(time_now(), false, today, sizeof today);
    /* "2026-11-28T07:47:57": the date is the first 10 characters. */
    if (strncmp(full, today, 10) == 0)
        cell_printf(out, "%.8s", full + 11);
    else
        cell_printf(out, "%.10s %.5s", full, full + 11);
}

void cell_age(const model_row *row, const char *field, ui_cell *out)
{
    double t = row_time(row, field);
    out->field = field;
    if (t < 0)
        return;
    char buf[32];
    double age = time_now() - t;
    duration_format(age > 0 ? age : 0, buf, sizeof buf);
    cell_printf(out, "%s", buf);
}

void cell_node(ui_app *app, const model_row *row, const char *field, ui_cell *out)
{
    const char *ip = jget_str(row->obj, field);
    cell_set(out, ip && ip[0] ? model_node_label(app->model, ip) : "");
    out->field = field;
}

void cell_field(ui_app *app, const model_row *row, const char *field, ui_field_format format,
                ui_cell *out)
{
    switch (format) {
    case FIELD_TIME:
        cell_time(row, field, out);
        break;
    case FIELD_AGE:
        cell_age(row, field, out);
        break;
    case FIELD_NODE:
        cell_node(app, row, field, out);
        break;
    case FIELD_TEXT:
    default:
        cell_json(row, field, out);
        break;
    }
}
