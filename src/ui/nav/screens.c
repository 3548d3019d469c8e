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
#include "ui/theme/glyph.h"
#include "ui/views/views.h"
#include "ui/data/summary.h"
#include "ui/nav/screens.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define BACKOFF_MAX_S 60.0

/* ---- rates and paths ----------------------------------------------------------------- */

/* ---- fetch plan ------------------------------------------------------------------------ */

/* ---- header counts while the main panes are not shown --------------------------------- */

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
    ui_platform *p = app_platform(app);
    pane_spec specs[UI_MAX_PANES];
    size_t n = app->solo ? screen_panes(app, p, height, specs) : 0;
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

/* ---- jumps -------------------------------------------------------------------------------- */
