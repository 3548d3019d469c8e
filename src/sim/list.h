/* The Tastypie list engine: filtering, ordering and paging of one
 * collection, as a pure function of (objects, resource descriptor, query).
 *
 * It never copies or modifies the collection: the page holds borrowed
 * pointers into it, and only the page is serialized. Every way a query can
 * be wrong (unknown parameter, field that does not allow filtering, bad
 * specifier, bad value, bad order_by, bad limit/offset) is an error message
 * the server answers with 400 {"error": "..."}. */
#ifndef PEXSIM_LIST_H
#define PEXSIM_LIST_H

#include <jansson.h>
#include <stddef.h>

#include "sim/query.h"
#include "sim/resource.h"

#define SIM_LIST_DEFAULT_LIMIT 20

typedef struct sim_list_request {
    const sim_resource *resource;
    const sim_query *query;
    const char *path; /* canonical path used in meta.next / meta.previous */
    long max_limit;   /* cap for limit (limit=0 asks for the cap); <= 0: no cap */
} sim_list_request;

typedef struct sim_list_page {
    long limit;
    long offset;
    size_t total_count; /* objects matching the filters */
    json_t **objects;   /* borrowed from the collection */
    size_t count;
    char *next; /* NULL at the ends */
    char *previous;
} sim_list_page;

/* Build the page. Returns 0, or -1 with *error set to a new message (the
 * request is at fault; out of memory aborts). `collection` may be NULL
 * (treated as empty). On success free the page with sim_list_page_free. */
int sim_list_build(json_t *collection, const sim_list_request *req, sim_list_page *page,
                   char **error);

/* The response body {"meta": {...}, "objects": [...]} as text. */
char *sim_list_render(const sim_list_page *page, size_t *len);

/* The same as a JSON value (new reference; objects are new references). */
json_t *sim_list_to_json(const sim_list_page *page);

void sim_list_page_free(sim_list_page *page);

/* Query parameters that are never filters. */
int sim_list_is_reserved_param(const char *key);

#endif
