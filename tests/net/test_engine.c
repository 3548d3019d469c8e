/* Unit tests: the real engine's refusals, without a server. A request
 * libcurl will not take (a URL over its input limit) is refused by
 * net_get when it would start at once, and reported through its callback,
 * with the option libcurl refused named, when it was queued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "net/http.h"

/* Over libcurl's CURL_MAX_INPUT_LENGTH (8,000,000 bytes) for a string option. */
#define HUGE_PATH_LEN (8u * 1000 * 1000 + 16)

typedef struct outcome {
    int calls;
    net_failure failure;
    char error[512];
} outcome;

static void on_done(const net_response *resp, void *ctx)
{
    outcome *o = ctx;
    o->calls++;
    o->failure = resp->failure;
    snprintf(o->error, sizeof o->error, "%s", resp->error);
}

static char *huge_path(void)
{
    char *p = malloc(HUGE_PATH_LEN + 1);
    assert_non_null(p);
    p[0] = '/';
    memset(p + 1, 'a', HUGE_PATH_LEN - 1);
    p[HUGE_PATH_LEN] = '\0';
    return p;
}

static net_engine *engine_on(uv_loop_t *loop)
{
    /* Port 1 on the loopback: refused at once, nothing is ever sent. */
    net_opts o = {.base_url = "http://127.0.0.1:1",
                  .password = "x",
                  .timeout_s = 5,
                  .max_reads_in_flight = 1};
    strbuf err = STRBUF_INIT;
    net_engine *e = net_engine_new(loop, &o, &err);
    assert_non_null(e);
    assert_int_equal(err.len, 0);
    sb_free(&err);
    return e;
}

static void engine_close(uv_loop_t *loop, net_engine *e)
{
    net_engine_free(e);
    uv_run(loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(loop), 0);
}

static void test_refused_request_that_would_start_is_null(void **state)
{
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    net_engine *e = engine_on(&loop);
    char *path = huge_path();
    outcome o = {0};
    assert_null(net_get(e, path, on_done, &o));
    assert_null(net_post(e, path, NULL, "", 0, on_done, &o));
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(o.calls, 0);
    net_stats st;
    net_engine_stats(e, &st);
    assert_int_equal(st.reads_in_flight + st.posts_in_flight + st.reads_queued, 0);
    free(path);
    engine_close(&loop, e);
}

static void test_refused_queued_request_reports_the_option(void **state)
{
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    net_engine *e = engine_on(&loop);
    char *path = huge_path();
    outcome first = {0}, queued = {0};
    assert_non_null(net_get(e, "/api/admin/status/v1/conference/", on_done, &first));
    assert_non_null(net_get(e, path, on_done, &queued)); /* behind the first */
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(first.calls, 1);
    assert_int_equal(first.failure, NET_FAIL_CONNECT);
    assert_int_equal(queued.calls, 1);
    assert_int_not_equal(queued.failure, NET_OK);
    assert_non_null(strstr(queued.error, "could not start the request"));
    assert_non_null(strstr(queued.error, "CURLOPT_URL"));
    free(path);
    engine_close(&loop, e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_request_that_would_start_is_null),
        cmocka_unit_test(test_refused_queued_request_reports_the_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
