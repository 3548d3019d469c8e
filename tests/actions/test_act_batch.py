"""Marked participants: Space marks (a visible glyph) and moves down; the
marks survive refreshes; with marks, m asks once ("Mute 3 participants?")
and sends one command per marked participant, exactly those; n cancels;
Esc clears the marks; r and d act on the marks the same way."""

import time

from acttest import (PEOPLE, expect_commands, expect_no_command, focus_room_participants,
                     last_seq, open_console, participant, pane_rows, report, stage_room,
                     start_sim, status_line, wait_for)

MARK = "\u2713"


def marked_names(c):
    return [n for n in PEOPLE + ("Erin Eads",) for line in pane_rows(c)
            if n in line and line.lstrip().startswith(MARK)]


def check_mark_and_mute(sim, c, ids):
    c.keys("g")
    for _ in range(3):
        c.keys("Space")
    c.wait_for(lambda s: len(marked_names(c)) == 3, timeout=5)
    marked = marked_names(c)
    assert "3 marked" in status_line(c), status_line(c)
    # Marks are kept by id across refreshes (--refresh 1).
    time.sleep(2.5)
    assert marked_names(c) == marked, (marked_names(c), marked)

    # n cancels: nothing sent.
    since = last_seq(sim)
    c.keys("m")
    c.wait_for(lambda s: "Mute 3 participants?" in status_line(c), timeout=5)
    c.keys("n")
    expect_no_command(sim, since, settle=0.5)

    # y: one confirmation, three commands, for exactly the marked ones.
    since = last_seq(sim)
    c.keys("m")
    c.wait_for(lambda s: "Mute 3 participants?" in status_line(c), timeout=5)
    c.keys("y")
    cmds = expect_commands(sim, since, 3)
    assert {x["path"] for x in cmds} == {"/api/admin/command/v1/participant/mute/"}, cmds
    assert sorted(x["params"]["participant_id"] for x in cmds) == sorted(ids[n] for n in marked)
    for n in marked:
        assert participant(sim, ids[n])["is_muted"] is True
    unmarked = [n for n in PEOPLE if n not in marked]
    assert all(participant(sim, ids[n])["is_muted"] is False for n in unmarked)
    c.wait_for(lambda s: "Muted 3 participants" in status_line(c), timeout=5)
    wait_for(lambda: all("muted" in line for line in pane_rows(c)
                         if any(n in line for n in marked)), timeout=5,
             message="the marked rows show muted")
    return marked


def check_role_batch(sim, c, ids, marked):
    since = last_seq(sim)
    c.keys("r")
    c.wait_for(lambda s: "Make 3 participants chair?" in status_line(c), timeout=5)
    c.keys("y")
    cmds = expect_commands(sim, since, 3)
    assert all(x["params"]["role"] == "chair" for x in cmds), cmds
    assert sorted(x["params"]["participant_id"] for x in cmds) == sorted(ids[n] for n in marked)


def check_clear_and_disconnect(sim, c, ids, marked):
    # With a filter on, Esc clears the filter first, then the marks.
    c.type("/e")
    c.keys("Enter")
    c.wait_for("filter: e", timeout=5)
    c.keys("Escape")
    c.wait_for(lambda s: "filter: " not in s, timeout=5)
    assert len(marked_names(c)) == 3
    c.keys("Escape")
    c.wait_for(lambda s: marked_names(c) == [] and "Marks cleared" in status_line(c), timeout=5)
    assert "Participants of" in c.screen()  # still in the participants pane
    # Mark two again (the first two rows) and disconnect them.
    c.keys("g", "Space", "Space")
    c.wait_for(lambda s: len(marked_names(c)) == 2, timeout=5)
    two = marked_names(c)
    since = last_seq(sim)
    c.keys("d")
    c.wait_for(lambda s: "Disconnect 2 participants?" in status_line(c), timeout=5)
    c.keys("Enter")  # the default is No
    expect_no_command(sim, since, settle=0.5)
    c.keys("d")
    c.wait_for(lambda s: "Disconnect 2 participants?" in status_line(c), timeout=5)
    c.keys("y")
    cmds = expect_commands(sim, since, 2)
    assert sorted(x["params"]["participant_id"] for x in cmds) == sorted(ids[n] for n in two)
    assert all(participant(sim, ids[n]) is None for n in two)
    # Gone from the server: their marks go too; m now acts on the selection.
    wait_for(lambda: not any(n in line for n in two for line in pane_rows(c)), timeout=8,
             message="disconnected rows gone")
    assert marked_names(c) == []


def main():
    with start_sim() as sim:
        ids = {n: p["id"] for n, p in stage_room(sim, people=PEOPLE + ("Erin Eads",)).items()}
        with open_console(sim) as c:
            focus_room_participants(c)
            marked = check_mark_and_mute(sim, c, ids)
            check_role_batch(sim, c, ids, marked)
            check_clear_and_disconnect(sim, c, ids, marked)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    report(3)


if __name__ == "__main__":
    main()
