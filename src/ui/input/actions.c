/* The console's built-in actions (the keymap's rows) and the key router:
 * prompt and help overlay first, then the focused view's context, "list",
 * and "global". */
#include <stdio.h>
#include <string.h>

#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/core/app.h"
#include "ui/core/lineedit.h"
#include "ui/control/control.h"
#include "ui/data/fetch.h"
#include "ui/input/actions.h"
#include "ui/input/commands.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- list movement ---------------------------------------------------------- */

static void move_by(ui_app *app, long delta)
{
    ui_view *v = app_focused(app);
    if (!v)
        return;
    if (v->stale)
        view_rebuild(app, v);
    view_select(app, v, (long)v->selected + delta);
}

static void act_down(ui_app *app)
{
    move_by(app, 1);
}

static void act_up(ui_app *app)
{
    move_by(app, -1);
}

static void act_page_down(ui_app *app)
{
    ui_view *v = app_focused(app);
    move_by(app, v ? v->page_rows : 10);
}

static void act_page_up(ui_app *app)
{
    ui_view *v = app_focused(app);
    move_by(app, v ? -(long)v->page_rows : -10);
}

static void act_top(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (v)
        view_select(app, v, 0);
}

static void act_bottom(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (v) {
        if (v->stale)
            view_rebuild(app, v);
        view_select(app, v, (long)v->rows.count - 1);
    }
}

static void act_enter(ui_app *app)
{
    nav_enter(app);
    app_dirty(app);
}

/* ---- panes -------------------------------------------------------------------- */

static void act_next_pane(ui_app *app)
{
    if (app->npanes) {
        app->focus = (app->focus + 1) % app->npanes;
        app_dirty(app);
    }
}

static void act_prev_pane(ui_app *app)
{
    if (app->npanes) {
        app->focus = (app->focus + app->npanes - 1) % app->npanes;
        app_dirty(app);
    }
}

/* Esc: clear the focused pane's filter first, otherwise go back one level
 * (core/nav.c). */
static void act_back(ui_app *app)
{
    nav_back(app);
}

/* ---- filter and sort ---------------------------------------------------------- */

static void act_filter(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (!v)
        return;
    memset(&app->prompt, 0, sizeof app->prompt);
    app->prompt.kind = PROMPT_FILTER;
    app->prompt.opened_at = app_mono(app);
    snprintf(app->prompt.saved_filter, sizeof app->prompt.saved_filter, "%s", v->filter);
    snprintf(app->prompt.text, sizeof app->prompt.text, "%s", v->filter);
    app->prompt.len = strlen(app->prompt.text);
    app_dirty(app);
}

static void sort_announce(ui_app *app, ui_view *v)
{
    if (v->sort_col < 0)
        app_message(app, MSG_INFO, "%s: server order", v->cls->title);
    else
        app_message(app, MSG_INFO, "%s sorted by %s%s", v->cls->title,
                    v->cls->columns[v->sort_col].title, v->sort_reverse ? " (reversed)" : "");
}

static void act_sort(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (!v)
        return;
    /* Cycle through the columns shown, then back to the server's order. */
    size_t cols[32];
    int widths[32];
    size_t n = view_fit_columns(v->cls, v->rect.w > 0 ? v->rect.w - 1 : 200, cols, widths);
    long next = -1;
    if (v->sort_col < 0) {
        next = n ? (long)cols[0] : -1;
    } else {
        for (size_t k = 0; k < n; k++)
            if ((long)cols[k] == v->sort_col)
                next = k + 1 < n ? (long)cols[k + 1] : -1;
    }
    v->sort_col = (int)next;
    v->sort_reverse = false;
    v->stale = true;
    sort_announce(app, v);
}

static void act_sort_reverse(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (!v)
        return;
    if (v->sort_col < 0)
        v->sort_col = 0;
    v->sort_reverse = !v->sort_reverse;
    v->stale = true;
    sort_announce(app, v);
}

/* ---- global -------------------------------------------------------------------- */

static void act_help(ui_app *app)
{
    app->help_open = !app->help_open;
    app->help_scroll = 0;
    app_dirty(app);
}

static void act_quit(ui_app *app)
{
    app_quit(app, 0);
}

static void act_command(ui_app *app)
{
    memset(&app->prompt, 0, sizeof app->prompt);
    app->prompt.kind = PROMPT_COMMAND;
    app->prompt.opened_at = app_mono(app);
    app_dirty(app);
}

static void act_pause(ui_app *app)
{
    app->paused = !app->paused;
    app_message(app, MSG_INFO, app->paused ? "Refresh paused (p resumes)" : "Refresh resumed");
    if (!app->paused)
        fetch_tick(app);
    app_dirty(app);
}

static void act_refresh(ui_app *app)
{
    fetch_refresh_now(app);
    app_message(app, MSG_INFO, "Refreshing");
}

static void act_redraw(ui_app *app)
{
    app->repaint = true;
    app_dirty(app);
}

static const keymap_action builtin_actions[] = {
    {"help", "?, F1", "global", "Show or hide this help", act_help},
    {"quit", "q", "global", "Quit", act_quit},
    {"command", ":", "global", "Command line (:theme, :refresh, :quit, ...)", act_command},
    {"next_pane", "tab", "global", "Focus the next pane", act_next_pane},
    {"prev_pane", "S-tab", "global", "Focus the previous pane", act_prev_pane},
    {"back", "esc", "global", "Back one level, or clear the filter", act_back},
    {"pause", "p", "global", "Pause or resume refreshing", act_pause},
    {"refresh", "R, F5", "global", "Refresh now", act_refresh},
    {"redraw", "C-l", "global", "Repaint the screen", act_redraw},
    {"down", "j, down", "list", "Move down", act_down},
    {"up", "k, up", "list", "Move up", act_up},
    {"page_down", "pgdn, C-f", "list", "Page down", act_page_down},
    {"page_up", "pgup, C-b", "list", "Page up", act_page_up},
    {"top", "g, home", "list", "First row", act_top},
    {"bottom", "G, end", "list", "Last row", act_bottom},
    {"enter", "enter, right", "list", "Drill in (participants, then media)", act_enter},
    {"filter", "/", "list", "Filter the pane (Esc clears)", act_filter},
    {"sort", "s", "list", "Sort by the next column", act_sort},
    {"sort_reverse", "S", "list", "Reverse the sort", act_sort_reverse},
};

void actions_register(ui_app *app)
{
    keymap_register(app->keys, builtin_actions, COUNT(builtin_actions));
    control_register(app);
}

/* ---- prompts -------------------------------------------------------------------- */

/* Typing in the filter re-filters the pane; the rebuild happens once per
 * frame, however many characters arrived together. */
static void filter_apply_live(ui_app *app)
{
    ui_view *v = app_focused(app);
    if (!v)
        return;
    snprintf(v->filter, sizeof v->filter, "%s", app->prompt.text);
    v->stale = true;
    v->select_first = true;
    app_dirty(app);
}

static void prompt_close(ui_app *app)
{
    app->prompt.kind = PROMPT_NONE;
    app_dirty(app);
}

static void prompt_key(ui_app *app, ui_key key)
{
    ui_prompt *p = &app->prompt;
    bool is_filter = p->kind == PROMPT_FILTER;
    if (key == UI_KEY_ESC) {
        if (is_filter) {
            /* Esc clears the filter entirely. */
            p->text[0] = '\0';
            p->len = 0;
            filter_apply_live(app);
        }
        prompt_close(app);
        return;
    }
    if (key == UI_KEY_ENTER) {
        char line[256];
        snprintf(line, sizeof line, "%s", p->text);
        prompt_close(app);
        if (!is_filter)
            commands_run(app, line);
        return;
    }
    if (key == UI_KEY_TAB && !is_filter) {
        commands_complete(app);
        app_dirty(app);
        return;
    }
    p->completion_index = 0;
    p->completion_base[0] = '\0';
    if (key == UI_KEY_BACKSPACE && p->len == 0 && !is_filter) {
        prompt_close(app);
        return;
    }
    if (!line_edit_key(p->text, sizeof p->text, key))
        return;
    p->len = strlen(p->text);
    if (is_filter)
        filter_apply_live(app);
    app_dirty(app);
}

static void help_key(ui_app *app, ui_key key)
{
    const keymap_action *a = keymap_lookup(app->keys, key, (const char *[]){"list"}, 1);
    const keymap_action *g = keymap_lookup(app->keys, key, (const char *[]){"global"}, 1);
    if (key == UI_KEY_ESC || key == 'q' || (g && strcmp(g->name, "help") == 0)) {
        app->help_open = false;
    } else if (g && strcmp(g->name, "quit") == 0) {
        app->help_open = false;
    } else if (a && strcmp(a->name, "down") == 0) {
        app->help_scroll++;
    } else if (a && strcmp(a->name, "up") == 0) {
        if (app->help_scroll)
            app->help_scroll--;
    } else if (a && strcmp(a->name, "page_down") == 0) {
        app->help_scroll += 10;
    } else if (a && strcmp(a->name, "page_up") == 0) {
        app->help_scroll = app->help_scroll > 10 ? app->help_scroll - 10 : 0;
    } else if (a && strcmp(a->name, "top") == 0) {
        app->help_scroll = 0;
    } else if (g && strcmp(g->name, "redraw") == 0) {
        app->repaint = true;
    }
    app_dirty(app);
}

void actions_handle_key(ui_app *app, ui_key key)
{
    /* An open action prompt (confirmation, form, picker) takes every key. */
    if (control_handle_key(app, key))
        return;
    if (app->prompt.kind != PROMPT_NONE) {
        prompt_key(app, key);
        return;
    }
    if (app->help_open) {
        help_key(app, key);
        return;
    }
    if (app->too_small) {
        const keymap_action *g = keymap_lookup(app->keys, key, (const char *[]){"global"}, 1);
        if (g && (strcmp(g->name, "quit") == 0 || strcmp(g->name, "redraw") == 0))
            g->run(app);
        return;
    }
    ui_view *v = app_focused(app);
    /* The view's own keys, then those of the conference in view (control.h),
     * then list and global keys. */
    const char *contexts[4];
    size_t nctx = 0;
    if (v) {
        contexts[nctx++] = v->cls->name;
        if (control_key_context(v))
            contexts[nctx++] = control_key_context(v);
        contexts[nctx++] = "list";
    }
    contexts[nctx++] = "global";
    const keymap_action *a = keymap_lookup(app->keys, key, contexts, nctx);
    if (a && a->run)
        a->run(app);
}
