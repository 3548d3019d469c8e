"""Helpers for the platform views' terminal tests (suite 'views').

Builds on tests/ui/uitest.py (pexcon in tmux against pexsim): ':' commands,
the lines of one pane (stacked panes start with a title line "─ Title"),
and the expected figures computed from pexsim's own API.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ui"))

from uitest import Console, Pexsim, SKIP, wait_for  # noqa: E402,F401  (re-exported)

SPARK = set("\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588")
LEVEL_GLYPH = {"critical": "\u2716", "error": "\u25b2", "warning": "\u25c6", "info": "\u25cf"}
QUALITY_WORD = {"0_unknown": "unknown", "1_good": "good", "2_ok": "ok", "3_bad": "bad",
                "4_terrible": "terrible"}
SEVERITY = {"unknown": 0, "good": 1, "ok": 2, "bad": 3, "terrible": 4}


def api(sim, resource, **query):
    """Every object of a listing (one page of up to 1000)."""
    query.setdefault("limit", 1000)
    status, _, body = sim.get("/api/admin/" + resource.lstrip("/"), **query)
    assert status == 200, (resource, status, body)
    return body["objects"] if isinstance(body, dict) and "objects" in body else body


def node_names(sim):
    """IP -> node name, from configuration/v1/worker_vm."""
    return {o["address"]: o["name"] for o in api(sim, "configuration/v1/worker_vm/")}


def command(c, text):
    """Type ':text' and Enter."""
    c.keys(":")
    c.type(text)
    c.keys("Enter")


def pane(screen, title):
    """The lines of the stacked pane whose title line contains `title`
    (without the title and the column header); [] when absent."""
    lines = screen.rstrip("\n").split("\n")[:-1]  # not the status line
    for i, line in enumerate(lines):
        if line.startswith("\u2500 ") and title in line:
            out = []
            for body in lines[i + 2:]:
                if body.startswith("\u2500 "):
                    break
                out.append(body)
            return out
    return []


def pane_rows(screen, title):
    """Non-empty rows of a pane."""
    return [line for line in pane(screen, title) if line.strip()]


def wait_pane(c, title, predicate=lambda rows: bool(rows), timeout=10.0):
    """Wait until the pane titled `title` satisfies predicate(rows);
    returns the screen."""
    return c.wait_for(lambda s: predicate(pane_rows(s, title)), timeout=timeout)


def header(screen):
    return screen.split("\n")[0]


def status_line(screen):
    return screen.rstrip("\n").split("\n")[-1]


def requests_matching(sim, since, needle):
    return [r for r in sim.requests(since) if needle in r["path"]]


def last_seq(sim):
    reqs = sim.requests()
    return reqs[-1]["seq"] if reqs else 0


def sleep_until(deadline):
    while time.monotonic() < deadline:
        time.sleep(0.05)
