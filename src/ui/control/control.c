/* Conference control: the state shared by the action files, the hooks the
 * console's shared files call (control.h), and the checks every action
 * makes before it sends anything (targets, read-only, capabilities). */
#include "ui/control/control.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/xmalloc.h"
#include "ui/control/act.h"

act_state *act_state_of(ui_app *app)
{
    return app ? app->control : NULL;
}

/* ---- lifecycle ------------------------------------------------------------------ */

void control_register(ui_app *app)
{
    act_state *st = xcalloc(1, sizeof *st);
    st->app = app;
    app->modal = prompt_state_new();
    app->control = st;
    /* The refreshes that confirm answered commands report here. */
    app->hooks.fetch_done = act_fetch_done;
    keymap_register(app->keys, act_participant_rows, act_participant_nrows);
    keymap_register(app->keys, act_batch_rows, act_batch_nrows);
    keymap_register(app->keys, act_conference_rows, act_conference_nrows);
}

void control_shutdown(ui_app *app)
{
    act_state *st = act_state_of(app);
    if (!st)
        return;
    /* An open prompt is cancelled: its callback frees what it holds. */
    prompt_state_free(app, app->modal);
    app->modal = NULL;
    dial_shutdown(st);
    act_send_shutdown(st);
    vmr_cache_free(st);
    marks_free(st);
    app->control = NULL;
    app->hooks.fetch_done = NULL;
    free(st);
}

/* ---- hooks ------------------------------------------------------------------------ */

bool control_handle_key(ui_app *app, ui_key key)
{
    act_state *st = act_state_of(app);
    /* A prompt hidden by a too-small terminal takes no keys: nothing is
     * confirmed unseen (it shows again when the window grows). */
    if (!st || app->too_small)
        return false;
    return prompt_key(app, key) || batch_back_key(app, key);
}

const char *control_key_context(const ui_view *v)
{
    if (v && (v->cls == &view_conferences || v->cls == &view_participants))
        return "conference";
    return NULL;
}

const char *control_context_title(const char *context)
{
    if (context && strcmp(context, "conference") == 0)
        return "The conference in view (conferences and participants panes)";
    return NULL;
}

static bool row_in(const keymap_action *a, const keymap_action *rows, size_t n)
{
    return a >= rows && a < rows + n;
}

bool control_action_disabled(ui_app *app, const keymap_action *a, const char **why)
{
    /* Every action of these tables sends a command; marking does not. */
    bool sends = row_in(a, act_participant_rows, act_participant_nrows) ||
                 row_in(a, act_conference_rows, act_conference_nrows);
    if (sends && app->cfg->read_only) {
        if (why)
            *why = "read-only";
        return true;
    }
    return false;
}

/* ---- targets ------------------------------------------------------------------------ */

const char *act_participant_name(const model_row *row)
{
    const char *name = jget_str(row->obj, "display_name");
    if (!name || !*name)
        name = jget_str(row->obj, "source_alias");
    if (!name || !*name)
        name = row->id;
    return name;
}

const char *act_conference_name(const model_row *row)
{
    const char *name = jget_str(row->obj, "name");
    return name && *name ? name : row->id;
}

void act_quote(char *buf, size_t size, const char *raw, bool ascii)
{
    act_quote_cols(buf, size, raw, ascii, ACT_NAME_SHOWN);
}

void act_quote_cols(char *buf, size_t size, const char *raw, bool ascii, int cols)
{
    char clean[512], cut[256];
    sanitize_into(clean, sizeof clean, raw ? raw : "");
    text_fit(cut, sizeof cut, clean, cols < 4 ? 4 : cols, true, ascii);
    if (ascii)
        snprintf(buf, size, "\"%s\"", cut);
    else
        snprintf(buf, size, "\u201c%s\u201d", cut);
}

/* The target row, or NULL with a message: none selected, or `gone` (the
 * row is a ghost that lingers on screen after it left or ended). */
static const model_row *live_target(ui_app *app, const model_row *r, const char *none,
                                    const char *(*name_of)(const model_row *), const char *gone)
{
    if (!r) {
        app_message(app, MSG_WARNING, "%s", none);
        return NULL;
    }
    if (model_row_is_ghost(r)) {
        char q[300];
        act_quote(q, sizeof q, name_of(r), app->ascii);
        app_message(app, MSG_WARNING, "%s %s; nothing was sent", q, gone);
        return NULL;
    }
    return r;
}

const model_row *act_selected_participant(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (!v || v->cls != &view_participants) {
        app_message(app, MSG_WARNING, "Select a participant in the participants pane first");
        return NULL;
    }
    if (v->stale)
        view_rebuild(app, v);
    return live_target(app, view_selected_row(v), "No participant selected", act_participant_name,
                       "has left");
}

const model_row *act_conference_in_view(ui_app *app)
{
    ui_view *v = app_focused(app);
    const model_row *r = NULL;
    if (v && v->cls == &view_conferences) {
        if (v->stale)
            view_rebuild(app, v);
        r = view_selected_row(v);
    } else {
        r = app_conference_by_name(app, nav_conference(app));
    }
    return live_target(app, r, "No conference selected", act_conference_name, "has ended");
}

/* ---- checks ---------------------------------------------------------------------------- */

bool act_refuse_no_instance(ui_app *app, const model_row *conference, const char *what)
{
    if (!conference || model_conference_has_instance(conference->obj))
        return false;
    char q[300];
    act_quote(q, sizeof q, act_conference_name(conference), app->ascii);
    app_message(app, MSG_WARNING,
                "%s has no conference instance yet (its callers wait): %s needs one; nothing "
                "was sent",
                q, what);
    return true;
}

bool act_refuse_read_only(ui_app *app, const char *what)
{
    if (!app->cfg->read_only)
        return false;
    app_message(app, MSG_WARNING,
                "Read-only mode: %s is disabled (--read-only or read_only = true); nothing was "
                "sent",
                what);
    return true;
}

bool act_refuse_busy(ui_app *app, const char *target_id, const char *family)
{
    char why[400];
    if (!act_busy(app, target_id, family, why, sizeof why))
        return false;
    app_message(app, MSG_WARNING, "%s", why);
    return true;
}

act_ref *act_ref_new(const char *id, const char *name)
{
    act_ref *ref = xcalloc(1, sizeof *ref);
    snprintf(ref->id, sizeof ref->id, "%s", id);
    snprintf(ref->name, sizeof ref->name, "%s", name);
    return ref;
}

bool act_refuse_unsupported(ui_app *app, const model_row *row, const char *flag, const char *what)
{
    if (jget_bool(row->obj, flag) != 0)
        return false;
    char q[300];
    act_quote(q, sizeof q, act_participant_name(row), app->ascii);
    app_message(app, MSG_WARNING, "%s does not support %s (%s is false); nothing was sent", q, what,
                flag);
    return true;
}

/* ---- the shape every action shares --------------------------------------------------- */

act_ref act_ref_of(const ops_command *cmd, const model_row *row)
{
    act_ref ref;
    snprintf(ref.id, sizeof ref.id, "%s", row->id);
    snprintf(ref.name, sizeof ref.name, "%s",
             cmd->target == OPS_PARTICIPANT ? act_participant_name(row) : act_conference_name(row));
    return ref;
}

static const model_row *target_row(ui_app *app, const ops_command *cmd)
{
    if (cmd->target == OPS_PARTICIPANT)
        return act_selected_participant(app);
    const model_row *r = act_conference_in_view(app);
    if (cmd->target == OPS_CONFERENCE && act_refuse_no_instance(app, r, cmd->doing))
        return NULL;
    return r;
}

const model_row *act_prepare(ui_app *app, const ops_command *cmd, bool (*on_marks)(ui_app *),
                             bool busy)
{
    if (act_refuse_read_only(app, cmd->doing) || (on_marks && on_marks(app)))
        return NULL;
    const model_row *r = target_row(app, cmd);
    if (!r || (cmd->capability && act_refuse_unsupported(app, r, cmd->capability, cmd->doing)) ||
        (busy && act_refuse_busy(app, r->id, cmd->family)))
        return NULL;
    return r;
}

void act_toggle(ui_app *app, const char *family, bool (*on_marks)(ui_app *))
{
    const char *value;
    const model_row *r = act_prepare(app, ops_toggle(family, NULL, &value), on_marks, true);
    if (!r)
        return;
    const ops_command *cmd = ops_toggle(family, r->obj, &value);
    act_ref ref = act_ref_of(cmd, r);
    char detail[64];
    snprintf(detail, sizeof detail, " to %s", value ? value : "");
    api_param p = {cmd->state_field, value};
    act_send_cmd(app, cmd, &ref, value ? detail : NULL, &p, value ? 1 : 0);
}
