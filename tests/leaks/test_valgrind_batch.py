#!/usr/bin/env python3
"""A batch run of pexcon under valgrind leaks nothing and touches no bad memory.

Covers the paths a script exercises most: a paged listing in each output
format, a name lookup + command, and an error path (wrong password)."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import SKIP, Pexsim  # noqa: E402

VALGRIND = ["valgrind", "--quiet", "--leak-check=full", "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect", "--error-exitcode=99",
            "--track-fds=no"]


def run(pexcon, home, url, args, password="pexsim"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEXCON_", "XDG_"))}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "cfg"),
               XDG_STATE_HOME=os.path.join(home, "state"), PEXCON_PASSWORD=password,
               LC_ALL="C.UTF-8")
    return subprocess.run(VALGRIND + [pexcon, "--url", url, "--user", "admin", *args],
                          env=env, capture_output=True, text=True, timeout=300)


def main():
    pexcon = os.environ.get("PEXCON")
    if not pexcon or not shutil.which("valgrind"):
        print("needs PEXCON and valgrind; skipping")
        return SKIP
    home = tempfile.mkdtemp(prefix="pexcon-valgrind-")
    failures = []
    try:
        with Pexsim("--conferences", "20", "--participants", "300", "--static") as sim:
            participants = sim.get_api("status/v1/participant/", limit=1).body["objects"]
            target = participants[0]["id"]
            cases = [
                (["--page-size", "50", "get", "participants", "-o", "json"], 0),
                (["get", "conferences", "-o", "table"], 0),
                (["get", "nodes", "-o", "csv"], 0),
                (["mute", target], 0),
                (["get", "participants", "-o", "json"], 3, "wrong-password"),
            ]
            for case in cases:
                args, want = case[0], case[1]
                password = case[2] if len(case) > 2 else "pexsim"
                proc = run(pexcon, home, sim.url, args, password)
                if proc.returncode != want:
                    failures.append("%s: exit %d (want %d)\n%s" % (
                        " ".join(args), proc.returncode, want, proc.stderr[-3000:]))
                else:
                    print("ok: pexcon %s (exit %d, valgrind clean)" % (" ".join(args), want))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
