/* ui_run: the console's event loop. Curses, keyboard, signals, timers and
 * the API client all live on one libuv loop; nothing blocks it.
 *
 * - stdin: uv_poll; every wakeup drains all pending keys (nodelay get_wch).
 * - SIGWINCH/SIGCONT, and SIGINT/SIGTERM/SIGHUP/SIGUSR1/SIGUSR2/SIGALRM/
 *   SIGVTALRM/SIGPROF (a clean quit, exit status 128 + the signal): uv_signal,
 *   installed before initscr so curses does not install its own handlers
 *   for them. Every other deadly signal restores the tty and re-raises
 *   (term.h).
 * - redraw: keys get their frame at once (one per wakeup, however many keys
 *   it read); other changes (data, clock) mark the frame dirty and a
 *   one-shot timer draws at most one frame per UI_FRAME_MS.
 * - tick: every UI_TICK_MS, the fetch scheduler runs, ghosts fade, and the
 *   clock-driven cells (durations, data age) are redrawn once a second. */
#include "ui/ui.h"
#include "ui/console.h"

#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "ui/core/app.h"
#include "ui/control/control.h"
#include "ui/tty/draw.h"
#include "ui/data/policy.h"
#include "ui/core/screen_state.h"
#include "ui/tty/style.h"
#include "ui/data/fetch.h"
#include "ui/render/render.h"
#include "ui/input/actions.h"
#include "ui/data/summary.h"
#include "ui/nav/screens.h"

static const int handled_signals[] = {SIGWINCH, SIGINT,  SIGTERM, SIGHUP,    SIGCONT,
                                      SIGUSR1,  SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF};
static uv_signal_t signal_handles[sizeof handled_signals / sizeof handled_signals[0]];

static double last_frame;

static void frame_now(ui_app *app)
{
    app->dirty = false;
    render_frame(app);
    last_frame = time_monotonic();
}

static void on_redraw_timer(uv_timer_t *t)
{
    ui_app *app = t->data;
    if (app->dirty && !app->quitting)
        frame_now(app);
}

/* Schedule the next frame if something changed: immediately when the last
 * frame is older than a frame period, otherwise at the end of the period. */
static void schedule_frame(ui_app *app)
{
    if (!app->dirty || app->quitting || uv_is_active((uv_handle_t *)&app->redraw_timer))
        return;
    double since = (time_monotonic() - last_frame) * 1000.0;
    uint64_t delay = since >= UI_FRAME_MS ? 0 : (uint64_t)(UI_FRAME_MS - since);
    /* A frame that cannot wait for the timer is drawn now: never lost. */
    if (uv_timer_start(&app->redraw_timer, on_redraw_timer, delay, 0) != 0)
        frame_now(app);
}

static void handle_resize(ui_app *app)
{
    term_resize_from_tty();
    app_resize(app, LINES, COLS);
}

static void on_stdin(uv_poll_t *h, int status, int events)
{
    ui_app *app = h->data;
    if (status < 0 || (events & UV_DISCONNECT)) {
        app_quit(app, 129);
        return;
    }
    int keys = 0;
    for (;;) {
        wint_t wch;
        int st = get_wch(&wch);
        if (st == ERR)
            break;
        keys++;
        if (st == KEY_CODE_YES && wch == KEY_RESIZE) {
            handle_resize(app);
            continue;
        }
        actions_handle_key(app, keymap_from_curses(st, (unsigned)wch));
        if (app->quitting)
            return;
    }
    /* A readable tty that yields nothing, again and again, has hung up. */
    static int empty_wakeups;
    empty_wakeups = keys ? 0 : empty_wakeups + 1;
    if (empty_wakeups > 200)
        app_quit(app, 129);
    /* Keys are answered at once: one frame per batch of keys read in this
     * wakeup (data-driven redraws are the ones that get coalesced). */
    if (app->dirty && !app->quitting) {
        uv_timer_stop(&app->redraw_timer);
        frame_now(app);
    }
}

static void on_signal(uv_signal_t *h, int signum)
{
    ui_app *app = h->data;
    switch (signum) {
    case SIGWINCH:
        handle_resize(app);
        break;
    case SIGCONT:
        /* The shell may have reset the tty while we were stopped. */
        term_resume();
        handle_resize(app);
        app->repaint = true;
        app_dirty(app);
        break;
    default:
        app_quit(app, 128 + signum);
        return;
    }
    schedule_frame(app);
}

static void on_tick(uv_timer_t *t)
{
    ui_app *app = t->data;
    static long last_second;
    fetch_tick(app);
    if (model_expire(app->model, app_wall(app))) {
        summaries_rebuild(app);
        app_views_stale(app);
    }
    long sec = (long)time_monotonic();
    if (sec != last_second) {
        last_second = sec; /* durations, data age, message expiry */
        app_dirty(app);
    }
    schedule_frame(app);
}

/* Every change of data (fetch callbacks) marks the app dirty; this check
 * runs after each loop iteration so those frames get scheduled too. */
static void on_check(uv_check_t *c)
{
    schedule_frame(c->data);
}

static bool want_color(const pexcon_config *cfg)
{
    const char *nc = getenv("NO_COLOR");
    return !cfg->no_color && !(nc && *nc);
}

static void close_cb(uv_handle_t *h)
{
    (void)h;
}

static void close_walk(uv_handle_t *h, void *arg)
{
    if (!uv_is_closing(h))
        uv_close(h, close_cb);
}

static int ui_setup_client(ui_app *app, pexcon_config *effective)
{
    strbuf err = STRBUF_INIT;
    app->api = api_client_new(app->loop, effective, &err);
    if (!app->api)
        app_message(app, MSG_ERROR, "%s", err.len ? sb_str(&err) : "cannot create API client");
    else /* large pages parsed off the loop, one a turn: keys never wait for a listing */
        api_client_set_large_pages(app->api, API_PAGES_IN_POOL);
    sb_free(&err);
    return app->api ? 0 : -1;
}

static void ui_load_theme(ui_app *app)
{
    const char *name = app->cfg->theme && *app->cfg->theme ? app->cfg->theme : "dark";
    strbuf err = STRBUF_INIT;
    if (!theme_load(name, &app->theme, &err))
        app_message(app, MSG_WARNING, "%s; using the built-in theme", sb_str(&err));
    else if (err.len)
        app_message(app, MSG_WARNING, "theme %s: %s", name, sb_str(&err));
    sb_free(&err);
    style_apply(&app->theme, &app->caps);
}

/* Keys, frames, the scheduler tick and the idle check, on the loop. 0, or
 * a uv error code with *what saying what failed: a keyboard that cannot be
 * watched (stdin not pollable), timers that cannot run. */
static int ui_start_handles(ui_app *app, const char **what)
{
    uv_loop_t *loop = app->loop;
    *what = "watch the keyboard";
    int rc = uv_poll_init(loop, &app->stdin_poll, 0);
    if (rc != 0)
        return rc;
    term_restore_stdin_flags(); /* epoll works on a blocking fd too */
    app->stdin_poll.data = app;
    rc = uv_poll_start(&app->stdin_poll, UV_READABLE | UV_DISCONNECT, on_stdin);
    if (rc != 0)
        return rc;
    *what = "start the console's timers";
    if ((rc = uv_timer_init(loop, &app->redraw_timer)) != 0 ||
        (rc = uv_timer_init(loop, &app->tick_timer)) != 0 ||
        (rc = uv_check_init(loop, &app->check)) != 0)
        return rc;
    app->redraw_timer.data = app;
    app->tick_timer.data = app;
    app->check.data = app;
    rc = uv_timer_start(&app->tick_timer, on_tick, UI_TICK_MS, UI_TICK_MS);
    return rc != 0 ? rc : uv_check_start(&app->check, on_check);
}

/* The signals the loop handles, before initscr (curses then leaves them to
 * us). 0, or a uv error code with *signum the one that cannot be watched. */
static int ui_watch_signals(ui_app *app, int *signum)
{
    for (size_t i = 0; i < sizeof handled_signals / sizeof handled_signals[0]; i++) {
        *signum = handled_signals[i];
        int rc = uv_signal_init(app->loop, &signal_handles[i]);
        if (rc != 0)
            return rc;
        signal_handles[i].data = app;
        rc = uv_signal_start(&signal_handles[i], on_signal, handled_signals[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Close everything, in order: the terminal first, then the commands still
 * in flight (logged as unknown outcome), the requests, the client, the loop. */
static int ui_finish(ui_app *app)
{
    uv_loop_t *loop = app->loop;
    term_leave();
    console_shutdown(app);
    if (app->api)
        api_client_free(app->api);
    app->api = NULL;
    uv_walk(loop, close_walk, NULL);
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    free(loop);
    int code = app->exit_code;
    console_free(app);
    return code;
}

int ui_run(const pexcon_config *cfg)
{
    setlocale(LC_ALL, "");
#ifdef __GLIBC__
    /* Pages parsed in the thread pool are freed on the loop: one malloc
     * arena keeps that memory reusable instead of parked in a second one. */
    mallopt(M_ARENA_MAX, 1);
#endif
    uv_loop_t *loop = xcalloc(1, sizeof *loop);
    int rc = uv_loop_init(loop);
    if (rc != 0) {
        fprintf(stderr, "pexcon: cannot start the event loop: %s\n", uv_strerror(rc));
        free(loop);
        return 1;
    }
    ui_app *app = console_new(cfg, loop);
    pexcon_config effective = *cfg;
    ui_setup_client(app, &effective);
    app->server_url = effective.url;

    /* Signals before initscr: curses then leaves them to us. */
    term_prepare();
    int signum = 0;
    rc = ui_watch_signals(app, &signum);
    if (rc != 0) {
        fprintf(stderr, "pexcon: cannot watch signal %d (%s): %s\n", signum, strsignal(signum),
                uv_strerror(rc));
        app->exit_code = 1;
        return ui_finish(app);
    }
    if (!term_enter(want_color(cfg), &app->caps)) {
        fprintf(stderr, "pexcon: cannot initialise the terminal (is TERM set?)\n");
        app->exit_code = 1;
        return ui_finish(app);
    }
    app->ascii = !app->caps.utf8;
    draw_set_ascii(app->ascii);
    ui_load_theme(app);
    const char *what = NULL;
    rc = ui_start_handles(app, &what);
    if (rc != 0) {
        term_leave();
        fprintf(stderr, "pexcon: cannot %s: %s\n", what, uv_strerror(rc));
        app->exit_code = 1;
        return ui_finish(app);
    }
    app_resize(app, LINES, COLS);
    app_focus_class(app, &view_conferences);
    fetch_tick(app);
    frame_now(app);
    uv_run(loop, UV_RUN_DEFAULT);
    return ui_finish(app);
}
