/* What the console asks for follows the screen, on the core rig (rig.h):
 * the focused conference's participants every refresh (and at once for a
 * newly selected conference or after a command), the platform-wide
 * listings less often on a large platform (refresh x rows / 500, at most
 * 60 s), a focused listing that replaces its conference's rows only, and
 * views over the platform-wide table that say how old it is. */
#include "rig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT RIG_ROOT
#define BIG 1200 /* participants: the full listing every 2 s x 1200/500 = 4.8 s */

static const char *const conference_names[] = {"Alpha", "Beta"};

/* Alice, Amir (and Ann, unless `without_ann`) in Alpha; everyone else in
 * Beta, `beta` of them. */
static const char *people(rig *r, size_t beta, bool alpha_only, bool without_ann)
{
    size_t n = 3 + beta;
    rig_person *p = calloc(n, sizeof *p);
    char(*ids)[24] = calloc(n, sizeof *ids);
    char(*names)[40] = calloc(n, sizeof *names);
    size_t k = 0;
    const char *alpha[] = {"Alice", "Amir", "Ann"};
    for (size_t i = 0; i < 3; i++) {
        if (without_ann && i == 2)
            continue;
        snprintf(ids[k], sizeof ids[k], "a%zu", i);
        p[k] = (rig_person){ids[k], alpha[i], "Alpha", NULL, false, true};
        k++;
    }
    for (size_t i = 0; !alpha_only && i < beta; i++, k++) {
        snprintf(ids[k], sizeof ids[k], "b%zu", i);
        snprintf(names[k], sizeof names[k], "Beta guest %zu", i);
        p[k] = (rig_person){ids[k], names[k], "Beta", NULL, false, true};
    }
    const char *listing = rig_people(r, p, k);
    free(p);
    free(ids);
    free(names);
    return listing;
}

static rig *start(size_t beta)
{
    rig *r = rig_new(2);
    rig_route_set(r, ROOT "status/v1/conference/", 200, rig_conference_list(r, conference_names, 2),
                  false);
    rig_route_set(r, ROOT "status/v1/participant/", 200, people(r, beta, false, false), false);
    rig_route_set(r, ROOT "status/v1/participant/?conference=Alpha", 200, people(r, 0, true, false),
                  false);
    rig_route_set(r, ROOT "status/v1/participant/?conference=Beta", 200, rig_listing(r, 0, ""),
                  false);
    rig_boot(r);
    return r;
}

static int setup_big(void **state)
{
    *state = start(BIG);
    return 0;
}

static int setup_small(void **state)
{
    *state = start(20);
    return 0;
}

/* 1,203 participants: over 24 s the focused conference is listed every
 * refresh (12 times), everyone only every 4.8 s (5 times). */
static void test_large_platform_cadence(void **state)
{
    rig *r = *state;
    size_t since = rig_run_for(r, 24);
    size_t focused = rig_count_conference_participants(r, since, "Alpha");
    size_t all = rig_count_all_participants(r, since);
    assert_true(focused >= 11 && focused <= 12);
    assert_true(all >= 4 && all <= 5);
}

/* A small platform: both every refresh, as before. */
static void test_small_platform_cadence(void **state)
{
    rig *r = *state;
    size_t since = rig_run_for(r, 10);
    assert_true(rig_count_all_participants(r, since) >= 4);
    assert_true(rig_count_conference_participants(r, since, "Alpha") >= 4);
}

/* Another conference selected: its listing at once, the old one no more. */
static void test_focus_follows_selection(void **state)
{
    rig *r = *state;
    size_t since = r->node.nlog;
    rig_keys(r, "j");
    assert_int_equal(rig_count_conference_participants(r, since, "Beta"), 1);
    since = rig_run_for(r, 6);
    assert_int_equal(rig_count_conference_participants(r, since, "Alpha"), 0);
    assert_true(rig_count_conference_participants(r, since, "Beta") >= 2);
}

/* A command refreshes its conference, not the platform. */
static void test_command_refreshes_its_conference(void **state)
{
    rig *r = *state;
    rig_run_for(r, 1.5); /* the platform listing is not due for a while */
    rig_keys(r, "\t");
    assert_string_equal(rig_focused(r), "participants");
    size_t since = r->node.nlog;
    rig_keys(r, "m");
    assert_int_equal(rig_posts(r, since, ROOT "command/v1/participant/mute/", NULL), 1);
    assert_int_equal(rig_count_conference_participants(r, since, "Alpha"), 1);
    assert_int_equal(rig_count_all_participants(r, since), 0);
}

/* The focused listing replaces its conference's rows: Ann left Alpha; the
 * other conference's rows stay as the platform listing left them. */
static void test_focused_listing_replaces_its_rows(void **state)
{
    rig *r = *state;
    const model_table *all = model_get(r->app->model, MT_ALL_PARTICIPANTS);
    assert_non_null(model_table_find(all, "a2"));
    rig_route_set(r, ROOT "status/v1/participant/?conference=Alpha", 200, people(r, 0, true, true),
                  false);
    rig_run_for(r, 2.1);
    const model_row *ann = model_table_find(all, "a2");
    assert_non_null(ann);
    assert_true(model_row_is_ghost(ann)); /* shown a moment as departed */
    /* She is gone from the platform listing too when it comes (4.8 s). */
    rig_route_set(r, ROOT "status/v1/participant/", 200, people(r, BIG, false, true), false);
    rig_run_for(r, 6);
    assert_null(model_table_find(all, "a2"));
    const model_row *b = model_table_find(all, "b7");
    assert_non_null(b);
    assert_false(model_row_is_ghost(b));
    assert_int_equal(rig_view(r, "participants")->rows.count, 2);
}

/* :trouble shows how old the platform-wide listing is when it is older
 * than two refreshes. */
static void test_trouble_says_its_age(void **state)
{
    rig *r = *state;
    rig_keys(r, ":trouble\r");
    rig_route_set(r, ROOT "status/v1/participant/", 200, people(r, BIG, false, false), true);
    rig_run_for(r, 12);
    char title[300];
    rig_title(r, "trouble", title, sizeof title);
    assert_non_null(strstr(title, "s old"));
}

/* Alpha's own listing made large (every participant, as if all in it),
 * due now, and its one page delivered: held for its turn of the loop. */
static void deliver_large_alpha_page(rig *r)
{
    rig_route_set(r, ROOT "status/v1/participant/?conference=Alpha", 200,
                  people(r, BIG, false, false), false);
    rig_run_for(r, 1.9);
    r->now += 0.2;
    fetch_tick(r->app);
    net_fake_deliver(r->engine);
}

/* A large page is taken on a turn of the loop of its own; a listing
 * cancelled while its page waits for that turn (another conference
 * selected) leaves nothing behind and asks for the new one. */
static void test_held_page_cancelled(void **state)
{
    rig *r = *state;
    deliver_large_alpha_page(r);
    assert_true(model_age(r->app->model, MT_PARTICIPANTS, app_wall(r->app)) > 1); /* held */
    size_t since = r->node.nlog;
    rig_keys(r, "j"); /* Beta: Alpha's listing is cancelled */
    assert_int_equal(rig_count_conference_participants(r, since, "Beta"), 1);
    rig_run_for(r, 3);
    assert_string_equal(rig_focused(r), "conferences");
    assert_true(rig_row_of(r, "participants", "Alice") < 0);
}

/* The held page is taken on the next turn of the loop. */
static void test_held_page_taken_next_turn(void **state)
{
    rig *r = *state;
    deliver_large_alpha_page(r);
    assert_true(model_age(r->app->model, MT_PARTICIPANTS, app_wall(r->app)) > 1);
    uv_run(&r->loop, UV_RUN_NOWAIT);
    assert_true(model_age(r->app->model, MT_PARTICIPANTS, app_wall(r->app)) == 0);
}

/* In the console's mode the page is parsed in libuv's thread pool: the
 * loop is free until the parse is done, then the page is merged. */
static void test_held_page_parsed_in_pool(void **state)
{
    rig *r = *state;
    api_client_set_large_pages(r->app->api, API_PAGES_IN_POOL);
    deliver_large_alpha_page(r);
    assert_true(model_age(r->app->model, MT_PARTICIPANTS, app_wall(r->app)) > 1);
    for (int i = 0; i < 100 && model_age(r->app->model, MT_PARTICIPANTS, app_wall(r->app)) > 0; i++)
        uv_run(&r->loop, UV_RUN_ONCE); /* returns when the pool's answer came */
    assert_true(model_age(r->app->model, MT_PARTICIPANTS, app_wall(r->app)) == 0);
    assert_non_null(model_table_find(model_get(r->app->model, MT_ALL_PARTICIPANTS), "b7"));
}

/* A listing cancelled while its page is in the pool: the page is freed
 * when the pool gives it back, nothing else happens. */
static void test_pool_page_of_a_cancelled_listing(void **state)
{
    rig *r = *state;
    api_client_set_large_pages(r->app->api, API_PAGES_IN_POOL);
    deliver_large_alpha_page(r);
    size_t since = r->node.nlog;
    rig_keys(r, "j"); /* Beta: Alpha's listing is cancelled */
    assert_int_equal(rig_count_conference_participants(r, since, "Beta"), 1);
    uv_run(&r->loop, UV_RUN_DEFAULT); /* until the pool is done */
    rig_run_for(r, 3);
    assert_true(rig_row_of(r, "participants", "Alice") < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_large_platform_cadence, setup_big, rig_teardown),
        cmocka_unit_test_setup_teardown(test_small_platform_cadence, setup_small, rig_teardown),
        cmocka_unit_test_setup_teardown(test_focus_follows_selection, setup_big, rig_teardown),
        cmocka_unit_test_setup_teardown(test_command_refreshes_its_conference, setup_big,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_focused_listing_replaces_its_rows, setup_big,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_trouble_says_its_age, setup_big, rig_teardown),
        cmocka_unit_test_setup_teardown(test_held_page_cancelled, setup_big, rig_teardown),
        cmocka_unit_test_setup_teardown(test_held_page_taken_next_turn, setup_big, rig_teardown),
        cmocka_unit_test_setup_teardown(test_held_page_parsed_in_pool, setup_big, rig_teardown),
        cmocka_unit_test_setup_teardown(test_pool_page_of_a_cancelled_listing, setup_big,
                                        rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
