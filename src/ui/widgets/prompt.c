/* Modal prompts: confirmations, line forms with completion, pickers.
 * See prompt.h. The state belongs to the app (app->modal); nothing here
 * talks to the network. */
#include "ui/widgets/prompt.h"
#include "ui/core/lineedit.h"
#include "ui/widgets/prompt_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/sanitize.h"
#include "common/xmalloc.h"
#include "ui/core/app.h"

/* ---- pure helpers ---------------------------------------------------------- */

bool prompt_has_prefix(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (!*s || tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
    return true;
}

bool prompt_contains(const char *s, const char *needle)
{
    if (!*needle)
        return true;
    for (; *s; s++)
        if (prompt_has_prefix(s, needle))
            return true;
    return false;
}

size_t prompt_common_prefix(const char *const *s, size_t n)
{
    if (n == 0)
        return 0;
    size_t len = strlen(s[0]);
    for (size_t i = 1; i < n; i++) {
        size_t k = 0;
        while (k < len && s[i][k] &&
               tolower((unsigned char)s[i][k]) == tolower((unsigned char)s[0][k]))
            k++;
        len = k;
    }
    /* Never cut a UTF-8 sequence in half. */
    while (len > 0 && ((unsigned char)s[0][len] & 0xC0) == 0x80)
        len--;
    return len;
}

/* ---- state ---------------------------------------------------------------------- */

/* The modal prompt belongs to the app (control creates it at start). */
prompt_state *prompt_state_of(struct ui_app *app)
{
    return app ? app->modal : NULL;
}

prompt_state *prompt_state_new(void)
{
    prompt_state *ps = xcalloc(1, sizeof *ps);
    ps->cands = xcalloc(CAND_MAX, sizeof *ps->cands);
    ps->match = xcalloc(CAND_MAX, sizeof *ps->match);
    return ps;
}

static void picker_clear(prompt_state *ps)
{
    for (size_t i = 0; i < ps->nitems; i++) {
        free(ps->items[i].value);
        free(ps->items[i].label);
        free(ps->items[i].desc);
    }
    free(ps->items);
    free(ps->shown);
    ps->items = NULL;
    ps->shown = NULL;
    ps->nitems = ps->nshown = ps->sel = ps->top = 0;
}

/* Close the prompt and call its callback as cancelled or answered. The
 * state is reset first so that the callback may open the next prompt. */
static void finish(struct ui_app *app, prompt_state *ps, bool accepted, const char *picked)
{
    prompt_kind kind = ps->kind;
    void *ctx = ps->ctx;
    prompt_confirm_cb ccb = ps->confirm_cb;
    prompt_form_cb fcb = ps->form_cb;
    prompt_pick_cb pcb = ps->pick_cb;
    char *pick = picked ? xstrdup(picked) : NULL;
    const char *values[PROMPT_MAX_FIELDS];
    char saved[PROMPT_MAX_FIELDS][PROMPT_TEXT_MAX];
    for (size_t i = 0; i < PROMPT_MAX_FIELDS; i++) {
        memcpy(saved[i], ps->values[i], sizeof saved[i]);
        values[i] = saved[i];
    }
    ps->kind = PK_NONE;
    ps->ctx = NULL;
    picker_clear(ps);
    app_dirty(app);
    switch (kind) {
    case PK_CONFIRM:
        ccb(app, ctx, accepted);
        break;
    case PK_FORM:
        fcb(app, ctx, accepted, values);
        break;
    case PK_PICKER:
        pcb(app, ctx, accepted ? pick : NULL);
        break;
    case PK_NONE:
        break;
    }
    free(pick);
}

void prompt_state_free(struct ui_app *app, prompt_state *ps)
{
    if (!ps)
        return;
    if (ps->kind != PK_NONE)
        finish(app, ps, false, NULL);
    picker_clear(ps);
    free(ps->cands);
    free(ps->match);
    free(ps);
}

bool prompt_active(const prompt_state *ps)
{
    return ps && ps->kind != PK_NONE;
}

static prompt_state *open_prompt(struct ui_app *app)
{
    prompt_state *ps = prompt_state_of(app);
    if (ps && ps->kind != PK_NONE)
        finish(app, ps, false, NULL);
    return ps;
}

/* ---- confirmation ---------------------------------------------------------------- */

void prompt_confirm(struct ui_app *app, const char *question, prompt_confirm_cb cb, void *ctx)
{
    prompt_state *ps = open_prompt(app);
    if (!ps) {
        cb(app, ctx, false);
        return;
    }
    ps->kind = PK_CONFIRM;
    ps->ctx = ctx;
    ps->confirm_cb = cb;
    sanitize_into(ps->question, sizeof ps->question, question);
    app_dirty(app);
}

static void confirm_key(struct ui_app *app, prompt_state *ps, ui_key key)
{
    /* Only an explicit yes sends; Enter takes the default, which is No. */
    finish(app, ps, key == 'y' || key == 'Y', NULL);
}

/* ---- form -------------------------------------------------------------------------- */

static void form_load_candidates(struct ui_app *app, prompt_state *ps)
{
    const form_field *f = &ps->fields[ps->current];
    ps->ncands = 0;
    ps->cand_status[0] = '\0';
    if (f->complete) {
        ps->ncands =
            f->complete(app, ps->ctx, ps->cands, CAND_MAX, ps->cand_status, sizeof ps->cand_status);
        if (ps->ncands > CAND_MAX)
            ps->ncands = CAND_MAX;
    } else {
        for (size_t i = 0; i < f->nchoices && i < CAND_MAX; i++) {
            snprintf(ps->cands[i].value, sizeof ps->cands[i].value, "%s", f->choices[i]);
            ps->cands[i].note[0] = '\0';
            ps->ncands++;
        }
    }
}

/* Matches of the text (or, while cycling, of the text before the first
 * Tab): prefix matches first; when there are none, substring matches of
 * the value or the note. */
static void form_match(prompt_state *ps)
{
    const char *t = ps->cycling ? ps->cycle_base : ps->text;
    ps->nmatch = 0;
    for (size_t i = 0; i < ps->ncands; i++)
        if (prompt_has_prefix(ps->cands[i].value, t))
            ps->match[ps->nmatch++] = i;
    ps->prefix_matches = true;
    if (ps->nmatch == 0 && *t) {
        ps->prefix_matches = false;
        for (size_t i = 0; i < ps->ncands; i++)
            if (prompt_contains(ps->cands[i].value, t) || prompt_contains(ps->cands[i].note, t))
                ps->match[ps->nmatch++] = i;
    }
}

static void form_set_text(prompt_state *ps, const char *s)
{
    snprintf(ps->text, sizeof ps->text, "%s", s ? s : "");
}

static void form_enter_field(struct ui_app *app, prompt_state *ps)
{
    form_set_text(ps, ps->fields[ps->current].initial);
    ps->cycling = false;
    form_load_candidates(app, ps);
    form_match(ps);
}

void prompt_form(struct ui_app *app, const prompt_field *fields, size_t nfields, prompt_form_cb cb,
                 void *ctx)
{
    prompt_state *ps = open_prompt(app);
    if (!ps || nfields == 0) {
        cb(app, ctx, false, NULL);
        return;
    }
    if (nfields > PROMPT_MAX_FIELDS)
        nfields = PROMPT_MAX_FIELDS;
    memset(ps->fields, 0, sizeof ps->fields);
    memset(ps->values, 0, sizeof ps->values);
    for (size_t i = 0; i < nfields; i++) {
        form_field *f = &ps->fields[i];
        sanitize_into(f->label, sizeof f->label, fields[i].label ? fields[i].label : "");
        snprintf(f->initial, sizeof f->initial, "%s", fields[i].initial ? fields[i].initial : "");
        f->choices = fields[i].choices;
        f->nchoices = fields[i].nchoices;
        f->required = fields[i].required;
        f->complete = fields[i].complete;
    }
    ps->kind = PK_FORM;
    ps->ctx = ctx;
    ps->form_cb = cb;
    ps->nfields = nfields;
    ps->current = 0;
    form_enter_field(app, ps);
    app_dirty(app);
}

void prompt_sources_changed(struct ui_app *app)
{
    prompt_state *ps = prompt_state_of(app);
    if (!ps || ps->kind != PK_FORM || ps->cycling)
        return;
    form_load_candidates(app, ps);
    form_match(ps);
    app_dirty(app);
}

static void form_tab(struct ui_app *app, prompt_state *ps)
{
    if (ps->cycling) {
        if (ps->nmatch) {
            ps->cycle_index = (ps->cycle_index + 1) % ps->nmatch;
            form_set_text(ps, ps->cands[ps->match[ps->cycle_index]].value);
        }
        return;
    }
    /* The source may have finished loading since the field opened. */
    form_load_candidates(app, ps);
    form_match(ps);
    if (ps->nmatch == 0) {
        if (ps->cand_status[0])
            app_message(app, MSG_INFO, "%s", ps->cand_status);
        else
            app_message(app, MSG_INFO, "No completion for \"%s\"", ps->text);
        return;
    }
    if (ps->nmatch == 1) {
        form_set_text(ps, ps->cands[ps->match[0]].value);
        form_match(ps);
        return;
    }
    if (ps->prefix_matches) {
        const char *vals[CAND_MAX];
        for (size_t i = 0; i < ps->nmatch; i++)
            vals[i] = ps->cands[ps->match[i]].value;
        size_t lcp = prompt_common_prefix(vals, ps->nmatch);
        if (lcp > strlen(ps->text)) {
            snprintf(ps->text, sizeof ps->text, "%.*s", (int)lcp, vals[0]);
            form_match(ps);
            return;
        }
    }
    /* Nothing more in common: Tab walks through the matches. */
    snprintf(ps->cycle_base, sizeof ps->cycle_base, "%s", ps->text);
    ps->cycling = true;
    ps->cycle_index = 0;
    form_set_text(ps, ps->cands[ps->match[0]].value);
}

static void trim(char *s)
{
    size_t len = strlen(s);
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    size_t lead = strspn(s, " \t");
    if (lead)
        memmove(s, s + lead, len - lead + 1);
}

static void form_accept_field(struct ui_app *app, prompt_state *ps)
{
    form_field *f = &ps->fields[ps->current];
    char value[PROMPT_TEXT_MAX];
    snprintf(value, sizeof value, "%s", ps->text);
    trim(value);
    if (f->required && !value[0]) {
        app_message(app, MSG_WARNING, "%s: a value is required (Esc cancels)", f->label);
        return;
    }
    if (f->nchoices && value[0]) {
        const char *canon = NULL;
        for (size_t i = 0; i < f->nchoices; i++)
            if (strlen(f->choices[i]) == strlen(value) && prompt_has_prefix(f->choices[i], value))
                canon = f->choices[i];
        if (!canon) {
            char list[200] = "";
            for (size_t i = 0; i < f->nchoices; i++) {
                strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, f->choices[i], sizeof list - strlen(list) - 1);
            }
            app_message(app, MSG_WARNING, "%s: one of %s (Tab completes)", f->label, list);
            return;
        }
        snprintf(value, sizeof value, "%s", canon);
    }
    snprintf(ps->values[ps->current], sizeof ps->values[ps->current], "%s", value);
    if (++ps->current >= ps->nfields) {
        finish(app, ps, true, NULL);
        return;
    }
    form_enter_field(app, ps);
}

static void form_key(struct ui_app *app, prompt_state *ps, ui_key key)
{
    if (key == UI_KEY_ESC) {
        finish(app, ps, false, NULL);
        return;
    }
    if (key == UI_KEY_ENTER) {
        form_accept_field(app, ps);
        return;
    }
    if (key == UI_KEY_TAB) {
        form_tab(app, ps);
        return;
    }
    if (line_edit_key(ps->text, sizeof ps->text, key)) {
        ps->cycling = false;
        form_match(ps);
    }
}

/* ---- picker -------------------------------------------------------------------------- */

static void picker_filter(prompt_state *ps)
{
    ps->nshown = 0;
    for (size_t i = 0; i < ps->nitems; i++) {
        const picker_entry *e = &ps->items[i];
        if (prompt_contains(e->value, ps->text) || prompt_contains(e->label, ps->text) ||
            prompt_contains(e->desc, ps->text))
            ps->shown[ps->nshown++] = i;
    }
    ps->sel = 0;
    ps->top = 0;
}

void prompt_picker(struct ui_app *app, const char *title, const prompt_item *items, size_t nitems,
                   prompt_pick_cb cb, void *ctx)
{
    prompt_state *ps = open_prompt(app);
    if (!ps || nitems == 0) {
        cb(app, ctx, NULL);
        return;
    }
    ps->items = xcalloc(nitems, sizeof *ps->items);
    ps->shown = xcalloc(nitems, sizeof *ps->shown);
    for (size_t i = 0; i < nitems; i++) {
        picker_entry *e = &ps->items[i];
        e->value = xstrdup(items[i].value ? items[i].value : "");
        e->label = sanitize_text(items[i].label ? items[i].label : items[i].value);
        e->desc = sanitize_text(items[i].desc ? items[i].desc : "");
        ps->nitems++;
    }
    ps->kind = PK_PICKER;
    ps->ctx = ctx;
    ps->pick_cb = cb;
    sanitize_into(ps->question, sizeof ps->question, title);
    ps->text[0] = '\0';
    picker_filter(ps);
    app_dirty(app);
}

static void picker_move(prompt_state *ps, long delta)
{
    if (ps->nshown == 0)
        return;
    long s = (long)ps->sel + delta;
    if (s < 0)
        s = 0;
    if (s >= (long)ps->nshown)
        s = (long)ps->nshown - 1;
    ps->sel = (size_t)s;
}

static void picker_key(struct ui_app *app, prompt_state *ps, ui_key key)
{
    switch (key) {
    case UI_KEY_ESC:
        finish(app, ps, false, NULL);
        return;
    case UI_KEY_ENTER:
        if (ps->nshown == 0) {
            app_message(app, MSG_WARNING, "Nothing matches \"%s\" (Backspace widens the list)",
                        ps->text);
            return;
        }
        finish(app, ps, true, ps->items[ps->shown[ps->sel]].value);
        return;
    case UI_KEY_DOWN:
    case 0x0e: /* C-n */
        picker_move(ps, 1);
        return;
    case UI_KEY_UP:
    case 0x10: /* C-p */
        picker_move(ps, -1);
        return;
    case UI_KEY_PGDN:
        picker_move(ps, 8);
        return;
    case UI_KEY_PGUP:
        picker_move(ps, -8);
        return;
    case UI_KEY_HOME:
        picker_move(ps, -(long)ps->nshown);
        return;
    case UI_KEY_END:
        picker_move(ps, (long)ps->nshown);
        return;
    default:
        break;
    }
    if (line_edit_key(ps->text, sizeof ps->text, key))
        picker_filter(ps);
}

/* ---- keys ------------------------------------------------------------------------------- */

bool prompt_key(struct ui_app *app, ui_key key)
{
    prompt_state *ps = prompt_state_of(app);
    if (!prompt_active(ps))
        return false;
    switch (ps->kind) {
    case PK_CONFIRM:
        confirm_key(app, ps, key);
        break;
    case PK_FORM:
        form_key(app, ps, key);
        break;
    case PK_PICKER:
        picker_key(app, ps, key);
        break;
    case PK_NONE:
        break;
    }
    app_dirty(app);
    return true;
}
