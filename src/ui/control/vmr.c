/* VMR aliases from the configuration API, fetched only when an action needs
 * them, through the API layer and never blocking the loop:
 *
 * - the transfer prompt completes aliases from configuration/v1/conference/
 *   (every VMR with its embedded aliases), loaded when the prompt opens and
 *   kept for five minutes;
 * - a dial's alias lookup is ops/vmr.c's, shared with batch mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "ui/control/act.h"

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
        vc->cap = vc->cap ? vc->cap * 2 : 64;
        vc->list = xrealloc(vc->list, vc->cap * sizeof *vc->list);
    }
    vmr_alias *a = &vc->list[vc->n++];
    a->alias = xstrdup(alias);
    a->vmr = xstrdup(vmr ? vmr : "");
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
}

void vmr_cache_want(ui_app *app)
{
    act_state *st = act_state_of(app);
    if (!st || !app->api)
        return;
    if (!st->vmrs) {
        st->vmrs = xcalloc(1, sizeof *st->vmrs);
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
