/* Navigation over the screens table (see nav.h): the stack, Enter, Esc,
 * jumps, selection following, scopes and the pane layout. Generic: every
 * screen's behaviour comes from its row. */
#include <stdio.h>
#include <string.h>

#include "common/jsonutil.h"
#include "ui/core/app.h"
#include "ui/core/nav.h"

void nav_init(ui_app *app, const ui_screen *screens, size_t n)
{
    memset(&app->nav, 0, sizeof app->nav);
    app->nav.screens = screens;
    app->nav.nscreens = n;
    app->nav.stack[0].screen = n ? &screens[0] : NULL;
    app->nav.n = 1;
}

static nav_entry *top(ui_app *app)
{
    return &app->nav.stack[app->nav.n - 1];
}

const nav_entry *nav_top(const ui_app *app)
{
    return &app->nav.stack[app->nav.n - 1];
}

const ui_screen *nav_screen_of(const ui_app *app, const ui_view_class *base)
{
    for (size_t i = 0; i < app->nav.nscreens; i++)
        if (app->nav.screens[i].base == base)
            return &app->nav.screens[i];
    return NULL;
}

static int level_index(const ui_screen *s, const ui_view_class *opener)
{
    for (int i = 0; s && i < NAV_DEPTH; i++)
        if (s->levels[i].opener && s->levels[i].opener == opener)
            return i;
    return -1;
}

/* The entry whose screen has a level opened by `opener`, top first. */
static nav_entry *entry_with_opener(ui_app *app, const ui_view_class *opener, int *index)
{
    for (size_t k = app->nav.n; k-- > 0;) {
        int i = level_index(app->nav.stack[k].screen, opener);
        if (i >= 0) {
            *index = i;
            return &app->nav.stack[k];
        }
    }
    return NULL;
}

const nav_level *nav_level_of(const ui_app *app, const ui_view_class *opener)
{
    int i;
    nav_entry *e = entry_with_opener((ui_app *)app, opener, &i);
    return e && (unsigned)i < e->depth ? &e->level[i] : NULL;
}

const char *nav_conference(const ui_app *app)
{
    /* The live screen's first level is its conference. */
    const nav_entry *live = &app->nav.stack[0];
    return live->depth > 0 ? live->level[0].name : "";
}

/* The scope key of an open level: prefix + the row's id (or name). */
static void level_key(const ui_level_spec *ls, const nav_level *l, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", ls->scope_prefix ? ls->scope_prefix : "",
             ls->scope_by_name ? l->name : l->id);
}

const nav_level *nav_scope_level(const ui_app *app, model_table_id t)
{
    if (t == NAV_NO_SCOPE)
        return NULL;
    for (size_t k = app->nav.n; k-- > 0;) {
        const nav_entry *e = &app->nav.stack[k];
        for (unsigned i = 0; e->screen && i < NAV_DEPTH; i++)
            if (e->screen->levels[i].opener && e->screen->levels[i].scope == t)
                return i < e->depth ? &e->level[i] : NULL;
    }
    return NULL;
}

bool nav_scope_key(ui_app *app, model_table_id t, char *buf, size_t size)
{
    if (t == NAV_NO_SCOPE)
        return false;
    for (size_t k = app->nav.n; k-- > 0;) {
        const nav_entry *e = &app->nav.stack[k];
        const ui_screen *s = e->screen;
        if (s && s->scope == t && s->scope_key) {
            s->scope_key(app, buf, size);
            return true;
        }
        for (unsigned i = 0; s && i < NAV_DEPTH; i++) {
            const ui_level_spec *ls = &s->levels[i];
            if (!ls->opener || ls->scope != t)
                continue;
            if (i >= e->depth)
                return false;
            level_key(ls, &e->level[i], buf, size);
            return true;
        }
    }
    return false;
}

/* ---- levels ---------------------------------------------------------------------- */

static void level_scope(ui_app *app, const ui_level_spec *ls, const nav_level *l)
{
    if (ls->scope == NAV_NO_SCOPE)
        return;
    char key[300];
    if (l)
        level_key(ls, l, key, sizeof key);
    model_scope(app->model, ls->scope, l ? key : NULL);
}

/* Close levels i.. of an entry (their tables unscoped). */
static void close_from(ui_app *app, nav_entry *e, unsigned i)
{
    while (e->depth > i) {
        e->depth--;
        level_scope(app, &e->screen->levels[e->depth], NULL);
        e->level[e->depth].id[0] = '\0';
    }
}

/* The panes a new level i shows start from the top. */
static void reset_deeper(ui_app *app, nav_entry *e, unsigned i)
{
    const ui_screen *s = e->screen;
    app_view_reset(app, s->levels[i].focus);
    for (size_t k = 0; k < sizeof s->panes / sizeof s->panes[0]; k++)
        if (s->panes[k].view && s->panes[k].depth > i)
            app_view_reset(app, s->panes[k].view);
}

/* Level i of e shows the row (id, name); deeper levels close when it is
 * another row. The embedded rows of its table are applied. */
static void level_assign(ui_app *app, nav_entry *e, unsigned i, const char *id, const char *name,
                         const json_t *obj)
{
    const ui_level_spec *ls = &e->screen->levels[i];
    nav_level *l = &e->level[i];
    if (i < e->depth && strcmp(l->id, id) == 0 && strcmp(l->name, name) == 0)
        return;
    close_from(app, e, i);
    snprintf(l->id, sizeof l->id, "%s", id);
    snprintf(l->name, sizeof l->name, "%s", name);
    e->depth = i + 1;
    reset_deeper(app, e, i);
    level_scope(app, ls, l);
    const json_t *rows = ls->embedded && obj ? ls->embedded(obj) : NULL;
    l->filled = rows != NULL;
    if (rows)
        model_apply(app->model, ls->scope, (json_t *)rows, app_wall(app), NULL);
}

static void level_open(ui_app *app, nav_entry *e, unsigned i, const model_row *r)
{
    const char *field = e->screen->levels[i].name_field;
    const char *name = field ? jget_str(r->obj, field) : NULL;
    level_assign(app, e, i, r->id, name ? name : r->id, r->obj);
}

static int panes_shown(const ui_screen *s, unsigned depth)
{
    int n = 0;
    for (size_t i = 0; i < sizeof s->panes / sizeof s->panes[0]; i++)
        n += s->panes[i].view && s->panes[i].depth <= depth;
    return n;
}

void nav_selected(ui_app *app, ui_view *v)
{
    int i;
    nav_entry *e = entry_with_opener(app, v->cls, &i);
    if (!e)
        return;
    const ui_level_spec *ls = &e->screen->levels[i];
    const model_row *r = view_selected_row(v);
    unsigned before = e->depth;
    if (ls->always && !r)
        close_from(app, e, (unsigned)i);
    else if (r && (ls->always || (unsigned)i < e->depth) && strcmp(r->id, e->level[i].id) != 0)
        level_open(app, e, (unsigned)i, r);
    else
        return;
    if (panes_shown(e->screen, e->depth) != panes_shown(e->screen, before) && e == top(app))
        app_layout(app);
    app_kick(app);
    app_dirty(app);
}

/* ---- entries ---------------------------------------------------------------------- */

static void entry_drop(ui_app *app, nav_entry *e)
{
    close_from(app, e, 0);
    if (e->screen && e->screen->scope_key)
        model_scope(app->model, e->screen->scope, NULL);
    memset(e, 0, sizeof *e);
}

static void entry_set(ui_app *app, nav_entry *e, const ui_screen *s)
{
    memset(e, 0, sizeof *e);
    e->screen = s;
    if (s->scope_key) {
        char key[300];
        s->scope_key(app, key, sizeof key);
        model_scope(app->model, s->scope, key);
    }
}

static bool jump_to(ui_app *app, const ui_screen *s)
{
    if (!s)
        return false;
    if (top(app)->screen == s)
        return true; /* shown as it was left */
    while (app->nav.n > 1)
        entry_drop(app, &app->nav.stack[--app->nav.n]);
    if (s != app->nav.stack[0].screen)
        entry_set(app, &app->nav.stack[app->nav.n++], s);
    return true;
}

void nav_jump(ui_app *app, const ui_view_class *base)
{
    if (jump_to(app, nav_screen_of(app, base)))
        app_relayout(app, base);
}

void nav_jump_fresh(ui_app *app, const ui_view_class *base)
{
    const ui_screen *s = nav_screen_of(app, base);
    if (!jump_to(app, s))
        return;
    nav_entry *e = top(app);
    if (e != &app->nav.stack[0]) {
        entry_drop(app, e);
        entry_set(app, e, s);
    }
    app_relayout(app, base);
}

void nav_jump_open(ui_app *app, const ui_view_class *base, const char *id)
{
    char want[160];
    snprintf(want, sizeof want, "%s", id);
    const ui_screen *s = nav_screen_of(app, base);
    ui_view *v = app_view(app, base);
    if (!jump_to(app, s) || !v)
        return;
    app_layout(app);
    app_focus_view(app, v);
    v->filter[0] = '\0';
    snprintf(v->selected_id, sizeof v->selected_id, "%s", want);
    view_rebuild(app, v);
    const model_row *r = view_selected_row(v);
    int i = level_index(s, base);
    if (r && i >= 0 && strcmp(r->id, want) == 0) {
        level_open(app, top(app), (unsigned)i, r);
        app_relayout(app, s->levels[i].focus);
    } else {
        app_kick(app);
    }
}

static bool in_panes(ui_app *app, const ui_view_class *cls)
{
    for (size_t i = 0; i < app->npanes; i++)
        if (app->panes[i]->cls == cls)
            return true;
    return false;
}

/* Close the top screen's deepest levels (not `always` ones) until the
 * geometry shows `cls` (a narrow live screen hides the conferences while a
 * participant's media are open). */
static void uncover(ui_app *app, const ui_view_class *cls)
{
    nav_entry *e = top(app);
    while (!in_panes(app, cls) && e->depth > 0 && !e->screen->levels[e->depth - 1].always) {
        close_from(app, e, e->depth - 1);
        app_layout(app);
    }
}

/* The levels a pane needs, opened from their openers' selections. */
static bool open_for_pane(ui_app *app, nav_entry *e, unsigned need)
{
    while (e->depth < need) {
        const ui_level_spec *ls = &e->screen->levels[e->depth];
        ui_view *ov = app_view(app, ls->opener);
        const model_row *r = ov ? view_selected_row(ov) : NULL;
        if (!r) {
            app_message(app, MSG_WARNING, "Select a row in %s first",
                        ls->opener ? ls->opener->title : "the list");
            return false;
        }
        level_open(app, e, e->depth, r);
    }
    return true;
}

void nav_show_view(ui_app *app, const ui_view_class *cls)
{
    if (nav_screen_of(app, cls)) {
        nav_jump(app, cls);
        uncover(app, cls);
        app_focus_class(app, cls);
        return;
    }
    for (size_t k = app->nav.n; k-- > 0;) {
        const ui_screen *s = app->nav.stack[k].screen;
        for (size_t p = 0; s && p < sizeof s->panes / sizeof s->panes[0]; p++) {
            if (s->panes[p].view != cls)
                continue;
            jump_to(app, s);
            if (open_for_pane(app, top(app), s->panes[p].depth))
                app_relayout(app, cls);
            return;
        }
    }
}

/* ---- Enter and Esc ------------------------------------------------------------------ */

void nav_enter(ui_app *app)
{
    ui_view *v = app_focused(app);
    const model_row *r = v ? view_selected_row(v) : NULL;
    if (!r)
        return;
    char id[160];
    snprintf(id, sizeof id, "%s", r->id);
    if (v->cls->enter == ENTER_CALL) {
        char conf[256];
        const char *c = jget_str(r->obj, "conference");
        snprintf(conf, sizeof conf, "%s", c ? c : "");
        nav_jump_to_participant(app, id, conf);
        return;
    }
    if (v->cls->enter == ENTER_OPEN_IN) {
        nav_jump_open(app, v->cls->enter_in, id);
        return;
    }
    nav_entry *e = top(app);
    int i = level_index(e->screen, v->cls);
    if (i < 0)
        return;
    level_open(app, e, (unsigned)i, r);
    app_relayout(app, e->screen->levels[i].focus);
}

void nav_back(ui_app *app)
{
    ui_view *v = app_focused(app);
    nav_entry *e = top(app);
    const ui_screen *s = e->screen;
    if (v && v->filter[0]) {
        v->filter[0] = '\0';
        v->stale = true;
        app_message(app, MSG_INFO, "Filter cleared");
    } else if (e->depth > 0 && !s->levels[e->depth - 1].always) {
        /* Back one level: its opener gets the focus. */
        const ui_view_class *opener = s->levels[e->depth - 1].opener;
        close_from(app, e, e->depth - 1);
        app_relayout(app, opener);
    } else if (app->focus != 0) {
        app->focus = 0;
    } else if (s->back_to) {
        const ui_view_class *to = s->back_to;
        if (!nav_screen_of(app, to))
            return;
        if (s->on_leave)
            s->on_leave(app);
        entry_drop(app, e);
        entry_set(app, e, nav_screen_of(app, to));
        app_relayout(app, to);
    } else if (app->nav.n > 1) {
        entry_drop(app, &app->nav.stack[--app->nav.n]);
        app_layout(app);
        app->focus = 0;
        app_kick(app);
    }
    app_dirty(app);
}

void nav_jump_to_participant(ui_app *app, const char *participant_id, const char *conference_name)
{
    char pid[160], conf[256];
    snprintf(pid, sizeof pid, "%s", participant_id ? participant_id : "");
    snprintf(conf, sizeof conf, "%s", conference_name ? conference_name : "");
    nav_entry *live = &app->nav.stack[0];
    const ui_screen *s = live->screen;
    jump_to(app, s);
    ui_view *cv = app_view(app, s->levels[0].opener);
    ui_view *pv = app_view(app, s->levels[0].focus);
    if (!cv || !pv)
        return;
    /* The conference first (its level decides the participants pane). */
    cv->filter[0] = '\0';
    const model_row *c = app_conference_by_name(app, conf);
    if (c)
        snprintf(cv->selected_id, sizeof cv->selected_id, "%s", c->id);
    view_rebuild(app, cv);
    level_assign(app, live, 0, c ? c->id : "", conf, NULL);
    close_from(app, live, 1);
    app_layout(app);
    pv->filter[0] = '\0';
    snprintf(pv->selected_id, sizeof pv->selected_id, "%s", pid);
    pv->select_first = false;
    view_rebuild(app, pv);
    app_focus_view(app, pv);
    app_kick(app);
    app_dirty(app);
}

/* ---- layout ------------------------------------------------------------------------- */

void nav_add_pane(ui_app *app, const ui_view_class *cls, int y, int x, int h, int w)
{
    ui_view *v = app_view(app, cls);
    if (!v || app->npanes >= UI_MAX_PANES || h <= 0)
        return;
    app->pane_rect[app->npanes] = (ui_rect){y, x, h, w};
    app->panes[app->npanes++] = v;
}

int nav_list_height(ui_app *app, model_table_id t, int h)
{
    const model_table *tb = model_get(app->model, t);
    int rows = tb ? (int)model_table_live_count(tb) : 0;
    int want = rows + 3, cap = h * 2 / 5;
    if (want > cap)
        want = cap;
    return want > 6 ? want : 6;
}

static int pane_lines(ui_app *app, const ui_pane_spec *p, int h, int shown)
{
    switch (p->height) {
    case PANE_SHARE:
        return h / shown;
    case PANE_LIST:
        return nav_list_height(app, p->view->table, h);
    case PANE_LINES:
        return p->lines;
    default:
        return h;
    }
}

void nav_layout(ui_app *app, int top_y, int h, int w)
{
    const nav_entry *e = top(app);
    const ui_screen *s = e->screen;
    if (!s)
        return;
    if (s->arrange) {
        s->arrange(app, s, e->depth, top_y, h, w);
        return;
    }
    const size_t max = sizeof s->panes / sizeof s->panes[0];
    int shown = 0, done = 0, y = top_y, left = h;
    for (size_t i = 0; i < max; i++)
        shown += s->panes[i].view && s->panes[i].depth <= e->depth;
    for (size_t i = 0; i < max; i++) {
        const ui_pane_spec *p = &s->panes[i];
        if (!p->view || p->depth > e->depth)
            continue;
        int lines = ++done == shown ? left : pane_lines(app, p, h, shown);
        if (lines > left)
            lines = left;
        nav_add_pane(app, p->view, y, 0, lines, w);
        y += lines;
        left -= lines;
    }
}
