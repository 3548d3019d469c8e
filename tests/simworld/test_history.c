/* History: seeded CDRs, calls that end, and the 10,000-conference cap. */
#include "sw_util.h"

#include <math.h>

static const char *const HISTORY_PARTICIPANT_FIELDS[] = {
    "av_id",
    "bandwidth",
    "call_direction",
    "call_quality",
    "call_tag",
    "call_uuid",
    "conference",
    "conference_name",
    "conversation_id",
    "disconnect_reason",
    "display_name",
    "duration",
    "encryption",
    "end_time",
    "has_media",
    "id",
    "idp_uuid",
    "is_direct",
    "is_idp_authenticated",
    "is_streaming",
    "license_count",
    "license_type",
    "local_alias",
    "media_node",
    "media_streams",
    "parent_id",
    "presentation_id",
    "protocol",
    "proxy_node",
    "remote_address",
    "remote_alias",
    "remote_port",
    "resource_uri",
    "role",
    "rx_bandwidth",
    "service_tag",
    "service_type",
    "signalling_node",
    "start_time",
    "system_location",
    "transcoding_enabled",
    "tx_bandwidth",
    "vendor",
};

static const char *const HISTORY_STREAM_FIELDS[] = {
    "end_time",
    "id",
    "node",
    "participant",
    "resource_uri",
    "rx_bitrate",
    "rx_codec",
    "rx_fps",
    "rx_packet_loss",
    "rx_packets_lost",
    "rx_packets_received",
    "rx_resolution",
    "start_time",
    "stream_id",
    "stream_type",
    "tx_bitrate",
    "tx_codec",
    "tx_fps",
    "tx_packet_loss",
    "tx_packets_lost",
    "tx_packets_sent",
    "tx_resolution",
};

static void check_history_participant(sim_world *w, json_t *p)
{
    for (size_t i = 0; i < sizeof HISTORY_PARTICIPANT_FIELDS / sizeof(char *); i++)
        assert_non_null(json_object_get(p, HISTORY_PARTICIPANT_FIELDS[i]));
    assert_true(json_is_integer(json_object_get(p, "duration")));
    assert_true(json_is_array(json_object_get(p, "media_streams")));
    assert_true(strncmp(sw_str(p, "conference"), "/api/admin/history/v1/conference/", 33) == 0);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(p, "media_streams"), i, s)
    {
        for (size_t k = 0; k < sizeof HISTORY_STREAM_FIELDS / sizeof(char *); k++)
            assert_non_null(json_object_get(s, HISTORY_STREAM_FIELDS[k]));
        assert_true(json_is_integer(json_object_get(s, "id")));
        assert_true(json_is_string(json_object_get(s, "stream_id")));
        assert_string_equal(sw_str(s, "participant"), sw_str(p, "resource_uri"));
    }
    /* detail objects add the quality sequence */
    json_t *d = sim_world_object(w, "history/participant", sw_str(p, "id"));
    assert_non_null(d);
    assert_int_equal(json_array_size(json_object_get(d, "bucketed_call_quality")), 5);
    assert_true(json_is_array(json_object_get(d, "historic_call_quality")));
    assert_null(json_object_get(p, "historic_call_quality"));
}

static void test_seeded_history(void **state)
{
    (void)state;
    sim_world *w = sw_world(1, 8, 40, true);
    json_t *confs = sw_coll(w, "history/conference");
    json_t *parts = sw_coll(w, "history/participant");
    assert_int_equal(json_array_size(confs), 50);
    size_t i, k, legs = 0;
    json_t *c, *uri;
    json_array_foreach(confs, i, c)
    {
        json_t *list = json_object_get(c, "participants");
        assert_int_equal(json_integer_value(json_object_get(c, "participant_count")),
                         json_array_size(list));
        assert_true(json_is_integer(json_object_get(c, "duration")));
        assert_true(sw_is_uuid(sw_str(c, "id")));
        json_array_foreach(list, k, uri)
        {
            json_t *p = sw_find(parts, "resource_uri", json_string_value(uri));
            assert_non_null(p);
            assert_string_equal(sw_str(p, "conference"), sw_str(c, "resource_uri"));
            assert_string_equal(sw_str(p, "conference_name"), sw_str(c, "name"));
            legs++;
        }
        if (i > 0) /* oldest first */
            assert_true(strcmp(sw_str(json_array_get(confs, i - 1), "end_time"),
                               sw_str(c, "end_time")) < 0);
    }
    assert_int_equal(legs, json_array_size(parts));
    json_array_foreach(parts, i, c) check_history_participant(w, c);
    sim_world_free(w);
}

/* Seeded streams take their loss from a fixed cycle, so a loss filter has a
 * countable answer; every value of the cycle appears, the 0.5 boundary too. */
static void test_seeded_loss_spread(void **state)
{
    (void)state;
    static const double spread[] = {0.0, 0.1, 0.3, 0.5, 0.8, 1.5, 2.5, 6.0, 12.0};
    sim_world *w = sw_world(1, 8, 40, true);
    int seen[9] = {0};
    size_t i, above = 0, total = 0;
    json_t *s;
    json_array_foreach(sw_coll(w, "history/media_stream"), i, s)
    {
        double tx = json_number_value(json_object_get(s, "tx_packet_loss"));
        double rx = json_number_value(json_object_get(s, "rx_packet_loss"));
        bool tx_known = false;
        for (int k = 0; k < 9; k++) {
            if (fabs(tx - spread[k]) < 1e-9) {
                seen[k]++;
                tx_known = true;
            }
            if (fabs(rx - spread[k]) < 1e-9)
                seen[k]++;
        }
        assert_true(tx_known);
        above += tx >= 0.5;
        total++;
    }
    for (int k = 0; k < 9; k++)
        assert_true(seen[k] > 0);
    assert_true(above > 0 && above < total);
    sim_world_free(w);
}

static void test_call_end_moves_to_history(void **state)
{
    (void)state;
    sim_world *w = sw_world(12, 8, 40, false);
    size_t before = json_array_size(sw_coll(w, "history/participant"));
    for (int t = 1; t <= 1200; t++)
        sim_world_tick(w, SW_T0 + t);
    json_t *parts = sw_coll(w, "history/participant");
    assert_true(json_array_size(parts) > before);
    size_t i;
    json_t *p;
    bool live_reason = false;
    for (i = before; i < json_array_size(parts); i++) {
        p = json_array_get(parts, i);
        check_history_participant(w, p);
        const char *reason = sw_str(p, "disconnect_reason");
        live_reason = live_reason || !strcmp(reason, "Call disconnected") ||
                      !strcmp(reason, "Remote disconnect");
        /* its streams are in the flat list and in the sub-collection */
        json_t *sub =
            sim_world_subcollection(w, "history/participant", sw_str(p, "id"), "media_stream");
        assert_ptr_equal(sub, json_object_get(p, "media_streams"));
        json_t *first = json_array_get(sub, 0);
        if (first) {
            char sid[32];
            snprintf(sid, sizeof sid, "%lld",
                     (long long)json_integer_value(json_object_get(first, "id")));
            assert_ptr_equal(sim_world_object(w, "history/media_stream", sid), first);
        }
    }
    assert_true(live_reason);
    /* conferences that ended are no longer live */
    json_t *c;
    json_array_foreach(sw_coll(w, "history/conference"), i, c)
    {
        assert_null(sim_world_object(w, "status/conference", sw_str(c, "id")));
    }
    sim_world_free(w);
}

/* Ends one live conference through the command API. */
static void end_one_conference(sim_world *w)
{
    json_t *c = json_array_get(sw_coll(w, "status/conference"), 0);
    assert_non_null(c);
    assert_int_equal(sw_cmd(w, "conference/disconnect",
                            json_pack("{s:s}", "conference_id", sw_str(c, "id")), NULL),
                     200);
}

static void check_no_dangling(sim_world *w)
{
    size_t i;
    json_t *p;
    json_array_foreach(sw_coll(w, "history/participant"), i, p)
    {
        const char *uri = sw_str(p, "conference");
        const char *id = uri + strlen("/api/admin/history/v1/conference/");
        char buf[64];
        snprintf(buf, sizeof buf, "%.36s", id);
        assert_true(sim_world_object(w, "history/conference", buf) ||
                    sim_world_object(w, "status/conference", buf));
    }
}

static void test_retention_cap(void **state)
{
    (void)state;
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.history = 12;
    o.is_static = true;
    sim_world *w = sim_world_new(&o, SW_T0);
    json_t *confs = sw_coll(w, "history/conference");
    char oldest[64], third[64], sixth[64];
    snprintf(oldest, sizeof oldest, "%s", sw_str(json_array_get(confs, 0), "id"));
    snprintf(third, sizeof third, "%s", sw_str(json_array_get(confs, 2), "id"));
    snprintf(sixth, sizeof sixth, "%s", sw_str(json_array_get(confs, 5), "id"));
    json_t *old_part_uri =
        json_array_get(json_object_get(json_array_get(confs, 0), "participants"), 0);
    char old_part[160];
    snprintf(old_part, sizeof old_part, "%s", json_string_value(old_part_uri));
    size_t streams = json_array_size(sw_coll(w, "history/media_stream"));
    sim_world_set_history_cap(w, 10);
    assert_int_equal(json_array_size(confs), 10);
    assert_null(sim_world_object(w, "history/conference", oldest));
    assert_non_null(sim_world_object(w, "history/conference", third));
    assert_null(sw_find(sw_coll(w, "history/participant"), "resource_uri", old_part));
    assert_true(json_array_size(sw_coll(w, "history/media_stream")) < streams);
    check_no_dangling(w);
    /* each new entry deletes the oldest */
    end_one_conference(w);
    assert_int_equal(json_array_size(confs), 10);
    assert_null(sim_world_object(w, "history/conference", third));
    end_one_conference(w);
    end_one_conference(w);
    end_one_conference(w);
    assert_int_equal(json_array_size(confs), 10);
    assert_null(sim_world_object(w, "history/conference", sixth));
    check_no_dangling(w);
    size_t i;
    json_t *s;
    json_array_foreach(sw_coll(w, "history/media_stream"), i, s)
    {
        assert_non_null(
            sw_find(sw_coll(w, "history/participant"), "resource_uri", sw_str(s, "participant")));
    }
    sim_world_free(w);
}

static void test_retention_at_ten_thousand(void **state)
{
    (void)state;
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.history = 10000;
    o.participants = 12;
    o.conferences = 3;
    o.is_static = true;
    sim_world *w = sim_world_new(&o, SW_T0);
    json_t *confs = sw_coll(w, "history/conference");
    assert_int_equal(json_array_size(confs), 10000);
    char oldest[64], second[64];
    snprintf(oldest, sizeof oldest, "%s", sw_str(json_array_get(confs, 0), "id"));
    snprintf(second, sizeof second, "%s", sw_str(json_array_get(confs, 1), "id"));
    json_t *live = json_array_get(sw_coll(w, "status/conference"), 0);
    char live_id[64];
    snprintf(live_id, sizeof live_id, "%s", sw_str(live, "id"));
    end_one_conference(w);
    assert_int_equal(json_array_size(confs), 10000);
    assert_null(sim_world_object(w, "history/conference", oldest));
    assert_non_null(sim_world_object(w, "history/conference", second));
    assert_string_equal(sw_str(json_array_get(confs, 9999), "id"), live_id);
    sim_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeded_history),
        cmocka_unit_test(test_seeded_loss_spread),
        cmocka_unit_test(test_call_end_moves_to_history),
        cmocka_unit_test(test_retention_cap),
        cmocka_unit_test(test_retention_at_ten_thousand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
