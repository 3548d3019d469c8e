/* Platform screens (screens.c): the panes of a solo view with its drill-downs, and the header
 * summary. */
#ifndef PEXCON_UI_SCREENS_H
#define PEXCON_UI_SCREENS_H

#include "ui/core/app.h"

/* Panes of the solo view's screen (with its drill-down panes); false when
 * the solo view is a single pane. */
bool screen_layout(ui_app *app, int top, int height, int width);

typedef struct ui_header_part {
    char text[160];
    theme_slot slot;
} ui_header_part;
/* The header's platform summary: counts, alarms by level, busiest node. */
size_t screens_header_parts(ui_app *app, int cols, ui_header_part *out, size_t max);

#endif
