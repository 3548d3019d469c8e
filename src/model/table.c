#include "model/table.h"

#include "common/jsonutil.h"
#include "common/xmalloc.h"
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct model_table {
    char *key_field;
    double ghost_seconds;
    model_row **rows; /* stable order */
    size_t count, cap;
    size_t live;
    strmap index; /* id -> position in rows */
    bool loaded;
    bool complete; /* a whole listing was applied (not only partial ones) */
    unsigned gen;  /* merges begun (each marks the rows it sees with its number) */
};

/* A merge in progress (model_table_merge_begin .. end or abort). */
struct model_merge {
    model_table *t;
    unsigned gen;
    char *field, *value; /* a partial listing's part, or NULL */
    bool first_load;
    size_t pos; /* objects taken so far (the position of an object without a key) */
    struct apply_state *st;
};

/* Growable list of ids / changes gathered while an apply runs. */
typedef struct id_list {
    char **ids;
    size_t n, cap;
} id_list;

static void id_list_push(id_list *l, const char *id)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->ids = xrealloc(l->ids, l->cap * sizeof *l->ids);
    }
    l->ids[l->n++] = xstrdup(id);
}

static void id_list_free(id_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->ids[i]);
    free(l->ids);
    l->ids = NULL;
    l->n = l->cap = 0;
}

typedef struct change_list {
    model_change *items;
    size_t n, cap;
} change_list;

static void change_free(model_change *c)
{
    free(c->id);
    for (size_t i = 0; i < c->nfields; i++)
        free(c->fields[i]);
    free(c->fields);
}

static void change_list_push(change_list *l, const char *id, id_list *fields)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = (model_change){xstrdup(id), fields->ids, fields->n};
    *fields = (id_list){0};
}

/* Everything one apply collects. */
typedef struct apply_state {
    id_list added, removed;
    change_list changed;
    size_t skipped;
} apply_state;

static void row_free(model_row *r)
{
    if (!r)
        return;
    free(r->id);
    json_decref(r->obj);
    json_decref(r->field_times);
    free(r);
}

model_table *model_table_new(const char *key_field)
{
    model_table *t = xcalloc(1, sizeof *t);
    t->key_field = xstrdup(key_field ? key_field : "id");
    return t;
}

void model_table_clear(model_table *t)
{
    for (size_t i = 0; i < t->count; i++)
        row_free(t->rows[i]);
    t->count = t->live = 0;
    strmap_clear(&t->index);
    t->loaded = t->complete = false;
}

void model_table_free(model_table *t)
{
    if (!t)
        return;
    model_table_clear(t);
    free(t->rows);
    strmap_free(&t->index);
    free(t->key_field);
    free(t);
}

void model_table_set_ghost_seconds(model_table *t, double seconds)
{
    t->ghost_seconds = seconds > 0 ? seconds : 0;
}

/* The row key: the key field; else resource_uri; else the position (for
 * single-object resources such as licensing that carry no id). */
static const char *object_key(const model_table *t, const json_t *obj, size_t pos, char *buf,
                              size_t size)
{
    jget_id(obj, t->key_field, buf, size);
    if (buf[0])
        return buf;
    const char *uri = jget_str(obj, "resource_uri");
    if (uri && uri[0]) {
        snprintf(buf, size, "%s", uri);
        return buf;
    }
    snprintf(buf, size, "#%zu", pos);
    return buf;
}

/* Null and missing mean the same thing to a reader. */
static bool field_values_equal(const json_t *a, const json_t *b)
{
    if (a && json_is_null(a))
        a = NULL;
    if (b && json_is_null(b))
        b = NULL;
    if (!a || !b)
        return a == b;
    return json_equal(a, b);
}

/* Stamp `field` (a key of a Jansson object, so valid UTF-8) with `now`;
 * out of memory aborts, in Jansson as here. A `now` json_real() refuses
 * (not finite) leaves the field unstamped, still listed as changed. */
static void note_field_change(model_row *r, const char *field, double now, id_list *fields)
{
    if (!r->field_times)
        r->field_times = json_object();
    json_object_set_new(r->field_times, field, json_real(now));
    id_list_push(fields, field);
}

/* Compare old and new values field by field, record what changed, then
 * take the new object. */
/* A 64-bit hash of a value's contents (objects in their key order, which a
 * server keeps from one listing to the next). */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t value_hash(const json_t *v, uint64_t h)
{
    h = mix(h, &(char){(char)json_typeof(v)}, 1);
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)v, key, value)
        {
            h = mix(h, key, strlen(key) + 1);
            h = value_hash(value, h);
        }
        return h;
    }
    case JSON_ARRAY:
        for (size_t i = 0; i < json_array_size(v); i++)
            h = value_hash(json_array_get(v, i), h);
        return h;
    case JSON_STRING:
        return mix(h, json_string_value(v), json_string_length(v));
    case JSON_INTEGER: {
        json_int_t n = json_integer_value(v);
        return mix(h, &n, sizeof n);
    }
    case JSON_REAL: {
        double d = json_real_value(v);
        return mix(h, &d, sizeof d);
    }
    default:
        return h;
    }
}

static uint64_t object_hash(const json_t *obj)
{
    return value_hash(obj, 0xcbf29ce484222325ULL);
}

uint64_t model_hash_start(void)
{
    return mix(0xcbf29ce484222325ULL, &(char){(char)JSON_OBJECT}, 1);
}

uint64_t model_hash_field(uint64_t h, const char *key, const json_t *value)
{
    return value_hash(value, mix(h, key, strlen(key) + 1));
}

static void row_update(model_row *r, json_t *obj, uint64_t hash, double now, apply_state *st)
{
    if (hash == r->hash)
        return; /* the same contents: the row keeps its object */
    r->hash = hash;
    id_list fields = {0};
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        if (!field_values_equal(json_object_get(r->obj, key), value))
            note_field_change(r, key, now, &fields);
    }
    json_object_foreach(r->obj, key, value)
    {
        if (!json_object_get(obj, key) && !field_values_equal(value, NULL))
            note_field_change(r, key, now, &fields);
    }
    if (fields.n) {
        r->changed_at = now;
        change_list_push(&st->changed, r->id, &fields);
    }
    id_list_free(&fields);
    json_decref(r->obj);
    r->obj = json_incref(obj);
}

static void rows_reserve(model_table *t, size_t need)
{
    if (need <= t->cap)
        return;
    size_t cap = t->cap ? t->cap : 16;
    while (cap < need)
        cap *= 2;
    t->rows = xrealloc(t->rows, cap * sizeof *t->rows);
    t->cap = cap;
}

static void rebuild_index(model_table *t)
{
    strmap_clear(&t->index);
    t->live = 0;
    for (size_t i = 0; i < t->count; i++) {
        strmap_put(&t->index, t->rows[i]->id, i);
        if (t->rows[i]->departed_at <= 0)
            t->live++;
    }
}

static model_row *row_new(const char *id, json_t *obj, uint64_t hash, double added_at)
{
    model_row *r = xcalloc(1, sizeof *r);
    r->id = xstrdup(id);
    r->obj = json_incref(obj);
    r->hash = hash;
    r->added_at = added_at;
    return r;
}

/* One incoming object of merge `mg`: update its row, revive a ghost, or
 * append a row. */
static void apply_object(model_merge *mg, json_t *obj, double now)
{
    model_table *t = mg->t;
    apply_state *st = mg->st;
    char buf[256];
    size_t pos = mg->pos++;
    if (!json_is_object(obj)) {
        st->skipped++;
        return;
    }
    const char *id = object_key(t, obj, pos, buf, sizeof buf);
    uint64_t hash = object_hash(obj);
    size_t at;
    if (strmap_get(&t->index, id, &at)) {
        model_row *r = t->rows[at];
        if (r->seen_gen == mg->gen) {
            st->skipped++; /* duplicate id in one list: keep the first */
            return;
        }
        if (r->departed_at > 0 && r->gone_gen > mg->gen)
            return; /* a newer listing found it gone: this one is older */
        if (r->seen_gen < mg->gen)
            r->seen_gen = mg->gen;
        if (r->departed_at > 0) {
            /* Back before the ghost faded: it is a fresh arrival. */
            r->departed_at = 0;
            r->added_at = now;
            r->changed_at = 0;
            r->hash = hash;
            json_decref(r->field_times);
            r->field_times = NULL;
            json_decref(r->obj);
            r->obj = json_incref(obj);
            t->live++;
            id_list_push(&st->added, r->id);
            return;
        }
        row_update(r, obj, hash, now, st);
        return;
    }
    rows_reserve(t, t->count + 1);
    model_row *r = row_new(id, obj, hash, mg->first_load ? 0 : now);
    r->seen_gen = mg->gen;
    strmap_put(&t->index, r->id, t->count);
    t->rows[t->count++] = r;
    t->live++;
    id_list_push(&st->added, r->id);
}

/* Is the row in the part merge `mg` lists (every row for a whole listing)? */
static bool in_part(const model_merge *mg, const model_row *r)
{
    if (!mg->field)
        return true;
    const char *v = json_string_value(json_object_get(r->obj, mg->field));
    return v && strcmp(v, mg->value) == 0;
}

/* Rows the merge did not list (and no newer merge did): turn into ghosts,
 * or drop. Ghosts past their time are dropped silently (they were reported
 * when they left). */
static void settle_unseen(model_merge *mg, double now)
{
    model_table *t = mg->t;
    size_t out = 0;
    for (size_t i = 0; i < t->count; i++) {
        model_row *r = t->rows[i];
        bool keep = r->seen_gen >= mg->gen || !in_part(mg, r);
        if (!keep && r->departed_at > 0) {
            keep = now - r->departed_at < t->ghost_seconds;
        } else if (!keep) {
            id_list_push(&mg->st->removed, r->id);
            r->gone_gen = mg->gen;
            if (t->ghost_seconds > 0) {
                r->departed_at = now;
                keep = true;
            }
        }
        if (keep)
            t->rows[out++] = r;
        else
            row_free(r);
    }
    t->count = out;
}

static void diff_fill(model_diff *d, apply_state *st)
{
    d->added = st->added.ids;
    d->nadded = st->added.n;
    d->removed = st->removed.ids;
    d->nremoved = st->removed.n;
    d->changed = st->changed.items;
    d->nchanged = st->changed.n;
    d->skipped = st->skipped;
    st->added = st->removed = (id_list){0};
    st->changed = (change_list){0};
}

static void apply_state_free(apply_state *st)
{
    id_list_free(&st->added);
    id_list_free(&st->removed);
    for (size_t i = 0; i < st->changed.n; i++)
        change_free(&st->changed.items[i]);
    free(st->changed.items);
}

model_merge *model_table_merge_begin(model_table *t, const char *field, const char *value)
{
    model_merge *mg = xcalloc(1, sizeof *mg);
    mg->t = t;
    mg->gen = ++t->gen;
    mg->field = field ? xstrdup(field) : NULL;
    mg->value = field ? xstrdup(value ? value : "") : NULL;
    /* The first whole listing marks nothing new (rows a partial listing
     * brought earlier stay as they are). */
    mg->first_load = field ? !t->loaded : !t->complete;
    mg->st = xcalloc(1, sizeof *mg->st);
    return mg;
}

static size_t merge_changes(const model_merge *mg)
{
    return mg->st->added.n + mg->st->changed.n + mg->st->removed.n;
}

bool model_table_merge_page(model_merge *mg, json_t *objects, double now, bool *changed)
{
    size_t before = merge_changes(mg);
    if (changed)
        *changed = false;
    if (!json_is_array(objects))
        return false;
    for (size_t i = 0; i < json_array_size(objects); i++)
        apply_object(mg, json_array_get(objects, i), now);
    mg->t->loaded = true;
    if (changed)
        *changed = merge_changes(mg) != before;
    return true;
}

static void merge_free(model_merge *mg)
{
    apply_state_free(mg->st);
    free(mg->st);
    free(mg->field);
    free(mg->value);
    free(mg);
}

bool model_table_merge_end(model_merge *mg, double now, model_diff *diff)
{
    model_table *t = mg->t;
    settle_unseen(mg, now);
    rebuild_index(t);
    t->loaded = true;
    t->complete = t->complete || !mg->field;
    bool changed = merge_changes(mg) > 0;
    if (diff)
        diff_fill(diff, mg->st);
    merge_free(mg);
    return changed;
}

bool model_table_merge_unchanged(model_merge *mg, const char *id, uint64_t hash)
{
    model_table *t = mg->t;
    size_t at;
    if (!id || !strmap_get(&t->index, id, &at))
        return false;
    model_row *r = t->rows[at];
    if (r->departed_at > 0 || r->hash != hash || r->seen_gen == mg->gen)
        return false;
    if (r->seen_gen < mg->gen)
        r->seen_gen = mg->gen;
    mg->pos++;
    t->loaded = true;
    return true;
}

model_table *model_merge_table(const model_merge *mg)
{
    return mg->t;
}

void model_table_merge_abort(model_merge *mg)
{
    rebuild_index(mg->t);
    merge_free(mg);
}

static bool apply_where(model_table *t, json_t *objects, double now, model_diff *diff,
                        const char *field, const char *value)
{
    if (diff)
        memset(diff, 0, sizeof *diff);
    if (!json_is_array(objects))
        return false;
    model_merge *mg = model_table_merge_begin(t, field, value);
    model_table_merge_page(mg, objects, now, NULL);
    model_table_merge_end(mg, now, diff);
    return true;
}

bool model_table_apply(model_table *t, json_t *objects, double now, model_diff *diff)
{
    return apply_where(t, objects, now, diff, NULL, NULL);
}

bool model_table_apply_where(model_table *t, json_t *objects, double now, model_diff *diff,
                             const char *field, const char *value)
{
    return apply_where(t, objects, now, diff, field, value);
}

bool model_table_expire(model_table *t, double now)
{
    size_t before = t->count;
    size_t out = 0;
    for (size_t i = 0; i < t->count; i++) {
        model_row *r = t->rows[i];
        if (r->departed_at > 0 && now - r->departed_at >= t->ghost_seconds)
            row_free(r);
        else
            t->rows[out++] = r;
    }
    t->count = out;
    if (out == before)
        return false;
    rebuild_index(t);
    return true;
}

size_t model_table_count(const model_table *t)
{
    return t ? t->count : 0;
}

const model_row *model_table_at(const model_table *t, size_t index)
{
    return t && index < t->count ? t->rows[index] : NULL;
}

size_t model_table_live_count(const model_table *t)
{
    return t ? t->live : 0;
}

bool model_table_loaded(const model_table *t)
{
    return t && t->loaded;
}

const model_row *model_table_find(const model_table *t, const char *id)
{
    size_t at;
    if (!t || !id || !strmap_get(&t->index, id, &at))
        return NULL;
    return t->rows[at];
}

double model_row_field_changed_at(const model_row *r, const char *field)
{
    if (!r || !r->field_times || !field)
        return 0;
    json_t *v = json_object_get(r->field_times, field);
    return v ? json_number_value(v) : 0;
}

bool model_row_is_new(const model_row *r, double now, double window)
{
    return r && r->added_at > 0 && now - r->added_at < window;
}

bool model_row_field_is_fresh(const model_row *r, const char *field, double now, double window)
{
    double at = model_row_field_changed_at(r, field);
    return at > 0 && now - at < window;
}

bool model_row_is_ghost(const model_row *r)
{
    return r && r->departed_at > 0;
}

void model_diff_free(model_diff *d)
{
    if (!d)
        return;
    apply_state st = {.added = {d->added, d->nadded, d->nadded},
                      .removed = {d->removed, d->nremoved, d->nremoved},
                      .changed = {d->changed, d->nchanged, d->nchanged}};
    apply_state_free(&st);
    memset(d, 0, sizeof *d);
}

bool model_diff_is_empty(const model_diff *d)
{
    return !d || (d->nadded == 0 && d->nremoved == 0 && d->nchanged == 0);
}
