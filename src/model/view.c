#include "model/view.h"

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void model_view_init(model_view *v)
{
    memset(v, 0, sizeof *v);
}

void model_view_free(model_view *v)
{
    free(v->rows);
    model_view_init(v);
}

/* A field that is absent, null or an empty string has no value to sort. */
static const json_t *sortable_value(const json_t *obj, const char *field)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, field) : NULL;
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v) && json_string_value(v)[0] == '\0')
        return NULL;
    return v;
}

static int compare_doubles(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

/* A value's kind for ordering: booleans, then numbers (numeric strings
 * too), then date-times, then other text. Comparing the kind first keeps
 * the order transitive when a field's type varies between rows. */
enum sort_kind { SK_BOOL, SK_NUMBER, SK_TIME, SK_TEXT };

static enum sort_kind sort_kind_of(const json_t *obj, const json_t *v, const char *field,
                                   double *num)
{
    if (json_is_boolean(v)) {
        *num = json_is_true(v);
        return SK_BOOL;
    }
    if (jget_num(obj, field, num))
        return SK_NUMBER;
    if (json_is_string(v) && time_parse_utc(json_string_value(v), num))
        return SK_TIME;
    return SK_TEXT;
}

int model_value_compare(const json_t *a, const json_t *b, const char *field)
{
    const json_t *va = sortable_value(a, field), *vb = sortable_value(b, field);
    if (!va || !vb)
        return va ? -1 : vb ? 1 : 0;
    double na = 0, nb = 0;
    enum sort_kind ka = sort_kind_of(a, va, field, &na), kb = sort_kind_of(b, vb, field, &nb);
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (ka != SK_TEXT)
        return compare_doubles(na, nb);
    char ta[512], tb[512];
    jget_text(a, field, ta, sizeof ta);
    jget_text(b, field, tb, sizeof tb);
    int c = strcasecmp(ta, tb);
    return c ? c : strcmp(ta, tb);
}

/* qsort_r is not stable: carry each row's position and break ties on it. */
typedef struct sort_item {
    const model_row *row;
    size_t pos;
} sort_item;

static int sort_item_compare(const void *pa, const void *pb, void *ctx)
{
    const sort_item *a = pa, *b = pb;
    const model_sort *s = ctx;
    const json_t *va = sortable_value(a->row->obj, s->field);
    const json_t *vb = sortable_value(b->row->obj, s->field);
    int c;
    if (!va || !vb)
        c = va ? -1 : vb ? 1 : 0; /* missing last in either direction */
    else {
        c = model_value_compare(a->row->obj, b->row->obj, s->field);
        if (s->reverse)
            c = -c;
    }
    if (c)
        return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos ? 1 : 0;
}

void model_view_sort(model_view *v, const model_sort *s)
{
    if (!s || !s->field || v->count < 2)
        return;
    sort_item *items = xmalloc(v->count * sizeof *items);
    for (size_t i = 0; i < v->count; i++)
        items[i] = (sort_item){v->rows[i], i};
    qsort_r(items, v->count, sizeof *items, sort_item_compare, (void *)s);
    for (size_t i = 0; i < v->count; i++)
        v->rows[i] = items[i].row;
    free(items);
}

static bool text_matches(const json_t *obj, const char *field, const char *needle)
{
    char raw[1024], clean[1024];
    jget_text(obj, field, raw, sizeof raw);
    if (!raw[0])
        return false;
    /* Match what the operator sees, not hidden escape bytes. */
    sanitize_into(clean, sizeof clean, raw);
    return strcasestr(clean, needle) != NULL;
}

bool model_object_matches(const json_t *obj, const model_filter *f)
{
    if (!f || !f->text || !f->text[0])
        return true;
    if (!json_is_object(obj))
        return false;
    if (f->fields) {
        for (size_t i = 0; i < f->nfields; i++) {
            if (f->fields[i] && text_matches(obj, f->fields[i], f->text))
                return true;
        }
        return false;
    }
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        if ((json_is_string(value) || json_is_number(value) || json_is_boolean(value)) &&
            text_matches(obj, key, f->text))
            return true;
    }
    return false;
}

void model_view_build(model_view *v, const model_table *t, const model_filter *f,
                      const model_sort *s, bool with_ghosts)
{
    size_t n = model_table_count(t);
    v->count = 0;
    if (n > v->cap) {
        v->rows = xrealloc(v->rows, n * sizeof *v->rows);
        v->cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(t, i);
        if (!with_ghosts && model_row_is_ghost(r))
            continue;
        if (!model_object_matches(r->obj, f))
            continue;
        v->rows[v->count++] = r;
    }
    model_view_sort(v, s);
}

long model_view_index_of(const model_view *v, const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < v->count; i++) {
        if (strcmp(v->rows[i]->id, id) == 0)
            return (long)i;
    }
    return -1;
}
