/* Modal prompts for the console's conference-control actions.
 *
 * Three kinds, one open at a time; while one is open it receives every key
 * (control_handle_key routes them here first):
 *
 * - a confirmation on the status line, "Disconnect “Alice”? [y/N]": only
 *   y/Y accepts; n, Enter (the default), Esc and any other key cancel;
 * - a form: one or more line fields asked one after the other on the
 *   status line, each with a pre-filled value (Enter accepts it), optional
 *   fixed choices or a completion source (Tab completes; the matches are
 *   listed above the prompt and narrow as you type); Esc cancels the form;
 * - a picker: a list in a box, narrowed by typing (substring of the value,
 *   label and description), moved with the arrows, Enter picks.
 *
 * Each opener takes a callback that is called exactly once: with the
 * answer, or as cancelled (also when the console closes with the prompt
 * open). The callback owns `ctx` and frees it. Strings given to the
 * openers are copied. Prompts never touch the network. */
#ifndef PEXCON_UI_PROMPT_H
#define PEXCON_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/core/keymap.h"

struct ui_app;

#define PROMPT_TEXT_MAX 256
#define PROMPT_MAX_FIELDS 6

/* One completion candidate: the value inserted and a note shown beside it
 * (e.g. an alias and its VMR's name). Both raw; sanitized when drawn. */
typedef struct prompt_candidate {
    char value[PROMPT_TEXT_MAX];
    char note[160];
} prompt_candidate;

/* Dynamic completion source: fill at most `max` candidates for the current
 * text (every candidate it knows; the prompt does the matching) and return
 * how many. When it has none yet (still loading, failed), it may write a
 * one-line status into `status`. */
typedef size_t (*prompt_complete_fn)(struct ui_app *app, void *ctx, prompt_candidate *out,
                                     size_t max, char *status, size_t status_size);

typedef struct prompt_field {
    const char *label;          /* "Transfer “Alice” to alias" */
    const char *initial;        /* pre-filled text, NULL for none */
    const char *const *choices; /* the value must be one of these (Tab completes) */
    size_t nchoices;
    bool required;               /* an empty answer is refused */
    prompt_complete_fn complete; /* dynamic candidates (Tab completes) */
} prompt_field;

/* values[i] holds the answer of field i (accepted only). */
typedef void (*prompt_form_cb)(struct ui_app *app, void *ctx, bool accepted,
                               const char *const *values);
typedef void (*prompt_confirm_cb)(struct ui_app *app, void *ctx, bool yes);
/* value: the picked item's value, NULL when cancelled. */
typedef void (*prompt_pick_cb)(struct ui_app *app, void *ctx, const char *value);

typedef struct prompt_item {
    const char *value; /* what the callback gets ("4:0") */
    const char *label; /* first column ("4:0") */
    const char *desc;  /* description ("2x2 grid, four equal participants") */
} prompt_item;

typedef struct prompt_state prompt_state;

/* Never NULL: out of memory aborts. */
prompt_state *prompt_state_new(void);
/* Cancels an open prompt (its callback runs) and frees the state. */
void prompt_state_free(struct ui_app *app, prompt_state *ps);

bool prompt_active(const prompt_state *ps);

/* Open a prompt. An already open prompt is cancelled first. */
void prompt_confirm(struct ui_app *app, const char *question, prompt_confirm_cb cb, void *ctx);
void prompt_form(struct ui_app *app, const prompt_field *fields, size_t nfields, prompt_form_cb cb,
                 void *ctx);
void prompt_picker(struct ui_app *app, const char *title, const prompt_item *items, size_t nitems,
                   prompt_pick_cb cb, void *ctx);

/* A completion source has new candidates (finished loading): the open
 * form's list is refreshed. */
void prompt_sources_changed(struct ui_app *app);

/* Keys while a prompt is open (returns false when none is). */
bool prompt_key(struct ui_app *app, ui_key key);

/* Draw the open prompt over the frame (status line, candidate list,
 * picker box). */
void prompt_render(struct ui_app *app);

/* ---- pure helpers (unit-tested) ---- */

/* Case-insensitive (ASCII) prefix and substring tests. */
bool prompt_has_prefix(const char *s, const char *prefix);
bool prompt_contains(const char *s, const char *needle);
/* Longest common prefix length (bytes, case-insensitive, whole UTF-8
 * code points) of the first n strings. */
size_t prompt_common_prefix(const char *const *s, size_t n);

#endif
