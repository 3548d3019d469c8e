"""The trouble list: every live participant across all conferences, worst
call first; only the worst candidates' media streams are read, one request
at a time and only while the list is shown; Enter jumps to the participant
in its conference (the main panes, that conference and participant
selected).

Participants with known bad quality are staged through /_sim/participants.
"""

import re
import time

from viewtest import (SEVERITY, Console, Pexsim, api, command, last_seq, pane_rows,
                      requests_matching, sleep_until)

TITLE = "Worst calls first ("
QUALITY = re.compile(r"(unknown|good|ok|bad|terrible)")


def check_order(c, sim):
    confs = sorted(o["name"] for o in api(sim, "status/v1/conference/"))
    tina = sim.add_participant(conference=confs[0], display_name="Terrible Tina",
                               call_quality="4_terrible", protocol="SIP")
    bob = sim.add_participant(conference=confs[-1], display_name="Bad Bob",
                              call_quality="3_bad", protocol="SIP")
    total = len(api(sim, "status/v1/participant/"))
    since = last_seq(sim)
    command(c, "trouble")
    screen = c.wait_for(lambda s: len(pane_rows(s, TITLE)) >= min(total, 40)
                        and "Terrible Tina" in pane_rows(s, TITLE)[0], timeout=15)
    assert "(%d legs)" % total in screen, screen
    # The only terrible call first; Bad Bob among the bad ones.
    check_ranking(screen)
    rows = pane_rows(screen, TITLE)
    assert "Terrible Tina" in rows[0] and "\u2716 terrible" in rows[0], rows[:3]
    assert any("Bad Bob" in r and "\u25b2 bad" in r for r in rows), rows
    # The worst candidates' streams are read, the staged ones among them;
    # their windowed loss then ranks the calls of one quality.
    screen = c.wait_for(lambda s: all(any(n in r and " ago" in r for r in pane_rows(s, TITLE))
                                      for n in ("Terrible Tina", "Bad Bob")), timeout=15)
    check_ranking(screen)
    probed = requests_matching(sim, since, "/media_stream/")
    assert any(tina["id"] in r["path"] for r in probed), probed
    assert any(bob["id"] in r["path"] for r in probed), probed
    return tina, since


def columns(screen):
    """Spans of the right-aligned loss and jitter columns, from the header."""
    lines = screen.split("\n")
    at = next(i for i, l in enumerate(lines) if l.startswith("\u2500 ") and TITLE in l)
    head = lines[at + 1]
    loss_end = head.index("WinLoss%") + len("WinLoss%")
    jitter_end = head.index("Jitter") + len("Jitter")
    return (loss_end - 8, loss_end), (jitter_end - 6, jitter_end)


def check_ranking(screen):
    """Worse quality first; within one quality, higher windowed loss, then
    higher jitter (calls not measured yet count as 0)."""
    (l0, l1), (j0, j1) = columns(screen)
    keys = []
    for r in pane_rows(screen, TITLE):
        level = SEVERITY[QUALITY.search(r).group(1)]
        loss = float(r[l0:l1].strip() or 0)
        jitter = float(r[j0:j1].strip() or 0)
        keys.append((level, loss * 1000 + min(jitter, 999)))
    assert keys == sorted(keys, reverse=True), keys


def check_probe_rate(c, sim, since):
    """At most one stream request per second, one at a time, for at most
    20 distinct participants; none once the list is gone."""
    window = 6.0
    start = time.monotonic()
    seq = last_seq(sim)
    sleep_until(start + window)
    probed = requests_matching(sim, seq, "/media_stream/")
    assert len(probed) <= window + 1, probed
    everyone = requests_matching(sim, since, "/media_stream/")
    distinct = {r["path"] for r in everyone}
    assert len(distinct) <= 20, len(distinct)
    # One at a time: no two requests overlapped.
    spans = sorted((r["time"] - r["ms"] / 1000.0, r["time"]) for r in everyone)
    for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
        assert b0 >= a1 - 0.005, (a0, a1, b0, b1)


def check_jump(c, sim, tina):
    c.keys("g")
    c.keys("Enter")
    # The main panes, the conference selected, the participant selected:
    # Enter opens that participant's media.
    c.wait_for("Participants of %s" % tina["conference"][:20], timeout=10)
    c.keys("Enter")
    c.wait_for("Media of Terrible Tina", timeout=10)
    c.keys("Escape")
    c.wait_for(lambda s: "Media of" not in s)
    # The list is gone: no more stream reads for it (the media pane's own
    # reads stopped with Esc too; one may still have been in flight).
    time.sleep(1.5)
    seq = last_seq(sim)
    time.sleep(3.0)
    assert not requests_matching(sim, seq, "/media_stream/"), sim.requests(seq)


def main():
    with Pexsim("--static", "--seed", "7", "--conferences", "5", "--participants", "34") as sim:
        with Console(sim, width=200, height=50) as c:
            c.wait_for("connected", timeout=15)
            tina, since = check_order(c, sim)
            check_probe_rate(c, sim, since)
            check_jump(c, sim, tina)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
