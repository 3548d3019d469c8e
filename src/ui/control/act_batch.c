/* Marked participants: Space marks (and moves down), Esc or c clears, and
 * with marks m, d and r act on every marked participant of the conference
 * in view after one confirmation ("Mute 3 participants? [y/N]"). Each
 * participant still gets its own command (the API has no batch call); one
 * summary message reports them all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/xmalloc.h"
#include "ui/control/act.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct batch_target {
    char id[160];
    char name[256];
} batch_target;

typedef struct batch_job {
    const ops_command *cmd;
    const char *verb; /* "Mute": "Mute 3 participants?" */
    char role[16];    /* participant/role only */
    batch_target *targets;
    size_t n;
} batch_job;

static void job_free(batch_job *job)
{
    if (job) {
        free(job->targets);
        free(job);
    }
}

static void job_answered(ui_app *app, void *ctx, bool yes)
{
    batch_job *job = ctx;
    if (!yes) {
        app_message(app, MSG_INFO, "Cancelled; nothing was sent");
        job_free(job);
        return;
    }
    act_batch *b = act_batch_new(app, job->verb, job->cmd->done, "participants", job->n);
    char detail[32] = "";
    if (job->role[0])
        snprintf(detail, sizeof detail, " to %s", job->role);
    for (size_t i = 0; i < job->n; i++) {
        act_request rq = {
            .cmd = job->cmd,
            .verb = job->verb,
            .target_id = job->targets[i].id,
            .target_name = job->targets[i].name,
            .detail = detail,
            .batch = b,
        };
        if (job->role[0])
            rq.params[rq.nparams++] = (api_param){"role", job->role};
        act_send(app, &rq);
    }
    job_free(job);
}

/* Which marked participants a batch acts on. */
typedef bool (*batch_pick)(const model_row *r, void *arg);

typedef struct batch_plan {
    batch_pick pick; /* NULL: all supported ones */
    void *arg;
} batch_plan;

/* The marked rows (NULL when there are none: the single action runs). */
static const model_row **marked_rows(ui_app *app, size_t *n)
{
    *n = marks_collect(app, NULL, 0);
    if (*n == 0)
        return NULL;
    const model_row **rows = xcalloc(*n, sizeof *rows);
    *n = marks_collect(app, rows, *n);
    return rows;
}

/* Fill job->targets with the marked rows the plan accepts; counts the
 * ones skipped. */
static void plan_targets(ui_app *app, batch_job *job, const model_row **rows, size_t n,
                         const batch_plan *plan, size_t *unsupported, size_t *busy)
{
    *unsupported = *busy = 0;
    for (size_t i = 0; i < n; i++) {
        const model_row *r = rows[i];
        char why[300];
        const char *flag = job->cmd->capability;
        if (flag && jget_bool(r->obj, flag) == 0) {
            (*unsupported)++;
        } else if (act_busy(app, r->id, job->cmd->family, why, sizeof why)) {
            (*busy)++;
        } else if (!plan->pick || plan->pick(r, plan->arg)) {
            batch_target *t = &job->targets[job->n++];
            snprintf(t->id, sizeof t->id, "%s", r->id);
            snprintf(t->name, sizeof t->name, "%s", act_participant_name(r));
        }
    }
}

static void ask(ui_app *app, batch_job *job, const char *what, size_t unsupported, size_t busy,
                const char *unsupported_what)
{
    char question[400], skipped[200] = "";
    if (unsupported)
        snprintf(skipped, sizeof skipped, " (%zu cannot be %s, skipped)", unsupported,
                 unsupported_what);
    if (busy)
        snprintf(skipped + strlen(skipped), sizeof skipped - strlen(skipped),
                 " (%zu still pending, skipped)", busy);
    if (job->n == 0) {
        app_message(app, MSG_WARNING, "No marked participant to %s%s; nothing was sent", what,
                    skipped);
        job_free(job);
        return;
    }
    snprintf(question, sizeof question, "%s %zu participant%s%s%s?%s", job->verb, job->n,
             job->n == 1 ? "" : "s", job->role[0] ? " " : "", job->role, skipped);
    prompt_confirm(app, question, job_answered, job);
}

static batch_job *job_new(size_t n)
{
    batch_job *job = xcalloc(1, sizeof *job);
    job->targets = xcalloc(n, sizeof *job->targets);
    return job;
}

/* What one kind of batch does, decided from the marked rows. */
typedef struct batch_setup {
    batch_plan plan;
    const char *what;             /* "mute": "No marked participant to mute" */
    const char *unsupported_what; /* "muted": "(2 cannot be muted, skipped)" */
} batch_setup;

typedef void (*batch_prepare)(batch_job *job, const model_row **rows, size_t n, batch_setup *s);

/* Plan the batch on the marked participants and ask for confirmation;
 * false when there are no marks (the key acts on the selection). */
static bool batch_run(ui_app *app, batch_prepare prepare)
{
    size_t n;
    const model_row **rows = marked_rows(app, &n);
    if (!rows)
        return false; /* no marks: the key acts on the selection */
    batch_job *job = job_new(n);
    batch_setup setup = {0};
    prepare(job, rows, n, &setup);
    size_t unsupported, busy;
    plan_targets(app, job, rows, n, &setup.plan, &unsupported, &busy);
    free(rows);
    ask(app, job, setup.what, unsupported, busy, setup.unsupported_what);
    return true;
}

/* Would the command change this row's (boolean) state? */
static bool changes_state(const model_row *r, void *arg)
{
    const ops_command *cmd = arg;
    return jget_bool(r->obj, cmd->state_field) != cmd->state_after;
}

static void mute_prepare(batch_job *job, const model_row **rows, size_t n, batch_setup *s)
{
    /* Mute the unmuted ones; when every marked one is muted, unmute all. */
    const ops_command *mute = ops_family_row("mute", true);
    bool any_unmuted = false;
    for (size_t i = 0; i < n; i++)
        if (jget_bool(rows[i]->obj, mute->capability) != 0 && changes_state(rows[i], (void *)mute))
            any_unmuted = true;
    job->cmd = any_unmuted ? mute : ops_family_row("mute", false);
    job->verb = job->cmd->word;
    *s = (batch_setup){{changes_state, (void *)job->cmd}, job->cmd->verb, "muted"};
}

bool batch_mute(ui_app *app)
{
    return batch_run(app, mute_prepare);
}

static bool has_role(const model_row *r, void *arg)
{
    const char *role = jget_str(r->obj, "role");
    return role && strcmp(role, arg) == 0;
}

static bool lacks_role(const model_row *r, void *arg)
{
    return !has_role(r, arg);
}

static void role_prepare(batch_job *job, const model_row **rows, size_t n, batch_setup *s)
{
    /* Make every marked guest a chair; when all are chairs, make them guests. */
    bool any_not_chair = false;
    for (size_t i = 0; i < n; i++)
        if (lacks_role(rows[i], "chair"))
            any_not_chair = true;
    snprintf(job->role, sizeof job->role, "%s", any_not_chair ? "chair" : "guest");
    *s = (batch_setup){{lacks_role, job->role}, "change", "changed"};
    job->cmd = ops_command_by_verb("role");
    job->verb = "Make"; /* "Make 3 participants chair?" */
}

bool batch_role(ui_app *app)
{
    return batch_run(app, role_prepare);
}

static void disconnect_prepare(batch_job *job, const model_row **rows, size_t n, batch_setup *s)
{
    (void)rows;
    (void)n;
    job->cmd = ops_command_by_verb("disconnect");
    job->verb = job->cmd->word;
    *s = (batch_setup){{NULL, NULL}, job->cmd->verb, "disconnected"};
}

bool batch_disconnect(ui_app *app)
{
    return batch_run(app, disconnect_prepare);
}

/* ---- marking ------------------------------------------------------------------------- */

static void act_mark(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (!v || v->cls != &view_participants)
        return;
    const model_row *r = act_selected_participant(app);
    if (!r)
        return;
    marks_toggle(app, r->id);
    size_t n = marks_collect(app, NULL, 0);
    if (n)
        app_message(app, MSG_INFO, "%zu marked: m, d and r act on all of them (Esc or c clears)",
                    n);
    else
        app_message(app, MSG_INFO, "No participant marked");
    /* Move on, so that Space Space Space marks three in a row. */
    view_select(app, v, (long)v->selected + 1);
    app_dirty(app);
}

static void act_clear_marks(ui_app *app)
{
    size_t n = marks_collect(app, NULL, 0);
    marks_clear(app);
    app_message(app, MSG_INFO, n ? "Marks cleared" : "No participant marked");
}

/* Esc (whatever key "back" is bound to) clears the marks before it goes
 * back a level. Called before the keymap. */
bool batch_back_key(ui_app *app, ui_key key)
{
    ui_view *v = app_focused(app);
    /* A filter is cleared first, as usual; then the marks; then back. */
    if (app->prompt.kind != PROMPT_NONE || app->help_open || app->too_small || !v ||
        v->cls != &view_participants || v->filter[0])
        return false;
    const keymap_action *a = keymap_lookup(app->keys, key, (const char *[]){"global"}, 1);
    if (!a || strcmp(a->name, "back") != 0 || marks_collect(app, NULL, 0) == 0)
        return false;
    act_clear_marks(app);
    return true;
}

const keymap_action act_batch_rows[] = {
    {"participant.mark", "space", "participants", "Mark or unmark, and move down", act_mark},
    {"participant.clear_marks", "c", "participants", "Clear the marks (Esc too)", act_clear_marks},
};
const size_t act_batch_nrows = COUNT(act_batch_rows);
