"""Engine integration: commands are POSTed form-encoded at once (never
behind stalled reads), never retried, and a command without an answer is
reported as "unknown outcome"."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pexsim import Pexsim, wait_for  # noqa: E402
from probe_util import check, run_probe, run_tests  # noqa: E402

PARTICIPANTS = "/api/admin/status/v1/participant/"


def sim():
    return Pexsim("--conferences", "3", "--participants", "12", "--static")


def first_participant(s):
    _, _, body = s.get(PARTICIPANTS, limit=5)
    return body["objects"][0]


def commands_named(s, name):
    return [c for c in s.commands() if c["command"] == name]


def test_command_not_blocked_by_stalled_reads():
    with sim() as s:
        pid = first_participant(s)["id"]
        s.add_fault("latency", ms=20000, prefix="/api/admin/status/")
        ops = []
        for res in ("participant", "conference", "worker_vm", "alarm", "conference_shard",
                    "system_location", "licensing"):
            ops += ["list", "status/v1/%s/" % res, "+"]
        ops += ["command", "participant/mute", "participant_id=" + pid]
        run = run_probe(s, *ops, probe_opts=["--until", "1"])
        done = run.ops()
        check(len(done) == 1 and done[0]["op"] == "command", "first to finish: %r" % done)
        cmd = done[0]
        check(cmd["accepted"] and cmd["http_status"] in (200, 202), cmd)
        check(cmd["latency"] < 1.0, "the command took %.2fs behind stalled reads"
              % cmd["latency"])
        check(run.elapsed < 5, "probe took %.1fs" % run.elapsed)
        check(run.stats()["max_reads_in_flight"] == 5, run.stats())
        check(len(commands_named(s, "participant/mute")) == 1, "mute not seen once")


def test_json_body_and_answer_parsed():
    with sim() as s:
        pid = first_participant(s)["id"]
        good = run_probe(s, "command", "participant/mute", "participant_id=" + pid).one()
        check(good["accepted"] and not good["unknown_outcome"], good)
        bad = run_probe(s, "command", "participant/mute", "participant_id=no such & id").one()
        check(not bad["accepted"] and not bad["unknown_outcome"], bad)
        check(bad["http_status"] >= 400 and bad["message"], bad)
        check("HTTP" not in bad["message"], "message should be the server's own: %r" % bad)
        logged = commands_named(s, "participant/mute")
        check(len(logged) == 2, logged)
        mute = logged[0]
        check(mute["method"] == "POST", mute)
        check(mute["content_type"] == "application/json", mute)
        check(mute["params"] == {"participant_id": pid}, mute)
        check(mute["path"].endswith("/participant/mute/"), mute["path"])
        check(logged[1]["params"] == {"participant_id": "no such & id"}, logged[1])


def test_dial_returns_participant_and_validation_messages():
    with Pexsim("--conferences", "3", "--participants", "10", "--static",
                "--dial-delay", "0.2") as s:
        _, _, aliases = s.get("/api/admin/configuration/v1/conference_alias/", limit=1)
        alias = aliases["objects"][0]["alias"]
        res = run_probe(s, "command", "participant/dial", "conference_alias=" + alias,
                        "destination=alice@example.com", "routing=routing_rule",
                        "system_location=London", "role=guest").one()
        check(res["accepted"] and res["http_status"] in (200, 202), res)
        new_id = res["data"]["participant_id"]
        check(new_id in res["data"]["participant_ids"], res)

        def listed():
            run = run_probe(s, "list", "status/v1/participant/", probe_opts=["--print-ids"])
            return new_id in run.one("list")["ids"]
        wait_for(listed, timeout=15, message="the dialled participant to appear")

        bad = run_probe(s, "command", "participant/role", "participant_id=" + new_id,
                        "role=king").one()
        check(not bad["accepted"] and bad["http_status"] == 400, bad)
        check(bad["message"].startswith("role: "), "validation not flattened: %r" % bad)


def unanswered_command_is_unknown(fault, command, *params):
    with sim() as s:
        s.add_fault(fault, ms=3000, prefix="/api/admin/command/v1/%s/" % command)
        run = run_probe(s, "command", command, *params, global_opts=["--timeout", "1"])
        res = run.one("command")
        check(not res["accepted"] and res["unknown_outcome"], res)
        check("outcome unknown" in res["message"], res["message"])
        # The probe has exited: whatever pexsim logs now is all it will ever get.
        wait_for(lambda: commands_named(s, command), timeout=15,
                 message="pexsim to log the %s" % command)
        check(len(commands_named(s, command)) == 1,
              "%s was sent %d times" % (command, len(commands_named(s, command))))
        return res


def test_dial_timeout_not_retried():
    res = unanswered_command_is_unknown("latency", "participant/dial",
                                        "conference_alias=meet.vmr_1", "destination=alice",
                                        "routing=routing_rule", "system_location=London")
    check(res["error"]["kind"] == "TIMEOUT", res)


def test_transfer_timeout_not_retried():
    unanswered_command_is_unknown("latency", "participant/transfer", "participant_id=x",
                                  "conference_alias=meet.vmr_2", "role=guest")


def test_dropped_command_not_retried():
    with sim() as s:
        pid = first_participant(s)["id"]
        s.add_fault("drop", prefix="/api/admin/command/")
        # A read first leaves a kept-alive connection that a command could
        # reuse: libcurl resends a request whose reused connection died, so
        # this catches a second send too.
        run = run_probe(s, "get", "status/v1/conference/", "+", "command",
                        "participant/disconnect", "participant_id=" + pid,
                        probe_opts=["--sequential"])
        res = run.one("command")
        check(res["unknown_outcome"] and res["error"]["kind"] == "NETWORK", res)
        check(len(commands_named(s, "participant/disconnect")) == 1,
              "disconnect sent %d times" % len(commands_named(s, "participant/disconnect")))


def test_server_error_on_command_not_retried():
    with sim() as s:
        s.add_fault("error", status=503, prefix="/api/admin/command/")
        res = run_probe(s, "command", "conference/lock", "conference_id=x").one("command")
        check(not res["accepted"] and not res["unknown_outcome"], res)
        check(res["error"]["kind"] == "SERVER", res)
        check(len(commands_named(s, "conference/lock")) == 1, "lock retried")


def test_read_only_refuses_locally():
    with sim() as s:
        res = run_probe(s, "command", "conference/lock", "conference_id=x",
                        global_opts=["--read-only"]).one("command")
        check(not res["accepted"] and res["error"]["kind"] == "READ_ONLY", res)
        check(s.commands() == [], "a command reached the server in read-only mode")


if __name__ == "__main__":
    run_tests([
        test_command_not_blocked_by_stalled_reads,
        test_json_body_and_answer_parsed,
        test_dial_returns_participant_and_validation_messages,
        test_dial_timeout_not_retried,
        test_transfer_timeout_not_retried,
        test_dropped_command_not_retried,
        test_server_error_on_command_not_retried,
        test_read_only_refuses_locally,
    ])
