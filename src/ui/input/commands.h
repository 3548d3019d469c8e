/* The ':' command line (commands.c). */
#ifndef PEXCON_UI_COMMANDS_H
#define PEXCON_UI_COMMANDS_H

#include "ui/core/app.h"

/* ---- commands.c (the ':' command line) ---- */
bool commands_run(ui_app *app, const char *line);
/* Tab completion: replaces prompt text with the next candidate. */
void commands_complete(ui_app *app);
/* The help overlay's command lines, from the command table: keys[i] is
 * ":theme NAME" (with its other names), texts[i] its help. Returns how many. */
size_t commands_help(char (*keys)[64], const char **texts, size_t max);

#endif
