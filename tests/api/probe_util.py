"""Helpers for the engine's integration tests: run tests/api/api_probe
against a pexsim and read its JSON lines."""

import json
import os
import subprocess
import sys
import time

from pexsim import SKIP

PASSWORD = "pexsim"


def probe_binary():
    path = os.environ.get("API_PROBE")
    if not path:
        build = os.environ.get("PEXCON_BUILD_DIR", "")
        path = os.path.join(build, "tests", "api", "api_probe")
    if not os.path.exists(path):
        print("api_probe not built; skipping", file=sys.stderr)
        sys.exit(SKIP)
    return path


class ProbeRun:
    def __init__(self, proc, lines, stderr, elapsed):
        self.returncode = proc.returncode
        self.lines = lines
        self.stderr = stderr
        self.elapsed = elapsed
        self.stdout = "\n".join(json.dumps(x) for x in lines)

    def ops(self, op=None):
        return [x for x in self.lines if x.get("op") != "stats" and (op is None or x["op"] == op)]

    def one(self, op=None):
        found = self.ops(op)
        assert len(found) == 1, "expected one %s result, got %r" % (op, self.lines)
        return found[0]

    def stats(self):
        return [x for x in self.lines if x.get("op") == "stats"][-1]


def run_probe(sim_or_url, *ops, probe_opts=(), global_opts=(), password=PASSWORD, env=None,
              user="admin", timeout=90):
    """Run api_probe [probe_opts] --url URL --user USER [global_opts] OPS...
    `ops` are argument strings, "+" separating operations."""
    url = sim_or_url if isinstance(sim_or_url, str) else sim_or_url.url
    # API_PROBE_WRAPPER="valgrind -q --leak-check=full --error-exitcode=9" checks memory.
    wrapper = os.environ.get("API_PROBE_WRAPPER", "").split()
    argv = [*wrapper, probe_binary(), *probe_opts, "--url", url]
    if user:
        argv += ["--user", user]
    argv += [*global_opts, *ops]
    full_env = dict(os.environ)
    full_env.pop("PEXCON_PASSWORD", None)
    full_env["XDG_CONFIG_HOME"] = "/nonexistent-pexcon-test"
    if password is not None:
        full_env["PEXCON_PASSWORD"] = password
    full_env.update(env or {})
    start = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True, env=full_env, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    lines = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line:
            lines.append(json.loads(line))
    if proc.returncode not in (0, 1):
        raise AssertionError("api_probe failed (%d): %s\n%s" % (proc.returncode, proc.stderr,
                                                                 proc.stdout))
    assert password is None or password == "" or password not in proc.stdout + proc.stderr, \
        "the password leaked into api_probe output"
    return ProbeRun(proc, lines, proc.stderr, elapsed)


def api_requests(sim, path_prefix):
    """pexsim's logged API requests whose path starts with path_prefix."""
    return [r for r in sim.requests() if r["path"].startswith(path_prefix)]


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def run_tests(tests):
    """Run test functions in order; print a summary; exit non-zero on failure."""
    failed = 0
    for test in tests:
        start = time.monotonic()
        try:
            test()
            print("ok   %-50s %.2fs" % (test.__name__, time.monotonic() - start), flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure
            failed += 1
            print("FAIL %-50s %r" % (test.__name__, e), flush=True)
            import traceback
            traceback.print_exc()
    sys.exit(1 if failed else 0)
