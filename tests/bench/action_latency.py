#!/usr/bin/env python3
"""Key-to-command latency of the console's conference-control actions.

pexcon runs in tmux against pexsim (--static). A conference of N staged
participants is opened; for each sample the bench moves to the next
participant, presses m (tmux send-keys) and waits until pexsim's command log
(/_sim/commands) holds the mute. The latency is pexsim's log time of the
command minus the wall-clock time at which send-keys returned (and, for
reference, minus the time just before send-keys was called). Both clocks
are the same machine's CLOCK_REALTIME.

Two runs: with polling normal, then with every status request delayed 20 s
(fault latency on /api/admin/status/, so a refresh is in flight and stalled
while the keys are pressed). The second pass presses m on the same
participants again, which unmutes them.

    PEXSIM=build/src/sim/pexsim PEXCON=build/src/pexcon \\
        PYTHONPATH=tests/lib:tests/ui python3 tests/bench/action_latency.py [-n 25]
"""

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "ui"))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from uitest import Console, Pexsim  # noqa: E402

ROOM = "AAA Bench Room"


def summary(label, xs):
    xs = sorted(x * 1000.0 for x in xs)
    p90 = xs[min(len(xs) - 1, int(len(xs) * 0.9))]
    print("%-50s n=%-3d median %6.1f ms  p90 %6.1f ms  min %6.1f  max %6.1f ms"
          % (label, len(xs), statistics.median(xs), p90, xs[0], xs[-1]))
    return statistics.median(xs)


def last_seq(sim):
    cmds = sim.commands()
    return cmds[-1]["seq"] if cmds else 0


def wait_command(sim, since, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cmds = [c for c in sim.commands(since) if "/command/" in c["path"]]
        if cmds:
            return cmds[0]
        time.sleep(0.002)
    raise AssertionError("no command at pexsim within %.0f s" % timeout)


def one_pass(sim, c, n, expect_path):
    """Press m on rows 1..n of the participants pane (one participant each)."""
    after, before = [], []
    c.keys("g")
    time.sleep(0.2)
    for i in range(n):
        since = last_seq(sim)
        t_before = time.time()
        c.keys("m")
        t_after = time.time()
        cmd = wait_command(sim, since)
        assert cmd["path"] == expect_path, cmd
        after.append(cmd["time"] - t_after)
        before.append(cmd["time"] - t_before)
        c.keys("j")
        time.sleep(0.05)
    return after, before


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=25, help="presses per run (at least 20)")
    ap.add_argument("--conferences", type=int, default=8)
    ap.add_argument("--participants", type=int, default=40,
                    help="generated participants besides the bench room")
    a = ap.parse_args()
    with Pexsim("--static", "--conferences", str(a.conferences),
                "--participants", str(a.participants)) as sim:
        for i in range(a.n):
            sim.add_participant(conference=ROOM, display_name="Bench %02d" % (i + 1),
                                role="guest", is_muted=False, is_mute_supported=True)
        with Console(sim, width=200, height=60, args=["--refresh", "2"]) as c:
            c.wait_for(lambda s: "Participants of " + ROOM in s and "Bench 01" in s, timeout=15)
            c.keys("Enter")
            time.sleep(0.3)

            after, before = one_pass(sim, c, a.n, "/api/admin/command/v1/participant/mute/")
            print("pexcon in tmux, pexsim --static, %d conferences, %d + %d participants"
                  % (a.conferences, a.participants, a.n))
            m1 = summary("polling normal: send-keys returned -> pexsim", after)
            summary("polling normal: before send-keys -> pexsim", before)

            # Let a refresh show every mute (the next pass unmutes them).
            c.wait_for(lambda s: s.count("muted") >= min(a.n, 40), timeout=15)
            sim.add_fault("latency", ms=20000, prefix="/api/admin/status/")
            c.wait_for("waiting for server", timeout=15)
            after, before = one_pass(sim, c, a.n, "/api/admin/command/v1/participant/unmute/")
            m2 = summary("status stalled 20 s: send-keys returned -> pexsim", after)
            summary("status stalled 20 s: before send-keys -> pexsim", before)
            sim.clear_faults()
            c.keys("q")
    print("medians: %.1f ms normal, %.1f ms stalled" % (m1, m2))


if __name__ == "__main__":
    main()
