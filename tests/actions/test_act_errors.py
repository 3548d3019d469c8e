"""Failed commands are reported in plain words and leave no false state on
screen; a command whose answer never came is reported as "unknown outcome"
and is never sent again.

- 400 "participant_id: Failed to find participant." (what a real node
  answers when the participant left just before the key): "the participant
  is gone", in one line that fits 80 columns; a transfer to an alias that
  does not exist;
- 500 (pexsim fault on /api/admin/command/): the server error, the world and
  the screen unchanged;
- 404 (pexsim fault): "the participant is gone", no false state;
- a dropped connection: unknown outcome, exactly one request;
- latency beyond --timeout: the row shows the pending mark while waiting,
  then "unknown outcome"; the server acts late, once, and the next refresh
  shows what it did."""

import json
import time

from acttest import (ROOM, clear_filter, expect_commands, focus_room_participants, last_seq,
                     open_console, participant, report, row, select_participant, stage_room,
                     start_sim, status_line, wait_for)

PENDING = "\u2026"


def check_participant_gone(sim, c, ids):
    select_participant(c, "Alice Ames")
    sim.remove_participant(ids["Alice Ames"])  # gone at the server, still on screen
    since = last_seq(sim)
    c.keys("m")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["status"] == 400, cmd
    assert "Failed to find participant." in json.dumps(cmd["response"]), cmd
    c.wait_for(lambda s: "participant is gone" in status_line(c), timeout=5)
    line = status_line(c)
    assert "refused" not in line, line
    message = line[line.index("Mute"):line.index("(already left)") + len("(already left)")]
    assert len(message) <= 80, message
    # The refresh that follows drops the row: nothing pretends she is muted.
    wait_for(lambda: not row(c, "Alice Ames"), timeout=8, message="Alice's row gone")
    clear_filter(c)


def check_transfer_unknown_alias(sim, c, ids):
    select_participant(c, "Bob Berg")
    since = last_seq(sim)
    c.keys("t")
    c.wait_for(lambda s: "to alias" in status_line(c), timeout=5)
    c.type("meet.no-such-room")
    c.keys("Enter", "Enter")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["params"]["conference_alias"] == "meet.no-such-room", cmd
    c.wait_for(lambda s: "Conference alias not found" in status_line(c), timeout=5)
    assert participant(sim, ids["Bob Berg"])["conference"] == ROOM
    assert row(c, "Bob Berg")
    clear_filter(c)


def check_server_error(sim, c, ids):
    select_participant(c, "Bob Berg")
    rule = sim.add_fault("error", status=500, prefix="/api/admin/command/")
    since = last_seq(sim)
    c.keys("m")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["status"] == 500, cmd
    c.wait_for(lambda s: "HTTP 500" in status_line(c), timeout=5)
    assert "server error" in status_line(c), status_line(c)
    sim.remove_fault(rule)
    assert participant(sim, ids["Bob Berg"])["is_muted"] is False
    time.sleep(2.2)  # two refreshes later: still not muted on screen
    assert "muted" not in row(c, "Bob Berg"), row(c, "Bob Berg")
    clear_filter(c)


def check_not_found(sim, c, ids):
    """A 404 (the participant vanished on the node's side) is said in plain
    words and leaves the row as the server last reported it."""
    select_participant(c, "Bob Berg")
    sim.add_fault("error", status=404, prefix="/api/admin/command/", count=1)
    since = last_seq(sim)
    c.keys("m")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["status"] == 404, cmd
    c.wait_for(lambda s: "participant is gone" in status_line(c), timeout=5)
    assert participant(sim, ids["Bob Berg"])["is_muted"] is False
    time.sleep(2.2)  # two refreshes later: still not muted on screen
    assert "muted" not in row(c, "Bob Berg"), row(c, "Bob Berg")
    clear_filter(c)


def check_dropped(sim, c, ids):
    select_participant(c, "Dave Dunn")
    rule = sim.add_fault("drop", prefix="/api/admin/command/")
    since = last_seq(sim)
    c.keys("m")
    expect_commands(sim, since, 1, settle=1.5)  # exactly one: never re-sent
    c.wait_for(lambda s: "unknown outcome" in status_line(c), timeout=5)
    assert "check before trying again" in status_line(c), status_line(c)
    sim.remove_fault(rule)
    assert participant(sim, ids["Dave Dunn"])["is_muted"] is False  # the drop came first
    time.sleep(2.2)
    assert "muted" not in row(c, "Dave Dunn")
    clear_filter(c)


def check_timeout(sim, ids):
    """--timeout 2 against a command answered after 5 s."""
    with open_console(sim, "--timeout", "2") as c:
        focus_room_participants(c)
        select_participant(c, "Carol Chen")
        rule = sim.add_fault("latency", ms=5000, prefix="/api/admin/command/")
        since = last_seq(sim)
        t0 = time.monotonic()
        c.keys("m")
        # Pending while the server has not answered; nothing flipped.
        c.wait_for(lambda s: row(c, "Carol Chen").lstrip().startswith(PENDING), timeout=2)
        assert "muted" not in row(c, "Carol Chen")
        c.wait_for(lambda s: "unknown outcome" in status_line(c), timeout=6)
        waited = time.monotonic() - t0
        assert 1.5 < waited < 4.5, waited
        line = status_line(c)
        assert "Mute" in line and "not re-sent" in line, line
        assert not row(c, "Carol Chen").lstrip().startswith(PENDING)
        # pexsim acts after its 5 s delay; still exactly one command.
        cmds = expect_commands(sim, since, 1, timeout=8, settle=2.0)
        assert cmds[0]["params"] == {"participant_id": ids["Carol Chen"]}, cmds
        sim.remove_fault(rule)
        # The truth arrives with the refresh: muted, as the server says now.
        c.wait_for(lambda s: "muted" in row(c, "Carol Chen"), timeout=6)
        c.keys("q")
        assert c.tmux.wait_exit(timeout=10) == 0


def main():
    with start_sim() as sim:
        ids = {n: p["id"] for n, p in stage_room(sim).items()}
        with open_console(sim) as c:
            focus_room_participants(c)
            check_participant_gone(sim, c, ids)
            check_transfer_unknown_alias(sim, c, ids)
            check_server_error(sim, c, ids)
            check_not_found(sim, c, ids)
            check_dropped(sim, c, ids)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
        check_timeout(sim, ids)
    report(6)


if __name__ == "__main__":
    main()
