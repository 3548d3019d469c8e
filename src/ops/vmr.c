/* One VMR alias lookup (vmr.h). */
#include "ops/vmr.h"

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ops_vmr_lookup {
    api_client *api;
    api_request *req;
    char name[256];
    bool by_alias_listing; /* second stage: configuration/v1/conference_alias/ */
    bool vmr_known;
    ops_vmr_cb cb;
    void *ctx;
};

static void lookup_done(const api_list_result *res, void *ctx);

static void lookup_start(ops_vmr_lookup *l, bool by_alias)
{
    l->by_alias_listing = by_alias;
    api_param p = {by_alias ? "conference__name" : "name", l->name};
    l->req = api_list(l->api, by_alias ? API_CONFIG_CONFERENCE_ALIAS : API_CONFIG_CONFERENCE, &p, 1,
                      lookup_done, l);
}

static void lookup_finish(ops_vmr_lookup *l, const char *alias, const api_error *error)
{
    ops_vmr_result r = {alias, l->vmr_known, error};
    l->cb(&r, l->ctx);
    free(l);
}

/* First alias in a configuration conference's embedded `aliases`. */
static const char *embedded_alias(const json_t *conference)
{
    const json_t *aliases = json_object_get(conference, "aliases");
    for (size_t i = 0; i < json_array_size(aliases); i++) {
        const char *a = jget_str(json_array_get(aliases, i), "alias");
        if (a && a[0])
            return a;
    }
    return NULL;
}

static const char *alias_of(const ops_vmr_lookup *l, const json_t *objects)
{
    size_t i;
    const json_t *o;
    json_array_foreach(objects, i, o)
    {
        const char *name = jget_str(o, "name");
        const char *a = l->by_alias_listing                  ? jget_str(o, "alias")
                        : name && strcmp(name, l->name) == 0 ? embedded_alias(o)
                                                             : NULL;
        if (a && a[0])
            return a;
        if (l->by_alias_listing)
            break; /* the first alias of the VMR, as listed */
    }
    return NULL;
}

static void lookup_done(const api_list_result *res, void *ctx)
{
    ops_vmr_lookup *l = ctx;
    l->req = NULL;
    if (res->error.kind != API_OK) {
        lookup_finish(l, NULL, &res->error);
        return;
    }
    if (!l->by_alias_listing)
        l->vmr_known = json_array_size(res->objects) > 0;
    const char *alias = alias_of(l, res->objects);
    if (alias || l->by_alias_listing)
        lookup_finish(l, alias, NULL);
    else
        lookup_start(l, true);
}

ops_vmr_lookup *ops_vmr_lookup_start(api_client *api, const char *name, ops_vmr_cb cb, void *ctx)
{
    ops_vmr_lookup *l = xcalloc(1, sizeof *l);
    l->api = api;
    l->cb = cb;
    l->ctx = ctx;
    snprintf(l->name, sizeof l->name, "%s", name);
    lookup_start(l, false);
    return l;
}

void ops_vmr_lookup_cancel(ops_vmr_lookup *l)
{
    if (!l)
        return;
    if (l->req)
        api_cancel(l->req);
    free(l);
}

const char *ops_vmr_failure(const ops_vmr_result *r)
{
    if (r->error)
        return r->error->message;
    return r->vmr_known ? "the VMR has no alias" : "no VMR of that name in the configuration";
}
