/* The screens table (one row a screen: its panes with their height rules
 * and its drill-down levels, see core/nav.h) and the header's platform
 * summary (counts, alarms by level, busiest node). */
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

/* ---- the screens ------------------------------------------------------------------------ */

/* The live screen: wide, the conferences on the left and the participants
 * (above the open participant's media) on the right; narrow, the
 * conferences above the participants, or the participants above the media
 * once a participant is opened. */
static void live_arrange(ui_app *app, const ui_screen *s, unsigned depth, int top, int h, int w)
{
    bool media = depth >= 2;
    if (w >= 160) {
        int lw = w * 9 / 20, rx = lw + 1, rw = w - rx, ph = media ? h * 11 / 20 : h;
        nav_add_pane(app, &view_conferences, top, 0, h, lw);
        nav_add_pane(app, &view_participants, top, rx, ph, rw);
        if (media)
            nav_add_pane(app, &view_media, top + ph, rx, h - ph, rw);
    } else if (media) {
        nav_add_pane(app, &view_participants, top, 0, h / 2, w);
        nav_add_pane(app, &view_media, top + h / 2, 0, h - h / 2, w);
    } else {
        int ch = h * 2 / 5 < 6 ? 6 : h * 2 / 5;
        nav_add_pane(app, &view_conferences, top, 0, ch, w);
        nav_add_pane(app, &view_participants, top + ch, 0, h - ch, w);
    }
}

// clang-format off
#define PANE(v, d, hr) {.view = &(v), .depth = (d), .height = (hr)}
#define ONE(v) {.base = &(v), .panes = {PANE(v, 0, PANE_REST)}}
// clang-format on

/* The first row is the live screen, the bottom of the navigation stack. */
static const ui_screen screens[] = {
    {.base = &view_conferences,
     .panes = {PANE(view_conferences, 0, PANE_REST), PANE(view_participants, 0, PANE_REST),
               PANE(view_media, 2, PANE_REST)},
     .levels = {{.opener = &view_conferences,
                 .focus = &view_participants,
                 .always = true,
                 .name_field = "name",
                 .scope = MT_PARTICIPANTS,
                 .scope_by_name = true},
                {.opener = &view_participants,
                 .focus = &view_media,
                 .name_field = "display_name",
                 .scope = MT_MEDIA_STREAMS}},
     .arrange = live_arrange},
    {.base = &view_nodes,
     .panes = {PANE(view_nodes, 0, PANE_LIST),
               {.view = &view_node_load, .depth = 1, .height = PANE_LINES, .lines = 3},
               PANE(view_node_calls, 1, PANE_REST)},
     .levels = {{.opener = &view_nodes,
                 .focus = &view_node_calls,
                 .name_field = "name",
                 .scope = MT_NODE_STATS}}},
    {.base = &view_locations,
     .panes = {PANE(view_locations, 0, PANE_LIST), PANE(view_location_nodes, 1, PANE_REST)},
     .levels = {{.opener = &view_locations, .focus = &view_location_nodes, .name_field = "name"}}},
    {.base = &view_alarms,
     .panes = {PANE(view_alarms, 0, PANE_SHARE), PANE(view_alarm_history, 0, PANE_REST)}},
    {.base = &view_cloud_nodes,
     .panes = {PANE(view_cloud_nodes, 0, PANE_SHARE), PANE(view_cloud_monitored, 0, PANE_SHARE),
               PANE(view_cloud_overflow, 0, PANE_REST)}},
    {.base = &view_history,
     .panes = {PANE(view_history, 0, PANE_SHARE), PANE(view_history_participants, 1, PANE_SHARE),
               PANE(view_history_streams, 2, PANE_REST)},
     .levels = {{.opener = &view_history,
                 .focus = &view_history_participants,
                 .name_field = "name",
                 .scope = MT_HISTORY_PARTICIPANTS,
                 .scope_prefix = "conference:"},
                {.opener = &view_history_participants,
                 .focus = &view_history_streams,
                 .name_field = "display_name",
                 .scope = MT_HISTORY_STREAMS,
                 .embedded = history_participant_streams}}},
    /* The history presets' results (':history loss 2'): Esc returns to
     * the ended conferences. */
    {.base = &view_history_participants,
     .panes = {PANE(view_history_participants, 0, PANE_SHARE),
               PANE(view_history_streams, 1, PANE_REST)},
     .levels = {{.opener = &view_history_participants,
                 .focus = &view_history_streams,
                 .name_field = "display_name",
                 .scope = MT_HISTORY_STREAMS,
                 .embedded = history_participant_streams}},
     .scope = MT_HISTORY_PARTICIPANTS,
     .scope_key = history_search_key,
     .back_to = &view_history,
     .on_leave = history_search_leave},
    ONE(view_registrations),
    ONE(view_licensing),
    ONE(view_trouble),
};

void screens_init(ui_app *app)
{
    nav_init(app, screens, COUNT(screens));
}
