#!/usr/bin/env python3
"""Full fetch of every conference and participant from pexsim, timed.

Compares, side by side against the same pexsim world and the same pages:
  pexcon         `pexcon get conferences -o json` + `get participants -o json`
  requests       the document's Python pattern: requests.get() per page,
                 following meta.next (a new connection per request, as the
                 document's examples do), and the same with requests.Session
  curl           plain curl fetching the same page URLs to /dev/null in one
                 invocation (connection reuse)
Reports median wall time, median CPU time (user+sys of the client process),
requests and TCP connections (from pexsim's /_sim/counters) per client, and
ratios against curl.

Usage: tests/bench/fetch_bench.py [--build DIR] [--runs N]
       [--conferences 1000] [--participants 10000] [--page-size 500]
Needs python3-requests for the requests rows (skipped when missing).
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

USER, PASSWORD = "admin", "bench-secret"


def start_pexsim(build, conferences, participants):
    tmp = tempfile.mkdtemp(prefix="pexbench-")
    port_file = os.path.join(tmp, "port")
    env = dict(os.environ, PEXSIM_USER=USER, PEXSIM_PASSWORD=PASSWORD)
    proc = subprocess.Popen(
        [os.path.join(build, "src/sim/pexsim"), "--port", "0", "--port-file", port_file,
         "--conferences", str(conferences), "--participants", str(participants),
         "--static", "--quiet"],
        env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if os.path.exists(port_file) and open(port_file).read().strip():
            return proc, int(open(port_file).read().strip()), tmp
        if proc.poll() is not None:
            sys.exit("pexsim exited early")
        time.sleep(0.05)
    proc.kill()
    sys.exit("pexsim did not start")


def control(port, path, method="GET"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/_sim/{path}", method=method)
    with urllib.request.urlopen(req) as resp:
        body = resp.read()
        return json.loads(body) if body else None


def page_urls(port, resource, page_size, total):
    base = f"http://127.0.0.1:{port}/api/admin/status/v1/{resource}/"
    return [f"{base}?limit={page_size}&offset={off}" for off in range(0, max(total, 1), page_size)]


def total_count(port, resource):
    import base64
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/admin/status/v1/{resource}/?limit=1")
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    req.add_header("Authorization", "Basic " + token)
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read())["meta"]["total_count"]


REQUESTS_SCRIPT = r'''
import sys, requests
base, user, password, size, use_session = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1"
get = requests.Session().get if use_session else requests.get
count = 0
for res in ("conference", "participant"):
    url = base + "/api/admin/status/v1/%s/?limit=%s" % (res, size)
    while url:
        data = get(url, auth=(user, password), verify=True).json()
        count += len(data["objects"])
        nxt = data["meta"].get("next")
        url = base + nxt if nxt else None
print(count)
'''


def timed(cmds, env=None):
    """Run commands one after another; return (wall, cpu) of all of them."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for cmd in cmds:
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(here, "..", "..", "build"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--conferences", type=int, default=1000)
    ap.add_argument("--participants", type=int, default=10000)
    ap.add_argument("--page-size", type=int, default=500)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    pexcon = os.path.join(build, "src/pexcon")
    proc, port, tmp = start_pexsim(build, args.conferences, args.participants)
    try:
        base = f"http://127.0.0.1:{port}"
        totals = {r: total_count(port, r) for r in ("conference", "participant")}
        urls = page_urls(port, "conference", args.page_size, totals["conference"]) + \
            page_urls(port, "participant", args.page_size, totals["participant"])
        py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        have_requests = subprocess.run([py, "-c", "import requests"],
                                       stderr=subprocess.DEVNULL).returncode == 0
        curl_cfg = os.path.join(tmp, "curl.cfg")
        with open(curl_cfg, "w") as f:  # credentials in a file, not on argv
            f.write(f'user = "{USER}:{PASSWORD}"\n')
            for u in urls:
                f.write(f'url = "{u}"\noutput = "/dev/null"\n')
        env = dict(os.environ, PEXCON_PASSWORD=PASSWORD, HOME=tmp, XDG_STATE_HOME=tmp,
                   XDG_CONFIG_HOME=tmp)
        pex = [pexcon, "--url", base, "--user", USER, "--page-size", str(args.page_size), "get"]
        clients = [
            ("pexcon", [pex + ["conferences", "-o", "json"], pex + ["participants", "-o", "json"]]),
            ("curl (same pages, one process)", [["curl", "-s", "-K", curl_cfg]]),
        ]
        if have_requests:
            script = os.path.join(tmp, "req.py")
            open(script, "w").write(REQUESTS_SCRIPT)
            clients.append(("python requests.get (document pattern)",
                            [[py, script, base, USER, PASSWORD, str(args.page_size), "0"]]))
            clients.append(("python requests.Session",
                            [[py, script, base, USER, PASSWORD, str(args.page_size), "1"]]))
        rows = []
        for name, cmds in clients:
            timed(cmds, env)  # warm-up
            walls, cpus = [], []
            for _ in range(args.runs):
                control(port, "reset", "POST")
                wall, cpu = timed(cmds, env)
                walls.append(wall)
                cpus.append(cpu)
            counters = control(port, "counters")
            rows.append((name, statistics.median(walls), statistics.median(cpus),
                         counters.get("requests"), counters.get("connections_accepted")))
        base_wall, base_cpu = rows[1][1], rows[1][2]
        print(f"pexsim: {totals['conference']} conferences, {totals['participant']} participants,"
              f" page size {args.page_size}, {len(urls)} pages, median of {args.runs} runs")
        print(f"| client | wall ms | CPU ms | requests | connections | wall vs curl | CPU vs curl |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, wall, cpu, reqs, conns in rows:
            print(f"| {name} | {wall*1000:.0f} | {cpu*1000:.0f} | {reqs} | {conns} |"
                  f" {wall/base_wall:.2f}x | {cpu/base_cpu:.2f}x |")
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
