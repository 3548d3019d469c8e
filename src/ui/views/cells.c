/* Cells shared by the platform views: times, ages, usage bars, node names,
 * quality and alarm levels (symbol and word, never colour alone). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "ui/theme/glyph.h"
#include "ui/views/views.h"

void cell_display_name(const model_row *row, const char *fallback_field, ui_cell *out)
{
    const char *name = jget_str(row->obj, "display_name");
    if (!name || !*name)
        name = jget_str(row->obj, fallback_field);
    cell_set(out, name);
    out->field = "display_name";
}

void cell_participant_name(ui_app *app, const model_row *row, int sub, ui_cell *out)
{
    cell_display_name(row, "source_alias", out);
}

static theme_slot usage_slot(double percent)
{
    return percent >= 90   ? SLOT_QUALITY_TERRIBLE
           : percent >= 75 ? SLOT_QUALITY_OK
                           : SLOT_QUALITY_GOOD;
}

void cell_bar(ui_app *app, double used, double total, int width, ui_cell *out)
{
    if (total <= 0 || used < 0) {
        cell_printf(out, "%s", total == 0 && used == 0 ? "none" : "");
        out->slot = SLOT_DIM;
        return;
    }
    double percent = used / total * 100.0;
    double fill = percent > 100 ? 1.0 : percent / 100.0;
    static const char *const eighths[] = {"",       "\u258f", "\u258e", "\u258d",
                                          "\u258c", "\u258b", "\u258a", "\u2589"};
    char bar[256] = "";
    size_t len = 0;
    int cells = (int)floor(fill * width * 8 + 0.5); /* in eighths */
    for (int i = 0; i < width && len + 4 < sizeof bar; i++) {
        int here = cells - i * 8;
        const char *g;
        if (here >= 8)
            g = app->ascii ? "#" : "\u2588";
        else if (here > 0)
            g = app->ascii ? (here >= 4 ? "#" : ".") : eighths[here];
        else
            g = app->ascii ? "." : "\u2591";
        if (!*g)
            g = app->ascii ? "." : "\u2591";
        size_t gl = strlen(g);
        memcpy(bar + len, g, gl);
        len += gl;
    }
    bar[len] = '\0';
    cell_printf(out, "%s %3.0f%%", bar, percent);
    out->slot = usage_slot(percent);
}

void cell_loss(double percent, ui_cell *out)
{
    cell_printf(out, "%.2f", percent);
    out->slot = glyph_quality_slot(quality_from_loss_jitter(percent, -1));
}

void cell_call_quality(ui_app *app, call_quality q, ui_cell *out)
{
    cell_printf(out, "%s", glyph_quality(q, app->ascii));
    out->slot = glyph_quality_slot(q);
}

const char *alarm_level_glyph(alarm_level l, bool ascii)
{
    return glyph_alarm_mark(l, ascii);
}

theme_slot alarm_level_slot(alarm_level l)
{
    switch (l) {
    case ALARM_CRITICAL:
        return SLOT_QUALITY_TERRIBLE;
    case ALARM_ERROR:
        return SLOT_QUALITY_BAD;
    case ALARM_WARNING:
        return SLOT_QUALITY_OK;
    case ALARM_INFO:
        return SLOT_QUALITY_GOOD;
    default:
        return SLOT_QUALITY_UNKNOWN;
    }
}

void cell_alarm_level(ui_app *app, alarm_level l, ui_cell *out)
{
    cell_printf(out, "%s %s", alarm_level_glyph(l, app->ascii), alarm_level_label(l));
    out->slot = alarm_level_slot(l);
    out->field = "level";
}

void live_calls_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_ALL_PARTICIPANTS] = true;
    plan->want[MT_NODE_CONFIG] = true;
}

void cell_ratio(const model_row *row, const char *used, const char *total, ui_cell *out)
{
    char u[32], t[32];
    jget_text(row->obj, used, u, sizeof u);
    jget_text(row->obj, total, t, sizeof t);
    if (u[0] || t[0])
        cell_printf(out, "%s/%s", u[0] ? u : "?", t[0] ? t : "?");
    out->field = used;
}

double row_ratio(const model_row *row, const char *used, const char *total)
{
    double u = row_number(row, used), t = row_number(row, total);
    return t > 0 && u >= 0 ? u / t : -1;
}

/* Close a drill-down level and focus `focus_view`; false when it was not
 * open (Esc then leaves the screen). */
bool row_field_is(const model_row *row, const char *field, const char *value)
{
    const char *v = jget_str(row->obj, field);
    return v && value && strcmp(v, value) == 0;
}

void view_age_note(ui_app *app, model_table_id t, char *buf, size_t size)
{
    double age = model_age(app->model, t, app_wall(app));
    buf[0] = '\0';
    if (age > 2 * app->refresh_s)
        snprintf(buf, size, ", data %.0f s old", age);
}
