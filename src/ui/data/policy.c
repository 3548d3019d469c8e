/* The refresh policy of the platform tables: their paths and rates, what
 * the header needs in the background, tables derived from others, and the
 * header's live counts while the main panes are not shown (two limit=1
 * requests). fetch.c asks; nothing here draws.
 *
 * In short (rates in ui/screen_state.h, each defended there): a platform
 * table is fetched only while a pane on screen shows it, at its own rate
 * (never faster than --refresh): nodes, alarms and locations every 5 s,
 * node statistics every 10 s, licensing, registrations, cloud and history
 * every 30 s. The header needs alarms and nodes on every screen: they are
 * fetched every 15 s in the background. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "ui/data/policy.h"
#include "ui/data/poller.h"
#include "ui/data/probes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

double policy_refresh_interval(ui_app *app, model_table_id t)
{
    ui_platform *p = app_platform(app);
    double s;
    switch (t) {
    case MT_NODES:
    case MT_ALARMS:
        s = p->background[t] ? RATE_HEADER_S : RATE_NODES_S;
        break;
    case MT_LOCATIONS:
        s = RATE_LOCATIONS_S;
        break;
    case MT_NODE_STATS:
        s = RATE_NODE_STATS_S;
        break;
    case MT_REGISTRATIONS:
    case MT_LICENSING:
    case MT_CLOUD_NODES:
    case MT_CLOUD_MONITORED:
    case MT_CLOUD_OVERFLOW:
    case MT_HISTORY_ALARMS:
    case MT_HISTORY_CONFERENCES:
    case MT_HISTORY_PARTICIPANTS:
    case MT_HISTORY_STREAMS:
        s = RATE_SLOW_S;
        break;
    default:
        return 0;
    }
    /* --refresh asks for less load: never poll faster than it. */
    return s > app->refresh_s ? s : app->refresh_s;
}

static void append_time_param(strbuf *out, const char *key, double epoch)
{
    char t[40];
    time_format_utc(epoch, false, t, sizeof t);
    sb_printf(out, "%s=", key);
    sb_append_urlencoded(out, t);
}

bool policy_resource_path(ui_app *app, model_table_id t, unsigned query, strbuf *out)
{
    ui_platform *p = app_platform(app);
    if (query > 0 && t != MT_HISTORY_PARTICIPANTS)
        return false;
    double now = app_wall(app);
    const nav_level *hconf = nav_scope_level(app, MT_HISTORY_PARTICIPANTS);
    const nav_level *hpart = nav_scope_level(app, MT_HISTORY_STREAMS);
    switch (t) {
    case MT_REGISTRATIONS:
        sb_append(out, API_STATUS_REGISTRATION_ALIAS);
        return true;
    case MT_LICENSING:
        sb_append(out, API_STATUS_LICENSING);
        return true;
    case MT_CLOUD_NODES:
        sb_append(out, API_STATUS_CLOUD_NODE);
        return true;
    case MT_CLOUD_MONITORED:
        sb_append(out, API_STATUS_CLOUD_MONITORED_LOCATION);
        return true;
    case MT_CLOUD_OVERFLOW:
        sb_append(out, API_STATUS_CLOUD_OVERFLOW_LOCATION);
        return true;
    case MT_HISTORY_ALARMS:
        sb_append(out, API_HISTORY_ALARM "?order_by=-time_raised&");
        append_time_param(out, "time_raised__gte", now - ALARM_HISTORY_WINDOW_S);
        return true;
    case MT_NODE_STATS:
        if (!nav_scope_level(app, MT_NODE_STATS))
            return false;
        api_object_path(out, API_STATUS_WORKER_VM, nav_scope_level(app, MT_NODE_STATS)->id,
                        API_SUB_STATISTICS);
        return true;
    case MT_HISTORY_CONFERENCES:
        history_conferences_query(&p->history, now, out);
        return true;
    case MT_HISTORY_PARTICIPANTS:
        if (p->history.mode == HISTORY_CONFERENCES && !hconf)
            return false;
        return history_participants_query(&p->history,
                                          p->history.mode == HISTORY_CONFERENCES ? hconf->id : NULL,
                                          query, now, out);
    case MT_HISTORY_STREAMS:
        if (!hpart || hpart->filled || !hpart->id[0])
            return false;
        api_object_path(out, API_HISTORY_PARTICIPANT, hpart->id, API_SUB_MEDIA_STREAM);
        return true;
    default:
        return false;
    }
}

void policy_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    ui_platform *p = app_platform(app);
    double now = app_wall(app), mono = app_mono(app);
    for (int t = 0; t < MT_COUNT; t++) {
        bool was = p->visible[t];
        p->visible[t] = plan->want[t];
        p->background[t] = false;
        /* Fetched slowly in the background and now on screen: refresh
         * when the rows reach the view's own rate, not on the background
         * schedule. */
        if (p->visible[t] && !was && app->res[t].poll.next_due > mono) {
            double age = model_age(app->model, (model_table_id)t, now);
            double due = age < 0 ? 0 : mono + policy_refresh_interval(app, (model_table_id)t) - age;
            if (due < app->res[t].poll.next_due)
                app->res[t].poll.next_due = due;
        }
    }
    static const model_table_id header_tables[] = {MT_ALARMS, MT_NODES};
    for (size_t i = 0; i < COUNT(header_tables); i++) {
        model_table_id t = header_tables[i];
        if (!plan->want[t]) {
            plan->want[t] = true;
            p->background[t] = true;
        }
    }
}

bool policy_background_only(ui_app *app, model_table_id t)
{
    return app->platform && t >= 0 && t < MT_COUNT && app->platform->background[t];
}

/* The counts are a round of two requests (conferences, then participants),
 * one poller: every RATE_HEADER_S, backing off by the shared rule. */
static void counts_done(const api_get_result *res, void *ctx)
{
    ui_app *app = ctx;
    ui_platform *p = app->platform;
    poller_answered(&p->counts);
    long long n;
    json_t *meta = json_object_get(res->json, "meta");
    if (res->error.kind == API_OK && jget_int(meta, "total_count", &n)) {
        if (p->counts_step == 0) {
            p->conf_count = n;
            p->counts_step = 1;
            poller_step_ok(app, &p->counts);
        } else {
            p->part_count = n;
            p->counts_known = true;
            p->counts_step = 0;
            poller_ok(app, &p->counts, RATE_HEADER_S);
        }
    } else {
        api_error e = res->error;
        if (e.kind == API_OK)
            e = (api_error){.kind = API_ERR_BAD_JSON, .message = "no meta.total_count"};
        p->counts_step = 0;
        poller_failed(app, &p->counts, &e, RATE_HEADER_S, POLLER_404_FAILS);
    }
    app_dirty(app);
}

static void counts_tick(ui_app *app, ui_platform *p)
{
    bool needed = !app->res[MT_CONFERENCES].wanted || !app->res[MT_ALL_PARTICIPANTS].wanted;
    if (!needed || !poller_due(app, &p->counts))
        return;
    const char *path =
        p->counts_step == 0 ? API_STATUS_CONFERENCE "?limit=1" : API_STATUS_PARTICIPANT "?limit=1";
    unsigned token = poller_start(app, &p->counts);
    api_request *req = api_get(app->api, path, counts_done, app);
    poller_sent(&p->counts, token, req);
}

void policy_tick(ui_app *app)
{
    ui_platform *p = app_platform(app);
    if (!app->api)
        return;
    counts_tick(app, p);
    trouble_tick(app);
}

void policy_cancel(ui_app *app)
{
    ui_platform *p = app->platform;
    if (!p)
        return;
    poller_cancel(&p->counts); /* its context is the app: nothing to free */
    trouble_cancel(app);
}

void history_streams_apply(ui_app *app, const json_t *participant)
{
    const json_t *streams = history_participant_streams(participant);
    if (streams)
        model_apply(app->model, MT_HISTORY_STREAMS, (json_t *)streams, app_wall(app), NULL);
}

void history_streams_from_listing(ui_app *app)
{
    const nav_level *l = nav_scope_level(app, MT_HISTORY_STREAMS);
    if (!l || !l->filled)
        return;
    const model_row *r = model_table_find(model_get(app->model, MT_HISTORY_PARTICIPANTS), l->id);
    if (r)
        history_streams_apply(app, r->obj);
}

void policy_fetch_done(ui_app *app, model_table_id t)
{
    if (t == MT_LICENSING) {
        /* One object with a pair of fields per kind: a row per kind. */
        const model_table *lt = model_get(app->model, MT_LICENSING);
        json_t *objects = json_array();
        for (size_t i = 0; objects && lt && i < model_table_count(lt); i++)
            json_array_append(objects, model_table_at(lt, i)->obj);
        json_t *kinds = licensing_kinds(objects);
        model_apply(app->model, MT_LICENSE_KINDS, kinds, app_wall(app), NULL);
        json_decref(kinds);
        json_decref(objects);
    } else if (t == MT_HISTORY_PARTICIPANTS) {
        history_streams_from_listing(app);
    }
}
