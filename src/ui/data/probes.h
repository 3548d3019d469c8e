/* The trouble probes (probes.c): part of the fetcher, read by :trouble. */
#ifndef PEXCON_UI_PROBES_H
#define PEXCON_UI_PROBES_H

#include "ui/core/app.h"
#include "ui/core/screen_state.h"

/* Side fetcher tick (reads one candidate's streams when due) and cancel. */
void trouble_tick(ui_app *app);
void trouble_cancel(ui_app *app);
/* What the last read of a participant's streams found, or NULL. */
const trouble_probe *trouble_probe_of(ui_app *app, const char *participant_id);
/* Rank of a live leg (higher: worse): its call quality refined by the
 * probed loss and jitter. */
double trouble_score(ui_app *app, const model_row *row);

#endif
