/* One frame: header, panes, status line, overlays. Everything is drawn into
 * curses' virtual screen and sent with a single doupdate(), so the terminal
 * receives only the cells that differ from the previous frame. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/core/app.h"
#include "ui/tty/draw.h"
#include "ui/theme/glyph.h"
#include "ui/control/control.h"
#include "ui/tty/style.h"
#include "ui/data/fetch.h"
#include "ui/widgets/prompt.h"
#include "ui/input/commands.h"
#include "ui/render/render.h"
#include "ui/nav/screens.h"

#define MAX_COLS 32

/* ---- header and status line ------------------------------------------------- */

static void host_of_url(const char *url, char *out, size_t size)
{
    const char *p = url ? strstr(url, "://") : NULL;
    p = p ? p + 3 : (url ? url : "");
    char raw[256];
    snprintf(raw, sizeof raw, "%s", p);
    char *slash = strchr(raw, '/');
    if (slash)
        *slash = '\0';
    sanitize_into(out, size, raw);
}

/* Draw one header segment, returning the next x. */
static int header_part(int x, const char *text, theme_slot slot)
{
    if (x >= COLS - 1)
        return x;
    int w = text_width(text);
    if (w > COLS - x - 1)
        w = COLS - x - 1;
    x += draw_text(0, x, w, text, style_attr(slot), false, false);
    return x + draw_text(0, x, 3, " | ", style_attr(SLOT_HEADER), false, false);
}

static void render_header(ui_app *app)
{
    attr_t base = style_attr(SLOT_HEADER);
    draw_fill(0, 0, COLS, base);
    char host[128], buf[512], profile[64];
    host_of_url(app->server_url, host, sizeof host);
    sanitize_into(profile, sizeof profile, app->cfg->profile ? app->cfg->profile : "default");
    int x = 0;
    if (COLS >= 100) {
        x = draw_text(0, 0, 8, " pexcon ", base | A_BOLD, false, false);
        x += draw_text(0, x, 3, "| ", base, false, false);
    } else {
        x = draw_text(0, 0, 1, " ", base, false, false);
    }
    if (app->cfg->demo)
        snprintf(buf, sizeof buf, "demo @ %s", host);
    else
        snprintf(buf, sizeof buf, "%s @ %s", profile, host[0] ? host : "(no url)");
    x = header_part(x, buf, SLOT_HEADER);
    theme_slot st;
    char conn[96];
    fetch_connection_text(app, conn, sizeof conn, &st);
    snprintf(buf, sizeof buf, "%s %s", glyph_dot(app->ascii), conn);
    x = header_part(x, buf, st == SLOT_QUALITY_GOOD ? SLOT_HEADER : st);
    if (app->paused)
        x = header_part(x, "PAUSED", SLOT_BANNER_WARNING);
    if (app->cfg->read_only)
        x = header_part(x, "READ-ONLY", SLOT_BANNER_INFO);
    double age = fetch_data_age(app);
    bool stale = fetch_data_stale(app);
    /* Narrow terminals keep the age only when it is a warning, to leave
     * room for the platform summary. */
    if (age >= 0 && (COLS >= 120 || stale)) {
        snprintf(buf, sizeof buf, "data %.0fs old", floor(age));
        x = header_part(x, buf, stale ? SLOT_BANNER_WARNING : SLOT_HEADER);
    }
    /* Conferences, participants, alarms by level, the busiest node. */
    ui_header_part parts[4];
    size_t n = screens_header_parts(app, COLS, parts, 4);
    for (size_t i = 0; i < n; i++)
        x = header_part(x, parts[i].text, parts[i].slot);
    (void)x;
}

/* While a prompt holds the status line, a message raised since it opened
 * (Tab's list of candidates, a refusal) is shown dimmed at its right end
 * instead of being hidden until the prompt closes. */
static void render_prompt_message(ui_app *app, int y, int x, attr_t attr)
{
    if (!app->message[0] || app->message_time < app->prompt.opened_at)
        return;
    int room = COLS - x - 2;
    if (room < 12)
        return;
    int w = text_width(app->message);
    if (w > room)
        w = room;
    draw_text(y, COLS - w - 1, w, app->message, attr | A_DIM, false, false);
}

static void render_status(ui_app *app)
{
    int y = LINES - 1;
    attr_t base = style_attr(SLOT_STATUS);
    draw_fill(y, 0, COLS, base);
    if (app->prompt.kind != PROMPT_NONE) {
        attr_t pa = style_attr(SLOT_PROMPT);
        draw_fill(y, 0, COLS, pa);
        const char *lead = app->prompt.kind == PROMPT_COMMAND ? ":" : "/";
        char shown[300];
        sanitize_into(shown, sizeof shown, app->prompt.text);
        int x = draw_text(y, 0, 1, lead, pa, false, false);
        /* Keep the end of a long entry (where the cursor is) visible. */
        int w = text_width(shown);
        const char *s = shown;
        while (w > COLS - 3 && *s) {
            unsigned cp;
            s += utf8_decode(s, strlen(s), &cp);
            w -= codepoint_width(cp);
        }
        x += draw_text(y, x, COLS - 2, s, pa, false, false);
        x += draw_text(y, x, 1, " ", pa | A_REVERSE, false, false);
        render_prompt_message(app, y, x, pa);
        return;
    }
    const char *hint = " ? help  : command  / filter  q quit ";
    int hw = text_width(hint);
    bool show_msg = app->message[0] &&
                    (app->message_level == MSG_ERROR || app_mono(app) - app->message_time < 10.0);
    if (show_msg) {
        theme_slot s = app->message_level == MSG_ERROR     ? SLOT_BANNER_ERROR
                       : app->message_level == MSG_WARNING ? SLOT_BANNER_WARNING
                                                           : SLOT_STATUS;
        int w = COLS - hw - 1;
        if (w < 20)
            w = COLS;
        char msg[600];
        snprintf(msg, sizeof msg, " %s", app->message);
        draw_text(y, 0, w, msg, style_attr(s), false, false);
    }
    if (COLS - hw > 20)
        draw_text(y, COLS - hw, hw, hint, base, false, false);
}

/* ---- tables ------------------------------------------------------------------ */

static void render_spark(int y, int x, int width, const ui_cell *c, attr_t attr, bool ascii)
{
    size_t n = c->nspark;
    size_t from = n > (size_t)width ? n - (size_t)width : 0;
    float max = c->spark_max;
    if (max <= 0) {
        for (size_t i = from; i < n; i++)
            if (c->spark[i] > max)
                max = c->spark[i];
    }
    char line[4 * 256 + 1];
    size_t len = 0;
    for (size_t i = from; i < n && len + 4 < sizeof line; i++) {
        int level = max > 0 ? (int)lroundf(c->spark[i] / max * 7.0f) : 0;
        const char *g = glyph_spark(level, ascii);
        size_t gl = strlen(g);
        memcpy(line + len, g, gl);
        len += gl;
    }
    line[len] = '\0';
    draw_text(y, x, width, line, attr, true, false);
}

static theme_slot row_base_slot(const model_row *row, bool selected, bool focused, double now)
{
    ui_row_cue cue = view_row_cue(row, now);
    if (cue == ROW_CUE_GONE)
        return selected ? SLOT_SELECTION : SLOT_FLASH_GONE;
    if (cue == ROW_CUE_NEW)
        return selected ? (focused ? SLOT_SELECTION : SLOT_SELECTION_INACTIVE) : SLOT_FLASH_NEW;
    if (selected)
        return focused ? SLOT_SELECTION : SLOT_SELECTION_INACTIVE;
    return SLOT_NORMAL;
}

static void render_row(ui_app *app, ui_view *v, size_t index, int y, const ui_rect *r,
                       const size_t *cols, const int *widths, size_t ncols, bool focused,
                       double now)
{
    const model_row *row = v->rows.rows[index];
    bool selected = index == v->selected;
    theme_slot base_slot = row_base_slot(row, selected, focused, now);
    /* A command in flight, a marked participant, else the change cue. */
    const char *mark = control_row_mark(app, v, row, now);
    attr_t base = style_attr(base_slot);
    bool plain_row = base_slot == SLOT_NORMAL;
    int subrows = v->cls->subrows > 0 ? v->cls->subrows : 1;
    for (int sub = 0; sub < subrows && y + sub < r->y + r->h; sub++) {
        int yy = y + sub;
        draw_fill(yy, r->x, r->w, base);
        draw_text(yy, r->x, 1, sub == 0 ? mark : " ", base, false, false);
        int x = r->x + 1;
        for (size_t k = 0; k < ncols; k++) {
            const ui_column *col = &v->cls->columns[cols[k]];
            ui_cell cell;
            view_cell(app, v, cols[k], row, sub, &cell);
            attr_t a = base;
            if (plain_row) {
                if (cell.field && model_row_field_is_fresh(row, cell.field, now, UI_FLASH_SECONDS))
                    a = style_attr(SLOT_FLASH_CHANGED);
                else if (cell.slot != SLOT_NORMAL)
                    a = style_attr(cell.slot);
            }
            int w = widths[k];
            int cx = x;
            if (k == 0 && v->indent && v->indent[index] && sub == 0) {
                cx += draw_text(yy, cx, w, glyph_leg(app->ascii), style_attr(SLOT_DIM) | 0, false,
                                false);
                cx += draw_text(yy, cx, 1, " ", base, false, false);
                w -= cx - x;
            }
            if (cell.spark && cell.nspark) {
                render_spark(yy, cx, w, &cell, plain_row ? style_attr(cell.spark_slot) : base,
                             app->ascii);
            } else if (w > 0) {
                draw_text(yy, cx, w, cell.text, a, false, col->right);
            }
            x += widths[k] + 1;
        }
    }
}

static void render_column_header(ui_app *app, ui_view *v, int y, const ui_rect *r,
                                 const size_t *cols, const int *widths, size_t ncols)
{
    attr_t a = style_attr(SLOT_COLUMN_HEADER);
    draw_fill(y, r->x, r->w, a);
    int x = r->x + 1;
    for (size_t k = 0; k < ncols; k++) {
        const ui_column *col = &v->cls->columns[cols[k]];
        char title[64];
        if ((int)cols[k] == v->sort_col && widths[k] > 1) {
            /* The direction mark always shows: the title gives way. */
            char cut[64];
            text_fit(cut, sizeof cut, col->title, widths[k] - 1, false, app->ascii);
            bool descending = v->sort_reverse != col->sort_descending;
            snprintf(title, sizeof title, "%s%s", cut, glyph_sort(descending, app->ascii));
        } else {
            snprintf(title, sizeof title, "%s", col->title);
        }
        draw_text(y, x, widths[k], title, a, false, col->right);
        x += widths[k] + 1;
    }
}

/* Keep the selection visible: scroll only as much as needed. */
static void view_scroll_to_selection(ui_view *v, int visible)
{
    if (visible <= 0)
        return;
    if (v->selected < v->top)
        v->top = v->selected;
    if (v->selected >= v->top + (size_t)visible)
        v->top = v->selected - (size_t)visible + 1;
    if (v->top + (size_t)visible > v->rows.count)
        v->top = v->rows.count > (size_t)visible ? v->rows.count - (size_t)visible : 0;
}

static void render_pane_title(ui_app *app, ui_view *v, const ui_rect *r, bool focused)
{
    attr_t border = style_attr(focused ? SLOT_BORDER_FOCUS : SLOT_BORDER);
    draw_hline(r->y, r->x, r->w, border);
    char title[600], extra[300] = "";
    if (v->cls->title_text)
        v->cls->title_text(app, v, title, sizeof title);
    else
        snprintf(title, sizeof title, "%s", v->cls->title);
    if (v->filter[0]) {
        char f[140];
        sanitize_into(f, sizeof f, v->filter);
        snprintf(extra, sizeof extra, " filter: %s ", f);
    }
    char full[1000];
    snprintf(full, sizeof full, " %s ", title);
    int x = r->x + 1;
    x += draw_text(r->y, x, r->w - 2, full, style_attr(focused ? SLOT_TITLE_FOCUS : SLOT_TITLE),
                   false, false);
    if (extra[0] && x < r->x + r->w - 4)
        draw_text(r->y, x + 1, r->x + r->w - x - 2, extra, style_attr(SLOT_BANNER_INFO), false,
                  false);
}

static void render_view(ui_app *app, ui_view *v, const ui_rect *r, bool focused, double now)
{
    if (v->stale)
        view_rebuild(app, v);
    render_pane_title(app, v, r, focused);
    ui_rect body = {r->y + 2, r->x, r->h - 2, r->w};
    v->rect = body;
    if (body.h <= 0)
        return;
    size_t cols[MAX_COLS];
    int widths[MAX_COLS];
    size_t ncols = view_fit_columns(v->cls, body.w - 1, cols, widths);
    render_column_header(app, v, r->y + 1, r, cols, widths, ncols);
    int subrows = v->cls->subrows > 0 ? v->cls->subrows : 1;
    int visible = body.h / subrows;
    v->page_rows = visible > 1 ? visible : 1;
    if (v->rows.count == 0) {
        const char *empty = v->filter[0] ? "No rows match the filter" : v->cls->empty_text;
        char problem[300];
        theme_slot slot = SLOT_DIM;
        if (fetch_table_problem(app, v->cls->table, problem, sizeof problem)) {
            empty = problem;
            slot = SLOT_WARNING;
        } else if (!model_table_loaded(model_get(app->model, v->cls->table))) {
            empty = "Loading...";
        }
        draw_text(body.y, body.x + 2, body.w - 2, empty ? empty : "", style_attr(slot), false,
                  false);
        return;
    }
    view_scroll_to_selection(v, visible);
    for (int i = 0; i < visible && v->top + (size_t)i < v->rows.count; i++)
        render_row(app, v, v->top + (size_t)i, body.y + i * subrows, &body, cols, widths, ncols,
                   focused, now);
}

/* ---- help overlay ------------------------------------------------------------- */

static const char *context_title(const char *ctx)
{
    if (strcmp(ctx, "global") == 0)
        return "Everywhere";
    if (strcmp(ctx, "list") == 0)
        return "Lists";
    if (strcmp(ctx, "prompt") == 0)
        return "Command line and filter";
    return control_context_title(ctx);
}

typedef struct help_line {
    char keys[64];
    char text[160];
    theme_slot slot;  /* SLOT_HELP_KEY for key lines, else a heading */
    bool unavailable; /* shown dimmed: the action cannot run now (read-only) */
} help_line;

static void help_heading(help_line *lines, size_t *n, size_t max, const char *title)
{
    if (*n && *n < max) {
        lines[*n] = (help_line){.slot = SLOT_HELP};
        (*n)++;
    }
    if (*n < max) {
        lines[*n] = (help_line){.slot = SLOT_TITLE_FOCUS};
        snprintf(lines[*n].text, sizeof lines[*n].text, "%s", title);
        (*n)++;
    }
}

static void help_entry(help_line *lines, size_t *n, size_t max, const char *keys, const char *text)
{
    if (*n >= max)
        return;
    lines[*n] = (help_line){.slot = SLOT_HELP_KEY};
    snprintf(lines[*n].keys, sizeof lines[*n].keys, "%s", keys);
    snprintf(lines[*n].text, sizeof lines[*n].text, "%s", text);
    (*n)++;
}

/* The help text is generated from the keymap, so rebinding a key or adding
 * an action shows up here without further work. */
static size_t help_lines(ui_app *app, help_line *lines, size_t max)
{
    size_t n = 0;
    const char *contexts[64];
    size_t nctx = 0;
    for (size_t i = 0; i < keymap_count(app->keys); i++) {
        const char *c = keymap_at(app->keys, i)->context;
        bool seen = false;
        for (size_t k = 0; k < nctx; k++)
            if (strcmp(contexts[k], c) == 0)
                seen = true;
        if (!seen && nctx < sizeof contexts / sizeof contexts[0])
            contexts[nctx++] = c;
    }
    for (size_t c = 0; c < nctx; c++) {
        const char *t = context_title(contexts[c]);
        char title[80];
        if (t)
            snprintf(title, sizeof title, "%s", t);
        else
            snprintf(title, sizeof title, "In the %s pane", contexts[c]);
        help_heading(lines, &n, max, title);
        for (size_t i = 0; i < keymap_count(app->keys); i++) {
            const keymap_action *a = keymap_at(app->keys, i);
            if (strcmp(a->context, contexts[c]) != 0)
                continue;
            char keys[64];
            keymap_keys_text(app->keys, a, keys, sizeof keys);
            const char *why = NULL;
            if (control_action_disabled(app, a, &why)) {
                char text[200];
                snprintf(text, sizeof text, "%s (%s)", a->help, why);
                help_entry(lines, &n, max, keys[0] ? keys : "(unbound)", text);
                if (n > 0)
                    lines[n - 1].unavailable = true;
            } else {
                help_entry(lines, &n, max, keys[0] ? keys : "(unbound)", a->help);
            }
        }
    }
    help_heading(lines, &n, max, "Commands (type : then Tab to complete)");
    char cmd_keys[16][64];
    const char *cmd_texts[16];
    size_t ncmd = commands_help(cmd_keys, cmd_texts, 16);
    for (size_t i = 0; i < ncmd; i++)
        help_entry(lines, &n, max, cmd_keys[i], cmd_texts[i]);
    for (size_t i = 0; i < ui_view_class_count; i++) {
        const ui_view_class *cls = ui_view_classes[i];
        char name[64], text[160];
        if (cls->sub_view)
            continue;
        snprintf(name, sizeof name, ":%s", cls->name);
        if (cls->help)
            snprintf(text, sizeof text, "%s", cls->help);
        else
            snprintf(text, sizeof text, "Show the %s pane", cls->name);
        help_entry(lines, &n, max, name, text);
    }
    return n;
}

static void render_help(ui_app *app)
{
    static help_line lines[200];
    size_t n = help_lines(app, lines, 200);
    int w = COLS - 8 < 76 ? COLS - 8 : 76;
    int h = LINES - 4;
    if (w < 20 || h < 5)
        return;
    int y0 = 2, x0 = (COLS - w) / 2;
    attr_t body = style_attr(SLOT_HELP);
    for (int y = 0; y < h; y++)
        draw_fill(y0 + y, x0, w, body);
    draw_box(y0, x0, h, w, style_attr(SLOT_BORDER_FOCUS));
    draw_text(y0, x0 + 2, w - 4, " Help: keys (? or Esc closes, j/k scroll) ",
              style_attr(SLOT_TITLE_FOCUS), false, false);
    int inner = h - 2;
    if (app->help_scroll + (size_t)inner > n)
        app->help_scroll = n > (size_t)inner ? n - (size_t)inner : 0;
    for (int i = 0; i < inner && app->help_scroll + (size_t)i < n; i++) {
        const help_line *l = &lines[app->help_scroll + (size_t)i];
        int y = y0 + 1 + i;
        if (l->slot == SLOT_HELP_KEY) {
            attr_t dim = style_attr(SLOT_DIM) | A_DIM;
            draw_text(y, x0 + 2, 18, l->keys, l->unavailable ? dim : style_attr(SLOT_HELP_KEY),
                      false, false);
            draw_text(y, x0 + 21, w - 23, l->text, l->unavailable ? dim : body, false, false);
        } else {
            draw_text(y, x0 + 2, w - 4, l->text, style_attr(l->slot) | A_BOLD, false, false);
        }
    }
}

/* ---- frame ---------------------------------------------------------------------- */

static void render_too_small(ui_app *app)
{
    char msg[160];
    snprintf(msg, sizeof msg, "Terminal too small: %dx%d (pexcon needs %dx%d)", COLS, LINES,
             UI_MIN_COLS, UI_MIN_ROWS);
    int y = LINES / 2;
    int w = text_width(msg);
    int x = COLS > w ? (COLS - w) / 2 : 0;
    draw_text(y > 0 ? y - 1 : 0, x, COLS - x, msg, style_attr(SLOT_BANNER_WARNING), false, false);
    const char *sub = "Enlarge the window, or press q to quit";
    int sw = text_width(sub);
    draw_text(y + 1 < LINES ? y + 1 : y, COLS > sw ? (COLS - sw) / 2 : 0, COLS, sub, A_NORMAL,
              false, false);
}

void render_frame(ui_app *app)
{
    if (app->theme_changed) {
        style_apply(&app->theme, &app->caps);
        app->theme_changed = false;
    }
    if (app->repaint) {
        clearok(curscr, TRUE);
        app->repaint = false;
    }
    erase();
    if (app->too_small) {
        render_too_small(app);
    } else {
        double now = app_wall(app);
        render_header(app);
        for (size_t i = 0; i < app->npanes; i++)
            render_view(app, app->panes[i], &app->pane_rect[i], i == app->focus, now);
        for (size_t i = 0; i < app->npanes; i++) {
            /* Vertical separators between side-by-side panes. */
            const ui_rect *r = &app->pane_rect[i];
            if (r->x + r->w < COLS)
                draw_vline(r->y, r->x + r->w, r->h, style_attr(SLOT_BORDER));
        }
        render_status(app);
        if (!app->too_small)
            prompt_render(app);
        if (app->help_open)
            render_help(app);
    }
    wnoutrefresh(stdscr);
    doupdate();
}
