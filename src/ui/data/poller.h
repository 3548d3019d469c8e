/* The console's one poll loop (poller.c): every poller (a table's fetch in
 * fetch.c, the header's counts in policy.c, the trouble probes in probes.c)
 * runs the same discipline on its ui_poller (ui/core/app.h):
 *
 * - due: not paused, no request in flight, and its time has come;
 * - start: at most one request in flight, an answer given synchronously
 *   from inside api_* detected by the generation;
 * - done: a success resets the failures and asks again `interval` later; a
 *   failure backs off, interval x 2^failures, at most POLLER_BACKOFF_MAX_S,
 *   or what the server asked for with Retry-After (at most
 *   POLLER_RETRY_AFTER_MAX_S), whichever is longer;
 * - the first success after a connection failure ends every poller's
 *   connection backoff: the node is back, ask now;
 * - cancel: the request in flight never calls back. */
#ifndef PEXCON_UI_POLLER_H
#define PEXCON_UI_POLLER_H

#include <stdbool.h>

#include "ui/core/app.h"

#define POLLER_BACKOFF_MAX_S 60.0
/* The longest Retry-After honoured (a node asking for more is asked again
 * after this long: the operator must see it come back). */
#define POLLER_RETRY_AFTER_MAX_S 300.0

/* What a 404 means to a poller. */
typedef enum poller_404 {
    /* The resource is missing on this node: a failure like any other. */
    POLLER_404_FAILS,
    /* The object asked about is gone (a participant that left): not the
     * node's failure; asked again `interval` later, the failures kept. */
    POLLER_404_VANISHED,
} poller_404;

/* Is a request due: not paused, none in flight, and now >= next_due? */
bool poller_due(const ui_app *app, const ui_poller *p);

/* Before sending a poller's request: notes the time it started and returns
 * the token poller_sent() checks. poller_token() is the same without the
 * time (the next request of a round already started). */
unsigned poller_start(ui_app *app, ui_poller *p);
unsigned poller_token(const ui_poller *p);
/* After api_* (which never returns NULL: a request that cannot start fails
 * through its callback): `req` is in flight, unless the answer came
 * synchronously from inside api_* (the callback has run already). */
void poller_sent(ui_poller *p, unsigned token, api_request *req);

/* First thing in an answer's callback: no request in flight, the
 * generation bumped. */
void poller_answered(ui_poller *p);
/* The answer was good: failures reset, the next request `interval` from
 * now, and every poller backing off from a connection failure asked now. */
void poller_ok(ui_app *app, ui_poller *p, double interval);
/* One request of a round of several answered: the next is due now; the
 * failures stand until the round completes (poller_ok). */
void poller_step_ok(ui_app *app, ui_poller *p);
/* The answer was a failure: counted, remembered and backed off from,
 * unless it is a 404 that `how` does not count. True when counted. */
bool poller_failed(ui_app *app, ui_poller *p, const api_error *e, double interval, poller_404 how);
/* The rule: seconds to wait after the `failures`-th failure in a row. */
double poller_backoff(double interval, unsigned failures, const api_error *e);

/* Cancel the request in flight; true when there was one (its callback
 * never comes: its context is the caller's to free). */
bool poller_cancel(ui_poller *p);
/* Cancel (as poller_cancel) and start over: no failures, no error, due at
 * once (the scope or query changed). */
bool poller_restart(ui_poller *p);

/* The node answered: a poller backing off from a connection failure (not
 * from a refusal or a 404 of its own) is due now, its failures forgotten. */
void poller_recovered(ui_poller *p, double now);
/* The same for every poller of the app. */
void pollers_recovered(ui_app *app);

#endif
