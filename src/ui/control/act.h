/* Internal to the console's conference-control files: act_send.c (the one
 * path every command takes to the server), control.c (state, keys, hooks),
 * pending.c (pending marks and participant marks), vmr.c (VMR aliases),
 * act_participant.c, act_conference.c, act_batch.c and prompt.c.
 *
 * Rules every action follows:
 * - a command is sent at once (never behind a refresh) and never re-sent;
 * - the screen shows only what the server confirmed: after an answer the
 *   affected tables are refreshed at once, nothing is flipped locally;
 * - the row shows a pending mark until the answer arrives, then the status
 *   line says what happened, in the server's words on failure;
 * - each command sent is appended to the audit log (source "console").
 * What a command is (path, target, family, state, words) is the catalog's
 * (ops/catalog.h); sending, wording and auditing are ops/send.h's. */
#ifndef PEXCON_UI_ACT_H
#define PEXCON_UI_ACT_H

#include "api/commands.h"
#include "ops/catalog.h"
#include "ops/vmr.h"
#include "ui/core/app.h"
#include "ui/widgets/prompt.h"

#define ACT_MAX_PARAMS 10
#define ACT_NAME_SHOWN 48 /* columns of a name quoted in a message */

typedef struct act_batch act_batch;
typedef struct act_cmd act_cmd;
typedef struct act_wait act_wait;
typedef struct vmr_cache vmr_cache;
typedef struct act_dial act_dial;

typedef struct act_state {
    ui_app *app;
    act_cmd *inflight; /* sent, no answer yet (their rows show the pending mark) */
    act_wait *waits;   /* answered, not yet confirmed by a refresh */
    vmr_cache *vmrs;
    act_dial *dial; /* a dial being prepared (prompt open or alias lookup) */
    /* participant marks (ids), valid for one conference */
    char **marks;
    size_t nmarks, capmarks;
    char marks_conference[256];
} act_state;

act_state *act_state_of(ui_app *app);

/* ---- act_send.c ---- */

/* A target's id and raw name, kept while a prompt is open (the row itself
 * may change or go with the next refresh). */
typedef struct act_ref {
    char id[160];
    char name[256];
} act_ref;

/* One command. Strings are copied; params' values too. */
typedef struct act_request {
    const ops_command *cmd;  /* the catalog row: path, target kind, family, words, refresh */
    const char *target_id;   /* participant or conference id (a dial: the conference's) */
    const char *target_name; /* raw server name */
    const char *verb;        /* NULL: cmd->word ("Mute": "Mute “Alice”: ...") */
    const char *done;        /* NULL: cmd->done ("Muted": "Muted “Alice”") */
    const char *detail;      /* after the name in messages (" to chair"), or NULL */
    api_param params[ACT_MAX_PARAMS]; /* after the target id */
    size_t nparams;
    act_batch *batch; /* NULL for a single command */
} act_request;

/* Send now. Returns false when it could not even start (message shown;
 * a batch counts it as failed). */
bool act_send(ui_app *app, const act_request *rq);
/* One command on one target, in the row's words, then `extra` (cut at
 * ACT_MAX_PARAMS). */
bool act_send_cmd(ui_app *app, const ops_command *cmd, const act_ref *target, const char *detail,
                  const api_param *extra, size_t nextra);

/* One summary message for several commands of the same kind ("Muted 3
 * participants", or what failed). `total` commands will be sent. Never
 * NULL: out of memory aborts. */
act_batch *act_batch_new(ui_app *app, const char *verb, const char *done, const char *noun,
                         size_t total);

/* Is a command of this family for this target in flight, or answered but
 * not yet confirmed by a refresh? Then the screen is not up to date and a
 * toggle would guess: `why` says so. */
bool act_busy(ui_app *app, const char *target_id, const char *family, char *why, size_t size);

/* Is any command for this row in flight (pending mark)? */
bool act_row_pending(ui_app *app, ops_target target, const char *id);

/* A fetch of `table` ended (hooks.fetch_done): the waits for the refresh
 * that confirms an answered command are checked now. */
void act_fetch_done(ui_app *app, model_table_id table);

/* Console closing: every command still in flight is logged with an
 * unknown outcome and forgotten (the API client cancels it). */
void act_send_shutdown(act_state *st);

/* ---- control.c: targets and checks ---- */

/* The participant selected in the focused participants pane (not a ghost),
 * or NULL with a message. */
const model_row *act_selected_participant(ui_app *app);
/* The conference in view: selected in the conferences pane, or the one
 * whose participants are shown. NULL with a message. */
const model_row *act_conference_in_view(ui_app *app);
/* Raw display name of a participant (display_name, source_alias, id). */
const char *act_participant_name(const model_row *row);
const char *act_conference_name(const model_row *row);
/* “name” sanitized and cut to ACT_NAME_SHOWN columns, for messages. */
void act_quote(char *buf, size_t size, const char *raw, bool ascii);
/* The same, cut to `cols` columns. */
void act_quote_cols(char *buf, size_t size, const char *raw, bool ascii, int cols);
/* Read-only: true (and a message) when commands are disabled. */
bool act_refuse_read_only(ui_app *app, const char *what);
/* A capability flag that is explicitly false refuses the action (message,
 * nothing sent); missing or null flags let the server decide. */
bool act_refuse_unsupported(ui_app *app, const model_row *row, const char *flag, const char *what);
/* A row made for callers without a conference instance (waiting room, IVR)
 * takes no conference command: true (and a message). */
bool act_refuse_no_instance(ui_app *app, const model_row *conference, const char *what);
/* A toggle while a command of its family for this target is unconfirmed
 * would guess from a stale screen: true (and act_busy's message). */
bool act_refuse_busy(ui_app *app, const char *target_id, const char *family);

/* A copy to free() (never NULL: out of memory aborts). */
act_ref *act_ref_new(const char *id, const char *name);

/* ---- pending.c: participant marks ---- */

bool marks_toggle(ui_app *app, const char *id);
bool marks_has(ui_app *app, const char *id);
/* Live marked participants of the conference in view (stale marks are
 * dropped); fills rows (may be NULL) and returns the count. */
size_t marks_collect(ui_app *app, const model_row **rows, size_t max);
void marks_clear(ui_app *app);
void marks_free(act_state *st);

/* ---- vmr.c: VMR aliases from the configuration API ---- */

/* Start loading configuration/v1/conference/ unless loaded (< 5 min ago)
 * or loading. */
void vmr_cache_want(ui_app *app);
/* Completion source for prompts: every alias with its VMR's name. */
size_t vmr_complete(ui_app *app, void *ctx, prompt_candidate *out, size_t max, char *status,
                    size_t status_size);
void vmr_cache_free(act_state *st);

/* The toggle shape, written once: refuse read-only, find the target
 * (participant selected, or conference in view), refuse when its
 * capability flag is false or a command of the family is unconfirmed, read
 * the state, send the row that changes it (ops_toggle). */
void act_toggle(ui_app *app, const char *family, bool (*on_marks)(ui_app *));

/* The checks before `cmd` on the target in view, in this order: read-only;
 * on_marks (may be NULL) acting on marked participants instead; the target
 * (the participant selected, or the conference in view with an instance);
 * its capability flag; with `busy`, a command of the family unconfirmed.
 * The row, or NULL when refused (message shown) or the marks took it. */
const model_row *act_prepare(ui_app *app, const ops_command *cmd, bool (*on_marks)(ui_app *),
                             bool busy);
/* The target's id and raw name. */
act_ref act_ref_of(const ops_command *cmd, const model_row *row);

/* ---- the action tables (keymap rows) ---- */

extern const keymap_action act_participant_rows[];
extern const size_t act_participant_nrows;
extern const keymap_action act_conference_rows[];
extern const size_t act_conference_nrows;
extern const keymap_action act_batch_rows[];
extern const size_t act_batch_nrows;

/* act_batch.c: the marked participants' versions of m, d and r. Each
 * returns false when nothing is marked (the single action then runs). */
bool batch_mute(ui_app *app);
bool batch_disconnect(ui_app *app);
bool batch_role(ui_app *app);
/* The key bound to "back" (Esc) clears the marks first, in the
 * participants pane; true when it did. */
bool batch_back_key(ui_app *app, ui_key key);

/* act_conference.c: a dial prepared (alias lookup) is cancelled. */
void dial_shutdown(act_state *st);

#endif
