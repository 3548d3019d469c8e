"""pexsim --shape current|v24|2015 and --orphans over HTTP: which fields
each shape serves (absent keys, "None" strings, v24 worker_vm words), WebRTC
callers as two legs linked by parent_id, callers whose conference has no
status/conference row (admit, disconnect, filter by conference name), and
staging such callers and leg pairs through POST /_sim/participants."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import (HISTORY, STATUS, Pexsim, all_of, expect_ok, participant,  # noqa: E402
                    pexsim_binary)

ABSENT_2015 = {"conversation_id", "call_quality", "proxy_node", "is_mute_supported",
               "is_disconnect_supported", "is_transfer_supported", "is_presentation_supported"}
ORPHAN_TYPES = {"waiting_room", "invalid_license_screen", "ivr", "connecting"}


def conference_names(sim):
    return {c["name"] for c in all_of(sim, STATUS + "conference/")}


def orphans(sim):
    rows = conference_names(sim)
    return [p for p in all_of(sim, STATUS + "participant/") if p["conference"] not in rows]


def test_help_and_flags():
    binary = pexsim_binary()
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0
    for word in ("--shape SHAPE", "current", "v24", "2015", "--orphans N", "--accept-form"):
        assert word in out.stdout, word
    bad = subprocess.run([binary, "--shape", "v25"], capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "--shape wants current, v24 or 2015" in bad.stderr, bad


def streams_of(sim, pid):
    status, _, page = sim.get(STATUS + "participant/%s/media_stream/" % pid)
    assert status == 200, (pid, status)
    return page["objects"]


def test_current():
    with Pexsim("--static", "--seed", "3") as sim:
        world = sim.world()
        assert world["shape"] == "current" and world["orphans"] == 0, world
        assert orphans(sim) == []
        parts = all_of(sim, STATUS + "participant/")
        assert all(ABSENT_2015 <= set(p) for p in parts)
        assert all(p["proxy_node"] != "None" for p in parts)
        worker = all_of(sim, STATUS + "worker_vm/")[0]
        assert "sync_status" in worker and "last_attempted_contact" in worker
        assert "last_reported" not in worker and worker["version"].startswith("26")


def check_v24_worker(sim, version):
    for worker in all_of(sim, STATUS + "worker_vm/"):
        assert worker["version"] == version, worker
        assert worker["deploy_status"] == "deploy_succeeded"
        assert worker["last_reported"] and worker["last_updated"]
        assert "last_attempted_contact" not in worker and "sync_status" not in worker
    status, _, one = sim.get(STATUS + "worker_vm/1/")
    assert status == 200 and "sync_status" not in one and one["version"] == version


def test_v24():
    with Pexsim("--static", "--seed", "4", "--shape", "v24") as sim:
        assert sim.world()["shape"] == "v24"
        check_v24_worker(sim, "24 (55691.0.0)")
        parts = all_of(sim, STATUS + "participant/")
        assert all("conversation_id" in p and "is_mute_supported" in p for p in parts)
        assert all(p["proxy_node"] for p in parts)  # "None", never ""
        assert any(p["proxy_node"] == "None" for p in parts)
        for p in parts:
            if not p["has_media"]:
                assert p["media_node"] == "None", p
        resolutions = []
        for p in parts[:15]:
            for s in streams_of(sim, p["id"]):
                for d in ("rx", "tx"):
                    resolutions.append(s[d + "_resolution"])
                    if s[d + "_bitrate"] == 0:
                        assert s[d + "_resolution"] == "None", s
        assert "None" in resolutions and "" not in resolutions and None not in resolutions
        # pages are shaped too, not only limit=0
        status, _, page = sim.get(STATUS + "participant/", limit=3, offset=2)
        assert status == 200 and all(p["proxy_node"] for p in page["objects"])


def test_2015():
    with Pexsim("--static", "--seed", "5", "--shape", "2015") as sim:
        assert sim.world()["shape"] == "2015"
        check_v24_worker(sim, "10 (26047.0.0)")
        parts = all_of(sim, STATUS + "participant/")
        by_id = {p["id"]: p for p in parts}
        for p in parts:
            assert not ABSENT_2015 & set(p), sorted(ABSENT_2015 & set(p))
            assert not any(k.startswith("is_") and k.endswith("_supported") for k in p)
        detail = participant(sim, parts[0]["id"])
        assert "call_quality" not in detail and "historic_call_quality" not in detail
        pairs = 0
        for p in parts:
            if p["protocol"] != "WebRTC":
                continue
            if p["parent_id"]:
                sig = by_id[p["parent_id"]]
                assert sig["has_media"] is False and p["has_media"] is True
                assert sig["display_name"] == p["display_name"]
                assert sig["participant_alias"] == "Infinity_Connect_" + sig["remote_address"]
                assert streams_of(sim, sig["id"]) == [] and streams_of(sim, p["id"])
                pairs += 1
            else:
                assert p["has_media"] is False, p  # a WebRTC caller is never one leg
        assert pairs >= 2
        # history: no conversation_id/call_quality, streams without fps
        hist = all_of(sim, HISTORY + "participant/")
        assert hist and all("conversation_id" not in h and "call_quality" not in h
                            for h in hist)
        assert all("rx_fps" not in s and "tx_fps" not in s
                   for h in hist for s in h["media_streams"])
        flat = all_of(sim, HISTORY + "media_stream/")
        assert flat and all("rx_fps" not in s and "tx_fps" not in s for s in flat)
        # either leg acts on the person
        sig = next(p for p in parts if p["protocol"] == "WebRTC" and not p["parent_id"]
                   and p["service_type"] == "conference")
        media = next(p for p in parts if p["parent_id"] == sig["id"])
        expect_ok(sim.post_command("participant/mute", {"participant_id": sig["id"]}))
        assert participant(sim, media["id"])["is_muted"] is True
        expect_ok(sim.post_command("participant/disconnect", {"participant_id": media["id"]}))
        assert participant(sim, sig["id"]) is None and participant(sim, media["id"]) is None


def test_orphans_in_old_shapes():
    for shape in ("v24", "2015"):
        with Pexsim("--static", "--seed", "7", "--shape", shape) as sim:
            world = sim.world()
            assert world["orphans_at_start"] == 5 and world["orphans"] >= 5, world
            found = orphans(sim)
            heads = [p for p in found if not p["parent_id"]]
            kinds = sorted(p["service_type"] for p in heads)
            assert kinds.count("waiting_room") >= 2, kinds
            assert set(kinds) >= ORPHAN_TYPES, kinds
            assert set(p["service_type"] for p in found) <= ORPHAN_TYPES
            shards = {s["conference"] for s in all_of(sim, STATUS + "conference_shard/")}
            # found by their conference name, with no conference row or shard
            for p in heads:
                assert p["conference"] not in shards
                named = all_of(sim, STATUS + "participant/", conference=p["conference"])
                assert p["id"] in [n["id"] for n in named]
                assert all_of(sim, STATUS + "conference/", name=p["conference"]) == []
            waiting = next(p for p in heads if p["service_type"] == "waiting_room")
            assert waiting["is_on_hold"] is True
            # admit: the conference starts and the caller joins it
            expect_ok(sim.post_command("participant/unlock", {"participant_id": waiting["id"]}))
            rows = all_of(sim, STATUS + "conference/", name=waiting["conference"])
            assert len(rows) == 1 and rows[0]["is_started"] is True, rows
            admitted = participant(sim, waiting["id"])
            assert admitted["service_type"] == "conference" and admitted["is_on_hold"] is False
            # disconnect: gone, and then the 400 of a gone participant
            ivr = next(p for p in heads if p["service_type"] == "ivr")
            expect_ok(sim.post_command("participant/disconnect", {"participant_id": ivr["id"]}))
            assert participant(sim, ivr["id"]) is None
            assert all_of(sim, STATUS + "participant/", conference=ivr["conference"]) == []
            reply = sim.post_command("participant/unlock", {"participant_id": ivr["id"]})
            assert reply.status == 400 and reply.body == {
                "unlock": {"participant_id": ["Failed to find participant."]}}, reply
    with Pexsim("--static", "--seed", "7", "--shape", "v24", "--orphans", "0") as sim:
        assert orphans(sim) == [] and sim.world()["orphans"] == 0
    with Pexsim("--static", "--seed", "7", "--orphans", "2") as sim:
        found = orphans(sim)
        assert found and all(p["service_type"] == "waiting_room" for p in found), found
        assert sim.world()["shape"] == "current"


def test_staging():
    with Pexsim("--static", "--seed", "8", "--conferences", "3", "--participants", "10") as sim:
        lone = sim.add_participant(conference="Nobody Here Yet", conference_row=False,
                                   display_name="Early Erin")
        assert "conference_row" not in lone
        assert lone["service_type"] == "waiting_room" and lone["is_on_hold"] is True
        assert "Nobody Here Yet" not in conference_names(sim)
        named = all_of(sim, STATUS + "participant/", conference="Nobody Here Yet")
        assert [p["id"] for p in named] == [lone["id"]]
        pin = sim.add_participant(conference="Nobody Here Yet", conference_row=False,
                                  service_type="ivr", display_name="Pin Pat")
        assert pin["service_type"] == "ivr"
        # a leg pair: signalling leg first, then the media leg naming it
        sig = sim.add_participant(conference="Two Legs", protocol="WebRTC", has_media=False,
                                  display_name="Legs Lee", participant_alias="Infinity_Connect_"
                                  "10.1.2.3", remote_address="10.1.2.3")
        media = sim.add_participant(parent_id=sig["id"])
        assert media["parent_id"] == sig["id"] and media["conference"] == "Two Legs"
        assert media["display_name"] == "Legs Lee" and media["has_media"] is True
        assert streams_of(sim, sig["id"]) == [] and streams_of(sim, media["id"])
        expect_ok(sim.post_command("participant/mute", {"participant_id": sig["id"]}))
        assert participant(sim, media["id"])["is_muted"] is True
        # wrong uses are 400s from the control endpoint
        status, _, body = sim.request("POST", "/_sim/participants", auth=False,
                                      body={"conference": "Two Legs", "conference_row": False})
        assert status == 400 and "has a row" in body["error"], body
        status, _, body = sim.request("POST", "/_sim/participants", auth=False,
                                      body={"parent_id": sig["id"], "conference": "Other"})
        assert status == 400 and "another conference" in body["error"], body
        # admitting the waiting caller starts the conference; the pin caller stays put
        expect_ok(sim.post_command("participant/unlock", {"participant_id": lone["id"]}))
        assert "Nobody Here Yet" in conference_names(sim)
        assert participant(sim, lone["id"])["service_type"] == "conference"
        assert participant(sim, pin["id"])["service_type"] == "ivr"
        expect_ok(sim.post_command("participant/disconnect", {"participant_id": media["id"]}))
        assert participant(sim, sig["id"]) is None


def main():
    test_help_and_flags()
    test_current()
    test_v24()
    test_2015()
    test_orphans_in_old_shapes()
    test_staging()
    print("ok")


if __name__ == "__main__":
    main()
