"""The console's panes, drill-down, help overlay and a clean exit.

pexcon runs in a 200x50 tmux pane against a --static pexsim world.
"""

import base64
import http.client
import os
import re

from tmux import Tmux
from uitest import Console, Pexsim, conference_names, participants_of, pexcon_binary, wait_for


def check_panes_and_columns(c, names):
    screen = c.wait_for(lambda s: all(n[:12] in s for n in names), timeout=15)
    assert "Conferences (%d)" % len(names) in screen, screen
    header = screen.split("\n")[0]
    assert "connected" in header and "%d conferences" % len(names) in header, header
    for title in ("Conference", "Type", "Parts", "Worst", "Duration"):
        assert title in screen, "conference column %s missing:\n%s" % (title, screen)
    for title in ("Name", "Role", "Proto", "Quality", "Muted", "Kbps", "Media node"):
        assert title in screen, "participant column %s missing:\n%s" % (title, screen)
    # Sorted by name with the first conference selected: the participants
    # pane shows that conference.
    assert "Participants of %s" % names[0][:20] in screen, screen


def participant_with_streams(sim, names):
    """A (conference, participant) whose media pane will have streams."""
    for conf in names:
        people = participants_of(sim, conf)
        for p in people:
            # A person with one leg, so the filter selects exactly it.
            if sum(1 for q in people if q.get("conversation_id") == p.get("conversation_id")) > 1:
                continue
            status, _, body = sim.get("/api/admin/status/v1/participant/%s/media_stream/" % p["id"])
            if status == 200 and body["objects"] and p["display_name"]:
                return conf, p
    raise AssertionError("no participant with media streams in the world")


def check_drill_down(c, sim, names):
    # Moving the selection: the participants pane follows the conference.
    c.keys("j")
    c.wait_for("Participants of %s" % names[1][:20])
    shown = [p["display_name"] for p in participants_of(sim, names[1])]
    c.wait_for(lambda s: all(n[:14] in s for n in shown))
    # Filter the conferences to the one we want (selection moves to the
    # first match), Enter focuses its participants, filter them, and Enter
    # on the participant opens its media pane.
    conf, person = participant_with_streams(sim, names)
    c.keys("/")
    c.type(conf)
    c.keys("Enter")
    c.wait_for("Participants of %s" % conf[:20])
    c.keys("Enter")
    c.keys("/")
    c.type(person["display_name"])
    c.keys("Enter")
    c.wait_for("filter: %s" % person["display_name"][:20])
    c.keys("Enter")
    screen = c.wait_for("Media of %s" % person["display_name"][:20])
    assert "Stream" in screen and "Codec" in screen and "WinLoss%" in screen, screen
    c.wait_for(lambda s: " rx " in s and " tx " in s, timeout=10)
    # Esc leaves the media pane; Esc clears the participants' filter.
    c.keys("Escape")
    c.wait_for(lambda s: "Media of " not in s)
    c.keys("Escape")
    c.wait_for(lambda s: "filter: %s" % person["display_name"][:20] not in s)


def check_help(c):
    c.keys("?")
    # The ':' commands come from the command table, other names included.
    wanted = ("Quit", "Move down", "Filter the pane", "Sort by the next column",
              "Pause or resume refreshing", "Refresh now", ":theme NAME", "Drill in",
              ":quit, :q", ":help", ":refresh SECONDS")
    try:
        c.wait_for(lambda s: "Help: keys" in s and all(t in s for t in wanted), timeout=10)
    except AssertionError:
        screen = c.screen()
        missing = [t for t in wanted if t not in screen]
        raise AssertionError("help lacks %r:\n%s" % (missing, screen))
    c.keys("Escape")
    c.wait_for(lambda s: "Help: keys" not in s)


def check_quit_restores(c):
    c.keys("q")
    rc = c.tmux.wait_exit(timeout=10)
    assert rc == 0, rc
    out = c.tmux.run_shell("stty -a")
    # Canonical mode and echo are back; the alternate screen is gone (the
    # shell prompt is visible with the exit marker).
    assert " icanon" in out and " echo" in out and "-icanon" not in out, out
    screen = c.screen()
    assert "Conferences (" not in screen, screen


def main():
    with Pexsim("--static", "--conferences", "6", "--participants", "30") as sim:
        names = conference_names(sim)
        assert len(names) >= 3
        with Console(sim, width=200, height=50) as c:
            check_panes_and_columns(c, sorted(names, key=str.lower))
            check_drill_down(c, sim, sorted(names, key=str.lower))
            check_help(c)
            check_quit_restores(c)
    check_demo()
    print("1 passed, 0 failed")


def check_demo():
    """--demo: an embedded simulated node on loopback with random credentials."""
    env = {"HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent", "PEXCON_PASSWORD": ""}
    with Tmux([pexcon_binary(), "--demo"], width=160, height=40, env=env) as t:
        screen = t.wait_for(lambda s: "Participants of" in s and "connected" in s, timeout=20)
        header = screen.split("\n")[0]
        match = re.search(r"demo @ 127\.0\.0\.1:(\d+)", header)
        assert match, header
        assert not t.program_pid("pexsim"), "the demo world runs inside pexcon"
        # The embedded node answers on loopback but not to default credentials.
        conn = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=5)
        token = base64.b64encode(b"admin:pexsim").decode()
        conn.request("GET", "/api/admin/status/v1/conference/",
                     headers={"Authorization": "Basic " + token})
        assert conn.getresponse().status == 401
        conn.close()
        t.send_keys("q")
        assert t.wait_exit(timeout=10) == 0


if __name__ == "__main__":
    main()
