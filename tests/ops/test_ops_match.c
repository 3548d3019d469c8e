/* Unit tests of src/ops: the resolver's matching core (ids, names, the
 * legs rule, ambiguity) and the history presets' queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/timeutil.h"
#include "ops/history.h"
#include "ops/resolve.h"

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    assert_non_null(j);
    return j;
}

static ops_match_status match(const json_t *objects, const char *what, const ops_target_spec *s,
                              size_t *index, size_t *n)
{
    ops_match m;
    ops_resolve(objects, what, s, &m);
    *index = m.index;
    *n = m.nmatches;
    ops_match_free(&m);
    return m.status;
}

static void test_ids_and_names(void **state)
{
    (void)state;
    json_t *o =
        parse("[{\"id\": \"p1\", \"display_name\": \"Alice\", \"conference\": \"A\"},"
              " {\"id\": \"p2\", \"display_name\": \"Bo\\u001b[2Jb\", \"conference\": \"A\"},"
              " {\"id\": \"Alice\", \"display_name\": \"Carol\", \"conference\": \"B\"}]");
    size_t i, n;
    assert_int_equal(match(o, "p1", &ops_participant_spec, &i, &n), OPS_MATCH_ONE);
    assert_int_equal(i, 0);
    /* An exact id wins over a name. */
    assert_int_equal(match(o, "Alice", &ops_participant_spec, &i, &n), OPS_MATCH_ONE);
    assert_int_equal(i, 2);
    /* A hostile name is typed as displayed. */
    assert_int_equal(match(o, "Bob", &ops_participant_spec, &i, &n), OPS_MATCH_ONE);
    assert_int_equal(i, 1);
    assert_int_equal(match(o, "Nobody", &ops_participant_spec, &i, &n), OPS_MATCH_NONE);
    assert_int_equal(match(o, "", &ops_participant_spec, &i, &n), OPS_MATCH_NONE);
    ops_found f;
    ops_found_fill(&f, json_array_get(o, 1), &ops_participant_spec);
    assert_string_equal(f.id, "p2");
    assert_string_equal(f.name, "Bob");
    assert_string_equal(f.conference, "A");
    json_decref(o);
    assert_true(ops_looks_like_uuid("2b7b9b52-4d0e-4b0c-9d6b-0d7c1f0a1111"));
    assert_false(ops_looks_like_uuid("2b7b9b52-4d0e-4b0c-9d6b-0d7c1f0a111"));
    assert_false(ops_looks_like_uuid(NULL));
}

static void test_ambiguous(void **state)
{
    (void)state;
    json_t *o = parse("[{\"id\": \"a\", \"display_name\": \"Sam\", \"conversation_id\": \"c1\"},"
                      " {\"id\": \"b\", \"display_name\": \"Pat\"},"
                      " {\"id\": \"c\", \"display_name\": \"Sam\", \"conversation_id\": \"c2\"}]");
    ops_match m;
    ops_resolve(o, "Sam", &ops_participant_spec, &m);
    assert_int_equal(m.status, OPS_MATCH_AMBIGUOUS);
    assert_int_equal(m.nmatches, 2);
    assert_int_equal(m.candidates[0], 0);
    assert_int_equal(m.candidates[1], 2);
    ops_match_free(&m);
    /* Conferences have no legs: two of one name are ambiguous. */
    json_t *c = parse("[{\"id\": \"x\", \"name\": \"VMR\"}, {\"id\": \"y\", \"name\": \"VMR\"}]");
    size_t i, n;
    assert_int_equal(match(c, "VMR", &ops_conference_spec, &i, &n), OPS_MATCH_AMBIGUOUS);
    assert_int_equal(match(c, "y", &ops_conference_spec, &i, &n), OPS_MATCH_ONE);
    assert_int_equal(i, 1);
    json_decref(o);
    json_decref(c);
}

static void test_legs(void **state)
{
    (void)state;
    size_t i, n;
    /* Legs by conversation_id: the call leg (call_uuid = conversation). */
    json_t *o = parse("[{\"id\": \"m\", \"display_name\": \"Ann\", \"conversation_id\": \"cv\","
                      "   \"call_uuid\": \"other\", \"has_media\": true},"
                      " {\"id\": \"s\", \"display_name\": \"Ann\", \"conversation_id\": \"cv\","
                      "   \"call_uuid\": \"cv\", \"has_media\": false}]");
    assert_int_equal(match(o, "Ann", &ops_participant_spec, &i, &n), OPS_MATCH_LEG);
    assert_int_equal(i, 1);
    assert_int_equal(n, 2);
    /* ...or the leg with media, for media streams. */
    ops_target_spec media = ops_participant_spec;
    media.prefer_media = true;
    assert_int_equal(match(o, "Ann", &media, &i, &n), OPS_MATCH_LEG);
    assert_int_equal(i, 0);
    json_decref(o);
    /* Legs by parent_id: the leg without a parent is the primary one. */
    o = parse("[{\"id\": \"media\", \"display_name\": \"Ben\", \"parent_id\": \"sig\"},"
              " {\"id\": \"sig\", \"display_name\": \"Ben\"}]");
    assert_int_equal(match(o, "Ben", &ops_participant_spec, &i, &n), OPS_MATCH_LEG);
    assert_int_equal(i, 1);
    json_decref(o);
}

/* ---- history presets ---- */

static void test_history_args(void **state)
{
    (void)state;
    history_query q;
    char err[128];
    assert_true(history_parse_args("", 0, &q, err, sizeof err));
    assert_int_equal(q.mode, HISTORY_CONFERENCES);
    assert_true(q.window_s == HISTORY_DEFAULT_WINDOW_S);
    assert_true(history_parse_args("loss 2.5 2h", 0, &q, err, sizeof err));
    assert_int_equal(q.mode, HISTORY_SEARCH);
    assert_true(q.loss_above == 2.5 && q.window_s == 7200);
    assert_true(history_parse_args("ended 30m name=Town", 0, &q, err, sizeof err));
    assert_true(q.window_s == 1800 && q.loss_above < 0);
    assert_string_equal(q.name, "Town");
    assert_false(history_parse_args("loss lots", 0, &q, err, sizeof err));
    assert_string_equal(err, "loss wants a percentage, e.g. loss 2");
    assert_false(history_parse_args("sideways", 0, &q, err, sizeof err));
    double v;
    assert_true(history_parse_loss("100", &v));
    assert_false(history_parse_loss("101", &v));
    assert_false(history_parse_loss("-1", &v));
    char w[16];
    history_window_text(7 * 86400, w, sizeof w);
    assert_string_equal(w, "7d");
}

static void test_history_queries(void **state)
{
    (void)state;
    double now;
    assert_true(time_parse_utc("2024-05-02T12:00:00Z", &now));
    history_query q = {.mode = HISTORY_SEARCH, .window_s = 3600, .loss_above = 2};
    strbuf s = STRBUF_INIT;
    assert_true(history_participants_query(&q, NULL, 0, now, &s));
    assert_string_equal(sb_str(&s), "history/v1/participant/?order_by=-end_time"
                                    "&end_time__gte=2024-05-02T11%3A00%3A00"
                                    "&media_streams__rx_packet_loss__gte=2");
    sb_reset(&s);
    assert_true(history_participants_query(&q, NULL, 1, now, &s));
    assert_non_null(strstr(sb_str(&s), "&media_streams__tx_packet_loss__gte=2"));
    sb_reset(&s);
    assert_false(history_participants_query(&q, NULL, 2, now, &s));
    /* Batch mode's presets: no window unless given. */
    history_query b = {.mode = HISTORY_SEARCH, .loss_above = -1, .ended_to = now};
    history_params hp;
    assert_int_equal(history_search_queries(&b), 1);
    assert_true(history_search_params(&b, 0, now, &hp));
    assert_int_equal(hp.n, 1);
    assert_string_equal(hp.p[0].key, "end_time__lt");
    assert_string_equal(hp.p[0].value, "2024-05-02T12:00:00");
    assert_false(history_search_params(&b, 1, now, &hp));
    history_query c = {.window_s = 86400, .name = "Town Hall"};
    history_conferences_query(&c, now, &s);
    assert_string_equal(sb_str(&s), "history/v1/conference/?order_by=-start_time"
                                    "&end_time__gte=2024-05-01T12%3A00%3A00"
                                    "&name__icontains=Town%20Hall");
    sb_free(&s);
}

static void test_history_merge(void **state)
{
    (void)state;
    json_t *rx = parse("[{\"id\": 1, \"t\": 3}, {\"id\": 2, \"t\": 1}, {\"id\": 5, \"t\": 2}]");
    json_t *tx = parse("[{\"id\": 2, \"t\": 1}, {\"id\": 3, \"t\": 2}, {\"id\": 4, \"t\": 9}]");
    assert_int_equal(history_merge(rx, tx, "-t"), 2);
    const long want[] = {4, 1, 5, 3, 2}; /* equal t: first seen first (stable) */
    assert_int_equal(json_array_size(rx), 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(rx, i), "id")), want[i]);
    json_decref(rx);
    json_decref(tx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_and_names),
        cmocka_unit_test(test_ambiguous),
        cmocka_unit_test(test_legs),
        cmocka_unit_test(test_history_args),
        cmocka_unit_test(test_history_queries),
        cmocka_unit_test(test_history_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
