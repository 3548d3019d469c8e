/* The console's state, shared by the files of src/ui (not a public API).
 *
 * Data flows one way: fetch.c (api) → model → views → render.c. Keys go
 * through the keymap to action functions (actions.c), which change view
 * state or ask fetch.c for data; nothing here waits on the network. */
#ifndef PEXCON_UI_APP_H
#define PEXCON_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "api/client.h"
#include "config/config.h"
#include "model/model.h"
#include "ui/core/keymap.h"
#include "ui/core/nav.h"
#include "ui/tty/term.h"
#include "ui/theme/theme.h"
#include "ui/core/view.h"

#define UI_MAX_VIEWS 32
#define UI_MAX_PANES 4
#define UI_FLASH_SECONDS 3.0
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24
#define UI_FRAME_MS 50 /* redraws coalesce to at most 20 frames/s */
#define UI_TICK_MS 250 /* fetch scheduler and clock */

typedef enum ui_msg_level { MSG_INFO, MSG_WARNING, MSG_ERROR } ui_msg_level;

typedef enum ui_prompt_kind { PROMPT_NONE, PROMPT_COMMAND, PROMPT_FILTER } ui_prompt_kind;

typedef struct ui_prompt {
    ui_prompt_kind kind;
    char text[256]; /* UTF-8 */
    size_t len;
    char saved_filter[256]; /* filter before '/' opened, restored by Esc */
    int completion_index;   /* cycling through Tab candidates */
    char completion_base[256];
    double opened_at; /* monotonic; messages raised since then are shown on it */
} ui_prompt;

/* One poll loop: a request at a time, when the next is due, and the
 * failures it backs off from. Every poller of the console (each table's
 * fetch, the header's counts, the trouble probes) runs the one rule of
 * ui/data/poller.c on these fields. */
typedef struct ui_poller {
    api_request *req;     /* in flight, or NULL: never two at once */
    double next_due;      /* monotonic time of the next request */
    double started;       /* monotonic time the request started */
    unsigned failures;    /* consecutive failures (backoff) */
    unsigned generation;  /* bumps on every answer (detects synchronous ones) */
    api_error last_error; /* of the last failure; API_OK after a success */
} ui_poller;

/* One fetched resource: its state machine lives in fetch.c. */
typedef struct ui_resource {
    model_table_id table;
    ui_poller poll;  /* its poll loop (ui/data/poller.c) */
    void *pending;   /* the request's callback context (freed on cancel) */
    bool wanted;     /* some visible pane shows it */
    char scope[256]; /* its scope key (nav.h): a participant id, a conference name... */
} ui_resource;

typedef struct ui_spark {
    char key[320]; /* participant id / stream id / direction */
    float bitrate[120];
    float loss[120];
    size_t n, head; /* ring buffer */
} ui_spark;

struct ui_app;

/* The console's clocks (monotonic for schedules, wall for data ages),
 * injected so that its behaviour can be tested without waiting: ui_run
 * uses the real ones (time_monotonic, time_now), tests a fake. */
typedef struct ui_clock {
    double (*mono)(void *ctx);
    double (*wall)(void *ctx);
    void *ctx;
} ui_clock;
/* What the core asks of the layers above it, set once by console_new: the
 * fetcher's "look now" (which also applies the scopes the navigation asks
 * for). The core links with none of them (and tests set their own). */
typedef struct ui_hooks {
    void (*kick)(struct ui_app *app);
    /* A fetch of a table ended (conference control confirms its commands
     * with it, instead of polling). */
    void (*fetch_done)(struct ui_app *app, model_table_id table);
} ui_hooks;

typedef struct ui_app {
    const pexcon_config *cfg;
    const char *server_url; /* cfg->url, or the demo server's */
    uv_loop_t *loop;
    api_client *api;
    model *model;
    keymap *keys;

    /* terminal */
    term_caps caps;
    theme theme;
    bool ascii; /* non-UTF-8 locale: ASCII glyphs */
    int rows, cols;
    bool too_small;

    /* loop handles */
    uv_poll_t stdin_poll;
    uv_timer_t redraw_timer;
    uv_timer_t tick_timer;
    uv_check_t check;
    bool dirty;                 /* something changed: draw at the next frame */
    bool repaint;               /* Ctrl-L, SIGCONT, resize: clear and send everything */
    bool theme_changed;         /* :theme: the renderer applies the new styles */
    struct prompt_state *modal; /* the modal prompt (confirmations, forms, pickers) */
    struct ui_hooks hooks;      /* set by ui_run: see ui_hooks */
    ui_clock clock;             /* app_mono / app_wall; the real clocks when unset */
    bool quitting;
    int exit_code;

    /* views and panes */
    ui_view *views[UI_MAX_VIEWS];
    size_t nviews;
    ui_view *panes[UI_MAX_PANES]; /* visible, in focus order */
    ui_rect pane_rect[UI_MAX_PANES];
    size_t npanes;
    size_t focus; /* index into panes */
    ui_nav nav;   /* the screens and the navigation stack (nav.c) */

    /* overlays */
    bool help_open;
    size_t help_scroll;
    ui_prompt prompt;

    /* data */
    ui_resource res[MT_COUNT];
    double refresh_s;
    bool paused;
    double started_wall;
    ui_spark *sparks;
    size_t nsparks;
    struct ui_summaries *summaries; /* per-conference counts (summary.c) */
    struct ui_platform *platform;   /* platform views' state (screens.c) */

    /* messages */
    char message[512];
    ui_msg_level message_level;
    double message_time;

    /* conference control from the keyboard (control.c, act_*.c) */
    struct act_state *control;
} ui_app;

/* ---- app.c helpers used everywhere ---- */
/* Now, on the app's clocks (monotonic seconds; wall-clock epoch seconds). */
double app_mono(const ui_app *app);
double app_wall(const ui_app *app);
void app_dirty(ui_app *app);
void app_message(ui_app *app, ui_msg_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ui_view *app_focused(ui_app *app);
/* The conference row of that name (a live one before a departed one), or
 * NULL. */
const model_row *app_conference_by_name(ui_app *app, const char *name);
/* The view of a class (one per class). */
ui_view *app_view(ui_app *app, const ui_view_class *cls);
/* Its rows are for a new scope: rebuild it and select from the top. */
void app_view_reset(ui_app *app, const ui_view_class *cls);
void app_focus_view(ui_app *app, ui_view *v);
void app_focus_class(ui_app *app, const ui_view_class *cls);
/* Lay the panes out for app->rows x app->cols (no terminal is asked). */
void app_layout(ui_app *app);
/* The terminal's size changed (or is first known): lay out again. */
void app_resize(ui_app *app, int rows, int cols);
bool app_set_theme(ui_app *app, const char *name);
void app_quit(ui_app *app, int code);
/* Re-lay the screen (its levels changed), focus `focus` when shown, and
 * let the fetcher look. */
void app_relayout(ui_app *app, const ui_view_class *focus);
/* Something changed what should be fetched: let the fetcher look now
 * (hooks.kick; the core itself fetches nothing). */
void app_kick(ui_app *app);
/* The views' data changed (new fetch, sort, filter, scope): rebuild rows. */
void app_views_stale(ui_app *app);

/* ---- sparks (view_media.c) ---- */
/* The history kept under `key`; NULL when there is none and `create` is
 * false, or when 64 are kept already. */
ui_spark *spark_get(ui_app *app, const char *key, bool create);
void sparks_clear(ui_app *app);

#endif
