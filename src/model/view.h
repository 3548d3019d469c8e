/* Sorted and filtered views over a model_table.
 *
 * A view is an array of row pointers, rebuilt whenever the table changes or
 * the operator changes sort/filter (cheap: O(n log n)). Sorting is stable
 * (ties keep table order), compares numerically when both values are
 * numbers (or numeric strings), as date-times when both parse as such, and
 * otherwise as case-insensitive text; missing and null values sort last in
 * both directions. Filtering is a case-insensitive substring match on the
 * display text of the chosen fields. */
#ifndef PEXCON_MODEL_VIEW_H
#define PEXCON_MODEL_VIEW_H

#include "model/table.h"

typedef struct model_sort {
    const char *field; /* NULL: table order */
    bool reverse;
} model_sort;

typedef struct model_filter {
    const char *text;          /* NULL or "": everything matches */
    const char *const *fields; /* fields searched; NULL: every scalar field */
    size_t nfields;
} model_filter;

typedef struct model_view {
    const model_row **rows;
    size_t count;
    size_t cap;
} model_view;

void model_view_init(model_view *v);
void model_view_free(model_view *v);

/* Rebuild `v` from `t`: rows matching `f` (NULL: all), ordered by `s`
 * (NULL: table order). Ghost rows are included only when `with_ghosts`. */
void model_view_build(model_view *v, const model_table *t, const model_filter *f,
                      const model_sort *s, bool with_ghosts);

/* Re-sort an existing view in place (stable). */
void model_view_sort(model_view *v, const model_sort *s);

/* Index of the row with key `id` in the view, or -1. */
long model_view_index_of(const model_view *v, const char *id);

/* Compare one field of two objects under the rules above (ascending;
 * missing/null after everything else). */
int model_value_compare(const json_t *a, const json_t *b, const char *field);

/* Does `obj` match the filter? */
bool model_object_matches(const json_t *obj, const model_filter *f);

#endif
