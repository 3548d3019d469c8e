/* The world's shape and rules: determinism, counts, field types against the
 * field reference, call quality, legs, static mode, drift, staging. */
#include "sw_util.h"

#include "sim/world/world_internal.h"

#include <math.h>
#include <time.h>

/* ---- determinism and counts ---- */

static void test_same_seed_same_world(void **state)
{
    (void)state;
    sim_world *a = sw_world(7, 8, 40, false), *b = sw_world(7, 8, 40, false);
    char *da = sw_dump_all(a), *db = sw_dump_all(b);
    assert_string_equal(da, db);
    free(da);
    free(db);
    for (int i = 1; i <= 240; i++) {
        sim_world_tick(a, SW_T0 + i);
        sim_world_tick(b, SW_T0 + i);
    }
    da = sw_dump_all(a);
    db = sw_dump_all(b);
    assert_string_equal(da, db);
    free(da);
    free(db);
    sim_world *c = sw_world(8, 8, 40, false);
    char *dc = sw_dump_all(c);
    da = sw_dump_all(a);
    assert_string_not_equal(da, dc);
    free(da);
    free(dc);
    sim_world_free(a);
    sim_world_free(b);
    sim_world_free(c);
}

static void check_counts(int confs, int parts, int nodes, int locs, int history)
{
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.conferences = confs;
    o.participants = parts;
    o.nodes = nodes;
    o.locations = locs;
    o.history = history;
    sim_world *w = sim_world_new(&o, SW_T0);
    assert_non_null(w);
    assert_int_equal(json_array_size(sw_coll(w, "status/conference")), confs);
    assert_int_equal(json_array_size(sw_coll(w, "status/participant")), parts);
    assert_int_equal(json_array_size(sw_coll(w, "status/worker_vm")), nodes);
    assert_int_equal(json_array_size(sw_coll(w, "status/system_location")), locs);
    assert_int_equal(json_array_size(sw_coll(w, "configuration/system_location")), locs);
    assert_int_equal(json_array_size(sw_coll(w, "history/conference")), history);
    assert_int_equal(json_array_size(sw_coll(w, "status/licensing")), 1);
    json_t *mgmt = sw_coll(w, "status/management_vm");
    assert_int_equal(json_array_size(mgmt), 1);
    assert_true(json_is_true(json_object_get(json_array_get(mgmt, 0), "primary")));
    assert_true(json_array_size(sw_coll(w, "configuration/conference")) >= (size_t)confs);
    sim_world_free(w);
}

static void test_counts_match_options(void **state)
{
    (void)state;
    check_counts(8, 40, 6, 3, 50);
    check_counts(3, 10, 2, 1, 0);
    check_counts(20, 150, 9, 5, 5);
    check_counts(1, 0, 1, 1, 2);
}

/* ---- field presence and JSON types, from pexip-api-fields.md ---- */

typedef struct field {
    const char *name;
    char type; /* s string, i integer, f number, b boolean, d datetime (string), l list */
} field;

static bool type_ok(const json_t *v, char type)
{
    switch (type) {
    case 's':
        return json_is_string(v);
    case 'i':
        return json_is_integer(v);
    case 'f':
        return json_is_number(v);
    case 'b':
        return json_is_boolean(v);
    case 'd': /* naive UTC ISO-8601, microseconds optional; "" or null allowed */
        return json_is_null(v) || json_is_string(v);
    case 'l':
        return json_is_array(v);
    }
    return false;
}

static void check_fields(const json_t *o, const field *fields, size_t n, const char *what)
{
    assert_true(json_is_object(o));
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_object_get(o, fields[i].name);
        if (!v || !type_ok(v, fields[i].type)) {
            fprintf(stderr, "%s: field %s missing or not of type %c\n", what, fields[i].name,
                    fields[i].type);
            fail();
        }
        if (fields[i].type == 'd' && json_is_string(v) && *json_string_value(v)) {
            int y, mo, d, h, mi, s;
            assert_int_equal(
                sscanf(json_string_value(v), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s),
                6);
        }
    }
}

#define CHECK_FIELDS(o, table, what)                                                               \
    check_fields((o), (table), sizeof(table) / sizeof((table)[0]), (what))

static const field PARTICIPANT[] = {
    {"bandwidth", 'i'},
    {"call_direction", 's'},
    {"call_quality", 's'},
    {"call_tag", 's'},
    {"call_uuid", 's'},
    {"conference", 's'},
    {"connect_time", 'd'},
    {"conversation_id", 's'},
    {"destination_alias", 's'},
    {"display_name", 's'},
    {"encryption", 's'},
    {"has_media", 'b'},
    {"id", 's'},
    {"idp_uuid", 's'},
    {"is_client_muted", 'b'},
    {"is_direct", 'b'},
    {"is_disconnect_supported", 'b'},
    {"is_idp_authenticated", 'b'},
    {"is_mute_supported", 'b'},
    {"is_muted", 'b'},
    {"is_on_hold", 'b'},
    {"is_presentation_supported", 'b'},
    {"is_presenting", 'b'},
    {"is_recording", 'b'},
    {"is_streaming", 'b'},
    {"is_transcribing", 'b'},
    {"is_transfer_supported", 'b'},
    {"license_count", 'i'},
    {"license_type", 's'},
    {"media_node", 's'},
    {"parent_id", 's'},
    {"participant_alias", 's'},
    {"protocol", 's'},
    {"proxy_node", 's'},
    {"remote_address", 's'},
    {"remote_port", 'i'},
    {"resource_uri", 's'},
    {"role", 's'},
    {"rx_bandwidth", 'i'},
    {"service_tag", 's'},
    {"service_type", 's'},
    {"signalling_node", 's'},
    {"source_alias", 's'},
    {"system_location", 's'},
    {"transcoding_enabled", 'b'},
    {"tx_bandwidth", 'i'},
    {"vendor", 's'},
};

static const field CONFERENCE[] = {
    {"direct_media_available", 'b'},
    {"guests_muted", 'b'},
    {"id", 's'},
    {"is_locked", 'b'},
    {"is_started", 'b'},
    {"name", 's'},
    {"resource_uri", 's'},
    {"service_type", 's'},
    {"start_time", 'd'},
    {"tag", 's'},
};

static const field SHARD[] = {
    {"conference", 's'},
    {"guests_muted", 'b'},
    {"id", 's'},
    {"is_direct", 'b'},
    {"is_locked", 'b'},
    {"is_started", 'b'},
    {"node", 's'},
    {"resource_uri", 's'},
    {"service_type", 's'},
    {"start_time", 'd'},
    {"system_location", 's'},
    {"tag", 's'},
    {"transcoding_enabled", 'b'},
};

static const field STREAM[] = {
    {"end_time", 'd'},
    {"id", 's'},
    {"node", 's'},
    {"rx_bitrate", 'i'},
    {"rx_codec", 's'},
    {"rx_fps", 'f'},
    {"rx_jitter", 'f'},
    {"rx_packet_loss", 'f'},
    {"rx_packets_lost", 'i'},
    {"rx_packets_received", 'i'},
    {"rx_resolution", 's'},
    {"rx_windowed_packet_loss", 'f'},
    {"start_time", 'd'},
    {"tx_bitrate", 'i'},
    {"tx_codec", 's'},
    {"tx_fps", 'f'},
    {"tx_jitter", 'f'},
    {"tx_packet_loss", 'f'},
    {"tx_packets_lost", 'i'},
    {"tx_packets_sent", 'i'},
    {"tx_resolution", 's'},
    {"tx_windowed_packet_loss", 'f'},
    {"type", 's'},
};

static const field WORKER[] = {
    {"boot_time", 'd'},
    {"configuration_id", 'i'},
    {"cpu_capabilities", 's'},
    {"cpu_count", 'i'},
    {"cpu_model", 's'},
    {"deploy_status", 's'},
    {"hypervisor", 's'},
    {"id", 'i'},
    {"last_attempted_contact", 'd'},
    {"last_updated", 'd'},
    {"maintenance_mode", 'b'},
    {"maintenance_mode_reason", 's'},
    {"max_audio_calls", 'i'},
    {"max_direct_participants", 'i'},
    {"max_full_hd_calls", 'i'},
    {"max_hd_calls", 'i'},
    {"max_media_tokens", 'i'},
    {"max_sd_calls", 'i'},
    {"media_load", 'i'},
    {"media_tokens_used", 'i'},
    {"name", 's'},
    {"node_type", 's'},
    {"resource_uri", 's'},
    {"signaling_count", 'i'},
    {"sync_status", 's'},
    {"system_location", 's'},
    {"total_ram", 'i'},
    {"upgrade_status", 's'},
    {"version", 's'},
};

static const field LOCATION[] = {
    {"id", 'i'},
    {"max_audio_calls", 'i'},
    {"max_connections", 's'},
    {"max_full_hd_calls", 'i'},
    {"max_hd_calls", 'i'},
    {"max_media_tokens", 'i'},
    {"max_sd_calls", 'i'},
    {"media_load", 'f'},
    {"media_tokens_used", 'i'},
    {"name", 's'},
    {"resource_uri", 's'},
};

static const field ALARM[] = {
    {"acknowledged", 'b'}, {"details", 's'},     {"id", 'i'},   {"identifier", 'i'},
    {"instance", 's'},     {"level", 's'},       {"name", 's'}, {"node", 's'},
    {"resource_uri", 's'}, {"time_raised", 'd'},
};

static const field LICENSING[] = {
    {"audio_count", 'i'},  {"audio_total", 'i'},      {"customlayouts_active", 'b'},
    {"ghm_count", 'i'},    {"ghm_total", 'i'},        {"googletrustedjoin_active", 'b'},
    {"otj_count", 'i'},    {"otj_total", 'i'},        {"port_count", 'i'},
    {"port_total", 'i'},   {"scheduling_count", 'i'}, {"scheduling_total", 'i'},
    {"system_count", 'i'}, {"system_total", 'i'},     {"teams_count", 'i'},
    {"teams_total", 'i'},  {"telehealth_count", 'i'}, {"telehealth_total", 'i'},
    {"vmr_count", 'i'},    {"vmr_total", 'i'},        {"zoomtrustedjoin_active", 'b'},
};

static const field REGISTRATION[] = {
    {"alias", 's'},        {"id", 'i'},         {"is_natted", 'b'},       {"node", 's'},
    {"protocol", 's'},     {"push_token", 's'}, {"registration_id", 's'}, {"remote_address", 's'},
    {"resource_uri", 's'}, {"start_time", 'd'}, {"username", 's'},        {"vendor", 's'},
};

static const field BACKPLANE[] = {
    {"conference", 's'},
    {"connect_time", 'd'},
    {"id", 's'},
    {"media_node", 's'},
    {"protocol", 's'},
    {"proxy_node", 's'},
    {"remote_conference_name", 's'},
    {"remote_media_node", 's'},
    {"remote_node_name", 's'},
    {"resource_uri", 's'},
    {"service_tag", 's'},
    {"system_location", 's'},
    {"type", 's'},
};

static const field CLOUD_NODE[] = {
    {"aws_instance_id", 's'},
    {"cloud_instance_id", 's'},
    {"cloud_instance_ip", 's'},
    {"cloud_instance_launch_time", 'd'},
    {"cloud_instance_name", 's'},
    {"cloud_instance_state", 's'},
    {"max_hd_calls", 'i'},
    {"media_load", 'i'},
    {"resource_uri", 's'},
    {"workervm_configuration_id", 'i'},
    {"workervm_configuration_location_name", 's'},
    {"workervm_configuration_name", 's'},
};

static const field MGMT[] = {
    {"configuration_id", 'i'}, {"id", 'i'},          {"last_attempted_contact", 'd'},
    {"last_updated", 'd'},     {"name", 's'},        {"primary", 'b'},
    {"resource_uri", 's'},     {"sync_status", 's'}, {"upgrade_status", 's'},
    {"version", 's'},
};

static const field VMR[] = {
    {"aliases", 'l'},      {"allow_guests", 'b'}, {"id", 'i'},  {"name", 's'},        {"pin", 's'},
    {"resource_uri", 's'}, {"service_type", 's'}, {"tag", 's'}, {"description", 's'},
};

static const field ALIAS[] = {
    {"alias", 's'}, {"conference", 's'}, {"creation_time", 'd'}, {"description", 's'}, {"id", 'i'},
};

static const field CONFIG_WORKER[] = {
    {"address", 's'}, {"domain", 's'},    {"hostname", 's'},     {"id", 'i'},
    {"name", 's'},    {"node_type", 's'}, {"resource_uri", 's'}, {"system_location", 's'},
};

static void check_all(sim_world *w, const char *key, const field *f, size_t n)
{
    size_t i;
    json_t *o;
    json_t *arr = sw_coll(w, key);
    json_array_foreach(arr, i, o) check_fields(o, f, n, key);
}

#define CHECK_ALL(w, key, table) check_all((w), (key), (table), sizeof(table) / sizeof((table)[0]))

static void test_fields_and_types(void **state)
{
    (void)state;
    sim_world *w = sw_world(3, 10, 80, false);
    for (int i = 1; i <= 60; i++)
        sim_world_tick(w, SW_T0 + i);
    CHECK_ALL(w, "status/participant", PARTICIPANT);
    CHECK_ALL(w, "status/conference", CONFERENCE);
    CHECK_ALL(w, "status/conference_shard", SHARD);
    CHECK_ALL(w, "status/worker_vm", WORKER);
    CHECK_ALL(w, "status/system_location", LOCATION);
    CHECK_ALL(w, "status/alarm", ALARM);
    CHECK_ALL(w, "status/licensing", LICENSING);
    CHECK_ALL(w, "status/registration_alias", REGISTRATION);
    CHECK_ALL(w, "status/backplane", BACKPLANE);
    CHECK_ALL(w, "status/cloud_node", CLOUD_NODE);
    CHECK_ALL(w, "status/management_vm", MGMT);
    CHECK_ALL(w, "configuration/conference", VMR);
    CHECK_ALL(w, "configuration/conference_alias", ALIAS);
    CHECK_ALL(w, "configuration/worker_vm", CONFIG_WORKER);
    assert_true(json_array_size(sw_coll(w, "status/backplane")) > 0);
    assert_true(json_array_size(sw_coll(w, "status/alarm")) > 0);

    size_t i;
    json_t *p;
    json_array_foreach(sw_coll(w, "status/participant"), i, p)
    {
        assert_true(sw_is_uuid(sw_str(p, "id")));
        assert_null(json_object_get(p, "historic_call_quality"));
        /* the conference field names a live conference; nodes are configured IPs */
        assert_non_null(sw_find(sw_coll(w, "status/conference"), "name", sw_str(p, "conference")));
        assert_non_null(
            sw_find(sw_coll(w, "configuration/worker_vm"), "address", sw_str(p, "media_node")));
        assert_non_null(
            sw_find(sw_coll(w, "status/system_location"), "name", sw_str(p, "system_location")));
        const char *q = sw_str(p, "call_quality");
        assert_true(strlen(q) > 2 && q[0] >= '0' && q[0] <= '4' && q[1] == '_');
        json_t *streams =
            sim_world_subcollection(w, "status/participant", sw_str(p, "id"), "media_stream");
        assert_non_null(streams);
        size_t k;
        json_t *s;
        json_array_foreach(streams, k, s) CHECK_FIELDS(s, STREAM, "media_stream");
    }
    json_array_foreach(sw_coll(w, "status/conference"), i, p)
    {
        assert_true(sw_is_uuid(sw_str(p, "id")));
        /* every live conference but gateway calls is a configured VMR with meet.* aliases */
        if (strcmp(sw_str(p, "service_type"), "gateway") == 0)
            continue;
        json_t *vmr = sw_find(sw_coll(w, "configuration/conference"), "name", sw_str(p, "name"));
        assert_non_null(vmr);
        json_t *alias = json_array_get(json_object_get(vmr, "aliases"), 1);
        assert_true(strncmp(sw_str(alias, "alias"), "meet.", 5) == 0);
        assert_non_null(strstr(sw_str(alias, "alias"), "@example.com"));
    }
    p = json_array_get(sw_coll(w, "status/participant"), 0);
    json_t *detail = sim_world_object(w, "status/participant", sw_str(p, "id"));
    assert_non_null(detail);
    assert_true(json_is_array(json_object_get(detail, "historic_call_quality")));
    json_t *bucketed = json_object_get(detail, "bucketed_call_quality");
    assert_int_equal(json_array_size(bucketed), 5);
    json_t *stats = sim_world_subcollection(w, "status/worker_vm", "1", "statistics");
    assert_true(json_array_size(stats) > 10);
    assert_true(json_is_number(json_object_get(json_array_get(stats, 0), "media_load")));
    assert_non_null(sim_world_subcollection(w, "status/system_location", "1", "statistics"));
    assert_null(sim_world_subcollection(w, "status/worker_vm", "999", "statistics"));
    assert_null(sim_world_collection(w, "status/nonsense"));
    /* the server may pass the API path as it is */
    assert_ptr_equal(sim_world_collection(w, "/api/admin/status/v1/participant/"),
                     sw_coll(w, "status/participant"));
    sim_world_free(w);
}

/* ---- call quality ---- */

static void test_quality_thresholds(void **state)
{
    (void)state;
    assert_int_equal(sw_w_quality_window(0.0, 5), 1);
    assert_int_equal(sw_w_quality_window(0.99, 5), 1);
    assert_int_equal(sw_w_quality_window(1.0, 5), 2);
    assert_int_equal(sw_w_quality_window(2.99, 5), 2);
    assert_int_equal(sw_w_quality_window(3.0, 5), 3);
    assert_int_equal(sw_w_quality_window(9.99, 5), 3);
    assert_int_equal(sw_w_quality_window(10.0, 5), 4);
    assert_int_equal(sw_w_quality_window(55.0, 5), 4);
    /* jitter above 40 ms takes one level off; 40 exactly does not */
    assert_int_equal(sw_w_quality_window(0.5, 40.0), 1);
    assert_int_equal(sw_w_quality_window(0.5, 40.01), 2);
    assert_int_equal(sw_w_quality_window(2.0, 41), 3);
    assert_int_equal(sw_w_quality_window(5.0, 80), 4);
    assert_int_equal(sw_w_quality_window(20.0, 80), 4);
    const uint8_t a[] = {1, 1, 3}, b[] = {1, 3, 3}, c[] = {1, 2, 3}, d[] = {4, 4, 1, 1, 1};
    assert_int_equal(sw_w_quality_recent(a, 3), 1);
    assert_int_equal(sw_w_quality_recent(b, 3), 3);
    assert_int_equal(sw_w_quality_recent(c, 3), 3); /* a tie goes to the worse */
    assert_int_equal(sw_w_quality_recent(d, 5), 1); /* only the last three windows */
    assert_int_equal(sw_w_quality_recent(d, 0), 0);
    assert_string_equal(sw_w_quality_name(sw_w_quality_recent(b, 3)), "3_bad");
}

static void test_quality_follows_windows(void **state)
{
    (void)state;
    sim_world *w = sw_world(11, 10, 120, false);
    bool saw_bad = false;
    for (int i = 1; i <= 400; i++) {
        sim_world_tick(w, SW_T0 + i);
        if (i % 50 != 0)
            continue;
        size_t k;
        json_t *p;
        json_array_foreach(sw_coll(w, "status/participant"), k, p)
        {
            json_t *d = sim_world_object(w, "status/participant", sw_str(p, "id"));
            json_t *hist = json_object_get(d, "historic_call_quality");
            json_t *buckets = json_object_get(d, "bucketed_call_quality");
            size_t n = json_array_size(hist);
            uint8_t *q = malloc(n + 1);
            json_int_t sum = 0;
            for (size_t j = 0; j < n; j++)
                q[j] = (uint8_t)json_integer_value(json_array_get(hist, j));
            for (size_t j = 0; j < 5; j++)
                sum += json_integer_value(json_array_get(buckets, j));
            assert_int_equal(sum, (json_int_t)n);
            assert_string_equal(sw_str(p, "call_quality"),
                                sw_w_quality_name(sw_w_quality_recent(q, n)));
            saw_bad = saw_bad || sw_w_quality_recent(q, n) >= 3;
            free(q);
        }
    }
    assert_true(saw_bad); /* bad spells happen */
    sim_world_free(w);
}

/* ---- legs ---- */

static void test_legs_share_conversation(void **state)
{
    (void)state;
    sim_world *w = sw_world(5, 10, 120, true);
    json_t *parts = sw_coll(w, "status/participant");
    int shared = 0, media_legs = 0;
    size_t i, j;
    json_t *a, *b;
    json_array_foreach(parts, i, a)
    {
        json_array_foreach(parts, j, b)
        {
            if (i >= j || strcmp(sw_str(a, "conversation_id"), sw_str(b, "conversation_id")))
                continue;
            shared++;
            assert_string_equal(sw_str(a, "conference"), sw_str(b, "conference"));
            assert_string_equal(sw_str(a, "display_name"), sw_str(b, "display_name"));
            if (strcmp(sw_str(b, "parent_id"), sw_str(a, "id")) == 0) {
                media_legs++;
                assert_true(json_is_false(json_object_get(a, "has_media")) ||
                            strcmp(sw_str(a, "protocol"), "MSSIP") == 0);
            }
        }
    }
    assert_true(shared >= 2);
    assert_true(media_legs >= 1);
    sim_world_free(w);
}

/* ---- time ---- */

static void test_static_freezes_everything(void **state)
{
    (void)state;
    sim_world *w = sw_world(2, 8, 40, true);
    char *before = sw_dump_all(w);
    for (int i = 1; i <= 900; i += 7)
        sim_world_tick(w, SW_T0 + i);
    char *after = sw_dump_all(w);
    assert_string_equal(before, after);
    free(before);
    free(after);
    sim_world_free(w);
}

static long long stream_packets(sim_world *w, const char *id)
{
    json_t *s =
        json_array_get(sim_world_subcollection(w, "status/participant", id, "media_stream"), 0);
    return json_integer_value(json_object_get(s, "tx_packets_sent"));
}

static bool has_media_pred(const json_t *p)
{
    return json_is_true(json_object_get(p, "has_media"));
}

static void test_live_world_moves(void **state)
{
    (void)state;
    sim_world *w = sw_world(4, 8, 40, false);
    json_t *p = sw_participant_where(w, has_media_pred);
    assert_non_null(p);
    char id[64];
    snprintf(id, sizeof id, "%s", sw_str(p, "id"));
    long long before = stream_packets(w, id);
    char *start = sw_dump_all(w);
    sim_world_tick(w, SW_T0 + 0.3); /* cheap: less than a step */
    char *early = sw_dump_all(w);
    assert_string_equal(start, early);
    for (int i = 1; i <= 30; i++)
        sim_world_tick(w, SW_T0 + i);
    if (sim_world_object(w, "status/participant", id))
        assert_true(stream_packets(w, id) > before);
    for (int i = 31; i <= 1800; i++)
        sim_world_tick(w, SW_T0 + i);
    char *later = sw_dump_all(w);
    assert_string_not_equal(start, later);
    size_t parts = json_array_size(sw_coll(w, "status/participant"));
    assert_true(parts >= 20 && parts <= 70);
    size_t confs = json_array_size(sw_coll(w, "status/conference"));
    assert_true(confs >= 4 && confs <= 14);
    assert_true(json_array_size(sw_coll(w, "history/conference")) > 50);
    free(start);
    free(early);
    free(later);
    sim_world_free(w);
}

/* ---- load and licences follow the calls ---- */

static long long sum_field(json_t *arr, const char *key)
{
    long long sum = 0;
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) sum += json_integer_value(json_object_get(o, key));
    return sum;
}

static long long port_licences(sim_world *w)
{
    long long n = 0;
    size_t i;
    json_t *p;
    json_array_foreach(sw_coll(w, "status/participant"), i, p)
    {
        if (strcmp(sw_str(p, "license_type"), "port") == 0)
            n += json_integer_value(json_object_get(p, "license_count"));
    }
    return n;
}

static void test_load_and_licences_follow_calls(void **state)
{
    (void)state;
    sim_world *w = sw_world(6, 6, 30, true);
    json_t *lic = json_array_get(sw_coll(w, "status/licensing"), 0);
    assert_int_equal(json_integer_value(json_object_get(lic, "port_count")), port_licences(w));
    long long tokens = sum_field(sw_coll(w, "status/worker_vm"), "media_tokens_used");
    long long loc_tokens = sum_field(sw_coll(w, "status/system_location"), "media_tokens_used");
    assert_int_equal(tokens, loc_tokens);
    const char *err = NULL;
    for (int i = 0; i < 5; i++) {
        json_t *f = json_pack("{s:s,s:s}", "conference", "Load Test Room", "protocol", "SIP");
        assert_non_null(sim_world_add_participant(w, f, &err));
        json_decref(f);
    }
    long long tokens2 = sum_field(sw_coll(w, "status/worker_vm"), "media_tokens_used");
    assert_true(tokens2 > tokens);
    lic = json_array_get(sw_coll(w, "status/licensing"), 0);
    assert_int_equal(json_integer_value(json_object_get(lic, "port_count")), port_licences(w));
    json_t *c = sw_find(sw_coll(w, "status/conference"), "name", "Load Test Room");
    assert_non_null(c);
    json_t *r = NULL;
    json_t *params = json_pack("{s:s}", "conference_id", sw_str(c, "id"));
    assert_int_equal(sw_cmd(w, "conference/disconnect", params, &r), 200);
    json_decref(r);
    assert_int_equal(sum_field(sw_coll(w, "status/worker_vm"), "media_tokens_used"), tokens);
    lic = json_array_get(sw_coll(w, "status/licensing"), 0);
    assert_int_equal(json_integer_value(json_object_get(lic, "port_count")), port_licences(w));
    sim_world_free(w);
}

static void test_capacity_alarm(void **state)
{
    (void)state;
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.participants = 10;
    o.conferences = 2;
    o.nodes = 1;
    o.locations = 1;
    o.is_static = true;
    sim_world *w = sim_world_new(&o, SW_T0);
    const char *err = NULL;
    for (int i = 0; i < 60; i++) {
        json_t *f = json_pack("{s:s}", "conference", "Overload");
        assert_non_null(sim_world_add_participant(w, f, &err));
        json_decref(f);
    }
    json_t *node = json_array_get(sw_coll(w, "status/worker_vm"), 0);
    assert_true(json_integer_value(json_object_get(node, "media_load")) > 90);
    json_t *alarm =
        sw_find(sw_coll(w, "status/alarm"), "name", "Conferencing Node capacity exceeded");
    assert_non_null(alarm);
    assert_string_equal(
        sw_str(alarm, "node"),
        sw_str(json_array_get(sw_coll(w, "configuration/worker_vm"), 0), "address"));
    json_t *c = sw_find(sw_coll(w, "status/conference"), "name", "Overload");
    json_t *params = json_pack("{s:s}", "conference_id", sw_str(c, "id"));
    assert_int_equal(sw_cmd(w, "conference/disconnect", params, NULL), 200);
    assert_null(sw_find(sw_coll(w, "status/alarm"), "name", "Conferencing Node capacity exceeded"));
    assert_non_null(
        sw_find(sw_coll(w, "history/alarm"), "name", "Conferencing Node capacity exceeded"));
    sim_world_free(w);
}

/* ---- staging ---- */

static void test_add_participant_keeps_hostile_strings(void **state)
{
    (void)state;
    sim_world *w = sw_world(9, 4, 10, false);
    const char hostile[] =
        "\x1b[31mRed\x1b[0m \"quoted\" \\ back\tslash \xe2\x80\xae \xf0\x9f\x98\x80";
    json_t *f = json_pack("{s:s,s:s,s:s,s:b,s:s}", "conference", "Staging \x1b]0;title\x07 Room",
                          "display_name", hostile, "id", "11111111-2222-4333-8444-555555555555",
                          "is_muted", 1, "call_quality", "4_terrible");
    const char *err = NULL;
    json_t *p = sim_world_add_participant(w, f, &err);
    assert_non_null(p);
    assert_null(err);
    assert_string_equal(sw_str(p, "display_name"), hostile);
    assert_true(json_is_true(json_object_get(p, "is_muted")));
    assert_non_null(
        sim_world_object(w, "status/participant", "11111111-2222-4333-8444-555555555555"));
    /* a new conference and its VMR exist, with meet.* aliases */
    json_t *c = sw_find(sw_coll(w, "status/conference"), "name", "Staging \x1b]0;title\x07 Room");
    assert_non_null(c);
    json_t *vmr = sw_find(sw_coll(w, "configuration/conference"), "name", sw_str(c, "name"));
    assert_non_null(vmr);
    assert_string_equal(sw_str(json_array_get(json_object_get(vmr, "aliases"), 0), "alias"),
                        "meet.staging-0-title-room");
    /* a staged participant keeps its fields while the world moves */
    for (int i = 1; i < 100; i++)
        sim_world_tick(w, SW_T0 + i);
    assert_string_equal(sw_str(p, "call_quality"), "4_terrible");
    /* duplicate id and missing conference are refused */
    assert_null(sim_world_add_participant(w, f, &err));
    assert_non_null(err);
    json_decref(f);
    f = json_pack("{s:s}", "display_name", "No conference");
    assert_null(sim_world_add_participant(w, f, &err));
    json_decref(f);
    assert_true(sim_world_remove_participant(w, "11111111-2222-4333-8444-555555555555"));
    assert_false(sim_world_remove_participant(w, "11111111-2222-4333-8444-555555555555"));
    if (!sw_find(sw_coll(w, "status/participant"), "conference", "Staging \x1b]0;title\x07 Room"))
        assert_null(
            sw_find(sw_coll(w, "status/conference"), "name", "Staging \x1b]0;title\x07 Room"));
    assert_non_null(
        sim_world_object(w, "history/participant", "11111111-2222-4333-8444-555555555555"));
    sim_world_free(w);
}

/* ---- scale ---- */

static double mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_ten_thousand_participants(void **state)
{
    (void)state;
    sim_world *w = sw_world(1, 300, 10000, false);
    assert_int_equal(json_array_size(sw_coll(w, "status/participant")), 10000);
    /* tick twice within a second: the second one is cheap */
    sim_world_tick(w, SW_T0 + 1.0);
    double t0 = mono();
    for (int i = 0; i < 100; i++)
        sim_world_tick(w, SW_T0 + 1.0 + i * 0.001);
    assert_true(mono() - t0 < 0.05);
    /* the collection is the same array object, kept up to date in place */
    json_t *a = sw_coll(w, "status/participant");
    sim_world_tick(w, SW_T0 + 2.0);
    assert_ptr_equal(a, sw_coll(w, "status/participant"));
    size_t n = json_array_size(a);
    assert_true(n > 9000 && n < 11000);
    sim_world_free(w);
}

/* A world starts as a platform that has been running: people in the call
 * for minutes already have a call quality, on the first answer and after
 * the first ticks (their past windows are not closed again as unknown). */
static void test_started_world_has_call_quality(void **state)
{
    (void)state;
    sim_world *w = sw_world(7, 8, 40, false);
    for (int step = 0; step <= 3; step++) {
        sim_world_tick(w, SW_T0 + step);
        json_t *parts = sw_coll(w, "status/participant");
        size_t known = 0, i;
        json_t *p;
        json_array_foreach(parts, i, p)
        {
            if (strcmp(sw_str(p, "call_quality"), "0_unknown") != 0)
                known++;
        }
        assert_true(known * 2 > json_array_size(parts));
    }
    sim_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_world),
        cmocka_unit_test(test_counts_match_options),
        cmocka_unit_test(test_fields_and_types),
        cmocka_unit_test(test_quality_thresholds),
        cmocka_unit_test(test_quality_follows_windows),
        cmocka_unit_test(test_started_world_has_call_quality),
        cmocka_unit_test(test_legs_share_conversation),
        cmocka_unit_test(test_static_freezes_everything),
        cmocka_unit_test(test_live_world_moves),
        cmocka_unit_test(test_load_and_licences_follow_calls),
        cmocka_unit_test(test_capacity_alarm),
        cmocka_unit_test(test_add_participant_keeps_hostile_strings),
        cmocka_unit_test(test_ten_thousand_participants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
