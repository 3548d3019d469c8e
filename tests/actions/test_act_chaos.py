"""Chaos: the console against pexsim under a random schedule of faults
(500, 503 with Retry-After, 429, malformed and truncated bodies, an HTML
login page, 401, a hanging server, dropped connections, and once a restart
of the node on the same port), scoped to status reads or to commands,
while mute and lock are pressed throughout.

Asserts that pexcon stays alive; that every command reached pexsim at most
once per key press and that each one pexsim received is in the audit log
exactly once (sent once, audited once); that the data is fresh again
within 10 s of the last fault; and that q restores the terminal.

The schedule is seeded (PEXCON_CHAOS_SEED, default 1); it runs for
PEXCON_CHAOS_SECONDS (default 60) so that CI stays short; run it longer by
hand."""

import json
import os
import random
import time

from acttest import (focus_room_participants, open_console, select_participant, stage_room,
                     start_sim, wait_for)

FAULTS = [
    ("error", {"status": 500}),
    ("error", {"status": 503}),
    ("ratelimit", {"retry_after": 2}),
    ("malformed", {}),
    ("truncate", {}),
    ("html", {}),
    ("unauthorized", {}),
    ("latency", {"ms": 4000}),
    ("drop", {}),
]
SCOPES = ["/api/admin/status/", "/api/admin/command/"]


def audit_lines(c):
    path = os.path.join(c.home, ".local", "state", "pexcon", "audit.log")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def header(c):
    return c.screen().split("\n")[0]


def main():
    seconds = float(os.environ.get("PEXCON_CHAOS_SECONDS", "60"))
    rng = random.Random(int(os.environ.get("PEXCON_CHAOS_SEED", "1")))
    with start_sim() as sim:
        stage_room(sim)
        with open_console(sim) as c:
            focus_room_participants(c)
            select_participant(c, "Alice Ames")
            pid = c.tmux.program_pid("pexcon")
            assert pid, "pexcon is running"
            presses = 0
            faults_seen = set()
            received = []  # commands every pexsim instance received
            end = time.monotonic() + seconds
            restart_at = time.monotonic() + seconds / 2
            while time.monotonic() < end:
                if restart_at and time.monotonic() > restart_at:
                    # Nothing in flight across the restart: every command
                    # this instance received has been answered and audited.
                    def sent_here():
                        return [x for x in sim.commands()
                                if x["path"].startswith("/api/admin/command/")]
                    wait_for(lambda: len(audit_lines(c)) >= len(received) + len(sent_here()),
                             timeout=15, message="commands answered before the restart")
                    received += sent_here()
                    sim.restart()
                    stage_room(sim)
                    restart_at = None
                    faults_seen.add(("restart", ""))
                kind, extra = rng.choice(FAULTS)
                scope = rng.choice(SCOPES)
                rule = sim.add_fault(kind, prefix=scope, p=0.7, **extra)
                faults_seen.add((kind, scope))
                for _ in range(rng.randint(1, 3)):
                    c.keys(rng.choice(["m", "m", "l"]))
                    presses += 1
                    time.sleep(rng.uniform(0.2, 0.8))
                sim.remove_fault(rule)
                assert c.tmux.program_pid("pexcon") == pid, "pexcon died under " + kind
            # The last fault is gone: within 10 s the data is fresh again.
            sim.clear_faults()
            last_fault = time.monotonic()
            c.wait_for(lambda s: "connected" in s.split("\n")[0]
                       and "retrying" not in s.split("\n")[0], timeout=10)
            recovered = time.monotonic() - last_fault
            print("recovered %.1f s after the last fault" % recovered)
            # Every command pexsim received was sent once and audited once
            # (a command still in flight at q is audited as unknown then).
            c.keys("q")
            assert c.tmux.wait_exit(timeout=15) == 0
            received += [x for x in sim.commands() if x["path"].startswith("/api/admin/command/")]
            lines = audit_lines(c)
            assert len(received) <= presses, (len(received), presses)
            # Each command pexsim received has its audit line, in order; an
            # audit line without one is a command that never reached a
            # server (sent while the node restarted): no HTTP answer.
            j = 0
            for ln in lines:
                x = received[j] if j < len(received) else None
                if x and ln["command"] == x["command"] and ln["params"] == x["params"]:
                    j += 1
                else:
                    assert ln["http_status"] is None, ("audited but not received", ln)
            assert j == len(received), ("received but not audited", received[j:])
            out = c.tmux.run_shell("stty -a")
            assert " icanon" in out and " echo" in out and "-icanon" not in out, out
            print("%d key presses, %d commands received and audited (%d more audited that "
                  "never reached a server), %d fault kinds x scopes"
                  % (presses, len(received), len(lines) - len(received), len(faults_seen)))
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
