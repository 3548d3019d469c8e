"""How fast pexsim serves big pages.

Starts pexsim with 1000 conferences and 10000 participants (static world),
then over one keep-alive connection times N requests of each query after a
warm-up, and prints median / p90 / min in milliseconds and the body size.

    PEXSIM=build/src/sim/pexsim python3 tests/bench/sim_page_bench.py [-n 30]

or through meson: meson test -C build --benchmark --suite bench -v
Exits non-zero when the median of the first query is not under the budget
(50 ms by default, --budget-ms).
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import Pexsim  # noqa: E402

PART = "/api/admin/status/v1/participant/"

QUERIES = [
    ("first page of 1000", PART + "?limit=1000"),
    ("last page (offset 9000)", PART + "?limit=1000&offset=9000"),
    ("filtered + ordered", PART + "?limit=1000&protocol=WebRTC&bandwidth__gte=512"
     "&display_name__icontains=a&order_by=-connect_time"),
]


def time_query(sim, conn, path, n, warmup):
    headers = {"Authorization": sim.auth_header()}
    size = 0
    times = []
    for i in range(warmup + n):
        t0 = time.perf_counter()
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        elapsed = (time.perf_counter() - t0) * 1000.0
        if resp.status != 200:
            raise SystemExit("%s answered %d: %s" % (path, resp.status, body[:200]))
        size = len(body)
        if i >= warmup:
            times.append(elapsed)
    times.sort()
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    return statistics.median(times), p90, times[0], size


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=30, help="timed requests per query")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--conferences", type=int, default=1000)
    ap.add_argument("--participants", type=int, default=10000)
    ap.add_argument("--budget-ms", type=float, default=50.0)
    args = ap.parse_args()

    with Pexsim("--static", "--conferences", args.conferences, "--participants",
                args.participants, start_timeout=120) as sim:
        conn = sim.connection(timeout=60)
        print("pexsim --static --conferences %d --participants %d; %d timed requests each"
              % (args.conferences, args.participants, args.n))
        print("%-26s %9s %9s %9s %11s" % ("query", "median", "p90", "min", "body"))
        first_median = None
        for name, path in QUERIES:
            median, p90, fastest, size = time_query(sim, conn, path, args.n, args.warmup)
            if first_median is None:
                first_median = median
            print("%-26s %7.1fms %7.1fms %7.1fms %9.0fkB" % (name, median, p90, fastest,
                                                          size / 1024.0))
        conn.close()
    if first_median >= args.budget_ms:
        print("FAIL: median %.1f ms is over the %.0f ms budget" % (first_median, args.budget_ms))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
