/* The Management API routes pexsim serves (everything under /api/admin/):
 * status, history and configuration lists, details and sub-collections,
 * schemas, and commands. Authentication and faults are the caller's job. */
#ifndef PEXSIM_API_H
#define PEXSIM_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "sim/core.h"

typedef struct sim_api_request {
    const char *method;
    const char *path;      /* decoded path, without the query */
    const char *raw_query; /* as received, "" when none */
    const char *content_type;
    const char *body;
    size_t body_len;
} sim_api_request;

/* Filled for command requests so the caller can log them. */
typedef struct sim_api_command {
    bool is_command;
    char name[128]; /* "participant/mute" */
    json_t *params; /* new reference; NULL when the body was not understood */
} sim_api_command;

void sim_api_handle(sim_core *core, const sim_api_request *req, sim_reply *reply,
                    sim_api_command *cmd);

/* Whether `path` is a command path, and its name ("participant/mute"). */
bool sim_api_command_name(const char *path, char *name, size_t size);

/* Command parameters from a request body, leniently (the command log, and
 * --accept-form): JSON when the content type says so, else
 * application/x-www-form-urlencoded (values are strings). Returns a new
 * object, or NULL with *error set to a new message. */
json_t *sim_api_command_params(const char *content_type, const char *body, size_t len,
                               char **error);

/* Whether a command body of this Content-Type is JSON to a Management Node
 * (application/json, parameters ignored; no header at all counts as JSON).
 * Anything else answers 400 unless --accept-form. */
bool sim_api_is_json_format(const char *content_type);

#endif
