"""A stalled Management Node does not stall the console.

pexsim delays every status answer by 20 s. While a refresh hangs, keys,
help, pane changes and scrolling answer at once (help measured: it must
appear within 100 ms of send-keys), the old rows stay on screen with their
age, the header says it is waiting, and no second request for the same
resource is started while one is in flight."""

import statistics
import time

from uitest import Console, Pexsim, conference_names

SAMPLES = 10


def time_to_screen(c, key, cond):
    t0 = time.monotonic()
    c.keys(key)
    c.wait_for(cond, timeout=5, interval=0.002)
    return time.monotonic() - t0


def main():
    with Pexsim("--static", "--conferences", "5", "--participants", "20") as sim:
        names = conference_names(sim)
        with Console(sim, width=200, height=50, args=["--refresh", "1"]) as c:
            c.wait_for(lambda s: all(n[:12] in s for n in names), timeout=15)
            sim.add_fault("latency", ms=20000, prefix="/api/admin/status/")
            # Let the next refreshes start and hang.
            c.wait_for("waiting for server", timeout=10)
            since = sim.requests()[-1]["seq"] if sim.requests() else 0

            opens, closes = [], []
            for _ in range(SAMPLES):
                opens.append(time_to_screen(c, "?", lambda s: "Help: keys" in s))
                closes.append(time_to_screen(c, "Escape", lambda s: "Help: keys" not in s))
            # Pane change and scrolling answer as fast.
            tab = time_to_screen(c, "Tab", lambda s: "Participants of" in s)
            move = time_to_screen(c, "BTab", lambda s: True)
            screen = c.screen()
            median = statistics.median(opens)
            print("help open: median %.1f ms, max %.1f ms; close median %.1f ms; tab %.1f ms"
                  % (median * 1e3, max(opens) * 1e3, statistics.median(closes) * 1e3, tab * 1e3))
            assert median < 0.100, opens
            assert statistics.median(closes) < 0.100, closes
            # Old rows stay, with their age, while the server hangs.
            assert all(n[:12] in screen for n in names), screen
            header = screen.split("\n")[0]
            assert "waiting for server" in header and "old" in header, header
            # One request per resource in flight: in these seconds of stall
            # at most one conference and one participant listing started.
            reqs = [r for r in sim.requests(since) if r["path"].startswith("/api/admin/status/")]
            conf = [r for r in reqs if "/status/v1/conference/" in r["path"]]
            part = [r for r in reqs if "/status/v1/participant/" in r["path"]]
            assert len(conf) <= 1 and len(part) <= 1, reqs
            sim.clear_faults()
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
            del move
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
