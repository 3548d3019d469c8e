/* An indexed table of JSON objects keyed by id, refreshed in place.
 *
 * Each refresh hands the whole list the server returned to
 * model_table_apply(). Rows that were already there are updated in place
 * (they keep their position, so the screen does not jump), new rows are
 * appended in server order, rows that vanished are dropped, or kept for a
 * few seconds as "departed" ghosts when the table was asked to. The call
 * fills a diff (added / removed / changed fields) and stamps every row and
 * field with the time it last changed, so a view can highlight what is new.
 *
 * Objects are untrusted: non-objects are skipped, an object without a usable
 * id gets a key from its resource_uri (or its position, for single-object
 * resources such as licensing), duplicates in one list keep the first. The
 * table stores server text unmodified: sanitize before display.
 *
 * Lookup by id is O(1) (own hash index). Row pointers stay valid until the
 * next model_table_apply/expire/clear on the table. */
#ifndef PEXCON_MODEL_TABLE_H
#define PEXCON_MODEL_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef struct model_row {
    char *id;            /* key: the id field as text ("42", "uuid…") */
    json_t *obj;         /* the latest object (owned reference) */
    double added_at;     /* when it appeared; 0 when it came with the table's first load */
    double changed_at;   /* last time any field changed (0 = never since added) */
    double departed_at;  /* >0: a ghost, gone from the server since then */
    json_t *field_times; /* private: field name -> time it last changed */
    uint64_t hash;       /* private: of the object's contents (skips unchanged ones) */
    unsigned seen_gen;   /* private: the newest merge that listed it */
    unsigned gone_gen;   /* private: the merge that found it gone */
} model_row;

typedef struct model_change {
    char *id;
    char **fields; /* names of the fields whose values changed (json_equal) */
    size_t nfields;
} model_change;

typedef struct model_diff {
    char **added; /* ids, in table order */
    size_t nadded;
    char **removed; /* ids that left (now ghosts or dropped) */
    size_t nremoved;
    model_change *changed;
    size_t nchanged;
    size_t skipped; /* odd entries ignored: not objects, duplicate ids */
} model_diff;

typedef struct model_table model_table;

/* key_field: the field that identifies a row (NULL means "id"). */
model_table *model_table_new(const char *key_field);
void model_table_free(model_table *t);

/* Keep removed rows as ghosts for `seconds` (0, the default, drops them at
 * once). */
void model_table_set_ghost_seconds(model_table *t, double seconds);

/* Merge a fresh list (a JSON array of objects) taken at time `now`. Rows
 * take references to the objects (borrowed from the caller, who keeps its
 * own). `diff` may be NULL; when given it is overwritten (free it with
 * model_diff_free). Returns false only when `objects` is not an array (the
 * table is then left unchanged and diff is empty); out of memory aborts. */
bool model_table_apply(model_table *t, json_t *objects, double now, model_diff *diff);
/* The same for a partial listing: the rows whose string `field` is `value`
 * (those the listing covers) are merged with it; the other rows stay as
 * they are. */
bool model_table_apply_where(model_table *t, json_t *objects, double now, model_diff *diff,
                             const char *field, const char *value);

/* The same, page by page, so that no page waits for the next (the caller
 * drops each page once it is taken) and the loop gets a turn in between:
 * begin (field/value as for apply_where, or NULL), a page at a time, then
 * end (rows not listed depart, as in apply) or abort (a failed listing:
 * what was taken stays, nothing departs). Merges may overlap (a partial
 * listing finishing while a whole one is still arriving): a row listed by a
 * newer merge never departs because an older one missed it. An unchanged
 * object (same contents hash) leaves its row as it is. */
typedef struct model_merge model_merge;
model_merge *model_table_merge_begin(model_table *t, const char *field, const char *value);
/* False (and nothing taken) when `objects` is not an array. *changed (may be
 * NULL) tells whether a row was added, revived or changed. */
bool model_table_merge_page(model_merge *mg, json_t *objects, double now, bool *changed);
/* True when the merge changed the table (a row added, changed or gone). */
bool model_table_merge_end(model_merge *mg, double now, model_diff *diff);
void model_table_merge_abort(model_merge *mg);
model_table *model_merge_table(const model_merge *mg);
/* An object the merge would find unchanged, known by its key and contents
 * hash before it is built: its row counts as listed (true), or the object
 * must be merged (false). */
bool model_table_merge_unchanged(model_merge *mg, const char *id, uint64_t hash);
/* The contents hash merges compare (of an object as its fields are
 * iterated): start, then each field in order. */
uint64_t model_hash_start(void);
uint64_t model_hash_field(uint64_t h, const char *key, const json_t *value);

/* Drop ghosts older than the ghost time. apply() does this too; call it
 * from a timer to let ghosts fade while no refresh arrives. Returns true when
 * something was dropped. */
bool model_table_expire(model_table *t, double now);

/* Forget every row; the next apply counts as a first load again. */
void model_table_clear(model_table *t);

/* Rows in stable order, ghosts included (check row->departed_at). */
size_t model_table_count(const model_table *t);
const model_row *model_table_at(const model_table *t, size_t index);
/* Rows that are not ghosts. */
size_t model_table_live_count(const model_table *t);
/* Has any apply succeeded since creation or the last clear? */
bool model_table_loaded(const model_table *t);

/* O(1) lookup by key; NULL when absent. Ghosts are found too. */
const model_row *model_table_find(const model_table *t, const char *id);

/* Time `field` of the row last changed value, 0 if it has not since the
 * row appeared. */
double model_row_field_changed_at(const model_row *r, const char *field);

/* Highlight helpers: true while now - stamp < window. */
bool model_row_is_new(const model_row *r, double now, double window);
bool model_row_field_is_fresh(const model_row *r, const char *field, double now, double window);
bool model_row_is_ghost(const model_row *r);

void model_diff_free(model_diff *d);
bool model_diff_is_empty(const model_diff *d);

#endif
