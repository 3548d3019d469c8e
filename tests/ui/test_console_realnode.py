"""The console against answers shaped like real Management Nodes' (issue 10).

- pexsim --shape 2015: a WebRTC caller is a signalling leg and a media leg
  linked by parent_id (no conversation_id): one person, grouped, counted once.
- pexsim --shape v24: callers whose conference has no row in
  status/v1/conference (waiting room, invalid licence screen, IVR,
  connecting) get a conference row marked "no instance"; a waiting caller
  is admitted with u; conference commands on such a row are refused
  locally; :nodes shows deploy_succeeded as healthy and the last contact
  from last_reported.
- A resource the node lacks (404) or refuses (401) says so in its pane, and
  the header's connection state stays on the main listings.
- Plurals agree in the header ("1 conference, 1 participant").
"""

import re
import time

from uitest import Console, Pexsim, wait_for

LEG = "\u2514\u2500"


def pane_of(line, right):
    """The left (conferences) or right (participants) pane part of a line."""
    parts = line.split("\u2502")
    return parts[-1] if right else parts[0]


def webrtc_person(sim):
    _, _, body = sim.get("/api/admin/status/v1/participant/", limit=1000)
    parts = body["objects"]
    by_id = {p["id"]: p for p in parts}
    for media in parts:
        sig = by_id.get(media.get("parent_id") or "")
        if not sig or sig.get("has_media") or sig.get("service_type") not in ("conference",
                                                                                "lecture"):
            continue
        name = sig["display_name"]
        if sum(1 for p in parts if p["display_name"] == name) == 2:
            people = {q.get("parent_id") or q["id"] for q in parts
                      if q["conference"] == sig["conference"]}
            return sig, media, len(people)
    raise AssertionError("no WebRTC caller with two legs")


def filter_conference(c, name):
    c.keys("/")
    c.type(name)
    c.keys("Enter")
    c.wait_for("Participants of %s" % name[:20], timeout=10)


def check_legs_2015():
    with Pexsim("--static", "--shape", "2015", "--conferences", "4", "--participants", "24",
                "--seed", "3") as sim:
        sig, media, people = webrtc_person(sim)
        with Console(sim, width=200, height=50, args=["--refresh", "1"]) as c:
            c.wait_for("Conferences (", timeout=15)
            filter_conference(c, sig["conference"])
            name = sig["display_name"]
            screen = c.wait_for(lambda s: (LEG + " " + name) in s, timeout=10)
            right = [pane_of(line, True) for line in screen.split("\n")]
            legs = [r for r in right if name in r]
            assert len(legs) == 2, legs
            assert LEG not in legs[0] and LEG in legs[1], legs
            # The conferences pane counts people, not legs.
            row = next(pane_of(line, False) for line in screen.split("\n")
                       if sig["conference"][:20] in pane_of(line, False)
                       and "Participants of" not in line)
            assert (" %d " % people) in row, (people, row)


def orphans(sim):
    _, _, body = sim.get("/api/admin/status/v1/participant/", limit=1000)
    _, _, confs = sim.get("/api/admin/status/v1/conference/", limit=1000)
    have = {c["name"] for c in confs["objects"]}
    return [p for p in body["objects"] if p["conference"] not in have]


def check_waiting_v24():
    with Pexsim("--static", "--shape", "v24", "--conferences", "3", "--participants", "12",
                "--seed", "5") as sim:
        lost = orphans(sim)
        waiting = next(p for p in lost if p["service_type"] == "waiting_room")
        nolic = next(p for p in lost if p["service_type"] == "invalid_license_screen")
        with Console(sim, width=200, height=50, args=["--refresh", "1"]) as c:
            screen = c.wait_for(lambda s: waiting["conference"][:20] in s, timeout=15)
            assert "without instance" in screen, screen
            row = next(pane_of(line, False) for line in screen.split("\n")
                       if waiting["conference"][:20] in pane_of(line, False))
            assert "no instance" in row, row
            # The invalid-licence caller's stage, in its conference.
            filter_conference(c, nolic["conference"])
            c.wait_for(lambda s: "no licence" in s, timeout=10)
            c.keys("Escape")
            # A conference command on a row without instance sends nothing.
            filter_conference(c, waiting["conference"])
            c.wait_for(lambda s: "waiting" in pane_of(c.line_with(waiting["display_name"][:20])
                                                      or "", True), timeout=10)
            since = len(sim.commands())
            c.keys("l")
            c.wait_for("has no conference instance", timeout=5)
            time.sleep(0.5)
            assert len(sim.commands()) == since
            # Admit the waiting caller from its participants.
            c.keys("Enter")
            c.keys("/")
            c.type(waiting["display_name"])
            c.keys("Enter")
            c.wait_for("filter: " + waiting["display_name"][:20], timeout=5)
            c.keys("u")
            wait_for(lambda: any(x["command"] == "participant/unlock" for x in sim.commands()),
                     timeout=5, message="admit at pexsim")
            sent = [x for x in sim.commands() if x["command"] == "participant/unlock"]
            assert sent[-1]["params"] == {"participant_id": waiting["id"]}, sent
            assert sent[-1]["content_type"] == "application/json", sent
            # Now a real conference: its row loses the "no instance" mark.
            c.keys("Escape", "Escape")
            c.wait_for(lambda s: not any(
                waiting["conference"][:20] in pane_of(line, False) and "no instance" in line
                for line in s.split("\n")), timeout=10)
            check_nodes_v24(c)


def check_nodes_v24(c):
    c.keys(":")
    c.type("nodes")
    c.keys("Enter")
    screen = c.wait_for(lambda s: "Deploy" in s and "succeeded" in s, timeout=10)
    assert "deploy\u2026" not in screen, screen
    lines = [line for line in screen.split("\n") if "succeeded" in line]
    # The Contact column (last) holds an age taken from last_reported.
    assert lines and all(re.search(r"\s(\d+s|\d+:\d\d(:\d\d)?)$", line.rstrip())
                         for line in lines), lines


def check_missing_resources():
    with Pexsim("--static", "--conferences", "2", "--participants", "4") as sim:
        sim.add_fault("error", status=404, prefix="/api/admin/status/v1/alarm/")
        sim.add_fault("unauthorized", prefix="/api/admin/status/v1/licensing/")
        with Console(sim, width=160, height=40, args=["--refresh", "1"]) as c:
            c.wait_for("connected", timeout=15)
            c.keys(":")
            c.type("alarms")
            c.keys("Enter")
            screen = c.wait_for("not available on this node (HTTP 404)", timeout=10)
            assert "Loading..." not in screen.split("\n")[3], screen
            time.sleep(2.5)  # several refreshes: the header still says connected
            header = c.screen().split("\n")[0]
            assert "retrying" not in header and "connected" in header, header
            c.keys(":")
            c.type("licensing")
            c.keys("Enter")
            c.wait_for("authentication failed", timeout=10)
            assert "Loading..." not in c.screen(), c.screen()


def check_plurals():
    with Pexsim("--static", "--conferences", "1", "--participants", "1") as sim:
        for width, text in ((160, "1 conference, 1 participant"), (110, "1 conf, 1 part"),
                            (80, "1 conf 1 part")):
            with Console(sim, width=width, height=30) as c:
                screen = c.wait_for(lambda s: "connected" in s and "Participants of" in s,
                                    timeout=15)
                header = c.wait_for(lambda s: text in s.split("\n")[0], timeout=10)
                assert "conferences" not in header.split("\n")[0], header


def main():
    check_legs_2015()
    check_waiting_v24()
    check_missing_resources()
    check_plurals()
    print("4 passed, 0 failed")


if __name__ == "__main__":
    main()
