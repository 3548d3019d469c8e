"""Helpers for pexcon batch-mode tests: run the binary against a pexsim,
check what reached the terminal.

Each test gets its own HOME / XDG directories (no config file, a private
audit log) and passes the password through PEXCON_PASSWORD, as a script
would."""

import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import unittest
import urllib.parse

from pexsim import SKIP, Pexsim, wait_for  # noqa: F401  (re-exported for the tests)


def pexcon_binary():
    path = os.environ.get("PEXCON")
    if not path or not os.path.exists(path):
        print("PEXCON is not set or does not exist; skipping", file=sys.stderr)
        sys.exit(SKIP)
    return path


class Home:
    """A throw-away HOME with XDG_CONFIG_HOME and XDG_STATE_HOME inside."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="pexcon-cli-test-")
        self.config = os.path.join(self.path, "config")
        self.state = os.path.join(self.path, "state")
        os.makedirs(self.config)

    @property
    def audit_log(self):
        return os.path.join(self.state, "pexcon", "audit.log")

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def run_pexcon(args, home, url=None, user="admin", password="pexsim", columns=None,
               extra_env=None, timeout=60, global_args=()):
    """Run `pexcon [--url URL --user USER] [global_args] ARGS`; returns the
    CompletedProcess with stdout/stderr as text (invalid UTF-8 replaced)."""
    argv = [pexcon_binary()]
    if url:
        argv += ["--url", url]
    if user:
        argv += ["--user", user]
    argv += list(global_args) + list(args)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PEXCON_", "XDG_")) and k not in ("COLUMNS", "NO_COLOR")}
    env.update(HOME=home.path, XDG_CONFIG_HOME=home.config, XDG_STATE_HOME=home.state,
               LANG="C.UTF-8", LC_ALL="C.UTF-8")
    if password is not None:
        env["PEXCON_PASSWORD"] = password
    if columns is not None:
        env["COLUMNS"] = str(columns)
    env.update(extra_env or {})
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    proc.raw_stdout = proc.stdout
    proc.raw_stderr = proc.stderr
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


def display_width(text):
    """Terminal columns of `text`: wide/fullwidth 2, combining 0, else 1."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F}


def unsafe_characters(raw_bytes, allow=("\n",)):
    """Characters in output bytes that could drive a terminal: ESC and every
    other C0 control (except `allow`), DEL, C1 controls, bidi controls, and
    bytes that are not UTF-8."""
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["invalid UTF-8 at byte %d" % e.start]
    bad = []
    for ch in text:
        cp = ord(ch)
        if ch in allow:
            continue
        if cp < 0x20 or cp == 0x7F or 0x80 <= cp <= 0x9F or cp in BIDI_CONTROLS:
            bad.append("U+%04X" % cp)
    return bad


def request_params(entry):
    """The query of a /_sim/requests entry as {key: [values]}."""
    return urllib.parse.parse_qs(entry.get("query") or "", keep_blank_values=True)


def api_requests(sim, since, path_part):
    """API requests logged since `since` whose path contains `path_part`."""
    return [r for r in sim.requests(since) if path_part in r["path"]]


def last_seq(sim):
    reqs = sim.requests()
    return reqs[-1]["seq"] if reqs else 0


def last_command_seq(sim):
    cmds = sim.commands()
    return cmds[-1]["seq"] if cmds else 0


def total_count(sim, resource, **query):
    status, _, body = sim.get_api(resource, limit=1, **query)
    assert status == 200, (status, body)
    return body["meta"]["total_count"]


def wait_for_value(predicate, message, timeout=10.0):
    """wait_for that returns the predicate's value."""
    return wait_for(predicate, timeout=timeout, message=message)


def main():
    pexcon_binary()
    unittest.main(verbosity=2)
