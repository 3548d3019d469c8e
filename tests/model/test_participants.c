/* Legs grouped into people, conference summaries, durations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common/jsonutil.h"
#include "model/model.h"
#include "model/participants.h"

#include <string.h>
#include "model_test_util.h"

/* Alice has three legs (x1 presentation-ish, x2 the call leg, x3 media),
 * Bob one, Carol a leg without conversation id. */
static const char *legs =
    "[{\"id\":\"x1\",\"conference\":\"VMR\",\"conversation_id\":\"A\",\"call_uuid\":\"p\","
    "  \"display_name\":\"Alice\",\"connect_time\":\"2021-01-01T10:00:05\",\"role\":\"chair\","
    "  \"call_quality\":\"1_good\"},"
    " {\"id\":\"b1\",\"conference\":\"VMR\",\"conversation_id\":\"B\",\"call_uuid\":\"B\","
    "  \"display_name\":\"Bob\",\"is_muted\":true,\"call_quality\":\"3_bad\",\"role\":\"guest\"},"
    " {\"id\":\"x3\",\"conference\":\"VMR\",\"conversation_id\":\"A\",\"call_uuid\":\"m\","
    "  \"has_media\":true,\"connect_time\":\"2021-01-01T10:00:09\",\"call_quality\":\"2_ok\"},"
    " {\"id\":\"c1\",\"conference\":\"VMR\",\"conversation_id\":\"\",\"display_name\":\"Carol\","
    "  \"is_presenting\":\"true\",\"call_quality\":\"0_unknown\"},"
    " {\"id\":\"x2\",\"conference\":\"VMR\",\"conversation_id\":\"A\",\"call_uuid\":\"A\","
    "  \"display_name\":\"Alice\",\"role\":\"chair\"},"
    " {\"id\":\"o1\",\"conference\":\"Other\",\"conversation_id\":\"A\",\"call_uuid\":\"A\","
    "  \"call_quality\":\"4_terrible\"},"
    " {\"id\":\"z1\",\"conference\":\"VMR\",\"conversation_id\":\"Z\",\"call_uuid\":\"z\"}]";

static void test_legs_grouped_primary_first(void **state)
{
    (void)state;
    model_table *t = table_from(legs);
    model_view v;
    model_view_init(&v);
    const char *fields[] = {"conference"};
    model_filter f = {"VMR", fields, 1};
    model_view_build(&v, t, &f, NULL, false);
    assert_string_equal(ids(&v), "x1,b1,x3,c1,x2,z1");
    model_view_group_legs(&v);
    /* Alice's group sits where her first leg was: call leg, then media, then
     * the rest; Bob, Carol and z1 keep their relative order. */
    assert_string_equal(ids(&v), "x2,x3,x1,b1,c1,z1");
    assert_int_equal(model_view_person_end(&v, 0), 3);
    assert_int_equal(model_view_person_end(&v, 3), 4);
    assert_int_equal(model_view_person_end(&v, 4), 5);
    assert_int_equal(model_view_person_end(&v, 5), 6);
    assert_int_equal(model_view_person_end(&v, 6), 6);
    model_view_free(&v);
    model_table_free(t);
}

static void test_legs_after_sort(void **state)
{
    (void)state;
    model_table *t = table_from(legs);
    model_view v;
    model_view_init(&v);
    model_sort s = {"id", true};
    model_view_build(&v, t, NULL, &s, false);
    assert_string_equal(ids(&v), "z1,x3,x2,x1,o1,c1,b1");
    model_view_group_legs(&v);
    /* o1 shares Alice's conversation id in another conference: same person. */
    assert_string_equal(ids(&v), "z1,x2,o1,x3,x1,c1,b1");
    model_view_free(&v);
    model_table_free(t);
}

/* WebRTC: a signalling leg (call_uuid == conversation_id, no media) and a
 * media leg naming it as parent_id; the parent is primary even when the
 * child connected first. */
static void test_parent_leg_is_primary(void **state)
{
    (void)state;
    model_table *t = table_from(
        "[{\"id\":\"m\",\"conversation_id\":\"W\",\"call_uuid\":\"m1\",\"has_media\":true,"
        "  \"parent_id\":\"s\",\"connect_time\":\"2021-01-01T10:00:00\"},"
        " {\"id\":\"s\",\"conversation_id\":\"W\",\"call_uuid\":\"x\",\"has_media\":false,"
        "  \"parent_id\":\"\",\"connect_time\":\"2021-01-01T10:00:01\"}]");
    model_view v;
    model_view_init(&v);
    model_view_build(&v, t, NULL, NULL, false);
    model_view_group_legs(&v);
    assert_string_equal(ids(&v), "s,m");
    assert_true(participant_leg_compare(v.rows[0]->obj, v.rows[1]->obj) < 0);
    model_view_free(&v);
    model_table_free(t);
}

static void test_same_person(void **state)
{
    (void)state;
    json_t *a = json_pack("{s:s}", "conversation_id", "q");
    json_t *b = json_pack("{s:s}", "conversation_id", "q");
    json_t *e = json_pack("{s:s}", "conversation_id", "");
    json_t *n = json_pack("{s:n}", "conversation_id");
    assert_true(participant_same_person(a, b));
    assert_false(participant_same_person(e, e));
    assert_false(participant_same_person(n, n));
    assert_false(participant_same_person(a, NULL));
    json_decref(a);
    json_decref(b);
    json_decref(e);
    json_decref(n);
}

static void test_conference_summary(void **state)
{
    (void)state;
    model_table *t = table_from(legs);
    conference_summary s;
    conference_summary_of(t, "VMR", &s);
    assert_int_equal(s.legs, 6);
    assert_int_equal(s.people, 4); /* Alice, Bob, Carol, Z */
    assert_int_equal(s.chairs, 2);
    assert_int_equal(s.muted, 1);
    assert_int_equal(s.presenting, 1);
    assert_int_equal(s.worst, QUALITY_BAD);
    conference_summary_of(t, "Other", &s);
    assert_int_equal(s.legs, 1);
    assert_int_equal(s.worst, QUALITY_TERRIBLE);
    conference_summary_of(t, "nobody", &s);
    assert_int_equal(s.legs, 0);
    assert_int_equal(s.worst, QUALITY_UNKNOWN);
    model_table_free(t);
}

static void test_durations(void **state)
{
    (void)state;
    json_t *p = json_pack("{s:s, s:s, s:i}", "start_time", "2021-03-12T14:47:45.106482",
                          "connect_time", "garbage", "n", 3);
    double now = 1615560465.106482 + 187; /* 2021-03-12T14:47:45.106482 + 3:07 */
    double secs;
    char buf[32];
    assert_true(model_elapsed(p, "start_time", now, &secs));
    assert_true(secs > 186.9 && secs < 187.1);
    assert_string_equal(model_duration_text(p, "start_time", now, buf, sizeof buf), "3:07");
    assert_false(model_elapsed(p, "connect_time", now, &secs));
    assert_string_equal(model_duration_text(p, "connect_time", now, buf, sizeof buf), "");
    assert_string_equal(model_duration_text(p, "n", now, buf, sizeof buf), "");
    assert_string_equal(model_duration_text(NULL, "n", now, buf, sizeof buf), "");
    json_decref(p);
}

/* The console keeps only the fields it reads, and one copy of the values
 * that repeat across participants; a merge into the participants table
 * stores them so. */
static void test_compact_participant(void **state)
{
    (void)state;
    model *m = model_new();
    json_t *a = parse("{\"id\":\"p1\",\"display_name\":\"Ann\",\"conference\":\"VMR\","
                      "\"role\":\"guest\",\"encryption\":\"On\",\"license_type\":\"hd\","
                      "\"is_muted\":false,\"media_node\":\"10.0.0.1\"}");
    json_t *b = parse("{\"id\":\"p2\",\"display_name\":\"Bo\",\"conference\":\"VMR\","
                      "\"role\":\"guest\",\"media_node\":\"10.0.0.1\"}");
    json_t *ca = model_compact_participant(m, a), *cb = model_compact_participant(m, b);
    assert_string_equal(jget_str(ca, "display_name"), "Ann");
    assert_int_equal(jget_bool(ca, "is_muted"), 0);
    assert_null(json_object_get(ca, "encryption"));
    assert_null(json_object_get(ca, "license_type"));
    assert_int_equal(json_object_size(ca), 6);
    assert_ptr_equal(json_object_get(ca, "conference"), json_object_get(cb, "conference"));
    assert_ptr_equal(json_object_get(ca, "media_node"), json_object_get(cb, "media_node"));
    json_t *page = json_array();
    json_array_append(page, a);
    model_merge *mg = model_merge_begin(m, MT_ALL_PARTICIPANTS, NULL, NULL);
    model_merge_page(m, mg, page, 1);
    model_merge_end(m, MT_ALL_PARTICIPANTS, mg, 1);
    const model_row *r = model_table_find(model_get(m, MT_ALL_PARTICIPANTS), "p1");
    assert_non_null(r);
    assert_null(json_object_get(r->obj, "encryption"));
    assert_ptr_equal(json_object_get(r->obj, "role"), json_object_get(cb, "role"));
    /* The hash of the compact form, known before building it: an unchanged
     * participant is not built again. */
    assert_true(r->hash == model_compact_hash(a));
    const json_t *kept = r->obj;
    mg = model_merge_begin(m, MT_ALL_PARTICIPANTS, NULL, NULL);
    assert_false(model_merge_page(m, mg, page, 2));
    assert_false(model_merge_end(m, MT_ALL_PARTICIPANTS, mg, 2));
    assert_ptr_equal(model_table_find(model_get(m, MT_ALL_PARTICIPANTS), "p1")->obj, kept);
    json_decref(page);
    json_decref(ca);
    json_decref(cb);
    json_decref(a);
    json_decref(b);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legs_grouped_primary_first), cmocka_unit_test(test_legs_after_sort),
        cmocka_unit_test(test_parent_leg_is_primary),      cmocka_unit_test(test_same_person),
        cmocka_unit_test(test_conference_summary),         cmocka_unit_test(test_durations),
        cmocka_unit_test(test_compact_participant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
