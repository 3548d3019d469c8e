/* What is fetched, when, and what the header says about it (fetch.c). */
#ifndef PEXCON_UI_FETCH_H
#define PEXCON_UI_FETCH_H

#include "ui/core/app.h"

/* ---- fetch.c ---- */
void fetch_init(ui_app *app);
void fetch_tick(ui_app *app); /* start what is due and wanted */
void fetch_refresh_now(ui_app *app);
void fetch_cancel_all(ui_app *app);
/* ---- scope.c: the scoped tables follow the navigation ---- */
void scope_sync(ui_app *app);
/* Why a table has no rows to show, when its last fetch failed: "not
 * available on this node (HTTP 404)", "participant left", or the error.
 * False when nothing failed (then it is loading or empty). */
bool fetch_table_problem(ui_app *app, model_table_id t, char *buf, size_t size);
/* Header text: "connected", "retrying in 4s", "authentication failed"... */
void fetch_connection_text(ui_app *app, char *buf, size_t size, theme_slot *slot);
/* Age in seconds of the oldest data on screen, -1 if nothing loaded yet. */
double fetch_data_age(ui_app *app);
/* Is any table on screen older than three times its own refresh interval? */
bool fetch_data_stale(ui_app *app);
/* Forget a table's request in flight and schedule it at once (its scope or
 * query changed). */
void fetch_restart(ui_app *app, model_table_id t);

#endif
