/* The screens (screens.c): the table of screens, and the header summary. */
#ifndef PEXCON_UI_SCREENS_H
#define PEXCON_UI_SCREENS_H

#include "ui/core/app.h"

/* Hand the screens table to the navigation (the live screen first). */
void screens_init(ui_app *app);

typedef struct ui_header_part {
    char text[160];
    theme_slot slot;
} ui_header_part;
/* The header's platform summary: counts, alarms by level, busiest node. */
size_t screens_header_parts(ui_app *app, int cols, ui_header_part *out, size_t max);

#endif
