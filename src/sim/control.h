/* The /_sim/ control endpoint: a loopback test hook, without
 * authentication, to read what pexsim saw (command and request logs,
 * counters), change fault rules at run time and stage participants.
 *
 *   GET    /_sim/                  index of these endpoints
 *   GET    /_sim/commands[?since=SEQ]
 *   GET    /_sim/requests[?since=SEQ]
 *   GET    /_sim/counters
 *   POST   /_sim/reset             clear logs and counters
 *   GET    /_sim/faults            active rules
 *   POST   /_sim/faults            add: {"kind": ..., ...}, a list of those, or {"spec":
 * "KIND:k=v,..."} DELETE /_sim/faults            clear all rules DELETE /_sim/faults/<id> remove
 * one rule POST   /_sim/participants      add a participant (JSON object of fields) DELETE
 * /_sim/participants/<id> GET    /_sim/world             the world's summary counts */
#ifndef PEXSIM_CONTROL_H
#define PEXSIM_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/core.h"

bool sim_control_is_path(const char *path);

void sim_control_handle(sim_core *core, const char *method, const char *path, const char *raw_query,
                        const char *body, size_t body_len, sim_reply *reply);

#endif
