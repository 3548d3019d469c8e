/* Views: the panes of the console, defined by tables so that new ones
 * (nodes, alarms, history, …) are added without touching the renderer.
 *
 * A view class names its rows' model table, its columns (title, widths,
 * drop priority, a cell function) and optional callbacks. The generic table
 * renderer (table.c) draws any view: visible rows only, columns dropped by
 * priority when the pane is narrow, server text sanitized and measured in
 * terminal columns, change highlights from the model's timestamps. Filter
 * and sort work on every view through the same columns.
 *
 * To add a view:
 *   1. static const ui_column node_columns[] = { {.name = "name", ...}, ... };
 *      a column that shows a field as it is needs only .field = "name"
 *      (and .format for a time, an age or a node name), no cell function;
 *   2. const ui_view_class view_nodes = {.name = "nodes", .title = "Nodes",
 *          .table = MT_NODES, .columns = node_columns, .ncolumns = N,
 *          .fetch_plan = nodes_fetch_plan, ...};
 *   3. list it in ui_view_classes[] (views.c); ':nodes' then shows it alone
 *      and its name is a keymap context for view-specific actions.
 *   4. its screen is a row of nav/screens.c (panes, height rules, the
 *      drill-down levels: see core/nav.h); a drill-down pane sets .sub_view
 *      (not a command); .on_command takes the ':name ARGS' arguments. */
#ifndef PEXCON_UI_VIEW_H
#define PEXCON_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "ui/theme/theme.h"

struct ui_app;
struct ui_view;

typedef struct ui_rect {
    int y, x, h, w;
} ui_rect;

/* One cell, produced by a column's cell function. */
typedef struct ui_cell {
    char text[512];     /* display text: sanitized (use cell_set) */
    theme_slot slot;    /* style, SLOT_NORMAL by default */
    const char *field;  /* model field whose change flashes this cell (or NULL) */
    const float *spark; /* optional sparkline samples (oldest first) */
    size_t nspark;
    float spark_max; /* scale; <= 0: the samples' own maximum */
    theme_slot spark_slot;
} ui_cell;

typedef void (*ui_cell_fn)(struct ui_app *app, const model_row *row, int subrow, ui_cell *out);

/* How a column without a cell function shows its model field. */
typedef enum ui_field_format {
    FIELD_TEXT, /* the field's text */
    FIELD_TIME, /* a date-time: "HH:MM:SS" today (UTC), else "YYYY-MM-DD HH:MM" */
    FIELD_AGE,  /* time since a date-time: "42s", "3:07", "2d04h" */
    FIELD_NODE, /* a node IP as the node's name, else the IP */
} ui_field_format;

typedef struct ui_column {
    const char *name;  /* stable id, also used by the help text */
    const char *title; /* header text (ASCII) */
    int width;         /* preferred width in columns */
    int min_width;     /* a flexible column may shrink to this */
    int priority;      /* 0: always shown; larger numbers are dropped first */
    bool right;        /* right-aligned (numbers) */
    bool flex;         /* takes the width left over */
    /* Sorting: by a JSON field with the model's rules (sort_field, or the
     * `field` of a column without a cell function), or by a computed
     * number, or (none of these) by the cell text. */
    const char *sort_field;
    double (*sort_key)(struct ui_app *app, const model_row *row);
    bool sort_descending; /* first 's' on this column sorts high to low */
    /* The cell: computed by `cell`, or (no cell function) the model field
     * `field` shown as `format` says, so that a plain field needs no code. */
    ui_cell_fn cell;
    const char *field;
    ui_field_format format;
} ui_column;

typedef struct ui_fetch_plan {
    bool want[MT_COUNT]; /* tables this view needs while it is visible */
    bool probes;         /* the trouble probes (media of the worst calls) */
} ui_fetch_plan;

typedef struct ui_view_class {
    const char *name;  /* keymap context and ':name' command */
    const char *title; /* pane title */
    model_table_id table;
    const ui_column *columns;
    size_t ncolumns;
    int subrows;      /* screen lines per row (default 1) */
    bool group_legs;  /* keep a person's legs together, indent the rest */
    int default_sort; /* column index, -1 for the table's order */
    bool default_reverse;
    const char *empty_text; /* shown when there are no rows */
    /* Words Tab completes after ":name " (NULL-terminated), or NULL. */
    const char *const *arg_words;
    const char *help; /* one line for the help overlay's command list (optional) */
    bool sub_view;    /* a drill-down pane of another view: not a ':' command */

    /* Enter on a row: open the drill-down level this view opens on its
     * screen (ENTER_DRILL, the default: nothing when it opens none), go to
     * the call in the live screen (ENTER_CALL), or go to `enter_in`'s
     * screen with the row opened there (ENTER_OPEN_IN). */
    enum { ENTER_DRILL, ENTER_CALL, ENTER_OPEN_IN } enter;
    const struct ui_view_class *enter_in;

    /* All optional. */
    bool (*row_in_scope)(struct ui_app *app, const model_row *row);
    void (*fetch_plan)(struct ui_app *app, ui_fetch_plan *plan);
    void (*title_text)(struct ui_app *app, struct ui_view *v, char *buf, size_t size);
    /* ':name ARG' after the view is shown (arg "" when none). */
    void (*on_command)(struct ui_app *app, struct ui_view *v, const char *arg);
} ui_view_class;

typedef struct ui_view {
    const ui_view_class *cls;
    model_view rows;       /* scoped, filtered, sorted (and grouped) */
    unsigned char *indent; /* per row: 1 for a secondary leg */
    size_t indent_cap;
    size_t selected, top;
    char selected_id[160]; /* keeps the selection across refreshes */
    int sort_col;          /* -1: table order */
    bool sort_reverse;
    char filter[256];
    bool stale;
    bool select_first; /* after the next rebuild, select row 0 (filter) */
    ui_rect rect;      /* last drawn position (content area) */
    int page_rows;     /* rows that fit, for PgUp/PgDn */
} ui_view;

/* Registry of the view classes (views.c). */
extern const ui_view_class *const ui_view_classes[];
extern const size_t ui_view_class_count;

extern const ui_view_class view_conferences;
extern const ui_view_class view_participants;
extern const ui_view_class view_media;

/* Never NULL: out of memory aborts. */
ui_view *view_new(const ui_view_class *cls);
void view_free(ui_view *v);

/* Recompute rows from the model (scope, filter, sort, legs) and keep the
 * selection on the same id when it still exists. */
void view_rebuild(struct ui_app *app, ui_view *v);

/* Move the selection (clamped); the levels that follow it follow. */
void view_select(struct ui_app *app, ui_view *v, long index);
const model_row *view_selected_row(const ui_view *v);

/* A row's change cue at `now` (wall clock): departed (a ghost kept a
 * moment), new, or changed within UI_FLASH_SECONDS; and its gutter glyph
 * (" " for none). */
typedef enum ui_row_cue { ROW_CUE_NONE, ROW_CUE_GONE, ROW_CUE_NEW, ROW_CUE_CHANGED } ui_row_cue;
ui_row_cue view_row_cue(const model_row *row, double now);
const char *view_cue_glyph(ui_row_cue cue, bool ascii);

/* Columns that fit in `width`: fills idx[] with column indexes and w[]
 * with widths; returns how many. */
size_t view_fit_columns(const ui_view_class *cls, int width, size_t *idx, int *w);

/* Text of one cell for filtering and sorting (sanitized). */
void view_cell(struct ui_app *app, const ui_view *v, size_t col, const model_row *row, int subrow,
               ui_cell *out);

/* A title_text: the class's title and the number of rows, "Title (12)". */
void view_title_count(struct ui_app *app, ui_view *v, char *buf, size_t size);

/* Set a cell's text from untrusted server text (sanitized). */
void cell_set(ui_cell *c, const char *untrusted);
void cell_printf(ui_cell *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* ---- cells.c: plain model fields ---- */

/* A model field as a cell, formatted as `format` says. */
void cell_field(struct ui_app *app, const model_row *row, const char *field, ui_field_format format,
                ui_cell *out);
/* The text of a JSON field. */
void cell_json(const model_row *row, const char *field, ui_cell *out);
/* A date-time field: "HH:MM:SS" today (UTC), else "YYYY-MM-DD HH:MM". */
void cell_time(const model_row *row, const char *field, ui_cell *out);
/* Time since a date-time field: "42s", "3:07", "2d04h". */
void cell_age(const model_row *row, const char *field, ui_cell *out);
/* A node IP as its name (configuration/v1/worker_vm), else the IP. */
void cell_node(struct ui_app *app, const model_row *row, const char *field, ui_cell *out);
/* Time field as epoch for sorting (-1 when absent). */
double row_time(const model_row *row, const char *field);
/* Numeric field (-1 when absent). */
double row_number(const model_row *row, const char *field);

#endif
