/* The console's behaviour without a terminal, a server or a wall clock:
 * the real app, views, keys, fetcher and conference control (console.c),
 * on a fake engine (net_engine_new_fake: answers from a table, stalls on
 * demand) and a fake clock that moves only when a test says so. Each case
 * runs in milliseconds; the tmux suites keep the terminal contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/client.h"
#include "ui/console.h"
#include "ui/data/fetch.h"
#include "ui/input/actions.h"
#include "ui/input/commands.h"

#define ROOT "/api/admin/"

/* ---- a fake node ------------------------------------------------------------------- */

typedef struct route {
    const char *prefix;
    long status;
    const char *body;
    bool stall;
    double retry_after;
    net_failure failure;
} route;

typedef struct sent {
    net_method method;
    char path[256];
    char body[512];
} sent;

typedef struct node {
    route routes[16];
    size_t nroutes;
    sent log[4096];
    size_t nlog;
} node;

static const char conferences[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 2},"
    " \"objects\": [{\"id\": \"c1\", \"name\": \"Alpha\", \"is_locked\": false},"
    "               {\"id\": \"c2\", \"name\": \"Beta\", \"is_locked\": false}]}";
static const char participants[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 2},"
    " \"objects\": [{\"id\": \"p1\", \"display_name\": \"Alice\", \"conference\": \"Alpha\","
    "                \"is_muted\": false, \"is_mute_supported\": true, \"role\": \"guest\"},"
    "               {\"id\": \"p2\", \"display_name\": \"Bob\", \"conference\": \"Beta\","
    "                \"is_muted\": false, \"role\": \"guest\"}]}";
static const char participants_muted[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 2},"
    " \"objects\": [{\"id\": \"p1\", \"display_name\": \"Alice\", \"conference\": \"Alpha\","
    "                \"is_muted\": true, \"is_mute_supported\": true, \"role\": \"guest\"},"
    "               {\"id\": \"p2\", \"display_name\": \"Bob\", \"conference\": \"Beta\","
    "                \"is_muted\": false, \"role\": \"guest\"}]}";
static const char empty_list[] = "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, "
                                 "\"total_count\": 0}, \"objects\": []}";
static const char nodes[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 2},"
    " \"objects\": [{\"id\": 1, \"name\": \"lon-cn-01\", \"media_load\": 20},"
    "               {\"id\": 2, \"name\": \"osl-cn-01\", \"media_load\": 40}]}";
static const char licensing[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 1},"
    " \"objects\": [{\"port_count\": 3, \"port_total\": 50}]}";
static const char statistics[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 1},"
    " \"objects\": [{\"media_load\": 20.0, \"time\": \"2026-12-04T00:00:00\"}]}";
static const char accepted[] = "{\"status\": \"success\", \"message\": \"\", \"data\": null}";

static route *route_for(node *n, const char *path)
{
    route *best = NULL;
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
    node *n = ctx;
    if (n->nlog < sizeof n->log / sizeof n->log[0]) {
        sent *s = &n->log[n->nlog++];
        s->method = method;
        snprintf(s->path, sizeof s->path, "%s", path);
        snprintf(s->body, sizeof s->body, "%s", body ? body : "");
    }
    route *r = route_for(n, path);
    out->status = r ? r->status : 200;
    out->body = r ? r->body : empty_list;
    out->stall = r && r->stall;
    out->retry_after = r ? r->retry_after : 0;
    out->failure = r ? r->failure : NET_OK;
}

static route *set_route(node *n, const char *prefix, long status, const char *body, bool stall)
{
    route *r = NULL;
    for (size_t i = 0; i < n->nroutes; i++)
        if (strcmp(n->routes[i].prefix, prefix) == 0)
            r = &n->routes[i];
    if (!r)
        r = &n->routes[n->nroutes++];
    *r = (route){prefix, status, body, stall, 0, NET_OK};
    return r;
}

/* Requests logged since `since` whose path starts with `prefix`. */
static size_t count(const node *n, size_t since, const char *prefix)
{
    size_t c = 0;
    for (size_t i = since; i < n->nlog; i++)
        if (strncmp(n->log[i].path, prefix, strlen(prefix)) == 0)
            c++;
    return c;
}

/* ---- the console on it ------------------------------------------------------------- */

typedef struct rig {
    uv_loop_t loop;
    pexcon_config cfg;
    node node;
    net_engine *engine;
    ui_app *app;
    double now; /* the fake clock: seconds */
} rig;

static double fake_mono(void *ctx)
{
    return ((rig *)ctx)->now;
}

static double fake_wall(void *ctx)
{
    return 1796000000.0 + ((rig *)ctx)->now;
}

static void settle(rig *r)
{
    /* Deliver answers (their callbacks may start more requests) and let the
     * loop run what they scheduled, until nothing is left to deliver. */
    for (int i = 0; i < 20; i++) {
        size_t n = net_fake_deliver(r->engine);
        uv_run(&r->loop, UV_RUN_NOWAIT);
        if (n == 0)
            break;
    }
    for (size_t i = 0; i < r->app->npanes; i++)
        view_rebuild(r->app, r->app->panes[i]);
}

static void advance(rig *r, double seconds)
{
    r->now += seconds;
    fetch_tick(r->app);
}

static int rig_start(void **state, double refresh)
{
    rig *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(uv_loop_init(&r->loop), 0);
    r->cfg.refresh = refresh;
    r->cfg.url = "https://mgr.example.com";
    r->cfg.profile = "test";
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, false);
    set_route(&r->node, ROOT "status/v1/participant/", 200, participants, false);
    set_route(&r->node, ROOT "command/", 202, accepted, false);
    set_route(&r->node, ROOT "status/v1/worker_vm/", 200, nodes, false);
    set_route(&r->node, ROOT "status/v1/worker_vm/1/statistics/", 200, statistics, false);
    set_route(&r->node, ROOT "status/v1/licensing/", 200, licensing, false);
    r->engine = net_engine_new_fake(&r->loop, 5, answer, &r->node);
    api_opts aopts = {.read_attempts = 1};
    r->app = console_new(&r->cfg, &r->loop);
    assert_non_null(r->app);
    r->app->api = api_client_new_on(&r->loop, r->engine, &aopts);
    r->app->clock = (ui_clock){fake_mono, fake_wall, r};
    r->now = 1000;
    app_resize(r->app, 50, 200);
    app_focus_view(r->app, app_view_by_name(r->app, "conferences"));
    fetch_tick(r->app);
    settle(r);
    *state = r;
    return 0;
}

static int rig_setup(void **state)
{
    return rig_start(state, 2);
}

/* The live panes every second (--refresh 1), as an operator watching a
 * call would run it. */
static int rig_setup_fast(void **state)
{
    return rig_start(state, 1);
}

static int rig_teardown(void **state)
{
    rig *r = *state;
    console_shutdown(r->app);
    api_client_free(r->app->api);
    r->app->api = NULL;
    console_free(r->app);
    uv_run(&r->loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(&r->loop), 0);
    free(r);
    return 0;
}

static void keys(rig *r, const char *typed)
{
    for (const char *k = typed; *k; k++)
        actions_handle_key(r->app, (ui_key)(unsigned char)*k);
    settle(r);
}

/* Let `seconds` pass in 0.1 s steps, the scheduler ticking and every
 * answer delivered; returns the log index it started at. */
static size_t run_for(rig *r, double seconds)
{
    size_t since = r->node.nlog;
    for (double t = 0; t < seconds - 1e-9; t += 0.1) {
        advance(r, 0.1);
        settle(r);
    }
    return since;
}

/* Requests since `since` whose path is exactly `path` plus a query. */
static size_t count_listing(const node *n, size_t since, const char *path)
{
    size_t c = 0, len = strlen(path);
    for (size_t i = since; i < n->nlog; i++)
        if (strncmp(n->log[i].path, path, len) == 0 &&
            (n->log[i].path[len] == '?' || n->log[i].path[len] == '\0') &&
            !strstr(n->log[i].path, "limit=1&") && !strstr(n->log[i].path + len, "limit=1\0"))
            c++;
    return c;
}

static size_t count_probes(const node *n, size_t since)
{
    size_t c = 0;
    for (size_t i = since; i < n->nlog; i++) {
        const char *q = strchr(n->log[i].path, '?');
        if (q && (strstr(q, "?limit=1&") || strstr(q, "&limit=1&") ||
                  (strlen(q) >= 8 && strcmp(q + strlen(q) - 8, "?limit=1") == 0) ||
                  (strlen(q) >= 8 && strcmp(q + strlen(q) - 8, "&limit=1") == 0)))
            c++;
    }
    return c;
}

/* ---- cases --------------------------------------------------------------------------- */

static void test_main_screen_fetches_on_its_cadence(void **state)
{
    rig *r = *state;
    /* The first tick listed what the main screen shows, node names and the
     * header's background tables. */
    assert_int_equal(count(&r->node, 0, ROOT "status/v1/conference/"), 1);
    assert_int_equal(count(&r->node, 0, ROOT "status/v1/participant/"), 1);
    assert_int_equal(count(&r->node, 0, ROOT "configuration/v1/worker_vm/"), 1);
    assert_int_equal(model_table_count(model_get(r->app->model, MT_CONFERENCES)), 2);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");

    /* Nothing is due before --refresh has passed since the answers. */
    size_t since = r->node.nlog;
    advance(r, 1.9);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 0);
    advance(r, 0.2);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 1);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/participant/"), 1);
    /* Node names are read every five minutes, not every refresh. */
    assert_int_equal(count(&r->node, since, ROOT "configuration/v1/worker_vm/"), 0);
    settle(r);
}

static void test_one_request_per_resource_while_stalled(void **state)
{
    rig *r = *state;
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, true);
    size_t since = r->node.nlog;
    for (int i = 0; i < 10; i++)
        advance(r, 2.5); /* 25 s of a stalled node */
    settle(r);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 1);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_non_null(strstr(conn, "waiting for server"));
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, false);
    net_fake_release(r->engine, NULL);
    settle(r);
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");
}

static void test_failures_back_off_and_recover(void **state)
{
    rig *r = *state;
    set_route(&r->node, ROOT "status/v1/conference/", 500, "{\"error\": \"boom\"}", false);
    size_t since = r->node.nlog;
    advance(r, 2.1);
    settle(r);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 1);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "retrying in 4s"); /* 2 s x 2^1 */
    /* The rows stay; nothing is asked again before the backoff ends. */
    assert_int_equal(model_table_count(model_get(r->app->model, MT_CONFERENCES)), 2);
    since = r->node.nlog;
    advance(r, 3.8);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 0);
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, false);
    advance(r, 0.4);
    settle(r);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 1);
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");
}

static void test_a_platform_screen_fetches_what_it_shows(void **state)
{
    rig *r = *state;
    assert_true(commands_run(r->app, "nodes"));
    size_t since = r->node.nlog;
    advance(r, 2.1);
    settle(r);
    advance(r, 5.1);
    settle(r);
    /* The node listing, at its own 5 s rate; no full participant listing:
     * the header's counts come from limit=1 probes. */
    assert_true(count(&r->node, since, ROOT "status/v1/worker_vm/") >= 1);
    for (size_t i = since; i < r->node.nlog; i++)
        if (strncmp(r->node.log[i].path, ROOT "status/v1/participant/", 28) == 0)
            assert_non_null(strstr(r->node.log[i].path, "limit=1"));
}

static void test_mute_sends_json_once_and_the_refresh_confirms(void **state)
{
    rig *r = *state;
    keys(r, "\r"); /* Enter: into Alpha's participants */
    ui_view *pv = app_focused(r->app);
    assert_string_equal(pv->cls->name, "participants");
    assert_int_equal(pv->rows.count, 1);
    size_t since = r->node.nlog;
    keys(r, "m");
    assert_int_equal(count(&r->node, since, ROOT "command/v1/participant/mute/"), 1);
    const sent *cmd = NULL;
    for (size_t i = since; i < r->node.nlog; i++)
        if (r->node.log[i].method == NET_POST)
            cmd = &r->node.log[i];
    assert_non_null(cmd);
    assert_string_equal(cmd->body, "{\"participant_id\":\"p1\"}");
    /* The answer came: the participants are listed again at once, without
     * the clock moving (the refresh is what confirms the mute). */
    assert_true(count(&r->node, since, ROOT "status/v1/participant/") >= 1);
}

static void test_toggle_waits_for_the_confirming_refresh(void **state)
{
    rig *r = *state;
    keys(r, "\r");
    /* The refresh after the command stalls: a second toggle would guess. */
    set_route(&r->node, ROOT "status/v1/participant/", 200, participants, true);
    size_t since = r->node.nlog;
    keys(r, "m");
    keys(r, "m");
    assert_int_equal(count(&r->node, since, ROOT "command/"), 1);
    assert_non_null(strstr(r->app->message, "Waiting for the refresh"));
    set_route(&r->node, ROOT "status/v1/participant/", 200, participants, false);
    net_fake_release(r->engine, NULL);
    settle(r);
    keys(r, "m");
    assert_int_equal(count(&r->node, since, ROOT "command/"), 2);
}

static void test_esc_clears_the_filter_then_goes_back(void **state)
{
    rig *r = *state;
    keys(r, "\r");
    keys(r, "/Ali\r");
    ui_view *pv = app_focused(r->app);
    assert_string_equal(pv->filter, "Ali");
    actions_handle_key(r->app, UI_KEY_ESC);
    assert_string_equal(pv->filter, "");
    assert_string_equal(app_focused(r->app)->cls->name, "participants");
    actions_handle_key(r->app, UI_KEY_ESC);
    assert_string_equal(app_focused(r->app)->cls->name, "conferences");
}

static bool muted_on_screen(rig *r, const char *id)
{
    const model_row *row = model_table_find(model_get(r->app->model, MT_ALL_PARTICIPANTS), id);
    return row && json_is_true(json_object_get(row->obj, "is_muted"));
}

/* Commands do not wait for polling (what test_act_stall.py watched for 22 s):
 * with every status request in flight and stalled, m goes out at once; the
 * answer is said, but nothing flips until a refresh shows it; a second m
 * would guess from an old screen and is refused; once status answers, the
 * refresh shows the truth. */
static void test_commands_go_out_while_polls_stall(void **state)
{
    rig *r = *state;
    keys(r, "\r");
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, true);
    set_route(&r->node, ROOT "status/v1/participant/", 200, participants, true);
    advance(r, 2.1); /* the refresh starts and stalls */
    settle(r);
    size_t since = r->node.nlog;
    actions_handle_key(r->app, 'm');
    assert_int_equal(count(&r->node, since, ROOT "command/v1/participant/mute/"), 1);
    settle(r); /* the command's answer, not the stalled listings */
    assert_non_null(strstr(r->app->message, "Muted"));
    assert_false(muted_on_screen(r, "p1")); /* no optimistic flip */
    keys(r, "m");
    assert_non_null(strstr(r->app->message, "Waiting for the refresh"));
    assert_int_equal(count(&r->node, since, ROOT "command/"), 1);
    /* Status answers again, with the mute: the screen shows it. */
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, false);
    set_route(&r->node, ROOT "status/v1/participant/", 200, participants_muted, false);
    net_fake_release(r->engine, NULL);
    settle(r);
    advance(r, 2.1);
    settle(r);
    assert_true(muted_on_screen(r, "p1"));
}

/* Retry-After on a 503 (a node starting up) is honoured: the table is not
 * asked again before it, although the backoff alone would be 4 s. */
static void test_retry_after_is_honoured(void **state)
{
    rig *r = *state;
    set_route(&r->node, ROOT "status/v1/conference/", 503, "{}", false)->retry_after = 20;
    size_t since = r->node.nlog;
    advance(r, 2.1);
    settle(r);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 1);
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, false);
    since = r->node.nlog;
    advance(r, 19.0);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 0);
    advance(r, 1.2);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 1);
}

/* After an outage, the first answer from the node ends every connection
 * backoff: fresh data at once, not a minute later. */
static void test_backoff_resets_when_the_node_answers(void **state)
{
    rig *r = *state;
    /* The node cannot be reached: connections refused. */
    set_route(&r->node, ROOT "status/v1/conference/", 0, "", false)->failure = NET_FAIL_CONNECT;
    set_route(&r->node, ROOT "status/v1/participant/", 0, "", false)->failure = NET_FAIL_CONNECT;
    for (int i = 0; i < 6; i++) /* 60 s of outage: the backoff grows to 60 s */
        advance(r, 10), settle(r);
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, false);
    set_route(&r->node, ROOT "status/v1/participant/", 200, participants, false);
    /* Node names (configuration/v1/worker_vm) are due soonest; their
     * answer shows the node is back. */
    r->app->res[MT_NODE_CONFIG].next_due = r->now;
    size_t since = r->node.nlog;
    advance(r, 0.1);
    settle(r);
    advance(r, 0.1);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/conference/"), 1);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/participant/"), 1);
    settle(r);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");
}

/* A hang is said as it happens, not by an older error left on the line. */
static void test_a_hang_is_said_now(void **state)
{
    rig *r = *state;
    set_route(&r->node, ROOT "status/v1/conference/", 500, "{}", false);
    advance(r, 2.1);
    settle(r);
    assert_non_null(strstr(r->app->message, "server error"));
    set_route(&r->node, ROOT "status/v1/conference/", 200, conferences, true);
    set_route(&r->node, ROOT "status/v1/participant/", 200, participants, true);
    advance(r, 4.1); /* the retry goes out and hangs */
    advance(r, 6.0);
    assert_non_null(strstr(r->app->message, "No answer from the server for"));
}

/* The platform views' refresh policy (what test_views_refresh.py watched
 * for 46 s of real time): each table at its own rate, only while shown. */
static void test_platform_refresh_policy(void **state)
{
    rig *r = *state;
    /* Main panes: participants every second, the header's tables slowly. */
    size_t since = run_for(r, 7.0);
    assert_true(count_listing(&r->node, since, ROOT "status/v1/participant/") >= 4);
    assert_true(count_listing(&r->node, since, ROOT "status/v1/alarm/") <= 1);
    assert_true(count_listing(&r->node, since, ROOT "status/v1/worker_vm/") <= 1);
    const char *never[] = {"/statistics/", "/licensing/", "/history/", "/registration_alias/",
                           "/cloud_"};
    for (size_t k = 0; k < 5; k++)
        for (size_t i = since; i < r->node.nlog; i++)
            assert_null(strstr(r->node.log[i].path, never[k]));
    assert_int_equal(count_probes(&r->node, since), 0); /* the panes list everything */

    /* :nodes: the nodes at their own rate (5 s), no statistics yet. */
    assert_true(commands_run(r->app, "nodes"));
    settle(r);
    since = run_for(r, 6.0);
    size_t n = count_listing(&r->node, since, ROOT "status/v1/worker_vm/");
    assert_true(n >= 1 && n <= 2);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/worker_vm/1/statistics/"), 0);

    /* Enter on a node: its statistics, every 10 s; Esc: they stop. */
    keys(r, "\r");
    since = run_for(r, 11.0);
    n = count(&r->node, since, ROOT "status/v1/worker_vm/1/statistics/");
    assert_true(n >= 1 && n <= 2);
    actions_handle_key(r->app, UI_KEY_ESC);
    settle(r);
    since = run_for(r, 11.0);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/worker_vm/1/statistics/"), 0);

    /* :licensing with the live panes at 1 s: licensing once in 20 s; the
     * header's counts from limit=1 probes, no participant listing. */
    assert_true(commands_run(r->app, "licensing"));
    settle(r);
    since = r->node.nlog;
    run_for(r, 20.0);
    assert_int_equal(count(&r->node, since, ROOT "status/v1/licensing/"), 1);
    assert_int_equal(count_listing(&r->node, since, ROOT "status/v1/participant/"), 0);
    n = count_probes(&r->node, since);
    assert_true(n >= 2 && n <= 4);
    assert_true(count_listing(&r->node, since, ROOT "status/v1/alarm/") <= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_main_screen_fetches_on_its_cadence, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_one_request_per_resource_while_stalled, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_failures_back_off_and_recover, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_a_platform_screen_fetches_what_it_shows, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_mute_sends_json_once_and_the_refresh_confirms,
                                        rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_toggle_waits_for_the_confirming_refresh, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_esc_clears_the_filter_then_goes_back, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_platform_refresh_policy, rig_setup_fast, rig_teardown),
        cmocka_unit_test_setup_teardown(test_commands_go_out_while_polls_stall, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_retry_after_is_honoured, rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_backoff_resets_when_the_node_answers, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_a_hang_is_said_now, rig_setup, rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
