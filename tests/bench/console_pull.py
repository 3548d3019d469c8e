#!/usr/bin/env python3
"""What the idle console pulls from the Management Node, per minute, at
platform scale, side by side with a baseline console and the naive poll.

pexcon runs in a 200x50 tmux pane on the main view (conferences and the
focused conference's participants) against a --static pexsim world; pexsim
counts every byte it sends. For each console (PEXCON, and BASELINE_PEXCON
when set, e.g. a build of an earlier commit) the bytes sent during
`--seconds` of steady state are measured, after the first screen is
complete. The naive full poll is the seed's own pattern
(../shared/bench/seed_poller.py: every conference and every participant,
page by page) run once and scaled to one poll per refresh interval.

    PEXSIM=build/src/sim/pexsim PEXCON=build/src/pexcon [BASELINE_PEXCON=...] \\
        PYTHONPATH=tests/lib:tests/ui python3 tests/bench/console_pull.py \\
        [--conferences 1000 --participants 10000 --seconds 120 --refresh 2]

Prints bytes per minute and requests per minute for each console and the
naive poll, and each console's ratio to the naive poll."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "ui"))
from uitest import Console, Pexsim, conference_names  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import scale  # noqa: E402

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "bench",
                    "seed_poller.py")


def pulled(sim, seconds):
    before = sim.counters()
    time.sleep(seconds)
    after = sim.counters()
    return (after["bytes_sent"] - before["bytes_sent"], after["requests"] - before["requests"])


def console_pull(sim, binary, a, names):
    os.environ["PEXCON"] = binary
    with Console(sim, width=200, height=50, args=["--refresh", str(a.refresh)]) as c:
        c.wait_for(lambda s: "Conferences (%d" % len(names) in s and "Participants of " in s,
                   timeout=60)
        time.sleep(2 * a.refresh)  # the first full listings are over
        return pulled(sim, a.seconds)


def naive_poll(sim):
    seed = os.environ.get("SEED_POLLER", SEED)
    before = sim.counters()
    subprocess.run([sys.executable, seed, sim.url, sim.user, sim.password], check=True,
                   stdout=subprocess.DEVNULL)
    after = sim.counters()
    return (after["bytes_sent"] - before["bytes_sent"], after["requests"] - before["requests"])


def main():
    a = scale.parse_args(__doc__)
    consoles = scale.consoles()
    with Pexsim("--static", "--conferences", str(a.conferences),
                "--participants", str(a.participants)) as sim:
        names = conference_names(sim)
        poll_bytes, poll_requests = naive_poll(sim)
        per_min = 60.0 / a.refresh
        naive = poll_bytes * per_min
        print("world: %d conferences, %d participants (--static); refresh %.1f s; %.0f s measured"
              % (a.conferences, a.participants, a.refresh, a.seconds))
        print("%-34s %14s %12s %10s" % ("client", "bytes/min", "requests/min", "vs naive"))
        print("%-34s %14.0f %12.0f %9.3fx" % ("naive full poll (seed pattern)", naive,
                                               poll_requests * per_min, 1.0))
        for label, binary in consoles:
            b, r = console_pull(sim, binary, a, names)
            to_min = 60.0 / a.seconds
            print("%-34s %14.0f %12.0f %9.3fx" % (label + " console, idle on the main view",
                                                   b * to_min, r * to_min, b * to_min / naive))


if __name__ == "__main__":
    main()
