"""Participant actions from the keyboard: m (mute/unmute), r (role), u (admit),
d (disconnect, y/N) and the refusal of actions a participant does not support.

For each: the keys, then what pexsim received (path and params, exactly
once), how its world changed, and what the screen shows after the refresh."""

from acttest import (PEOPLE, ROOM, expect_commands, expect_no_command, focus_room_participants,
                     last_seq, open_console, participant, report, row, select_participant,
                     clear_filter, stage_room, start_sim, status_line, wait_for)


def check_mute(sim, c, ids):
    alice = ids["Alice Ames"]
    select_participant(c, "Alice Ames")
    assert "muted" not in row(c, "Alice Ames")
    since = last_seq(sim)
    c.keys("m")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/participant/mute/", cmd
    assert cmd["params"] == {"participant_id": alice}, cmd
    assert participant(sim, alice)["is_muted"] is True
    c.wait_for(lambda s: "muted" in row(c, "Alice Ames"), timeout=5)
    assert "Muted" in status_line(c), status_line(c)

    # m again: the screen now says muted, so m unmutes.
    since = last_seq(sim)
    c.keys("m")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/participant/unmute/", cmd
    assert cmd["params"] == {"participant_id": alice}, cmd
    assert participant(sim, alice)["is_muted"] is False
    c.wait_for(lambda s: "muted" not in row(c, "Alice Ames"), timeout=5)
    clear_filter(c)


def check_role(sim, c, ids):
    bob = ids["Bob Berg"]
    select_participant(c, "Bob Berg")
    since = last_seq(sim)
    c.keys("r")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/participant/role/", cmd
    assert cmd["params"] == {"participant_id": bob, "role": "chair"}, cmd
    assert participant(sim, bob)["role"] == "chair"
    c.wait_for(lambda s: "chair" in row(c, "Bob Berg"), timeout=5)
    since = last_seq(sim)
    c.keys("r")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["params"] == {"participant_id": bob, "role": "guest"}, cmd
    c.wait_for(lambda s: "guest" in row(c, "Bob Berg"), timeout=5)
    clear_filter(c)


def check_admit(sim, c, ids):
    wendy = ids["Wendy Wait"]
    select_participant(c, "Wendy Wait")
    c.wait_for(lambda s: "waiting" in row(c, "Wendy Wait") or "on hold" in row(c, "Wendy Wait"))
    since = last_seq(sim)
    c.keys("u")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/participant/unlock/", cmd
    assert cmd["params"] == {"participant_id": wendy}, cmd
    assert participant(sim, wendy)["is_on_hold"] is False
    c.wait_for(lambda s: "on hold" not in row(c, "Wendy Wait") and "waiting" not in
               row(c, "Wendy Wait"), timeout=5)
    # Admitted now: u again is refused without a request.
    since = last_seq(sim)
    c.keys("u")
    c.wait_for(lambda s: "not waiting" in status_line(c), timeout=5)
    expect_no_command(sim, since, settle=0.5)
    clear_filter(c)


def check_disconnect(sim, c, ids):
    carol = ids["Carol Chen"]
    select_participant(c, "Carol Chen")
    # n cancels; Enter (the default, No) cancels; Esc cancels: nothing sent.
    for key in ("n", "Enter", "Escape"):
        since = last_seq(sim)
        c.keys("d")
        c.wait_for(lambda s: "Disconnect" in status_line(c) and "[y/N]" in status_line(c))
        c.keys(key)
        c.wait_for(lambda s: "[y/N]" not in s, timeout=5)
        expect_no_command(sim, since, settle=0.5)
        assert participant(sim, carol) is not None
    # y sends it, exactly once.
    since = last_seq(sim)
    c.keys("d")
    c.wait_for(lambda s: "[y/N]" in status_line(c))
    c.keys("y")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/participant/disconnect/", cmd
    assert cmd["params"] == {"participant_id": carol}, cmd
    assert participant(sim, carol) is None
    # The row leaves (after its brief departed highlight).
    try:
        wait_for(lambda: not row(c, "Carol Chen"), timeout=8, message="Carol row gone")
    except AssertionError:
        print(c.screen())
        raise
    clear_filter(c)


def check_unsupported(sim, c, ids):
    select_participant(c, "Stan Static")
    for key, words in (("m", "does not support muting"),
                       ("d", "does not support disconnecting"),
                       ("t", "does not support transfer")):
        since = last_seq(sim)
        c.keys(key)
        c.wait_for(lambda s: words in status_line(c), timeout=5)
        assert "[y/N]" not in c.screen()
        expect_no_command(sim, since, settle=0.4)
    clear_filter(c)


def main():
    with start_sim() as sim:
        ids = {n: p["id"] for n, p in stage_room(sim, people=PEOPLE).items()}
        ids["Wendy Wait"] = sim.add_participant(
            conference=ROOM, display_name="Wendy Wait", is_on_hold=True,
            service_type="waiting_room", role="guest")["id"]
        ids["Stan Static"] = sim.add_participant(
            conference=ROOM, display_name="Stan Static", is_mute_supported=False,
            is_disconnect_supported=False, is_transfer_supported=False)["id"]
        with open_console(sim) as c:
            focus_room_participants(c)
            check_mute(sim, c, ids)
            check_role(sim, c, ids)
            check_admit(sim, c, ids)
            check_disconnect(sim, c, ids)
            check_unsupported(sim, c, ids)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
        check_rebound(sim, ids)
    report(6)


def check_rebound(sim, ids):
    """[keys] rebinds an action: X mutes, m no longer does; help shows X."""
    config = "[keys]\nX = participant.mute\n"
    with open_console(sim, config=config) as c:
        focus_room_participants(c)
        select_participant(c, "Dave Dunn")
        since = last_seq(sim)
        c.keys("m")
        expect_no_command(sim, since, settle=0.5)
        c.keys("X")
        cmd = expect_commands(sim, since, 1)[0]
        assert cmd["params"] == {"participant_id": ids["Dave Dunn"]}, cmd
        clear_filter(c)
        c.keys("?")
        # The whole overlay, not a frame caught mid-draw.
        help_text = c.wait_for(lambda s: "Help: keys" in s and "Mute/unmute" in s, timeout=5)
        line = [ln for ln in help_text.split("\n") if "Mute/unmute" in ln]
        assert line and " X " in line[0], line
        c.keys("Escape", "q")
        assert c.tmux.wait_exit(timeout=10) == 0


if __name__ == "__main__":
    main()
