/* pexcon --demo: an embedded pexsim world on loopback (sim/server.h) with
 * random credentials, so the console can be tried without a Management
 * Node. The credentials never leave the process (no argv, no files). */
#ifndef PEXCON_UI_DEMO_H
#define PEXCON_UI_DEMO_H

#include <stdbool.h>

#include "common/strbuf.h"
#include "config/config.h"

struct ui_app;

/* Start the simulated server and point `effective` (a copy of the config)
 * at it: url, user and password are set to strings owned by the demo. */
bool demo_start(struct ui_app *app, pexcon_config *effective, strbuf *err);

/* Stop the server (after the API client is freed). Safe when not started. */
void demo_stop(struct ui_app *app);

#endif
