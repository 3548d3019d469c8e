/* The console without its terminal (console.c). */
#ifndef PEXCON_UI_CONSOLE_H
#define PEXCON_UI_CONSOLE_H

#include <uv.h>

#include "config/config.h"
#include "ui/core/app.h"

/* The app on `loop` for `cfg` (both kept, not owned): views, keys, the
 * fetcher and the hooks between the rooms. app->api is the caller's to set.
 * Never NULL: out of memory aborts. */
ui_app *console_new(const pexcon_config *cfg, uv_loop_t *loop);
/* Before the client goes: commands in flight are audited as unknown
 * outcome, the prompt is cancelled, the fetches are cancelled. */
void console_shutdown(ui_app *app);
/* Free what console_new made (not the loop, cfg or client). */
void console_free(ui_app *app);

#endif
