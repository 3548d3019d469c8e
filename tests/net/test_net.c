/* Unit tests: URL and query building, error classification of canned
 * responses, paging helpers, retry policy, command answer parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <string.h>

#include "api/client.h"
#include "api/commands.h"
#include "api/resources.h"
#include "net/http.h"

/* ---- URL building ---- */

static void test_join_url(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    net_join_url(&sb, "https://mgr", "/api/admin/status/v1/conference/");
    assert_string_equal(sb_str(&sb), "https://mgr/api/admin/status/v1/conference/");
    sb_reset(&sb);
    net_join_url(&sb, "https://mgr:8443//", "api/x/");
    assert_string_equal(sb_str(&sb), "https://mgr:8443/api/x/");
    sb_reset(&sb);
    /* An absolute next link keeps only its path and query: never another host. */
    net_join_url(&sb, "https://mgr", "http://evil.example/api/admin/x/?offset=5");
    assert_string_equal(sb_str(&sb), "https://mgr/api/admin/x/?offset=5");
    sb_free(&sb);
}

static void test_list_path_and_params(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    api_build_list_path(&sb, API_STATUS_PARTICIPANT, 500, NULL, 0);
    assert_string_equal(sb_str(&sb), "/api/admin/status/v1/participant/?limit=500");
    sb_reset(&sb);
    api_param p[] = {
        {"display_name__icontains", "Alice & Bob"},
        {"limit", "9"},  /* ignored: the client pages itself */
        {"offset", "9"}, /* ignored */
        {"order_by", "-connect_time"},
        {"conference", "VMR/1 ü"},
    };
    api_build_list_path(&sb, "/api/admin/status/v1/participant/", 200, p, 5);
    assert_string_equal(sb_str(&sb), "/api/admin/status/v1/participant/?limit=200"
                                     "&display_name__icontains=Alice%20%26%20Bob"
                                     "&order_by=-connect_time&conference=VMR%2F1%20%C3%BC");
    sb_reset(&sb);
    api_resource_path(&sb, "history/v1/conference/");
    assert_string_equal(sb_str(&sb), "/api/admin/history/v1/conference/");
    sb_reset(&sb);
    api_media_stream_path(&sb, "abc");
    assert_string_equal(sb_str(&sb), "status/v1/participant/abc/media_stream/");
    sb_free(&sb);

    const api_resource *r = api_resource_by_name("participants");
    assert_non_null(r);
    assert_string_equal(r->path, API_STATUS_PARTICIPANT);
    assert_ptr_equal(api_resource_by_path("/api/admin/status/v1/participant/"), r);
    assert_null(api_resource_by_name("nope"));
}

static void test_command_body(void **state)
{
    (void)state;
    api_param p[] = {
        {"conference_id", "c-1"},
        {"layout", "1:7"},
        {"enable_overlay_text", "true"},
        {"recording_indicator", "false"},
        {"skipped", NULL},
        {"free_form_overlay_text", "true"}, /* a string field stays a string */
    };
    json_t *body = api_command_body("conference/transform_layout", p, 6);
    char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, "{\"conference_id\":\"c-1\",\"enable_overlay_text\":true,"
                              "\"free_form_overlay_text\":\"true\",\"layout\":\"1:7\","
                              "\"recording_indicator\":false}");
    free(text);
    json_decref(body);

    /* Full paths name the same command; integers become integers; a value
     * that is not of its type is sent as given, for the server to judge. */
    api_param q[] = {{"limit", "12"}, {"end_limit", "x"}, {"request", "yes"}};
    body = api_command_body("/api/admin/command/v1/platform/snapshot/", q, 3);
    assert_true(json_is_integer(json_object_get(body, "limit")));
    assert_int_equal(json_integer_value(json_object_get(body, "limit")), 12);
    assert_string_equal(json_string_value(json_object_get(body, "end_limit")), "x");
    assert_true(json_is_true(json_object_get(body, "request")));
    json_decref(body);
    assert_int_equal(api_command_field_type("participant/dial/", "streaming"), API_FIELD_BOOL);
    assert_int_equal(api_command_field_type("participant/dial", "role"), API_FIELD_STRING);
    assert_int_equal(api_command_field_type("participant/mute", "streaming"), API_FIELD_STRING);
}

/* ---- classification ---- */

static net_response http(long status, const char *ctype, const char *body)
{
    net_response r = {0};
    r.method = NET_GET;
    r.path = "/api/admin/status/v1/conference/";
    r.status = status;
    r.content_type = ctype;
    r.body = body;
    r.body_len = strlen(body);
    r.retry_after = -1;
    r.error = "";
    r.failure = NET_OK;
    return r;
}

static net_response transport(net_failure f, const char *error, bool sent)
{
    net_response r = http(0, NULL, "");
    r.failure = f;
    r.error = error;
    r.request_sent = sent;
    return r;
}

static api_error_kind classify(const net_response *r, api_error *err)
{
    json_t *j = NULL;
    api_classify(r, err, &j);
    json_decref(j);
    return err->kind;
}

static void test_classify_success(void **state)
{
    (void)state;
    api_error err;
    json_t *j = NULL;
    net_response r = http(200, "application/json", "{\"meta\": {}, \"objects\": []}");
    api_classify(&r, &err, &j);
    assert_int_equal(err.kind, API_OK);
    assert_true(json_is_object(j));
    assert_string_equal(err.message, "");
    json_decref(j);

    r = http(202, NULL, "  ");
    api_classify(&r, &err, &j);
    assert_int_equal(err.kind, API_OK);
    assert_null(j);
}

static void test_classify_bad_bodies(void **state)
{
    (void)state;
    api_error err;
    net_response r = http(200, "text/html; charset=utf-8", "<html><body>Sign in</body></html>");
    assert_int_equal(classify(&r, &err), API_ERR_HTML);
    assert_string_equal(err.message, "the server answered an HTML page, not JSON: SSO or a proxy "
                                     "login may be in the way");
    /* HTML without a content type is still HTML. */
    r = http(200, NULL, "\n  <!DOCTYPE html><html>");
    assert_int_equal(classify(&r, &err), API_ERR_HTML);

    r = http(200, "application/json", "{\"objects\": [1, 2");
    assert_int_equal(classify(&r, &err), API_ERR_BAD_JSON);
    assert_non_null(strstr(err.message, "malformed JSON"));

    r = http(302, "text/html", "");
    assert_int_equal(classify(&r, &err), API_ERR_HTML);
    assert_non_null(strstr(err.message, "SSO"));
}

static void test_classify_http_errors(void **state)
{
    (void)state;
    api_error err;
    net_response r = http(401, NULL, "");
    assert_int_equal(classify(&r, &err), API_ERR_AUTH);
    assert_string_equal(err.message, "authentication failed: check user/password");
    assert_int_equal(err.http_status, 401);

    r = http(403, "application/json", "{\"detail\": \"no rights\"}");
    assert_int_equal(classify(&r, &err), API_ERR_FORBIDDEN);
    assert_non_null(strstr(err.message, "no rights"));

    r = http(404, "text/html", "<h1>Not Found</h1>");
    assert_int_equal(classify(&r, &err), API_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "/api/admin/status/v1/conference/"));

    r = http(429, NULL, "");
    r.retry_after = 7;
    assert_int_equal(classify(&r, &err), API_ERR_RATE_LIMITED);
    assert_non_null(strstr(err.message, "retry after 7 s"));

    r = http(500, "application/json", "{\"error_message\": \"database \\u001b[31mlocked\"}");
    assert_int_equal(classify(&r, &err), API_ERR_SERVER);
    assert_non_null(strstr(err.message, "HTTP 500"));
    assert_non_null(strstr(err.message, "database locked")); /* escape sequence removed */
    assert_null(strchr(err.message, '\033'));

    r = http(503, "text/html", "<html>Service Unavailable</html>");
    assert_int_equal(classify(&r, &err), API_ERR_SERVER);
    assert_string_equal(err.message, "server error (HTTP 503)");

    r = http(400, "application/json",
             "{\"participant_dial\": {\"destination\": [\"This field is required.\"]}}");
    assert_int_equal(classify(&r, &err), API_ERR_BAD_REQUEST);
    assert_string_equal(err.message, "request refused (HTTP 400): destination: This field is "
                                     "required.");

    r = http(400, "application/json", "{\"error\": \"No matching 'x' field for ordering\"}");
    assert_int_equal(classify(&r, &err), API_ERR_BAD_REQUEST);
    assert_non_null(strstr(err.message, "No matching 'x' field"));
}

static void test_classify_transport(void **state)
{
    (void)state;
    api_error err;
    net_response r = transport(NET_FAIL_DNS, "Could not resolve host: x.invalid", false);
    assert_int_equal(classify(&r, &err), API_ERR_DNS);
    assert_non_null(strstr(err.message, "x.invalid"));

    r = transport(NET_FAIL_CONNECT, "Failed to connect", false);
    assert_int_equal(classify(&r, &err), API_ERR_CONNECT);

    r = transport(NET_FAIL_TLS, "SSL certificate problem: self-signed certificate", false);
    assert_int_equal(classify(&r, &err), API_ERR_TLS);
    assert_non_null(strstr(err.message, "certificate"));
    assert_non_null(strstr(err.message, "--ca-file"));

    r = transport(NET_FAIL_TIMEOUT, "Operation timed out after 1000 milliseconds", true);
    assert_int_equal(classify(&r, &err), API_ERR_TIMEOUT);

    r = transport(NET_FAIL_DROPPED, "Empty reply from server", true);
    assert_int_equal(classify(&r, &err), API_ERR_NETWORK);

    r = transport(NET_FAIL_TRUNCATED, "transfer closed", true);
    assert_int_equal(classify(&r, &err), API_ERR_BAD_JSON);
    assert_non_null(strstr(err.message, "truncated"));

    r = transport(NET_FAIL_TOO_LARGE, "response body larger than 1024 bytes", true);
    assert_int_equal(classify(&r, &err), API_ERR_TOO_LARGE);

    assert_int_equal(net_failure_from_curl(CURLE_COULDNT_RESOLVE_HOST), NET_FAIL_DNS);
    assert_int_equal(net_failure_from_curl(CURLE_COULDNT_CONNECT), NET_FAIL_CONNECT);
    assert_int_equal(net_failure_from_curl(CURLE_PEER_FAILED_VERIFICATION), NET_FAIL_TLS);
    assert_int_equal(net_failure_from_curl(CURLE_SSL_CONNECT_ERROR), NET_FAIL_TLS);
    assert_int_equal(net_failure_from_curl(CURLE_OPERATION_TIMEDOUT), NET_FAIL_TIMEOUT);
    assert_int_equal(net_failure_from_curl(CURLE_GOT_NOTHING), NET_FAIL_DROPPED);
    assert_int_equal(net_failure_from_curl(CURLE_PARTIAL_FILE), NET_FAIL_TRUNCATED);
    assert_int_equal(net_failure_from_curl(CURLE_OK), NET_OK);

    assert_string_equal(api_error_kind_name(API_ERR_BAD_JSON), "BAD_JSON");
    assert_string_equal(api_error_kind_name(API_OK), "OK");
}

static void test_retry_policy(void **state)
{
    (void)state;
    assert_true(api_error_retryable(API_ERR_SERVER));
    assert_true(api_error_retryable(API_ERR_RATE_LIMITED));
    assert_true(api_error_retryable(API_ERR_TIMEOUT));
    assert_true(api_error_retryable(API_ERR_NETWORK));
    assert_false(api_error_retryable(API_ERR_AUTH));
    assert_false(api_error_retryable(API_ERR_NOT_FOUND));
    assert_false(api_error_retryable(API_ERR_BAD_REQUEST));
    assert_false(api_error_retryable(API_ERR_HTML));
    assert_false(api_error_retryable(API_ERR_TLS));
    assert_false(api_error_retryable(API_ERR_DNS));
    assert_false(api_error_retryable(API_ERR_TOO_LARGE));

    assert_true(api_retry_delay(0.5, 1, -1, 0.5) == 0.5);
    assert_true(api_retry_delay(0.5, 2, -1, 0.5) == 1.0);
    assert_true(api_retry_delay(0.5, 3, -1, 0.5) == 2.0);
    assert_true(api_retry_delay(0.5, 1, -1, 0.0) == 0.375); /* -25% */
    assert_true(api_retry_delay(0.5, 1, -1, 0.999) < 0.625);
    assert_true(api_retry_delay(0.5, 1, 3, 0.5) == 3.0); /* Retry-After wins */
}

/* ---- paging helpers ---- */

static void test_next_path(void **state)
{
    (void)state;
    json_t *meta = json_pack("{s:n}", "next");
    assert_null(api_next_path(meta));
    json_decref(meta);
    assert_null(api_next_path(NULL));
    meta = json_pack("{s:i}", "limit", 500); /* next absent */
    assert_null(api_next_path(meta));
    json_decref(meta);
    meta = json_pack("{s:s}", "next", "");
    assert_null(api_next_path(meta));
    json_decref(meta);
    meta = json_pack("{s:i}", "next", 7); /* wrong type */
    assert_null(api_next_path(meta));
    json_decref(meta);

    meta = json_pack("{s:s}", "next", "/api/admin/status/v1/participant/?limit=500&offset=500");
    char *n = api_next_path(meta);
    assert_string_equal(n, "/api/admin/status/v1/participant/?limit=500&offset=500");
    free(n);
    json_decref(meta);

    meta = json_pack("{s:s}", "next", "https://mgr.example.com/api/admin/x/?offset=20");
    n = api_next_path(meta);
    assert_string_equal(n, "/api/admin/x/?offset=20");
    free(n);
    json_decref(meta);
}

/* ---- command answers ---- */

static void test_command_parse(void **state)
{
    (void)state;
    api_command_result res = {0};
    net_response r = http(202, "application/json",
                          "{\"status\": \"success\", \"message\": null, \"data\": "
                          "{\"participant_id\": \"p1\", \"participant_ids\": [\"p1\"]}}");
    r.method = NET_POST;
    api_command_parse(&r, &res);
    assert_true(res.accepted);
    assert_false(res.unknown_outcome);
    assert_int_equal(res.http_status, 202);
    assert_int_equal(res.error.kind, API_OK);
    assert_string_equal(json_string_value(json_object_get(res.data, "participant_id")), "p1");
    json_decref(res.body);

    r = http(200, "application/json",
             "{\"status\": \"error\", \"message\": \"No such participant\"}");
    api_command_parse(&r, &res);
    assert_false(res.accepted);
    assert_string_equal(res.message, "No such participant");
    assert_int_equal(res.error.kind, API_ERR_BAD_REQUEST);
    json_decref(res.body);

    r = http(400, "application/json",
             "{\"participant_transfer\": {\"conference_alias\": [\"This field is required.\"], "
             "\"role\": [\"Select a valid choice.\"]}}");
    api_command_parse(&r, &res);
    assert_false(res.accepted);
    assert_string_equal(res.message, "conference_alias: This field is required.; role: Select a "
                                     "valid choice.");
    assert_false(res.target_gone);
    json_decref(res.body);

    /* What a node answers for a participant or conference that just left. */
    r = http(400, "application/json",
             "{\"participant_mute\": {\"participant_id\": [\"Failed to find participant.\"]}}");
    api_command_parse(&r, &res);
    assert_false(res.accepted);
    assert_true(res.target_gone);
    assert_string_equal(res.message, "participant_id: Failed to find participant.");
    json_decref(res.body);
    r = http(400, "application/json",
             "{\"conference_lock\": {\"conference_id\": [\"Failed to find conference.\"]}}");
    api_command_parse(&r, &res);
    assert_true(res.target_gone);
    json_decref(res.body);
    r = http(404, "text/html", "");
    api_command_parse(&r, &res);
    assert_true(res.target_gone);
    json_decref(res.body);

    r = http(200, "text/html", "<html>login</html>");
    api_command_parse(&r, &res);
    assert_false(res.accepted);
    assert_false(res.unknown_outcome);
    assert_int_equal(res.error.kind, API_ERR_HTML);
    json_decref(res.body);

    r = transport(NET_FAIL_TIMEOUT, "Operation timed out", true);
    api_command_parse(&r, &res);
    assert_false(res.accepted);
    assert_true(res.unknown_outcome);
    assert_non_null(strstr(res.message, "outcome unknown"));

    r = transport(NET_FAIL_DROPPED, "Empty reply from server", true);
    api_command_parse(&r, &res);
    assert_true(res.unknown_outcome);

    r = transport(NET_FAIL_CONNECT, "Connection refused", false);
    api_command_parse(&r, &res);
    assert_false(res.unknown_outcome); /* never reached the server */
    assert_int_equal(res.error.kind, API_ERR_CONNECT);
}

static void test_server_message(void **state)
{
    (void)state;
    char buf[128];
    json_t *j = json_pack("{s:s}", "error", "bad\nthing\r\n");
    assert_true(api_server_message(j, buf, sizeof buf));
    assert_string_equal(buf, "bad thing");
    json_decref(j);
    j = json_pack("{s:s, s:n}", "status", "success", "message");
    assert_false(api_server_message(j, buf, sizeof buf));
    assert_string_equal(buf, "");
    json_decref(j);
    assert_false(api_server_message(NULL, buf, sizeof buf));
    j = json_pack("{s:[s]}", "__all__", "Conference is locked");
    assert_true(api_server_message(j, buf, sizeof buf));
    assert_string_equal(buf, "Conference is locked");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join_url),
        cmocka_unit_test(test_list_path_and_params),
        cmocka_unit_test(test_command_body),
        cmocka_unit_test(test_classify_success),
        cmocka_unit_test(test_classify_bad_bodies),
        cmocka_unit_test(test_classify_http_errors),
        cmocka_unit_test(test_classify_transport),
        cmocka_unit_test(test_retry_policy),
        cmocka_unit_test(test_next_path),
        cmocka_unit_test(test_command_parse),
        cmocka_unit_test(test_server_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
