#include "ui/core/view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/sanitize.h"
#include "common/xmalloc.h"
#include "ui/core/app.h"
#include "ui/theme/glyph.h"

#define VIEW_MAX_COLUMNS 32

ui_view *view_new(const ui_view_class *cls)
{
    ui_view *v = xcalloc(1, sizeof *v);
    v->cls = cls;
    model_view_init(&v->rows);
    v->sort_col = cls->default_sort;
    v->sort_reverse = cls->default_reverse;
    v->stale = true;
    return v;
}

void view_free(ui_view *v)
{
    if (!v)
        return;
    model_view_free(&v->rows);
    free(v->indent);
    free(v);
}

void cell_set(ui_cell *c, const char *untrusted)
{
    sanitize_into(c->text, sizeof c->text, untrusted ? untrusted : "");
}

void cell_printf(ui_cell *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->text, sizeof c->text, fmt, ap);
    va_end(ap);
}

void view_title_count(ui_app *app, ui_view *v, char *buf, size_t size)
{
    snprintf(buf, size, "%s (%zu)", v->cls->title, v->rows.count);
}

void view_cell(ui_app *app, const ui_view *v, size_t col, const model_row *row, int subrow,
               ui_cell *out)
{
    out->text[0] = '\0';
    out->slot = SLOT_NORMAL;
    out->field = NULL;
    out->spark = NULL;
    out->nspark = 0;
    out->spark_max = 0;
    out->spark_slot = SLOT_NORMAL;
    const ui_column *c = &v->cls->columns[col];
    if (c->cell)
        c->cell(app, row, subrow, out);
    else
        cell_field(app, row, c->field, c->format, out);
}

size_t view_fit_columns(const ui_view_class *cls, int width, size_t *idx, int *w)
{
    size_t n = cls->ncolumns < VIEW_MAX_COLUMNS ? cls->ncolumns : VIEW_MAX_COLUMNS;
    bool keep[VIEW_MAX_COLUMNS];
    for (size_t i = 0; i < n; i++)
        keep[i] = true;
    /* Total width with one space between columns; drop the highest
     * priority number (the last such column first) until the rest fit at
     * their minimum widths. */
    for (;;) {
        int total = 0, count = 0;
        for (size_t i = 0; i < n; i++) {
            if (!keep[i])
                continue;
            const ui_column *c = &cls->columns[i];
            total += c->flex ? c->min_width : c->width;
            count++;
        }
        total += count > 0 ? count - 1 : 0;
        if (total <= width)
            break;
        long drop = -1;
        for (size_t i = 0; i < n; i++)
            if (keep[i] && cls->columns[i].priority > 0 &&
                (drop < 0 || cls->columns[i].priority >= cls->columns[drop].priority))
                drop = (long)i;
        if (drop < 0)
            break;
        keep[drop] = false;
    }
    size_t out = 0;
    int used = 0, flex = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        const ui_column *c = &cls->columns[i];
        idx[out] = i;
        w[out] = c->flex ? c->min_width : c->width;
        used += w[out] + (out ? 1 : 0);
        if (c->flex)
            flex++;
        out++;
    }
    /* Share what is left between the flexible columns (first gets the
     * remainder), up to a generous cap so numbers stay near their names. */
    int spare = width - used;
    for (size_t k = 0; k < out && spare > 0 && flex > 0; k++) {
        const ui_column *c = &cls->columns[idx[k]];
        if (!c->flex)
            continue;
        int give = spare / flex;
        if (flex == 1)
            give = spare;
        int cap = c->width > c->min_width ? c->width * 3 : 60;
        if (w[k] + give > cap)
            give = cap - w[k];
        if (give < 0)
            give = 0;
        w[k] += give;
        spare -= give;
        flex--;
    }
    /* Still too wide (a tiny pane): cut the last columns. */
    int total = 0;
    size_t fit = 0;
    for (size_t k = 0; k < out; k++) {
        int need = w[k] + (k ? 1 : 0);
        if (total + need > width) {
            if (width - total - (k ? 1 : 0) >= 3) {
                w[k] = width - total - (k ? 1 : 0);
                fit++;
            }
            break;
        }
        total += need;
        fit++;
    }
    return fit;
}

/* ---- rebuilding ---------------------------------------------------------- */

typedef struct sort_item {
    const model_row *row;
    size_t pos;
    double num;
    bool has_num;
    char *text;
} sort_item;

/* What a sort compares by (qsort_r's context). */
typedef struct sort_ctx {
    const ui_column *column;
    bool reverse;
} sort_ctx;

/* The JSON field a column sorts by: its sort_field, else the field a
 * plain field column shows; NULL sorts by sort_key or the cell text. */
static const char *column_sort_field(const ui_column *c)
{
    if (c->sort_field || c->sort_key || c->cell)
        return c->sort_field;
    return c->field;
}

static int sort_item_compare(const void *pa, const void *pb, void *vctx)
{
    const sort_item *a = pa, *b = pb;
    const sort_ctx *ctx = vctx;
    int r = 0;
    const char *field = column_sort_field(ctx->column);
    if (field) {
        r = model_value_compare(a->row->obj, b->row->obj, field);
    } else if (a->has_num && b->has_num) {
        r = a->num < b->num ? -1 : a->num > b->num ? 1 : 0;
    } else if (a->text && b->text) {
        r = strcasecmp(a->text, b->text);
    }
    if (ctx->reverse)
        r = -r;
    if (r == 0)
        r = a->pos < b->pos ? -1 : a->pos > b->pos ? 1 : 0;
    return r;
}

static void view_sort(ui_app *app, ui_view *v)
{
    if (v->sort_col < 0 || (size_t)v->sort_col >= v->cls->ncolumns || v->rows.count < 2)
        return;
    const ui_column *col = &v->cls->columns[v->sort_col];
    sort_item *items = xcalloc(v->rows.count, sizeof *items);
    for (size_t i = 0; i < v->rows.count; i++) {
        items[i].row = v->rows.rows[i];
        items[i].pos = i;
        if (column_sort_field(col))
            continue;
        if (col->sort_key) {
            items[i].num = col->sort_key(app, items[i].row);
            items[i].has_num = true;
        } else {
            ui_cell cell;
            view_cell(app, v, (size_t)v->sort_col, items[i].row, 0, &cell);
            items[i].text = xstrdup(cell.text);
        }
    }
    sort_ctx ctx = {col, v->sort_reverse != col->sort_descending};
    qsort_r(items, v->rows.count, sizeof *items, sort_item_compare, &ctx);
    for (size_t i = 0; i < v->rows.count; i++) {
        v->rows.rows[i] = items[i].row;
        free(items[i].text);
    }
    free(items);
}

/* Case-insensitive substring match on the text of the visible columns. */
static bool view_row_matches(ui_app *app, ui_view *v, const model_row *row, const size_t *cols,
                             size_t ncols)
{
    for (size_t k = 0; k < ncols; k++) {
        for (int sub = 0; sub < (v->cls->subrows > 0 ? v->cls->subrows : 1); sub++) {
            ui_cell cell;
            view_cell(app, v, cols[k], row, sub, &cell);
            if (strcasestr(cell.text, v->filter))
                return true;
        }
    }
    return false;
}

static void view_filter_scope(ui_app *app, ui_view *v)
{
    size_t cols[VIEW_MAX_COLUMNS];
    int widths[VIEW_MAX_COLUMNS];
    size_t ncols = view_fit_columns(v->cls, v->rect.w > 0 ? v->rect.w - 2 : 10000, cols, widths);
    size_t out = 0;
    for (size_t i = 0; i < v->rows.count; i++) {
        const model_row *row = v->rows.rows[i];
        if (v->cls->row_in_scope && !v->cls->row_in_scope(app, row))
            continue;
        if (v->filter[0] && !view_row_matches(app, v, row, cols, ncols))
            continue;
        v->rows.rows[out++] = row;
    }
    v->rows.count = out;
}

static void view_mark_legs(ui_view *v)
{
    if (v->indent_cap < v->rows.count) {
        size_t cap = v->rows.count + 64;
        v->indent = xrealloc(v->indent, cap);
        v->indent_cap = cap;
    }
    if (v->indent)
        memset(v->indent, 0, v->indent_cap);
    if (!v->cls->group_legs || !v->indent)
        return;
    model_view_group_legs(&v->rows);
    for (size_t i = 0; i < v->rows.count;) {
        size_t end = model_view_person_end(&v->rows, i);
        for (size_t k = i + 1; k < end; k++)
            v->indent[k] = 1;
        i = end > i ? end : i + 1;
    }
}

void view_rebuild(ui_app *app, ui_view *v)
{
    char before[sizeof v->selected_id];
    snprintf(before, sizeof before, "%s", v->selected_id);
    v->stale = false;
    model_table *t = model_get(app->model, v->cls->table);
    if (!t) {
        v->rows.count = 0;
        return;
    }
    model_view_build(&v->rows, t, NULL, NULL, true);
    view_filter_scope(app, v);
    view_sort(app, v);
    view_mark_legs(v);
    long idx = v->selected_id[0] ? model_view_index_of(&v->rows, v->selected_id) : -1;
    if (v->select_first) {
        /* A new filter: the selection moves to the first match. */
        v->select_first = false;
        v->selected = 0;
        v->top = 0;
    } else if (idx >= 0)
        v->selected = (size_t)idx;
    else if (v->selected >= v->rows.count)
        v->selected = v->rows.count ? v->rows.count - 1 : 0;
    const model_row *r = view_selected_row(v);
    snprintf(v->selected_id, sizeof v->selected_id, "%s", r ? r->id : "");
    /* The selected row left (or the first rows arrived): the panes that
     * follow this selection must follow too. */
    if (strcmp(before, v->selected_id) != 0)
        nav_selected(app, v);
}

const model_row *view_selected_row(const ui_view *v)
{
    return v->selected < v->rows.count ? v->rows.rows[v->selected] : NULL;
}

void view_select(ui_app *app, ui_view *v, long index)
{
    if (v->rows.count == 0) {
        v->selected = 0;
        v->selected_id[0] = '\0';
    } else {
        if (index < 0)
            index = 0;
        if ((size_t)index >= v->rows.count)
            index = (long)v->rows.count - 1;
        v->selected = (size_t)index;
        snprintf(v->selected_id, sizeof v->selected_id, "%s", v->rows.rows[index]->id);
    }
    nav_selected(app, v);
    app_dirty(app);
}

ui_row_cue view_row_cue(const model_row *row, double now)
{
    if (model_row_is_ghost(row))
        return ROW_CUE_GONE;
    if (model_row_is_new(row, now, UI_FLASH_SECONDS))
        return ROW_CUE_NEW;
    if (row->changed_at > 0 && now - row->changed_at < UI_FLASH_SECONDS)
        return ROW_CUE_CHANGED;
    return ROW_CUE_NONE;
}

const char *view_cue_glyph(ui_row_cue cue, bool ascii)
{
    switch (cue) {
    case ROW_CUE_GONE:
        return glyph_mark_gone(ascii);
    case ROW_CUE_NEW:
        return glyph_mark_new(ascii);
    case ROW_CUE_CHANGED:
        return glyph_mark_changed(ascii);
    default:
        return " ";
    }
}
