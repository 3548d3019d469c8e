/* The console's behaviour without a terminal, a server or a wall clock:
 * the real app, views, keys, fetcher and conference control (console.c),
 * on a fake engine (net_engine_new_fake: answers from a table, stalls on
 * demand) and a fake clock that moves only when a test says so (the rig,
 * rig.h). Each case runs in milliseconds; the tmux suites keep the
 * terminal contract. */
#include "rig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT RIG_ROOT

/* ---- cases --------------------------------------------------------------------------- */

static void test_main_screen_fetches_on_its_cadence(void **state)
{
    rig *r = *state;
    /* The first tick listed what the main screen shows, node names and the
     * header's background tables. */
    assert_int_equal(rig_count(r, 0, ROOT "status/v1/conference/"), 1);
    assert_int_equal(rig_count_all_participants(r, 0), 1);
    assert_int_equal(rig_count_conference_participants(r, 0, "Alpha"), 1);
    assert_int_equal(rig_count(r, 0, ROOT "configuration/v1/worker_vm/"), 1);
    assert_int_equal(model_table_count(model_get(r->app->model, MT_CONFERENCES)), 2);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");

    /* Nothing is due before --refresh has passed since the answers. */
    size_t since = r->node.nlog;
    rig_advance(r, 1.9);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 0);
    rig_advance(r, 0.2);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 1);
    assert_int_equal(rig_count_all_participants(r, since), 1);
    assert_int_equal(rig_count_conference_participants(r, since, "Alpha"), 1);
    /* Node names are read every five minutes, not every refresh. */
    assert_int_equal(rig_count(r, since, ROOT "configuration/v1/worker_vm/"), 0);
    rig_settle(r);
}

static void test_one_request_per_resource_while_stalled(void **state)
{
    rig *r = *state;
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, true);
    size_t since = r->node.nlog;
    for (int i = 0; i < 10; i++)
        rig_advance(r, 2.5); /* 25 s of a stalled node */
    rig_settle(r);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 1);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_non_null(strstr(conn, "waiting for server"));
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, false);
    rig_release(r, NULL);
    rig_settle(r);
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");
}

static void test_failures_back_off_and_recover(void **state)
{
    rig *r = *state;
    rig_route_set(r, ROOT "status/v1/conference/", 500, "{\"error\": \"boom\"}", false);
    size_t since = r->node.nlog;
    rig_advance(r, 2.1);
    rig_settle(r);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 1);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "retrying in 4s"); /* 2 s x 2^1 */
    /* The rows stay; nothing is asked again before the backoff ends. */
    assert_int_equal(model_table_count(model_get(r->app->model, MT_CONFERENCES)), 2);
    since = r->node.nlog;
    rig_advance(r, 3.8);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 0);
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, false);
    rig_advance(r, 0.4);
    rig_settle(r);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 1);
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");
}

static void test_a_platform_screen_fetches_what_it_shows(void **state)
{
    rig *r = *state;
    assert_true(commands_run(r->app, "nodes"));
    size_t since = r->node.nlog;
    rig_advance(r, 2.1);
    rig_settle(r);
    rig_advance(r, 5.1);
    rig_settle(r);
    /* The node listing, at its own 5 s rate; no full participant listing:
     * the header's counts come from limit=1 probes. */
    assert_true(rig_count(r, since, ROOT "status/v1/worker_vm/") >= 1);
    for (size_t i = since; i < r->node.nlog; i++)
        if (strncmp(r->node.log[i].path, ROOT "status/v1/participant/", 28) == 0)
            assert_non_null(strstr(r->node.log[i].path, "limit=1"));
}

static void test_mute_sends_json_once_and_the_refresh_confirms(void **state)
{
    rig *r = *state;
    rig_keys(r, "\r"); /* Enter: into Alpha's participants */
    ui_view *pv = app_focused(r->app);
    assert_string_equal(pv->cls->name, "participants");
    assert_int_equal(pv->rows.count, 1);
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    assert_int_equal(rig_count(r, since, ROOT "command/v1/participant/mute/"), 1);
    const rig_sent *cmd = NULL;
    for (size_t i = since; i < r->node.nlog; i++)
        if (r->node.log[i].method == NET_POST)
            cmd = &r->node.log[i];
    assert_non_null(cmd);
    assert_string_equal(cmd->body, "{\"participant_id\":\"p1\"}");
    /* The answer came: the participants are listed again at once, without
     * the clock moving (the refresh is what confirms the mute). */
    assert_true(rig_count(r, since, ROOT "status/v1/participant/") >= 1);
}

static void test_toggle_waits_for_the_confirming_refresh(void **state)
{
    rig *r = *state;
    rig_keys(r, "\r");
    /* The refresh after the command stalls: a second toggle would guess. */
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_participants, true);
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    rig_keys(r, "m");
    assert_int_equal(rig_count(r, since, ROOT "command/"), 1);
    assert_non_null(strstr(r->app->message, "Waiting for the refresh"));
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_participants, false);
    rig_release(r, NULL);
    rig_settle(r);
    rig_keys(r, "m");
    assert_int_equal(rig_count(r, since, ROOT "command/"), 2);
}

static void test_esc_clears_the_filter_then_goes_back(void **state)
{
    rig *r = *state;
    rig_keys(r, "\r");
    rig_keys(r, "/Ali\r");
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
    rig_keys(r, "\r");
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, true);
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_participants, true);
    rig_advance(r, 2.1); /* the refresh starts and stalls */
    rig_settle(r);
    size_t since = r->node.nlog;
    actions_handle_key(r->app, 'm');
    assert_int_equal(rig_count(r, since, ROOT "command/v1/participant/mute/"), 1);
    rig_settle(r); /* the command's answer, not the stalled listings */
    assert_non_null(strstr(r->app->message, "Muted"));
    assert_false(muted_on_screen(r, "p1")); /* no optimistic flip */
    rig_keys(r, "m");
    assert_non_null(strstr(r->app->message, "Waiting for the refresh"));
    assert_int_equal(rig_count(r, since, ROOT "command/"), 1);
    /* Status answers again, with the mute: the screen shows it. */
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, false);
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_participants_muted, false);
    rig_release(r, NULL);
    rig_settle(r);
    rig_advance(r, 2.1);
    rig_settle(r);
    assert_true(muted_on_screen(r, "p1"));
}

/* Retry-After on a 503 (a node starting up) is honoured: the table is not
 * asked again before it, although the backoff alone would be 4 s. */
static void test_retry_after_is_honoured(void **state)
{
    rig *r = *state;
    rig_route_set(r, ROOT "status/v1/conference/", 503, "{}", false)->retry_after = 20;
    size_t since = r->node.nlog;
    rig_advance(r, 2.1);
    rig_settle(r);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 1);
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, false);
    since = r->node.nlog;
    rig_advance(r, 19.0);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 0);
    rig_advance(r, 1.2);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 1);
}

/* After an outage, the first answer from the node ends every connection
 * backoff: fresh data at once, not a minute later. */
static void test_backoff_resets_when_the_node_answers(void **state)
{
    rig *r = *state;
    /* The node cannot be reached: connections refused. */
    rig_route_set(r, ROOT "status/v1/conference/", 0, "", false)->failure = NET_FAIL_CONNECT;
    rig_route_set(r, ROOT "status/v1/participant/", 0, "", false)->failure = NET_FAIL_CONNECT;
    for (int i = 0; i < 6; i++) /* 60 s of outage: the backoff grows to 60 s */
        rig_advance(r, 10), rig_settle(r);
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, false);
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_participants, false);
    /* Node names (configuration/v1/worker_vm) are due soonest; their
     * answer shows the node is back. */
    r->app->res[MT_NODE_CONFIG].poll.next_due = r->now;
    size_t since = r->node.nlog;
    rig_advance(r, 0.1);
    rig_settle(r);
    rig_advance(r, 0.1);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/conference/"), 1);
    assert_int_equal(rig_count_all_participants(r, since), 1);
    assert_int_equal(rig_count_conference_participants(r, since, "Alpha"), 1);
    rig_settle(r);
    char conn[96];
    theme_slot slot;
    fetch_connection_text(r->app, conn, sizeof conn, &slot);
    assert_string_equal(conn, "connected");
}

/* A hang is said as it happens, not by an older error left on the line. */
static void test_a_hang_is_said_now(void **state)
{
    rig *r = *state;
    rig_route_set(r, ROOT "status/v1/conference/", 500, "{}", false);
    rig_advance(r, 2.1);
    rig_settle(r);
    assert_non_null(strstr(r->app->message, "server error"));
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conferences, true);
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_participants, true);
    rig_advance(r, 4.1); /* the retry goes out and hangs */
    rig_advance(r, 6.0);
    assert_non_null(strstr(r->app->message, "No answer from the server for"));
}

/* The platform views' refresh policy (what test_views_refresh.py watched
 * for 46 s of real time): each table at its own rate, only while shown. */
static void test_platform_refresh_policy(void **state)
{
    rig *r = *state;
    /* Main panes: participants every second, the header's tables slowly. */
    size_t since = rig_run_for(r, 7.0);
    assert_true(rig_count_listing(r, since, ROOT "status/v1/participant/") >= 4);
    assert_true(rig_count_listing(r, since, ROOT "status/v1/alarm/") <= 1);
    assert_true(rig_count_listing(r, since, ROOT "status/v1/worker_vm/") <= 1);
    const char *never[] = {"/statistics/", "/licensing/", "/history/", "/registration_alias/",
                           "/cloud_"};
    for (size_t k = 0; k < 5; k++)
        for (size_t i = since; i < r->node.nlog; i++)
            assert_null(strstr(r->node.log[i].path, never[k]));
    assert_int_equal(rig_count_probes(r, since), 0); /* the panes list everything */

    /* :nodes: the nodes at their own rate (5 s), no statistics yet. */
    assert_true(commands_run(r->app, "nodes"));
    rig_settle(r);
    since = rig_run_for(r, 6.0);
    size_t n = rig_count_listing(r, since, ROOT "status/v1/worker_vm/");
    assert_true(n >= 1 && n <= 2);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/worker_vm/1/statistics/"), 0);

    /* Enter on a node: its statistics, every 10 s; Esc: they stop. */
    rig_keys(r, "\r");
    since = rig_run_for(r, 11.0);
    n = rig_count(r, since, ROOT "status/v1/worker_vm/1/statistics/");
    assert_true(n >= 1 && n <= 2);
    actions_handle_key(r->app, UI_KEY_ESC);
    rig_settle(r);
    since = rig_run_for(r, 11.0);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/worker_vm/1/statistics/"), 0);

    /* :licensing with the live panes at 1 s: licensing once in 20 s; the
     * header's counts from limit=1 probes, no participant listing. */
    since = r->node.nlog;
    assert_true(commands_run(r->app, "licensing"));
    rig_settle(r);
    rig_run_for(r, 20.0);
    assert_int_equal(rig_count(r, since, ROOT "status/v1/licensing/"), 1);
    assert_int_equal(rig_count_listing(r, since, ROOT "status/v1/participant/"), 0);
    n = rig_count_probes(r, since);
    assert_true(n >= 2 && n <= 4);
    assert_true(rig_count_listing(r, since, ROOT "status/v1/alarm/") <= 2);
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
