#!/usr/bin/env python3
"""Bytes pexcon writes to the terminal per refresh at steady state.

pexcon runs in a 200x50 tmux pane against a --static pexsim world; tmux
pipe-pane copies everything pexcon writes into a file, whose growth is
measured over N refresh intervals once the first screen is complete.

    PEXSIM=build/src/sim/pexsim PEXCON=build/src/pexcon \
        PYTHONPATH=tests/lib:tests/ui python3 tests/bench/console_bytes.py [--refreshes 10]

Prints bytes per refresh and per second, with the world's size; also the
same with refresh paused (what the clock alone costs: durations and the
data age tick once a second)."""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "ui"))
from uitest import Console, Pexsim, conference_names  # noqa: E402


def grow(path, seconds):
    start = os.path.getsize(path)
    time.sleep(seconds)
    return os.path.getsize(path) - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refreshes", type=int, default=10)
    ap.add_argument("--refresh", type=float, default=2.0)
    ap.add_argument("--participants", type=int, default=40)
    ap.add_argument("--conferences", type=int, default=8)
    a = ap.parse_args()
    with Pexsim("--static", "--conferences", str(a.conferences),
                "--participants", str(a.participants)) as sim:
        names = conference_names(sim)
        out = tempfile.mktemp(prefix="pexcon-bytes-")
        with Console(sim, width=200, height=50, args=["--refresh", str(a.refresh)]) as c:
            c.wait_for(lambda s: all(n[:12] in s for n in names[:10]), timeout=20)
            c.keys("Tab", "Enter")  # open a media pane too (1 s refresh)
            c.wait_for("Media of ")
            time.sleep(3)  # first media samples, flashes over
            c.tmux.pipe_to_file(out)
            time.sleep(0.5)
            seconds = a.refreshes * a.refresh
            live = grow(out, seconds)
            c.keys("p")
            c.wait_for("PAUSED")
            time.sleep(1)
            paused = grow(out, seconds)
        os.unlink(out)
    print("world: %d conferences, %d participants (--static); screen 200x50; media pane open"
          % (a.conferences, a.participants))
    print("refreshing every %.1f s: %d bytes over %d refreshes = %.0f bytes/refresh, %.0f bytes/s"
          % (a.refresh, live, a.refreshes, live / a.refreshes, live / seconds))
    print("paused (clock only):    %d bytes over %.0f s = %.0f bytes/s"
          % (paused, seconds, paused / seconds))


if __name__ == "__main__":
    main()
