/* URL query strings and form bodies: `a=1&b=x%20y` as an ordered list of
 * decoded key/value pairs (repeats kept), and the reverse encoding used to
 * build Tastypie's `meta.next` / `meta.previous` links. */
#ifndef PEXSIM_QUERY_H
#define PEXSIM_QUERY_H

#include <stddef.h>

typedef struct sim_param {
    char *key;
    char *value;
} sim_param;

typedef struct sim_query {
    sim_param *params;
    size_t count;
} sim_query;

/* Parse `raw` (without the leading '?'; NULL or "" gives an empty query).
 * '+' decodes to a space; invalid %-escapes are kept literally. Out of
 * memory aborts. */
void sim_query_parse(sim_query *q, const char *raw);
void sim_query_parse_len(sim_query *q, const char *raw, size_t len);
void sim_query_free(sim_query *q);

/* Last value for `key`, or NULL. */
const char *sim_query_get(const sim_query *q, const char *key);

/* Percent-encode for a query component into a new string (unreserved
 * characters kept, space as %20). Never NULL. */
char *sim_url_encode(const char *s);

/* `path?k=v&...` with every parameter of q except limit and offset, then
 * limit=<limit>&offset=<offset> (new string, never NULL). */
char *sim_query_link(const sim_query *q, const char *path, long limit, long offset);

#endif
