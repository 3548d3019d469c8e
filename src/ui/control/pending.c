/* What the gutter of a row says about conference control: a command in
 * flight for it (pending, until the server answers) or a marked
 * participant. Marks are participant ids, so they survive refreshes and
 * re-sorting; they belong to one conference and are dropped when the
 * participants pane shows another one or the participant leaves. */
#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/xmalloc.h"
#include "ui/control/act.h"
#include "ui/control/control.h"

#define GLYPH_PENDING_UTF8 "\u2026" /* … */
#define GLYPH_PENDING_ASCII ">"
#define GLYPH_MARK_UTF8 "\u2713" /* ✓ */
#define GLYPH_MARK_ASCII "#"

/* Marks are kept for the conference they were made in. */
static void marks_scope(ui_app *app, act_state *st)
{
    if (strcmp(st->marks_conference, nav_conference(app)) == 0)
        return;
    marks_free(st);
    snprintf(st->marks_conference, sizeof st->marks_conference, "%s", nav_conference(app));
}

static long mark_index(const act_state *st, const char *id)
{
    for (size_t i = 0; i < st->nmarks; i++)
        if (strcmp(st->marks[i], id) == 0)
            return (long)i;
    return -1;
}

static void mark_remove_at(act_state *st, size_t i)
{
    free(st->marks[i]);
    memmove(&st->marks[i], &st->marks[i + 1], (st->nmarks - i - 1) * sizeof *st->marks);
    st->nmarks--;
}

bool marks_toggle(ui_app *app, const char *id)
{
    act_state *st = act_state_of(app);
    if (!st)
        return false;
    marks_scope(app, st);
    long i = mark_index(st, id);
    if (i >= 0) {
        mark_remove_at(st, (size_t)i);
        return false;
    }
    if (st->nmarks == st->capmarks) {
        st->capmarks = st->capmarks ? st->capmarks * 2 : 16;
        st->marks = xrealloc(st->marks, st->capmarks * sizeof *st->marks);
    }
    st->marks[st->nmarks++] = xstrdup(id);
    return true;
}

bool marks_has(ui_app *app, const char *id)
{
    act_state *st = act_state_of(app);
    if (!st || st->nmarks == 0 || strcmp(st->marks_conference, nav_conference(app)) != 0)
        return false;
    return mark_index(st, id) >= 0;
}

size_t marks_collect(ui_app *app, const model_row **rows, size_t max)
{
    act_state *st = act_state_of(app);
    if (!st)
        return 0;
    marks_scope(app, st);
    const model_table *t = model_get(app->model, MT_ALL_PARTICIPANTS);
    size_t n = 0;
    for (size_t i = 0; i < st->nmarks;) {
        const model_row *r = t ? model_table_find(t, st->marks[i]) : NULL;
        const char *conf = r ? jget_str(r->obj, "conference") : NULL;
        if (!r || model_row_is_ghost(r) || !conf || strcmp(conf, nav_conference(app)) != 0) {
            mark_remove_at(st, i); /* gone, or moved to another conference */
            continue;
        }
        if (rows && n < max)
            rows[n] = r;
        n++;
        i++;
    }
    return n;
}

void marks_clear(ui_app *app)
{
    act_state *st = act_state_of(app);
    if (st)
        marks_free(st);
}

void marks_free(act_state *st)
{
    for (size_t i = 0; i < st->nmarks; i++)
        free(st->marks[i]);
    free(st->marks);
    st->marks = NULL;
    st->nmarks = st->capmarks = 0;
}

const char *control_row_glyph(ui_app *app, const ui_view *v, const model_row *row)
{
    if (!act_state_of(app) || !v || !row)
        return NULL;
    ops_target target;
    if (v->cls->table == MT_CONFERENCES)
        target = OPS_CONFERENCE;
    else if (v->cls->table == MT_ALL_PARTICIPANTS)
        target = OPS_PARTICIPANT;
    else
        return NULL;
    if (act_row_pending(app, target, row->id))
        return app->ascii ? GLYPH_PENDING_ASCII : GLYPH_PENDING_UTF8;
    if (target == OPS_PARTICIPANT && marks_has(app, row->id))
        return app->ascii ? GLYPH_MARK_ASCII : GLYPH_MARK_UTF8;
    return NULL;
}

const char *control_row_mark(ui_app *app, const ui_view *v, const model_row *row, double now)
{
    const char *control = control_row_glyph(app, v, row);
    return control ? control : view_cue_glyph(view_row_cue(row, now), app->ascii);
}
