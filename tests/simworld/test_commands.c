/* Every command's effect on the world, and the answer shapes. */
#include "sw_util.h"

static sim_world *static_world(void)
{
    return sw_world(21, 6, 36, true);
}

/* A participant that is the only leg of its person and supports everything. */
static bool plain_sip(const json_t *p)
{
    return strcmp(sw_str(p, "protocol"), "SIP") == 0 &&
           strcmp(sw_str(p, "license_type"), "port") == 0 &&
           json_is_true(json_object_get(p, "is_mute_supported")) &&
           json_is_true(json_object_get(p, "has_media")) &&
           strcmp(sw_str(p, "service_type"), "conference") == 0;
}

static json_t *staged(sim_world *w, const char *conference, const char *role, const char *id)
{
    json_t *f = json_pack("{s:s,s:s,s:s,s:s}", "conference", conference, "role", role, "id", id,
                          "protocol", "SIP");
    const char *err = NULL;
    json_t *p = sim_world_add_participant(w, f, &err);
    json_decref(f);
    assert_non_null(p);
    return p;
}

static json_t *conference_named(sim_world *w, const char *name)
{
    return sw_find(sw_coll(w, "status/conference"), "name", name);
}

static json_t *participant(sim_world *w, const char *id)
{
    return sw_find(sw_coll(w, "status/participant"), "id", id);
}

static void assert_error(json_t *resp, const char *message)
{
    assert_string_equal(sw_str(resp, "status"), "error");
    assert_string_equal(sw_str(resp, "message"), message);
}

/* {"<cmd>": {"<field>": ["<message>"]}}: the object named is unknown or gone */
static void assert_gone(json_t *resp, const char *cmd, const char *field, const char *message)
{
    assert_int_equal(json_object_size(resp), 1);
    json_t *fields = json_object_get(resp, cmd);
    assert_int_equal(json_object_size(fields), 1);
    json_t *list = json_object_get(fields, field);
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(json_string_value(json_array_get(list, 0)), message);
}

/* {"<cmd>": {"<field>": ["<msg>"]}} */
static void assert_validation(json_t *resp, const char *cmd, const char *field)
{
    json_t *fields = json_object_get(resp, cmd);
    assert_true(json_is_object(fields));
    json_t *list = json_object_get(fields, field);
    assert_true(json_is_array(list));
    assert_true(json_is_string(json_array_get(list, 0)));
}

static void test_mute_and_unmute(void **state)
{
    (void)state;
    sim_world *w = static_world();
    json_t *p = sw_participant_where(w, plain_sip), *r = NULL;
    assert_non_null(p);
    const char *id = sw_str(p, "id");
    assert_int_equal(sw_cmd(w, "participant/mute", json_pack("{s:s}", "participant_id", id), &r),
                     202);
    assert_string_equal(sw_str(r, "status"), "success");
    assert_true(json_is_null(json_object_get(r, "data")));
    json_decref(r);
    assert_true(json_is_true(json_object_get(p, "is_muted")));
    assert_int_equal(
        sw_cmd(w, "participant/unmute", json_pack("{s:s}", "participant_id", id), NULL), 202);
    assert_true(json_is_false(json_object_get(p, "is_muted")));
    /* unknown id, missing id, unknown command */
    assert_int_equal(
        sw_cmd(w, "participant/mute", json_pack("{s:s}", "participant_id", "no-such-id"), &r), 400);
    assert_gone(r, "mute", "participant_id", "Failed to find participant.");
    json_decref(r);
    assert_int_equal(sw_cmd(w, "participant/mute", json_object(), &r), 400);
    assert_validation(r, "mute", "participant_id");
    json_decref(r);
    assert_int_equal(sw_cmd(w, "participant/explode", json_object(), NULL), 404);
    /* an RTMP stream cannot be muted */
    json_t *f =
        json_pack("{s:s,s:s,s:s}", "conference", "Streamed", "protocol", "RTMP", "id", "rtmp-1");
    const char *err = NULL;
    json_t *s = sim_world_add_participant(w, f, &err);
    json_decref(f);
    assert_non_null(s);
    assert_true(json_is_false(json_object_get(s, "is_mute_supported")));
    assert_int_equal(
        sw_cmd(w, "participant/mute", json_pack("{s:s}", "participant_id", "rtmp-1"), &r), 400);
    assert_string_equal(sw_str(r, "status"), "error");
    json_decref(r);
    assert_true(json_is_false(json_object_get(s, "is_muted")));
    sim_world_free(w);
}

static void test_lock_waiting_and_admit(void **state)
{
    (void)state;
    sim_world *w = static_world();
    staged(w, "Locked Room", "chair", "host-1");
    json_t *c = conference_named(w, "Locked Room");
    char cid[64];
    snprintf(cid, sizeof cid, "%s", sw_str(c, "id"));
    assert_int_equal(sw_cmd(w, "conference/lock", json_pack("{s:s}", "conference_id", cid), NULL),
                     202);
    assert_true(json_is_true(json_object_get(c, "is_locked")));
    json_t *shard = sw_find(sw_coll(w, "status/conference_shard"), "conference", "Locked Room");
    assert_true(json_is_true(json_object_get(shard, "is_locked")));
    /* new joiners wait: a staged join and a dial-out */
    json_t *f = json_pack("{s:s,s:s}", "conference", "Locked Room", "id", "late-1");
    const char *err = NULL;
    json_t *late = sim_world_add_participant(w, f, &err);
    json_decref(f);
    assert_true(json_is_true(json_object_get(late, "is_on_hold")));
    assert_string_equal(sw_str(late, "service_type"), "waiting_room");
    assert_string_equal(sw_str(late, "role"), "guest");
    json_t *vmr = sw_find(sw_coll(w, "configuration/conference"), "name", "Locked Room");
    const char *alias = sw_str(json_array_get(json_object_get(vmr, "aliases"), 1), "alias");
    json_t *r = NULL;
    assert_int_equal(
        sw_cmd(w, "participant/dial",
               json_pack("{s:s,s:s,s:s,s:s}", "conference_alias", alias, "destination",
                         "bob@example.com", "routing", "routing_rule", "system_location", "London"),
               &r),
        202);
    char dialled[64];
    snprintf(dialled, sizeof dialled, "%s", sw_str(json_object_get(r, "data"), "participant_id"));
    json_decref(r);
    sim_world_tick(w, SW_T0 + 2.0);
    json_t *d = participant(w, dialled);
    assert_string_equal(sw_str(d, "service_type"), "waiting_room");
    /* admit one, then unlock admits the rest */
    assert_int_equal(
        sw_cmd(w, "participant/unlock", json_pack("{s:s}", "participant_id", "late-1"), NULL), 200);
    assert_true(json_is_false(json_object_get(late, "is_on_hold")));
    assert_string_equal(sw_str(late, "service_type"), "conference");
    assert_true(json_is_true(json_object_get(d, "is_on_hold")));
    assert_int_equal(sw_cmd(w, "conference/unlock", json_pack("{s:s}", "conference_id", cid), NULL),
                     202);
    assert_true(json_is_false(json_object_get(c, "is_locked")));
    assert_true(json_is_false(json_object_get(d, "is_on_hold")));
    assert_string_equal(sw_str(d, "service_type"), "conference");
    assert_int_equal(sw_cmd(w, "conference/lock", json_pack("{s:s}", "conference_id", "nope"), &r),
                     400);
    assert_gone(r, "lock", "conference_id", "Failed to find conference.");
    json_decref(r);
    sim_world_free(w);
}

static bool joined_after(const json_t *p)
{
    return strcmp(sw_str(p, "connect_time"), "2023-11-14T22:13:21") > 0;
}

static void test_lock_applies_to_natural_joins(void **state)
{
    (void)state;
    sim_world *w = sw_world(31, 6, 60, false);
    size_t i;
    json_t *c;
    json_array_foreach(sw_coll(w, "status/conference"), i, c)
    {
        json_t *params = json_pack("{s:s}", "conference_id", sw_str(c, "id"));
        assert_int_equal(sw_cmd(w, "conference/lock", params, NULL), 202);
    }
    char first[64] = "";
    for (int t = 1; t <= 600; t++) {
        sim_world_tick(w, SW_T0 + t);
        json_t *p;
        json_array_foreach(sw_coll(w, "status/participant"), i, p)
        {
            json_t *conf =
                sw_find(sw_coll(w, "status/conference"), "name", sw_str(p, "conference"));
            if (!joined_after(p) || !json_is_true(json_object_get(conf, "is_locked")))
                continue;
            assert_true(json_is_true(json_object_get(p, "is_on_hold")));
            assert_string_equal(sw_str(p, "service_type"), "waiting_room");
            if (!*first)
                snprintf(first, sizeof first, "%s", sw_str(p, "id"));
        }
    }
    assert_true(*first); /* someone did try to join a locked conference */
    sim_world_free(w);
}

static void test_mute_guests_current_and_future(void **state)
{
    (void)state;
    sim_world *w = static_world();
    json_t *host = staged(w, "Guest Room", "chair", "host-2");
    json_t *guest = staged(w, "Guest Room", "guest", "guest-2");
    json_t *c = conference_named(w, "Guest Room");
    char cid[64];
    snprintf(cid, sizeof cid, "%s", sw_str(c, "id"));
    assert_int_equal(
        sw_cmd(w, "conference/mute_guests", json_pack("{s:s}", "conference_id", cid), NULL), 200);
    assert_true(json_is_true(json_object_get(c, "guests_muted")));
    assert_true(json_is_true(json_object_get(guest, "is_muted")));
    assert_true(json_is_false(json_object_get(host, "is_muted")));
    /* a guest dialled in afterwards arrives muted; a chair does not */
    json_t *vmr = sw_find(sw_coll(w, "configuration/conference"), "name", "Guest Room");
    const char *alias = sw_str(json_array_get(json_object_get(vmr, "aliases"), 0), "alias");
    json_t *r = NULL;
    char gid[64], hid[64];
    assert_int_equal(
        sw_cmd(w, "participant/dial",
               json_pack("{s:s,s:s,s:s,s:s}", "conference_alias", alias, "destination",
                         "sip:carol@example.com", "role", "guest", "node",
                         sw_str(json_array_get(sw_coll(w, "status/participant"), 0), "media_node")),
               &r),
        202);
    snprintf(gid, sizeof gid, "%s", sw_str(json_object_get(r, "data"), "participant_id"));
    json_decref(r);
    assert_int_equal(
        sw_cmd(w, "participant/dial",
               json_pack("{s:s,s:s,s:s,s:s}", "conference_alias", alias, "destination",
                         "sip:dave@example.com", "role", "chair", "system_location", "Oslo"),
               &r),
        202);
    snprintf(hid, sizeof hid, "%s", sw_str(json_object_get(r, "data"), "participant_id"));
    json_decref(r);
    sim_world_tick(w, SW_T0 + 1.5);
    assert_true(json_is_true(json_object_get(participant(w, gid), "is_muted")));
    assert_true(json_is_false(json_object_get(participant(w, hid), "is_muted")));
    /* a chair demoted to guest is muted too */
    assert_int_equal(sw_cmd(w, "participant/role",
                            json_pack("{s:s,s:s}", "participant_id", hid, "role", "guest"), NULL),
                     202);
    assert_true(json_is_true(json_object_get(participant(w, hid), "is_muted")));
    assert_int_equal(
        sw_cmd(w, "conference/unmute_guests", json_pack("{s:s}", "conference_id", cid), NULL), 200);
    assert_true(json_is_false(json_object_get(c, "guests_muted")));
    assert_true(json_is_false(json_object_get(guest, "is_muted")));
    assert_true(json_is_false(json_object_get(participant(w, gid), "is_muted")));
    sim_world_free(w);
}

static void test_role(void **state)
{
    (void)state;
    sim_world *w = static_world();
    json_t *p = staged(w, "Role Room", "guest", "role-1"), *r = NULL;
    assert_int_equal(sw_cmd(w, "participant/role",
                            json_pack("{s:s,s:s}", "participant_id", "role-1", "role", "chair"),
                            NULL),
                     202);
    assert_string_equal(sw_str(p, "role"), "chair");
    assert_int_equal(sw_cmd(w, "participant/role",
                            json_pack("{s:s,s:s}", "participant_id", "role-1", "role", "boss"), &r),
                     400);
    assert_validation(r, "role", "role");
    json_decref(r);
    assert_int_equal(
        sw_cmd(w, "participant/role", json_pack("{s:s}", "participant_id", "role-1"), &r), 400);
    assert_validation(r, "role", "role");
    json_decref(r);
    assert_string_equal(sw_str(p, "role"), "chair");
    sim_world_free(w);
}

static void test_transform_layout(void **state)
{
    (void)state;
    sim_world *w = static_world();
    json_t *c = json_array_get(sw_coll(w, "status/conference"), 0), *r = NULL;
    const char *id = sw_str(c, "id");
    static const char *const layouts[] = {"1:0", "1:7",  "1:21", "2:21", "1:33", "4:0",
                                          "9:0", "16:0", "25:0", "5:7",  "ac",   "teams"};
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        assert_int_equal(sw_cmd(w, "conference/transform_layout",
                                json_pack("{s:s,s:s,s:s}", "conference_id", id, "layout",
                                          layouts[i], "enable_overlay_text", "true"),
                                NULL),
                         200);
        assert_string_equal(sw_str(c, "layout"), layouts[i]);
    }
    assert_int_equal(sw_cmd(w, "conference/transform_layout",
                            json_pack("{s:s,s:s}", "conference_id", id, "layout", "3:3"), &r),
                     400);
    assert_validation(r, "transform_layout", "layout");
    json_decref(r);
    assert_int_equal(sw_cmd(w, "conference/transform_layout",
                            json_pack("{s:s,s:s,s:s}", "conference_id", id, "host_layout", "4:0",
                                      "guest_layout", "1:99"),
                            &r),
                     400);
    assert_validation(r, "transform_layout", "guest_layout");
    json_decref(r);
    assert_string_equal(sw_str(c, "layout"), "teams");
    assert_int_equal(sw_cmd(w, "conference/transform_layout",
                            json_pack("{s:s,s:s,s:b}", "conference_id", id, "host_layout", "4:0",
                                      "streaming_indicator", 1),
                            NULL),
                     200);
    assert_string_equal(sw_str(c, "layout"), "4:0");
    sim_world_free(w);
}

static void test_transfer(void **state)
{
    (void)state;
    sim_world *w = static_world();
    staged(w, "Transfer From", "chair", "mover");
    /* a VMR without a live conference: the transfer starts it */
    json_t *vmr = NULL;
    size_t i;
    json_t *v;
    json_array_foreach(sw_coll(w, "configuration/conference"), i, v)
    {
        if (!conference_named(w, sw_str(v, "name")) &&
            strcmp(sw_str(v, "service_type"), "conference") == 0) {
            vmr = v;
            break;
        }
    }
    assert_non_null(vmr);
    const char *alias = sw_str(json_array_get(json_object_get(vmr, "aliases"), 1), "alias");
    json_t *r = NULL;
    assert_int_equal(sw_cmd(w, "participant/transfer",
                            json_pack("{s:s,s:s,s:s}", "participant_id", "mover",
                                      "conference_alias", alias, "role", "guest"),
                            &r),
                     200);
    json_decref(r);
    json_t *p = participant(w, "mover");
    assert_non_null(p);
    assert_string_equal(sw_str(p, "conference"), sw_str(vmr, "name"));
    assert_string_equal(sw_str(p, "role"), "guest");
    assert_non_null(conference_named(w, sw_str(vmr, "name")));
    /* the conference left behind was empty, so it ended into history */
    assert_null(conference_named(w, "Transfer From"));
    assert_non_null(sw_find(sw_coll(w, "history/conference"), "name", "Transfer From"));
    assert_int_equal(sw_cmd(w, "participant/transfer",
                            json_pack("{s:s,s:s}", "participant_id", "mover", "conference_alias",
                                      "nowhere@example.com"),
                            &r),
                     400);
    assert_error(r, "Conference alias not found");
    json_decref(r);
    assert_int_equal(
        sw_cmd(w, "participant/transfer", json_pack("{s:s}", "participant_id", "mover"), &r), 400);
    assert_validation(r, "transfer", "conference_alias");
    json_decref(r);
    sim_world_free(w);
}

static void test_disconnects_go_to_history(void **state)
{
    (void)state;
    sim_world *w = static_world();
    staged(w, "Bye Room", "chair", "bye-1");
    staged(w, "Bye Room", "guest", "bye-2");
    staged(w, "Bye Room", "guest", "bye-3");
    assert_int_equal(
        sw_cmd(w, "participant/disconnect", json_pack("{s:s}", "participant_id", "bye-1"), NULL),
        200);
    assert_null(participant(w, "bye-1"));
    json_t *h = sim_world_object(w, "history/participant", "bye-1");
    assert_non_null(h);
    assert_string_equal(sw_str(h, "disconnect_reason"), "Disconnected by an administrator");
    assert_string_equal(sw_str(h, "conference_name"), "Bye Room");
    json_t *c = conference_named(w, "Bye Room");
    char cid[64];
    snprintf(cid, sizeof cid, "%s", sw_str(c, "id"));
    size_t before = json_array_size(sw_coll(w, "history/conference"));
    assert_int_equal(
        sw_cmd(w, "conference/disconnect", json_pack("{s:s}", "conference_id", cid), NULL), 200);
    assert_null(conference_named(w, "Bye Room"));
    assert_null(participant(w, "bye-2"));
    assert_null(sw_find(sw_coll(w, "status/conference_shard"), "conference", "Bye Room"));
    assert_int_equal(json_array_size(sw_coll(w, "history/conference")), before + 1);
    json_t *hc = sim_world_object(w, "history/conference", cid);
    assert_non_null(hc);
    assert_int_equal(json_integer_value(json_object_get(hc, "participant_count")), 3);
    assert_string_equal(
        sw_str(sim_world_object(w, "history/participant", "bye-3"), "disconnect_reason"),
        "Disconnected by an administrator");
    /* a participant that cannot be disconnected says so */
    json_t *f = json_pack("{s:s,s:s,s:b}", "conference", "Sticky", "id", "sticky-1",
                          "is_disconnect_supported", 0);
    const char *err = NULL;
    assert_non_null(sim_world_add_participant(w, f, &err));
    json_decref(f);
    json_t *r = NULL;
    assert_int_equal(
        sw_cmd(w, "participant/disconnect", json_pack("{s:s}", "participant_id", "sticky-1"), &r),
        400);
    assert_string_equal(sw_str(r, "status"), "error");
    json_decref(r);
    assert_non_null(participant(w, "sticky-1"));
    sim_world_free(w);
}

static const char *free_vmr_alias(sim_world *w, char *name, size_t cap)
{
    size_t i;
    json_t *v;
    json_array_foreach(sw_coll(w, "configuration/conference"), i, v)
    {
        if (!conference_named(w, sw_str(v, "name")) &&
            strcmp(sw_str(v, "service_type"), "conference") == 0) {
            snprintf(name, cap, "%s", sw_str(v, "name"));
            return sw_str(json_array_get(json_object_get(v, "aliases"), 0), "alias");
        }
    }
    return NULL;
}

static void test_dial_connects_after_delay(void **state)
{
    (void)state;
    sim_world *w = static_world();
    char name[128];
    const char *alias = free_vmr_alias(w, name, sizeof name);
    assert_non_null(alias);
    json_t *r = NULL;
    assert_int_equal(
        sw_cmd(w, "participant/dial",
               json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "conference_alias", alias, "destination",
                         "alice@example.com", "routing", "routing_rule", "remote_display_name",
                         "Alice Parkes", "role", "chair", "system_location", "London"),
               &r),
        202);
    assert_string_equal(sw_str(r, "status"), "success");
    json_t *data = json_object_get(r, "data");
    char id[64];
    snprintf(id, sizeof id, "%s", sw_str(data, "participant_id"));
    assert_true(sw_is_uuid(id));
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(data, "participant_ids"), 0)), id);
    json_decref(r);
    /* dialling a VMR without a live conference starts one */
    assert_non_null(conference_named(w, name));
    json_t *p = participant(w, id);
    assert_string_equal(sw_str(p, "service_type"), "connecting");
    assert_string_equal(sw_str(p, "call_direction"), "out");
    assert_string_equal(sw_str(p, "display_name"), "Alice Parkes");
    assert_string_equal(sw_str(p, "role"), "chair");
    sim_world_tick(w, SW_T0 + 0.5);
    assert_string_equal(sw_str(participant(w, id), "service_type"), "connecting");
    sim_world_tick(w, SW_T0 + 1.2);
    p = participant(w, id);
    assert_string_equal(sw_str(p, "service_type"), "conference");
    assert_true(json_is_true(json_object_get(p, "has_media")));
    assert_true(json_is_string(json_object_get(p, "connect_time")));
    assert_true(
        json_array_size(sim_world_subcollection(w, "status/participant", id, "media_stream")) >= 1);
    sim_world_free(w);
}

static void test_dial_fail_pattern(void **state)
{
    (void)state;
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.is_static = true;
    o.dial_fail_pattern = "unreachable";
    o.dial_delay = 2.0;
    sim_world *w = sim_world_new(&o, SW_T0);
    char name[128];
    const char *alias = free_vmr_alias(w, name, sizeof name);
    json_t *r = NULL;
    assert_int_equal(sw_cmd(w, "participant/dial",
                            json_pack("{s:s,s:s,s:s}", "conference_alias", alias, "destination",
                                      "sip:unreachable@example.com", "system_location", "Oslo"),
                            &r),
                     202);
    char id[64];
    snprintf(id, sizeof id, "%s", sw_str(json_object_get(r, "data"), "participant_id"));
    json_decref(r);
    assert_non_null(participant(w, id));
    sim_world_tick(w, SW_T0 + 2.5);
    assert_null(participant(w, id));
    json_t *h = sim_world_object(w, "history/participant", id);
    assert_non_null(h);
    assert_string_equal(sw_str(h, "disconnect_reason"), "Call rejected");
    /* it was alone, so the conference it started ended as well */
    assert_null(conference_named(w, name));
    sim_world_free(w);
}

static void test_dial_validation(void **state)
{
    (void)state;
    sim_world *w = static_world();
    json_t *r = NULL;
    assert_int_equal(
        sw_cmd(w, "participant/dial",
               json_pack("{s:s,s:s}", "conference_alias", "meet.x", "node", "10.40.0.10"), &r),
        400);
    assert_validation(r, "dial", "destination");
    assert_null(json_object_get(json_object_get(r, "dial"), "conference_alias"));
    json_decref(r);
    assert_int_equal(sw_cmd(w, "participant/dial", json_object(), &r), 400);
    assert_validation(r, "dial", "destination");
    assert_validation(r, "dial", "conference_alias");
    json_decref(r);
    assert_int_equal(sw_cmd(w, "participant/dial",
                            json_pack("{s:s,s:s,s:s}", "conference_alias", "meet.x", "destination",
                                      "bob", "routing", "routing_rule"),
                            &r),
                     400);
    assert_validation(r, "dial", "system_location");
    json_decref(r);
    assert_int_equal(sw_cmd(w, "participant/dial",
                            json_pack("{s:s,s:s,s:s,s:s}", "conference_alias", "meet.x",
                                      "destination", "bob", "role", "owner", "node", "10.40.0.10"),
                            &r),
                     400);
    assert_validation(r, "dial", "role");
    json_decref(r);
    assert_int_equal(sw_cmd(w, "participant/dial",
                            json_pack("{s:s,s:s,s:s}", "conference_alias", "no.such.alias",
                                      "destination", "bob", "system_location", "London"),
                            &r),
                     400);
    assert_error(r, "Conference alias not found");
    json_decref(r);
    sim_world_free(w);
}

static void test_start_cloudnode(void **state)
{
    (void)state;
    sim_world *w = static_world();
    json_t *r = NULL;
    assert_int_equal(sw_cmd(w, "platform/start_cloudnode", json_object(), &r), 400);
    assert_validation(r, "start_cloudnode", "instance_id");
    json_decref(r);
    assert_int_equal(
        sw_cmd(w, "platform/start_cloudnode", json_pack("{s:s}", "instance_id", "i-nothere"), &r),
        400);
    json_t *why = json_object_get(json_object_get(r, "start_cloudnode"), "instance_id");
    assert_string_equal(json_string_value(json_array_get(why, 0)),
                        "Failed to find the cloud node.");
    json_decref(r);
    json_t *node = json_array_get(sw_coll(w, "status/cloud_node"), 0);
    char inst[64];
    snprintf(inst, sizeof inst, "%s", sw_str(node, "cloud_instance_id"));
    assert_int_equal(
        sw_cmd(w, "platform/start_cloudnode", json_pack("{s:s}", "instance_id", inst), &r), 200);
    assert_string_equal(sw_str(r, "status"), "success");
    json_decref(r);
    assert_string_equal(sw_str(node, "cloud_instance_state"), "running");
    assert_int_equal(
        sw_cmd(w, "platform/start_cloudnode", json_pack("{s:s}", "instance_id", inst), &r), 200);
    assert_string_equal(sw_str(r, "status"), "failed");
    json_decref(r);
    sim_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mute_and_unmute),
        cmocka_unit_test(test_lock_waiting_and_admit),
        cmocka_unit_test(test_lock_applies_to_natural_joins),
        cmocka_unit_test(test_mute_guests_current_and_future),
        cmocka_unit_test(test_role),
        cmocka_unit_test(test_transform_layout),
        cmocka_unit_test(test_transfer),
        cmocka_unit_test(test_disconnects_go_to_history),
        cmocka_unit_test(test_dial_connects_after_delay),
        cmocka_unit_test(test_dial_fail_pattern),
        cmocka_unit_test(test_dial_validation),
        cmocka_unit_test(test_start_cloudnode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
