/* A growable byte buffer for response bodies, and JSON serialization in the
 * style of a Management Node (Tastypie: sorted keys, ", " and ": "
 * separators, raw UTF-8, floats in their shortest usual form). */
#ifndef PEXSIM_BUF_H
#define PEXSIM_BUF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define SIM_JSON_FLAGS (JSON_SORT_KEYS | JSON_REAL_PRECISION(15))

typedef struct sim_buf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed; later appends are no-ops */
} sim_buf;

void sim_buf_init(sim_buf *b);
bool sim_buf_append(sim_buf *b, const char *s, size_t len);
bool sim_buf_puts(sim_buf *b, const char *s);
bool sim_buf_printf(sim_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Serialize `j` with SIM_JSON_FLAGS (JSON_ENCODE_ANY). */
bool sim_buf_json(sim_buf *b, const json_t *j);
/* Hand the data over (caller frees); NULL when an append failed. */
char *sim_buf_steal(sim_buf *b, size_t *len);
void sim_buf_free(sim_buf *b);

/* `j` as text (new string, caller frees), NULL when out of memory. */
char *sim_json_text(const json_t *j, size_t *len);

/* A copy of `s` that is valid UTF-8 (invalid bytes become U+FFFD), so that
 * request-derived text can go into JSON. NULL when out of memory. */
char *sim_utf8_scrub(const char *s);

#endif
