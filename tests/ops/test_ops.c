/* Unit tests of src/ops: the catalog's look-ups and toggles, and the
 * classification and wording of command answers (fed api_command_parse
 * results, as the api hands them over). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api/commands.h"
#include "net/http.h"
#include "ops/catalog.h"
#include "ops/send.h"

/* ---- catalog ---- */

static void test_lookups(void **state)
{
    (void)state;
    const ops_command *mute = ops_command_by_verb("mute");
    assert_non_null(mute);
    assert_string_equal(mute->path, "participant/mute");
    assert_int_equal(mute->target, OPS_PARTICIPANT);
    assert_string_equal(mute->capability, "is_mute_supported");
    assert_string_equal(mute->word, "Mute");
    assert_string_equal(mute->done, "Muted");
    assert_ptr_equal(ops_command_by_path("participant/mute"), mute);
    assert_string_equal(ops_command_by_verb("admit")->path, "participant/unlock");
    assert_string_equal(ops_command_by_verb("mute-guests")->state_field, "guests_muted");
    assert_int_equal(ops_command_by_verb("dial")->target, OPS_VMR);
    assert_null(ops_command_by_verb("explode"));
    assert_null(ops_command_by_path(NULL));
    /* Every row has its words, and a verb found by its own name. */
    for (size_t i = 0; i < ops_command_count(); i++) {
        const ops_command *c = ops_command_at(i);
        assert_ptr_equal(ops_command_by_verb(c->verb), c);
        assert_non_null(c->word);
        assert_non_null(c->done);
        assert_non_null(c->doing);
        assert_true(c->writes);
    }
    assert_null(ops_command_at(ops_command_count()));
    assert_string_equal(ops_id_field(OPS_PARTICIPANT), "participant_id");
    assert_string_equal(ops_id_field(OPS_CONFERENCE), "conference_id");
    assert_null(ops_id_field(OPS_VMR));
    assert_string_equal(ops_target_noun(OPS_VMR), "conference");
}

static void test_choices(void **state)
{
    (void)state;
    const ops_param *layout = ops_command_param(ops_command_by_verb("layout"), "layout");
    assert_non_null(layout);
    assert_ptr_equal(layout->choices, &ops_layouts);
    assert_int_equal(ops_layouts.n, 12);
    assert_true(ops_choice_valid(&ops_layouts, "1:7"));
    assert_true(ops_choice_valid(&ops_layouts, "teams"));
    assert_false(ops_choice_valid(&ops_layouts, "3:3"));
    assert_false(ops_choice_valid(&ops_roles, NULL));
    assert_string_equal(ops_layouts.helps[5], "equal 2x2 grid of four");
    assert_null(ops_command_param(ops_command_by_verb("mute"), "layout"));
    char buf[128];
    assert_string_equal(ops_choices_text(&ops_roles, ", ", " or ", buf, sizeof buf),
                        "chair or guest");
    assert_string_equal(ops_choices_text(&ops_protocols, ", ", " or ", buf, sizeof buf),
                        "sip, h323, mssip, rtmp, gms or teams");
    assert_string_equal(ops_choices_text(&ops_routings, "|", "|", buf, sizeof buf),
                        "routing_rule|manual");
    assert_false(ops_protocols.strict); /* the server judges protocols */
    /* The wire types are the api's: "on" goes out as true. */
    assert_int_equal(
        api_command_field_type(ops_command_by_verb("layout")->path, "enable_overlay_text"),
        API_FIELD_BOOL);
}

static void test_toggles(void **state)
{
    (void)state;
    const char *value;
    json_t *muted = json_pack("{s:b}", "is_muted", 1), *unmuted = json_pack("{s:b}", "is_muted", 0);
    assert_string_equal(ops_toggle("mute", muted, &value)->path, "participant/unmute");
    assert_null(value);
    assert_string_equal(ops_toggle("mute", unmuted, &value)->path, "participant/mute");
    assert_string_equal(ops_toggle("mute", NULL, &value)->path, "participant/mute");
    json_t *locked = json_pack("{s:b}", "is_locked", 1);
    assert_string_equal(ops_toggle("lock", locked, &value)->path, "conference/unlock");
    assert_string_equal(ops_toggle("guests", NULL, &value)->verb, "mute-guests");
    json_t *chair = json_pack("{s:s}", "role", "chair"),
           *guest = json_pack("{s:s}", "role", "guest");
    assert_string_equal(ops_toggle("role", chair, &value)->path, "participant/role");
    assert_string_equal(value, "guest");
    ops_toggle("role", guest, &value);
    assert_string_equal(value, "chair");
    ops_toggle("role", NULL, &value);
    assert_string_equal(value, "chair");
    assert_null(ops_toggle("disconnect", NULL, &value)); /* not a toggle */
    assert_string_equal(ops_family_row("mute", false)->verb, "unmute");
    json_decref(muted);
    json_decref(unmuted);
    json_decref(locked);
    json_decref(chair);
    json_decref(guest);
}

/* ---- classification and words ---- */

static net_response http(long status, const char *ctype, const char *body)
{
    net_response r = {0};
    r.method = NET_POST;
    r.path = "/api/admin/command/v1/participant/mute/";
    r.status = status;
    r.content_type = ctype;
    r.body = body;
    r.body_len = strlen(body);
    r.retry_after = -1;
    r.error = "";
    r.failure = NET_OK;
    r.request_sent = true;
    return r;
}

/* The outcome of an answer, and its words in both voices. */
static ops_outcome answer(const net_response *r, ops_target t, char *batch, char *console,
                          size_t size)
{
    api_command_result res = {0};
    api_command_parse(r, &res);
    ops_outcome o = ops_classify(&res);
    ops_failure_text(t, o, &res, OPS_VOICE_BATCH, batch, size);
    ops_failure_text(t, o, &res, OPS_VOICE_CONSOLE, console, size);
    json_decref(res.body);
    return o;
}

static void test_accepted_and_refused(void **state)
{
    (void)state;
    char b[600], c[600];
    net_response r = http(202, "application/json", "{\"status\": \"success\", \"data\": null}");
    assert_int_equal(answer(&r, OPS_PARTICIPANT, b, c, sizeof b), OPS_ACCEPTED);
    assert_int_equal(ops_audit_outcome(OPS_ACCEPTED), AUDIT_ACCEPTED);
    r = http(400, "application/json",
             "{\"participant_role\": {\"role\": [\"Select a valid choice.\"]}}");
    assert_int_equal(answer(&r, OPS_PARTICIPANT, b, c, sizeof b), OPS_REFUSED);
    assert_string_equal(b, "refused by the server (HTTP 400): role: Select a valid choice.");
    assert_string_equal(c, b);
    assert_int_equal(ops_audit_outcome(OPS_REFUSED), AUDIT_REFUSED);
    r = http(500, "application/json", "{\"error\": \"boom\"}");
    assert_int_equal(answer(&r, OPS_PARTICIPANT, b, c, sizeof b), OPS_REFUSED);
    assert_string_equal(c, "server error (HTTP 500): boom");
    r = http(200, "application/json", "{\"status\": \"error\", \"message\": \"No such thing\"}");
    assert_int_equal(answer(&r, OPS_CONFERENCE, b, c, sizeof b), OPS_REFUSED);
}

static void test_gone(void **state)
{
    (void)state;
    char b[600], c[600];
    net_response r =
        http(400, "application/json",
             "{\"participant_mute\": {\"participant_id\": [\"Failed to find participant.\"]}}");
    assert_int_equal(answer(&r, OPS_PARTICIPANT, b, c, sizeof b), OPS_GONE);
    assert_string_equal(b, "the participant is gone (it left before the command arrived)");
    assert_string_equal(c, "the participant is gone (already left)");
    r = http(404, "text/html", "");
    assert_int_equal(answer(&r, OPS_CONFERENCE, b, c, sizeof b), OPS_GONE);
    assert_string_equal(c, "the conference is gone (already ended)");
    assert_int_equal(ops_audit_outcome(OPS_GONE), AUDIT_REFUSED);
}

static void test_unknown_outcomes(void **state)
{
    (void)state;
    char b[600], c[600];
    /* The server acted, but its answer cannot be read. */
    net_response r = http(200, "application/json", "{\"status\": \"succ");
    assert_int_equal(answer(&r, OPS_PARTICIPANT, b, c, sizeof b), OPS_UNKNOWN);
    assert_non_null(strstr(b, "outcome unknown: malformed JSON"));
    assert_non_null(strstr(b, "check before trying again"));
    assert_non_null(strstr(c, "unknown outcome, not re-sent"));
    assert_int_equal(ops_audit_outcome(OPS_UNKNOWN), AUDIT_UNKNOWN);
    /* A proxy's 502/503/504 after the request went out. */
    for (long st = 502; st <= 504; st++) {
        r = http(st, "text/plain", "Service Unavailable");
        assert_int_equal(answer(&r, OPS_CONFERENCE, b, c, sizeof b), OPS_UNKNOWN);
        assert_null(strstr(c, "refused"));
    }
    /* A timeout after sending. */
    r = http(0, NULL, "");
    r.failure = NET_FAIL_TIMEOUT;
    r.error = "Operation timed out";
    assert_int_equal(answer(&r, OPS_PARTICIPANT, b, c, sizeof b), OPS_UNKNOWN);
    assert_non_null(strstr(c, "did not answer in time"));
    /* ...but a connection refused never reached the server. */
    r.failure = NET_FAIL_CONNECT;
    r.request_sent = false;
    r.error = "Connection refused";
    assert_int_equal(answer(&r, OPS_PARTICIPANT, b, c, sizeof b), OPS_NOT_SENT);
    assert_non_null(strstr(c, "not sent: cannot connect"));
}

static void test_not_sent_and_ids(void **state)
{
    (void)state;
    api_command_result res = {0};
    res.error.kind = API_ERR_READ_ONLY;
    snprintf(res.message, sizeof res.message, "read-only mode: commands are disabled");
    char buf[200];
    assert_int_equal(ops_classify(&res), OPS_NOT_SENT);
    ops_failure_text(OPS_PARTICIPANT, OPS_NOT_SENT, &res, OPS_VOICE_CONSOLE, buf, sizeof buf);
    assert_string_equal(buf, "read-only mode; nothing was sent");
    char ids[4][128];
    json_t *d =
        json_pack("{s:s, s:[s, s]}", "participant_id", "p0", "participant_ids", "p1", "p\x1b[2J2");
    assert_int_equal(ops_dial_ids(d, ids, 4), 2);
    assert_string_equal(ids[0], "p1");
    assert_string_equal(ids[1], "p2");
    json_decref(d);
    d = json_pack("{s:s}", "participant_id", "p0");
    assert_int_equal(ops_dial_ids(d, ids, 4), 1);
    assert_string_equal(ids[0], "p0");
    json_decref(d);
    assert_int_equal(ops_dial_ids(NULL, ids, 4), 0);
}

static void test_request(void **state)
{
    (void)state;
    ops_request rq;
    ops_request_init(&rq, ops_command_by_verb("lock"), "c-1", "Room");
    assert_int_equal(rq.nparams, 1);
    assert_string_equal(rq.params[0].key, "conference_id");
    ops_request_add(&rq, "skipped", NULL);
    assert_int_equal(rq.nparams, 1);
    ops_request_init(&rq, ops_command_by_verb("dial"), "", "VMR");
    assert_int_equal(rq.nparams, 0); /* a VMR by name: no id in the body */
    ops_request_add(&rq, "destination", "sip:a@b");
    assert_int_equal(rq.nparams, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_choices),
        cmocka_unit_test(test_toggles),
        cmocka_unit_test(test_accepted_and_refused),
        cmocka_unit_test(test_gone),
        cmocka_unit_test(test_unknown_outcomes),
        cmocka_unit_test(test_not_sent_and_ids),
        cmocka_unit_test(test_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
