/* Actions on the selected participant: mute, role, transfer, admit,
 * disconnect. With marked participants, m, d and r act on the marks
 * instead (act_batch.c). Toggles go by the state the server last reported;
 * nothing is flipped on screen before the next refresh shows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "ui/act.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const role_choices[] = {"guest", "chair"};

static act_ref *ref_of(const model_row *r)
{
    return act_ref_new(r->id, act_participant_name(r));
}

static void send_one(ui_app *app, const char *command, const char *verb, const char *done,
                     const char *family, const char *id, const char *name, const char *detail,
                     unsigned refresh, const api_param *extra, size_t nextra)
{
    act_request rq = {
        .command = command,
        .verb = verb,
        .done = done,
        .family = family,
        .target = ACT_PARTICIPANT,
        .target_id = id,
        .target_name = name,
        .detail = detail,
        .refresh = refresh,
    };
    act_send_one(app, &rq, extra, nextra);
}

/* ---- m: mute / unmute ---------------------------------------------------------- */

static void act_mute(ui_app *app)
{
    if (act_refuse_read_only(app, "muting") || batch_mute(app))
        return;
    const model_row *r = act_selected_participant(app);
    if (!r || act_refuse_unsupported(app, r, "is_mute_supported", "muting") ||
        act_refuse_busy(app, r->id, "mute"))
        return;
    bool muted = jget_bool(r->obj, "is_muted") == 1;
    send_one(app, muted ? "participant/unmute" : "participant/mute", muted ? "Unmute" : "Mute",
             muted ? "Unmuted" : "Muted", "mute", r->id, act_participant_name(r), NULL,
             ACT_REFRESH_PARTICIPANTS, NULL, 0);
}

/* ---- r: chair <-> guest --------------------------------------------------------- */

static void act_role(ui_app *app)
{
    if (act_refuse_read_only(app, "changing roles") || batch_role(app))
        return;
    const model_row *r = act_selected_participant(app);
    if (!r || act_refuse_busy(app, r->id, "role"))
        return;
    const char *role = jget_str(r->obj, "role");
    const char *to = role && strcmp(role, "chair") == 0 ? "guest" : "chair";
    char detail[32];
    snprintf(detail, sizeof detail, " to %s", to);
    api_param p = {"role", to};
    send_one(app, "participant/role", "Change the role of", "Changed the role of", "role", r->id,
             act_participant_name(r), detail, ACT_REFRESH_PARTICIPANTS, &p, 1);
}

/* ---- t: transfer ------------------------------------------------------------------ */

static void transfer_answered(ui_app *app, void *ctx, bool accepted, const char *const *values)
{
    act_ref *ref = ctx;
    if (!accepted) {
        app_message(app, MSG_INFO, "Transfer cancelled; nothing was sent");
    } else {
        char detail[400];
        snprintf(detail, sizeof detail, " to %s as %s", values[0], values[1]);
        api_param p[] = {{"conference_alias", values[0]}, {"role", values[1]}};
        send_one(app, "participant/transfer", "Transfer", "Transferred", "transfer", ref->id,
                 ref->name, detail, ACT_REFRESH_PARTICIPANTS | ACT_REFRESH_CONFERENCES, p,
                 COUNT(p));
    }
    free(ref);
}

static void act_transfer(ui_app *app)
{
    if (act_refuse_read_only(app, "transfer"))
        return;
    const model_row *r = act_selected_participant(app);
    if (!r || act_refuse_unsupported(app, r, "is_transfer_supported", "transfer") ||
        act_refuse_busy(app, r->id, "transfer"))
        return;
    act_ref *ref = ref_of(r);
    if (!ref)
        return;
    /* The aliases load in the background while the operator types. */
    vmr_cache_want(app);
    char q[300], label[400];
    act_quote(q, sizeof q, ref->name, app->ascii);
    snprintf(label, sizeof label, "Transfer %s to alias", q);
    prompt_field fields[] = {
        {.label = label, .required = true, .complete = vmr_complete},
        {.label = "Role in the new conference",
         .initial = "guest",
         .choices = role_choices,
         .nchoices = COUNT(role_choices),
         .required = true},
    };
    prompt_form(app, fields, COUNT(fields), transfer_answered, ref);
}

/* ---- u: admit a participant waiting in a locked conference ------------------------- */

static void act_admit(ui_app *app)
{
    if (act_refuse_read_only(app, "admitting"))
        return;
    const model_row *r = act_selected_participant(app);
    if (!r || act_refuse_busy(app, r->id, "admit"))
        return;
    if (!participant_is_waiting(r->obj)) {
        char q[300];
        act_quote(q, sizeof q, act_participant_name(r), app->ascii);
        app_message(app, MSG_WARNING, "%s is not waiting to be admitted; nothing was sent", q);
        return;
    }
    send_one(app, "participant/unlock", "Admit", "Admitted", "admit", r->id,
             act_participant_name(r), NULL, ACT_REFRESH_PARTICIPANTS, NULL, 0);
}

/* ---- d: disconnect, after y/N ------------------------------------------------------ */

static void disconnect_answered(ui_app *app, void *ctx, bool yes)
{
    act_ref *ref = ctx;
    if (yes)
        send_one(app, "participant/disconnect", "Disconnect", "Disconnected", "disconnect", ref->id,
                 ref->name, NULL, ACT_REFRESH_PARTICIPANTS | ACT_REFRESH_CONFERENCES, NULL, 0);
    else
        app_message(app, MSG_INFO, "Not disconnected; nothing was sent");
    free(ref);
}

static void act_disconnect(ui_app *app)
{
    if (act_refuse_read_only(app, "disconnecting") || batch_disconnect(app))
        return;
    const model_row *r = act_selected_participant(app);
    if (!r || act_refuse_unsupported(app, r, "is_disconnect_supported", "disconnecting") ||
        act_refuse_busy(app, r->id, "disconnect"))
        return;
    act_ref *ref = ref_of(r);
    if (!ref)
        return;
    char q[300], question[400];
    act_quote(q, sizeof q, ref->name, app->ascii);
    snprintf(question, sizeof question, "Disconnect %s?", q);
    prompt_confirm(app, question, disconnect_answered, ref);
}

const keymap_action act_participant_rows[] = {
    {"participant.mute", "m", "participants", "Mute/unmute (or every marked one)", act_mute},
    {"participant.role", "r", "participants", "Role chair <-> guest (or marked ones)", act_role},
    {"participant.transfer", "t", "participants", "Transfer to a VMR alias (Tab completes)",
     act_transfer},
    {"participant.admit", "u", "participants", "Admit one waiting in a locked conference",
     act_admit},
    {"participant.disconnect", "d", "participants", "Disconnect, y/N (or marked ones)",
     act_disconnect},
};
const size_t act_participant_nrows = COUNT(act_participant_rows);
