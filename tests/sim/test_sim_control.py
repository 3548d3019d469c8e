"""pexsim's control endpoint (/_sim/), its process behaviour (flags, port
file, signals) and robustness against garbage and oversized requests."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import Pexsim, pexsim_binary, wait_for  # noqa: E402

CONF = "/api/admin/status/v1/conference/"
PART = "/api/admin/status/v1/participant/"

HOSTILE = [
    "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 title",
    "right\u202eto-left \u2066isolate\u2069",
    "\u5927\u4f1a\u8b70\u5ba4 \U0001F600 caf\u00e9 e\u0301",
    "quote\" back\\slash </script><b>",
    "tab\tnew\nline\rcr \x7f del \u0085 nel",
    "x" * 5000,
]


def test_counters_with_keep_alive(sim):
    sim.reset()
    counters = sim.counters()
    assert counters["requests"] == 0 and counters["connections_accepted"] == 0, counters
    conn = sim.connection()
    try:
        for _ in range(5):
            status, _, _ = sim.request("GET", CONF, conn=conn)
            assert status == 200
    finally:
        conn.close()
    counters = sim.counters()
    assert counters["requests"] == 5, counters
    assert counters["connections_accepted"] == 1, counters
    assert counters["status"] == {"200": 5}, counters
    assert counters["in_flight"] == 0

    conn = sim.connection()
    try:
        for _ in range(2):
            sim.request("GET", CONF + "?limit=1", conn=conn)
        sim.request("GET", "/api/admin/nothing/here/", conn=conn)
    finally:
        conn.close()
    counters = sim.counters()
    assert counters["requests"] == 8 and counters["connections_accepted"] == 2, counters
    assert counters["status"] == {"200": 7, "404": 1}, counters

    log = sim.requests()
    assert len(log) == 8
    assert len({e["connection"] for e in log[:5]}) == 1
    assert log[5]["connection"] != log[0]["connection"]
    assert [e["seq"] for e in log] == sorted(e["seq"] for e in log)
    assert log[5]["query"] == "limit=1" and log[5]["path"] == CONF
    assert sum(e["bytes"] for e in log) == counters["bytes_sent"] > 0
    assert all(e["method"] == "GET" for e in log)
    # since= returns only newer entries
    assert sim.requests(since=log[6]["seq"]) == log[7:]


def test_request_log_is_a_big_ring(sim):
    sim.reset()
    conn = sim.connection()
    try:
        for i in range(200):
            sim.request("GET", CONF, query={"limit": 1, "offset": i % 5}, conn=conn)
    finally:
        conn.close()
    log = sim.requests()
    assert len(log) == 200 and log[-1]["query"] == "limit=1&offset=4"
    sim.reset()
    assert sim.requests() == [] and sim.commands() == []


def test_staged_participants(sim):
    created = []
    for i, name in enumerate(HOSTILE):
        p = sim.add_participant(conference="Hostile room %d" % (i % 2), display_name=name,
                                vendor=name, remote_address="10.9.9.%d" % i)
        assert p["display_name"] == name and isinstance(p["id"], str), p
        created.append(p)
    for p in created:
        status, _, obj = sim.get(PART + p["id"] + "/")
        assert status == 200 and obj["display_name"] == p["display_name"]
        status, _, page = sim.get(PART, display_name=p["display_name"])
        assert status == 200 and [o["id"] for o in page["objects"]] == [p["id"]], page["meta"]
    status, _, page = sim.get(PART, conference="Hostile room 0", limit=0)
    assert status == 200 and page["meta"]["total_count"] == 3
    # staged participants go away on request, and only then
    sim.remove_participant(created[0]["id"])
    assert sim.get(PART + created[0]["id"] + "/").status == 404
    status, _, body = sim.request("DELETE", "/_sim/participants/" + created[0]["id"], auth=False)
    assert status == 404 and "error" in body
    status, _, body = sim.request("POST", "/_sim/participants", body="[1, 2]", auth=False)
    assert status == 400
    status, _, body = sim.request("POST", "/_sim/participants", body="{bad", auth=False)
    assert status == 400
    summary = sim.world()
    assert isinstance(summary, dict) and summary


def test_control_errors(sim):
    assert sim.request("GET", "/_sim/nothing", auth=False).status == 404
    assert sim.request("POST", "/_sim/counters", auth=False).status == 405
    assert sim.request("GET", "/_sim/reset", auth=False).status == 405
    status, _, index = sim.request("GET", "/_sim/", auth=False)
    assert status == 200 and "GET /_sim/counters" in index["endpoints"]


def raw_exchange(sim, payload, timeout=10):
    """Send raw bytes; return what came back before the server closed or
    the timeout hit (b"" when nothing)."""
    s = socket.create_connection((sim.host, sim.port), timeout=timeout)
    try:
        s.sendall(payload)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    break
                chunks.append(data)
        except (socket.timeout, ConnectionError):
            pass
        return b"".join(chunks)
    finally:
        s.close()


def test_garbage_and_huge_requests(sim):
    garbage = [
        b"\x00\xff\xfe garbage \r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET /api/admin/status/v1/conference/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        b"POST /api/admin/command/v1/participant/mute/ HTTP/1.1\r\nHost: x\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzzzz\r\n",
        b"GET /" + b"A" * 300000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"B" * 300000 + b"\r\n\r\n",
        b"GET /api/admin/status/v1/conference/?" + b"&".join(b"f%d=1" % i for i in range(5000))
        + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/admin/%00%ff%c3%28/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    ]
    for payload in garbage:
        raw_exchange(sim, payload)
        assert sim.get(CONF).status == 200, "pexsim stopped answering after %r" % payload[:60]

    # a body over the 1 MiB cap is refused with 413
    big = b"participant_id=" + b"x" * (2 * 1024 * 1024)
    status, _, body = sim.request("POST", "/api/admin/command/v1/participant/mute/", body=big,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413, status

    # odd paths and queries are 404s and 400s, never crashes
    for path in ("/", "/api", "/api/admin", "/api/admin/status", "/api/admin/status/v2/conference/",
                 "/api/admin/status/v1/nosuch/", "/api/admin/status/v1/conference/x/y/z/w/v/",
                 "/api/admin/status/v1/conference/%ff%fe/", "/api/admin/command/v1/",
                 "/api/admin/command/v1/participant/"):
        status = sim.request("GET", path).status
        assert status in (200, 404, 405), (path, status)
    status, _, body = sim.request("GET", CONF + "?%ff%fe=%00&limit=%ff")
    assert status == 400 and "error" in body

    # many connections at once
    errors = []

    def hammer():
        try:
            conn = sim.connection()
            for _ in range(10):
                if sim.request("GET", CONF, conn=conn).status != 200:
                    errors.append("status")
            conn.close()
        except Exception as e:  # noqa: BLE001 - collected and reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=hammer) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors[:3]

    # a client that sends half a request and vanishes
    s = socket.create_connection((sim.host, sim.port), timeout=5)
    s.sendall(b"GET /api/admin/status/v1/conf")
    s.close()
    assert sim.get(CONF).status == 200


def test_process_flags_and_signals():
    binary = pexsim_binary()
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0 and "--fault" in out.stdout and "--port-file" in out.stdout
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0 and out.stdout.startswith("pexsim ")
    for bad in (["--port", "70000"], ["--max-limit", "x"], ["--nope"], ["--conferences", "-1"],
                ["--dial-delay", "soon"], ["--seed", "x1"], ["extra"], ["--bind", "not-an-address", "--port", "0"]):
        out = subprocess.run([binary, "--quiet", *bad], capture_output=True, text=True,
                             timeout=10)
        assert out.returncode != 0 and "pexsim" in out.stderr, (bad, out.returncode, out.stderr)

    # the listening line, the port file, and a clean exit on SIGINT and SIGTERM
    for sig in (signal.SIGINT, signal.SIGTERM):
        with tempfile.TemporaryDirectory() as d:
            port_file = os.path.join(d, "port")
            proc = subprocess.Popen([binary, "--port", "0", "--port-file", port_file],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            try:
                line = proc.stdout.readline().strip()
                port = int(wait_for(lambda: os.path.exists(port_file)
                                    and open(port_file).read().strip(), message="port file"))
                assert line == "pexsim listening on http://127.0.0.1:%d" % port, line
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/_sim/counters")
                assert conn.getresponse().status == 200
                conn.close()
                proc.send_signal(sig)
                assert proc.wait(15) == 0
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                proc.stdout.close()


def test_max_limit_flag_and_verbose_log():
    with Pexsim("--static", "--max-limit", "3", "--participants", "10", quiet=False) as sim:
        status, _, page = sim.get(PART, limit=100)
        assert status == 200 and page["meta"]["limit"] == 3 and len(page["objects"]) == 3
        wait_for(lambda: "GET /api/admin/status/v1/participant/?limit=100 -> 200"
                 in sim.log_text(), message="request log line")


def main():
    with Pexsim("--static", "--conferences", "4", "--participants", "12") as sim:
        test_counters_with_keep_alive(sim)
        test_request_log_is_a_big_ring(sim)
        test_staged_participants(sim)
        test_control_errors(sim)
        test_garbage_and_huge_requests(sim)
        assert sim.stop() == 0, sim.log_text()[-2000:]
    test_process_flags_and_signals()
    test_max_limit_flag_and_verbose_log()
    print("ok")


if __name__ == "__main__":
    main()
