/* The fetcher follows the navigation's scopes: a table scoped to an open
 * drill-down level (a participant's media, a node's statistics, a history
 * conference's participants, ...) is asked again from the start when the
 * level opens on another row or closes (core/nav.c scopes the model). */
#include <stdio.h>
#include <string.h>

#include "ui/data/fetch.h"

void scope_sync(ui_app *app)
{
    for (int t = 0; t < MT_COUNT; t++) {
        ui_resource *r = &app->res[t];
        char key[sizeof r->scope];
        if (!nav_scope_key(app, (model_table_id)t, key, sizeof key))
            key[0] = '\0';
        if (strcmp(r->scope, key) == 0)
            continue;
        fetch_restart(app, (model_table_id)t);
        snprintf(r->scope, sizeof r->scope, "%s", key);
        if (t == MT_MEDIA_STREAMS)
            sparks_clear(app); /* another participant's streams */
    }
}
