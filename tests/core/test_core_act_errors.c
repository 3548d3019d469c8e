/* Failed commands, on the core rig (rig.h): reported in plain words, no
 * false state on screen, never sent twice; a command whose answer never
 * came is reported as "unknown outcome" and is not re-sent.
 *
 * - 400 "participant_id: Failed to find participant." (a real node's
 *   answer when the participant left just before the key): "the
 *   participant is gone", in one line that fits 80 columns;
 * - a transfer to an alias that does not exist: the node's words;
 * - 500: the server error, the screen unchanged;
 * - 404: "the participant is gone", no false state;
 * - a dropped connection: unknown outcome, exactly one request;
 * - no answer within --timeout: the row shows the pending mark while
 *   waiting, then "unknown outcome"; the node acts late, once, and the
 *   next refresh shows what it did. */
#include "rig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/widgets/prompt.h"

#define ROOT RIG_ROOT
#define ROOM "AAA Control Room"
#define MUTE ROOT "command/v1/participant/mute/"
#define TRANSFER ROOT "command/v1/participant/transfer/"
#define PARTICIPANTS ROOT "status/v1/participant/"
#define PENDING "\u2026"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* Long enough that the "gone" message must be cut to fit 80 columns. */
#define ALICE "Alice Ames, Head of Facilities, North Campus Operations"

static const char *const conference_names[] = {"Bravo Board", ROOM, "Charlie Call"};

static const rig_person people[] = {
    {"p-alice", ALICE, ROOM, NULL, false, true},
    {"p-bob", "Bob Berg", ROOM, NULL, false, true},
    {"p-carol", "Carol Chen", ROOM, NULL, false, true},
    {"p-dave", "Dave Dunn", ROOM, NULL, false, true},
    {"p-erin", "Erin Eck", "Bravo Board", NULL, false, true},
    {"p-frank", "Frank Fox", "Charlie Call", NULL, false, true},
};

/* The room as the node lists it: without person `gone` (NULL: everyone),
 * and with person `muted` muted (NULL: nobody). */
static const char *room(rig *r, const char *gone, const char *muted)
{
    rig_person now[COUNT(people)];
    size_t n = 0;
    for (size_t i = 0; i < COUNT(people); i++) {
        if (gone && strcmp(people[i].name, gone) == 0)
            continue;
        now[n] = people[i];
        now[n].muted = muted && strcmp(people[i].name, muted) == 0;
        n++;
    }
    return rig_people(r, now, n);
}

/* --refresh 1 (as the tmux tests ran it), --timeout `timeout`; the
 * participants of the room focused. */
static rig *start(double timeout)
{
    rig *r = rig_new(1);
    r->cfg.timeout_s = timeout;
    rig_route_set(r, ROOT "status/v1/conference/", 200,
                  rig_conference_list(r, conference_names, COUNT(conference_names)), false);
    rig_route_set(r, PARTICIPANTS, 200, room(r, NULL, NULL), false);
    rig_boot(r);
    rig_keys(r, "\r"); /* the room is sorted first and selected: Enter */
    assert_string_equal(rig_focused(r), "participants");
    char title[600];
    assert_non_null(
        strstr(rig_title(r, "participants", title, sizeof title), "Participants of " ROOM " (4)"));
    return r;
}

static int setup(void **state)
{
    *state = start(30);
    return 0;
}

/* Filter the participants pane to `name`: the selection moves to it. */
static void select_participant(rig *r, const char *name)
{
    char typed[128];
    snprintf(typed, sizeof typed, "/%s\r", name);
    rig_keys(r, typed);
    ui_view *v = rig_view(r, "participants");
    assert_string_equal(v->filter, name);
    const model_row *row = view_selected_row(v);
    assert_non_null(row);
    char cell[512];
    assert_string_equal(rig_cell(r, "participants", (long)v->selected, "name", cell, sizeof cell),
                        name);
}

static void clear_filter(rig *r)
{
    rig_key(r, UI_KEY_ESC);
    assert_string_equal(rig_view(r, "participants")->filter, "");
    assert_string_equal(rig_focused(r), "participants");
}

/* The muted cell of `name`'s row ("" when not muted or not shown). */
static const char *muted_cell(rig *r, const char *name, char *buf, size_t size)
{
    return rig_cell(r, "participants", rig_row_of(r, "participants", name), "muted", buf, size);
}

/* Exactly one mute went out since `since`, for participant `id`, and the
 * participants were listed again after it (what confirms it). */
static void one_mute_for(rig *r, size_t since, const char *id)
{
    const rig_sent *cmd;
    assert_int_equal(rig_posts(r, since, ROOT "command/", &cmd), 1);
    assert_non_null(strstr(cmd->path, MUTE));
    char field[160];
    assert_string_equal(rig_body_field(cmd, "participant_id", field, sizeof field), id);
    assert_true(rig_count_listing(r, (size_t)(cmd - r->node.log) + 1, PARTICIPANTS) >= 1);
}

/* Two refreshes later, still one command and nothing muted on screen. */
static void still_not_muted(rig *r, size_t since, const char *name)
{
    rig_run_for(r, 2.2);
    assert_int_equal(rig_posts(r, since, ROOT "command/", NULL), 1);
    char row[2048];
    assert_true(rig_row_of(r, "participants", name) >= 0);
    assert_null(strstr(rig_row_with(r, "participants", name, row, sizeof row), "muted"));
}

static void test_participant_gone(void **state)
{
    rig *r = *state;
    select_participant(r, ALICE);
    /* Gone at the node, still on screen: the node refuses as a real one does. */
    rig_route_set(r, PARTICIPANTS, 200, room(r, ALICE, NULL), false);
    rig_route_set(r, MUTE, 400,
                  "{\"mute\": {\"participant_id\": [\"Failed to find participant.\"]}}", false);
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    one_mute_for(r, since, "p-alice");
    const char *line = rig_message(r);
    assert_non_null(strstr(line, "participant is gone"));
    assert_null(strstr(line, "refused"));
    const char *from = strstr(line, "Mute"), *to = strstr(line, "(already left)");
    assert_non_null(from);
    assert_non_null(to);
    char message[512];
    snprintf(message, sizeof message, "%.*s", (int)(to + strlen("(already left)") - from), from);
    assert_true(rig_columns(message) <= 80);
    /* The refresh that follows drops the row: nothing pretends she is muted. */
    char row[2048];
    assert_true(rig_row_of(r, "participants", ALICE) >= 0);
    assert_null(strstr(rig_row_with(r, "participants", ALICE, row, sizeof row), "muted"));
    double t = 0;
    for (; t <= 8 && rig_row_of(r, "participants", ALICE) >= 0; t += 0.1)
        rig_run_for(r, 0.1);
    assert_int_equal(rig_row_of(r, "participants", ALICE), -1);
    assert_int_equal(rig_posts(r, since, ROOT "command/", NULL), 1);
    clear_filter(r);
}

static void test_transfer_to_an_unknown_alias(void **state)
{
    rig *r = *state;
    select_participant(r, "Bob Berg");
    rig_route_set(r, TRANSFER, 400,
                  "{\"status\": \"error\", \"message\": \"Conference alias not found\", "
                  "\"data\": null}",
                  false);
    size_t since = r->node.nlog;
    rig_keys(r, "t");
    assert_true(prompt_active(r->app->modal)); /* "Transfer “Bob Berg” to alias" */
    assert_int_equal(rig_posts(r, since, ROOT "command/", NULL), 0);
    rig_keys(r, "meet.no-such-room");
    rig_keys(r, "\r\r"); /* the alias, then the role (guest) */
    assert_false(prompt_active(r->app->modal));
    const rig_sent *cmd;
    assert_int_equal(rig_posts(r, since, ROOT "command/", &cmd), 1);
    assert_non_null(strstr(cmd->path, TRANSFER));
    char field[160];
    assert_string_equal(rig_body_field(cmd, "conference_alias", field, sizeof field),
                        "meet.no-such-room");
    assert_string_equal(rig_body_field(cmd, "participant_id", field, sizeof field), "p-bob");
    assert_non_null(strstr(rig_message(r), "Conference alias not found"));
    /* He stays where the node says he is: in the room. */
    rig_run_for(r, 1.1);
    assert_true(rig_row_of(r, "participants", "Bob Berg") >= 0);
    assert_int_equal(rig_posts(r, since, ROOT "command/", NULL), 1);
    clear_filter(r);
}

static void test_server_error(void **state)
{
    rig *r = *state;
    select_participant(r, "Bob Berg");
    rig_route_set(r, MUTE, 500, "{\"error_message\": \"Internal server error\"}", false);
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    one_mute_for(r, since, "p-bob");
    assert_non_null(strstr(rig_message(r), "HTTP 500"));
    assert_non_null(strstr(rig_message(r), "server error"));
    rig_route_set(r, MUTE, 202, rig_accepted, false);
    still_not_muted(r, since, "Bob Berg");
    clear_filter(r);
}

/* A 404 (the participant vanished on the node's side) is said in plain
 * words and leaves the row as the node last reported it. */
static void test_not_found(void **state)
{
    rig *r = *state;
    select_participant(r, "Bob Berg");
    rig_route_set(r, MUTE, 404, "{\"error_message\": \"Internal server error\"}", false);
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    one_mute_for(r, since, "p-bob");
    assert_non_null(strstr(rig_message(r), "participant is gone"));
    rig_route_set(r, MUTE, 202, rig_accepted, false);
    still_not_muted(r, since, "Bob Berg");
    clear_filter(r);
}

static void test_dropped_connection(void **state)
{
    rig *r = *state;
    select_participant(r, "Dave Dunn");
    rig_route *drop = rig_route_set(r, MUTE, 0, "", false);
    drop->failure = NET_FAIL_DROPPED;
    drop->sent = true; /* it reached the node, which closed the connection */
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    one_mute_for(r, since, "p-dave");
    rig_run_for(r, 1.5);
    assert_int_equal(rig_posts(r, since, ROOT "command/", NULL), 1); /* never re-sent */
    assert_non_null(strstr(rig_message(r), "unknown outcome"));
    assert_non_null(strstr(rig_message(r), "check before trying again"));
    rig_route_set(r, MUTE, 202, rig_accepted, false);
    still_not_muted(r, since, "Dave Dunn");
    clear_filter(r);
}

/* --timeout 2 against a command the node answers only after 5 s: the
 * transport gives up at 2 s (what the fake reports then). */
static void test_no_answer_in_time(void **state)
{
    rig *r = start(2);
    *state = r;
    select_participant(r, "Carol Chen");
    rig_route_set(r, MUTE, 202, rig_accepted, true);
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    assert_int_equal(rig_posts(r, since, ROOT "command/", NULL), 1);
    /* Pending while the node has not answered; nothing flipped, nothing
     * said yet. */
    for (int i = 0; i < 19; i++) {
        rig_run_for(r, 0.1);
        long row = rig_row_of(r, "participants", "Carol Chen");
        assert_string_equal(rig_mark(r, "participants", row), PENDING);
        char cell[64];
        assert_string_equal(muted_cell(r, "Carol Chen", cell, sizeof cell), "");
        assert_null(strstr(rig_message(r), "unknown outcome"));
    }
    rig_route *late = rig_route_set(r, MUTE, 0, "", false);
    late->failure = NET_FAIL_TIMEOUT;
    late->sent = true;
    assert_int_equal(rig_release(r, MUTE), 1);
    rig_settle(r);
    const char *line = rig_message(r);
    assert_non_null(strstr(line, "unknown outcome"));
    assert_non_null(strstr(line, "Mute"));
    assert_non_null(strstr(line, "not re-sent"));
    assert_string_not_equal(rig_mark(r, "participants", rig_row_of(r, "participants", "Carol")),
                            PENDING);
    /* The node acts late, once: the next refresh shows it muted. */
    rig_route_set(r, PARTICIPANTS, 200, room(r, NULL, "Carol Chen"), false);
    char cell[64];
    double t = 0;
    for (; t <= 6 && strcmp(muted_cell(r, "Carol Chen", cell, sizeof cell), "muted") != 0; t += 0.1)
        rig_run_for(r, 0.1);
    assert_string_equal(cell, "muted");
    rig_run_for(r, 2.0);
    const rig_sent *cmd;
    assert_int_equal(rig_posts(r, since, ROOT "command/", &cmd), 1);
    assert_string_equal(cmd->body, "{\"participant_id\":\"p-carol\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_participant_gone, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_transfer_to_an_unknown_alias, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_server_error, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_not_found, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_dropped_connection, setup, rig_teardown),
        cmocka_unit_test_teardown(test_no_answer_in_time, rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
