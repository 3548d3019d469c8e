/* Shared between the api/ sources; not part of the public interface. */
#ifndef PEXCON_API_INTERNAL_H
#define PEXCON_API_INTERNAL_H

#include "api/client.h"
#include "api/commands.h"

typedef enum api_req_type { API_REQ_LIST, API_REQ_GET, API_REQ_COMMAND } api_req_type;

struct api_client {
    uv_loop_t *loop;
    net_engine *net;
    api_opts opts;
    api_request *live; /* every request not yet completed or cancelled */
    uint64_t rng;      /* jitter */
};

struct api_request {
    api_client *client;
    api_request *prev, *next;
    api_req_type type;
    net_request *net; /* the transfer in flight, or NULL */
    uv_timer_t timer; /* retry backoff / deferred completion */
    bool finished;    /* callback ran or request cancelled */
    char *path;       /* current path+query */
    int attempt;      /* 1-based try of the current read */
    int retries;
    uint64_t t_start; /* uv_hrtime */
    void *ctx;
    /* listing */
    api_list_cb list_cb;
    api_list_page_cb page_cb; /* paged listing: hand each page over, keep only ids */
    json_t *objects;
    json_t *seen;    /* id -> index in objects (paged: id -> true) */
    json_t *visited; /* page paths already requested (a cycle in meta.next ends the listing) */
    size_t pages, skipped, duplicates;
    long long total_count;
    int page_limit;
    int asked_limit;
    net_request *prefetch; /* the next page, started before this one was parsed */
    char *prefetch_path;
    struct held_page *held; /* a large page waiting for its turn of the loop (list.c) */
    /* get */
    api_get_cb get_cb;
    /* command */
    api_command_cb command_cb;
    char *command;         /* "participant/dial" */
    char *body;            /* the command's JSON body */
    api_error local_error; /* for a command refused before sending */
};

/* Allocate a request registered with the client (timer initialised). */
api_request *api_request_new(api_client *c, api_req_type type, void *ctx);
/* api_classify with the body parsed already (json, a new reference or
 * NULL, and its error, as json_load_fast gave them). */
void api_classify_parsed(const net_response *resp, api_error *err, json_t **json_out, json_t *json,
                         const json_error_t *jerr);
/* Free a held page (list.c; at release). */
void api_list_drop_held(api_request *req);
/* Unregister and release (asynchronously: the timer closes first). */
void api_request_release(api_request *req);
/* Schedule `cb` after `delay_s` on the request's timer. */
void api_request_later(api_request *req, double delay_s, uv_timer_cb cb);
/* Decide about retrying a failed read: true when a retry was scheduled. */
bool api_read_maybe_retry(api_request *req, const net_response *resp, const api_error *err,
                          uv_timer_cb retry_cb);
double api_elapsed(const api_request *req);

#endif
