/* The console's core on a fake node and a fake clock (rig.h). */
#include "rig.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/table.h"
#include "ui/control/control.h"
#include "ui/theme/glyph.h"

#define META "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": "

const char rig_conferences[] =
    META "2}, \"objects\": [{\"id\": \"c1\", \"name\": \"Alpha\", \"is_locked\": false},"
         "               {\"id\": \"c2\", \"name\": \"Beta\", \"is_locked\": false}]}";
const char rig_participants[] = META
    "2}, \"objects\": [{\"id\": \"p1\", \"display_name\": \"Alice\", \"conference\": \"Alpha\","
    "                \"is_muted\": false, \"is_mute_supported\": true, \"role\": \"guest\"},"
    "               {\"id\": \"p2\", \"display_name\": \"Bob\", \"conference\": \"Beta\","
    "                \"is_muted\": false, \"role\": \"guest\"}]}";
const char rig_participants_muted[] = META
    "2}, \"objects\": [{\"id\": \"p1\", \"display_name\": \"Alice\", \"conference\": \"Alpha\","
    "                \"is_muted\": true, \"is_mute_supported\": true, \"role\": \"guest\"},"
    "               {\"id\": \"p2\", \"display_name\": \"Bob\", \"conference\": \"Beta\","
    "                \"is_muted\": false, \"role\": \"guest\"}]}";
const char rig_empty_list[] = META "0}, \"objects\": []}";
const char rig_nodes[] = META "2}, \"objects\": [{\"id\": 1, \"name\": \"lon-cn-01\", "
                              "\"media_load\": 20}, {\"id\": 2, \"name\": \"osl-cn-01\", "
                              "\"media_load\": 40}]}";
const char rig_licensing[] = META "1}, \"objects\": [{\"port_count\": 3, \"port_total\": 50}]}";
const char rig_statistics[] =
    META "1}, \"objects\": [{\"media_load\": 20.0, \"time\": \"2026-12-04T00:00:00\"}]}";
const char rig_accepted[] = "{\"status\": \"success\", \"message\": \"\", \"data\": null}";

/* ---- the fake node ---------------------------------------------------------------- */

static rig_route *route_for(rig_node *n, const char *path)
{
    rig_route *best = NULL;
    for (size_t i = 0; i < n->nroutes; i++) {
        size_t len = strlen(n->routes[i].prefix);
        if (strncmp(path, n->routes[i].prefix, len) == 0 && (!best || len > strlen(best->prefix)))
            best = &n->routes[i];
    }
    return best;
}

static void answer(void *ctx, net_method method, const char *path, const char *body,
                   net_fake_reply *out)
{
    rig *r = ctx;
    rig_node *n = &r->node;
    if (!r->releasing && n->nlog < RIG_MAX_LOG) {
        rig_sent *s = &n->log[n->nlog++];
        s->method = method;
        s->at = r->now;
        snprintf(s->path, sizeof s->path, "%s", path);
        snprintf(s->body, sizeof s->body, "%s", body ? body : "");
    }
    rig_route *rt = route_for(n, path);
    out->status = rt ? rt->status : 200;
    out->body = rt ? rt->body : rig_empty_list;
    out->stall = rt && rt->stall;
    out->retry_after = rt ? rt->retry_after : 0;
    out->failure = rt ? rt->failure : NET_OK;
    out->sent = rt && rt->sent;
}

rig_route *rig_route_set(rig *r, const char *prefix, long status, const char *body, bool stall)
{
    rig_node *n = &r->node;
    rig_route *rt = NULL;
    for (size_t i = 0; i < n->nroutes; i++)
        if (strcmp(n->routes[i].prefix, prefix) == 0)
            rt = &n->routes[i];
    if (!rt) {
        assert_true(n->nroutes < RIG_MAX_ROUTES);
        rt = &n->routes[n->nroutes++];
    }
    *rt = (rig_route){prefix, status, body, stall, 0, NET_OK, false};
    return rt;
}

void rig_clear_routes(rig *r)
{
    r->node.nroutes = 0;
}

const char *rig_own(rig *r, char *s)
{
    assert_non_null(s);
    assert_true(r->nowned < RIG_MAX_OWNED);
    r->owned[r->nowned++] = s;
    return s;
}

const char *rig_listing(rig *r, size_t count, const char *objects)
{
    size_t size = strlen(objects) + 128;
    char *s = malloc(size);
    assert_non_null(s);
    snprintf(s, size, META "%zu}, \"objects\": [%s]}", count, objects);
    return rig_own(r, s);
}

static char *json_text(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    assert_non_null(s);
    return s;
}

const char *rig_people(rig *r, const rig_person *people, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const rig_person *p = &people[i];
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:s, s:s}", "id", p->id,
                            "display_name", p->name, "conference", p->conference, "call_quality",
                            p->quality ? p->quality : "1_good", "is_muted", p->muted, "has_media",
                            p->has_media, "is_mute_supported", 1, "is_transfer_supported", 1,
                            "is_disconnect_supported", 1, "role", "guest", "protocol", "SIP"));
    }
    char *objects = json_text(list);
    objects[strlen(objects) - 1] = '\0'; /* the array's brackets off */
    const char *out = rig_listing(r, n, objects + 1);
    free(objects);
    return out;
}

const char *rig_conference_list(rig *r, const char *const *names, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "conf%zu", i + 1);
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b, s:s}", "id", id, "name",
                                              names[i], "is_locked", 0, "guests_muted", 0,
                                              "service_type", "conference"));
    }
    char *objects = json_text(list);
    objects[strlen(objects) - 1] = '\0';
    const char *out = rig_listing(r, n, objects + 1);
    free(objects);
    return out;
}

/* ---- the audit log: a directory of the tests' own ----------------------------------- */

static char audit_dir[64];

static void audit_dir_remove(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/pexcon/audit.log", audit_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/pexcon", audit_dir);
    rmdir(path);
    rmdir(audit_dir);
}

static void audit_dir_isolate(void)
{
    if (audit_dir[0])
        return;
    snprintf(audit_dir, sizeof audit_dir, "/tmp/pexcon-rig-XXXXXX");
    assert_non_null(mkdtemp(audit_dir));
    assert_int_equal(setenv("XDG_STATE_HOME", audit_dir, 1), 0);
    atexit(audit_dir_remove);
}

/* ---- the console on it ------------------------------------------------------------- */

/* The app's view of the class named `name` (one view per class). */
static ui_view *view_named(ui_app *app, const char *name)
{
    for (size_t i = 0; i < app->nviews; i++)
        if (strcmp(app->views[i]->cls->name, name) == 0)
            return app->views[i];
    return NULL;
}

static double fake_mono(void *ctx)
{
    return ((rig *)ctx)->now;
}

static double fake_wall(void *ctx)
{
    return 1796000000.0 + ((rig *)ctx)->now;
}

rig *rig_new(double refresh)
{
    audit_dir_isolate();
    rig *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(uv_loop_init(&r->loop), 0);
    r->cfg.refresh = refresh;
    r->cfg.url = "https://mgr.example.com";
    r->cfg.profile = "test";
    rig_route_set(r, RIG_ROOT "status/v1/conference/", 200, rig_conferences, false);
    rig_route_set(r, RIG_ROOT "status/v1/participant/", 200, rig_participants, false);
    rig_route_set(r, RIG_ROOT "command/", 202, rig_accepted, false);
    rig_route_set(r, RIG_ROOT "status/v1/worker_vm/", 200, rig_nodes, false);
    rig_route_set(r, RIG_ROOT "status/v1/worker_vm/1/statistics/", 200, rig_statistics, false);
    rig_route_set(r, RIG_ROOT "status/v1/licensing/", 200, rig_licensing, false);
    r->now = 1000;
    return r;
}

void rig_boot(rig *r)
{
    r->engine = net_engine_new_fake(&r->loop, 5, answer, r);
    /* Large pages on a turn of their own, parsed on the loop: the console's
     * order, without a thread (the pool is tested on its own). */
    api_opts aopts = {.read_attempts = 1, .large_pages = API_PAGES_OWN_TURN};
    r->app = console_new(&r->cfg, &r->loop);
    assert_non_null(r->app);
    r->app->api = api_client_new_on(&r->loop, r->engine, &aopts);
    r->app->clock = (ui_clock){fake_mono, fake_wall, r};
    app_resize(r->app, 50, 200);
    app_focus_view(r->app, view_named(r->app, "conferences"));
    fetch_tick(r->app);
    rig_settle(r);
}

void rig_free(rig *r)
{
    if (r->app) {
        console_shutdown(r->app);
        api_client_free(r->app->api);
        r->app->api = NULL;
        console_free(r->app);
    }
    uv_run(&r->loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(&r->loop), 0);
    for (size_t i = 0; i < r->nowned; i++)
        free(r->owned[i]);
    free(r);
}

static int setup_with(void **state, double refresh)
{
    rig *r = rig_new(refresh);
    rig_boot(r);
    *state = r;
    return 0;
}

int rig_setup(void **state)
{
    return setup_with(state, 2);
}

int rig_setup_fast(void **state)
{
    return setup_with(state, 1);
}

int rig_teardown(void **state)
{
    rig_free(*state);
    return 0;
}

/* ---- time and keys -------------------------------------------------------------------- */

void rig_settle(rig *r)
{
    /* Deliver answers (their callbacks may start more requests), let the
     * loop run what they scheduled and rebuild the panes' rows (a new
     * selection may open a level that asks for more), until nothing is
     * left to deliver. */
    for (int i = 0; i < 20; i++) {
        size_t n = net_fake_deliver(r->engine);
        uv_run(&r->loop, UV_RUN_NOWAIT);
        size_t before = r->node.nlog;
        for (size_t k = 0; k < r->app->npanes; k++)
            view_rebuild(r->app, r->app->panes[k]);
        if (n == 0 && r->node.nlog == before)
            break;
    }
}

void rig_advance(rig *r, double seconds)
{
    r->now += seconds;
    fetch_tick(r->app);
}

size_t rig_run_for(rig *r, double seconds)
{
    size_t since = r->node.nlog;
    for (double t = 0; t < seconds - 1e-9; t += 0.1) {
        rig_advance(r, 0.1);
        rig_settle(r);
    }
    return since;
}

void rig_keys(rig *r, const char *typed)
{
    for (const char *k = typed; *k; k++)
        actions_handle_key(r->app, (ui_key)(unsigned char)*k);
    rig_settle(r);
}

void rig_key(rig *r, ui_key key)
{
    actions_handle_key(r->app, key);
    rig_settle(r);
}

size_t rig_release(rig *r, const char *prefix)
{
    r->releasing = true;
    size_t n = net_fake_release(r->engine, prefix);
    r->releasing = false;
    return n;
}

/* ---- the requests the node received ---------------------------------------------------- */

size_t rig_count(const rig *r, size_t since, const char *prefix)
{
    size_t c = 0;
    for (size_t i = since; i < r->node.nlog; i++)
        if (strncmp(r->node.log[i].path, prefix, strlen(prefix)) == 0)
            c++;
    return c;
}

/* Is this query a limit=1 probe? */
static bool is_probe(const char *query)
{
    size_t len = query ? strlen(query) : 0;
    return query && (strstr(query, "?limit=1&") || strstr(query, "&limit=1&") ||
                     (len >= 8 && strcmp(query + len - 8, "?limit=1") == 0) ||
                     (len >= 8 && strcmp(query + len - 8, "&limit=1") == 0));
}

size_t rig_count_listing(const rig *r, size_t since, const char *path)
{
    size_t c = 0, len = strlen(path);
    for (size_t i = since; i < r->node.nlog; i++) {
        const char *p = r->node.log[i].path;
        if (strncmp(p, path, len) == 0 && (p[len] == '?' || p[len] == '\0') &&
            !is_probe(strchr(p, '?')))
            c++;
    }
    return c;
}

size_t rig_count_all_participants(const rig *r, size_t since)
{
    size_t c = 0;
    const char *path = RIG_ROOT "status/v1/participant/";
    for (size_t i = since; i < r->node.nlog; i++) {
        const char *p = r->node.log[i].path, *q = strchr(p, '?');
        if (strncmp(p, path, strlen(path)) == 0 && (!q || q == p + strlen(path)) && !is_probe(q) &&
            !(q && strstr(q, "conference=")))
            c++;
    }
    return c;
}

size_t rig_count_conference_participants(const rig *r, size_t since, const char *conference)
{
    char want[300];
    snprintf(want, sizeof want, "conference=%s", conference);
    size_t c = 0, len = strlen(want);
    for (size_t i = since; i < r->node.nlog; i++) {
        const char *q = strchr(r->node.log[i].path, '?'), *at = q ? strstr(q, want) : NULL;
        if (at && (at[len] == '\0' || at[len] == '&') &&
            strncmp(r->node.log[i].path, RIG_ROOT "status/v1/participant/?",
                    strlen(RIG_ROOT "status/v1/participant/?")) == 0)
            c++;
    }
    return c;
}

size_t rig_count_probes(const rig *r, size_t since)
{
    size_t c = 0;
    for (size_t i = since; i < r->node.nlog; i++)
        c += is_probe(strchr(r->node.log[i].path, '?'));
    return c;
}

size_t rig_posts(const rig *r, size_t since, const char *prefix, const rig_sent **last)
{
    size_t c = 0;
    if (last)
        *last = NULL;
    for (size_t i = since; i < r->node.nlog; i++) {
        const rig_sent *s = &r->node.log[i];
        if (s->method == NET_POST && strncmp(s->path, prefix, strlen(prefix)) == 0) {
            c++;
            if (last)
                *last = s;
        }
    }
    return c;
}

const char *rig_body_field(const rig_sent *s, const char *key, char *buf, size_t size)
{
    json_t *j = json_loads(s->body, 0, NULL);
    const char *v = json_string_value(json_object_get(j, key));
    snprintf(buf, size, "%s", v ? v : "");
    json_decref(j);
    return buf;
}

/* ---- what the console shows ------------------------------------------------------------ */

const char *rig_focused(rig *r)
{
    ui_view *v = app_focused(r->app);
    return v ? v->cls->name : "";
}

ui_view *rig_view(rig *r, const char *name)
{
    ui_view *v = view_named(r->app, name);
    assert_non_null(v);
    if (v->stale) /* as the renderer does before drawing it */
        view_rebuild(r->app, v);
    return v;
}

bool rig_shown(rig *r, const char *name)
{
    for (size_t i = 0; i < r->app->npanes; i++)
        if (strcmp(r->app->panes[i]->cls->name, name) == 0)
            return true;
    return false;
}

const char *rig_title(rig *r, const char *view, char *buf, size_t size)
{
    ui_view *v = rig_view(r, view);
    if (v->cls->title_text)
        v->cls->title_text(r->app, v, buf, size);
    else
        snprintf(buf, size, "%s", v->cls->title);
    return buf;
}

static const model_row *row_at(rig *r, const char *view, long index, ui_view **vout)
{
    ui_view *v = rig_view(r, view);
    *vout = v;
    return index >= 0 && (size_t)index < v->rows.count ? v->rows.rows[index] : NULL;
}

const char *rig_cell(rig *r, const char *view, long index, const char *column, char *buf,
                     size_t size)
{
    ui_view *v;
    const model_row *row = row_at(r, view, index, &v);
    buf[0] = '\0';
    for (size_t k = 0; row && k < v->cls->ncolumns; k++) {
        if (strcmp(v->cls->columns[k].name, column) == 0) {
            ui_cell cell;
            view_cell(r->app, v, k, row, 0, &cell);
            snprintf(buf, size, "%s", cell.text);
        }
    }
    return buf;
}

const char *rig_mark(rig *r, const char *view, long index)
{
    ui_view *v;
    const model_row *row = row_at(r, view, index, &v);
    if (!row)
        return "";
    /* What the renderer puts in the gutter. */
    return control_row_mark(r->app, v, row, app_wall(r->app));
}

const char *rig_row(rig *r, const char *view, long index, char *buf, size_t size)
{
    ui_view *v;
    const model_row *row = row_at(r, view, index, &v);
    buf[0] = '\0';
    if (!row)
        return buf;
    size_t len = (size_t)snprintf(buf, size, "%s", rig_mark(r, view, index));
    for (size_t k = 0; k < v->cls->ncolumns && len < size; k++) {
        ui_cell cell;
        view_cell(r->app, v, k, row, 0, &cell);
        len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? "  " : "", cell.text);
    }
    return buf;
}

long rig_row_of(rig *r, const char *view, const char *text)
{
    ui_view *v = rig_view(r, view);
    char line[2048];
    for (size_t i = 0; i < v->rows.count; i++)
        if (strstr(rig_row(r, view, (long)i, line, sizeof line), text))
            return (long)i;
    return -1;
}

const char *rig_row_with(rig *r, const char *view, const char *text, char *buf, size_t size)
{
    return rig_row(r, view, rig_row_of(r, view, text), buf, size);
}

const char *rig_connection(rig *r, char *buf, size_t size)
{
    theme_slot slot;
    fetch_connection_text(r->app, buf, size, &slot);
    return buf;
}

const char *rig_message(rig *r)
{
    return r->app->message;
}

size_t rig_columns(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}
