/* Console state changes shared by actions, commands and views: focus,
 * layout, drill-down, theme, messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
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

ui_view *app_view_by_name(ui_app *app, const char *name)
{
    for (size_t i = 0; i < app->nviews; i++)
        if (strcmp(app->views[i]->cls->name, name) == 0)
            return app->views[i];
    return NULL;
}

void app_view_reset(ui_app *app, const char *name)
{
    ui_view *v = app_view_by_name(app, name);
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
    if (!v)
        return;
    long i = pane_index(app, v);
    if (i < 0 && !app->solo && app->media_open && strcmp(v->cls->name, "conferences") == 0) {
        /* On a narrow terminal the media pane replaces the conferences. */
        app_close_media(app);
        i = pane_index(app, v);
    }
    if (i >= 0)
        app->focus = (size_t)i;
    app_dirty(app);
}

static void add_pane(ui_app *app, const char *name, int y, int x, int h, int w)
{
    ui_view *v = app_view_by_name(app, name);
    if (!v || app->npanes >= UI_MAX_PANES)
        return;
    app->pane_rect[app->npanes] = (ui_rect){y, x, h, w};
    app->panes[app->npanes++] = v;
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
    int top = 1, h = app->rows - 2, w = app->cols;
    if (app->solo) {
        /* A platform screen may add its drill-down panes (screens.c). */
        if (!app->hooks.screen_layout || !app->hooks.screen_layout(app, top, h, w)) {
            app->panes[0] = app->solo;
            app->pane_rect[0] = (ui_rect){top, 0, h, w};
            app->npanes = 1;
        }
    } else if (w >= 160) {
        /* Wide: conferences on the left, participants (and media) on the
         * right, one column for the separator. */
        int lw = w * 9 / 20;
        int rx = lw + 1, rw = w - rx;
        add_pane(app, "conferences", top, 0, h, lw);
        if (app->media_open) {
            int ph = h * 11 / 20;
            add_pane(app, "participants", top, rx, ph, rw);
            add_pane(app, "media", top + ph, rx, h - ph, rw);
        } else {
            add_pane(app, "participants", top, rx, h, rw);
        }
    } else if (app->media_open) {
        /* Narrow and drilled in: participants above their media. */
        int ph = h / 2;
        add_pane(app, "participants", top, 0, ph, w);
        add_pane(app, "media", top + ph, 0, h - ph, w);
    } else {
        int ch = h * 2 / 5;
        if (ch < 6)
            ch = 6;
        add_pane(app, "conferences", top, 0, ch, w);
        add_pane(app, "participants", top + ch, 0, h - ch, w);
    }
    long fi = focused ? pane_index(app, focused) : -1;
    app->focus = fi >= 0 ? (size_t)fi : 0;
    for (size_t i = 0; i < app->npanes; i++)
        app->panes[i]->stale = true;
    app->repaint = true;
    app_dirty(app);
}

void app_open_media(ui_app *app)
{
    ui_view *pv = app_view_by_name(app, "participants");
    const model_row *r = pv ? view_selected_row(pv) : NULL;
    if (!r)
        return;
    snprintf(app->participant_id, sizeof app->participant_id, "%s", r->id);
    const char *name = jget_str(r->obj, "display_name");
    snprintf(app->participant_name, sizeof app->participant_name, "%s", name ? name : r->id);
    app_view_reset(app, "media");
    if (!app->media_open) {
        app->media_open = true;
        app_layout(app);
    }
    app_kick(app);
    app_dirty(app);
}

void app_close_media(ui_app *app)
{
    if (!app->media_open)
        return;
    app->media_open = false;
    app->participant_id[0] = '\0';
    app_layout(app);
    app_focus_view(app, app_view_by_name(app, "participants"));
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
    ui_spark *ns = realloc(app->sparks, (app->nsparks + 1) * sizeof *ns);
    if (!ns)
        return NULL;
    app->sparks = ns;
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
        app->platform = calloc(1, sizeof *app->platform);
        if (!app->platform)
            abort(); /* out of memory */
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

void app_focus_by_name(ui_app *app, const char *view_name)
{
    ui_view *v = app_view_by_name(app, view_name);
    if (v)
        app_focus_view(app, v);
}

void app_relayout(ui_app *app, const char *focus_view)
{
    app_layout(app);
    if (focus_view)
        app_focus_by_name(app, focus_view);
    app_kick(app);
}

void app_kick(ui_app *app)
{
    if (app->hooks.kick)
        app->hooks.kick(app);
}

static const model_row *conference_by_name(ui_app *app, const char *name)
{
    const model_table *t = model_get(app->model, MT_CONFERENCES);
    for (size_t i = 0; t && name && i < model_table_count(t); i++) {
        const model_row *r = model_table_at(t, i);
        const char *n = jget_str(r->obj, "name");
        if (n && strcmp(n, name) == 0)
            return r;
    }
    return NULL;
}

void app_jump_to_participant(ui_app *app, const char *participant_id, const char *conference_name)
{
    char pid[160], conf[256];
    snprintf(pid, sizeof pid, "%s", participant_id ? participant_id : "");
    snprintf(conf, sizeof conf, "%s", conference_name ? conference_name : "");
    app->solo = NULL;
    if (app->media_open)
        app_close_media(app);
    app_layout(app);
    ui_view *cv = app_view_by_name(app, "conferences");
    ui_view *pv = app_view_by_name(app, "participants");
    if (!cv || !pv)
        return;
    /* The conference first (its selection decides the participants pane),
     * set so that its on_select sees no change and keeps our choice. */
    snprintf(app->conference_name, sizeof app->conference_name, "%s", conf);
    cv->filter[0] = '\0';
    const model_row *c = conference_by_name(app, conf);
    if (c)
        snprintf(cv->selected_id, sizeof cv->selected_id, "%s", c->id);
    view_rebuild(app, cv);
    pv->filter[0] = '\0';
    snprintf(pv->selected_id, sizeof pv->selected_id, "%s", pid);
    pv->select_first = false;
    view_rebuild(app, pv);
    app_focus_view(app, pv);
    app_kick(app);
    app_dirty(app);
}

double app_mono(const ui_app *app)
{
    return app && app->clock.mono ? app->clock.mono(app->clock.ctx) : time_monotonic();
}

double app_wall(const ui_app *app)
{
    return app && app->clock.wall ? app->clock.wall(app->clock.ctx) : time_now();
}
