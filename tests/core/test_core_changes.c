/* Change cues and connection states, on the core rig (rig.h): a participant
 * who joins is marked '+' for a few seconds, one who leaves stays a moment
 * marked '−' before the row goes; the header says "authentication failed"
 * for a wrong password, and a server that stops answering leaves the rows
 * on screen with a retry countdown, then "connected" again. */
#include "rig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT RIG_ROOT
#define MINUS "\u2212"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Listed by the node in no particular order; the console sorts them
 * case-insensitively, so "Alpha Standup" comes first and is selected. */
static const char *const conference_names[] = {"beta sync", "Alpha Standup", "charlie review"};

/* The room as listed, with Nadia last (she joins in the test). */
static const rig_person with_nadia[] = {
    {"p1", "Alice Ames", "Alpha Standup", NULL, false, true},
    {"p2", "Bob Berg", "Alpha Standup", NULL, false, true},
    {"p3", "Carol Chen", "beta sync", NULL, false, true},
    {"p4", "Dave Dunn", "beta sync", NULL, false, true},
    {"p5", "Erin Eck", "charlie review", NULL, false, true},
    {"p6", "Frank Fox", "charlie review", NULL, false, true},
    {"p7", "Newcomer Nadia", "Alpha Standup", NULL, false, true},
};

static void live_routes(rig *r)
{
    rig_route_set(r, ROOT "status/v1/conference/", 200,
                  rig_conference_list(r, conference_names, COUNT(conference_names)), false);
    rig_route_set(r, ROOT "status/v1/participant/", 200,
                  rig_people(r, with_nadia, COUNT(with_nadia) - 1) /* before she joins */, false);
}

static int setup(void **state)
{
    rig *r = rig_new(2);
    live_routes(r);
    rig_boot(r);
    *state = r;
    return 0;
}

/* Let time pass in 0.1 s steps until Nadia's gutter shows `mark` (NULL:
 * until her row is gone); returns the seconds it took, or fails after
 * `limit`. */
static double until_nadia(rig *r, const char *mark, double limit)
{
    for (double t = 0; t <= limit; t += 0.1) {
        long i = rig_row_of(r, "participants", "Newcomer Nadia");
        if (mark ? i >= 0 && strcmp(rig_mark(r, "participants", i), mark) == 0 : i < 0)
            return t;
        rig_run_for(r, 0.1);
    }
    fail_msg("Newcomer Nadia's row never showed %s", mark ? mark : "gone");
    return limit;
}

static void test_a_newcomer_is_marked_then_plain(void **state)
{
    rig *r = *state;
    char title[600];
    assert_non_null(
        strstr(rig_title(r, "participants", title, sizeof title), "Participants of Alpha Standup"));
    assert_int_equal(rig_row_of(r, "participants", "Newcomer Nadia"), -1);

    /* She joins: at the next refresh her row comes, marked new. */
    rig_route_set(r, ROOT "status/v1/participant/", 200,
                  rig_people(r, with_nadia, COUNT(with_nadia)), false);
    long i = -1;
    for (double t = 0; t <= 10 && i < 0; t += 0.1) {
        rig_run_for(r, 0.1);
        i = rig_row_of(r, "participants", "Newcomer Nadia");
    }
    assert_true(i >= 0);
    assert_string_equal(rig_mark(r, "participants", i), "+");
    /* The rows that were there before are not new. */
    assert_string_equal(rig_mark(r, "participants", rig_row_of(r, "participants", "Alice")), " ");
    /* A few seconds later she is a plain row. */
    double plain = until_nadia(r, " ", 10);
    assert_true(plain > 1.0);

    /* She leaves: her row stays a moment, marked departed, then goes. */
    rig_route_set(r, ROOT "status/v1/participant/", 200,
                  rig_people(r, with_nadia, COUNT(with_nadia) - 1), false);
    until_nadia(r, MINUS, 10);
    double gone = until_nadia(r, NULL, 10);
    assert_true(gone > 1.0);
    assert_true(rig_row_of(r, "participants", "Alice Ames") >= 0);
}

static void test_rows_stay_while_the_server_fails(void **state)
{
    rig *r = *state;
    char conn[96];
    assert_string_equal(rig_connection(r, conn, sizeof conn), "connected");
    /* Every status listing answers 503: the header counts down to the
     * next try, the rows stay on screen. */
    rig_clear_routes(r);
    rig_route_set(r, ROOT "status/", 503,
                  "{\"error_message\": \"Service temporarily unavailable\"}", false);
    double t = 0;
    for (; t <= 20 && !strstr(rig_connection(r, conn, sizeof conn), "retrying in"); t += 0.1)
        rig_run_for(r, 0.1);
    assert_non_null(strstr(conn, "retrying in"));
    for (size_t k = 0; k < COUNT(conference_names); k++)
        assert_true(rig_row_of(r, "conferences", conference_names[k]) >= 0);
    assert_true(rig_row_of(r, "participants", "Alice Ames") >= 0);

    /* The node answers again: connected within the backoff. */
    rig_clear_routes(r);
    live_routes(r);
    for (t = 0; t <= 30 && strcmp(rig_connection(r, conn, sizeof conn), "connected") != 0; t += 0.1)
        rig_run_for(r, 0.1);
    assert_string_equal(conn, "connected");
    rig_keys(r, "q");
    assert_true(r->app->quitting);
    assert_int_equal(r->app->exit_code, 0);
}

static void test_wrong_password_is_said_plainly(void **state)
{
    (void)state;
    rig *r = rig_new(2);
    rig_clear_routes(r);
    rig_route_set(r, "/", 401, "", false); /* every request */
    rig_boot(r);
    char conn[96];
    double t = 0;
    for (; t <= 20 && strcmp(rig_connection(r, conn, sizeof conn), "authentication failed") != 0;
         t += 0.1)
        rig_run_for(r, 0.1);
    assert_string_equal(conn, "authentication failed");
    rig_keys(r, "q");
    assert_true(r->app->quitting);
    assert_int_equal(r->app->exit_code, 0);
    rig_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_newcomer_is_marked_then_plain, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_rows_stay_while_the_server_fails, setup, rig_teardown),
        cmocka_unit_test(test_wrong_password_is_said_plainly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
