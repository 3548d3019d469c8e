/* Per-conference figures from the all-participants table (summary.c). */
#ifndef PEXCON_UI_SUMMARY_H
#define PEXCON_UI_SUMMARY_H

#include "ui/core/app.h"

/* ---- summary.c: per-conference figures from the all-participants table,
 * computed once per participants refresh (not per frame) ---- */
typedef struct ui_conf_summary {
    size_t legs;
    size_t people; /* legs of one person count once (participant_person_key) */
    size_t muted;
    size_t presenting;
    int worst; /* call_quality */
} ui_conf_summary;
void summaries_rebuild(ui_app *app);
const ui_conf_summary *summary_for(ui_app *app, const char *conference_name);
void summaries_free(ui_app *app);
/* People (not legs) in every conference, when the listing is loaded. */
bool summary_people_total(ui_app *app, size_t *people);

#endif
