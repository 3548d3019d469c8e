/* Node IP -> name map and history record helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model_test_util.h"

#include "model/history.h"
#include "model/nodes.h"

static void test_node_map(void **state)
{
    (void)state;
    node_map *m = node_map_new();
    json_t *cfg =
        parse("[{\"address\":\"10.0.0.1\",\"name\":\"lon-1\"},"
              " {\"address\":\"10.0.0.2\",\"name\":\"lon-2\",\"ipv6_address\":\"fd00::2\"},"
              " {\"address\":\"10.0.0.3\"}, {\"name\":\"no-address\"}, 5, null,"
              " {\"address\":7,\"name\":\"numeric\"},"
              " {\"address\":\"10.0.0.1\",\"name\":\"duplicate\"}]");
    assert_int_equal(node_map_load(m, cfg), 3);
    json_decref(cfg);
    assert_string_equal(node_map_name(m, "10.0.0.1"), "lon-1");
    assert_string_equal(node_map_name(m, "10.0.0.2"), "lon-2");
    assert_string_equal(node_map_name(m, "fd00::2"), "lon-2");
    assert_null(node_map_name(m, "10.0.0.3"));
    assert_null(node_map_name(m, NULL));
    assert_string_equal(node_map_label(m, "10.9.9.9"), "10.9.9.9");
    assert_string_equal(node_map_label(m, NULL), "");
    assert_string_equal(node_map_label(NULL, "10.0.0.1"), "10.0.0.1");

    /* Reloading replaces the map. */
    cfg = parse("[{\"address\":\"10.0.0.9\",\"name\":\"new\"}]");
    assert_int_equal(node_map_load(m, cfg), 1);
    json_decref(cfg);
    assert_null(node_map_name(m, "10.0.0.1"));
    assert_string_equal(node_map_name(m, "10.0.0.9"), "new");
    assert_int_equal(node_map_load(m, NULL), 0);
    assert_int_equal(node_map_count(m), 0);
    node_map_free(m);
}

static void test_uri_id(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(history_uri_id("/api/admin/history/v1/conference/abc-1/", buf, sizeof buf),
                        "abc-1");
    assert_string_equal(history_uri_id("/api/admin/history/v1/conference/42", buf, sizeof buf),
                        "42");
    assert_string_equal(history_uri_id("plain", buf, sizeof buf), "plain");
    assert_string_equal(history_uri_id("///", buf, sizeof buf), "");
    assert_string_equal(history_uri_id(NULL, buf, sizeof buf), "");
    assert_string_equal(history_uri_id("/x/0123456789/", buf, 5), "0123");
}

static void test_history_participant(void **state)
{
    (void)state;
    json_t *p =
        parse("{\"conference\":\"/api/admin/history/v1/conference/c-9/\","
              " \"call_quality\":\"0_unknown\", \"duration\":null,"
              " \"start_time\":\"2021-03-12T14:00:00\", \"end_time\":\"2021-03-12T15:02:03\","
              " \"media_streams\":[{\"id\":1,\"stream_type\":\"audio\",\"rx_packet_loss\":0.1},"
              "   {\"id\":2,\"stream_type\":\"video\",\"tx_packet_loss\":4.0}, 7]}");
    char buf[64];
    assert_string_equal(history_participant_conference_id(p, buf, sizeof buf), "c-9");
    assert_int_equal(json_array_size(history_participant_streams(p)), 3);
    /* Recorded quality unknown: the worst stream decides (4% loss: bad). */
    assert_int_equal(history_participant_quality(p), QUALITY_BAD);
    double secs;
    assert_true(history_duration(p, &secs));
    assert_true(secs == 3723);
    assert_string_equal(history_duration_text(p, buf, sizeof buf), "1:02:03");
    json_decref(p);

    p = parse("{\"conference\":null,\"call_quality\":\"2_ok\",\"duration\":65,"
              " \"media_streams\":\"not a list\"}");
    assert_string_equal(history_participant_conference_id(p, buf, sizeof buf), "");
    assert_null(history_participant_streams(p));
    assert_int_equal(history_participant_quality(p), QUALITY_OK);
    assert_true(history_duration(p, &secs) && secs == 65);
    json_decref(p);

    p = parse("{\"start_time\":\"2021-03-12T15:00:00\",\"end_time\":\"2021-03-12T14:00:00\"}");
    assert_false(history_duration(p, &secs));
    assert_string_equal(history_duration_text(p, buf, sizeof buf), "");
    assert_int_equal(history_participant_quality(p), QUALITY_UNKNOWN);
    json_decref(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_node_map),
        cmocka_unit_test(test_uri_id),
        cmocka_unit_test(test_history_participant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
