/* Shapes (--shape current|v24|2015), orphans (callers whose conference has
 * no row), WebRTC legs that act as one person, and the 400 "Failed to
 * find" answers for objects that are unknown or gone. */
#include "sw_util.h"

static sim_world *shape_world(sim_shape shape, int orphans, uint64_t seed)
{
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.seed = seed;
    o.conferences = 6;
    o.participants = 40;
    o.is_static = true;
    o.shape = shape;
    o.orphans = orphans;
    sim_world *w = sim_world_new(&o, SW_T0);
    assert_non_null(w);
    return w;
}

/* The object as the shape serves it (a new reference). */
static json_t *shown(sim_world *w, const char *resource, json_t *obj)
{
    json_t *s = sim_world_present(w, resource, obj);
    assert_non_null(s);
    return s;
}

static bool has(const json_t *o, const char *key)
{
    return json_object_get(o, key) != NULL;
}

static void assert_gone(json_t *resp, const char *cmd, const char *field, const char *message)
{
    json_t *list = json_object_get(json_object_get(resp, cmd), field);
    assert_int_equal(json_object_size(resp), 1);
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(json_string_value(json_array_get(list, 0)), message);
}

static int cmd_on(sim_world *w, const char *cmd, const char *key, const char *id, json_t **resp)
{
    return sw_cmd(w, cmd, json_pack("{s:s}", key, id), resp);
}

static json_t *live(sim_world *w, const char *id)
{
    return sw_find(sw_coll(w, "status/participant"), "id", id);
}

/* ---- shapes ---- */

static void test_shape_names(void **state)
{
    (void)state;
    sim_shape s = SIM_SHAPE_CURRENT;
    assert_true(sim_shape_parse("v24", &s) && s == SIM_SHAPE_V24);
    assert_true(sim_shape_parse("2015", &s) && s == SIM_SHAPE_2015);
    assert_true(sim_shape_parse("current", &s) && s == SIM_SHAPE_CURRENT);
    assert_false(sim_shape_parse("v25", &s));
    assert_false(sim_shape_parse(NULL, &s));
    assert_string_equal(sim_shape_name(SIM_SHAPE_2015), "2015");
}

static void test_current_is_unchanged(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_CURRENT, -1, 3);
    static const char *const keys[] = {"status/participant", "status/worker_vm",
                                       "history/participant", "history/media_stream"};
    for (size_t k = 0; k < 4; k++) {
        json_t *obj = json_array_get(sw_coll(w, keys[k]), 0);
        json_t *s = shown(w, keys[k], obj);
        assert_ptr_equal(s, obj); /* the same object, not a copy */
        json_decref(s);
    }
    json_t *summary = sim_world_summary(w);
    assert_string_equal(sw_str(summary, "shape"), "current");
    assert_int_equal(json_integer_value(json_object_get(summary, "orphans")), 0);
    json_decref(summary);
    sim_world_free(w);
}

static void check_old_worker(sim_world *w, const char *version)
{
    size_t i;
    json_t *n;
    json_array_foreach(sw_coll(w, "status/worker_vm"), i, n)
    {
        json_t *s = shown(w, "status/worker_vm", n);
        assert_string_equal(sw_str(s, "version"), version);
        assert_string_equal(sw_str(s, "deploy_status"), "deploy_succeeded");
        assert_true(json_is_string(json_object_get(s, "last_reported")));
        assert_true(json_is_string(json_object_get(s, "last_updated")));
        assert_false(has(s, "last_attempted_contact"));
        assert_false(has(s, "sync_status"));
        assert_true(has(n, "sync_status")); /* the world's own object is untouched */
        json_decref(s);
    }
    json_t *m =
        shown(w, "status/management_vm", json_array_get(sw_coll(w, "status/management_vm"), 0));
    assert_string_equal(sw_str(m, "version"), version);
    json_decref(m);
}

static void check_stream_resolutions(sim_world *w, json_t *streams, const char *key)
{
    size_t i;
    json_t *st;
    json_array_foreach(streams, i, st)
    {
        json_t *s = shown(w, key, st);
        static const char *const dirs[][2] = {{"rx_resolution", "rx_bitrate"},
                                              {"tx_resolution", "tx_bitrate"}};
        for (int d = 0; d < 2; d++) {
            const char *res = sw_str(s, dirs[d][0]);
            assert_true(*res);
            if (json_integer_value(json_object_get(s, dirs[d][1])) == 0)
                assert_string_equal(res, "None");
        }
        json_decref(s);
    }
}

static void test_v24(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_V24, 0, 4);
    check_old_worker(w, "24 (55691.0.0)");
    size_t i;
    json_t *p;
    int none_proxy = 0, none_media = 0, idle_none = 0;
    json_array_foreach(sw_coll(w, "status/participant"), i, p)
    {
        json_t *s = shown(w, "status/participant", p);
        assert_true(has(s, "conversation_id") && has(s, "call_quality"));
        assert_true(has(s, "is_mute_supported"));
        assert_true(*sw_str(s, "proxy_node")); /* never "" */
        none_proxy += strcmp(sw_str(s, "proxy_node"), "None") == 0;
        if (json_is_false(json_object_get(s, "has_media"))) {
            assert_string_equal(sw_str(s, "media_node"), "None");
            none_media++;
        }
        json_t *streams =
            sim_world_subcollection(w, "status/participant", sw_str(p, "id"), "media_stream");
        check_stream_resolutions(w, streams, "status/participant/media_stream");
        for (size_t k = 0; k < json_array_size(streams); k++)
            idle_none += strcmp(sw_str(json_array_get(streams, k), "rx_resolution"), "") == 0;
        json_decref(s);
    }
    assert_true(none_proxy > 0);
    assert_true(none_media > 0); /* signalling legs of two-leg WebRTC calls */
    assert_true(idle_none > 0);  /* audio streams have no resolution */
    sim_world_free(w);
}

static const char *const ABSENT_2015[] = {"conversation_id",
                                          "call_quality",
                                          "proxy_node",
                                          "is_mute_supported",
                                          "is_disconnect_supported",
                                          "is_transfer_supported",
                                          "is_presentation_supported",
                                          "historic_call_quality",
                                          "bucketed_call_quality"};

static void check_webrtc_pair(sim_world *w, json_t *sig, json_t *parts)
{
    /* the signalling leg: no media, alias Infinity_Connect_<ip>, no streams */
    char alias[96];
    snprintf(alias, sizeof alias, "Infinity_Connect_%s", sw_str(sig, "remote_address"));
    assert_string_equal(sw_str(sig, "participant_alias"), alias);
    assert_string_equal(sw_str(sig, "parent_id"), "");
    assert_int_equal(json_array_size(sim_world_subcollection(w, "status/participant",
                                                             sw_str(sig, "id"), "media_stream")),
                     0);
    json_t *media = sw_find(parts, "parent_id", sw_str(sig, "id"));
    assert_non_null(media);
    assert_true(json_is_true(json_object_get(media, "has_media")));
    assert_string_equal(sw_str(media, "protocol"), "WebRTC");
    assert_string_equal(sw_str(media, "display_name"), sw_str(sig, "display_name"));
    assert_string_equal(sw_str(media, "conference"), sw_str(sig, "conference"));
    assert_true(json_array_size(sim_world_subcollection(w, "status/participant",
                                                        sw_str(media, "id"), "media_stream")) > 0);
}

static void test_2015_participants(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_2015, 0, 5);
    check_old_worker(w, "10 (26047.0.0)");
    json_t *parts = sw_coll(w, "status/participant");
    size_t i;
    json_t *p;
    int pairs = 0;
    json_array_foreach(parts, i, p)
    {
        json_t *s = shown(w, "status/participant", p);
        for (size_t k = 0; k < sizeof ABSENT_2015 / sizeof ABSENT_2015[0]; k++)
            assert_false(has(s, ABSENT_2015[k]));
        assert_true(has(s, "parent_id") && has(s, "media_node") && has(s, "is_muted"));
        json_decref(s);
        if (strcmp(sw_str(p, "protocol"), "WebRTC") != 0)
            continue;
        if (!*sw_str(p, "parent_id")) {
            assert_true(json_is_false(json_object_get(p, "has_media"))); /* never one leg */
            check_webrtc_pair(w, p, parts);
            pairs++;
        } else {
            json_t *sig = sw_find(parts, "id", sw_str(p, "parent_id"));
            assert_non_null(sig);
            assert_true(json_is_false(json_object_get(sig, "has_media")));
        }
    }
    assert_true(pairs >= 2);
    /* the detail answer too */
    json_t *d = sim_world_object(w, "status/participant", sw_str(json_array_get(parts, 0), "id"));
    json_t *s = shown(w, "status/participant", d);
    assert_false(has(s, "historic_call_quality") || has(s, "call_quality"));
    json_decref(s);
    sim_world_free(w);
}

static void test_2015_history(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_2015, 0, 6);
    size_t i, k;
    json_t *h, *st;
    json_array_foreach(sw_coll(w, "history/participant"), i, h)
    {
        json_t *s = shown(w, "history/participant", h);
        assert_false(has(s, "conversation_id") || has(s, "call_quality"));
        assert_true(has(s, "display_name") && has(s, "disconnect_reason"));
        json_array_foreach(json_object_get(s, "media_streams"), k, st)
        {
            assert_false(has(st, "rx_fps") || has(st, "tx_fps"));
            assert_true(has(st, "rx_bitrate"));
        }
        assert_true(has(h, "conversation_id")); /* held in the current shape */
        json_decref(s);
    }
    json_t *flat = json_array_get(sw_coll(w, "history/media_stream"), 0);
    assert_non_null(flat);
    json_t *s = shown(w, "history/media_stream", flat);
    assert_false(has(s, "rx_fps") || has(s, "tx_fps"));
    assert_true(has(flat, "rx_fps"));
    json_decref(s);
    sim_world_free(w);
}

/* ---- orphans ---- */

static bool has_row(sim_world *w, const char *conference)
{
    return sw_find(sw_coll(w, "status/conference"), "name", conference) != NULL;
}

/* Callers (people, counted once however many legs they have) whose
 * conference has no row, by service_type; *first gets one's first leg. */
static int orphans_of(sim_world *w, const char *service_type, json_t **first)
{
    int n = 0;
    size_t i;
    json_t *p, *seen = json_object();
    json_array_foreach(sw_coll(w, "status/participant"), i, p)
    {
        const char *person = sw_str(p, "conversation_id"); /* held in every shape */
        if (has_row(w, sw_str(p, "conference")) || json_object_get(seen, person) ||
            strcmp(sw_str(p, "service_type"), service_type) != 0)
            continue;
        json_object_set_new(seen, person, json_true());
        if (first && !n)
            *first = p;
        n++;
    }
    json_decref(seen);
    return n;
}

static void test_orphans_by_default_in_old_shapes(void **state)
{
    (void)state;
    for (int shape = SIM_SHAPE_V24; shape <= SIM_SHAPE_2015; shape++) {
        sim_world *w = shape_world((sim_shape)shape, -1, 7);
        assert_int_equal(orphans_of(w, "waiting_room", NULL), 2);
        assert_int_equal(orphans_of(w, "invalid_license_screen", NULL), 1);
        assert_int_equal(orphans_of(w, "ivr", NULL), 1);
        json_t *c = NULL;
        assert_int_equal(orphans_of(w, "connecting", &c), 1);
        assert_true(json_is_false(json_object_get(c, "has_media")));
        assert_true(json_is_null(json_object_get(c, "connect_time")));
        json_t *s = shown(w, "status/participant", c);
        assert_string_equal(sw_str(s, "media_node"), "None");
        json_decref(s);
        /* no shard either, and time does not take them away */
        assert_null(
            sw_find(sw_coll(w, "status/conference_shard"), "conference", sw_str(c, "conference")));
        json_t *summary = sim_world_summary(w);
        assert_int_equal(json_integer_value(json_object_get(summary, "orphans_at_start")), 5);
        assert_true(json_integer_value(json_object_get(summary, "orphans")) >= 5);
        json_decref(summary);
        sim_world_free(w);
    }
    sim_world *w = shape_world(SIM_SHAPE_V24, 0, 7);
    assert_int_equal(orphans_of(w, "waiting_room", NULL), 0);
    sim_world_free(w);
    w = shape_world(SIM_SHAPE_CURRENT, 7, 7); /* the kinds in turn: wr wr ils ivr conn wr wr */
    assert_int_equal(orphans_of(w, "waiting_room", NULL), 4);
    assert_int_equal(orphans_of(w, "connecting", NULL), 1);
    sim_world_free(w);
}

static void test_orphans_stay_while_time_passes(void **state)
{
    (void)state;
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.seed = 8;
    o.shape = SIM_SHAPE_V24;
    sim_world *w = sim_world_new(&o, SW_T0);
    for (int t = 1; t <= 900; t += 3)
        sim_world_tick(w, SW_T0 + t);
    assert_int_equal(orphans_of(w, "waiting_room", NULL), 2);
    assert_int_equal(orphans_of(w, "ivr", NULL), 1);
    sim_world_free(w);
}

static void test_admit_starts_the_conference(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_V24, -1, 9);
    json_t *p = NULL;
    assert_int_equal(orphans_of(w, "waiting_room", &p), 2);
    char id[64], name[128];
    snprintf(id, sizeof id, "%s", sw_str(p, "id"));
    snprintf(name, sizeof name, "%s", sw_str(p, "conference"));
    assert_true(json_is_true(json_object_get(p, "is_on_hold")));
    assert_false(has_row(w, name));
    assert_int_equal(cmd_on(w, "participant/unlock", "participant_id", id, NULL), 200);
    json_t *c = sw_find(sw_coll(w, "status/conference"), "name", name);
    assert_non_null(c);
    assert_true(json_is_true(json_object_get(c, "is_started")));
    assert_string_equal(sw_str(live(w, id), "service_type"), "conference");
    assert_true(json_is_false(json_object_get(live(w, id), "is_on_hold")));
    assert_non_null(sw_find(sw_coll(w, "status/conference_shard"), "conference", name));
    /* now a conference command can name it */
    assert_int_equal(cmd_on(w, "conference/lock", "conference_id", sw_str(c, "id"), NULL), 202);
    assert_int_equal(orphans_of(w, "waiting_room", NULL), 1);
    sim_world_free(w);
}

static void test_disconnect_orphan_then_gone(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_V24, -1, 10);
    json_t *p = NULL, *r = NULL;
    assert_int_equal(orphans_of(w, "ivr", &p), 1);
    char id[64], name[128];
    snprintf(id, sizeof id, "%s", sw_str(p, "id"));
    snprintf(name, sizeof name, "%s", sw_str(p, "conference"));
    assert_int_equal(cmd_on(w, "participant/disconnect", "participant_id", id, NULL), 200);
    assert_null(live(w, id));
    assert_false(has_row(w, name));
    assert_non_null(sim_world_object(w, "history/participant", id));
    assert_int_equal(cmd_on(w, "participant/mute", "participant_id", id, &r), 400);
    assert_gone(r, "mute", "participant_id", "Failed to find participant.");
    json_decref(r);
    assert_int_equal(cmd_on(w, "participant/disconnect", "participant_id", id, &r), 400);
    assert_gone(r, "disconnect", "participant_id", "Failed to find participant.");
    json_decref(r);
    sim_world_free(w);
}

/* ---- two legs, one person ---- */

static json_t *signalling_leg(sim_world *w)
{
    size_t i;
    json_t *p;
    json_array_foreach(sw_coll(w, "status/participant"), i, p)
    {
        if (strcmp(sw_str(p, "protocol"), "WebRTC") == 0 && !*sw_str(p, "parent_id") &&
            json_is_false(json_object_get(p, "has_media")) &&
            strcmp(sw_str(p, "service_type"), "conference") == 0)
            return p;
    }
    return NULL;
}

static void test_2015_legs_act_as_one(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_2015, 0, 11);
    json_t *sig = signalling_leg(w);
    assert_non_null(sig);
    char sid[64], mid[64];
    snprintf(sid, sizeof sid, "%s", sw_str(sig, "id"));
    json_t *media = sw_find(sw_coll(w, "status/participant"), "parent_id", sid);
    snprintf(mid, sizeof mid, "%s", sw_str(media, "id"));
    assert_int_equal(cmd_on(w, "participant/mute", "participant_id", sid, NULL), 202);
    assert_true(json_is_true(json_object_get(live(w, mid), "is_muted")));
    assert_int_equal(cmd_on(w, "participant/unmute", "participant_id", mid, NULL), 202);
    assert_true(json_is_false(json_object_get(live(w, sid), "is_muted")));
    assert_int_equal(sw_cmd(w, "participant/role",
                            json_pack("{s:s,s:s}", "participant_id", mid, "role", "guest"), NULL),
                     202);
    assert_string_equal(sw_str(live(w, sid), "role"), "guest");
    /* disconnecting the media leg ends the call: both legs go to history */
    assert_int_equal(cmd_on(w, "participant/disconnect", "participant_id", mid, NULL), 200);
    assert_null(live(w, sid));
    assert_null(live(w, mid));
    assert_non_null(sim_world_object(w, "history/participant", sid));
    assert_non_null(sim_world_object(w, "history/participant", mid));
    sim_world_free(w);
}

/* ---- staging ---- */

static json_t *stage(sim_world *w, json_t *fields, const char **err)
{
    json_t *p = sim_world_add_participant(w, fields, err);
    json_decref(fields);
    return p;
}

static void test_stage_orphan(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_CURRENT, -1, 12);
    const char *err = NULL;
    json_t *p = stage(w,
                      json_pack("{s:s,s:b,s:s}", "conference", "Lobby Only", "conference_row", 0,
                                "id", "orphan-1"),
                      &err);
    assert_non_null(p);
    assert_false(has(p, "conference_row"));
    assert_string_equal(sw_str(p, "conference"), "Lobby Only");
    assert_string_equal(sw_str(p, "service_type"), "waiting_room");
    assert_true(json_is_true(json_object_get(p, "is_on_hold")));
    assert_false(has_row(w, "Lobby Only"));
    /* a second caller may wait in the same place, or stand elsewhere */
    p = stage(w,
              json_pack("{s:s,s:b,s:s,s:s}", "conference", "Lobby Only", "conference_row", 0,
                        "service_type", "ivr", "id", "orphan-2"),
              &err);
    assert_string_equal(sw_str(p, "service_type"), "ivr");
    assert_false(has_row(w, "Lobby Only"));
    /* wrong uses */
    assert_null(stage(w, json_pack("{s:s,s:s}", "conference", "X", "conference_row", "no"), &err));
    assert_string_equal(err, "conference_row must be a boolean");
    const char *existing = sw_str(json_array_get(sw_coll(w, "status/conference"), 0), "name");
    assert_null(
        stage(w, json_pack("{s:s,s:b}", "conference", existing, "conference_row", 0), &err));
    assert_non_null(strstr(err, "has a row"));
    /* admitting one starts the conference; the ivr caller stays where it is */
    assert_int_equal(cmd_on(w, "participant/unlock", "participant_id", "orphan-1", NULL), 200);
    assert_true(has_row(w, "Lobby Only"));
    assert_string_equal(sw_str(live(w, "orphan-1"), "service_type"), "conference");
    assert_string_equal(sw_str(live(w, "orphan-2"), "service_type"), "ivr");
    sim_world_free(w);
}

static void test_stage_leg_pair(void **state)
{
    (void)state;
    sim_world *w = shape_world(SIM_SHAPE_CURRENT, -1, 13);
    const char *err = NULL;
    json_t *sig =
        stage(w,
              json_pack("{s:s,s:s,s:s,s:b,s:s,s:s}", "conference", "Pair Room", "protocol",
                        "WebRTC", "id", "sig-1", "has_media", 0, "participant_alias",
                        "Infinity_Connect_10.9.8.7", "remote_address", "10.9.8.7"),
              &err);
    assert_non_null(sig);
    json_t *med = stage(w, json_pack("{s:s,s:s}", "parent_id", "sig-1", "id", "med-1"), &err);
    assert_non_null(med);
    assert_string_equal(sw_str(med, "parent_id"), "sig-1");
    assert_string_equal(sw_str(med, "conference"), "Pair Room");
    assert_string_equal(sw_str(med, "display_name"), sw_str(sig, "display_name"));
    assert_string_equal(sw_str(med, "protocol"), "WebRTC");
    assert_true(json_is_true(json_object_get(med, "has_media")));
    assert_int_equal(
        json_array_size(sim_world_subcollection(w, "status/participant", "sig-1", "media_stream")),
        0);
    assert_null(
        stage(w, json_pack("{s:s,s:s}", "parent_id", "sig-1", "conference", "Elsewhere"), &err));
    assert_non_null(strstr(err, "another conference"));
    /* either leg acts on the person */
    assert_int_equal(cmd_on(w, "participant/mute", "participant_id", "sig-1", NULL), 202);
    assert_true(json_is_true(json_object_get(live(w, "med-1"), "is_muted")));
    assert_int_equal(cmd_on(w, "participant/disconnect", "participant_id", "med-1", NULL), 200);
    assert_null(live(w, "sig-1"));
    assert_null(live(w, "med-1"));
    assert_false(has_row(w, "Pair Room"));
    sim_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_names),
        cmocka_unit_test(test_current_is_unchanged),
        cmocka_unit_test(test_v24),
        cmocka_unit_test(test_2015_participants),
        cmocka_unit_test(test_2015_history),
        cmocka_unit_test(test_orphans_by_default_in_old_shapes),
        cmocka_unit_test(test_orphans_stay_while_time_passes),
        cmocka_unit_test(test_admit_starts_the_conference),
        cmocka_unit_test(test_disconnect_orphan_then_gone),
        cmocka_unit_test(test_2015_legs_act_as_one),
        cmocka_unit_test(test_stage_orphan),
        cmocka_unit_test(test_stage_leg_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
