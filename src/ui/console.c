/* The console without its terminal: an app with its views, keys, fetcher
 * and hooks, on a given loop and (through app->api) client. ui_run puts a
 * terminal around it; the core tests drive it with a fake engine and a fake
 * clock, linking no curses. */
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"
#include "ui/console.h"
#include "ui/control/control.h"
#include "ui/data/fetch.h"
#include "ui/data/summary.h"
#include "ui/input/actions.h"
#include "ui/nav/screens.h"
#include "ui/views/views.h"

static void app_create_views(ui_app *app)
{
    for (size_t i = 0; i < ui_view_class_count && app->nviews < UI_MAX_VIEWS; i++)
        app->views[app->nviews++] = view_new(ui_view_classes[i]);
}

static void app_apply_key_config(ui_app *app)
{
    for (size_t i = 0; i < app->cfg->nkeys; i++) {
        strbuf err = STRBUF_INIT;
        const pexcon_keybinding *b = &app->cfg->keys[i];
        if (!keymap_bind_config(app->keys, b->key ? b->key : "", b->action ? b->action : "", &err))
            app_message(app, MSG_WARNING, "%s", sb_str(&err));
        sb_free(&err);
    }
}

void console_free(ui_app *app)
{
    if (!app)
        return;
    for (size_t i = 0; i < app->nviews; i++)
        view_free(app->views[i]);
    summaries_free(app);
    app_platform_free(app);
    sparks_clear(app);
    model_free(app->model);
    keymap_free(app->keys);
    free(app);
}

/* The app and its state, before any terminal work (never NULL: out of
 * memory aborts). */
ui_app *console_new(const pexcon_config *cfg, uv_loop_t *loop)
{
    ui_app *app = xcalloc(1, sizeof *app);
    app->cfg = cfg;
    app->loop = loop;
    app->refresh_s = cfg->refresh > 0 ? cfg->refresh : 2.0;
    app->model = model_new();
    app->keys = keymap_new();
    app_create_views(app);
    /* The core asks the layers above it through these. */
    app->hooks.kick = fetch_tick;
    screens_init(app);
    actions_register(app);
    app_apply_key_config(app);
    fetch_init(app);
    return app;
}

void console_shutdown(ui_app *app)
{
    /* Commands still in flight are logged as unknown outcome (control.h). */
    control_shutdown(app);
    fetch_cancel_all(app);
}
