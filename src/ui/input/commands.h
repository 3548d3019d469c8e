/* The ':' command line (commands.c). */
#ifndef PEXCON_UI_COMMANDS_H
#define PEXCON_UI_COMMANDS_H

#include "ui/core/app.h"

/* ---- commands.c (the ':' command line) ---- */
bool commands_run(ui_app *app, const char *line);
/* Tab completion: replaces prompt text with the next candidate. */
void commands_complete(ui_app *app);

#endif
