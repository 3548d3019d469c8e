/* Actions on the selected participant: mute, role, transfer, admit,
 * disconnect. With marked participants, m, d and r act on the marks
 * instead (act_batch.c). Toggles go by the state the server last reported;
 * nothing is flipped on screen before the next refresh shows it. What each
 * command is, and its words, is the catalog's (ops/catalog.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/control/act.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- m: mute / unmute, r: chair <-> guest ------------------------------------------ */

static void act_mute(ui_app *app)
{
    act_toggle(app, "mute", batch_mute);
}

static void act_role(ui_app *app)
{
    act_toggle(app, "role", batch_role);
}

/* A copy of the target for a prompt: NULL when refused. */
static act_ref *prompt_ref(ui_app *app, const ops_command *cmd, bool (*on_marks)(ui_app *))
{
    const model_row *r = act_prepare(app, cmd, on_marks, true);
    return r ? act_ref_new(r->id, act_participant_name(r)) : NULL;
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
        act_send_cmd(app, ops_command_by_verb("transfer"), ref, detail, p, COUNT(p));
    }
    free(ref);
}

static void act_transfer(ui_app *app)
{
    const ops_command *cmd = ops_command_by_verb("transfer");
    act_ref *ref = prompt_ref(app, cmd, NULL);
    if (!ref)
        return;
    /* The aliases load in the background while the operator types. */
    vmr_cache_want(app);
    const ops_choices *roles = ops_command_param(cmd, "role")->choices;
    char q[300], label[400];
    act_quote(q, sizeof q, ref->name, app->ascii);
    snprintf(label, sizeof label, "Transfer %s to alias", q);
    prompt_field fields[] = {
        {.label = label, .required = true, .complete = vmr_complete},
        {.label = "Role in the new conference",
         .initial = "guest",
         .choices = roles->values,
         .nchoices = roles->n,
         .required = true},
    };
    prompt_form(app, fields, COUNT(fields), transfer_answered, ref);
}

/* ---- u: admit a participant waiting in a locked conference ------------------------- */

static void act_admit(ui_app *app)
{
    const ops_command *cmd = ops_command_by_verb("admit");
    const model_row *r = act_prepare(app, cmd, NULL, true);
    if (!r)
        return;
    act_ref ref = act_ref_of(cmd, r);
    if (!participant_is_waiting(r->obj)) {
        char q[300];
        act_quote(q, sizeof q, ref.name, app->ascii);
        app_message(app, MSG_WARNING, "%s is not waiting to be admitted; nothing was sent", q);
        return;
    }
    act_send_cmd(app, cmd, &ref, NULL, NULL, 0);
}

/* ---- d: disconnect, after y/N ------------------------------------------------------ */

static void disconnect_answered(ui_app *app, void *ctx, bool yes)
{
    act_ref *ref = ctx;
    if (yes)
        act_send_cmd(app, ops_command_by_verb("disconnect"), ref, NULL, NULL, 0);
    else
        app_message(app, MSG_INFO, "Not disconnected; nothing was sent");
    free(ref);
}

static void act_disconnect(ui_app *app)
{
    act_ref *ref = prompt_ref(app, ops_command_by_verb("disconnect"), batch_disconnect);
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
