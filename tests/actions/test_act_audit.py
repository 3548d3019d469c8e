"""The audit trail of console commands: one JSON line per command sent
(accepted, refused, unknown outcome, and a command still in flight when the
console quits), with source "console", the profile, the Management Node,
the user, the command, target id and name, parameters, outcome and latency;
no password anywhere; the file is 0600 in a 0700 directory."""

import json
import os
import shutil
import stat
import tempfile

from acttest import (Pexsim, ROOM, expect_commands, focus_room_participants, last_seq,
                     open_console, report, row, select_participant, clear_filter, stage_room,
                     status_line)

PASSWORD = "Audit-Secret-7391"


def read_log(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    state = tempfile.mkdtemp(prefix="pexcon-audit-")
    try:
        with Pexsim("--static", "--conferences", "2", "--participants", "6",
                    user="opsadmin", password=PASSWORD) as sim:
            ids = {n: p["id"] for n, p in stage_room(sim).items()}
            conf_id = [o for o in sim.get("/api/admin/status/v1/conference/", limit=100)[2]
                       ["objects"] if o["name"] == ROOM][0]["id"]
            env = {"XDG_STATE_HOME": state}
            config = "[profile lab]\nread_only = false\n"
            with open_console(sim, "--profile", "lab", env=env, config=config) as c:
                # accepted (conference lock), from the conferences pane
                since = last_seq(sim)
                c.keys("l")
                expect_commands(sim, since, 1)
                focus_room_participants(c)
                # accepted (mute)
                select_participant(c, "Alice Ames")
                since = last_seq(sim)
                c.keys("m")
                expect_commands(sim, since, 1)
                clear_filter(c)
                # refused: Bob left before the key
                select_participant(c, "Bob Berg")
                sim.remove_participant(ids["Bob Berg"])
                since = last_seq(sim)
                c.keys("m")
                expect_commands(sim, since, 1)
                c.wait_for(lambda s: "participant is gone" in status_line(c), timeout=5)
                clear_filter(c)
                # unknown outcome: the connection drops
                select_participant(c, "Carol Chen")
                sim.add_fault("drop", prefix="/api/admin/command/", count=1)
                since = last_seq(sim)
                c.keys("d")
                c.wait_for(lambda s: "[y/N]" in s, timeout=5)
                c.keys("y")
                expect_commands(sim, since, 1)
                c.wait_for(lambda s: "unknown outcome" in status_line(c), timeout=5)
                sim.clear_faults()
                clear_filter(c)
                # in flight when the console quits
                select_participant(c, "Dave Dunn")
                sim.add_fault("latency", ms=3000, prefix="/api/admin/command/")
                c.keys("m")
                c.wait_for(lambda s: row(c, "Dave Dunn").lstrip().startswith("\u2026"),
                           timeout=3)  # the pending mark
                c.keys("q")
                assert c.tmux.wait_exit(timeout=10) == 0

        path = os.path.join(state, "pexcon", "audit.log")
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, oct(os.stat(path).st_mode)
        assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
        with open(path) as f:
            raw = f.read()
        assert PASSWORD not in raw, "the password is in the audit log"
        lines = read_log(path)
        assert len(lines) == 5, lines
        keys = {"time", "source", "profile", "node", "user", "command", "target_id",
                "target_name", "params", "outcome", "http_status", "message", "latency_ms"}
        for ln in lines:
            assert keys <= set(ln), ln
            assert ln["source"] == "console" and ln["profile"] == "lab", ln
            assert ln["node"] == "127.0.0.1:%d" % sim.port and ln["user"] == "opsadmin", ln
            assert ln["time"].endswith("Z"), ln
        lock, mute, refused, dropped, quit_ = lines
        assert lock["command"] == "conference/lock" and lock["target_id"] == conf_id
        assert lock["target_name"] == ROOM and lock["params"] == {"conference_id": conf_id}
        assert lock["outcome"] == "accepted" and lock["http_status"] == 202
        assert isinstance(lock["latency_ms"], int) and lock["latency_ms"] >= 0
        assert mute["command"] == "participant/mute" and mute["target_name"] == "Alice Ames"
        assert mute["params"] == {"participant_id": ids["Alice Ames"]}
        assert refused["outcome"] == "refused" and refused["http_status"] == 400
        assert "Failed to find participant." in refused["message"], refused
        assert dropped["command"] == "participant/disconnect" and dropped["outcome"] == "unknown"
        assert dropped["http_status"] is None
        assert quit_["command"] == "participant/mute" and quit_["outcome"] == "unknown"
        assert quit_["target_name"] == "Dave Dunn" and "closed" in quit_["message"], quit_
    finally:
        shutil.rmtree(state, ignore_errors=True)
    report(1)


if __name__ == "__main__":
    main()
