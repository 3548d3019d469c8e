/* Private to src/model: an open-addressing hash index from strings to
 * size_t values. Keys are borrowed: the caller keeps them alive while they
 * are in the map (the table's rows own their ids). */
#ifndef PEXCON_MODEL_STRMAP_H
#define PEXCON_MODEL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strmap_slot {
    const char *key; /* NULL: empty slot */
    size_t value;
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    size_t nslots; /* 0 or a power of two */
    size_t count;
} strmap;

#define STRMAP_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Insert or overwrite (out of memory aborts). */
void strmap_put(strmap *m, const char *key, size_t value);
/* True and *value set when present. */
bool strmap_get(const strmap *m, const char *key, size_t *value);
/* Empty the map, keeping its slots. */
void strmap_clear(strmap *m);
void strmap_free(strmap *m);

#endif
