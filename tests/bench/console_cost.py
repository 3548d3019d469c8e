#!/usr/bin/env python3
"""What the idle console costs on the client at platform scale: resident
memory (VmRSS sampled every second, and VmHWM) and CPU, side by side with a
baseline console.

pexcon runs in a 200x50 tmux pane on the main view against pexsim
(`--static` unless --live); after the first screen, /proc/PID/status and
/proc/PID/stat are sampled every second for `--seconds`. CPU is reported
per minute and per refresh interval (user + system time).

    PEXSIM=build/src/sim/pexsim PEXCON=build/src/pexcon [BASELINE_PEXCON=...] \\
        PYTHONPATH=tests/lib:tests/ui python3 tests/bench/console_cost.py \\
        [--conferences 1000 --participants 10000 --seconds 120 --refresh 2 --live]
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "ui"))
from uitest import Console, Pexsim, conference_names  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import scale  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / TICK


def measure(sim, binary, a, names):
    os.environ["PEXCON"] = binary
    with Console(sim, width=200, height=50, args=["--refresh", str(a.refresh)]) as c:
        c.wait_for(lambda s: "Conferences (%d" % len(names) in s and "Participants of " in s,
                   timeout=120)
        pid = c.tmux.program_pid("pexcon")
        time.sleep(2 * a.refresh)
        rss, cpu0, t0 = [], cpu_s(pid), time.monotonic()
        while time.monotonic() - t0 < a.seconds:
            rss.append(status_kb(pid, "VmRSS"))
            time.sleep(1)
        cpu = cpu_s(pid) - cpu0
        elapsed = time.monotonic() - t0
        return {"rss_med": statistics.median(rss) / 1024, "rss_min": min(rss) / 1024,
                "rss_max": max(rss) / 1024, "hwm": status_kb(pid, "VmHWM") / 1024,
                "cpu_min": cpu * 60 / elapsed * 1000,
                "cpu_refresh": cpu * a.refresh / elapsed * 1000}


def main():
    live = ("--live", {"action": "store_true", "help": "a changing world (not --static)"})
    a = scale.parse_args(__doc__, [live])
    consoles = scale.consoles()
    world = [] if a.live else ["--static"]
    with Pexsim(*world, "--conferences", str(a.conferences),
                "--participants", str(a.participants)) as sim:
        names = conference_names(sim)
        print("world: %d conferences, %d participants (%s); refresh %.1f s; %.0f s sampled"
              % (a.conferences, a.participants, "live" if a.live else "--static", a.refresh,
                 a.seconds))
        print("%-10s %9s %9s %9s %9s %12s %14s" % ("console", "RSS med", "RSS min", "RSS max",
                                                 "VmHWM", "CPU ms/min", "CPU ms/refresh"))
        for label, binary in consoles:
            m = measure(sim, binary, a, names)
            print("%-10s %8.1fM %8.1fM %8.1fM %8.1fM %12.0f %14.1f" % (
                label, m["rss_med"], m["rss_min"], m["rss_max"], m["hwm"], m["cpu_min"],
                m["cpu_refresh"]))


if __name__ == "__main__":
    main()
