"""Conference actions from the keyboard, on the conference in view: l (lock,
from the conferences pane and from its participants pane), M (mute guests),
L (layout picker: typing narrows, Enter applies, overlay text, Esc cancels)
and D (disconnect everyone after typing the conference's name)."""

import time

from acttest import (ROOM, conference, conference_row, expect_commands, expect_no_command,
                     last_seq, open_console, participants_of, report, stage_room, start_sim,
                     status_line, wait_for)


def check_lock(sim, c, conf_id):
    # Conferences pane focused, the staged room selected.
    since = last_seq(sim)
    c.keys("l")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/conference/lock/", cmd
    assert cmd["params"] == {"conference_id": conf_id}, cmd
    assert conference(sim)["is_locked"] is True
    c.wait_for(lambda s: "locked" in conference_row(c), timeout=5)
    assert "Locked" in status_line(c)
    # From its participants pane, l unlocks the conference in view.
    c.keys("Enter")
    c.wait_for(lambda s: "Participants of " + ROOM in s)
    since = last_seq(sim)
    c.keys("l")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/conference/unlock/", cmd
    assert cmd["params"] == {"conference_id": conf_id}, cmd
    assert conference(sim)["is_locked"] is False
    c.wait_for(lambda s: "locked" not in conference_row(c), timeout=5)
    c.keys("Escape")  # back to the conferences pane


def check_mute_guests(sim, c, conf_id):
    since = last_seq(sim)
    c.keys("M")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/conference/mute_guests/", cmd
    assert cmd["params"] == {"conference_id": conf_id}, cmd
    assert conference(sim)["guests_muted"] is True
    assert all(p["is_muted"] for p in participants_of(sim) if p["role"] == "guest")
    c.wait_for(lambda s: "muted" in conference_row(c), timeout=5)
    since = last_seq(sim)
    c.keys("M")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/conference/unmute_guests/", cmd
    c.wait_for(lambda s: "muted" not in conference_row(c), timeout=5)


def picker_text(screen):
    """The text inside the layout picker's box, so that durations and names
    elsewhere on the screen (a "41:33" duration) cannot match a layout."""
    lines = screen.split("\n")
    for top, line in enumerate(lines):
        if "Layout of" in line:
            break
    else:
        return ""
    left = lines[top].rfind("\u250c", 0, lines[top].index("Layout of"))
    right = lines[top].rfind("\u2510")
    if left < 0 or right <= left:
        left, right = 0, len(lines[top])
    inside = []
    for line in lines[top + 1:]:
        if "type to narrow" in line:
            break
        inside.append(line[left + 1:right])
    return "\n".join(inside)


def check_layout(sim, c, conf_id):
    # Esc cancels the picker: nothing sent.
    since = last_seq(sim)
    c.keys("L")
    c.wait_for("Layout of", timeout=5)
    screen = c.screen()
    box = picker_text(screen)
    for layout in ("1:0", "1:7", "1:21", "2:21", "1:33", "4:0", "9:0", "16:0", "25:0", "5:7",
                   "teams", "overlay on"):
        assert layout in box, (layout, screen)
    c.keys("Escape")
    c.wait_for(lambda s: "Layout of" not in s, timeout=5)
    expect_no_command(sim, since, settle=0.4)

    # Typing narrows the list: "grid" keeps the four grids, "3x3" only 9:0.
    c.keys("L")
    c.wait_for("Layout of", timeout=5)
    c.type("grid")
    screen = c.wait_for(lambda s: "Filter: grid" in s and "1:21" not in picker_text(s), timeout=5)
    box = picker_text(screen)
    for layout in ("4:0", "9:0", "16:0", "25:0"):
        assert layout in box, (layout, screen)
    assert "1:33" not in box and "teams" not in box, screen
    c.keys("C-u")
    c.type("3x3")
    c.wait_for(lambda s: "Filter: 3x3" in s and "16:0" not in picker_text(s)
               and "9:0" in picker_text(s), timeout=5)
    since = last_seq(sim)
    c.keys("Enter")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/conference/transform_layout/", cmd
    assert cmd["params"] == {"conference_id": conf_id, "layout": "9:0"}, cmd
    assert conference(sim)["layout"] == "9:0"  # pexsim shows the current layout
    c.wait_for(lambda s: "Layout of" not in s and "9:0" in status_line(c), timeout=5)

    # Overlay text from the same picker; the title shows the layout now in use.
    time.sleep(1.5)  # a refresh brings the new layout
    c.keys("L")
    c.wait_for("(now 9:0)", timeout=5)
    c.type("overlay on")
    c.wait_for(lambda s: "Filter: overlay on" in s and "overlay off" not in s, timeout=5)
    since = last_seq(sim)
    c.keys("Enter")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["params"] == {"conference_id": conf_id, "enable_overlay_text": True}, cmd
    c.wait_for(lambda s: "Overlay text on" in status_line(c), timeout=5)


def check_disconnect_all(sim, c, conf_id):
    # A wrong name cancels, and so does an empty one.
    for typed in ("AAA Control", ""):
        since = last_seq(sim)
        c.keys("D")
        c.wait_for(lambda s: "Type its name" in status_line(c), timeout=5)
        if typed:
            c.type(typed)
        c.keys("Enter")
        c.wait_for(lambda s: "Type its name" not in status_line(c), timeout=5)
        expect_no_command(sim, since, settle=0.4)
        assert conference(sim) is not None
    c.wait_for(lambda s: "did not match" in s or "nothing was sent" in s, timeout=5)
    # The exact name sends it once; everyone leaves, the conference ends.
    since = last_seq(sim)
    c.keys("D")
    c.wait_for(lambda s: "Type its name" in status_line(c), timeout=5)
    c.type(ROOM)
    c.keys("Enter")
    cmd = expect_commands(sim, since, 1)[0]
    assert cmd["path"] == "/api/admin/command/v1/conference/disconnect/", cmd
    assert cmd["params"] == {"conference_id": conf_id}, cmd
    assert conference(sim) is None
    wait_for(lambda: not conference_row(c), timeout=8, message="conference row gone")


def main():
    with start_sim() as sim:
        stage_room(sim)
        conf_id = conference(sim)["id"]
        with open_console(sim) as c:
            c.wait_for(lambda s: "Participants of " + ROOM in s, timeout=10)
            check_lock(sim, c, conf_id)
            check_mute_guests(sim, c, conf_id)
            check_layout(sim, c, conf_id)
            check_disconnect_all(sim, c, conf_id)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    report(4)


if __name__ == "__main__":
    main()
