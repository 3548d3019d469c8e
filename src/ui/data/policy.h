/* The platform tables' refresh policy (policy.c), asked by fetch.c. */
#ifndef PEXCON_UI_POLICY_H
#define PEXCON_UI_POLICY_H

#include "ui/core/app.h"

/* Refresh interval of a platform table, 0 for the others. */
double policy_refresh_interval(ui_app *app, model_table_id t);
/* Path (with query) of a platform table's query number `query` (0, then 1,
 * ... for a union of queries); false when there is no such query. */
bool policy_resource_path(ui_app *app, model_table_id t, unsigned query, strbuf *out);
/* Adds what the header summary needs; remembers what the panes need. */
void policy_fetch_plan(ui_app *app, ui_fetch_plan *plan);
/* Wanted only for the header summary, not by a pane on screen. */
bool policy_background_only(ui_app *app, model_table_id t);
void policy_fetch_done(ui_app *app, model_table_id t);
void policy_tick(ui_app *app);   /* side fetchers (counts, trouble streams) */
void policy_cancel(ui_app *app); /* cancel the side fetchers' requests */
/* Refill MT_HISTORY_STREAMS from the open participant's embedded streams
 * after a refresh of the participants (no request), or from one object. */
void history_streams_from_listing(ui_app *app);
void history_streams_apply(ui_app *app, const json_t *participant);

#endif
