/* Drawing the modal prompt: confirmation line, form with its candidates,
 * picker box (the state and keys are prompt.c's). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "common/sanitize.h"
#include "ui/core/app.h"
#include "ui/tty/draw.h"
#include "ui/widgets/prompt_internal.h"
#include "ui/tty/style.h"

/* ---- drawing ------------------------------------------------------------------------------ */

/* A line of text ending at the cursor: keep the end visible. */
static const char *tail_fitting(const char *s, int width)
{
    int w = text_width(s);
    while (w > width && *s) {
        unsigned cp;
        s += utf8_decode(s, strlen(s), &cp);
        w -= codepoint_width(cp);
    }
    return s;
}

static void render_confirm(prompt_state *ps)
{
    int y = LINES - 1;
    attr_t a = style_attr(SLOT_BANNER_WARNING) | A_BOLD;
    draw_fill(y, 0, COLS, a);
    char line[480];
    snprintf(line, sizeof line, " %s [y/N] ", ps->question);
    int x = draw_text(y, 0, COLS - 1, line, a, false, false);
    draw_text(y, x, 1, " ", a | A_REVERSE, false, false);
}

static void render_candidates(struct ui_app *app, prompt_state *ps)
{
    const form_field *f = &ps->fields[ps->current];
    if (!f->complete && !f->nchoices)
        return;
    int width = COLS < 100 ? COLS : 100;
    size_t n = ps->nmatch < POPUP_LINES ? ps->nmatch : POPUP_LINES;
    int lines = (int)n + 1;
    int y0 = LINES - 1 - lines;
    if (y0 < 1)
        return;
    attr_t body = style_attr(SLOT_HELP), sel = style_attr(SLOT_SELECTION);
    char head[240];
    if (ps->nmatch == 0 && ps->cand_status[0])
        snprintf(head, sizeof head, " %s", ps->cand_status);
    else if (ps->nmatch > n)
        snprintf(head, sizeof head, " %zu matches (%zu more; type to narrow, Tab completes)",
                 ps->nmatch, ps->nmatch - n);
    else
        snprintf(head, sizeof head, " %zu match%s (Tab completes)", ps->nmatch,
                 ps->nmatch == 1 ? "" : "es");
    char clean[240];
    sanitize_into(clean, sizeof clean, head);
    draw_fill(y0, 0, width, style_attr(SLOT_TITLE_FOCUS));
    draw_text(y0, 0, width, clean, style_attr(SLOT_TITLE_FOCUS), false, false);
    /* While cycling, keep the current choice in the window. */
    size_t first = 0;
    if (ps->cycling && ps->cycle_index >= n)
        first = ps->cycle_index - n + 1;
    for (size_t i = 0; i < n; i++) {
        size_t m = first + i;
        const prompt_candidate *c = &ps->cands[ps->match[m]];
        bool current = ps->cycling && m == ps->cycle_index;
        attr_t a = current ? sel : body;
        int y = y0 + 1 + (int)i;
        char v[PROMPT_TEXT_MAX], note[160];
        sanitize_into(v, sizeof v, c->value);
        sanitize_into(note, sizeof note, c->note);
        draw_fill(y, 0, width, a);
        int vw = width * 3 / 5;
        draw_text(y, 1, vw - 2, v, a, false, false);
        if (note[0])
            draw_text(y, vw, width - vw - 1, note, current ? a : style_attr(SLOT_DIM), false,
                      false);
    }
    (void)app;
}

static void render_form(struct ui_app *app, prompt_state *ps)
{
    int y = LINES - 1;
    attr_t a = style_attr(SLOT_PROMPT);
    draw_fill(y, 0, COLS, a);
    char lead[300];
    const form_field *f = &ps->fields[ps->current];
    if (ps->nfields > 1)
        snprintf(lead, sizeof lead, " %s (%zu/%zu): ", f->label, ps->current + 1, ps->nfields);
    else
        snprintf(lead, sizeof lead, " %s: ", f->label);
    char shown[PROMPT_TEXT_MAX * 2];
    sanitize_into(shown, sizeof shown, ps->text);
    /* The label keeps up to two thirds of the line; the hint only shows
     * when everything else fits. */
    const char *hint = "  Enter OK  Esc cancel ";
    int hw = text_width(hint), room = COLS - 2;
    int lw = text_width(lead);
    if (lw > room * 2 / 3)
        lw = room * 2 / 3;
    bool with_hint = lw + text_width(shown) + 1 + hw <= room;
    if (with_hint)
        room -= hw;
    int x = draw_text(y, 0, lw, lead, a | A_BOLD, false, false);
    x += draw_text(y, x, room - x, tail_fitting(shown, room - x), a, false, false);
    draw_text(y, x, 1, " ", a | A_REVERSE, false, false);
    if (with_hint)
        draw_text(y, COLS - hw, hw, hint, a, false, false);
    render_candidates(app, ps);
}

static void render_picker(prompt_state *ps)
{
    int w = COLS - 4 < PICKER_WIDTH ? COLS - 4 : PICKER_WIDTH;
    int rows = (int)ps->nitems < LINES - 8 ? (int)ps->nitems : LINES - 8;
    if (rows < 1)
        rows = 1;
    int h = rows + 4;
    if (w < 20 || h > LINES)
        return;
    int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
    attr_t body = style_attr(SLOT_HELP);
    for (int y = 0; y < h; y++)
        draw_fill(y0 + y, x0, w, body);
    draw_box(y0, x0, h, w, style_attr(SLOT_BORDER_FOCUS));
    char title[440];
    snprintf(title, sizeof title, " %s ", ps->question);
    draw_text(y0, x0 + 2, w - 4, title, style_attr(SLOT_TITLE_FOCUS), false, false);
    char filter[PROMPT_TEXT_MAX + 16], shown[PROMPT_TEXT_MAX];
    sanitize_into(shown, sizeof shown, ps->text);
    snprintf(filter, sizeof filter, "Filter: %s", shown);
    int x =
        x0 + 2 + draw_text(y0 + 1, x0 + 2, w - 5, filter, style_attr(SLOT_PROMPT), false, false);
    draw_text(y0 + 1, x, 1, " ", style_attr(SLOT_PROMPT) | A_REVERSE, false, false);
    if (ps->sel < ps->top)
        ps->top = ps->sel;
    if (ps->sel >= ps->top + (size_t)rows)
        ps->top = ps->sel - (size_t)rows + 1;
    if (ps->nshown == 0)
        draw_text(y0 + 2, x0 + 2, w - 4, "(nothing matches)", style_attr(SLOT_DIM), false, false);
    for (int i = 0; i < rows && ps->top + (size_t)i < ps->nshown; i++) {
        size_t k = ps->top + (size_t)i;
        const picker_entry *e = &ps->items[ps->shown[k]];
        bool sel = k == ps->sel;
        attr_t a = sel ? style_attr(SLOT_SELECTION) : body;
        int y = y0 + 2 + i;
        draw_fill(y, x0 + 1, w - 2, a);
        draw_text(y, x0 + 2, 1, sel ? ">" : " ", a, false, false);
        draw_text(y, x0 + 4, 18, e->label, sel ? a : style_attr(SLOT_HELP_KEY), false, false);
        draw_text(y, x0 + 23, w - 25, e->desc, a, false, false);
    }
    draw_text(y0 + h - 1, x0 + 2, w - 4,
              " type to narrow, arrows move, Enter applies, Esc cancels ",
              style_attr(SLOT_BORDER_FOCUS), false, false);
}

void prompt_render(struct ui_app *app)
{
    prompt_state *ps = prompt_state_of(app);
    if (!prompt_active(ps))
        return;
    switch (ps->kind) {
    case PK_CONFIRM:
        render_confirm(ps);
        break;
    case PK_FORM:
        render_form(app, ps);
        break;
    case PK_PICKER:
        render_picker(ps);
        break;
    case PK_NONE:
        break;
    }
}
