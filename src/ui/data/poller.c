/* The console's one poll loop: when a poller asks, how it takes the answer,
 * and how it backs off (the rule is in poller.h). The clock is the app's
 * (app_mono): tests move it by hand. */
#include <math.h>

#include "ui/core/screen_state.h"
#include "ui/data/poller.h"

bool poller_due(const ui_app *app, const ui_poller *p)
{
    return !app->paused && !p->req && app_mono(app) >= p->next_due;
}

unsigned poller_start(ui_app *app, ui_poller *p)
{
    p->started = app_mono(app);
    return p->generation;
}

unsigned poller_token(const ui_poller *p)
{
    return p->generation;
}

void poller_sent(ui_poller *p, unsigned token, api_request *req)
{
    if (p->generation == token)
        p->req = req; /* else already answered from inside api_* (a local failure) */
}

void poller_answered(ui_poller *p)
{
    p->req = NULL;
    p->generation++;
}

void poller_ok(ui_app *app, ui_poller *p, double interval)
{
    double now = app_mono(app);
    p->failures = 0;
    p->last_error = (api_error){.kind = API_OK};
    p->next_due = now + interval;
    pollers_recovered(app);
}

void poller_step_ok(ui_app *app, ui_poller *p)
{
    p->next_due = app_mono(app);
}

double poller_backoff(double interval, unsigned failures, const api_error *e)
{
    double delay = interval * pow(2.0, (double)failures);
    if (delay > POLLER_BACKOFF_MAX_S)
        delay = POLLER_BACKOFF_MAX_S;
    double ra = e && e->retry_after > 0 ? e->retry_after : 0;
    if (ra > POLLER_RETRY_AFTER_MAX_S)
        ra = POLLER_RETRY_AFTER_MAX_S;
    return ra > delay ? ra : delay;
}

bool poller_failed(ui_app *app, ui_poller *p, const api_error *e, double interval, poller_404 how)
{
    double now = app_mono(app);
    if (how == POLLER_404_VANISHED && e->kind == API_ERR_NOT_FOUND) {
        p->next_due = now + interval;
        return false;
    }
    p->failures++;
    p->last_error = *e;
    p->next_due = now + poller_backoff(interval, p->failures, e);
    return true;
}

bool poller_cancel(ui_poller *p)
{
    if (!p->req)
        return false;
    api_cancel(p->req);
    p->req = NULL;
    return true;
}

bool poller_restart(ui_poller *p)
{
    bool cancelled = poller_cancel(p);
    p->failures = 0;
    p->next_due = 0;
    p->last_error = (api_error){.kind = API_OK};
    return cancelled;
}

static bool connection_error(api_error_kind k)
{
    return k == API_ERR_CONNECT || k == API_ERR_TIMEOUT || k == API_ERR_NETWORK || k == API_ERR_DNS;
}

void poller_recovered(ui_poller *p, double now)
{
    if (p->failures > 0 && connection_error(p->last_error.kind) && !p->req && p->next_due > now) {
        p->failures = 0;
        p->next_due = now;
    }
}

void pollers_recovered(ui_app *app)
{
    double now = app_mono(app);
    for (int t = 0; t < MT_COUNT; t++)
        poller_recovered(&app->res[t].poll, now);
    if (app->platform) {
        poller_recovered(&app->platform->counts, now);
        poller_recovered(&app->platform->trouble, now);
    }
}
