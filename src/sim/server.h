/* pexsim as a library: a simulated Pexip Infinity Management Node serving
 * the Management API over HTTP(S) on loopback, with Basic authentication,
 * fault injection and the /_sim/ control endpoint.
 *
 * Used by the pexsim executable (main.c) and meant to be embedded (pexcon
 * --demo): start a server, read its port, stop it. Each connection gets its
 * own thread, so a delayed answer on one never blocks another. */
#ifndef PEXSIM_SERVER_H
#define PEXSIM_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/world/world.h"

#define SIM_DEFAULT_USER "admin"
#define SIM_DEFAULT_PASSWORD "pexsim"
#define SIM_DEFAULT_MAX_LIMIT 1000
#define SIM_REALM "Pexip Infinity Management API"

typedef struct sim_server sim_server;

typedef struct sim_server_opts {
    sim_world_opts world;
    const char *bind_address; /* IPv4 or IPv6 literal, default "127.0.0.1" */
    int port;                 /* 0 picks a free port */
    const char *user;         /* Basic auth, default admin / pexsim */
    const char *password;
    const char *tls_cert_file; /* both set: HTTPS (PEM files) */
    const char *tls_key_file;
    long max_limit;            /* Tastypie max_limit, default 1000 */
    bool accept_form;          /* command bodies may be form-encoded (default: JSON only) */
    const char *const *faults; /* rule specs in --fault syntax */
    size_t nfaults;
    FILE *log; /* one line per API request; NULL for none */
} sim_server_opts;

void sim_server_opts_default(sim_server_opts *o);

/* Start serving. Returns NULL with *err set to a new message on failure. */
sim_server *sim_server_start(const sim_server_opts *opts, char **err);

int sim_server_port(const sim_server *s);
/* "http://127.0.0.1:PORT" or "https://..." (owned by the server). */
const char *sim_server_url(const sim_server *s);

/* Stop (waits for connection threads) and free. NULL is fine. */
void sim_server_stop(sim_server *s);

#endif
