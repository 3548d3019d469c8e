"""pexsim's command API: every command's effect on what a client then reads
from the status and history endpoints, JSON bodies (form bodies only with
--accept-form), errors, and the control endpoint's command log."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import HISTORY, STATUS, Pexsim, all_of, expect_ok, participant, wait_for  # noqa: E402

DIAL_DELAY = 1.5


def conference_by_name(sim, name):
    found = all_of(sim, STATUS + "conference/", name=name)
    return found[0] if found else None


def pick(sim, **conditions):
    for p in all_of(sim, STATUS + "participant/", service_type="conference"):
        if all(p.get(k) == v for k, v in conditions.items()):
            return p
    raise AssertionError("no participant with %r" % (conditions,))


FORM_400 = ("The format indicated 'application/x-www-form-urlencoded' had no available "
            "deserialization method. Please check your ``formats`` and ``content_types`` on "
            "your Serializer.")


def test_mute_json(sim):
    p = pick(sim, is_mute_supported=True, is_muted=False)
    expect_ok(sim.post_command("participant/mute", {"participant_id": p["id"]}))
    assert participant(sim, p["id"])["is_muted"] is True
    expect_ok(sim.post_command("participant/unmute", {"participant_id": p["id"]}))
    assert participant(sim, p["id"])["is_muted"] is False
    log = sim.commands()[-2:]
    assert [e["command"] for e in log] == ["participant/mute", "participant/unmute"]
    assert all(e["content_type"] == "application/json" for e in log), log
    assert all(e["params"] == {"participant_id": p["id"]} for e in log), log
    assert all(e["method"] == "POST" and e["status"] == 202 for e in log)  # as real nodes
    assert log[0]["path"] == "/api/admin/command/v1/participant/mute/"
    assert log[1]["seq"] > log[0]["seq"]
    assert log[0]["response"]["status"] == "success"


def test_form_bodies_refused(sim):
    """A real node deserializes command bodies as JSON only: a form (or any
    other format) is Tastypie's 400, and nothing happens."""
    p = pick(sim, is_mute_supported=True, is_muted=False)
    reply = sim.post_command("participant/mute", {"participant_id": p["id"]}, form=True)
    assert reply.status == 400 and reply.body == {"error": FORM_400}, reply
    assert participant(sim, p["id"])["is_muted"] is False
    entry = sim.commands()[-1]
    assert entry["content_type"] == "application/x-www-form-urlencoded", entry
    assert entry["params"] == {"participant_id": p["id"]} and entry["status"] == 400, entry
    # the format named is the media type without its parameters
    status, _, body = sim.request(
        "POST", "/api/admin/command/v1/participant/mute/", body="participant_id=x",
        headers={"Content-Type": "text/plain; charset=utf-8"})
    assert status == 400 and "'text/plain'" in body["error"], body
    assert "no available deserialization method" in body["error"]
    # application/json with parameters is JSON; no Content-Type at all is too
    reply = sim.post_command("participant/mute", {"participant_id": p["id"]},
                             content_type="application/json; charset=utf-8")
    expect_ok(reply)
    status, _, body = sim.request("POST", "/api/admin/command/v1/participant/unmute/",
                                  body=json.dumps({"participant_id": p["id"]}))
    assert status == 202 and body["status"] == "success", (status, body)
    assert participant(sim, p["id"])["is_muted"] is False


def test_typed_json_is_logged_as_sent(sim):
    conf = all_of(sim, STATUS + "conference/")[0]
    fields = {"conference_id": conf["id"], "enable_overlay_text": True,
              "plus_n_pip_enabled": False, "free_form_overlay_text": "hi"}
    expect_ok(sim.post_command("conference/transform_layout", fields))
    entry = sim.commands()[-1]
    assert entry["content_type"] == "application/json"
    assert entry["params"] == fields, entry
    assert entry["params"]["enable_overlay_text"] is True
    assert entry["params"]["plus_n_pip_enabled"] is False
    # a boolean sent as a string is accepted as Django would, and logged as sent
    expect_ok(sim.post_command("conference/transform_layout",
                               {"conference_id": conf["id"], "enable_overlay_text": "false"}))
    assert sim.commands()[-1]["params"]["enable_overlay_text"] == "false"
    reply = sim.post_command("conference/transform_layout",
                             {"conference_id": conf["id"], "enable_overlay_text": "maybe"})
    assert reply.status == 400 and "enable_overlay_text" in reply.body["transform_layout"], reply


def gone_participant(command, field="participant_id"):
    return {command: {field: ["Failed to find participant."]}}


def gone_conference(command):
    return {command: {"conference_id": ["Failed to find conference."]}}


def test_failed_to_find(sim):
    """Commands naming an unknown participant or conference, or one that has
    just gone, answer 400 shaped like a field error."""
    for command in ("mute", "unmute", "disconnect", "unlock"):
        reply = sim.post_command("participant/" + command, {"participant_id": "no-such-id"})
        assert reply.status == 400 and reply.body == gone_participant(command), reply
    reply = sim.post_command("participant/role", {"participant_id": "no-such-id", "role": "chair"})
    assert reply.status == 400 and reply.body == gone_participant("role"), reply
    for command in ("lock", "unlock", "mute_guests", "unmute_guests", "disconnect",
                    "transform_layout"):
        reply = sim.post_command("conference/" + command, {"conference_id": "no-such-id"})
        assert reply.status == 400 and reply.body == gone_conference(command), reply
    # valid a moment ago, then disconnected
    p = pick(sim, is_disconnect_supported=True, is_mute_supported=True)
    expect_ok(sim.post_command("participant/disconnect", {"participant_id": p["id"]}))
    for command in ("mute", "disconnect"):
        reply = sim.post_command("participant/" + command, {"participant_id": p["id"]})
        assert reply.status == 400 and reply.body == gone_participant(command), reply
    staged = sim.add_participant(conference="Soon gone", display_name="Last one")
    conf = conference_by_name(sim, "Soon gone")
    expect_ok(sim.post_command("conference/disconnect", {"conference_id": conf["id"]}))
    reply = sim.post_command("conference/lock", {"conference_id": conf["id"]})
    assert reply.status == 400 and reply.body == gone_conference("lock"), reply
    reply = sim.post_command("participant/mute", {"participant_id": staged["id"]})
    assert reply.status == 400 and reply.body == gone_participant("mute"), reply


def test_lock(sim):
    conf = all_of(sim, STATUS + "conference/", is_locked="false")[0]
    expect_ok(sim.post_command("conference/lock", {"conference_id": conf["id"]}))
    assert conference_by_name(sim, conf["name"])["is_locked"] is True
    shards = all_of(sim, STATUS + "conference_shard/", conference=conf["name"])
    assert shards and all(s["is_locked"] for s in shards), shards
    assert conf["id"] in [c["id"] for c in all_of(sim, STATUS + "conference/", is_locked=True)]
    expect_ok(sim.post_command("conference/unlock", {"conference_id": conf["id"]}))
    assert conference_by_name(sim, conf["name"])["is_locked"] is False


def test_mute_guests(sim):
    guest = pick(sim, role="guest", is_mute_supported=True, is_muted=False)
    conf = conference_by_name(sim, guest["conference"])
    expect_ok(sim.post_command("conference/mute_guests", {"conference_id": conf["id"]}))
    assert conference_by_name(sim, conf["name"])["guests_muted"] is True
    members = all_of(sim, STATUS + "participant/", conference=conf["name"])
    guests = [m for m in members if m["role"] == "guest" and m["is_mute_supported"]]
    assert guests and all(m["is_muted"] for m in guests), guests
    expect_ok(sim.post_command("conference/unmute_guests", {"conference_id": conf["id"]}))
    assert conference_by_name(sim, conf["name"])["guests_muted"] is False
    assert participant(sim, guest["id"])["is_muted"] is False


def test_role(sim):
    p = pick(sim, role="guest")
    expect_ok(sim.post_command("participant/role", {"participant_id": p["id"], "role": "chair"}))
    assert participant(sim, p["id"])["role"] == "chair"
    expect_ok(sim.post_command("participant/role", {"participant_id": p["id"], "role": "guest"}))
    assert participant(sim, p["id"])["role"] == "guest"
    reply = sim.post_command("participant/role", {"participant_id": p["id"], "role": "boss"})
    assert reply.status == 400 and "role" in reply.body["role"], reply
    assert participant(sim, p["id"])["role"] == "guest"


def test_transform_layout(sim):
    conf = all_of(sim, STATUS + "conference/")[0]
    expect_ok(sim.post_command("conference/transform_layout",
                               {"conference_id": conf["id"], "layout": "1:7",
                                "enable_overlay_text": True, "free_form_overlay_text": "hi"}))
    after = conference_by_name(sim, conf["name"])
    assert after.get("layout") == "1:7", after
    expect_ok(sim.post_command("conference/transform_layout",
                               {"conference_id": conf["id"], "host_layout": "4:0",
                                "guest_layout": "ac", "recording_indicator": "true"}))
    assert conference_by_name(sim, conf["name"]).get("layout") == "4:0"
    reply = sim.post_command("conference/transform_layout",
                             {"conference_id": conf["id"], "layout": "7:1"})
    assert reply.status == 400, reply
    assert conference_by_name(sim, conf["name"]).get("layout") == "4:0"


def aliases_by_conference_name(sim):
    confs = {c["resource_uri"]: c["name"]
             for c in all_of(sim, "/api/admin/configuration/v1/conference/")}
    result = {}
    for a in all_of(sim, "/api/admin/configuration/v1/conference_alias/"):
        result.setdefault(confs.get(a["conference"]), a["alias"])
    return result


def test_transfer(sim):
    p = pick(sim, is_transfer_supported=True)
    aliases = aliases_by_conference_name(sim)
    target = next(name for name in aliases if name and name != p["conference"])
    expect_ok(sim.post_command("participant/transfer",
                               {"participant_id": p["id"], "conference_alias": aliases[target],
                                "role": "chair"}))
    moved = participant(sim, p["id"])
    assert moved["conference"] == target and moved["role"] == "chair", moved
    assert conference_by_name(sim, target) is not None
    reply = sim.post_command("participant/transfer",
                             {"participant_id": p["id"], "conference_alias": "nowhere@nowhere"})
    assert reply.status == 400 and reply.body["status"] == "error", reply


def test_disconnect_moves_to_history(sim):
    p = pick(sim, is_disconnect_supported=True)
    expect_ok(sim.post_command("participant/disconnect", {"participant_id": p["id"]}))
    assert participant(sim, p["id"]) is None
    assert p["id"] not in [o["id"] for o in all_of(sim, STATUS + "participant/")]
    status, _, hist = sim.get(HISTORY + "participant/%s/" % p["id"])
    assert status == 200 and hist["disconnect_reason"], hist
    assert hist["display_name"] == p["display_name"]
    # disconnecting again: the participant is gone
    reply = sim.post_command("participant/disconnect", {"participant_id": p["id"]})
    assert reply.status == 400 and reply.body == gone_participant("disconnect"), reply


def test_conference_disconnect(sim):
    confs = all_of(sim, STATUS + "conference/")
    conf = max(confs, key=lambda c: len(all_of(sim, STATUS + "participant/",
                                               conference=c["name"])))
    members = all_of(sim, STATUS + "participant/", conference=conf["name"])
    assert members
    expect_ok(sim.post_command("conference/disconnect", {"conference_id": conf["id"]}))
    assert sim.get(STATUS + "conference/%s/" % conf["id"]).status == 404
    assert all_of(sim, STATUS + "participant/", conference=conf["name"]) == []
    status, _, hconf = sim.get(HISTORY + "conference/%s/" % conf["id"])
    assert status == 200 and hconf["name"] == conf["name"], (status, hconf)
    hist = all_of(sim, HISTORY + "participant/", conference=conf["id"])
    assert {m["id"] for m in members} <= {h["id"] for h in hist}


def dial(sim, alias, destination, location):
    return sim.post_command("participant/dial",
                            {"conference_alias": alias, "destination": destination,
                             "routing": "manual", "system_location": location,
                             "role": "guest", "protocol": "sip", "streaming": False})


def test_dial(sim):
    aliases = aliases_by_conference_name(sim)
    alias = next(a for name, a in aliases.items() if name)
    location = all_of(sim, STATUS + "system_location/")[0]["name"]
    t0 = time.monotonic()
    reply = dial(sim, alias, "sip:alice@example.com", location)
    body = expect_ok(reply, 202)
    pid = body["data"]["participant_id"]
    assert body["data"]["participant_ids"] == [pid]
    early = participant(sim, pid)
    assert early is None or early["service_type"] == "connecting", early

    def connected():
        p = participant(sim, pid)
        return p if p and p["service_type"] != "connecting" and p["connect_time"] else None

    p = wait_for(connected, timeout=DIAL_DELAY + 10, message="dialled participant")
    assert time.monotonic() - t0 >= DIAL_DELAY - 0.3
    assert p["call_direction"] == "out" and p["destination_alias"] == "sip:alice@example.com"

    # a destination matching --dial-fail never connects and ends up in history
    body = expect_ok(dial(sim, alias, "sip:unreachable@example.com", location), 202)
    failed = body["data"]["participant_id"]
    wait_for(lambda: participant(sim, failed) is None, timeout=DIAL_DELAY + 10,
             message="failed dial to leave")
    status, _, hist = sim.get(HISTORY + "participant/%s/" % failed)
    assert status == 200 and hist["disconnect_reason"], hist

    # validation: required fields and bad choices
    reply = sim.post_command("participant/dial", {"conference_alias": alias})
    assert reply.status == 400 and "destination" in reply.body["dial"], reply
    reply = dial(sim, "no-such-alias@example.com", "sip:x@example.com", location)
    assert reply.status == 400 and reply.body["status"] == "error", reply


def test_errors(sim):
    for command, fields in (("participant/mute", {"participant_id": "no-such-id"}),
                            ("participant/role", {"participant_id": "no-such-id",
                                                  "role": "chair"}),
                            ("conference/lock", {"conference_id": "no-such-id"}),
                            ("conference/mute_guests", {"conference_id": "no-such-id"})):
        reply = sim.post_command(command, fields)
        assert reply.status == 400, (command, reply)
        field = next(iter(fields))
        assert reply.body[command.split("/")[1]][field][0].startswith("Failed to find"), reply
    reply = sim.post_command("participant/mute", {})
    assert reply.status == 400 and reply.body == {"mute": {"participant_id":
                                                           ["This field is required."]}}
    reply = sim.post_command("participant/explode", {"participant_id": "x"})
    assert reply.status == 404, reply
    # GET (or anything but POST) on a command is 405
    for method in ("GET", "PUT", "DELETE"):
        status, headers, _ = sim.request(method, "/api/admin/command/v1/participant/mute/")
        assert status == 405 and headers.get("Allow") == "POST", (method, status)
    # malformed or non-object JSON bodies are 400 {"error": ...}
    for body in ("{not json", "[1, 2]", "\"text\"", "{\"a\": 1} trailing"):
        status, _, reply = sim.request("POST", "/api/admin/command/v1/participant/mute/",
                                       body=body, headers={"Content-Type": "application/json"})
        assert status == 400 and isinstance(reply.get("error"), str), (body, status, reply)
    # commands need credentials like everything else
    reply = sim.post_command("participant/mute", {"participant_id": "x"}, auth=False)
    assert reply.status == 401
    log = sim.commands()
    assert log[-1]["status"] == 401 and log[-1]["params"] == {"participant_id": "x"}
    assert any(e["params"] is None and e["status"] == 400 for e in log)
    assert any(e["method"] == "GET" and e["status"] == 405 for e in log)


def test_accept_form():
    """--accept-form restores the lenient reading: form values as strings."""
    with Pexsim("--static", "--conferences", "3", "--participants", "12", "--seed", "5",
                "--accept-form") as sim:
        assert sim.world()["accept_form"] is True
        p = pick(sim, is_mute_supported=True, is_muted=False)
        expect_ok(sim.post_command("participant/mute", {"participant_id": p["id"]}, form=True))
        assert participant(sim, p["id"])["is_muted"] is True
        expect_ok(sim.post_command("participant/unmute", {"participant_id": p["id"]}))
        assert participant(sim, p["id"])["is_muted"] is False
        conf = all_of(sim, STATUS + "conference/")[0]
        expect_ok(sim.post_command("conference/transform_layout",
                                   {"conference_id": conf["id"], "enable_overlay_text": True},
                                   form=True))
        log = sim.commands()
        assert log[0]["content_type"] == "application/x-www-form-urlencoded"
        assert log[-1]["params"] == {"conference_id": conf["id"],
                                     "enable_overlay_text": "true"}, log[-1]
        reply = sim.post_command("participant/mute", {"participant_id": "gone"}, form=True)
        assert reply.status == 400 and reply.body == gone_participant("mute"), reply


def main():
    with Pexsim("--static", "--conferences", "5", "--participants", "40", "--seed", "5",
                "--dial-delay", str(DIAL_DELAY), "--dial-fail", "unreachable") as sim:
        assert sim.world()["accept_form"] is False
        test_mute_json(sim)
        test_form_bodies_refused(sim)
        test_typed_json_is_logged_as_sent(sim)
        test_lock(sim)
        test_mute_guests(sim)
        test_role(sim)
        test_transform_layout(sim)
        test_transfer(sim)
        test_disconnect_moves_to_history(sim)
        test_conference_disconnect(sim)
        test_dial(sim)
        test_errors(sim)
        test_failed_to_find(sim)
    test_accept_form()
    print("ok")


if __name__ == "__main__":
    main()
