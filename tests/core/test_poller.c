/* The console's one poll loop (ui/data/poller.c), on its own: when a poller
 * is due, how it starts and takes an answer, the backoff rule (doubling,
 * cap, Retry-After, a vanished object's 404), the recovery after a
 * connection error and cancel. Real requests go through the real api
 * client on the fake engine (answers from a table, stalls on demand); the
 * clock is a fake that moves only when a test says so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/client.h"
#include "ui/core/screen_state.h"
#include "ui/data/poller.h"

/* ---- a fake node: one answer for every path -------------------------------------- */

typedef struct reply {
    long status;
    const char *body;
    double retry_after;
    net_failure failure;
    bool stall;
} reply;

typedef struct rig {
    uv_loop_t loop;
    net_engine *engine;
    api_client *api;
    ui_app *app;
    double now; /* the fake clock: seconds */
    reply reply;
    size_t nsent;
    /* What the callback saw. */
    ui_poller *poller; /* the poller the requests are for */
    size_t answers;
    api_error last;
} rig;

static void answer(void *ctx, net_method method, const char *path, const char *body,
                   net_fake_reply *out)
{
    rig *r = ctx;
    r->nsent++;
    out->status = r->reply.status;
    out->body = r->reply.body;
    out->retry_after = r->reply.retry_after;
    out->failure = r->reply.failure;
    out->stall = r->reply.stall;
}

static double fake_mono(void *ctx)
{
    return ((rig *)ctx)->now;
}

static double fake_wall(void *ctx)
{
    return 1796000000.0 + ((rig *)ctx)->now;
}

static int rig_setup(void **state)
{
    rig *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(uv_loop_init(&r->loop), 0);
    r->reply = (reply){200, "{}", 0, NET_OK, false};
    r->engine = net_engine_new_fake(&r->loop, 5, answer, r);
    api_opts aopts = {.read_attempts = 1};
    r->api = api_client_new_on(&r->loop, r->engine, &aopts);
    assert_non_null(r->api);
    r->app = calloc(1, sizeof *r->app);
    assert_non_null(r->app);
    r->app->api = r->api;
    r->app->clock = (ui_clock){fake_mono, fake_wall, r};
    r->now = 1000;
    *state = r;
    return 0;
}

static int rig_teardown(void **state)
{
    rig *r = *state;
    app_platform_free(r->app);
    free(r->app);
    api_client_free(r->api);
    uv_run(&r->loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(&r->loop), 0);
    free(r);
    return 0;
}

/* Deliver what the fake has answered. */
static void settle(rig *r)
{
    for (int i = 0; i < 10; i++) {
        size_t n = net_fake_deliver(r->engine);
        uv_run(&r->loop, UV_RUN_NOWAIT);
        if (n == 0)
            break;
    }
}

/* A poller's callback, as fetch.c, policy.c and probes.c write theirs. */
static void on_answer(const api_get_result *res, void *ctx)
{
    rig *r = ctx;
    poller_answered(r->poller);
    r->answers++;
    r->last = res->error;
    if (res->error.kind == API_OK)
        poller_ok(r->app, r->poller, 2.0);
    else
        poller_failed(r->app, r->poller, &res->error, 2.0, POLLER_404_FAILS);
}

/* Start a poll of `p` the way the pollers do; true when it is in flight or
 * answered. */
static bool poll_now(rig *r, ui_poller *p)
{
    r->poller = p;
    unsigned token = poller_start(r->app, p);
    api_request *req = api_get(r->api, "status/v1/alarm/?limit=1", on_answer, r);
    poller_sent(p, token, req);
    return true;
}

static api_error failure(api_error_kind kind, double retry_after)
{
    return (api_error){.kind = kind, .message = "boom", .retry_after = retry_after};
}

/* ---- cases --------------------------------------------------------------------------- */

static void test_due_and_not_due(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    assert_true(poller_due(r->app, &p)); /* never asked: due at once */
    r->app->paused = true;
    assert_false(poller_due(r->app, &p));
    r->app->paused = false;

    /* In flight: never a second request. */
    r->reply.stall = true;
    assert_true(poll_now(r, &p));
    assert_non_null(p.req);
    assert_true(p.started == 1000);
    assert_false(poller_due(r->app, &p));
    r->now += 100;
    assert_false(poller_due(r->app, &p));

    /* Answered: due `interval` after the answer, not after the start. */
    r->reply.stall = false;
    net_fake_release(r->engine, NULL);
    settle(r);
    assert_int_equal(r->answers, 1);
    assert_null(p.req);
    assert_true(p.next_due == 1102);
    r->now += 1.9;
    assert_false(poller_due(r->app, &p));
    r->now += 0.1;
    assert_true(poller_due(r->app, &p));
}

static void test_an_answer_bumps_the_generation(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    assert_true(poll_now(r, &p));
    unsigned before = p.generation;
    settle(r);
    assert_int_equal(p.generation, before + 1);
    assert_int_equal(p.failures, 0);
    assert_int_equal(p.last_error.kind, API_OK);
}

/* An answer given from inside api_* (a local failure) has run the callback
 * before poller_sent: the request handle is not kept. */
static void test_a_synchronous_answer_is_not_kept_in_flight(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    unsigned token = poller_start(r->app, &p);
    poller_answered(&p); /* the callback, from inside api_* */
    poller_failed(r->app, &p, &(api_error){.kind = API_ERR_NETWORK}, 2.0, POLLER_404_FAILS);
    int dangling;
    poller_sent(&p, token, (api_request *)&dangling);
    assert_null(p.req);
    assert_int_equal(p.failures, 1);
    assert_true(p.next_due == 1004);
}

static void test_backoff_doubles_up_to_the_cap(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    api_error e = failure(API_ERR_SERVER, 0);
    const double want[] = {4, 8, 16, 32, 60, 60, 60};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_true(poller_failed(r->app, &p, &e, 2.0, POLLER_404_FAILS));
        assert_int_equal(p.failures, i + 1);
        assert_true(p.next_due - r->now == want[i]);
        assert_false(poller_due(r->app, &p));
    }
    assert_int_equal(p.last_error.kind, API_ERR_SERVER);
    assert_string_equal(p.last_error.message, "boom");
    /* The same rule for every base: the header counts' 15 s, the probes'
     * 1 s; a base over the cap is capped too (node names, 300 s). */
    assert_true(poller_backoff(15.0, 1, &e) == 30);
    assert_true(poller_backoff(15.0, 2, &e) == 60);
    assert_true(poller_backoff(1.0, 6, &e) == 60);
    assert_true(poller_backoff(1.0, 40, &e) == 60);
    assert_true(poller_backoff(300.0, 1, &e) == 60);
    /* A success ends it. */
    poller_ok(r->app, &p, 2.0);
    assert_int_equal(p.failures, 0);
    assert_int_equal(p.last_error.kind, API_OK);
    assert_true(p.next_due == 1002);
}

static void test_retry_after_is_honoured_and_capped(void **state)
{
    rig *r = *state;
    api_error e = failure(API_ERR_SERVER, 20);
    assert_true(poller_backoff(2.0, 1, &e) == 20); /* longer than the backoff */
    e.retry_after = 1;
    assert_true(poller_backoff(2.0, 1, &e) == 4); /* shorter: the backoff */
    e.retry_after = 1000;
    assert_true(poller_backoff(2.0, 1, &e) == 300); /* at most 5 minutes */
    assert_true(poller_backoff(2.0, 1, NULL) == 4);

    /* From the node: a 503 with Retry-After: 20, through the real client. */
    ui_poller p = {0};
    r->reply = (reply){503, "{}", 20, NET_OK, false};
    assert_true(poll_now(r, &p));
    settle(r);
    assert_int_equal(r->last.kind, API_ERR_SERVER);
    assert_int_equal(p.failures, 1);
    assert_true(p.next_due == 1020);
    r->now += 19.9;
    assert_false(poller_due(r->app, &p));
    r->now += 0.1;
    assert_true(poller_due(r->app, &p));
}

static void test_a_vanished_object_is_not_a_failure(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    api_error gone = failure(API_ERR_NOT_FOUND, 0);
    api_error down = failure(API_ERR_SERVER, 0);
    assert_true(poller_failed(r->app, &p, &down, 1.0, POLLER_404_VANISHED));
    assert_int_equal(p.failures, 1);
    /* The participant left: asked again after the interval, the node's
     * failures neither grown nor forgotten. */
    assert_false(poller_failed(r->app, &p, &gone, 1.0, POLLER_404_VANISHED));
    assert_int_equal(p.failures, 1);
    assert_int_equal(p.last_error.kind, API_ERR_SERVER);
    assert_true(p.next_due == 1001);
    /* Where a 404 is the table's own news it counts. */
    assert_true(poller_failed(r->app, &p, &gone, 1.0, POLLER_404_FAILS));
    assert_int_equal(p.failures, 2);
    assert_int_equal(p.last_error.kind, API_ERR_NOT_FOUND);
}

/* The node answers again: what backed off because of the connection is
 * asked now, on every poller; a refusal, a 404 or a request in flight
 * keeps its state. */
static void test_recovery_after_a_connection_error(void **state)
{
    rig *r = *state;
    ui_app *app = r->app;
    ui_platform *pl = app_platform(app);
    api_error refused = failure(API_ERR_CONNECT, 0), timeout = failure(API_ERR_TIMEOUT, 0);
    api_error auth = failure(API_ERR_AUTH, 0), gone = failure(API_ERR_NOT_FOUND, 0);
    for (int i = 0; i < 4; i++) {
        poller_failed(app, &app->res[MT_CONFERENCES].poll, &refused, 2.0, POLLER_404_FAILS);
        poller_failed(app, &pl->counts, &timeout, 15.0, POLLER_404_FAILS);
        poller_failed(app, &pl->trouble, &refused, 1.0, POLLER_404_FAILS);
        poller_failed(app, &app->res[MT_LICENSING].poll, &gone, 30.0, POLLER_404_FAILS);
        poller_failed(app, &app->res[MT_NODES].poll, &auth, 5.0, POLLER_404_FAILS);
    }
    /* Participants: refused too, but a request is in flight again. */
    ui_poller *inflight = &app->res[MT_ALL_PARTICIPANTS].poll;
    poller_failed(app, inflight, &refused, 2.0, POLLER_404_FAILS);
    r->reply.stall = true;
    assert_true(poll_now(r, inflight));
    assert_non_null(inflight->req);

    r->now += 1;
    poller_ok(app, &app->res[MT_NODE_CONFIG].poll, 300.0); /* the node answered */
    assert_true(poller_due(app, &app->res[MT_CONFERENCES].poll));
    assert_int_equal(app->res[MT_CONFERENCES].poll.failures, 0);
    assert_true(poller_due(app, &pl->counts));
    assert_int_equal(pl->counts.failures, 0);
    assert_true(poller_due(app, &pl->trouble));
    assert_false(poller_due(app, &app->res[MT_LICENSING].poll));
    assert_int_equal(app->res[MT_LICENSING].poll.failures, 4);
    assert_false(poller_due(app, &app->res[MT_NODES].poll));
    assert_int_equal(app->res[MT_NODES].poll.failures, 4);
    assert_int_equal(inflight->failures, 1);
    assert_true(poller_cancel(inflight));
}

static void test_cancel_never_calls_back(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    r->reply.stall = true;
    assert_true(poll_now(r, &p));
    assert_non_null(p.req);
    unsigned generation = p.generation;
    assert_true(poller_cancel(&p));
    assert_null(p.req);
    assert_false(poller_cancel(&p)); /* nothing left to cancel */
    r->reply.stall = false;
    net_fake_release(r->engine, NULL);
    settle(r);
    assert_int_equal(r->answers, 0);
    assert_int_equal(p.generation, generation);
    assert_true(poller_due(r->app, &p)); /* a cancelled poll may start again */
}

/* A new scope or query: cancel and start over, failures forgotten. */
static void test_restart_starts_over(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    api_error e = failure(API_ERR_SERVER, 0);
    for (int i = 0; i < 3; i++)
        poller_failed(r->app, &p, &e, 1.0, POLLER_404_FAILS);
    assert_false(poller_restart(&p)); /* nothing was in flight */
    assert_int_equal(p.failures, 0);
    assert_int_equal(p.last_error.kind, API_OK);
    assert_true(poller_due(r->app, &p));
    r->reply.stall = true;
    assert_true(poll_now(r, &p));
    assert_true(poller_restart(&p));
    assert_null(p.req);
}

/* A round of two requests (the header counts): the first answer makes the
 * second due at once and keeps the failures until the round completes. */
static void test_a_round_keeps_its_failures_until_it_completes(void **state)
{
    rig *r = *state;
    ui_poller p = {0};
    api_error e = failure(API_ERR_SERVER, 0);
    poller_failed(r->app, &p, &e, 15.0, POLLER_404_FAILS);
    r->now = p.next_due;
    poller_step_ok(r->app, &p);
    assert_true(poller_due(r->app, &p));
    assert_int_equal(p.failures, 1);
    poller_failed(r->app, &p, &e, 15.0, POLLER_404_FAILS);
    assert_true(p.next_due - r->now == 60); /* 15 s x 2^2 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_due_and_not_due, rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_an_answer_bumps_the_generation, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_a_synchronous_answer_is_not_kept_in_flight, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_backoff_doubles_up_to_the_cap, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_retry_after_is_honoured_and_capped, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_a_vanished_object_is_not_a_failure, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_recovery_after_a_connection_error, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(test_cancel_never_calls_back, rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_restart_starts_over, rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_a_round_keeps_its_failures_until_it_completes,
                                        rig_setup, rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
