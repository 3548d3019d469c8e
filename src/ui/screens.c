/* Platform screens: layout of a platform view with its drill-down panes,
 * the refresh policy of the platform tables (paths, rates, what the header
 * needs in the background), the header's platform summary, and jumps from
 * a platform view to the main panes.
 *
 * Refresh policy, in short (rates in ui/platform.h, each defended there):
 * a platform table is fetched only while a pane on screen shows it, at its
 * own rate (never faster than --refresh): nodes, alarms and locations every
 * 5 s, node statistics every 10 s, licensing, registrations, cloud and
 * history every 30 s. The header needs alarms and nodes on every screen:
 * they are fetched every 15 s in the background, and the live counts by
 * two limit=1 requests when the main panes are not shown. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/glyph.h"
#include "ui/platform.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define BACKOFF_MAX_S 60.0

/* ---- state ----------------------------------------------------------------------- */

ui_platform *screens_state(ui_app *app)
{
    if (!app->platform) {
        app->platform = calloc(1, sizeof *app->platform);
        if (app->platform) {
            app->platform->history.window_s = HISTORY_DEFAULT_WINDOW_S;
            app->platform->history.loss_above = -1;
        }
    }
    return app->platform;
}

void screens_free(ui_app *app)
{
    free(app->platform);
    app->platform = NULL;
}

/* ---- rates and paths ----------------------------------------------------------------- */

double screens_refresh_interval(ui_app *app, model_table_id t)
{
    ui_platform *p = screens_state(app);
    double s;
    switch (t) {
    case MT_NODES:
    case MT_ALARMS:
        s = p && p->background[t] ? RATE_HEADER_S : RATE_NODES_S;
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

bool screens_resource_path(ui_app *app, model_table_id t, unsigned query, strbuf *out)
{
    ui_platform *p = screens_state(app);
    if (!p || (query > 0 && t != MT_HISTORY_PARTICIPANTS))
        return false;
    double now = time_now();
    switch (t) {
    case MT_REGISTRATIONS:
        sb_append(out, API_STATUS_REGISTRATION_ALIAS);
        return true;
    case MT_LICENSING:
        sb_append(out, API_STATUS_LICENSING);
        return true;
    case MT_CLOUD_NODES:
        sb_append(out, "status/v1/cloud_node/");
        return true;
    case MT_CLOUD_MONITORED:
        sb_append(out, "status/v1/cloud_monitored_location/");
        return true;
    case MT_CLOUD_OVERFLOW:
        sb_append(out, "status/v1/cloud_overflow_location/");
        return true;
    case MT_HISTORY_ALARMS:
        sb_append(out, API_HISTORY_ALARM "?order_by=-time_raised&");
        append_time_param(out, "time_raised__gte", now - ALARM_HISTORY_WINDOW_S);
        return true;
    case MT_NODE_STATS:
        if (!p->node_open || !p->node_id[0])
            return false;
        sb_append(out, API_STATUS_WORKER_VM);
        sb_append_urlencoded(out, p->node_id);
        sb_append(out, "/statistics/");
        return true;
    case MT_HISTORY_CONFERENCES:
        history_conferences_query(&p->history, now, out);
        return true;
    case MT_HISTORY_PARTICIPANTS:
        if (p->history.mode == HISTORY_CONFERENCES && !p->hparts_open)
            return false;
        return history_participants_query(
            &p->history, p->history.mode == HISTORY_CONFERENCES ? p->hconf_id : NULL, query, now,
            out);
    case MT_HISTORY_STREAMS:
        if (!p->hstreams_open || p->hstreams_embedded || !p->hpart_id[0])
            return false;
        sb_append(out, API_HISTORY_PARTICIPANT);
        sb_append_urlencoded(out, p->hpart_id);
        sb_append(out, "/media_stream/");
        return true;
    default:
        return false;
    }
}

/* ---- fetch plan ------------------------------------------------------------------------ */

void screens_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    ui_platform *p = screens_state(app);
    if (!p)
        return;
    double now = time_now(), mono = time_monotonic();
    for (int t = 0; t < MT_COUNT; t++) {
        bool was = p->visible[t];
        p->visible[t] = plan->want[t];
        p->background[t] = false;
        /* Fetched slowly in the background and now on screen: refresh
         * when the rows reach the view's own rate, not on the background
         * schedule. */
        if (p->visible[t] && !was && app->res[t].next_due > mono) {
            double age = model_age(app->model, (model_table_id)t, now);
            double due =
                age < 0 ? 0 : mono + screens_refresh_interval(app, (model_table_id)t) - age;
            if (due < app->res[t].next_due)
                app->res[t].next_due = due;
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

bool screens_background_only(ui_app *app, model_table_id t)
{
    return app->platform && t >= 0 && t < MT_COUNT && app->platform->background[t];
}

void screens_fetch_done(ui_app *app, model_table_id t)
{
    if (t == MT_LICENSING) {
        /* One object with a pair of fields per kind: a row per kind. */
        const model_table *lt = model_get(app->model, MT_LICENSING);
        json_t *objects = json_array();
        for (size_t i = 0; objects && lt && i < model_table_count(lt); i++)
            json_array_append(objects, model_table_at(lt, i)->obj);
        json_t *kinds = licensing_kinds(objects);
        if (kinds)
            model_apply(app->model, MT_LICENSE_KINDS, kinds, time_now(), NULL);
        json_decref(kinds);
        json_decref(objects);
    } else if (t == MT_HISTORY_PARTICIPANTS) {
        history_streams_from_listing(app);
    }
}

/* ---- header counts while the main panes are not shown --------------------------------- */

static void counts_schedule(ui_platform *p, bool ok)
{
    double delay = 0;
    if (!ok) {
        p->counts.failures++;
        p->counts_step = 0;
        delay = RATE_HEADER_S * pow(2.0, (double)p->counts.failures);
        if (delay > BACKOFF_MAX_S)
            delay = BACKOFF_MAX_S;
    } else if (p->counts_step == 0) {
        p->counts.failures = 0;
        delay = RATE_HEADER_S;
    }
    p->counts.next_due = time_monotonic() + delay;
}

static void counts_done(const api_get_result *res, void *ctx)
{
    ui_app *app = ctx;
    ui_platform *p = app->platform;
    p->counts.req = NULL;
    p->counts.generation++;
    long long n;
    json_t *meta = json_object_get(res->json, "meta");
    bool ok = res->error.kind == API_OK && jget_int(meta, "total_count", &n);
    if (ok) {
        if (p->counts_step == 0) {
            p->conf_count = n;
        } else {
            p->part_count = n;
            p->counts_known = true;
        }
        p->counts_step = (p->counts_step + 1) % 2;
    }
    counts_schedule(p, ok);
    app_dirty(app);
}

static void counts_tick(ui_app *app, ui_platform *p)
{
    bool needed = !app->res[MT_CONFERENCES].wanted || !app->res[MT_ALL_PARTICIPANTS].wanted;
    if (!needed || p->counts.req || app->paused || time_monotonic() < p->counts.next_due)
        return;
    const char *path =
        p->counts_step == 0 ? API_STATUS_CONFERENCE "?limit=1" : API_STATUS_PARTICIPANT "?limit=1";
    unsigned before = p->counts.generation;
    api_request *req = api_get(app->api, path, counts_done, app);
    if (p->counts.generation == before) {
        p->counts.req = req;
        if (!req)
            counts_schedule(p, false);
    }
}

void screens_tick(ui_app *app)
{
    ui_platform *p = screens_state(app);
    if (!p || !app->api)
        return;
    counts_tick(app, p);
    trouble_tick(app);
}

void screens_cancel(ui_app *app)
{
    ui_platform *p = app->platform;
    if (!p)
        return;
    if (p->counts.req)
        api_cancel(p->counts.req);
    p->counts.req = NULL;
    trouble_cancel(app);
}

/* ---- header summary -------------------------------------------------------------------- */

/* A live count from the table when it is current (or nothing better is
 * known), else from the background probe's total_count. */
static size_t live_count(ui_app *app, model_table_id t, long long probed, bool *known,
                         bool *from_table)
{
    const model_table *tb = model_get(app->model, t);
    bool loaded = tb && model_table_loaded(tb);
    ui_platform *p = app->platform;
    *from_table = false;
    if (app->res[t].wanted && loaded) {
        *known = *from_table = true;
        return model_table_live_count(tb);
    }
    if (p && p->counts_known) {
        *known = true;
        return probed > 0 ? (size_t)probed : 0;
    }
    *known = *from_table = loaded;
    return loaded ? model_table_live_count(tb) : 0;
}

static void header_counts(ui_app *app, int cols, ui_header_part *out)
{
    ui_platform *p = app->platform;
    bool kc, kp, tc, tp;
    size_t nc = live_count(app, MT_CONFERENCES, p ? p->conf_count : 0, &kc, &tc);
    size_t np = live_count(app, MT_ALL_PARTICIPANTS, p ? p->part_count : 0, &kp, &tp);
    /* Rows made for callers without a conference instance are no conference. */
    size_t made = app->model->conferences_without_instance;
    if (tc && made <= nc)
        nc -= made;
    /* People, not legs (a 2015 WebRTC call is two legs): from the listing
     * when it is the source, or when the probe still agrees with it. */
    size_t people;
    const model_table *parts = model_get(app->model, MT_ALL_PARTICIPANTS);
    if (summary_people_total(app, &people) &&
        (tp || (parts && np == model_table_live_count(parts))))
        np = people;
    char c[32], q[32];
    snprintf(c, sizeof c, kc ? "%zu" : "?", nc);
    snprintf(q, sizeof q, kp ? "%zu" : "?", np);
    if (cols >= 140)
        snprintf(out->text, sizeof out->text, "%s %s, %s %s", c,
                 text_plural(nc, "conference", "conferences"), q,
                 text_plural(np, "participant", "participants"));
    else if (cols >= 100)
        snprintf(out->text, sizeof out->text, "%s %s, %s %s", c, text_plural(nc, "conf", "confs"),
                 q, text_plural(np, "part", "parts"));
    else
        snprintf(out->text, sizeof out->text, "%s %s %s %s", c, text_plural(nc, "conf", "confs"), q,
                 text_plural(np, "part", "parts"));
    out->slot = SLOT_HEADER;
}

static bool header_alarms(ui_app *app, int cols, ui_header_part *out)
{
    const model_table *t = model_get(app->model, MT_ALARMS);
    if (!t || !model_table_loaded(t))
        return false;
    size_t by_level[ALARM_CRITICAL + 1] = {0}, total = 0;
    for (size_t i = 0; i < model_table_count(t); i++) {
        const model_row *r = model_table_at(t, i);
        if (model_row_is_ghost(r))
            continue;
        alarm_level l = alarm_level_parse(jget_str(r->obj, "level"));
        by_level[l == ALARM_UNKNOWN ? ALARM_INFO : l]++;
        total++;
    }
    out->slot = SLOT_HEADER;
    if (total == 0) {
        snprintf(out->text, sizeof out->text, "no alarms");
        return true;
    }
    /* Below 100 columns the level symbols alone ("▲1 ◆2") say it. */
    size_t len = (size_t)snprintf(out->text, sizeof out->text, "%s", cols >= 100 ? "alarms" : "");
    for (int l = ALARM_CRITICAL; l >= ALARM_INFO && len < sizeof out->text; l--) {
        if (!by_level[l])
            continue;
        const char *g = alarm_level_glyph((alarm_level)l, app->ascii);
        if (cols >= 140)
            len += (size_t)snprintf(out->text + len, sizeof out->text - len, " %s %zu %s", g,
                                    by_level[l], alarm_level_label((alarm_level)l));
        else
            len += (size_t)snprintf(out->text + len, sizeof out->text - len, "%s%s%zu",
                                    len ? " " : "", g, by_level[l]);
    }
    if (by_level[ALARM_CRITICAL] || by_level[ALARM_ERROR])
        out->slot = SLOT_BANNER_ERROR;
    else if (by_level[ALARM_WARNING])
        out->slot = SLOT_BANNER_WARNING;
    return true;
}

static bool header_busiest(ui_app *app, int cols, ui_header_part *out)
{
    const model_table *t = model_get(app->model, MT_NODES);
    const model_row *best = NULL;
    double best_load = -1;
    for (size_t i = 0; t && i < model_table_count(t); i++) {
        const model_row *r = model_table_at(t, i);
        double load;
        if (!model_row_is_ghost(r) && status_media_load(r->obj, &load) && load > best_load) {
            best_load = load;
            best = r;
        }
    }
    if (!best)
        return false;
    char name[64];
    sanitize_into(name, sizeof name, jget_str(best->obj, "name"));
    if (cols >= 140)
        snprintf(out->text, sizeof out->text, "busiest %s %.0f%%", name, best_load);
    else
        snprintf(out->text, sizeof out->text, "load %.0f%%", best_load);
    out->slot = best_load >= 90   ? SLOT_BANNER_ERROR
                : best_load >= 75 ? SLOT_BANNER_WARNING
                                  : SLOT_HEADER;
    return true;
}

size_t screens_header_parts(ui_app *app, int cols, ui_header_part *out, size_t max)
{
    size_t n = 0;
    if (n < max)
        header_counts(app, cols, &out[n++]);
    if (n < max && header_alarms(app, cols, &out[n]))
        n++;
    if (n < max && header_busiest(app, cols, &out[n]))
        n++;
    return n;
}

/* ---- layout ------------------------------------------------------------------------------ */

typedef struct pane_spec {
    const char *name;
    int height; /* 0: what is left */
} pane_spec;

/* A list pane above a drill-down: two fifths of the screen at most, less
 * when its rows (plus title and column header) need less. */
static int list_height(ui_app *app, model_table_id t, int h)
{
    const model_table *tb = model_get(app->model, t);
    int rows = tb ? (int)model_table_live_count(tb) : 0;
    int want = rows + 3, cap = h * 2 / 5;
    if (want > cap)
        want = cap;
    return want > 6 ? want : 6;
}

static size_t screen_panes(ui_app *app, ui_platform *p, int h, pane_spec *s)
{
    const char *name = app->solo->cls->name;
    int third = h / 3 > 5 ? h / 3 : 5;
    size_t n = 0;
    if (strcmp(name, "nodes") == 0 && p->node_open) {
        s[n++] = (pane_spec){"nodes", list_height(app, MT_NODES, h)};
        s[n++] = (pane_spec){"node-load", 3};
        s[n++] = (pane_spec){"node-calls", 0};
    } else if (strcmp(name, "locations") == 0 && p->location_open) {
        s[n++] = (pane_spec){"locations", list_height(app, MT_LOCATIONS, h)};
        s[n++] = (pane_spec){"location-nodes", 0};
    } else if (strcmp(name, "alarms") == 0) {
        s[n++] = (pane_spec){"alarms", h / 2};
        s[n++] = (pane_spec){"alarm-history", 0};
    } else if (strcmp(name, "cloud") == 0) {
        s[n++] = (pane_spec){"cloud", third};
        s[n++] = (pane_spec){"cloud-monitored", third};
        s[n++] = (pane_spec){"cloud-overflow", 0};
    } else if (strcmp(name, "history") == 0) {
        bool search = p->history.mode == HISTORY_SEARCH;
        size_t levels = search ? 1 + p->hstreams_open : 1 + p->hparts_open + p->hstreams_open;
        int each = levels == 3 ? third : h / 2;
        if (!search)
            s[n++] = (pane_spec){"history", levels > 1 ? each : 0};
        if (search || p->hparts_open)
            s[n++] = (pane_spec){"history-participants", p->hstreams_open ? each : 0};
        if (p->hstreams_open)
            s[n++] = (pane_spec){"history-streams", 0};
    }
    return n;
}

bool screen_layout(ui_app *app, int top, int height, int width)
{
    ui_platform *p = screens_state(app);
    pane_spec specs[UI_MAX_PANES];
    size_t n = p && app->solo ? screen_panes(app, p, height, specs) : 0;
    if (n == 0)
        return false;
    int y = top, left = height;
    for (size_t i = 0; i < n && app->npanes < UI_MAX_PANES; i++) {
        ui_view *v = app_view_by_name(app, specs[i].name);
        int h = specs[i].height > 0 && specs[i].height < left ? specs[i].height : left;
        if (i + 1 == n)
            h = left;
        if (!v || h <= 0)
            continue;
        app->pane_rect[app->npanes] = (ui_rect){y, 0, h, width};
        app->panes[app->npanes++] = v;
        y += h;
        left -= h;
    }
    return app->npanes > 0;
}

void screen_focus(ui_app *app, const char *view_name)
{
    ui_view *v = app_view_by_name(app, view_name);
    if (v)
        app_focus_view(app, v);
}

void screen_relayout(ui_app *app, const char *focus_view)
{
    app_layout(app);
    if (focus_view)
        screen_focus(app, focus_view);
    fetch_tick(app);
}

/* ---- jumps -------------------------------------------------------------------------------- */

static const model_row *conference_by_name(ui_app *app, const char *name)
{
    const model_table *t = model_get(app->model, MT_CONFERENCES);
    for (size_t i = 0; t && name && i < model_table_count(t); i++) {
        const model_row *r = model_table_at(t, i);
        const char *n = jget_str(r->obj, "name");
        if (n && strcmp(n, name) == 0)
            return r;
    }
    return NULL;
}

void screens_jump_to_participant(ui_app *app, const char *participant_id,
                                 const char *conference_name)
{
    char pid[160], conf[256];
    snprintf(pid, sizeof pid, "%s", participant_id ? participant_id : "");
    snprintf(conf, sizeof conf, "%s", conference_name ? conference_name : "");
    app->solo = NULL;
    if (app->media_open)
        app_close_media(app);
    app_layout(app);
    ui_view *cv = app_view_by_name(app, "conferences");
    ui_view *pv = app_view_by_name(app, "participants");
    if (!cv || !pv)
        return;
    /* The conference first (its selection decides the participants pane),
     * set so that its on_select sees no change and keeps our choice. */
    snprintf(app->conference_name, sizeof app->conference_name, "%s", conf);
    cv->filter[0] = '\0';
    const model_row *c = conference_by_name(app, conf);
    if (c)
        snprintf(cv->selected_id, sizeof cv->selected_id, "%s", c->id);
    view_rebuild(app, cv);
    pv->filter[0] = '\0';
    snprintf(pv->selected_id, sizeof pv->selected_id, "%s", pid);
    pv->select_first = false;
    view_rebuild(app, pv);
    app_focus_view(app, pv);
    fetch_tick(app);
    app_dirty(app);
}

void screens_show_node(ui_app *app, const char *node_id)
{
    char id[64];
    snprintf(id, sizeof id, "%s", node_id ? node_id : "");
    ui_view *nv = app_view_by_name(app, "nodes");
    if (!nv)
        return;
    app->solo = nv;
    app_layout(app);
    app_focus_view(app, nv);
    nv->filter[0] = '\0';
    snprintf(nv->selected_id, sizeof nv->selected_id, "%s", id);
    view_rebuild(app, nv);
    const model_row *r = view_selected_row(nv);
    if (r && strcmp(r->id, id) == 0)
        nodes_open_detail(app, r);
    fetch_tick(app);
}

void screens_live_calls_fetch_plan(ui_app *app, ui_fetch_plan *plan)
{
    plan->want[MT_ALL_PARTICIPANTS] = true;
    plan->want[MT_NODE_CONFIG] = true;
}

void screens_live_call_enter(ui_app *app, ui_view *v)
{
    const model_row *r = view_selected_row(v);
    if (r)
        screens_jump_to_participant(app, r->id, jget_str(r->obj, "conference"));
}
