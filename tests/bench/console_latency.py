#!/usr/bin/env python3
"""Key-to-screen latency of pexcon, with the Management Node stalled.

pexsim delays every status answer by 20 s (fault latency on
/api/admin/status/). Each sample sends one key with tmux send-keys and
polls capture-pane (every 2 ms) until the change is visible: '?' opening
the help overlay, and j/k moving the conference selection (the
participants pane title follows). Prints median / p90 / p99 / max over N;
run it once with PEXCON set to each binary to compare two builds.

    PEXSIM=build/src/sim/pexsim PEXCON=build/src/pexcon \
        PYTHONPATH=tests/lib:tests/ui python3 tests/bench/console_latency.py [-n 30]
    ... --no-stall --participants 10000 --conferences 1 --scroll   (big lists)

The figures include tmux's own capture time (a few ms), so they are an
upper bound of what pexcon adds."""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "ui"))
from uitest import Console, Pexsim, conference_names  # noqa: E402


def timed(c, key, cond):
    t0 = time.monotonic()
    c.keys(key)
    c.wait_for(cond, timeout=5, interval=0.002)
    return (time.monotonic() - t0) * 1000.0


def summary(label, xs):
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(len(xs) * 0.9))]
    p99 = xs[min(len(xs) - 1, int(len(xs) * 0.99))]
    print("%-34s n=%-3d median %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms"
          % (label, len(xs), statistics.median(xs), p90, p99, xs[-1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=30)
    ap.add_argument("--participants", type=int, default=40)
    ap.add_argument("--conferences", type=int, default=8)
    ap.add_argument("--no-stall", action="store_true")
    ap.add_argument("--scroll", action="store_true",
                    help="also time PgDn in the first conference's participants")
    a = ap.parse_args()
    with Pexsim("--static", "--conferences", str(a.conferences),
                "--participants", str(a.participants)) as sim:
        names = sorted(conference_names(sim), key=str.lower)
        with Console(sim, width=200, height=50, args=["--refresh", "1"]) as c:
            c.wait_for(lambda s: names[0][:12] in s and "Participants of" in s, timeout=30)
            if not a.no_stall:
                sim.add_fault("latency", ms=20000, prefix="/api/admin/status/")
                c.wait_for("waiting for server", timeout=15)
            helps, moves = [], []
            for i in range(a.n):
                helps.append(timed(c, "?", lambda s: "Help: keys" in s))
                c.keys("Escape")
                c.wait_for(lambda s: "Help: keys" not in s)
                if len(names) < 2:
                    continue
                # Alternate between the first two conferences.
                target = names[1] if i % 2 == 0 else names[0]
                key = "j" if i % 2 == 0 else "k"
                moves.append(timed(c, key, lambda s, t=target: "Participants of %s" % t[:20] in s))
            scrolls = []
            if a.scroll:
                c.keys("g")  # first conference, then its participants
                c.wait_for("Participants of %s" % names[0][:20])
                c.keys("Tab")
                for _ in range(a.n):
                    before = c.screen()
                    scrolls.append(timed(c, "NPage", lambda s, b=before: s != b))
            sim.clear_faults()
    state = "no stall" if a.no_stall else "server stalled 20 s"
    print("world: %d conferences, %d participants; %s" % (a.conferences, a.participants, state))
    summary("'?' -> help overlay visible", helps)
    if moves:
        summary("j/k -> selection + pane follow", moves)
    if scrolls:
        summary("PgDn in the participants pane", scrolls)


if __name__ == "__main__":
    main()
