/* The refresh policy: what is fetched, when, and what the header says about
 * it.
 *
 * - Only tables some visible pane needs are fetched (ui_fetch_plan).
 * - One request per resource in flight, ever: the next refresh of a
 *   resource is scheduled `interval` after the previous one *finished*, so a
 *   slow Management Node automatically gets fewer requests.
 * - Failures back off (interval × 2^failures, at most 60 s, or the
 *   server's Retry-After: the one rule of poller.c, shared with the header
 *   counts and the trouble probes) and keep the old rows on screen; the
 *   header shows their age and the retry countdown.
 * - Intervals: conferences and participants every --refresh seconds, the
 *   selected participant's media streams every second, the node names
 *   (configuration/v1/worker_vm) once at start and every 5 minutes; the
 *   platform views' tables at their own rates (policy_refresh_interval in
 *   screens.c), the header summary's alarms and nodes in the background.
 * - A resource may be the union of several queries (policy_resource_path
 *   with query 1, 2, ...), fetched one after the other. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "ui/core/app.h"
#include "ui/core/screen_state.h"
#include "ui/data/policy.h"
#include "ui/data/fetch.h"
#include "ui/data/poller.h"
#include "ui/data/summary.h"

#define MEDIA_INTERVAL_S 1.0
#define NODE_CONFIG_INTERVAL_S 300.0
/* The platform-wide listings (every conference, every participant) are
 * asked every refresh while they hold up to PLATFORM_ROWS_PER_REFRESH rows,
 * then proportionally less often (2,000 rows: every 4 refreshes), and at
 * least every PLATFORM_MAX_INTERVAL_S: what they cost the Management Node
 * per minute stays bounded whatever the platform's size, while the focused
 * conference's own listing keeps the refresh rate. */
#define PLATFORM_ROWS_PER_REFRESH 500.0
#define PLATFORM_MAX_INTERVAL_S 60.0

typedef struct fetch_ctx {
    ui_app *app;
    model_table_id table;
    unsigned query;     /* which of the resource's queries is in flight */
    json_t *merged;     /* union (by id) of the earlier queries' answers */
    model_merge *merge; /* a participants listing merged page by page */
    bool changed;       /* a page of it changed the rows */
} fetch_ctx;

static void fetch_ctx_free(fetch_ctx *ctx)
{
    if (ctx) {
        json_decref(ctx->merged);
        if (ctx->merge)
            model_merge_abort(ctx->merge); /* what arrived stays, nothing departs */
    }
    free(ctx);
}

static double platform_interval(ui_app *app, model_table_id t)
{
    double rows = (double)model_table_count(model_get(app->model, t));
    double s = app->refresh_s *
               (rows > PLATFORM_ROWS_PER_REFRESH ? rows / PLATFORM_ROWS_PER_REFRESH : 1.0);
    double cap =
        app->refresh_s > PLATFORM_MAX_INTERVAL_S ? app->refresh_s : PLATFORM_MAX_INTERVAL_S;
    return s < cap ? s : cap;
}

static double resource_interval(ui_app *app, model_table_id t)
{
    switch (t) {
    case MT_MEDIA_STREAMS:
        return MEDIA_INTERVAL_S;
    case MT_NODE_CONFIG:
        return NODE_CONFIG_INTERVAL_S;
    case MT_CONFERENCES:
    case MT_ALL_PARTICIPANTS:
        return platform_interval(app, t);
    default: {
        /* Platform views refresh at their own, slower rates (screens.c). */
        double s = policy_refresh_interval(app, t);
        return s > 0 ? s : app->refresh_s;
    }
    }
}

/* Tables listed from one fixed path (the others need a scope or a query). */
static const char *const fixed_paths[MT_COUNT] = {
    [MT_CONFERENCES] = API_STATUS_CONFERENCE, [MT_ALL_PARTICIPANTS] = API_STATUS_PARTICIPANT,
    [MT_NODE_CONFIG] = API_CONFIG_WORKER_VM,  [MT_NODES] = API_STATUS_WORKER_VM,
    [MT_ALARMS] = API_STATUS_ALARM,           [MT_LOCATIONS] = API_STATUS_SYSTEM_LOCATION,
};

static bool resource_path(ui_app *app, model_table_id t, strbuf *out)
{
    if (t == MT_MEDIA_STREAMS) {
        if (!app->res[t].scope[0])
            return false;
        api_media_stream_path(out, app->res[t].scope);
        return true;
    }
    if (t == MT_PARTICIPANTS) {
        /* The focused conference's participants (the document's filter). */
        if (!app->res[t].scope[0])
            return false;
        sb_append(out, API_STATUS_PARTICIPANT "?conference=");
        sb_append_urlencoded(out, app->res[t].scope);
        return true;
    }
    if (fixed_paths[t]) {
        sb_append(out, fixed_paths[t]);
        return true;
    }
    return policy_resource_path(app, t, 0, out);
}

void fetch_init(ui_app *app)
{
    for (int t = 0; t < MT_COUNT; t++) {
        app->res[t].table = (model_table_id)t;
        app->res[t].poll.next_due = 0;
    }
    /* Departed participants and conferences linger briefly as ghosts so the
     * operator sees who left. */
    model_set_ghost_seconds(app->model, MT_ALL_PARTICIPANTS, UI_FLASH_SECONDS);
    model_set_ghost_seconds(app->model, MT_CONFERENCES, UI_FLASH_SECONDS);
}

static void spark_record(ui_app *app)
{
    const model_table *t = model_get(app->model, MT_MEDIA_STREAMS);
    size_t n = t ? model_table_count(t) : 0;
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(t, i);
        if (model_row_is_ghost(r))
            continue;
        for (int dir = 0; dir < 2; dir++) {
            const char *p = dir ? "tx" : "rx";
            char key[320], f[40];
            snprintf(key, sizeof key, "%s/%s/%s", app->res[MT_MEDIA_STREAMS].scope, r->id, p);
            ui_spark *s = spark_get(app, key, true);
            if (!s)
                continue;
            double bitrate = 0, loss = 0;
            snprintf(f, sizeof f, "%s_bitrate", p);
            jget_num(r->obj, f, &bitrate);
            snprintf(f, sizeof f, "%s_windowed_packet_loss", p);
            if (!jget_num(r->obj, f, &loss)) {
                snprintf(f, sizeof f, "%s_packet_loss", p);
                jget_num(r->obj, f, &loss);
            }
            size_t cap = sizeof s->bitrate / sizeof s->bitrate[0];
            s->bitrate[s->head] = (float)bitrate;
            s->loss[s->head] = (float)loss;
            s->head = (s->head + 1) % cap;
            if (s->n < cap)
                s->n++;
        }
    }
}

static void fetch_done(const api_list_result *res, void *vctx);

/* A resource may be the union of several queries (the API cannot OR two
 * filters, e.g. rx or tx packet loss): keep each answer and ask the next
 * query before applying. True when the next query took over `ctx`. */
static bool fetch_next_query(ui_app *app, ui_resource *r, fetch_ctx *ctx, json_t *objects)
{
    strbuf path = STRBUF_INIT;
    if (!policy_resource_path(app, r->table, ctx->query + 1, &path)) {
        sb_free(&path);
        return false;
    }
    if (!ctx->merged)
        ctx->merged = json_array();
    json_union_by_id(ctx->merged, objects);
    ctx->query++;
    unsigned token = poller_token(&r->poll); /* the round's start time stands */
    api_request *req = api_list(app->api, sb_str(&path), NULL, 0, fetch_done, ctx);
    sb_free(&path);
    poller_sent(&r->poll, token, req);
    return true;
}

/* A successful answer into the model; false when it changed nothing there
 * (a participants listing the same as the rows: nothing derived from it is
 * recomputed, no pane rebuilt). */
static bool fetch_apply(ui_app *app, ui_resource *r, fetch_ctx *ctx, json_t *objects)
{
    bool changed = true;
    if (r->table == MT_CONFERENCES) {
        unsigned before = app->model->conferences_version;
        model_apply_conferences(app->model, objects, app_wall(app), true);
        changed = app->model->conferences_version != before;
    } else if (ctx->merge) {
        changed = model_merge_end(app->model, r->table, ctx->merge, app_wall(app)) || ctx->changed;
        ctx->merge = NULL;
    } else {
        model_apply(app->model, r->table, objects, app_wall(app), NULL);
    }
    if (changed && (r->table == MT_ALL_PARTICIPANTS || r->table == MT_PARTICIPANTS)) {
        model_participants_changed(app->model, app_wall(app));
        summaries_rebuild(app);
    }
    if (r->table == MT_MEDIA_STREAMS)
        spark_record(app);
    policy_fetch_done(app, r->table);
    /* After the merge: a platform listing's interval follows its rows. */
    poller_ok(app, &r->poll, resource_interval(app, r->table));
    return changed;
}

static void fetch_failed(ui_app *app, ui_resource *r, const api_error *e)
{
    /* A table this node lacks (404) is a failure like any other: the pane
     * says so, and it is asked again after the backoff. */
    poller_failed(app, &r->poll, e, resource_interval(app, r->table), POLLER_404_FAILS);
    model_note_error(app->model, r->table, e->message, app_wall(app));
    /* Node names are a nicety: say once that they are missing; the header
     * summary's own tables likewise. */
    if (e->kind == API_ERR_NOT_FOUND) {
        /* The pane says so; the status line once. */
        if (r->poll.failures == 1 && !policy_background_only(app, r->table))
            app_message(app, MSG_WARNING, "%s: %s", model_table_name(r->table),
                        r->table == MT_MEDIA_STREAMS ? "the participant left"
                                                     : "not available on this node (HTTP 404)");
    } else if (r->table != MT_NODE_CONFIG && !policy_background_only(app, r->table))
        app_message(app, MSG_ERROR, "%s: %s", model_table_name(r->table), e->message);
    else if (r->poll.failures == 1 && r->table == MT_NODE_CONFIG)
        app_message(app, MSG_WARNING, "node names unavailable (showing addresses): %s", e->message);
    else if (r->poll.failures == 1)
        app_message(app, MSG_WARNING, "header summary: %s: %s", model_table_name(r->table),
                    e->message);
}

static void fetch_done(const api_list_result *res, void *vctx)
{
    fetch_ctx *ctx = vctx;
    ui_app *app = ctx->app;
    ui_resource *r = &app->res[ctx->table];
    poller_answered(&r->poll);
    if (res->error.kind == API_OK && fetch_next_query(app, r, ctx, res->objects))
        return;
    json_t *objects = res->objects;
    if (ctx->merged) {
        json_union_by_id(ctx->merged, res->objects);
        objects = ctx->merged;
    }
    r->pending = NULL;
    bool changed = true;
    if (res->error.kind == API_OK)
        changed = fetch_apply(app, r, ctx, objects);
    else
        fetch_failed(app, r, &res->error);
    fetch_ctx_free(ctx);
    if (changed)
        app_views_stale(app);
    else
        app_dirty(app); /* the data's age on screen */
    if (app->hooks.fetch_done)
        app->hooks.fetch_done(app, r->table);
}

static void fetch_page(const api_list_page *page, void *vctx)
{
    fetch_ctx *ctx = vctx;
    if (model_merge_page(ctx->app->model, ctx->merge, (json_t *)page->objects,
                         app_wall(ctx->app))) {
        ctx->changed = true;
        app_views_stale(ctx->app);
    }
}

static void fetch_start(ui_app *app, ui_resource *r)
{
    strbuf path = STRBUF_INIT;
    if (!resource_path(app, r->table, &path)) {
        sb_free(&path);
        return;
    }
    fetch_ctx *ctx = xcalloc(1, sizeof *ctx);
    ctx->app = app;
    ctx->table = r->table;
    r->pending = ctx;
    unsigned token = poller_start(app, &r->poll);
    api_request *req;
    if (r->table == MT_ALL_PARTICIPANTS || r->table == MT_PARTICIPANTS) {
        /* The large listings are merged page by page: no page waits for
         * the next, and the loop gets a turn between them. */
        bool focused = r->table == MT_PARTICIPANTS;
        ctx->merge = model_merge_begin(app->model, MT_ALL_PARTICIPANTS,
                                       focused ? "conference" : NULL, focused ? r->scope : NULL);
        req = api_list_paged(app->api, sb_str(&path), NULL, 0, fetch_page, fetch_done, ctx);
    } else {
        req = api_list(app->api, sb_str(&path), NULL, 0, fetch_done, ctx);
    }
    poller_sent(&r->poll, token, req);
    sb_free(&path);
}

static void fetch_compute_wanted(ui_app *app)
{
    ui_fetch_plan plan;
    memset(&plan, 0, sizeof plan);
    for (size_t i = 0; i < app->npanes; i++)
        if (app->panes[i]->cls->fetch_plan)
            app->panes[i]->cls->fetch_plan(app, &plan);
    /* The header summary's tables, at their background rate. */
    policy_fetch_plan(app, &plan);
    /* Node names label the participants' media node column. */
    if (plan.want[MT_ALL_PARTICIPANTS])
        plan.want[MT_NODE_CONFIG] = true;
    for (int t = 0; t < MT_COUNT; t++)
        app->res[t].wanted = plan.want[t];
    app_platform(app)->probes_wanted = plan.probes;
}

/* A main listing without an answer for a while: say so now, so that the
 * status line does not keep showing an older error as if it were current. */
static void say_hang(ui_app *app, double now)
{
    static const model_table_id main_tables[] = {MT_CONFERENCES, MT_ALL_PARTICIPANTS,
                                                 MT_PARTICIPANTS};
    for (size_t i = 0; i < sizeof main_tables / sizeof main_tables[0]; i++) {
        const ui_resource *r = &app->res[main_tables[i]];
        double waiting = now - r->poll.started;
        if (!r->poll.req || waiting < 2 * app->refresh_s + 1)
            continue;
        if (app->message_level == MSG_ERROR && app->message_time >= r->poll.started)
            return; /* said already, for this request */
        double age = model_age(app->model, r->table, app_wall(app));
        app_message(app, MSG_ERROR, "No answer from the server for %.0f s (timeout %.0f s); %s",
                    waiting, app->cfg->timeout_s > 0 ? app->cfg->timeout_s : 30.0,
                    age >= 0 ? "the rows on screen are from before" : "nothing loaded yet");
        return;
    }
}

void fetch_tick(ui_app *app)
{
    if (!app->api)
        return;
    /* The scoped tables follow the navigation (scope.c). */
    scope_sync(app);
    fetch_compute_wanted(app);
    double now = app_mono(app);
    for (int t = 0; t < MT_COUNT; t++) {
        ui_resource *r = &app->res[t];
        if (r->wanted && poller_due(app, &r->poll))
            fetch_start(app, r);
    }
    say_hang(app, now);
    policy_tick(app);
}

void fetch_refresh_now(ui_app *app)
{
    if (!app->api)
        return;
    scope_sync(app);
    fetch_compute_wanted(app);
    for (int t = 0; t < MT_COUNT; t++) {
        ui_resource *r = &app->res[t];
        if (r->wanted && !r->poll.req) {
            r->poll.next_due = 0;
            fetch_start(app, r);
        }
    }
}

/* Cancel the resource's request in flight, if any. */
static void fetch_cancel(ui_resource *r)
{
    if (poller_cancel(&r->poll)) {
        /* A cancelled request never calls back: its ctx is ours. */
        fetch_ctx_free(r->pending);
        r->pending = NULL;
    }
}

/* Cancel, and schedule at once with no failures (scope or query changed). */
static void fetch_start_over(ui_resource *r)
{
    if (poller_restart(&r->poll)) {
        fetch_ctx_free(r->pending);
        r->pending = NULL;
    }
}

void fetch_cancel_all(ui_app *app)
{
    for (int t = 0; t < MT_COUNT; t++)
        fetch_cancel(&app->res[t]);
    policy_cancel(app);
}

void fetch_restart(ui_app *app, model_table_id t)
{
    fetch_start_over(&app->res[t]);
}

/* The resource a table is filled from (derived tables have none of their own). */
static model_table_id source_table(model_table_id t)
{
    return t == MT_LICENSE_KINDS ? MT_LICENSING : t;
}

bool fetch_table_problem(ui_app *app, model_table_id t, char *buf, size_t size)
{
    if (t < 0 || t >= MT_COUNT)
        return false;
    const ui_resource *r = &app->res[source_table(t)];
    if (r->poll.failures == 0 || r->poll.last_error.kind == API_OK)
        return false;
    if (r->poll.last_error.kind == API_ERR_NOT_FOUND)
        snprintf(buf, size, "%s",
                 r->table == MT_MEDIA_STREAMS ? "participant left (its media streams are gone)"
                                              : "not available on this node (HTTP 404)");
    else
        snprintf(buf, size, "%s", r->poll.last_error.message);
    return true;
}

/* The listings the main screen is made of: their state is the connection's. */
static bool is_main_listing(model_table_id t)
{
    return t == MT_CONFERENCES || t == MT_ALL_PARTICIPANTS || t == MT_PARTICIPANTS;
}

/* Does a failure of this resource say something about the connection? The
 * main listings' do; when none of them is wanted (a platform view fills the
 * screen), the shown tables' do, except a 404: a resource this node's
 * version lacks is the pane's news, not the connection's. */
static bool failure_counts(ui_app *app, const ui_resource *r, bool main_wanted)
{
    if (main_wanted)
        return is_main_listing(r->table);
    return r->table != MT_NODE_CONFIG && !policy_background_only(app, r->table) &&
           r->poll.last_error.kind != API_ERR_NOT_FOUND;
}

static const char *error_state_text(const api_error *e)
{
    switch (e->kind) {
    case API_ERR_AUTH:
        return "authentication failed";
    case API_ERR_TLS:
        return "TLS error";
    case API_ERR_FORBIDDEN:
        return "forbidden";
    case API_ERR_HTML:
        return "login page (SSO?)";
    default:
        return NULL;
    }
}

void fetch_connection_text(ui_app *app, char *buf, size_t size, theme_slot *slot)
{
    double now = app_mono(app);
    if (!app->api) {
        snprintf(buf, size, "not connected");
        *slot = SLOT_BANNER_ERROR;
        return;
    }
    const ui_resource *failing = NULL, *slow = NULL;
    bool any_loaded = false, any_pending = false, main_wanted = false;
    for (int t = 0; t < MT_COUNT; t++)
        if (app->res[t].wanted && is_main_listing((model_table_id)t))
            main_wanted = true;
    for (int t = 0; t < MT_COUNT; t++) {
        const ui_resource *r = &app->res[t];
        if (!r->wanted)
            continue;
        bool counts = failure_counts(app, r, main_wanted);
        if (model_age(app->model, (model_table_id)t, app_wall(app)) >= 0)
            any_loaded = true;
        if (r->poll.req) {
            any_pending = true;
            if (counts && now - r->poll.started > 2 * app->refresh_s + 1 &&
                (!slow || r->poll.started < slow->poll.started))
                slow = r;
        }
        if (r->poll.last_error.kind != API_OK && r->poll.failures > 0 && !failing && counts)
            failing = r;
    }
    if (failing) {
        const char *what = error_state_text(&failing->poll.last_error);
        double in = failing->poll.next_due - now;
        *slot = SLOT_BANNER_ERROR;
        if (what)
            snprintf(buf, size, "%s", what);
        else if (failing->poll.req)
            snprintf(buf, size, "retrying");
        else
            snprintf(buf, size, "retrying in %.0fs", in > 0 ? ceil(in) : 0);
        return;
    }
    if (slow) {
        snprintf(buf, size, "waiting for server %.0fs", now - slow->poll.started);
        *slot = SLOT_BANNER_WARNING;
        return;
    }
    if (!any_loaded) {
        snprintf(buf, size, any_pending ? "connecting" : "idle");
        *slot = SLOT_BANNER_INFO;
        return;
    }
    snprintf(buf, size, "connected");
    *slot = SLOT_QUALITY_GOOD;
}

double fetch_data_age(ui_app *app)
{
    double worst = -1, now = app_wall(app);
    for (int t = 0; t < MT_COUNT; t++) {
        /* Node names change rarely and are fetched every few minutes:
         * their age says nothing about how current the screen is. */
        if (!app->res[t].wanted || t == MT_NODE_CONFIG ||
            policy_background_only(app, (model_table_id)t))
            continue;
        double age = model_age(app->model, (model_table_id)t, now);
        if (age > worst)
            worst = age;
    }
    return worst;
}

bool fetch_data_stale(ui_app *app)
{
    double now = app_wall(app);
    for (int t = 0; t < MT_COUNT; t++) {
        if (!app->res[t].wanted || t == MT_NODE_CONFIG ||
            policy_background_only(app, (model_table_id)t))
            continue;
        /* Each table against its own rate: licensing refreshed every 30 s
         * is not late at 20 s. */
        double age = model_age(app->model, (model_table_id)t, now);
        if (age > 3 * resource_interval(app, (model_table_id)t) + 2)
            return true;
    }
    return false;
}
