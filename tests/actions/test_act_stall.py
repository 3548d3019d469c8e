"""Commands do not wait for polling: with every status request delayed 20 s
(a refresh in flight and stalled), m still reaches pexsim at once. The row's
pending mark goes when the server answers and the status line says so, but
the Muted column does not change until a refresh shows it (no optimistic
flip); pressing m again meanwhile is refused rather than guessed."""

import statistics
import time

from acttest import (expect_commands, focus_room_participants, last_seq, open_console,
                     participant, report, row, select_participant, stage_room, start_sim,
                     status_line, wait_for)


def main():
    with start_sim() as sim:
        ids = {n: p["id"] for n, p in stage_room(sim).items()}
        with open_console(sim) as c:
            focus_room_participants(c)
            select_participant(c, "Alice Ames")
            sim.add_fault("latency", ms=20000, prefix="/api/admin/status/")
            c.wait_for("waiting for server", timeout=10)

            since = last_seq(sim)
            t0 = time.time()
            c.keys("m")
            cmd = expect_commands(sim, since, 1, settle=0.3)[0]
            delay = cmd["time"] - t0
            print("key to command at pexsim while polls stall: %.1f ms" % (delay * 1e3))
            assert delay < 0.5, delay
            assert cmd["params"] == {"participant_id": ids["Alice Ames"]}, cmd
            assert cmd["status"] == 202, cmd
            c.wait_for(lambda s: "Muted" in status_line(c), timeout=3)
            # The refresh is still stalled: the screen keeps the last state
            # the server reported.
            for _ in range(10):
                assert "muted" not in row(c, "Alice Ames"), row(c, "Alice Ames")
                time.sleep(0.2)
            # A second m would guess from an old screen: refused, not sent.
            since = last_seq(sim)
            c.keys("m")
            c.wait_for(lambda s: "Waiting for the refresh" in status_line(c), timeout=3)
            time.sleep(0.5)
            assert [x for x in sim.commands(since) if "/command/" in x["path"]] == []

            # Another participant's command goes at once too.
            samples = []
            for name in ("Bob Berg", "Carol Chen", "Dave Dunn"):
                c.keys("Escape")
                select_participant(c, name)
                since = last_seq(sim)
                t0 = time.time()
                c.keys("r")
                samples.append(expect_commands(sim, since, 1, settle=0.1)[0]["time"] - t0)
            print("role while stalled: median %.1f ms" % (statistics.median(samples) * 1e3))
            assert max(samples) < 0.5, samples

            # Once status answers again, the refresh shows the truth.
            sim.clear_faults()
            assert participant(sim, ids["Alice Ames"])["is_muted"] is True
            c.keys("Escape")
            select_participant(c, "Alice Ames")
            wait_for(lambda: "muted" in row(c, "Alice Ames"), timeout=30,
                     message="Alice shown muted after the refresh")
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    report(1)


if __name__ == "__main__":
    main()
