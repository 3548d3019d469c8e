"""pexsim fault injection: every fault kind as a client observes it, the rule
selectors (prefix, method, count, probability), rules from --fault flags and
from the control endpoint, and that a delayed answer never blocks another
connection."""

import http.client
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import Pexsim  # noqa: E402

CONF = "/api/admin/status/v1/conference/"
HIST = "/api/admin/history/v1/conference/"


def raw_get(sim, path, conn=None):
    """GET returning (status, headers, raw bytes); exceptions propagate."""
    own = conn is None
    c = conn or sim.connection(timeout=20)
    try:
        c.request("GET", path, headers={"Authorization": sim.auth_header()})
        resp = c.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        if own:
            c.close()


def timed(fn, *args):
    t0 = time.monotonic()
    result = fn(*args)
    return result, time.monotonic() - t0


def test_error_kinds(sim):
    sim.add_fault("error", status=500, count=1)
    status, headers, body = sim.get(CONF)
    assert status == 500 and body == {"error_message": "Internal server error"}, (status, body)
    assert headers.get("Content-Type").startswith("application/json")

    sim.add_fault("error", status=503, body="html", count=1)
    status, headers, body = sim.get(CONF)
    assert status == 503 and headers.get("Content-Type").startswith("text/html")
    assert "<html>" in body and "503" in body

    sim.add_fault("ratelimit", retry_after=7, count=1)
    status, headers, body = sim.get(CONF)
    assert status == 429 and headers.get("Retry-After") == "7", (status, dict(headers))

    sim.add_fault("html", count=1)
    status, headers, body = sim.get(CONF)
    assert status == 200 and headers.get("Content-Type").startswith("text/html")
    assert isinstance(body, str) and "<form" in body and "Sign in" in body

    sim.add_fault("unauthorized", count=1)
    status, headers, body = sim.get(CONF)  # good credentials, still refused
    assert status == 401 and headers.get("WWW-Authenticate", "").startswith("Basic realm=")
    assert body == ""

    # every rule had count=1: the next request is normal again
    status, _, body = sim.get(CONF)
    assert status == 200 and "objects" in body
    assert sim.faults() == []


def test_body_faults(sim):
    sim.add_fault("malformed", count=1)
    status, headers, raw = raw_get(sim, CONF)
    assert status == 200 and headers.get("Content-Type").startswith("application/json")
    try:
        json.loads(raw)
        raise AssertionError("malformed body parsed as JSON: %r" % raw[:80])
    except ValueError:
        pass

    sim.add_fault("truncate", count=1)
    conn = sim.connection(timeout=20)
    try:
        conn.request("GET", CONF, headers={"Authorization": sim.auth_header()})
        resp = conn.getresponse()
        assert resp.status == 200
        declared = int(resp.headers["Content-Length"])
        try:
            data = resp.read()
            raise AssertionError("truncated body read completely (%d of %d)"
                                 % (len(data), declared))
        except http.client.IncompleteRead as e:
            assert 0 < len(e.partial) < declared, (len(e.partial), declared)
    finally:
        conn.close()

    sim.add_fault("slow_body", ms=1200, count=1)
    conn = sim.connection(timeout=20)
    try:
        t0 = time.monotonic()
        conn.request("GET", CONF, headers={"Authorization": sim.auth_header()})
        resp = conn.getresponse()
        t_headers = time.monotonic() - t0
        data = resp.read()
        t_body = time.monotonic() - t0
    finally:
        conn.close()
    assert resp.status == 200 and "objects" in json.loads(data)
    assert t_headers < 1.0, t_headers
    assert t_body >= 0.9, "slow_body finished in %.2fs" % t_body


def test_drop(sim):
    sim.reset()
    sim.add_fault("drop", count=1)
    try:
        raw_get(sim, CONF)
        raise AssertionError("dropped request got an answer")
    except (http.client.RemoteDisconnected, ConnectionError, http.client.BadStatusLine):
        pass
    assert sim.get(CONF).status == 200
    log = sim.requests()
    assert log[0]["status"] == 0 and log[0]["fault"] == "drop", log[0]
    assert sim.counters()["dropped"] == 1


def test_latency_does_not_block_other_connections(sim):
    sim.reset()
    sim.add_fault("latency", ms=1500, prefix=CONF)
    results = {}

    def slow(name):
        results[name] = timed(sim.get, CONF)

    threads = [threading.Thread(target=slow, args=(n,)) for n in ("a", "b")]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(0.2)
    (status, _, _), fast = timed(sim.get, HIST)
    assert status == 200
    assert fast < 0.8, "an undelayed request waited %.2fs behind delayed ones" % fast
    for t in threads:
        t.join(20)
    total = time.monotonic() - t0
    for name in ("a", "b"):
        (status, _, _), elapsed = results[name]
        assert status == 200 and elapsed >= 1.4, (name, status, elapsed)
    assert total < 2.8, "two delayed requests ran one after the other (%.2fs)" % total
    assert sim.counters()["max_in_flight"] >= 3
    sim.clear_faults()


def test_selectors(sim):
    # prefix: only matching paths
    sim.add_fault("error", status=503, prefix="/api/admin/history/")
    assert sim.get(CONF).status == 200
    assert sim.get(HIST).status == 503
    sim.clear_faults()

    # method: a POST-only rule leaves GETs alone
    sim.add_fault("error", method="POST")
    assert sim.get(CONF).status == 200
    status, _, _ = sim.post_command("conference/lock", {"conference_id": "x"})
    assert status == 500
    sim.clear_faults()

    # count: the next N matching requests, then the rule expires
    rule = sim.add_fault("ratelimit", count=2, retry_after=1)
    assert [r["id"] for r in sim.faults()] == [rule]
    assert [sim.get(CONF).status for _ in range(3)] == [429, 429, 200]
    assert sim.faults() == []

    # probability: seeded dice, so some fail and some pass
    sim.add_fault("error", probability=0.5, prefix=CONF)
    statuses = [sim.get(CONF).status for _ in range(60)]
    failed = statuses.count(500)
    assert 12 <= failed <= 48 and failed + statuses.count(200) == 60, statuses
    sim.clear_faults()

    # removing one rule by id
    keep = sim.add_fault("latency", ms=1)
    drop = sim.add_fault("error", status=500)
    assert sim.get(CONF).status == 500
    sim.remove_fault(drop)
    assert [r["id"] for r in sim.faults()] == [keep]
    assert sim.get(CONF).status == 200
    sim.clear_faults()

    # flag syntax through the control endpoint too
    sim.add_fault(spec="error:status=503,count=1,prefix=" + CONF)
    assert sim.get(CONF).status == 503
    assert sim.get(CONF).status == 200


def test_control_endpoint_is_never_faulted(sim):
    sim.add_fault("drop")
    sim.add_fault("unauthorized")
    assert isinstance(sim.counters(), dict)
    assert len(sim.faults()) == 2
    sim.clear_faults()
    assert sim.faults() == []


def test_bad_rules_are_refused(sim):
    for body in ({"kind": "explode"}, {"kind": "latency", "ms": "soon"},
                 {"kind": "error", "status": 200}, {"kind": "error", "probability": 3},
                 {"kind": "error", "colour": "red"}, {"ms": 5}, [{"kind": "latency"}, {}],
                 {"spec": "latency:ms"}, {"kind": "error", "count": 0}):
        status, _, reply = sim.request("POST", "/_sim/faults", body=body, auth=False)
        assert status == 400 and "error" in reply, (body, status, reply)
    # an all-or-nothing list: the valid first rule was not kept
    assert sim.faults() == []
    status, _, _ = sim.request("POST", "/_sim/faults", body="{not json", auth=False)
    assert status == 400


def test_fault_flags_at_start():
    with Pexsim("--static", "--fault", "error:status=503,count=1,prefix=/api/admin/status/",
                "--fault", "latency:ms=300,method=GET,prefix=/api/admin/history/") as sim:
        kinds = [r["kind"] for r in sim.faults()]
        assert kinds == ["error", "latency"], kinds
        assert sim.get(CONF).status == 503
        assert sim.get(CONF).status == 200
        (status, _, _), elapsed = timed(sim.get, HIST)
        assert status == 200 and elapsed >= 0.28, elapsed
        log = sim.requests()
        assert [e["fault"] for e in log] == ["error", "", "latency"], log
    # a bad rule stops pexsim at start with a message
    try:
        Pexsim("--fault", "explode")
        raise AssertionError("pexsim started with a bad --fault")
    except RuntimeError as e:
        assert "unknown kind" in str(e), e


def main():
    with Pexsim("--static", "--seed", "7") as sim:
        test_error_kinds(sim)
        test_body_faults(sim)
        test_drop(sim)
        test_latency_does_not_block_other_connections(sim)
        test_selectors(sim)
        test_control_endpoint_is_never_faulted(sim)
        test_bad_rules_are_refused(sim)
    test_fault_flags_at_start()
    print("ok")


if __name__ == "__main__":
    main()
