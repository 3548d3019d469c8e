"""The platform views' refresh policy, seen from pexsim's request log.

With --refresh 1 (the live panes every second):
- the main panes: no node statistics, licensing or history requests; the
  header's alarms and nodes only at their background rate (15 s);
- :nodes: the nodes every 5 s, still no statistics;
- Enter on a node: its statistics, every 10 s; Esc: they stop;
- :licensing: one licensing request in 20 s (its rate is 30 s), no
  statistics, and the header's live counts from limit=1 requests.
"""

import time

from pexsim import people

from viewtest import Console, Pexsim, command, header, last_seq, sleep_until

STATS = "/statistics/"
ALARMS = "/api/admin/status/v1/alarm/"
NODES = "/api/admin/status/v1/worker_vm/"
LICENSING = "/api/admin/status/v1/licensing/"


def observe(sim, seconds):
    """The requests pexsim received during the next `seconds`."""
    seq = last_seq(sim)
    sleep_until(time.monotonic() + seconds)
    return sim.requests(seq)


def count(reqs, path, exact=False):
    return sum(1 for r in reqs if (r["path"] == path if exact else path in r["path"]))


def probes(reqs):
    """The header's limit=1 count requests."""
    return [r for r in reqs if "limit=1" in r["query"].split("&")]


def main():
    with Pexsim("--static", "--conferences", "3", "--participants", "12", "--nodes", "4",
                "--locations", "2") as sim:
        with Console(sim, width=160, height=40, args=["--refresh", "1"]) as c:
            c.wait_for(lambda s: "connected" in header(s) and "busiest" in header(s), timeout=15)
            time.sleep(1.0)

            # Main panes: participants every second, the header's tables slowly.
            reqs = observe(sim, 7.0)
            assert count(reqs, "/api/admin/status/v1/participant/", exact=True) >= 4, reqs
            assert count(reqs, ALARMS, exact=True) <= 1, reqs
            assert count(reqs, NODES, exact=True) <= 1, reqs
            for never in (STATS, LICENSING, "/history/", "/registration_alias/", "/cloud_"):
                assert count(reqs, never) == 0, (never, reqs)
            assert not probes(reqs), reqs  # the main panes list everything anyway

            # :nodes: the nodes at their own rate (5 s), no statistics yet.
            command(c, "nodes")
            c.wait_for("Conferencing Nodes (4)")
            reqs = observe(sim, 6.0)
            assert 1 <= count(reqs, NODES, exact=True) <= 2, reqs
            assert count(reqs, STATS) == 0, reqs

            # Enter: the node's statistics, every 10 s.
            seq = last_seq(sim)
            c.keys("Enter")
            c.wait_for("Load of ")
            sleep_until(time.monotonic() + 11.0)
            reqs = sim.requests(seq)
            assert 1 <= count(reqs, STATS) <= 2, [r["path"] for r in reqs]

            # Esc closes the detail: no more statistics.
            c.keys("Escape")
            c.wait_for(lambda s: "Load of " not in s)
            time.sleep(0.5)
            # :licensing, with the live panes at 1 s: licensing once in 20 s.
            seq = last_seq(sim)
            command(c, "licensing")
            c.wait_for("Ports (video calls)")
            sleep_until(time.monotonic() + 20.0)
            reqs = sim.requests(seq)
            assert count(reqs, LICENSING) == 1, [r["path"] for r in reqs]
            assert count(reqs, STATS) == 0, reqs
            listings = [r for r in reqs if r not in probes(reqs)]
            assert count(listings, "/api/admin/status/v1/participant/", exact=True) == 0, reqs
            assert count(reqs, ALARMS, exact=True) <= 2 and count(reqs, NODES, exact=True) <= 2
            # The header's counts: two tiny requests every 15 s, not listings.
            p = probes(reqs)
            assert 2 <= len(p) <= 4, p
            # People, not legs: one person's legs count once.
            _, _, body = sim.get("/api/admin/status/v1/participant/", limit=1000)
            want = "3 conferences, %d participants" % people(body["objects"])
            assert want in header(c.screen()), (want, header(c.screen()))
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
