/* Console state changes shared by actions, commands and views: focus,
 * layout, drill-down, theme, messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "ui/core/app.h"
#include "ui/core/screen_state.h"

void app_dirty(ui_app *app)
{
    app->dirty = true;
}

void app_message(ui_app *app, ui_msg_level level, const char *fmt, ...)
{
    char raw[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    sanitize_into(app->message, sizeof app->message, raw);
    app->message_level = level;
    app->message_time = app_mono(app);
    app_dirty(app);
}

ui_view *app_focused(ui_app *app)
{
    return app->focus < app->npanes ? app->panes[app->focus] : NULL;
}

ui_view *app_view(ui_app *app, const ui_view_class *cls)
{
    for (size_t i = 0; i < app->nviews; i++)
        if (app->views[i]->cls == cls)
            return app->views[i];
    return NULL;
}

void app_view_reset(ui_app *app, const ui_view_class *cls)
{
    ui_view *v = app_view(app, cls);
    if (v) {
        v->stale = true;
        v->selected = v->top = 0;
        v->selected_id[0] = '\0';
    }
}

static long pane_index(ui_app *app, const ui_view *v)
{
    for (size_t i = 0; i < app->npanes; i++)
        if (app->panes[i] == v)
            return (long)i;
    return -1;
}

void app_focus_view(ui_app *app, ui_view *v)
{
    long i = v ? pane_index(app, v) : -1;
    if (i >= 0)
        app->focus = (size_t)i;
    app_dirty(app);
}

void app_focus_class(ui_app *app, const ui_view_class *cls)
{
    app_focus_view(app, app_view(app, cls));
}

void app_resize(ui_app *app, int rows, int cols)
{
    app->rows = rows;
    app->cols = cols;
    app_layout(app);
}

void app_layout(ui_app *app)
{
    ui_view *focused = app_focused(app);
    app->too_small = app->cols < UI_MIN_COLS || app->rows < UI_MIN_ROWS;
    app->npanes = 0;
    nav_layout(app, 1, app->rows - 2, app->cols);
    long fi = focused ? pane_index(app, focused) : -1;
    app->focus = fi >= 0 ? (size_t)fi : 0;
    for (size_t i = 0; i < app->npanes; i++)
        app->panes[i]->stale = true;
    app->repaint = true;
    app_dirty(app);
}

bool app_set_theme(ui_app *app, const char *name)
{
    theme t;
    strbuf err = STRBUF_INIT;
    bool found = theme_load(name, &t, &err);
    if (!found) {
        app_message(app, MSG_WARNING, "%s", sb_str(&err));
        sb_free(&err);
        return false;
    }
    app->theme = t;
    app->theme_changed = true; /* the renderer applies it to the terminal */
    if (err.len)
        app_message(app, MSG_WARNING, "Theme %s: %s", t.name, sb_str(&err));
    else
        app_message(app, MSG_INFO, "Theme: %s", t.name);
    sb_free(&err);
    app->repaint = true;
    app_dirty(app);
    return true;
}

void app_quit(ui_app *app, int code)
{
    app->quitting = true;
    app->exit_code = code;
    uv_stop(app->loop);
}

void app_views_stale(ui_app *app)
{
    for (size_t i = 0; i < app->nviews; i++)
        app->views[i]->stale = true;
    app_dirty(app);
}

/* ---- sparkline history --------------------------------------------------------- */

ui_spark *spark_get(ui_app *app, const char *key, bool create)
{
    for (size_t i = 0; i < app->nsparks; i++)
        if (strcmp(app->sparks[i].key, key) == 0)
            return &app->sparks[i];
    if (!create || app->nsparks >= 64)
        return NULL;
    app->sparks = xrealloc(app->sparks, (app->nsparks + 1) * sizeof *app->sparks);
    ui_spark *s = &app->sparks[app->nsparks++];
    memset(s, 0, sizeof *s);
    snprintf(s->key, sizeof s->key, "%s", key);
    return s;
}

void sparks_clear(ui_app *app)
{
    free(app->sparks);
    app->sparks = NULL;
    app->nsparks = 0;
}

ui_platform *app_platform(ui_app *app)
{
    if (!app->platform) {
        app->platform = xcalloc(1, sizeof *app->platform);
        app->platform->history.window_s = HISTORY_DEFAULT_WINDOW_S;
        app->platform->history.loss_above = -1;
    }
    return app->platform;
}

void app_platform_free(ui_app *app)
{
    free(app->platform);
    app->platform = NULL;
}

void app_relayout(ui_app *app, const ui_view_class *focus)
{
    app_layout(app);
    if (focus)
        app_focus_class(app, focus);
    app_kick(app);
}

void app_kick(ui_app *app)
{
    if (app->hooks.kick)
        app->hooks.kick(app);
}

double app_mono(const ui_app *app)
{
    return app && app->clock.mono ? app->clock.mono(app->clock.ctx) : time_monotonic();
}

double app_wall(const ui_app *app)
{
    return app && app->clock.wall ? app->clock.wall(app->clock.ctx) : time_now();
}

const model_row *app_conference_by_name(ui_app *app, const char *name)
{
    const model_table *t = model_get(app->model, MT_CONFERENCES);
    size_t n = t ? model_table_count(t) : 0;
    const model_row *ghost = NULL;
    for (size_t i = 0; name && *name && i < n; i++) {
        const model_row *r = model_table_at(t, i);
        const char *rn = jget_str(r->obj, "name");
        if (!rn || strcmp(rn, name) != 0)
            continue;
        if (!model_row_is_ghost(r))
            return r;
        ghost = r;
    }
    return ghost;
}
