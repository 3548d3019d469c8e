/* Actions on the conference in view (selected in the conferences pane, or
 * the one whose participants are shown): lock, mute guests, layout, dial
 * out, disconnect everyone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/xmalloc.h"
#include "ui/control/act.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The conference in view, kept for a prompt about `cmd`; NULL (with a
 * message) when read-only or there is none. */
static act_ref *prompt_target(ui_app *app, const ops_command *cmd, const model_row **row)
{
    *row = act_prepare(app, cmd, NULL, false);
    return *row ? act_ref_new((*row)->id, act_conference_name(*row)) : NULL;
}

/* ---- l: lock / unlock, M: mute / unmute every guest ------------------------------------ */

static void act_lock(ui_app *app)
{
    act_toggle(app, "lock", NULL);
}

static void act_mute_guests(ui_app *app)
{
    act_toggle(app, "guests", NULL);
}

/* ---- L: layout picker ----------------------------------------------------------------------- */

#define OVERLAY_ON "overlay-text-on"
#define OVERLAY_OFF "overlay-text-off"

/* After the catalog's layouts, the overlay text switch. */
static const prompt_item overlay_items[] = {
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
        act_request rq = {
            .cmd = ops_command_by_verb("layout"),
            .target_id = ref->id,
            .target_name = ref->name,
            .verb = on ? "Turn overlay text on in" : "Turn overlay text off in",
            .done = on ? "Overlay text on in" : "Overlay text off in",
            .params = {{"enable_overlay_text", on ? "true" : "false"}},
            .nparams = 1,
        };
        act_send(app, &rq);
    } else {
        char detail[64];
        snprintf(detail, sizeof detail, " to %s", value);
        api_param p = {"layout", value};
        act_send_cmd(app, ops_command_by_verb("layout"), ref, detail, &p, 1);
    }
    free(ref);
}

static void act_layout(ui_app *app)
{
    const model_row *r = NULL;
    const ops_command *cmd = ops_command_by_verb("layout");
    act_ref *ref = prompt_target(app, cmd, &r);
    if (!ref)
        return;
    const ops_choices *layouts = ops_command_param(cmd, "layout")->choices;
    prompt_item items[32];
    size_t n = 0;
    for (size_t i = 0; i < layouts->n && n < COUNT(items) - COUNT(overlay_items); i++)
        items[n++] = (prompt_item){layouts->values[i], layouts->values[i], layouts->helps[i]};
    for (size_t i = 0; i < COUNT(overlay_items); i++)
        items[n++] = overlay_items[i];
    char q[300], title[400], now[32];
    act_quote(q, sizeof q, ref->name, app->ascii);
    /* pexsim (and perhaps future nodes) report the current layout. */
    sanitize_into(now, sizeof now, jget_str(r->obj, "layout") ? jget_str(r->obj, "layout") : "");
    if (now[0])
        snprintf(title, sizeof title, "Layout of %s (now %s)", q, now);
    else
        snprintf(title, sizeof title, "Layout of %s", q);
    prompt_picker(app, title, items, n, layout_picked, ref);
}

/* ---- o: dial out -------------------------------------------------------------------------------
 */

enum { DIAL_DEST, DIAL_ROLE, DIAL_PROTOCOL, DIAL_ROUTING, DIAL_LOCATION, DIAL_FIELDS };

/* A dial being prepared: the form and the alias lookup run side by side;
 * the command goes when both are done. */
struct act_dial {
    ui_app *app;
    act_ref conf;
    ops_vmr_lookup *lookup; /* in flight, or NULL */
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
    ops_vmr_lookup_cancel(d->lookup);
    free(d);
}

static void dial_send(ui_app *app, act_dial *d)
{
    char q[300], done[600], verb[600];
    const ops_command *cmd = ops_command_by_verb("dial");
    act_quote(q, sizeof q, d->values[DIAL_DEST], app->ascii);
    snprintf(done, sizeof done, "%s %s into", cmd->done, q);
    snprintf(verb, sizeof verb, "%s %s into", cmd->word, q);
    act_request rq = {
        .cmd = cmd,
        .verb = verb,
        .done = done,
        .target_id = d->conf.id,
        .target_name = d->conf.name,
        .params = {{"conference_alias", d->alias},
                   {"destination", d->values[DIAL_DEST]},
                   {"role", d->values[DIAL_ROLE]},
                   {"protocol", d->values[DIAL_PROTOCOL]},
                   {"routing", d->values[DIAL_ROUTING]},
                   {"system_location",
                    d->values[DIAL_LOCATION][0] ? d->values[DIAL_LOCATION] : NULL}},
        .nparams = 6,
    };
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

static void dial_alias_found(const ops_vmr_result *r, void *ctx)
{
    act_dial *d = ctx;
    d->lookup = NULL;
    d->lookup_done = true;
    snprintf(d->alias, sizeof d->alias, "%s", r->alias ? r->alias : "");
    snprintf(d->lookup_error, sizeof d->lookup_error, "%s", r->alias ? "" : ops_vmr_failure(r));
    dial_maybe_go(d->app, d);
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
    const ops_command *cmd = ops_command_by_verb("dial");
    act_state *st = act_state_of(app);
    const model_row *r = act_prepare(app, cmd, NULL, false);
    if (!r || !st)
        return;
    if (st->dial) {
        app_message(app, MSG_WARNING, "The previous dial is still looking up its alias");
        return;
    }
    act_dial *d = xcalloc(1, sizeof *d);
    d->app = app;
    snprintf(d->conf.id, sizeof d->conf.id, "%s", r->id);
    snprintf(d->conf.name, sizeof d->conf.name, "%s", act_conference_name(r));
    st->dial = d;
    /* The alias the call comes from: the VMR's, from the configuration
     * API, looked up while the operator fills in the form. */
    if (app->api) {
        d->lookup = ops_vmr_lookup_start(app->api, d->conf.name, dial_alias_found, d);
    } else {
        d->lookup_done = true;
        snprintf(d->lookup_error, sizeof d->lookup_error, "no connection to look it up");
    }
    char q[300], label[400], location[256];
    act_quote(q, sizeof q, d->conf.name, app->ascii);
    snprintf(label, sizeof label, "Dial into %s: destination", q);
    default_location(app, d->conf.name, location, sizeof location);
    prompt_field fields[DIAL_FIELDS] = {
        [DIAL_DEST] = {.label = label, .required = true},
        [DIAL_ROLE] = {.label = "Role",
                       .initial = "guest",
                       .choices = ops_roles.values,
                       .nchoices = ops_roles.n,
                       .required = true},
        [DIAL_PROTOCOL] = {.label = "Protocol",
                           .initial = ops_protocols.values[0],
                           .choices = ops_protocols.values,
                           .nchoices = ops_protocols.n,
                           .required = true},
        [DIAL_ROUTING] = {.label = "Routing",
                          .initial = ops_routings.values[0],
                          .choices = ops_routings.values,
                          .nchoices = ops_routings.n,
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
        act_send_cmd(app, ops_command_by_verb("disconnect-conference"), ref, NULL, NULL, 0);
    }
    free(ref);
}

static void act_disconnect_all(ui_app *app)
{
    const model_row *r = NULL;
    act_ref *ref = prompt_target(app, ops_command_by_verb("disconnect-conference"), &r);
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
