"""Transfer (t) with Tab completion of VMR aliases loaded lazily from the
configuration API, and dial out (o) through its five prompts with their
defaults: the command pexsim receives, the world, and the new or moved
participant on screen. A dial the server refuses (no location) shows the
server's field error."""

import collections
import time

from acttest import (PEOPLE, ROOM, clear_filter, conference, expect_commands, focus_room_participants,
                     last_seq, open_console, participant, participants_of, report, row,
                     select_participant, stage_room, start_sim, status_line, wait_for)

TARGET = "Incident Bridge"
TARGET_ALIAS = "meet.incident-bridge"


def config_requests(sim, since=0):
    return [r for r in sim.requests(since)
            if r["path"].startswith("/api/admin/configuration/v1/conference")]


def check_transfer(sim, c, ids):
    alice = ids["Alice Ames"]
    # The aliases are not fetched until the prompt opens.
    assert config_requests(sim) == [], config_requests(sim)
    select_participant(c, "Alice Ames")
    since = last_seq(sim)
    c.keys("t")
    c.wait_for(lambda s: "Transfer" in status_line(c) and "to alias" in status_line(c), timeout=5)
    wait_for(lambda: config_requests(sim), timeout=5, message="alias listing requested")
    # The list of aliases (with their VMR names) narrows as you type.
    c.type("meet.inc")
    c.wait_for(lambda s: "meet.incident-bridge@example.com" in s and TARGET in s
               and "meet.board-meeting" not in s, timeout=5)
    # Tab completes the common part of the matches.
    c.keys("Tab")
    c.wait_for(lambda s: status_line(c).rstrip().endswith(TARGET_ALIAS) or
               (TARGET_ALIAS + " ") in status_line(c), timeout=5)
    c.keys("Enter")
    # The role, pre-filled "guest": Enter accepts it.
    c.wait_for(lambda s: "Role in the new conference" in status_line(c) and
               "guest" in status_line(c), timeout=5)
    c.keys("Enter")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/participant/transfer/", cmd
    assert cmd["params"] == {"participant_id": alice, "conference_alias": TARGET_ALIAS,
                             "role": "guest"}, cmd
    assert participant(sim, alice)["conference"] == TARGET
    c.wait_for(lambda s: "Transferred" in status_line(c), timeout=5)
    wait_for(lambda: not row(c, "Alice Ames"), timeout=8, message="Alice gone from the room")
    clear_filter(c)


def check_dial(sim, c):
    locations = collections.Counter(p.get("system_location") for p in participants_of(sim))
    location = locations.most_common(1)[0][0]
    before = {p["id"] for p in participants_of(sim)}
    since = last_seq(sim)
    c.keys("o")
    c.wait_for(lambda s: "Dial into" in status_line(c) and "destination" in status_line(c),
               timeout=5)
    c.type("sip:zed.zimmer@example.com")
    c.keys("Enter")
    for label, default in (("Role", "guest"), ("Protocol", "sip"), ("Routing", "routing_rule"),
                           ("System location", location)):
        c.wait_for(lambda s: label in status_line(c) and default in status_line(c), timeout=5)
        c.keys("Enter")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/participant/dial/", cmd
    assert cmd["params"] == {
        "conference_alias": "meet.aaa-control-room",
        "destination": "sip:zed.zimmer@example.com",
        "role": "guest",
        "protocol": "sip",
        "routing": "routing_rule",
        "system_location": location,
    }, cmd
    new = [p for p in participants_of(sim) if p["id"] not in before]
    assert len(new) == 1 and new[0]["display_name"] == "sip:zed.zimmer@example.com", new
    c.wait_for(lambda s: new[0]["id"] in status_line(c) or "Dialled" in status_line(c),
               timeout=5)
    # The new participant appears in the room, then connects.
    c.wait_for(lambda s: row(c, "sip:zed.zimmer@example.com") != "", timeout=8)
    wait_for(lambda: participant(sim, new[0]["id"])["service_type"] != "connecting",
             timeout=8, message="the dialled participant connected")


def check_dial_refused(sim, c):
    """No location with routing_rule: the server's own field error is shown."""
    n_before = len(participants_of(sim))
    since = last_seq(sim)
    c.keys("o")
    c.wait_for(lambda s: "Dial into" in status_line(c), timeout=5)
    c.type("sip:nobody@example.com")
    for _ in range(4):  # destination, role, protocol, routing
        c.keys("Enter")
        time.sleep(0.1)
    c.wait_for(lambda s: "System location" in status_line(c), timeout=5)
    c.keys("C-u", "Enter")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["status"] == 400 and "system_location" not in cmd["params"], cmd
    c.wait_for(lambda s: "system_location: This field is required" in status_line(c), timeout=5)
    assert "400" in status_line(c), status_line(c)
    assert len(participants_of(sim)) == n_before


def main():
    with start_sim() as sim:
        ids = {n: p["id"] for n, p in stage_room(sim, people=PEOPLE).items()}
        assert conference(sim, TARGET) is not None
        with open_console(sim) as c:
            focus_room_participants(c)
            check_transfer(sim, c, ids)
            c.keys("Escape")  # back to the conferences pane, the room selected
            c.wait_for(lambda s: "Participants of " + ROOM in s)
            check_dial(sim, c)
            check_dial_refused(sim, c)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    report(3)


if __name__ == "__main__":
    main()
