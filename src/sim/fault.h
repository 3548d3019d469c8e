/* Fault injection: rules that make pexsim misbehave the way real
 * Management Nodes and the networks in front of them do.
 *
 * A rule has a kind, an optional path prefix and method, a probability
 * (default 1) and an optional count (apply to the next N matching requests,
 * then expire). Rules come from `--fault KIND[:key=value,...]` flags and from
 * the control endpoint (JSON). Randomness is seeded, so a sequential run is
 * reproducible. Thread-safe. Control paths (/_sim/) are never affected. */
#ifndef PEXSIM_FAULT_H
#define PEXSIM_FAULT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum sim_fault_kind {
    SIM_FAULT_LATENCY,      /* ms=N: wait before answering (adds up across rules) */
    SIM_FAULT_ERROR,        /* status=500|503, body=json|html */
    SIM_FAULT_RATELIMIT,    /* 429 with Retry-After: retry_after */
    SIM_FAULT_DROP,         /* close the connection without a response */
    SIM_FAULT_TRUNCATE,     /* the real answer, body cut in half */
    SIM_FAULT_MALFORMED,    /* the real status, body is not JSON */
    SIM_FAULT_HTML,         /* 200 text/html SSO login page */
    SIM_FAULT_UNAUTHORIZED, /* 401 with WWW-Authenticate */
    SIM_FAULT_SLOW_BODY,    /* the real answer dribbled out over ms=N */
    SIM_FAULT_KIND_COUNT
} sim_fault_kind;

typedef struct sim_faults sim_faults;

/* What happens to one request; all zero when no rule fired. */
typedef struct sim_fault_decision {
    long latency_ms;
    bool replace;               /* answer with `replacement` instead of the real answer */
    sim_fault_kind replacement; /* ERROR, RATELIMIT, DROP, HTML or UNAUTHORIZED */
    int status;                 /* for ERROR */
    int retry_after;            /* for RATELIMIT */
    bool html_body;             /* for ERROR */
    bool truncate;
    bool malformed;
    long slow_body_ms; /* > 0: dribble the body */
    char fired[96];    /* kinds that fired, comma-separated (for the request log) */
} sim_fault_decision;

sim_faults *sim_faults_new(uint64_t seed);
void sim_faults_free(sim_faults *f);

const char *sim_fault_kind_name(sim_fault_kind k);

/* Add a rule from flag syntax, e.g. "latency:ms=2000,prefix=/api/admin/status/".
 * Returns the rule id (> 0), or 0 with *err set to a new message. */
unsigned sim_faults_add_spec(sim_faults *f, const char *spec, char **err);

/* Add a rule from a JSON object {"kind": ..., "ms": ..., ...}. Returns the
 * rule id, or 0 with *err set. */
unsigned sim_faults_add_json(sim_faults *f, const json_t *rule, char **err);

bool sim_faults_remove(sim_faults *f, unsigned id);
void sim_faults_clear(sim_faults *f);

/* The active rules as a JSON array (new reference). */
json_t *sim_faults_list(sim_faults *f);

/* Roll the dice for one request. */
void sim_faults_decide(sim_faults *f, const char *method, const char *path, sim_fault_decision *d);

#endif
