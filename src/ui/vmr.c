/* VMR aliases from the configuration API, fetched only when an action needs
 * them, through the API layer and never blocking the loop:
 *
 * - the transfer prompt completes aliases from configuration/v1/conference/
 *   (every VMR with its embedded aliases), loaded when the prompt opens and
 *   kept for five minutes;
 * - a dial looks up the alias of one VMR by name (?name=NAME), and falls
 *   back to configuration/v1/conference_alias/?conference__name=NAME when
 *   the VMR's aliases are not embedded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "ui/act.h"

#define VMR_CACHE_TTL_S 300.0

typedef struct vmr_alias {
    char *alias;
    char *vmr;
} vmr_alias;

struct vmr_cache {
    ui_app *app;
    api_request *req;
    bool by_alias_listing; /* second stage: configuration/v1/conference_alias/ */
    json_t *uri_names;     /* VMR resource_uri -> name, for the second stage */
    vmr_alias *list;
    size_t n, cap;
    double loaded_at; /* monotonic; 0 = never */
    char error[256];
};

static void cache_clear_list(vmr_cache *vc)
{
    for (size_t i = 0; i < vc->n; i++) {
        free(vc->list[i].alias);
        free(vc->list[i].vmr);
    }
    vc->n = 0;
}

static void cache_add(vmr_cache *vc, const char *alias, const char *vmr)
{
    if (!alias || !*alias)
        return;
    if (vc->n == vc->cap) {
        size_t cap = vc->cap ? vc->cap * 2 : 64;
        vmr_alias *nl = realloc(vc->list, cap * sizeof *nl);
        if (!nl)
            return;
        vc->list = nl;
        vc->cap = cap;
    }
    vmr_alias *a = &vc->list[vc->n];
    a->alias = strdup(alias);
    a->vmr = strdup(vmr ? vmr : "");
    if (!a->alias || !a->vmr) {
        free(a->alias);
        free(a->vmr);
        return;
    }
    vc->n++;
}

/* Aliases embedded in configuration/v1/conference objects. */
static void cache_fill_from_conferences(vmr_cache *vc, const json_t *objects)
{
    size_t i;
    const json_t *o;
    json_decref(vc->uri_names);
    vc->uri_names = json_object();
    json_array_foreach(objects, i, o)
    {
        const char *name = jget_str(o, "name");
        const char *uri = jget_str(o, "resource_uri");
        if (vc->uri_names && uri && name)
            json_object_set_new(vc->uri_names, uri, json_string(name));
        const json_t *aliases = json_object_get(o, "aliases");
        for (size_t k = 0; k < json_array_size(aliases); k++)
            cache_add(vc, jget_str(json_array_get(aliases, k), "alias"), name);
    }
}

static void cache_fill_from_aliases(vmr_cache *vc, const json_t *objects)
{
    size_t i;
    const json_t *o;
    json_array_foreach(objects, i, o)
    {
        const char *uri = jget_str(o, "conference");
        const char *vmr = uri ? json_string_value(json_object_get(vc->uri_names, uri)) : NULL;
        cache_add(vc, jget_str(o, "alias"), vmr);
    }
}

static void cache_start(vmr_cache *vc, bool by_alias);

static void cache_done(const api_list_result *res, void *ctx)
{
    vmr_cache *vc = ctx;
    vc->req = NULL;
    if (res->error.kind != API_OK) {
        snprintf(vc->error, sizeof vc->error, "%s", res->error.message);
        vc->loaded_at = 0;
    } else if (!vc->by_alias_listing) {
        cache_clear_list(vc);
        cache_fill_from_conferences(vc, res->objects);
        vc->error[0] = '\0';
        vc->loaded_at = time_monotonic();
        /* VMRs whose aliases are links, not objects: ask for the aliases. */
        if (vc->n == 0 && json_array_size(res->objects) > 0) {
            cache_start(vc, true);
            return;
        }
    } else {
        cache_fill_from_aliases(vc, res->objects);
        vc->error[0] = '\0';
        vc->loaded_at = time_monotonic();
    }
    prompt_sources_changed(vc->app);
    app_dirty(vc->app);
}

static void cache_start(vmr_cache *vc, bool by_alias)
{
    vc->by_alias_listing = by_alias;
    vc->error[0] = '\0';
    vc->req = api_list(vc->app->api, by_alias ? API_CONFIG_CONFERENCE_ALIAS : API_CONFIG_CONFERENCE,
                       NULL, 0, cache_done, vc);
    if (!vc->req)
        snprintf(vc->error, sizeof vc->error, "could not start the request");
}

void vmr_cache_want(ui_app *app)
{
    act_state *st = act_state_of(app);
    if (!st || !app->api)
        return;
    if (!st->vmrs) {
        st->vmrs = calloc(1, sizeof *st->vmrs);
        if (!st->vmrs)
            return;
        st->vmrs->app = app;
    }
    vmr_cache *vc = st->vmrs;
    if (vc->req)
        return;
    if (vc->loaded_at > 0 && time_monotonic() - vc->loaded_at < VMR_CACHE_TTL_S)
        return;
    cache_start(vc, false);
}

size_t vmr_complete(ui_app *app, void *ctx, prompt_candidate *out, size_t max, char *status,
                    size_t status_size)
{
    (void)ctx;
    act_state *st = act_state_of(app);
    vmr_cache *vc = st ? st->vmrs : NULL;
    if (!vc) {
        snprintf(status, status_size, "no VMR aliases (not connected)");
        return 0;
    }
    if (vc->n == 0) {
        if (vc->req)
            snprintf(status, status_size, "loading VMR aliases from the configuration API...");
        else if (vc->error[0])
            snprintf(status, status_size, "could not load VMR aliases: %s", vc->error);
        else
            snprintf(status, status_size, "no VMR aliases known");
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < vc->n && n < max; i++, n++) {
        snprintf(out[n].value, sizeof out[n].value, "%s", vc->list[i].alias);
        snprintf(out[n].note, sizeof out[n].note, "%s", vc->list[i].vmr);
    }
    return n;
}

void vmr_cache_free(act_state *st)
{
    vmr_cache *vc = st->vmrs;
    if (!vc)
        return;
    if (vc->req)
        api_cancel(vc->req);
    cache_clear_list(vc);
    free(vc->list);
    json_decref(vc->uri_names);
    free(vc);
    st->vmrs = NULL;
}

/* ---- one VMR's alias ------------------------------------------------------------ */

struct vmr_lookup {
    ui_app *app;
    api_request *req;
    char name[256];
    bool by_alias_listing;
    vmr_alias_cb cb;
    void *ctx;
};

static void lookup_done(const api_list_result *res, void *ctx);

static bool lookup_start(vmr_lookup *l, bool by_alias)
{
    l->by_alias_listing = by_alias;
    api_param p = {by_alias ? "conference__name" : "name", l->name};
    l->req = api_list(l->app->api, by_alias ? API_CONFIG_CONFERENCE_ALIAS : API_CONFIG_CONFERENCE,
                      &p, 1, lookup_done, l);
    return l->req != NULL;
}

static void lookup_finish(vmr_lookup *l, const char *alias, const char *error)
{
    vmr_alias_cb cb = l->cb;
    void *ctx = l->ctx;
    ui_app *app = l->app;
    free(l);
    cb(app, ctx, alias, error);
}

static void lookup_done(const api_list_result *res, void *ctx)
{
    vmr_lookup *l = ctx;
    l->req = NULL;
    if (res->error.kind != API_OK) {
        lookup_finish(l, NULL, res->error.message);
        return;
    }
    size_t i;
    const json_t *o;
    const char *alias = NULL;
    json_array_foreach(res->objects, i, o)
    {
        if (alias)
            break;
        if (l->by_alias_listing) {
            alias = jget_str(o, "alias");
            continue;
        }
        const char *name = jget_str(o, "name");
        if (!name || strcmp(name, l->name) != 0)
            continue; /* the filter may be looser than an exact match */
        const json_t *aliases = json_object_get(o, "aliases");
        for (size_t k = 0; k < json_array_size(aliases) && !alias; k++) {
            const char *a = jget_str(json_array_get(aliases, k), "alias");
            if (a && *a)
                alias = a;
        }
    }
    if (alias) {
        lookup_finish(l, alias, NULL);
    } else if (!l->by_alias_listing && json_array_size(res->objects) > 0) {
        if (!lookup_start(l, true))
            lookup_finish(l, NULL, "could not start the request");
    } else {
        lookup_finish(l, NULL,
                      l->by_alias_listing ? "the VMR has no alias"
                                          : "no VMR of that name in the configuration");
    }
}

vmr_lookup *vmr_alias_lookup(ui_app *app, const char *name, vmr_alias_cb cb, void *ctx)
{
    if (!app->api)
        return NULL;
    vmr_lookup *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->app = app;
    l->cb = cb;
    l->ctx = ctx;
    snprintf(l->name, sizeof l->name, "%s", name);
    if (!lookup_start(l, false)) {
        free(l);
        return NULL;
    }
    return l;
}

void vmr_lookup_cancel(vmr_lookup *l)
{
    if (!l)
        return;
    if (l->req)
        api_cancel(l->req);
    free(l);
}
