/* The /api/admin/ routes. See api.h.
 *
 * Paths are matched segment by segment, so a missing trailing slash or a
 * doubled one still finds the resource; every answer names the canonical
 * path (with the trailing slash) in its paging links. */
#include "sim/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xmalloc.h"
#include "sim/text.h"
#include "sim/list.h"
#include "sim/query.h"
#include "sim/resource.h"

#define MAX_SEGMENTS 10
#define API_AREAS_FOR_DATA 3

static const char *const data_areas[API_AREAS_FOR_DATA] = {"status", "history", "configuration"};

typedef struct path_parts {
    char *buf;
    char *seg[MAX_SEGMENTS];
    size_t n; /* MAX_SEGMENTS + 1 when there were too many */
} path_parts;

static void path_split(const char *path, path_parts *pp)
{
    pp->n = 0;
    pp->buf = xstrdup(path);
    char *save = NULL;
    for (char *s = strtok_r(pp->buf, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (pp->n == MAX_SEGMENTS) {
            pp->n++;
            break;
        }
        pp->seg[pp->n++] = s;
    }
}

static bool is_get(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

static void reply_not_found(sim_reply *reply)
{
    sim_reply_empty(reply, 404);
}

static void reply_method_not_allowed(sim_reply *reply, const char *allow)
{
    sim_reply_empty(reply, 405);
    reply->allow = allow;
}

static bool is_data_area(const char *area)
{
    for (size_t i = 0; i < API_AREAS_FOR_DATA; i++)
        if (strcmp(area, data_areas[i]) == 0)
            return true;
    return false;
}

/* ---------- schemas and listings ---------- */

static json_t *endpoint_entry(const char *list_endpoint)
{
    char schema[320];
    snprintf(schema, sizeof schema, "%.300sschema/", list_endpoint);
    return json_pack("{s:s, s:s}", "list_endpoint", list_endpoint, "schema", schema);
}

static json_t *area_listing(const char *area)
{
    json_t *top = json_object();
    for (size_t i = 0; top && i < sim_resource_count(); i++) {
        const sim_resource *r = sim_resource_at(i);
        if (strcmp(r->area, area) == 0)
            json_object_set_new(top, r->name, endpoint_entry(r->path));
    }
    if (top && strcmp(area, "command") == 0) {
        for (size_t i = 0; sim_command_at(i); i++) {
            char path[256];
            snprintf(path, sizeof path, "/api/admin/command/v1/%s/", sim_command_at(i));
            json_object_set_new(top, sim_command_at(i), endpoint_entry(path));
        }
    }
    return top;
}

static void reply_top_schema(sim_reply *reply)
{
    json_t *all = json_object();
    for (size_t i = 0; all && i < API_AREAS_FOR_DATA; i++)
        json_object_set_new(all, data_areas[i], area_listing(data_areas[i]));
    if (all)
        json_object_set_new(all, "command", area_listing("command"));
    sim_reply_json(reply, 200, all);
}

/* ---------- lists ---------- */

/* The page's objects as the world's shape serves them: the page then
 * points at the returned references (decref each, free the array). */
static json_t **present_page(sim_world *world, const char *key, sim_list_page *page)
{
    json_t **shaped = page->count ? xcalloc(page->count, sizeof *shaped) : NULL;
    for (size_t i = 0; i < page->count; i++) {
        shaped[i] = sim_world_present(world, key, page->objects[i]);
        if (shaped[i])
            page->objects[i] = shaped[i];
    }
    return shaped;
}

static void reply_list(sim_core *core, sim_reply *reply, const sim_resource *res,
                       json_t *collection, const char *path, const char *raw_query)
{
    sim_query query;
    sim_query_parse(&query, raw_query);
    sim_list_request lr = {
        .resource = res, .query = &query, .path = path, .max_limit = core->max_limit};
    sim_list_page page;
    char *error = NULL;
    if (sim_list_build(collection, &lr, &page, &error) != 0) {
        sim_reply_error(reply, 400, "%s", error);
        free(error);
        sim_query_free(&query);
        return;
    }
    json_t **shaped = present_page(core->world, res->key, &page);
    size_t len = 0;
    char *body = sim_list_render(&page, &len);
    for (size_t i = 0; i < page.count; i++)
        json_decref(shaped[i]);
    free(shaped);
    if (body)
        sim_reply_take(reply, 200, SIM_CONTENT_JSON, body, len);
    else
        sim_reply_empty(reply, 500);
    sim_list_page_free(&page);
    sim_query_free(&query);
}

static void serve_list(sim_core *core, const sim_api_request *req, sim_reply *reply,
                       const sim_resource *res)
{
    sim_core_lock(core);
    json_t *collection = sim_world_collection(core->world, res->key);
    if (!collection)
        reply_not_found(reply);
    else
        reply_list(core, reply, res, collection, res->path, req->raw_query);
    sim_core_unlock(core);
}

static void serve_detail(sim_core *core, sim_reply *reply, const sim_resource *res, const char *id)
{
    sim_core_lock(core);
    json_t *obj =
        sim_world_present(core->world, res->key, sim_world_object(core->world, res->key, id));
    if (obj) {
        size_t len = 0;
        char *body = sim_json_text(obj, &len);
        json_decref(obj);
        if (body)
            sim_reply_take(reply, 200, SIM_CONTENT_JSON, body, len);
        else
            sim_reply_empty(reply, 500);
    } else {
        reply_not_found(reply);
    }
    sim_core_unlock(core);
}

static void serve_sub(sim_core *core, const sim_api_request *req, sim_reply *reply,
                      const sim_resource *parent, const sim_resource *sub, const char *id)
{
    char *id_enc = sim_url_encode(id);
    char *path = sim_format("%s%s/%s/", parent->path, id_enc, sub->name);
    free(id_enc);
    sim_core_lock(core);
    json_t *collection = sim_world_subcollection(core->world, parent->key, id, sub->name);
    if (!collection)
        reply_not_found(reply);
    else
        reply_list(core, reply, sub, collection, path, req->raw_query);
    sim_core_unlock(core);
    free(path);
}

static void route_data(sim_core *core, const sim_api_request *req, sim_reply *reply,
                       const path_parts *pp)
{
    /* seg: api admin <area> v1 [<res> [<id>|schema [<sub> [schema]]]] */
    const char *area = pp->seg[2];
    if (!is_get(req->method)) {
        reply_method_not_allowed(reply, "GET");
        return;
    }
    if (pp->n == 4) {
        sim_reply_json(reply, 200, area_listing(area));
        return;
    }
    const sim_resource *res = sim_resource_find(area, pp->seg[4]);
    if (!res || pp->n > 8) {
        reply_not_found(reply);
        return;
    }
    if (pp->n == 5) {
        serve_list(core, req, reply, res);
    } else if (pp->n == 6 && strcmp(pp->seg[5], "schema") == 0) {
        sim_reply_json(reply, 200, sim_resource_schema(res));
    } else if (pp->n == 6) {
        serve_detail(core, reply, res, pp->seg[5]);
    } else {
        const sim_resource *sub = sim_resource_find_sub(res, pp->seg[6]);
        if (!sub)
            reply_not_found(reply);
        else if (pp->n == 8 && strcmp(pp->seg[7], "schema") == 0)
            sim_reply_json(reply, 200, sim_resource_schema(sub));
        else if (pp->n == 7)
            serve_sub(core, req, reply, res, sub, pp->seg[5]);
        else
            reply_not_found(reply);
    }
}

/* ---------- commands ---------- */

bool sim_api_command_name(const char *path, char *name, size_t size)
{
    path_parts pp;
    path_split(path, &pp);
    bool ok = pp.n == 6 && strcmp(pp.seg[0], "api") == 0 && strcmp(pp.seg[1], "admin") == 0 &&
              strcmp(pp.seg[2], "command") == 0 && strcmp(pp.seg[3], "v1") == 0;
    if (ok)
        ok = (size_t)snprintf(name, size, "%s/%s", pp.seg[4], pp.seg[5]) < size;
    free(pp.buf);
    return ok;
}

static json_t *form_params(const char *body, size_t len)
{
    sim_query q;
    sim_query_parse_len(&q, body, len);
    json_t *params = json_object();
    for (size_t i = 0; i < q.count; i++) {
        char *key = sim_utf8_scrub(q.params[i].key);
        char *value = sim_utf8_scrub(q.params[i].value);
        json_object_set_new(params, key, json_string(value));
        free(key);
        free(value);
    }
    sim_query_free(&q);
    return params;
}

static json_t *json_params(const char *body, size_t len, char **error)
{
    if (len == 0)
        return json_object();
    json_error_t jerr;
    json_t *params = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!params) {
        *error = sim_format("Malformed JSON body: %s (line %d, column %d)", jerr.text, jerr.line,
                            jerr.column);
        return NULL;
    }
    if (!json_is_object(params)) {
        json_decref(params);
        *error = xstrdup("The JSON body must be an object");
        return NULL;
    }
    return params;
}

json_t *sim_api_command_params(const char *content_type, const char *body, size_t len, char **error)
{
    *error = NULL;
    bool is_json = content_type && strcasestr(content_type, "json") != NULL;
    if (!is_json)
        return form_params(body ? body : "", len);
    return json_params(body, len, error);
}

bool sim_api_is_json_format(const char *content_type)
{
    if (!content_type)
        return true; /* no Content-Type: Tastypie assumes application/json */
    const char *p = content_type;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strcspn(p, ";");
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    return n == 16 && strncasecmp(p, "application/json", 16) == 0;
}

/* Tastypie's answer to a body in a format its serializer cannot read. */
static void reply_unsupported_format(sim_reply *reply, const char *content_type)
{
    size_t n = strcspn(content_type, ";");
    sim_reply_error(reply, 400,
                    "The format indicated '%.*s' had no available deserialization method. "
                    "Please check your ``formats`` and ``content_types`` on your Serializer.",
                    (int)(n > 200 ? 200 : n), content_type);
}

/* Parameters of a command body: JSON only, unless --accept-form. */
static json_t *command_params(const sim_core *core, const sim_api_request *req, sim_reply *reply)
{
    char *error = NULL;
    json_t *params = NULL;
    if (core->accept_form)
        params = sim_api_command_params(req->content_type, req->body, req->body_len, &error);
    else if (sim_api_is_json_format(req->content_type))
        params = json_params(req->body, req->body_len, &error);
    else {
        reply_unsupported_format(reply, req->content_type);
        return NULL;
    }
    if (!params)
        sim_reply_error(reply, 400, "%s", error);
    free(error);
    return params;
}

static void route_command(sim_core *core, const sim_api_request *req, sim_reply *reply,
                          const path_parts *pp, sim_api_command *cmd)
{
    /* seg: api admin command v1 <group> <cmd> [schema] */
    if (pp->n == 7 && strcmp(pp->seg[6], "schema") == 0) {
        char name[128];
        snprintf(name, sizeof name, "%s/%s", pp->seg[4], pp->seg[5]);
        json_t *schema = is_get(req->method) ? sim_command_schema(name) : NULL;
        if (!is_get(req->method))
            reply_method_not_allowed(reply, "GET");
        else if (!schema)
            reply_not_found(reply);
        else
            sim_reply_json(reply, 200, schema);
        return;
    }
    if (pp->n == 4) {
        if (is_get(req->method))
            sim_reply_json(reply, 200, area_listing("command"));
        else
            reply_method_not_allowed(reply, "GET");
        return;
    }
    if (pp->n != 6) {
        reply_not_found(reply);
        return;
    }
    cmd->is_command = true;
    snprintf(cmd->name, sizeof cmd->name, "%s/%s", pp->seg[4], pp->seg[5]);
    if (strcmp(req->method, "POST") != 0) {
        reply_method_not_allowed(reply, "POST");
        return;
    }
    cmd->params = command_params(core, req, reply);
    if (!cmd->params)
        return;
    json_t *response = NULL;
    sim_core_lock(core);
    int status = sim_world_command(core->world, cmd->name, cmd->params, &response);
    sim_core_unlock(core);
    if (status < 200 || status > 599)
        status = 500;
    sim_reply_json(reply, status, response ? response : json_object());
}

void sim_api_handle(sim_core *core, const sim_api_request *req, sim_reply *reply,
                    sim_api_command *cmd)
{
    memset(cmd, 0, sizeof *cmd);
    path_parts pp;
    path_split(req->path, &pp);
    bool api = pp.n >= 3 && pp.n <= MAX_SEGMENTS && strcmp(pp.seg[0], "api") == 0 &&
               strcmp(pp.seg[1], "admin") == 0;
    if (api && pp.n == 3 && strcmp(pp.seg[2], "schema") == 0) {
        if (is_get(req->method))
            reply_top_schema(reply);
        else
            reply_method_not_allowed(reply, "GET");
    } else if (!api || pp.n < 4 || strcmp(pp.seg[3], "v1") != 0) {
        reply_not_found(reply);
    } else if (strcmp(pp.seg[2], "command") == 0) {
        route_command(core, req, reply, &pp, cmd);
    } else if (is_data_area(pp.seg[2])) {
        route_data(core, req, reply, &pp);
    } else {
        reply_not_found(reply);
    }
    free(pp.buf);
}
