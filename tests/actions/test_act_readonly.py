"""Read-only mode (--read-only, or read_only = true in the profile) disables
every action that sends a command: each key says so and nothing reaches
pexsim; the help lists those actions as unavailable "(read-only)"; marking
(which sends nothing) still works."""

from acttest import (ROOM, expect_no_command, focus_room_participants, last_seq, open_console,
                     report, select_participant, stage_room, start_sim, status_line)

PARTICIPANT_KEYS = (("m", "muting"), ("r", "changing roles"), ("t", "transfer"),
                    ("u", "admitting"), ("d", "disconnecting is"))
CONFERENCE_KEYS = (("l", "locking"), ("M", "muting guests"), ("L", "changing the layout"),
                   ("o", "dialling out"), ("D", "disconnecting a conference"))
ACTION_HELP = ("Mute/unmute", "Role chair <-> guest", "Transfer to a VMR alias",
               "Admit one waiting", "Disconnect, y/N", "Lock or unlock",
               "Mute or unmute all guests", "Layout picker", "Dial out",
               "Disconnect all")


def check_refused(sim, c):
    since = last_seq(sim)
    for key, what in CONFERENCE_KEYS:
        c.keys(key)
        c.wait_for(lambda s: ("Read-only mode: %s" % what) in status_line(c), timeout=5)
        screen = c.screen()
        assert "[y/N]" not in screen and "Layout of" not in screen and "Type its name" not in \
            screen, screen
    focus_room_participants(c)
    select_participant(c, "Alice Ames")
    for key, what in PARTICIPANT_KEYS:
        c.keys(key)
        c.wait_for(lambda s: ("Read-only mode: %s" % what) in status_line(c), timeout=5)
        assert "[y/N]" not in c.screen() and "to alias" not in status_line(c)
    expect_no_command(sim, since, settle=1.0)
    assert "READ-ONLY" in c.screen().split("\n")[0]


def check_help(c):
    c.keys("?")
    c.wait_for("Help: keys", timeout=5)
    text = c.screen()
    for _ in range(6):  # scroll down through the whole help
        c.keys("PageDown")
        text += c.screen()
    for h in ACTION_HELP:
        line = [ln for ln in text.split("\n") if h in ln]
        assert line and "(read-only)" in line[0], (h, line)
    mark = [ln for ln in text.split("\n") if "Mark or unmark" in ln]
    assert mark and "(read-only)" not in mark[0], mark
    c.keys("Escape")
    c.wait_for(lambda s: "Help: keys" not in s, timeout=5)


def check_marking_still_works(c):
    c.keys("Space")
    c.wait_for(lambda s: "1 marked" in status_line(c), timeout=5)


def main():
    with start_sim() as sim:
        stage_room(sim)
        with open_console(sim, "--read-only") as c:
            check_refused(sim, c)
            check_help(c)
            check_marking_still_works(c)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
        # The same from the profile.
        config = "[profile lab]\nread_only = true\n"
        with open_console(sim, "--profile", "lab", config=config) as c:
            assert ROOM in c.screen()
            check_refused(sim, c)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    report(4)


if __name__ == "__main__":
    main()
