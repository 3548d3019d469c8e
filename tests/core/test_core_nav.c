/* Screens and navigation on the core rig (rig.h): Enter opens the next
 * drill-down level and the panes below follow the selection, Esc clears
 * the filter, then closes the deepest level, then leaves the screen; a
 * jump shows another screen; each level's scoped table is asked for the
 * opened row (and not asked when the row carried it). */
#include "rig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT RIG_ROOT
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const conference_names[] = {"Alpha", "Beta"};

static const rig_person people[] = {
    {"p1", "Alice", "Alpha", NULL, false, true},
    {"p2", "Amir", "Alpha", NULL, false, true},
    {"p3", "Bob", "Beta", NULL, false, true},
};

static const char nodes[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 3},"
    " \"objects\": [{\"id\": \"n1\", \"name\": \"lon-cn-01\", \"media_load\": 20,"
    "                \"system_location\": \"London\"},"
    "               {\"id\": \"n2\", \"name\": \"lon-cn-02\", \"media_load\": 30,"
    "                \"system_location\": \"London\"},"
    "               {\"id\": \"n3\", \"name\": \"osl-cn-01\", \"media_load\": 40,"
    "                \"system_location\": \"Oslo\"}]}";
static const char locations[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 2},"
    " \"objects\": [{\"id\": 1, \"name\": \"London\", \"media_load\": 25},"
    "               {\"id\": 2, \"name\": \"Oslo\", \"media_load\": 40}]}";
static const char history_conferences[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 1},"
    " \"objects\": [{\"id\": \"h1\", \"name\": \"Board\", \"start_time\": "
    "\"2026-12-03T09:00:00\", \"end_time\": \"2026-12-03T10:00:00\", \"participant_count\": 1}]}";
static const char history_participants[] =
    "{\"meta\": {\"limit\": 500, \"next\": null, \"offset\": 0, \"total_count\": 1},"
    " \"objects\": [{\"id\": \"hp1\", \"display_name\": \"Carol\", \"conference_name\": \"Board\","
    "  \"start_time\": \"2026-12-03T09:00:00\", \"end_time\": \"2026-12-03T10:00:00\","
    "  \"media_streams\": [{\"id\": 7, \"stream_type\": \"video\", \"rx_codec\": \"H264\","
    "                      \"rx_packet_loss\": 0.5, \"tx_packet_loss\": 0.1}]}]}";

static int setup(void **state)
{
    rig *r = rig_new(2);
    rig_route_set(r, ROOT "status/v1/conference/", 200,
                  rig_conference_list(r, conference_names, COUNT(conference_names)), false);
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_people(r, people, COUNT(people)),
                  false);
    rig_route_set(r, ROOT "status/v1/worker_vm/", 200, nodes, false);
    rig_route_set(r, ROOT "status/v1/system_location/", 200, locations, false);
    rig_route_set(r, ROOT "history/v1/conference/", 200, history_conferences, false);
    rig_route_set(r, ROOT "history/v1/participant/", 200, history_participants, false);
    rig_boot(r);
    *state = r;
    return 0;
}

static void command(rig *r, const char *line)
{
    rig_keys(r, ":");
    rig_keys(r, line);
    rig_keys(r, "\r");
}

static void assert_title_has(rig *r, const char *view, const char *text)
{
    char title[256];
    rig_title(r, view, title, sizeof title);
    if (!strstr(title, text))
        fail_msg("title of %s is \"%s\", wanted \"%s\" in it", view, title, text);
}

/* Enter on a conference focuses its participants; Enter on one opens its
 * media and asks for them; the media follow the selection; Esc closes the
 * media, Esc again goes back to the conferences. */
static void test_live_drill_down(void **state)
{
    rig *r = *state;
    assert_string_equal(rig_focused(r), "conferences");
    assert_title_has(r, "participants", "Participants of Alpha (2)");
    assert_false(rig_shown(r, "media"));
    rig_keys(r, "\r");
    assert_string_equal(rig_focused(r), "participants");
    size_t mark = r->node.nlog;
    rig_keys(r, "\r");
    assert_string_equal(rig_focused(r), "media");
    assert_title_has(r, "media", "Media of Alice");
    assert_int_equal(rig_count(r, mark, ROOT "status/v1/participant/p1/media_stream/"), 1);
    /* Back to the participants (Tab cycles the panes), then the next one:
     * the media pane follows it. */
    rig_keys(r, "\t\t");
    assert_string_equal(rig_focused(r), "participants");
    mark = r->node.nlog;
    rig_keys(r, "j");
    assert_title_has(r, "media", "Media of Amir");
    assert_int_equal(rig_count(r, mark, ROOT "status/v1/participant/p2/media_stream/"), 1);
    rig_key(r, UI_KEY_ESC);
    assert_false(rig_shown(r, "media"));
    assert_string_equal(rig_focused(r), "participants");
    rig_key(r, UI_KEY_ESC);
    assert_string_equal(rig_focused(r), "conferences");
    rig_key(r, UI_KEY_ESC); /* nothing further back */
    assert_string_equal(rig_focused(r), "conferences");
    assert_true(rig_shown(r, "participants"));
}

/* Another conference: its participants, and the open media close. */
static void test_conference_change_closes_media(void **state)
{
    rig *r = *state;
    rig_keys(r, "\r\r");
    assert_true(rig_shown(r, "media"));
    rig_keys(r, "\t");
    assert_string_equal(rig_focused(r), "conferences");
    rig_keys(r, "j");
    assert_false(rig_shown(r, "media"));
    assert_title_has(r, "participants", "Participants of Beta (1)");
    assert_string_equal(rig_focused(r), "conferences");
}

/* Esc clears a filter before it goes back. */
static void test_esc_clears_filter_first(void **state)
{
    rig *r = *state;
    rig_keys(r, "\r\r\t\t");
    assert_string_equal(rig_focused(r), "participants");
    rig_keys(r, "/Am\r");
    assert_int_equal(rig_view(r, "participants")->rows.count, 1);
    rig_key(r, UI_KEY_ESC);
    assert_int_equal(rig_view(r, "participants")->rows.count, 2);
    assert_true(rig_shown(r, "media"));
    assert_string_equal(rig_message(r), "Filter cleared");
}

/* :nodes, Enter: the node's load and calls, its statistics asked; the
 * detail follows the node selected; Esc closes it, Esc leaves. */
static void test_nodes_detail(void **state)
{
    rig *r = *state;
    command(r, "nodes");
    assert_string_equal(rig_focused(r), "nodes");
    assert_false(rig_shown(r, "conferences"));
    assert_false(rig_shown(r, "node-load"));
    size_t mark = r->node.nlog;
    rig_keys(r, "\r");
    assert_true(rig_shown(r, "node-load"));
    assert_string_equal(rig_focused(r), "node-calls");
    assert_title_has(r, "node-load", "Load of lon-cn-01");
    assert_int_equal(rig_count(r, mark, ROOT "status/v1/worker_vm/n1/statistics/"), 1);
    rig_keys(r, "\t");
    assert_string_equal(rig_focused(r), "nodes");
    mark = r->node.nlog;
    rig_keys(r, "j");
    assert_title_has(r, "node-load", "Load of lon-cn-02");
    assert_int_equal(rig_count(r, mark, ROOT "status/v1/worker_vm/n2/statistics/"), 1);
    rig_key(r, UI_KEY_ESC);
    assert_false(rig_shown(r, "node-load"));
    assert_string_equal(rig_focused(r), "nodes");
    rig_key(r, UI_KEY_ESC);
    assert_false(rig_shown(r, "nodes"));
    assert_string_equal(rig_focused(r), "conferences");
    /* No statistics are asked once the detail is closed. */
    mark = r->node.nlog;
    rig_run_for(r, 30);
    assert_int_equal(rig_count(r, mark, ROOT "status/v1/worker_vm/n"), 0);
}

/* :locations, Enter: the location's nodes only; Enter on one of them:
 * that node in :nodes with its detail open. */
static void test_location_to_node(void **state)
{
    rig *r = *state;
    command(r, "locations");
    rig_keys(r, "\r");
    assert_string_equal(rig_focused(r), "location-nodes");
    assert_title_has(r, "location-nodes", "Nodes in London (2)");
    assert_true(rig_row_of(r, "location-nodes", "osl-cn-01") < 0);
    rig_keys(r, "j\r");
    assert_string_equal(rig_focused(r), "node-calls");
    assert_title_has(r, "node-load", "Load of lon-cn-02");
    assert_false(rig_shown(r, "locations"));
    rig_key(r, UI_KEY_ESC);
    rig_key(r, UI_KEY_ESC);
    assert_string_equal(rig_focused(r), "conferences");
}

/* :history → a conference's participants → a participant's streams,
 * which came with the listing (no request for them); Esc twice back. */
static void test_history_levels(void **state)
{
    rig *r = *state;
    command(r, "history");
    assert_string_equal(rig_focused(r), "history");
    assert_false(rig_shown(r, "history-participants"));
    rig_keys(r, "\r");
    assert_string_equal(rig_focused(r), "history-participants");
    assert_title_has(r, "history-participants", "Participants of Board (1)");
    size_t mark = r->node.nlog;
    rig_keys(r, "\r");
    assert_string_equal(rig_focused(r), "history-streams");
    assert_title_has(r, "history-streams", "Media streams of Carol (1)");
    rig_run_for(r, 5);
    assert_int_equal(rig_count(r, mark, ROOT "history/v1/participant/hp1/media_stream/"), 0);
    rig_key(r, UI_KEY_ESC);
    assert_false(rig_shown(r, "history-streams"));
    assert_string_equal(rig_focused(r), "history-participants");
    rig_key(r, UI_KEY_ESC);
    assert_false(rig_shown(r, "history-participants"));
    assert_string_equal(rig_focused(r), "history");
}

/* A preset's results are a screen of their own: Esc returns to the ended
 * conferences of the same window. */
static void test_history_search_back(void **state)
{
    rig *r = *state;
    command(r, "history loss 2");
    assert_string_equal(rig_focused(r), "history-participants");
    assert_false(rig_shown(r, "history"));
    assert_title_has(r, "history-participants", "packet loss >= 2%");
    rig_key(r, UI_KEY_ESC);
    assert_string_equal(rig_focused(r), "history");
    assert_title_has(r, "history", "conferences ended in the last 24h");
}

/* :media opens the selected participant's media, and says what to select
 * when nothing is. */
static void test_media_command(void **state)
{
    rig *r = *state;
    command(r, "media");
    assert_string_equal(rig_focused(r), "media");
    assert_title_has(r, "media", "Media of Alice");
    rig_key(r, UI_KEY_ESC);
    rig_key(r, UI_KEY_ESC);
    assert_string_equal(rig_focused(r), "conferences");
    rig_keys(r, "/nobody\r"); /* no conference left: no participant either */
    command(r, "media");
    assert_false(rig_shown(r, "media"));
    assert_string_equal(rig_message(r), "Select a row in Conferences first");
}

/* Narrow: an open participant's media replace the conferences; focusing
 * the conferences (:conferences) closes the media. */
static void test_narrow_uncovers_conferences(void **state)
{
    rig *r = *state;
    app_resize(r->app, 24, 80);
    rig_settle(r);
    rig_keys(r, "\r\r");
    assert_true(rig_shown(r, "media"));
    assert_false(rig_shown(r, "conferences"));
    command(r, "conferences");
    assert_true(rig_shown(r, "conferences"));
    assert_false(rig_shown(r, "media"));
    assert_string_equal(rig_focused(r), "conferences");
}

/* Enter on a call of :trouble goes to it in the live screen. */
static void test_trouble_goes_to_call(void **state)
{
    rig *r = *state;
    command(r, "trouble");
    long bob = rig_row_of(r, "trouble", "Bob");
    assert_true(bob >= 0);
    view_select(r->app, rig_view(r, "trouble"), bob);
    rig_keys(r, "\r");
    assert_string_equal(rig_focused(r), "participants");
    assert_title_has(r, "participants", "Participants of Beta");
    char cell[128];
    ui_view *pv = rig_view(r, "participants");
    assert_string_equal(rig_cell(r, "participants", (long)pv->selected, "name", cell, sizeof cell),
                        "Bob");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_live_drill_down, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_conference_change_closes_media, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_esc_clears_filter_first, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_nodes_detail, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_location_to_node, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_history_levels, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_history_search_back, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_media_command, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_narrow_uncovers_conferences, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_trouble_goes_to_call, setup, rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
