/* The one path every console command takes: send at once, show the row as
 * pending, report the answer in plain words, audit it, and refresh what it
 * changed so that the screen shows the server's state, never a guess.
 *
 * After an answer, a "wait" per affected table remembers when it came:
 * the table is refreshed at once, or right after the fetch in flight (which
 * may have started before the command and so may show the old state). Until
 * a fetch that started after the answer has completed, toggling the same
 * thing again is refused: the screen would be one step behind. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "ops/send.h"
#include "ui/control/act.h"
#include "ui/data/fetch.h"

#define WAIT_MAX_KICKS 3

struct act_batch {
    ui_app *app;
    char verb[48], done[64], noun[32];
    size_t total, answered, accepted, refused, unknown;
    char first_failure[400];
};

struct act_cmd {
    act_cmd *next;
    ui_app *app;
    ops_send *send; /* in flight (sends, classifies, words and audits) */
    const ops_command *cmd;
    char verb[160], done[160], detail[300];
    char target_id[160], target_name[256];
    act_batch *batch;
};

struct act_wait {
    act_wait *next;
    model_table_id table;
    char *target_id; /* NULL: a plain refresh */
    char family[16];
    double answered; /* monotonic */
    unsigned generation;
    int kicks;
};

/* ---- waits: refresh after an answer ----------------------------------------------- */

static void wait_free(act_wait *w)
{
    free(w->target_id);
    free(w);
}

static void wait_add(act_state *st, model_table_id table, const char *target_id, const char *family)
{
    act_wait *w = xcalloc(1, sizeof *w);
    w->table = table;
    w->target_id = target_id ? xstrdup(target_id) : NULL;
    snprintf(w->family, sizeof w->family, "%s", family ? family : "");
    w->answered = app_mono(st->app);
    w->generation = st->app->res[table].poll.generation;
    w->next = st->waits;
    st->waits = w;
}

/* Start a fetch of `table` now (even while paused: the operator wants to
 * see what the command did). */
static void kick(ui_app *app, model_table_id table)
{
    app->res[table].poll.next_due = 0;
    if (app->paused)
        fetch_refresh_now(app);
    else
        fetch_tick(app);
}

/* True when the wait is over (confirmed, or nothing to wait for). Checked
 * when the command's answer came and each time a fetch of the table ends
 * (act_fetch_done): no polling. */
static bool wait_check(ui_app *app, act_wait *w)
{
    ui_resource *r = &app->res[w->table];
    if (!r->wanted || !app->api)
        return true;
    if (r->poll.req)
        return false; /* the fetch in flight ends first, and reports */
    if (r->poll.generation != w->generation && r->poll.started >= w->answered)
        return true; /* a fetch that started after the answer has completed */
    if (w->kicks >= WAIT_MAX_KICKS)
        return true;
    w->kicks++;
    kick(app, w->table);
    return r->poll.req == NULL; /* nothing started: nothing will confirm it */
}

static void waits_check(act_state *st)
{
    act_wait **pp = &st->waits;
    while (*pp) {
        act_wait *w = *pp;
        if (wait_check(st->app, w)) {
            *pp = w->next;
            wait_free(w);
            app_dirty(st->app);
        } else {
            pp = &w->next;
        }
    }
}

void act_fetch_done(ui_app *app, model_table_id table)
{
    act_state *st = act_state_of(app);
    (void)table;
    if (st && st->waits)
        waits_check(st);
}

static void waits_start(act_state *st)
{
    waits_check(st);
}

static void add_table_waits(act_state *st, unsigned tables, const char *target_id,
                            const char *family)
{
    /* The focused conference's own listing when it is shown (a command
     * refreshes its conference, not the platform). */
    if (tables & OPS_REFRESH_PARTICIPANTS)
        wait_add(st, st->app->res[MT_PARTICIPANTS].wanted ? MT_PARTICIPANTS : MT_ALL_PARTICIPANTS,
                 target_id, family);
    if (tables & OPS_REFRESH_CONFERENCES)
        wait_add(st, MT_CONFERENCES, target_id, family);
}

bool act_busy(ui_app *app, const char *target_id, const char *family, char *why, size_t size)
{
    act_state *st = act_state_of(app);
    if (!st || !family)
        return false;
    for (act_cmd *c = st->inflight; c; c = c->next) {
        if (c->cmd->family && strcmp(c->cmd->family, family) == 0 &&
            strcmp(c->target_id, target_id) == 0) {
            char q[300];
            act_quote(q, sizeof q, c->target_name, app->ascii);
            snprintf(why, size, "%s: the last command is still waiting for the server's answer", q);
            return true;
        }
    }
    for (act_wait *w = st->waits; w; w = w->next) {
        if (w->target_id && strcmp(w->family, family) == 0 &&
            strcmp(w->target_id, target_id) == 0) {
            snprintf(why, size,
                     "Waiting for the refresh that shows the last change; try again in a moment");
            return true;
        }
    }
    return false;
}

bool act_row_pending(ui_app *app, ops_target target, const char *id)
{
    act_state *st = act_state_of(app);
    bool person = target == OPS_PARTICIPANT; /* else the conference (a dial's too) */
    for (act_cmd *c = st ? st->inflight : NULL; c; c = c->next)
        if ((c->cmd->target == OPS_PARTICIPANT) == person && strcmp(c->target_id, id) == 0)
            return true;
    return false;
}

/* ---- messages ------------------------------------------------------------------------- */

static void report_single(act_cmd *c, ops_outcome outcome, const api_command_result *res)
{
    ui_app *app = c->app;
    char q[300];
    act_quote(q, sizeof q, c->target_name, app->ascii);
    if (outcome == OPS_ACCEPTED) {
        char extra[300] = "", id[1][128];
        if (c->cmd->target == OPS_VMR) {
            if (ops_dial_ids(res->data, id, 1))
                snprintf(extra, sizeof extra, " (new participant %s)", id[0]);
        } else if (res->message[0]) {
            textf(extra, sizeof extra, " (server: %s)", res->message);
        }
        app_message(app, MSG_INFO, "%s %s%s%s", c->done, q, c->detail, extra);
        return;
    }
    char why[700];
    ops_failure_text(c->cmd->target, outcome, res, OPS_VOICE_CONSOLE, why, sizeof why);
    if (outcome == OPS_GONE) {
        /* One line that fits 80 columns: the name gets what is left. */
        int rest = text_width(c->verb) + text_width(c->detail) + text_width(why) + 5;
        act_quote_cols(q, sizeof q, c->target_name, app->ascii, 80 - rest);
        app_message(app, MSG_WARNING, "%s %s%s: %s", c->verb, q, c->detail, why);
        return;
    }
    app_message(app, MSG_ERROR, "%s %s%s: %s", c->verb, q, c->detail, why);
}

static void batch_note(act_batch *b, const char *name, bool accepted, bool unknown, const char *why)
{
    b->answered++;
    if (accepted) {
        b->accepted++;
    } else {
        if (unknown)
            b->unknown++;
        else
            b->refused++;
        if (!b->first_failure[0]) {
            char q[300];
            act_quote(q, sizeof q, name, b->app->ascii);
            textf(b->first_failure, sizeof b->first_failure, "%s: %s", q, why);
        }
    }
}

/* The summary once every command of the batch was answered (quiet at
 * shutdown). Frees the batch. */
static void batch_maybe_finish(act_batch *b, bool quiet)
{
    if (b->answered < b->total)
        return;
    if (!quiet) {
        ui_app *app = b->app;
        if (b->accepted == b->total) {
            app_message(app, MSG_INFO, "%s %zu %s", b->done, b->total, b->noun);
        } else {
            char counts[200];
            snprintf(counts, sizeof counts, "%zu accepted, %zu refused", b->accepted, b->refused);
            if (b->unknown)
                snprintf(counts + strlen(counts), sizeof counts - strlen(counts),
                         ", %zu unknown outcome (check before trying again)", b->unknown);
            app_message(app, MSG_ERROR, "%s %zu %s: %s; %s", b->verb, b->total, b->noun, counts,
                        b->first_failure);
        }
    }
    free(b);
}

act_batch *act_batch_new(ui_app *app, const char *verb, const char *done, const char *noun,
                         size_t total)
{
    act_batch *b = xcalloc(1, sizeof *b);
    b->app = app;
    b->total = total;
    snprintf(b->verb, sizeof b->verb, "%s", verb);
    snprintf(b->done, sizeof b->done, "%s", done);
    snprintf(b->noun, sizeof b->noun, "%s", noun);
    return b;
}

/* ---- audit ---------------------------------------------------------------------------- */

static void audit_done(int status, void *ctx)
{
    if (status != 0) {
        char why[600];
        app_message(ctx, MSG_ERROR, "Not written to the audit log: %s",
                    audit_error_text(status, why, sizeof why));
    }
}

/* ---- sending ------------------------------------------------------------------------------- */

static void unlink_cmd(act_state *st, act_cmd *c)
{
    for (act_cmd **pp = &st->inflight; *pp; pp = &(*pp)->next) {
        if (*pp == c) {
            *pp = c->next;
            return;
        }
    }
}

static void on_answer(ops_outcome outcome, const api_command_result *res, void *ctx)
{
    act_cmd *c = ctx;
    ui_app *app = c->app;
    act_state *st = act_state_of(app);
    c->send = NULL;
    if (st)
        unlink_cmd(st, c);
    if (c->batch) {
        char why[700];
        ops_failure_text(c->cmd->target, outcome, res, OPS_VOICE_CONSOLE, why, sizeof why);
        batch_note(c->batch, c->target_name, outcome == OPS_ACCEPTED, outcome == OPS_UNKNOWN, why);
        batch_maybe_finish(c->batch, false);
    } else {
        report_single(c, outcome, res);
    }
    /* Whatever the answer (even none), the server's state is what counts:
     * refresh what the command may have changed. */
    if (st && (res->http_status > 0 || outcome == OPS_UNKNOWN)) {
        add_table_waits(st, c->cmd->refresh, c->target_id, c->cmd->family);
        waits_start(st);
    }
    app_dirty(app);
    free(c);
}

/* Could not even start: said at once (a batch counts it as failed). */
static bool not_started(ui_app *app, const act_request *rq, const char *why)
{
    if (rq->batch) {
        batch_note(rq->batch, rq->target_name, false, false, why);
        batch_maybe_finish(rq->batch, false);
    } else {
        app_message(app, MSG_ERROR, "%s: could not send (%s)", rq->verb ? rq->verb : rq->cmd->word,
                    why);
    }
    return false;
}

bool act_send(ui_app *app, const act_request *rq)
{
    act_state *st = act_state_of(app);
    if (!st || !app->api)
        return not_started(app, rq, "not connected");
    act_cmd *c = xcalloc(1, sizeof *c);
    c->app = app;
    c->cmd = rq->cmd;
    snprintf(c->verb, sizeof c->verb, "%s", rq->verb ? rq->verb : rq->cmd->word);
    snprintf(c->done, sizeof c->done, "%s", rq->done ? rq->done : rq->cmd->done);
    snprintf(c->detail, sizeof c->detail, "%s", rq->detail ? rq->detail : "");
    snprintf(c->target_id, sizeof c->target_id, "%s", rq->target_id ? rq->target_id : "");
    snprintf(c->target_name, sizeof c->target_name, "%s", rq->target_name ? rq->target_name : "");
    c->batch = rq->batch;
    ops_request orq;
    ops_request_init(&orq, rq->cmd, rq->target_id, rq->target_name);
    for (size_t i = 0; i < rq->nparams; i++)
        ops_request_add(&orq, rq->params[i].key, rq->params[i].value);
    ops_origin origin = {
        "console", app->cfg->profile, app->server_url, app->cfg->user, app->loop, audit_done, app};
    /* Sent now, on a connection of its own: never behind a refresh. */
    c->send = ops_send_start(app->api, &origin, &orq, on_answer, c);
    c->next = st->inflight;
    st->inflight = c;
    app_dirty(app);
    return true;
}

bool act_send_cmd(ui_app *app, const ops_command *cmd, const act_ref *target, const char *detail,
                  const api_param *extra, size_t nextra)
{
    act_request rq = {
        .cmd = cmd, .target_id = target->id, .target_name = target->name, .detail = detail};
    for (size_t i = 0; i < nextra && rq.nparams < ACT_MAX_PARAMS; i++)
        rq.params[rq.nparams++] = extra[i];
    return act_send(app, &rq);
}

void act_send_shutdown(act_state *st)
{
    while (st->inflight) {
        act_cmd *c = st->inflight;
        st->inflight = c->next;
        /* The API client cancels it: the answer will never be known. */
        ops_send_abandon(c->send, "the console closed before the server answered");
        if (c->batch) {
            batch_note(c->batch, c->target_name, false, true, "console closed");
            batch_maybe_finish(c->batch, true);
        }
        free(c);
    }
    while (st->waits) {
        act_wait *w = st->waits;
        st->waits = w->next;
        wait_free(w);
    }
}
