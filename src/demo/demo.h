/* pexcon --demo: an embedded pexsim world on loopback (sim/server.h) with
 * random credentials, so the console can be tried without a Management
 * Node. The credentials never leave the process (no argv, no files).
 * main.c starts it before the console and stops it after. */
#ifndef PEXCON_DEMO_DEMO_H
#define PEXCON_DEMO_DEMO_H

#include "common/strbuf.h"
#include "config/config.h"

typedef struct demo demo;

/* Start the simulated server and point `effective` (a copy of the config)
 * at it: url, user and password are set to strings owned by the demo.
 * NULL (with the reason in err) when it cannot start. */
demo *demo_start(pexcon_config *effective, strbuf *err);

/* Stop the server (after the console closed its client). NULL is fine. */
void demo_stop(demo *d);

#endif
