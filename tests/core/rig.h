/* The test rig of the console's core (suite 'unit'): the real app, views,
 * keys, fetcher and conference control (console.c) on a fake node (the
 * fake engine answering from a table of routes, every request logged) and
 * a fake clock that moves only when a test says so. Each case runs in
 * milliseconds; the tmux suites keep the terminal contract.
 *
 * Tests observe only what survives refactoring: the keys they send, the
 * focused view's name, the rows and cells a view shows, app->message, the
 * model tables and the log of the requests the node received. */
#ifndef PEXCON_TESTS_CORE_RIG_H
#define PEXCON_TESTS_CORE_RIG_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/client.h"
#include "ui/console.h"
#include "ui/data/fetch.h"
#include "ui/input/actions.h"
#include "ui/input/commands.h"

#define RIG_ROOT "/api/admin/"
#define RIG_MAX_ROUTES 64
#define RIG_MAX_LOG 4096
#define RIG_MAX_OWNED 64

/* ---- the fake node ---------------------------------------------------------------- */

/* The answer to every request whose path starts with `prefix` (the longest
 * prefix wins); a path no route matches gets 200 and an empty listing. */
typedef struct rig_route {
    const char *prefix;
    long status;
    const char *body;
    bool stall; /* kept pending until net_fake_release */
    double retry_after;
    net_failure failure; /* a transport failure instead of an answer */
    bool sent;           /* with a failure: the request had reached the node */
} rig_route;

typedef struct rig_sent {
    net_method method;
    char path[256];
    char body[512];
    double at; /* the fake clock when it was sent */
} rig_sent;

typedef struct rig_node {
    rig_route routes[RIG_MAX_ROUTES];
    size_t nroutes;
    rig_sent log[RIG_MAX_LOG];
    size_t nlog;
} rig_node;

typedef struct rig {
    uv_loop_t loop;
    pexcon_config cfg;
    rig_node node;
    net_engine *engine;
    ui_app *app;
    double now;                 /* the fake clock: monotonic seconds */
    bool releasing;             /* the fake asks again for stalled requests: not logged */
    char *owned[RIG_MAX_OWNED]; /* bodies built by the test, freed with the rig */
    size_t nowned;
} rig;

/* Listings the default routes answer with. */
extern const char rig_conferences[];        /* Alpha (c1), Beta (c2) */
extern const char rig_participants[];       /* Alice (p1) in Alpha, Bob (p2) in Beta */
extern const char rig_participants_muted[]; /* the same, Alice muted */
extern const char rig_empty_list[];
extern const char rig_nodes[];
extern const char rig_licensing[];
extern const char rig_statistics[];
extern const char rig_accepted[]; /* a command's success */

/* ---- the console on it -------------------------------------------------------------- */

/* A rig with the default routes (conferences, participants, commands,
 * nodes, statistics, licensing); the console is not started yet, so a test
 * may change the routes first. The audit log goes to a temporary directory. */
rig *rig_new(double refresh);
/* Forget every route (then each path gets 200 and an empty listing). */
void rig_clear_routes(rig *r);
/* Start the console: a 50x200 screen, the conferences pane focused, the
 * first fetches answered. */
void rig_boot(rig *r);
void rig_free(rig *r);

/* cmocka fixtures: the default routes, --refresh 2 (setup) or 1 (fast). */
int rig_setup(void **state);
int rig_setup_fast(void **state);
int rig_teardown(void **state);

/* Set (or replace) the route of `prefix`; the body is not copied. */
rig_route *rig_route_set(rig *r, const char *prefix, long status, const char *body, bool stall);
/* Keep a malloc'ed string until the rig is freed; returns it. */
const char *rig_own(rig *r, char *s);

/* A listing of these objects (a JSON text of comma-separated objects),
 * with its meta block; kept by the rig. */
const char *rig_listing(rig *r, size_t count, const char *objects);

/* A participant of a listing, with the capabilities a node reports. */
typedef struct rig_person {
    const char *id, *name, *conference;
    const char *quality; /* call_quality, NULL: "1_good" */
    bool muted;
    bool has_media;
} rig_person;
const char *rig_people(rig *r, const rig_person *people, size_t n);
/* Conferences named so (ids "conf1", "conf2", ...). */
const char *rig_conference_list(rig *r, const char *const *names, size_t n);

/* ---- time and keys -------------------------------------------------------------------- */

/* Deliver the answers (and those of the requests they started), then
 * rebuild the panes' rows, until nothing is left to deliver. */
void rig_settle(rig *r);
/* Move the clock and let the scheduler tick (nothing is delivered). */
void rig_advance(rig *r, double seconds);
/* Let `seconds` pass in 0.1 s steps, ticking and delivering; returns the
 * log index it started at. */
size_t rig_run_for(rig *r, double seconds);
/* Each byte a key ("\r" Enter), through the keymap; then settle. */
void rig_keys(rig *r, const char *typed);
void rig_key(rig *r, ui_key key);
/* Ask the routes again for the stalled requests whose path starts with
 * `prefix` (NULL: all), as net_fake_release does, without logging them
 * again (they were sent once); returns how many are answered now. */
size_t rig_release(rig *r, const char *prefix);

/* ---- the requests the node received ---------------------------------------------------- */

/* Logged since `since` whose path starts with `prefix`. */
size_t rig_count(const rig *r, size_t since, const char *prefix);
/* Listings of exactly `path` (plus a query), not limit=1 probes. */
size_t rig_count_listing(const rig *r, size_t since, const char *path);
/* Listings of every participant (not one conference's, not probes), and
 * of one conference's participants (?conference=NAME, URL-encoded as
 * given). */
size_t rig_count_all_participants(const rig *r, size_t since);
size_t rig_count_conference_participants(const rig *r, size_t since, const char *conference);
/* limit=1 probes (the header's counts). */
size_t rig_count_probes(const rig *r, size_t since);
/* The POSTs since `since` whose path starts with `prefix`: how many, and
 * the last one (NULL when none). */
size_t rig_posts(const rig *r, size_t since, const char *prefix, const rig_sent **last);
/* A string field of a sent JSON body, into buf ("" when absent). */
const char *rig_body_field(const rig_sent *s, const char *key, char *buf, size_t size);

/* ---- what the console shows ------------------------------------------------------------ */

const char *rig_focused(rig *r); /* the focused view's name */
ui_view *rig_view(rig *r, const char *name);
/* Is the view one of the panes on screen? */
bool rig_shown(rig *r, const char *name);
/* The pane's title as drawn ("Participants of Alpha (1)"). */
const char *rig_title(rig *r, const char *view, char *buf, size_t size);
/* The index of the first row of the view whose cells contain `text`, -1. */
long rig_row_of(rig *r, const char *view, const char *text);
/* A cell of row `index` by column name ("" when no such column). */
const char *rig_cell(rig *r, const char *view, long index, const char *column, char *buf,
                     size_t size);
/* The whole row as drawn: the gutter mark, then every cell, two spaces
 * between them ("" when index is out of range). */
const char *rig_row(rig *r, const char *view, long index, char *buf, size_t size);
/* The row of the first row containing `text` ("" when none). */
const char *rig_row_with(rig *r, const char *view, const char *text, char *buf, size_t size);
/* The gutter mark of a row: a command in flight, a marked participant,
 * departed (−), new (+), changed (•), or " ". */
const char *rig_mark(rig *r, const char *view, long index);
/* The header's connection state ("connected", "retrying in 4s", ...). */
const char *rig_connection(rig *r, char *buf, size_t size);
/* The status line's message. */
const char *rig_message(rig *r);

/* Terminal columns of a UTF-8 text without wide characters (code points). */
size_t rig_columns(const char *s);

#endif
