/* Actions on the conference in view (selected in the conferences pane, or
 * the one whose participants are shown): lock, mute guests, layout, dial
 * out, disconnect everyone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "ui/act.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static act_ref *ref_of(const model_row *r)
{
    return act_ref_new(r->id, act_conference_name(r));
}

/* The conference in view, kept for a prompt about `what`; NULL (with a
 * message, unless memory ran out) when read-only or there is none. */
static act_ref *prompt_target(ui_app *app, const char *what, const model_row **row)
{
    if (act_refuse_read_only(app, what))
        return NULL;
    *row = act_conference_in_view(app);
    if (act_refuse_no_instance(app, *row, what))
        return NULL;
    return *row ? ref_of(*row) : NULL;
}

static void send_conf(ui_app *app, const char *command, const char *verb, const char *done,
                      const char *family, const char *id, const char *name, const char *detail,
                      const api_param *extra, size_t nextra)
{
    act_request rq = {
        .command = command,
        .verb = verb,
        .done = done,
        .family = family,
        .target = ACT_CONFERENCE,
        .target_id = id,
        .target_name = name,
        .detail = detail,
        .refresh = ACT_REFRESH_CONFERENCES | ACT_REFRESH_PARTICIPANTS,
    };
    act_send_one(app, &rq, extra, nextra);
}

/* ---- l: lock / unlock ---------------------------------------------------------------- */

static void act_lock(ui_app *app)
{
    if (act_refuse_read_only(app, "locking"))
        return;
    const model_row *r = act_conference_in_view(app);
    if (!r || act_refuse_no_instance(app, r, "locking") || act_refuse_busy(app, r->id, "lock"))
        return;
    bool locked = jget_bool(r->obj, "is_locked") == 1;
    send_conf(app, locked ? "conference/unlock" : "conference/lock", locked ? "Unlock" : "Lock",
              locked ? "Unlocked" : "Locked", "lock", r->id, act_conference_name(r), NULL, NULL, 0);
}

/* ---- M: mute / unmute every guest -------------------------------------------------------- */

static void act_mute_guests(ui_app *app)
{
    if (act_refuse_read_only(app, "muting guests"))
        return;
    const model_row *r = act_conference_in_view(app);
    if (!r || act_refuse_no_instance(app, r, "muting guests") ||
        act_refuse_busy(app, r->id, "guests"))
        return;
    bool muted = jget_bool(r->obj, "guests_muted") == 1;
    send_conf(app, muted ? "conference/unmute_guests" : "conference/mute_guests",
              muted ? "Unmute the guests of" : "Mute the guests of",
              muted ? "Unmuted the guests of" : "Muted the guests of", "guests", r->id,
              act_conference_name(r), NULL, NULL, 0);
}

/* ---- L: layout picker ----------------------------------------------------------------------- */

#define OVERLAY_ON "overlay-text-on"
#define OVERLAY_OFF "overlay-text-off"

static const prompt_item layout_items[] = {
    {"1:0", "1:0", "one main speaker, no thumbnails"},
    {"1:7", "1:7", "one main speaker and up to 7 thumbnails"},
    {"1:21", "1:21", "one main speaker and up to 21 thumbnails"},
    {"2:21", "2:21", "two main speakers and up to 21 thumbnails"},
    {"1:33", "1:33", "one main speaker and up to 33 thumbnails"},
    {"4:0", "4:0", "equal 2x2 grid of four"},
    {"9:0", "9:0", "equal 3x3 grid of nine"},
    {"16:0", "16:0", "equal 4x4 grid of sixteen"},
    {"25:0", "25:0", "equal 5x5 grid of twenty-five"},
    {"5:7", "5:7", "five main speakers and up to 7 thumbnails"},
    {"ac", "ac", "Adaptive Composition: automatic, by who is speaking"},
    {"teams", "teams", "Teams-like layout"},
    {OVERLAY_ON, "overlay on", "show participant names (overlay text)"},
    {OVERLAY_OFF, "overlay off", "hide participant names (overlay text)"},
};

static void layout_picked(ui_app *app, void *ctx, const char *value)
{
    act_ref *ref = ctx;
    if (!value) {
        app_message(app, MSG_INFO, "Layout unchanged; nothing was sent");
    } else if (strcmp(value, OVERLAY_ON) == 0 || strcmp(value, OVERLAY_OFF) == 0) {
        bool on = strcmp(value, OVERLAY_ON) == 0;
        api_param p = {"enable_overlay_text", on ? "true" : "false"};
        send_conf(app, "conference/transform_layout",
                  on ? "Turn overlay text on in" : "Turn overlay text off in",
                  on ? "Overlay text on in" : "Overlay text off in", "layout", ref->id, ref->name,
                  NULL, &p, 1);
    } else {
        char detail[64];
        snprintf(detail, sizeof detail, " to %s", value);
        api_param p = {"layout", value};
        send_conf(app, "conference/transform_layout", "Set the layout of", "Set the layout of",
                  "layout", ref->id, ref->name, detail, &p, 1);
    }
    free(ref);
}

static void act_layout(ui_app *app)
{
    const model_row *r = NULL;
    act_ref *ref = prompt_target(app, "changing the layout", &r);
    if (!ref)
        return;
    char q[300], title[400], now[32];
    act_quote(q, sizeof q, ref->name, app->ascii);
    /* pexsim (and perhaps future nodes) report the current layout. */
    sanitize_into(now, sizeof now, jget_str(r->obj, "layout") ? jget_str(r->obj, "layout") : "");
    if (now[0])
        snprintf(title, sizeof title, "Layout of %s (now %s)", q, now);
    else
        snprintf(title, sizeof title, "Layout of %s", q);
    prompt_picker(app, title, layout_items, COUNT(layout_items), layout_picked, ref);
}

/* ---- o: dial out -------------------------------------------------------------------------------
 */

static const char *const role_choices[] = {"guest", "chair"};
static const char *const protocol_choices[] = {"sip", "h323", "mssip", "rtmp", "gms", "teams"};
static const char *const routing_choices[] = {"routing_rule", "manual"};

enum { DIAL_DEST, DIAL_ROLE, DIAL_PROTOCOL, DIAL_ROUTING, DIAL_LOCATION, DIAL_FIELDS };

/* A dial being prepared: the form and the alias lookup run side by side;
 * the command goes when both are done. */
struct act_dial {
    ui_app *app;
    act_ref conf;
    vmr_lookup *lookup; /* in flight, or NULL */
    bool lookup_done;
    char alias[512];
    char lookup_error[256];
    bool form_done;
    char values[DIAL_FIELDS][PROMPT_TEXT_MAX];
};

static void dial_free(ui_app *app, act_dial *d)
{
    act_state *st = act_state_of(app);
    if (st && st->dial == d)
        st->dial = NULL;
    vmr_lookup_cancel(d->lookup);
    free(d);
}

static void dial_send(ui_app *app, act_dial *d)
{
    char q[300], done[600], verb[600];
    act_quote(q, sizeof q, d->values[DIAL_DEST], app->ascii);
    snprintf(done, sizeof done, "Dialled %s into", q);
    snprintf(verb, sizeof verb, "Dial %s into", q);
    act_request rq = {
        .command = "participant/dial",
        .verb = verb,
        .done = done,
        .target = ACT_CONFERENCE,
        .target_id = d->conf.id,
        .target_name = d->conf.name,
        .refresh = ACT_REFRESH_PARTICIPANTS | ACT_REFRESH_CONFERENCES,
    };
    api_param p[] = {
        {"conference_alias", d->alias},
        {"destination", d->values[DIAL_DEST]},
        {"role", d->values[DIAL_ROLE]},
        {"protocol", d->values[DIAL_PROTOCOL]},
        {"routing", d->values[DIAL_ROUTING]},
        {"system_location", d->values[DIAL_LOCATION][0] ? d->values[DIAL_LOCATION] : NULL},
    };
    for (size_t i = 0; i < COUNT(p); i++)
        if (p[i].value)
            rq.params[rq.nparams++] = p[i];
    act_send(app, &rq);
}

/* Both halves done: send, or say why not. */
static void dial_maybe_go(ui_app *app, act_dial *d)
{
    if (!d->form_done || !d->lookup_done)
        return;
    if (d->alias[0]) {
        dial_send(app, d);
    } else {
        char q[300];
        act_quote(q, sizeof q, d->conf.name, app->ascii);
        app_message(app, MSG_ERROR, "Dial into %s: no alias of its VMR (%s); nothing was sent", q,
                    d->lookup_error[0] ? d->lookup_error : "not found");
    }
    dial_free(app, d);
}

static void dial_alias_found(ui_app *app, void *ctx, const char *alias, const char *error)
{
    act_dial *d = ctx;
    d->lookup = NULL;
    d->lookup_done = true;
    snprintf(d->alias, sizeof d->alias, "%s", alias ? alias : "");
    snprintf(d->lookup_error, sizeof d->lookup_error, "%s", error ? error : "");
    dial_maybe_go(app, d);
}

static void dial_answered(ui_app *app, void *ctx, bool accepted, const char *const *values)
{
    act_dial *d = ctx;
    if (!accepted) {
        app_message(app, MSG_INFO, "Dial cancelled; nothing was sent");
        dial_free(app, d);
        return;
    }
    for (size_t i = 0; i < DIAL_FIELDS; i++)
        snprintf(d->values[i], sizeof d->values[i], "%s", values[i]);
    d->form_done = true;
    if (!d->lookup_done)
        app_message(app, MSG_INFO, "Looking up the alias of the VMR...");
    dial_maybe_go(app, d);
}

/* Locations seen on the participants, most used first, for completion. */
typedef struct location_count {
    const char *name;
    size_t n, in_conf;
} location_count;

static size_t count_locations(ui_app *app, const char *conference, location_count *out, size_t max)
{
    const model_table *t = model_get(app->model, MT_ALL_PARTICIPANTS);
    size_t rows = t ? model_table_count(t) : 0, n = 0;
    for (size_t i = 0; i < rows; i++) {
        const model_row *r = model_table_at(t, i);
        const char *loc = jget_str(r->obj, "system_location");
        if (!loc || !*loc || model_row_is_ghost(r))
            continue;
        const char *conf = jget_str(r->obj, "conference");
        bool here = conf && conference && strcmp(conf, conference) == 0;
        size_t k = 0;
        while (k < n && strcmp(out[k].name, loc) != 0)
            k++;
        if (k == n) {
            if (n == max)
                continue;
            out[n++] = (location_count){loc, 0, 0};
        }
        out[k].n++;
        out[k].in_conf += here;
    }
    return n;
}

static size_t complete_location(ui_app *app, void *ctx, prompt_candidate *out, size_t max,
                                char *status, size_t status_size)
{
    act_dial *d = ctx;
    location_count locs[64];
    size_t n = count_locations(app, d->conf.name, locs, COUNT(locs));
    if (n == 0)
        snprintf(status, status_size, "no system locations seen on the participants");
    for (size_t i = 0; i < n && i < max; i++) {
        snprintf(out[i].value, sizeof out[i].value, "%s", locs[i].name);
        snprintf(out[i].note, sizeof out[i].note, "%zu participant%s here, %zu in all",
                 locs[i].in_conf, locs[i].in_conf == 1 ? "" : "s", locs[i].n);
    }
    return n < max ? n : max;
}

/* The location most of the conference's participants are in. */
static void default_location(ui_app *app, const char *conference, char *buf, size_t size)
{
    location_count locs[64];
    size_t n = count_locations(app, conference, locs, COUNT(locs));
    size_t best = n;
    for (size_t i = 0; i < n; i++)
        if (locs[i].in_conf > 0 && (best == n || locs[i].in_conf > locs[best].in_conf))
            best = i;
    snprintf(buf, size, "%s", best < n ? locs[best].name : "");
}

static void act_dial_out(ui_app *app)
{
    if (act_refuse_read_only(app, "dialling out"))
        return;
    act_state *st = act_state_of(app);
    const model_row *r = act_conference_in_view(app);
    if (!r || !st)
        return;
    if (st->dial) {
        app_message(app, MSG_WARNING, "The previous dial is still looking up its alias");
        return;
    }
    act_dial *d = calloc(1, sizeof *d);
    if (!d)
        return;
    d->app = app;
    snprintf(d->conf.id, sizeof d->conf.id, "%s", r->id);
    snprintf(d->conf.name, sizeof d->conf.name, "%s", act_conference_name(r));
    st->dial = d;
    /* The alias the call comes from: the VMR's, from the configuration
     * API, looked up while the operator fills in the form. */
    d->lookup = vmr_alias_lookup(app, d->conf.name, dial_alias_found, d);
    if (!d->lookup) {
        d->lookup_done = true;
        snprintf(d->lookup_error, sizeof d->lookup_error, "could not start the lookup");
    }
    char q[300], label[400], location[256];
    act_quote(q, sizeof q, d->conf.name, app->ascii);
    snprintf(label, sizeof label, "Dial into %s: destination", q);
    default_location(app, d->conf.name, location, sizeof location);
    prompt_field fields[DIAL_FIELDS] = {
        [DIAL_DEST] = {.label = label, .required = true},
        [DIAL_ROLE] = {.label = "Role",
                       .initial = "guest",
                       .choices = role_choices,
                       .nchoices = COUNT(role_choices),
                       .required = true},
        [DIAL_PROTOCOL] = {.label = "Protocol",
                           .initial = "sip",
                           .choices = protocol_choices,
                           .nchoices = COUNT(protocol_choices),
                           .required = true},
        [DIAL_ROUTING] = {.label = "Routing",
                          .initial = "routing_rule",
                          .choices = routing_choices,
                          .nchoices = COUNT(routing_choices),
                          .required = true},
        /* Not required here: the server says what routing needs. */
        [DIAL_LOCATION] = {.label = "System location to call from",
                           .initial = location,
                           .complete = complete_location},
    };
    prompt_form(app, fields, DIAL_FIELDS, dial_answered, d);
}

void dial_shutdown(act_state *st)
{
    if (st->dial)
        dial_free(st->app, st->dial);
}

/* ---- D: disconnect everyone, after typing the name
 * ------------------------------------------------ */

static void disconnect_all_answered(ui_app *app, void *ctx, bool accepted,
                                    const char *const *values)
{
    act_ref *ref = ctx;
    char shown[256];
    sanitize_into(shown, sizeof shown, ref->name);
    if (!accepted || !values[0][0]) {
        app_message(app, MSG_INFO, "Not disconnected; nothing was sent");
    } else if (strcmp(values[0], ref->name) != 0 && strcmp(values[0], shown) != 0) {
        app_message(app, MSG_WARNING, "The name did not match; nothing was sent");
    } else {
        send_conf(app, "conference/disconnect", "Disconnect everyone in",
                  "Disconnected everyone in", "disconnect", ref->id, ref->name, NULL, NULL, 0);
    }
    free(ref);
}

static void act_disconnect_all(ui_app *app)
{
    const model_row *r = NULL;
    act_ref *ref = prompt_target(app, "disconnecting a conference", &r);
    if (!ref)
        return;
    char q[300], label[500];
    act_quote(q, sizeof q, ref->name, app->ascii);
    snprintf(label, sizeof label, "Disconnect EVERYONE in %s? Type its name to confirm", q);
    prompt_field field = {.label = label};
    prompt_form(app, &field, 1, disconnect_all_answered, ref);
}

const keymap_action act_conference_rows[] = {
    {"conference.lock", "l", "conference", "Lock or unlock the conference", act_lock},
    {"conference.mute_guests", "M", "conference", "Mute or unmute all guests", act_mute_guests},
    {"conference.layout", "L", "conference", "Layout picker, overlay text", act_layout},
    {"conference.dial", "o", "conference", "Dial out into the conference", act_dial_out},
    {"conference.disconnect", "D", "conference", "Disconnect all (type the name)",
     act_disconnect_all},
};
const size_t act_conference_nrows = COUNT(act_conference_rows);
