/* Keys → actions.
 *
 * An action is one row of a table: a name (what the [keys] section of the
 * config file and the help overlay call it), its default keys, the context
 * where it applies, a one-line help text and the function that runs it.
 * Adding a feature key is adding a row:
 *
 *   static const keymap_action participant_actions[] = {
 *       {"participant.mute", "m", "participants", "Mute or unmute the participant",
 *        action_participant_mute},
 *   };
 *   keymap_register(km, participant_actions, 1);
 *
 * Contexts: "global" (everywhere outside prompts), "list" (any list pane)
 * or a view's name ("conferences", "participants", "media", ...). A key is
 * looked up in the focused view's context first, then "list", then
 * "global", so a view can give a key its own meaning.
 *
 * Key names (config file and help): single characters ("q", "Q", "?", "/"),
 * "C-x" (control), "F1".."F12", "space", "enter", "esc", "tab", "S-tab",
 * "backspace", "delete", "insert", "up", "down", "left", "right", "pgup",
 * "pgdn", "home", "end". Several keys are separated by commas or spaces. */
#ifndef PEXCON_UI_KEYMAP_H
#define PEXCON_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "ui/tty/keys.h"

struct ui_app;
typedef void (*keymap_fn)(struct ui_app *app);

typedef struct keymap_action {
    const char *name;    /* "quit", "filter", "participant.mute" */
    const char *keys;    /* default keys, e.g. "j, down" ("" for none) */
    const char *context; /* "global", "list" or a view name */
    const char *help;    /* one line for the ? overlay */
    keymap_fn run;
} keymap_action;

typedef struct keymap keymap;

/* Never NULL: out of memory aborts. */
keymap *keymap_new(void);
void keymap_free(keymap *km);

/* Add action rows (the rows must outlive the keymap: static tables). Their
 * default keys are bound at once. False when a row's keys name an unknown
 * key. */
bool keymap_register(keymap *km, const keymap_action *rows, size_t n);

/* Apply one [keys] line. Either side may be the action ("C-k = quit" or
 * "quit = C-k"). The first rebinding of an action drops its default keys;
 * a key taken by the new binding is removed from every other action of the
 * same context. Returns false with a message in err. */
bool keymap_bind_config(keymap *km, const char *lhs, const char *rhs, strbuf *err);

/* The action for `key` in these contexts (most specific first), or NULL. */
const keymap_action *keymap_lookup(const keymap *km, ui_key key, const char *const *contexts,
                                   size_t ncontexts);

const keymap_action *keymap_find_action(const keymap *km, const char *name);

/* Number of rows and one row, in registration order (for the help
 * overlay). */
size_t keymap_count(const keymap *km);
const keymap_action *keymap_at(const keymap *km, size_t index);

/* The keys bound to an action as display text ("j/↓" style but ASCII:
 * "j/down"), "" when none. */
void keymap_keys_text(const keymap *km, const keymap_action *a, char *buf, size_t size);

/* Key names. */
bool keymap_parse_key(const char *name, ui_key *out);
void keymap_key_name(ui_key key, char *buf, size_t size);

#endif
