/* Screens and navigation as data (part of the console's curses-free core).
 *
 * A screen is a table row: the view it is named for (':nodes' shows the
 * screen whose base is view_nodes), its panes with their height rules, and
 * its drill-down levels. A level is opened by Enter on its opener view (or,
 * for an `always` level, by the opener's selection itself), remembers the
 * opened row (id and name), scopes a model table to it, shows the panes of
 * that depth and follows the opener's selection while open.
 *
 * The navigation stack holds the live screen at the bottom and the screen
 * shown on top of it: Enter on an opener pushes a level, Esc clears the
 * filter, else pops the deepest level, else leaves the screen; a jump
 * (':name', Enter on a call or a node of another screen) replaces the
 * stack above the live screen. The screens themselves are defined in
 * ui/nav/screens.c and handed to nav_init; nothing here knows their names. */
#ifndef PEXCON_UI_NAV_H
#define PEXCON_UI_NAV_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

struct ui_app;
struct ui_view;
struct ui_view_class;
struct ui_rect;

#define NAV_DEPTH 3 /* drill-down levels of one screen */
#define NAV_STACK 2 /* the live screen and the one shown on top of it */
/* A level or screen without a scoped table leaves .scope 0: the
 * conferences, which are never scoped. */
#define NAV_NO_SCOPE MT_CONFERENCES

typedef enum pane_height {
    PANE_REST,  /* what the panes above it leave (the last shown pane always does) */
    PANE_SHARE, /* an equal share of the screen among the panes shown */
    PANE_LIST,  /* its rows plus title and header, at most 2/5, at least 6 lines */
    PANE_LINES, /* exactly `lines` lines */
} pane_height;

typedef struct ui_pane_spec {
    const struct ui_view_class *view;
    unsigned depth; /* shown while at least this many levels are open */
    pane_height height;
    int lines; /* PANE_LINES */
} ui_pane_spec;

typedef struct ui_level_spec {
    const struct ui_view_class *opener; /* Enter (or, `always`, the selection) on it opens */
    const struct ui_view_class *focus;  /* focused when the level opens */
    bool always;                        /* open whenever the opener has a selection */
    const char *name_field;             /* the opened row's name (else its id) */
    /* The model table scoped to the opened row (NAV_NO_SCOPE: none), its scope
     * key being scope_prefix + the row's id. */
    model_table_id scope;
    const char *scope_prefix;
    bool scope_by_name; /* the key is the row's name, not its id */
    /* Rows of the scoped table carried by the opened row itself (then the
     * level is `filled` and its table needs no request), or NULL. */
    const json_t *(*embedded)(const json_t *row);
} ui_level_spec;

typedef struct ui_screen ui_screen;
typedef void (*ui_arrange_fn)(struct ui_app *app, const ui_screen *s, unsigned depth, int top,
                              int h, int w);

struct ui_screen {
    const struct ui_view_class *base; /* what ':name' names; its first pane */
    ui_pane_spec panes[4];
    ui_level_spec levels[NAV_DEPTH];
    /* A screen-wide scope (the history search's results): table and key. */
    model_table_id scope;
    void (*scope_key)(struct ui_app *app, char *buf, size_t size);
    /* Esc at its base replaces it by this screen, after on_leave. */
    const struct ui_view_class *back_to;
    void (*on_leave)(struct ui_app *app);
    ui_arrange_fn arrange; /* custom pane geometry (else stacked by height rules) */
};

typedef struct nav_level {
    char id[160];
    char name[256];
    bool filled; /* the scoped table came embedded in the opened row */
} nav_level;

typedef struct nav_entry {
    const ui_screen *screen;
    unsigned depth; /* levels open: level[0 .. depth-1] */
    nav_level level[NAV_DEPTH];
} nav_entry;

typedef struct ui_nav {
    const ui_screen *screens;
    size_t nscreens;
    nav_entry stack[NAV_STACK];
    size_t n; /* entries: 1 (the live screen) or 2 */
} ui_nav;

/* The screens (the first one is the live screen, the stack's bottom). */
void nav_init(struct ui_app *app, const ui_screen *screens, size_t n);
const nav_entry *nav_top(const struct ui_app *app);
/* The screen whose base is `base`, or NULL. */
const ui_screen *nav_screen_of(const struct ui_app *app, const struct ui_view_class *base);

/* The open level opened by `opener` (searched from the top of the stack
 * down), or NULL; the live conference's name ("" when none). */
const nav_level *nav_level_of(const struct ui_app *app, const struct ui_view_class *opener);
const char *nav_conference(const struct ui_app *app);
/* The open level whose scoped table is `t` on the top screen, or NULL;
 * the scope key `t` wants now (false: none). */
const nav_level *nav_scope_level(const struct ui_app *app, model_table_id t);
bool nav_scope_key(struct ui_app *app, model_table_id t, char *buf, size_t size);

/* Enter on the focused view; Esc (after the filter); a view's selection
 * changed (levels follow it). */
void nav_enter(struct ui_app *app);
void nav_back(struct ui_app *app);
void nav_selected(struct ui_app *app, struct ui_view *v);
/* Show the screen of `base` on top of the live screen (the live screen's
 * own base: just the live screen), its levels closed. */
void nav_jump(struct ui_app *app, const struct ui_view_class *base);
/* The same, its state new (levels closed, screen scope keyed again). */
void nav_jump_fresh(struct ui_app *app, const struct ui_view_class *base);
/* ':name': show the screen that holds this view (opening the levels it
 * needs from their openers' selections) and focus it. */
void nav_show_view(struct ui_app *app, const struct ui_view_class *cls);
/* Show `base`'s screen with the row `id` selected in it and its first
 * level opened on it. */
void nav_jump_open(struct ui_app *app, const struct ui_view_class *base, const char *id);
/* The live screen with this participant selected in its conference. */
void nav_jump_to_participant(struct ui_app *app, const char *participant_id,
                             const char *conference_name);

/* Lay the top screen's panes out in the given area. */
void nav_layout(struct ui_app *app, int top, int h, int w);
/* Add one pane (used by arrange functions). */
void nav_add_pane(struct ui_app *app, const struct ui_view_class *cls, int y, int x, int h, int w);
/* The height of a PANE_LIST pane over table `t` in an area of `h` lines. */
int nav_list_height(struct ui_app *app, model_table_id t, int h);

#endif
