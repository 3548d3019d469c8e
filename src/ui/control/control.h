/* Conference control from the keyboard: the hooks the console's shared
 * files call (actions.c, render.c, ui.c). Everything else is internal to
 * the act_*.c files (ui/act.h).
 *
 * Keys (rebindable in [keys], listed in the ? help):
 *   participants pane: m mute/unmute, r chair<->guest, t transfer, u admit,
 *                      d disconnect (y/N), space mark, Esc/c clear marks;
 *                      with marks, m, d and r act on every marked one;
 *   conferences and participants panes (the conference in view):
 *                      l lock/unlock, M mute/unmute guests, L layout picker,
 *                      o dial out, D disconnect all (type the name). */
#ifndef PEXCON_UI_CONTROL_H
#define PEXCON_UI_CONTROL_H

#include <stdbool.h>

#include "ui/core/app.h"

/* actions.c, from actions_register: create the state, register the keys. */
void control_register(ui_app *app);

/* ui.c, before the API client is freed: log commands still in flight as
 * unknown outcome, cancel lookups, close prompts, free the state. */
void control_shutdown(ui_app *app);

/* actions.c, first thing for every key: an open prompt takes it. */
bool control_handle_key(ui_app *app, ui_key key);

/* actions.c: a keymap context searched after the focused view's own:
 * "conference" in the conferences and participants panes, else NULL. */
const char *control_key_context(const ui_view *v);

/* render.c: a heading for the "conference" context in the help. */
const char *control_context_title(const char *context);

/* render.c: the gutter glyph of a row with a command in flight ("…", ASCII
 * ">") or a marked participant ("✓", ASCII "#"), else NULL. */
const char *control_row_glyph(ui_app *app, const ui_view *v, const model_row *row);
/* The whole gutter mark of a row at `now`: that glyph, else its change cue
 * (view_row_cue), else " ". */
const char *control_row_mark(ui_app *app, const ui_view *v, const model_row *row, double now);

/* render.c (help): actions that cannot run now, with why ("read-only"). */
bool control_action_disabled(ui_app *app, const keymap_action *a, const char **why);

#endif
