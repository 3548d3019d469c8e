"""Engine integration: paged listings against pexsim (keep-alive, in-flight
cap, server page-size cap, filters, a collection changing between pages)."""

import json
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pexsim import Pexsim, wait_for  # noqa: E402
from probe_util import api_requests, check, probe_binary, run_probe, run_tests  # noqa: E402

PARTICIPANTS = "/api/admin/status/v1/participant/"


def test_full_listing_10k_keepalive():
    with Pexsim("--conferences", "1000", "--participants", "10000", "--static") as sim:
        sim.reset()
        run = run_probe(sim, "list", "status/v1/participant/",
                        "+", "list", "status/v1/conference/", probe_opts=["--print-ids"])
        check(run.returncode == 0, "probe failed: %s %s" % (run.stdout, run.stderr))
        parts = [x for x in run.ops("list") if x["path"] == "status/v1/participant/"][0]
        confs = [x for x in run.ops("list") if x["path"] == "status/v1/conference/"][0]
        check(parts["ok"] and parts["objects"] == 10000, "participants: %r" % parts["objects"])
        check(len(set(parts["ids"])) == 10000, "ids are not unique")
        check(parts["pages"] == 20 and parts["page_limit"] == 500, "pages %r" % parts["pages"])
        check(confs["ok"] and confs["objects"] == 1000, "conferences: %r" % confs["objects"])
        counters = sim.counters()
        check(counters["connections_accepted"] <= 2,
              "used %d TCP connections" % counters["connections_accepted"])
        check(counters["max_in_flight"] <= 5, "max in flight %d" % counters["max_in_flight"])
        check(counters["requests"] == 22, "requests %d" % counters["requests"])
        # Every page asked for an explicit limit of 500.
        pages = api_requests(sim, PARTICIPANTS)
        check(all("limit=500" in r["query"] for r in pages), "a page without limit=500")


def test_reads_in_flight_are_capped():
    with Pexsim("--conferences", "3", "--participants", "10", "--static") as sim:
        sim.add_fault("latency", ms=300, prefix="/api/admin/status/")
        sim.reset()
        ops = []
        for i in range(12):
            ops += ["get", "status/v1/conference/", "+"]
        run = run_probe(sim, *ops[:-1])
        check(run.returncode == 0, run.stdout)
        check(len(run.ops("get")) == 12, "not all gets finished")
        counters = sim.counters()
        check(2 <= counters["max_in_flight"] <= 5,
              "server saw %d requests in flight" % counters["max_in_flight"])
        check(run.stats()["max_reads_in_flight"] == 5, run.stats())
        # 12 requests, 5 at a time, 300 ms each: at least three waves.
        check(run.elapsed >= 0.85, "finished too fast (%.2fs) for a cap of 5" % run.elapsed)


def test_server_caps_page_size():
    with Pexsim("--conferences", "100", "--participants", "2000", "--static",
                "--max-limit", "200") as sim:
        run = run_probe(sim, "list", "status/v1/participant/", probe_opts=["--print-ids"])
        res = run.one("list")
        check(res["ok"], res)
        check(res["page_limit"] == 200, "meta.limit %r" % res["page_limit"])
        check(res["objects"] == 2000 and len(set(res["ids"])) == 2000, "got %d" % res["objects"])
        check(res["pages"] == 10, "pages %d" % res["pages"])
        first = api_requests(sim, PARTICIPANTS)[0]
        check("limit=500" in first["query"], "asked %r" % first["query"])


def test_filters_and_order_passed_through():
    with Pexsim("--conferences", "20", "--participants", "200", "--static") as sim:
        run = run_probe(sim, "list", "status/v1/participant/", "conference=VMR 1",
                        "order_by=-display_name", "display_name__icontains=user & co/ü",
                        global_opts=["--page-size", "50"])
        res = run.one("list")
        check(res["ok"], res)
        reqs = api_requests(sim, PARTICIPANTS)
        q = reqs[0]["query"]
        check("limit=50" in q and "conference=VMR%201" in q and "order_by=-display_name" in q, q)
        check("display_name__icontains=user%20%26%20co%2F%C3%BC" in q, q)

        # The server applies the filter: the result is exactly the matching set.
        _, _, body = sim.get(PARTICIPANTS, limit=1)
        conference = body["objects"][0]["conference"]
        run = run_probe(sim, "list", "status/v1/participant/", "conference=" + conference,
                        probe_opts=["--print-ids"], global_opts=["--page-size", "7"])
        res = run.one("list")
        pages = api_requests(sim, PARTICIPANTS)[-res["pages"]:]
        check(res["pages"] > 1, "setup: one page only")
        check(all(("conference=" + conference.replace(" ", "%20")) in r["query"] for r in pages),
              "a later page lost the filter: %r" % [r["query"] for r in pages])
        _, _, body = sim.get(PARTICIPANTS, limit=1000, conference=conference)
        want = sorted(o["id"] for o in body["objects"])
        check(0 < len(want) < 200, "setup: %d participants in %r" % (len(want), conference))
        check(sorted(res["ids"]) == want, "filtered ids differ")


def test_collection_changes_between_pages():
    with Pexsim("--conferences", "50", "--participants", "1000", "--static") as sim:
        _, _, body = sim.get(PARTICIPANTS, limit=1000, order_by="display_name")
        originals = [o["id"] for o in body["objects"]]
        check(len(originals) == 1000, "setup")
        late = originals[-2:]  # not fetched yet when they go away
        sim.add_fault("latency", ms=150, prefix=PARTICIPANTS)
        sim.reset()
        argv = [probe_binary(), "--print-ids", "--url", sim.url, "--user", "admin",
                "--page-size", "100", "list", "status/v1/participant/", "order_by=display_name"]
        env = dict(os.environ, PEXCON_PASSWORD="pexsim", XDG_CONFIG_HOME="/nonexistent")
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                text=True)
        try:
            wait_for(lambda: len(api_requests(sim, PARTICIPANTS)) >= 3, timeout=20,
                     message="the third page")
            added = [sim.add_participant(conference="VMR_1", display_name="!early %d" % i)["id"]
                     for i in range(3)]
            for pid in late:
                sim.remove_participant(pid)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        res = [json.loads(x) for x in out.splitlines() if '"op":"list"' in x][0]
        check(res["ok"], res)
        ids = res["ids"]
        check(len(ids) == len(set(ids)), "duplicate ids in the result")
        check(res["duplicates"] >= 1, "rows shifted forward but no duplicate was seen: %r"
              % {k: v for k, v in res.items() if k != "ids"})
        missing = set(originals) - set(late) - set(ids)
        check(not missing, "%d participants that existed throughout are missing" % len(missing))
        check(res["total_count"] == 1001, "total_count %r" % res["total_count"])
        # The newcomers sort before pages already fetched: they are not in this listing.
        check(set(added).isdisjoint(ids), "a participant added to an earlier page appeared")


if __name__ == "__main__":
    run_tests([
        test_full_listing_10k_keepalive,
        test_reads_in_flight_are_capped,
        test_server_caps_page_size,
        test_filters_and_order_passed_through,
        test_collection_changes_between_pages,
    ])
