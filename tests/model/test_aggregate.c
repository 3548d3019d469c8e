/* The console's model aggregate: freshness, scopes, node labels. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model_test_util.h"

#include "model/model.h"

#include <string.h>

static void test_age_and_errors_keep_data(void **state)
{
    (void)state;
    model *m = model_new();
    assert_non_null(m);
    assert_true(model_age(m, MT_CONFERENCES, 100) < 0);
    json_t *list = parse("[{\"id\":\"c1\",\"name\":\"VMR\"}]");
    assert_true(model_apply(m, MT_CONFERENCES, list, 100, NULL));
    json_decref(list);
    assert_true(model_age(m, MT_CONFERENCES, 112) == 12);
    assert_null(model_last_error(m, MT_CONFERENCES));

    /* A failure keeps the rows and the age grows; the message is sanitized. */
    model_note_error(m, MT_CONFERENCES, "timed out\x1b[2J", 114);
    assert_string_equal(model_last_error(m, MT_CONFERENCES), "timed out");
    assert_int_equal(m->fresh[MT_CONFERENCES].failures, 1);
    assert_int_equal(model_table_count(model_get(m, MT_CONFERENCES)), 1);
    assert_true(model_age(m, MT_CONFERENCES, 120) == 20);

    /* Not a list: recorded as an error, data kept. */
    json_t *obj = json_object();
    assert_false(model_apply(m, MT_CONFERENCES, obj, 121, NULL));
    json_decref(obj);
    assert_string_equal(model_last_error(m, MT_CONFERENCES), "unexpected response");
    assert_int_equal(model_table_count(model_get(m, MT_CONFERENCES)), 1);

    list = parse("[]");
    assert_true(model_apply(m, MT_CONFERENCES, list, 125, NULL));
    json_decref(list);
    assert_null(model_last_error(m, MT_CONFERENCES));
    assert_int_equal(m->fresh[MT_CONFERENCES].failures, 0);
    assert_int_equal(model_table_count(model_get(m, MT_CONFERENCES)), 0);
    model_free(m);
}

static void test_scopes_clear_tables(void **state)
{
    (void)state;
    model *m = model_new();
    json_t *list = parse("[{\"id\":\"p1\",\"conference\":\"A\"}]");
    model_scope_participants(m, "A");
    model_apply(m, MT_PARTICIPANTS, list, 1, NULL);
    model_scope_participants(m, "A"); /* same scope: kept */
    assert_int_equal(model_table_count(model_get(m, MT_PARTICIPANTS)), 1);
    model_scope_participants(m, "B");
    assert_int_equal(model_table_count(model_get(m, MT_PARTICIPANTS)), 0);
    assert_true(model_age(m, MT_PARTICIPANTS, 2) < 0);
    assert_string_equal(m->participants_conference, "B");
    model_scope_participants(m, NULL);
    assert_null(m->participants_conference);

    model_scope_streams(m, "p1");
    model_apply(m, MT_MEDIA_STREAMS, list, 1, NULL);
    model_scope_streams(m, "p2");
    assert_int_equal(model_table_count(model_get(m, MT_MEDIA_STREAMS)), 0);
    model_scope_history_participants(m, "h1");
    assert_string_equal(m->history_conference, "h1");
    json_decref(list);
    model_free(m);
}

static void test_node_config_feeds_labels(void **state)
{
    (void)state;
    model *m = model_new();
    assert_string_equal(model_node_label(m, "10.0.0.1"), "10.0.0.1");
    json_t *cfg = parse("[{\"id\":1,\"address\":\"10.0.0.1\",\"name\":\"lon-1\"}]");
    model_apply(m, MT_NODE_CONFIG, cfg, 1, NULL);
    json_decref(cfg);
    assert_string_equal(model_node_label(m, "10.0.0.1"), "lon-1");
    assert_string_equal(model_node_label(m, NULL), "");
    model_free(m);
}

static void test_names_keys_and_ghosts(void **state)
{
    (void)state;
    model *m = model_new();
    for (int i = 0; i < MT_COUNT; i++)
        assert_true(strcmp(model_table_name((model_table_id)i), "?") != 0);
    assert_string_equal(model_table_name(MT_COUNT), "?");
    assert_null(model_get(m, MT_COUNT));

    json_t *lic = parse("[{\"port_count\":3,\"port_total\":10}]");
    model_apply(m, MT_LICENSING, lic, 1, NULL);
    json_decref(lic);
    assert_int_equal(model_table_count(model_get(m, MT_LICENSING)), 1);

    json_t *cloud = parse("[{\"workervm_configuration_id\":3,\"media_load\":5}]");
    model_apply(m, MT_CLOUD_NODES, cloud, 1, NULL);
    json_decref(cloud);
    assert_non_null(model_table_find(model_get(m, MT_CLOUD_NODES), "3"));

    model_set_ghost_seconds(m, MT_CLOUD_NODES, 3);
    json_t *empty = json_array();
    model_apply(m, MT_CLOUD_NODES, empty, 2, NULL);
    json_decref(empty);
    assert_int_equal(model_table_count(model_get(m, MT_CLOUD_NODES)), 1);
    assert_false(model_expire(m, 4));
    assert_true(model_expire(m, 5));
    assert_int_equal(model_table_count(model_get(m, MT_CLOUD_NODES)), 0);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_age_and_errors_keep_data),
        cmocka_unit_test(test_scopes_clear_tables),
        cmocka_unit_test(test_node_config_feeds_labels),
        cmocka_unit_test(test_names_keys_and_ghosts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
