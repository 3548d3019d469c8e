/* What recorded answers of real Management Nodes do that pexsim did not:
 * legs linked by parent_id (2015 nodes), "None" strings, participants whose
 * conference has no instance, transient stages, v24 worker_vm words and
 * fields. Each case here failed on the code before it was handled. */
#include "model_test_util.h"

#include <stdlib.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "model/model.h"

/* A 2015 WebRTC call: signalling leg (no media) and media leg whose
 * parent_id is the signalling leg; no conversation_id anywhere. */
static const char legs_2015[] =
    "[{\"id\": \"sig\", \"display_name\": \"Alice\", \"conference\": \"Room\","
    "  \"has_media\": false, \"source_alias\": \"Infinity_Connect_10.0.0.9\","
    "  \"connect_time\": \"2015-04-02T09:46:06.106482\"},"
    " {\"id\": \"bob\", \"display_name\": \"Bob\", \"conference\": \"Room\", \"has_media\": true},"
    " {\"id\": \"med\", \"display_name\": \"Alice\", \"conference\": \"Room\","
    "  \"has_media\": true, \"parent_id\": \"sig\","
    "  \"connect_time\": \"2015-04-02T09:46:07\"}]";

static void test_legs_by_parent_id(void **state)
{
    (void)state;
    json_t *list = parse(legs_2015);
    json_t *sig = json_array_get(list, 0), *bob = json_array_get(list, 1),
           *med = json_array_get(list, 2);
    assert_string_equal(participant_person_key(sig), "sig");
    assert_string_equal(participant_person_key(med), "sig");
    assert_true(participant_same_person(sig, med));
    assert_false(participant_same_person(sig, bob));
    /* The signalling leg is the primary one (commands), not the child. */
    assert_true(participant_leg_compare(sig, med) < 0);

    /* conversation_id wins when present; "None" is no parent. */
    json_t *cur = parse("[{\"id\": \"a\", \"conversation_id\": \"c1\", \"parent_id\": \"x\"},"
                        " {\"id\": \"b\", \"conversation_id\": \"c1\"},"
                        " {\"id\": \"n\", \"parent_id\": \"None\"}]");
    assert_true(participant_same_person(json_array_get(cur, 0), json_array_get(cur, 1)));
    assert_string_equal(participant_person_key(json_array_get(cur, 2)), "n");
    json_decref(cur);
    json_decref(list);

    /* A view groups the two legs (primary first) and counts one person. */
    model_table *t = table_from(legs_2015);
    model_view v;
    model_view_init(&v);
    model_view_build(&v, t, NULL, NULL, true);
    model_view_group_legs(&v);
    assert_string_equal(ids(&v), "sig,med,bob");
    assert_int_equal(model_view_person_end(&v, 0), 2);
    bool first[3];
    participant_first_legs(t, first);
    size_t people = 0;
    for (size_t i = 0; i < 3; i++)
        people += first[i];
    assert_int_equal(people, 2);
    conference_summary sum;
    conference_summary_of(t, "Room", &sum);
    assert_int_equal(sum.legs, 3);
    assert_int_equal(sum.people, 2);
    model_view_free(&v);
    model_table_free(t);
}

static void test_none_strings(void **state)
{
    (void)state;
    json_t *p = parse("{\"proxy_node\": \"None\", \"media_node\": \"None\", \"rx_resolution\":"
                      " \"None\", \"display_name\": \"None\", \"signalling_node\": \"10.0.0.3\"}");
    char buf[64];
    assert_null(jget_str(p, "proxy_node"));
    assert_string_equal(jget_text(p, "media_node", buf, sizeof buf), "");
    assert_string_equal(jget_text(p, "rx_resolution", buf, sizeof buf), "");
    /* Free text keeps what somebody typed. */
    assert_string_equal(jget_str(p, "display_name"), "None");
    assert_string_equal(jget_str(p, "signalling_node"), "10.0.0.3");
    json_decref(p);
}

static void test_stages(void **state)
{
    (void)state;
    json_t *l = parse("[{\"service_type\": \"waiting_room\"}, {\"service_type\":"
                      " \"invalid_license_screen\"}, {\"service_type\": \"ivr\"},"
                      " {\"service_type\": \"conference\"}, {\"service_type\": \"lecture\","
                      "  \"is_on_hold\": true}, {\"service_type\": \"some_new_stage\"}, {}]");
    bool warn;
    assert_string_equal(participant_stage(json_array_get(l, 0), &warn), "waiting");
    assert_false(warn);
    assert_string_equal(participant_stage(json_array_get(l, 1), &warn), "no licence");
    assert_true(warn);
    assert_string_equal(participant_stage(json_array_get(l, 2), &warn), "ivr");
    assert_null(participant_stage(json_array_get(l, 3), &warn));
    assert_string_equal(participant_stage(json_array_get(l, 4), &warn), "on hold");
    assert_string_equal(participant_stage(json_array_get(l, 5), NULL), "some_new_stage");
    assert_null(participant_stage(json_array_get(l, 6), NULL));

    /* Who can be admitted. */
    assert_true(participant_is_waiting(json_array_get(l, 0)));
    assert_false(participant_is_waiting(json_array_get(l, 1)));
    assert_false(participant_is_waiting(json_array_get(l, 3)));
    assert_true(participant_is_waiting(json_array_get(l, 4)));
    assert_true(participant_is_waiting(json_array_get(l, 6))); /* the server decides */
    json_decref(l);
}

static void test_v24_nodes(void **state)
{
    (void)state;
    assert_int_equal(node_status_health("deploy_succeeded"), NODE_HEALTH_OK);
    assert_string_equal(node_status_text("deploy_succeeded"), "succeeded");
    assert_int_equal(node_status_health("SYNCED"), NODE_HEALTH_OK);
    assert_int_equal(node_status_health("deploy_failed"), NODE_HEALTH_BAD);
    assert_int_equal(node_status_health("SYNC_ERROR"), NODE_HEALTH_BAD);
    /* A word nobody told us about is neutral, not an alarm. */
    assert_int_equal(node_status_health("BOOTING_UP"), NODE_HEALTH_NEUTRAL);
    assert_string_equal(node_status_text("BOOTING_UP"), "BOOTING_UP");

    json_t *v24 = parse("{\"last_reported\": \"2020-06-01T10:00:00\","
                        " \"last_updated\": \"2020-06-01T09:00:00\"}");
    assert_string_equal(node_last_contact_field(v24), "last_reported");
    json_t *cur = parse("{\"last_attempted_contact\": \"2024-01-01T00:00:00\","
                        " \"last_reported\": \"2020-06-01T10:00:00\"}");
    assert_string_equal(node_last_contact_field(cur), "last_attempted_contact");
    json_t *upd = parse("{\"last_attempted_contact\": null, \"last_updated\": \"2020-06-01\"}");
    assert_string_equal(node_last_contact_field(upd), "last_updated");
    json_t *none = parse("{}");
    assert_null(node_last_contact_field(none));
    json_decref(v24);
    json_decref(cur);
    json_decref(upd);
    json_decref(none);

    /* Versions order as people read them. */
    assert_true(node_version_key("24 (55691.0.0)") < node_version_key("24 (55700.0.0)"));
    assert_true(node_version_key("24 (55691.0.0)") < node_version_key("25.1 (1.0.0)"));
    assert_true(node_version_key("9.4") < node_version_key("24"));
    assert_true(node_version_key("36.2") < node_version_key("36.10"));
    assert_true(node_version_key("v35.2 (74810.0.0)") > node_version_key("35.1"));
    assert_true(node_version_key("") < 0);
    assert_true(node_version_key(NULL) < 0);
}

static void test_conferences_without_instance(void **state)
{
    (void)state;
    model *m = model_new();
    assert_non_null(m);
    json_t *confs = parse("[{\"id\": \"c1\", \"name\": \"Room\"}]");
    json_t *parts = parse("[{\"id\": \"p1\", \"conference\": \"Room\"},"
                          " {\"id\": \"p2\", \"conference\": \"Lobby\","
                          "  \"service_type\": \"waiting_room\"},"
                          " {\"id\": \"p3\", \"conference\": \"Lobby\","
                          "  \"service_type\": \"waiting_room\"},"
                          " {\"id\": \"p4\", \"conference\": \"Town Hall\","
                          "  \"service_type\": \"invalid_license_screen\"}]");
    /* Conferences first, participants later: the rows follow. */
    assert_true(model_apply_conferences(m, confs, 10, true));
    assert_int_equal(model_table_count(model_get(m, MT_CONFERENCES)), 1);
    assert_true(model_apply(m, MT_ALL_PARTICIPANTS, parts, 11, NULL));
    model_participants_changed(m, 11);
    const model_table *t = model_get(m, MT_CONFERENCES);
    assert_int_equal(model_table_live_count(t), 3);
    assert_int_equal(m->conferences_without_instance, 2);
    const model_row *lobby = model_table_find(t, "no-instance:Lobby");
    assert_non_null(lobby);
    assert_false(model_conference_has_instance(lobby->obj));
    assert_string_equal(jget_str(lobby->obj, "name"), "Lobby");
    assert_string_equal(jget_str(lobby->obj, "service_type"), "waiting_room");
    assert_true(model_conference_has_instance(model_table_find(t, "c1")->obj));
    /* The listing's own age is kept by a participants refresh. */
    assert_true(model_age(m, MT_CONFERENCES, 12) >= 2 - 1e-9);

    /* Admitted: the conference has an instance now; its made row goes. */
    json_t *confs2 = parse("[{\"id\": \"c1\", \"name\": \"Room\"}, {\"id\": \"c2\", \"name\":"
                           " \"Lobby\"}]");
    assert_true(model_apply_conferences(m, confs2, 13, true));
    assert_null(model_table_find(t, "no-instance:Lobby"));
    assert_non_null(model_table_find(t, "c2"));
    assert_int_equal(m->conferences_without_instance, 1);
    json_decref(confs);
    json_decref(confs2);
    json_decref(parts);
    model_free(m);
}

/* Sorting a field whose type varies between rows (a number, a numeric
 * string, text, a boolean, a date) is a total order: never a < b < c < a. */
static void test_mixed_types_sort_transitively(void **state)
{
    (void)state;
    json_t *l = parse("[{\"v\": 10}, {\"v\": \"9\"}, {\"v\": \"abc\"}, {\"v\": true},"
                      " {\"v\": \"2024-01-01T00:00:00\"}, {\"v\": \"Abd\"}, {\"v\": 2.5}]");
    size_t n = json_array_size(l);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t k = 0; k < n; k++) {
                const json_t *a = json_array_get(l, i), *b = json_array_get(l, j),
                             *c = json_array_get(l, k);
                if (model_value_compare(a, b, "v") < 0 && model_value_compare(b, c, "v") < 0)
                    assert_true(model_value_compare(a, c, "v") < 0);
                assert_int_equal(model_value_compare(a, b, "v") < 0,
                                 model_value_compare(b, a, "v") > 0);
            }
    /* Numbers by value, numeric strings among them. */
    assert_true(model_value_compare(json_array_get(l, 1), json_array_get(l, 0), "v") < 0);
    json_decref(l);
}

static void test_plural(void **state)
{
    (void)state;
    assert_string_equal(text_plural(1, "leg", "legs"), "leg");
    assert_string_equal(text_plural(0, "leg", "legs"), "legs");
    assert_string_equal(text_plural(2, "conference", "conferences"), "conferences");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legs_by_parent_id),
        cmocka_unit_test(test_none_strings),
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_v24_nodes),
        cmocka_unit_test(test_conferences_without_instance),
        cmocka_unit_test(test_mixed_types_sort_transitively),
        cmocka_unit_test(test_plural),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
