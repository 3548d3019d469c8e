"""Shared helpers for the console's conference-control tests (suite 'actions').

Each test starts pexsim --static, stages a conference "AAA Control Room"
(sorted first, so the console selects it at start) with known participants,
runs pexcon in tmux (tests/ui/uitest.py's Console), presses keys, then
checks three things: what pexsim received (its /_sim/commands log: path and
params, exactly once), how its world changed (GET through the harness), and
what the screen shows after the refresh.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "ui"))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from uitest import Console, Pexsim, SKIP, wait_for  # noqa: E402,F401  (re-exported)

ROOM = "AAA Control Room"
PEOPLE = ("Alice Ames", "Bob Berg", "Carol Chen", "Dave Dunn")
COMMAND_PREFIX = "/api/admin/command/v1/"


def start_sim(*extra):
    """A static world: two generated conferences plus whatever a test stages."""
    return Pexsim("--static", "--conferences", "2", "--participants", "6", "--dial-delay", "1",
                  *extra)


def stage_room(sim, room=ROOM, people=PEOPLE, **overrides):
    """Stage `people` (display names) in `room`; overrides[name] = {field: value}.
    Returns {name: participant object}."""
    out = {}
    for name in people:
        fields = {"conference": room, "display_name": name, "role": "guest",
                  "is_muted": False, "is_mute_supported": True,
                  "is_disconnect_supported": True, "is_transfer_supported": True}
        fields.update(overrides.get(name, {}))
        out[name] = sim.add_participant(**fields)
    return out


def participant(sim, pid):
    """The live participant object, or None when it is gone."""
    status, _, body = sim.get("/api/admin/status/v1/participant/%s/" % pid)
    return body if status == 200 and isinstance(body, dict) else None


def participants_of(sim, room=ROOM):
    _, _, body = sim.get("/api/admin/status/v1/participant/", limit=1000, conference=room)
    return body["objects"]


def conference(sim, name=ROOM):
    """The live conference object named `name`, or None."""
    _, _, body = sim.get("/api/admin/status/v1/conference/", limit=1000, name=name)
    objs = [o for o in body["objects"] if o.get("name") == name]
    return objs[0] if objs else None


def last_seq(sim):
    cmds = sim.commands()
    return cmds[-1]["seq"] if cmds else 0


def commands_since(sim, since):
    return [c for c in sim.commands(since) if c["path"].startswith(COMMAND_PREFIX)]


def refreshed_after_last_command(sim):
    """Has pexcon asked for status after the last command it sent? It
    refreshes as soon as a command's answer arrives (or its outcome is
    known to be unknown), so this is the moment the command is done."""
    reqs = sim.requests()
    posts = [r["seq"] for r in reqs
             if r["method"] == "POST" and r["path"].startswith(COMMAND_PREFIX)]
    return bool(posts) and any(r["seq"] > posts[-1] and r["method"] == "GET"
                               and r["path"].startswith("/api/admin/status/") for r in reqs)


def expect_commands(sim, since, n, timeout=5.0, settle=0.8):
    """Wait for `n` commands after `since` and for the refresh pexcon starts
    once they are answered; then no more may have arrived (nothing is sent
    twice). Without such a refresh, wait `settle` seconds instead. Returns
    the commands."""
    wait_for(lambda: len(commands_since(sim, since)) >= n, timeout=timeout,
             message="%d command(s) at pexsim" % n)
    try:
        wait_for(lambda: refreshed_after_last_command(sim), timeout=timeout + settle,
                 message="the refresh after the command")
    except AssertionError:
        time.sleep(settle)
    cmds = commands_since(sim, since)
    assert len(cmds) == n, "expected exactly %d command(s), got %r" % (n, cmds)
    return cmds


def expect_no_command(sim, since, settle=1.0):
    time.sleep(settle)
    cmds = commands_since(sim, since)
    assert cmds == [], "expected no command, got %r" % cmds


def open_console(sim, *args, width=200, height=50, env=None, config=None):
    c = Console(sim, width=width, height=height, args=["--refresh", "1", *args], env=env,
                config=config)
    c.wait_for(ROOM, timeout=15)
    return c


def focus_room_participants(c):
    """From the start screen (conferences pane, AAA Control Room selected):
    drill into its participants."""
    c.wait_for(lambda s: ("Participants of " + ROOM) in s and any(p in s for p in PEOPLE),
               timeout=10)
    c.keys("Enter")
    time.sleep(0.1)


def select_participant(c, name):
    """Filter the (focused) participants pane to `name`: the selection moves
    to it."""
    c.type("/" + name)
    c.keys("Enter")
    c.wait_for(lambda s: ("filter: " + name) in s, timeout=5)


def clear_filter(c):
    c.keys("Escape")
    c.wait_for(lambda s: "filter: " not in s, timeout=5)


def pane_rows(c):
    """The table rows on screen (no header, title or status line), each cut
    to the participants pane when the panes are side by side."""
    lines = c.screen().rstrip("\n").split("\n")
    out = []
    for line in lines[1:-1]:
        if "filter: " in line or line.startswith("\u2500") or "\u2500 " in line[:3]:
            continue
        out.append(line.rsplit("\u2502", 1)[-1])
    return out


def row(c, name):
    """The participants-pane row of `name` (the first one), or ""."""
    for line in pane_rows(c):
        if name in line:
            return line
    return ""


def conference_row(c, name=ROOM):
    """The conferences-pane row of `name` (left of the separator), or ""."""
    for line in c.screen().rstrip("\n").split("\n")[1:-1]:
        left = line.split("\u2502", 1)[0]
        if name in left and "\u2500" not in left[:2]:
            return left
    return ""


def status_line(c):
    lines = c.screen().rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def report(passed):
    print("%d passed, 0 failed" % passed)
