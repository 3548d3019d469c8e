/* The live console: `pexcon` with no verb. */
#ifndef PEXCON_UI_UI_H
#define PEXCON_UI_UI_H

#include "config/config.h"

/* Run the console until the operator quits (or SIGINT/SIGTERM/SIGHUP).
 * Returns the process exit status: 0 after q, 128+signal after a signal,
 * 1 when the terminal or the client could not be set up. The terminal is
 * restored in every case. */
int ui_run(const pexcon_config *cfg);

#endif
