/* Unit tests of the model helpers behind the platform views: licensing
 * rows per kind, alarm levels, the union of two listings, the live-call
 * ranking, worst stream figures, node addresses, history windows and
 * times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "common/timeutil.h"
#include "model/model.h"

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    assert_non_null(j);
    return j;
}

static void test_licensing_kinds(void **state)
{
    (void)state;
    json_t *list = parse("[{\"vmr_count\": 9, \"vmr_total\": 100, \"port_count\": 5,"
                         " \"port_total\": 50, \"zz_count\": \"3\", \"zz_total\": null,"
                         " \"customlayouts_active\": true, \"odd\": [1],"
                         " \"teams_count\": \"x\", \"teams_total\": 50}]");
    json_t *kinds = licensing_kinds(list);
    assert_non_null(kinds);
    /* Known kinds first in a fixed order (port before vmr), then features,
     * then unknown ones; a non-number is left out, the kind kept. */
    const char *want[] = {"port", "vmr", "teams", "customlayouts", "zz"};
    assert_int_equal(json_array_size(kinds), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(kinds, i), "id")),
                            want[i]);
    json_t *port = json_array_get(kinds, 0);
    assert_string_equal(json_string_value(json_object_get(port, "label")), "Ports (video calls)");
    assert_int_equal(json_integer_value(json_object_get(port, "count")), 5);
    assert_int_equal(json_integer_value(json_object_get(port, "total")), 50);
    json_t *teams = json_array_get(kinds, 2);
    assert_null(json_object_get(teams, "count"));
    assert_int_equal(json_integer_value(json_object_get(teams, "total")), 50);
    assert_true(json_is_true(json_object_get(json_array_get(kinds, 3), "active")));
    json_t *zz = json_array_get(kinds, 4);
    assert_int_equal(json_integer_value(json_object_get(zz, "count")), 3);
    assert_null(json_object_get(zz, "total"));
    json_decref(kinds);
    json_decref(list);

    /* Nothing usable: an empty list, never NULL. */
    json_t *empty = parse("[]");
    kinds = licensing_kinds(empty);
    assert_int_equal(json_array_size(kinds), 0);
    json_decref(kinds);
    kinds = licensing_kinds(NULL);
    assert_int_equal(json_array_size(kinds), 0);
    json_decref(kinds);
    json_decref(empty);
}

static void test_alarm_levels(void **state)
{
    (void)state;
    assert_int_equal(alarm_level_parse("critical"), ALARM_CRITICAL);
    assert_int_equal(alarm_level_parse("ERROR"), ALARM_ERROR);
    assert_int_equal(alarm_level_parse("Warning"), ALARM_WARNING);
    assert_int_equal(alarm_level_parse("info"), ALARM_INFO);
    assert_int_equal(alarm_level_parse("bogus"), ALARM_UNKNOWN);
    assert_int_equal(alarm_level_parse(NULL), ALARM_UNKNOWN);
    assert_true(ALARM_CRITICAL > ALARM_ERROR && ALARM_ERROR > ALARM_WARNING);
    assert_string_equal(alarm_level_label(ALARM_WARNING), "warning");
    assert_string_equal(alarm_level_label((alarm_level)42), "unknown");
}

static void test_union_by_id(void **state)
{
    (void)state;
    json_t *a = parse("[{\"id\": \"1\"}, {\"id\": 2}, {\"x\": 1}]");
    json_t *b = parse("[{\"id\": 2, \"v\": \"later\"}, {\"id\": \"3\"}, {\"x\": 2}, 7]");
    /* id 2 is kept once (the first copy), objects without an id are kept. */
    assert_int_equal(json_union_by_id(a, b), 3);
    assert_int_equal(json_array_size(a), 6);
    assert_null(json_object_get(json_array_get(a, 1), "v"));
    assert_int_equal(json_union_by_id(a, NULL), 0);
    json_decref(a);
    json_decref(b);
}

static void test_rank_and_streams(void **state)
{
    (void)state;
    /* Quality dominates, then loss, then jitter. */
    assert_true(quality_rank_score(QUALITY_BAD, 0, 0) > quality_rank_score(QUALITY_OK, 100, 999));
    assert_true(quality_rank_score(QUALITY_OK, 2, 0) > quality_rank_score(QUALITY_OK, 1, 900));
    assert_true(quality_rank_score(QUALITY_OK, 1, 50) > quality_rank_score(QUALITY_OK, 1, 5));
    assert_true(quality_rank_score(QUALITY_GOOD, -1, -1) == quality_rank_score(QUALITY_GOOD, 0, 0));

    json_t *streams = parse("[{\"rx_windowed_packet_loss\": 0.5, \"tx_windowed_packet_loss\": "
                            "\"4.5\", \"rx_jitter\": 12, \"rx_packet_loss\": 30},"
                            " {\"rx_packet_loss\": 2.0, \"tx_jitter\": 61.5}, {}, 3]");
    double loss, jitter;
    streams_worst_loss_jitter(streams, &loss, &jitter);
    /* Windowed loss wins over the cumulative figure of the same stream. */
    assert_true(loss > 4.49 && loss < 4.51);
    assert_true(jitter > 61.4 && jitter < 61.6);
    streams_worst_loss_jitter(NULL, &loss, &jitter);
    assert_true(loss < 0 && jitter < 0);
    json_decref(streams);
}

static void test_node_address(void **state)
{
    (void)state;
    model *m = model_new();
    json_t *cfg = parse("[{\"id\": 1, \"name\": \"lon-cn-01\", \"address\": \"10.40.0.10\"},"
                        " {\"id\": 7, \"name\": \"osl-cn-01\", \"address\": \"10.41.0.10\"}]");
    assert_true(model_apply(m, MT_NODE_CONFIG, cfg, 1.0, NULL));
    json_t *by_id = parse("{\"name\": \"renamed\", \"configuration_id\": 7}");
    json_t *by_name = parse("{\"name\": \"lon-cn-01\"}");
    json_t *unknown = parse("{\"name\": \"nowhere\", \"configuration_id\": \"x\"}");
    assert_string_equal(model_node_address(m, by_id), "10.41.0.10");
    assert_string_equal(model_node_address(m, by_name), "10.40.0.10");
    assert_null(model_node_address(m, unknown));
    assert_null(model_node_address(m, NULL));
    json_decref(by_id);
    json_decref(by_name);
    json_decref(unknown);
    json_decref(cfg);
    model_free(m);
}

static void test_history_windows(void **state)
{
    (void)state;
    double s, t;
    assert_true(history_parse_window("90s", &s) && s == 90);
    assert_true(history_parse_window("30m", &s) && s == 1800);
    assert_true(history_parse_window("2h", &s) && s == 7200);
    assert_true(history_parse_window("1.5d", &s) && s == 1.5 * 86400);
    assert_false(history_parse_window("2", &s));
    assert_false(history_parse_window("h", &s));
    assert_false(history_parse_window("-2h", &s));
    assert_false(history_parse_window("2hours", &s));
    assert_false(history_parse_window(NULL, &s));

    double now;
    assert_true(time_parse_utc("2024-05-01T10:30:00", &now));
    assert_true(history_parse_time("2h", now, &t) && t == now - 7200);
    double want;
    assert_true(time_parse_utc("2024-05-01T08:15:00", &want));
    assert_true(history_parse_time("08:15", now, &t) && t == want);
    assert_true(time_parse_utc("2024-04-30T23:00:00", &want));
    assert_true(history_parse_time("2024-04-30T23:00:00", now, &t) && t == want);
    assert_false(history_parse_time("25:00", now, &t));
    assert_false(history_parse_time("yesterday", now, &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_licensing_kinds), cmocka_unit_test(test_alarm_levels),
        cmocka_unit_test(test_union_by_id),     cmocka_unit_test(test_rank_and_streams),
        cmocka_unit_test(test_node_address),    cmocka_unit_test(test_history_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
