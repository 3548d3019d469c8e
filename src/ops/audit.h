/* The audit trail: one JSON line per command sent to the Management Node,
 * appended to $XDG_STATE_HOME/pexcon/audit.log (default
 * ~/.local/state/pexcon/audit.log). The file is created 0600 and its
 * directories 0700. Shared by batch mode and the console.
 *
 * Line format (keys always present; null when unknown):
 *   {"time": "2024-05-01T10:00:00.123Z", "source": "batch"|"console",
 *    "profile": "lab", "node": "mgr.example.com", "user": "admin",
 *    "command": "participant/mute", "target_id": "…", "target_name": "…",
 *    "params": {…}, "outcome": "accepted"|"refused"|"unknown",
 *    "http_status": 200, "message": "…", "latency_ms": 42}
 * No secrets: the caller never puts passwords in params; strings are
 * sanitized. */
#ifndef PEXCON_OPS_AUDIT_H
#define PEXCON_OPS_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <uv.h>

typedef enum audit_outcome {
    AUDIT_ACCEPTED, /* the server accepted the command */
    AUDIT_REFUSED,  /* the server refused, or it never reached the server */
    AUDIT_UNKNOWN,  /* sent, no answer: may or may not have happened */
} audit_outcome;

typedef struct audit_entry {
    double time;             /* seconds since the epoch; 0 = now */
    const char *source;      /* "batch" or "console" (NULL = "batch") */
    const char *profile;     /* may be NULL */
    const char *url;         /* the Management Node URL; only its host[:port] is logged */
    const char *user;        /* may be NULL */
    const char *command;     /* "participant/mute", "conference/lock", ... */
    const char *target_id;   /* may be NULL */
    const char *target_name; /* may be NULL */
    const json_t *params;    /* the command's fields (object) or NULL; never secrets */
    audit_outcome outcome;
    long http_status;    /* 0 when none */
    const char *message; /* the server's message or the failure; may be NULL */
    double latency_ms;   /* < 0 when unknown */
} audit_entry;

/* The log path ($XDG_STATE_HOME/pexcon/audit.log, else
 * $HOME/.local/state/pexcon/audit.log); newly allocated, NULL when neither
 * variable is usable. */
char *audit_log_path(void);

/* The JSON line for an entry (no newline); caller frees. Never NULL (out
 * of memory aborts, in Jansson as here). */
char *audit_format_line(const audit_entry *e);

const char *audit_outcome_name(audit_outcome o);

/* A deep copy of `j` (a value, not NULL) with every string (and key)
 * sanitized; never NULL. */
json_t *audit_json_sanitized(const json_t *j);

/* Completion of an asynchronous append: 0 or a negative errno. */
typedef void (*audit_done_cb)(int status, void *ctx);

/* Append one line. Without a loop (batch mode) the write happens now and
 * the return value is the result (0 or a negative errno; `done` is not
 * called). With a loop (the console) the line is formatted now and written
 * with uv_fs_* calls; the return is 0 when queued, and `done` (may be NULL)
 * gets the outcome later. Directories are created (0700) on first use. */
int audit_append(uv_loop_t *loop_or_null, const audit_entry *e, audit_done_cb done, void *ctx);

/* The words for a failed audit write (status as audit_append reports it):
 * a symlinked log, one others can read or write (with the chmod that fixes
 * it), one that is not ours, or the system's error. */
const char *audit_error_text(int status, char *buf, size_t size);

#endif
