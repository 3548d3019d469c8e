"""Shared helpers for the console's terminal tests (suite 'ui').

Each test starts pexsim (tests/lib/pexsim.py) and pexcon inside its own
tmux server (tests/lib/tmux.py) and asserts what is on the screen. pexcon
comes from env PEXCON; the password goes through PEXCON_PASSWORD (never
argv); HOME and XDG_CONFIG_HOME point at an empty temp dir so no user
config or theme can change the outcome.
"""

import os
import re
import shutil
import sys
import tempfile
import time

from pexsim import Pexsim, SKIP, wait_for  # noqa: F401  (re-exported)
from tmux import Tmux

# SGR sequences that set a colour (30-37, 38;..., 40-47, 48;..., 90-97, 100-107).
COLOUR_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def pexcon_binary():
    path = os.environ.get("PEXCON")
    if not path or not os.path.exists(path):
        print("PEXCON is not set or does not exist; skipping", file=sys.stderr)
        sys.exit(SKIP)
    return path


def sgr_has_colour(screen):
    """True when any SGR sequence in the captured screen sets a colour."""
    for m in COLOUR_SGR.finditer(screen):
        params = [p for p in re.split(r"[;:]", m.group(1)) if p != ""]
        i = 0
        while i < len(params):
            n = int(params[i]) if params[i].isdigit() else -1
            if 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107:
                return True
            if n in (38, 48):
                return True
            i += 1
    return False


class Console:
    """pexcon running in tmux against a pexsim instance."""

    def __init__(self, sim, width=200, height=50, args=(), env=None, config=None):
        self.home = tempfile.mkdtemp(prefix="pexcon-ui-home-")
        os.makedirs(os.path.join(self.home, ".config"), exist_ok=True)
        full_env = {
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "PEXCON_PASSWORD": sim.password,
            "NO_COLOR": "",
        }
        if env:
            full_env.update(env)
        argv = [pexcon_binary()]
        if config is not None:
            path = os.path.join(self.home, "config.ini")
            with open(path, "w") as f:
                f.write(config)
            os.chmod(path, 0o600)
            argv += ["--config", path]
        argv += ["--url", sim.url, "--user", sim.user, *args]
        try:
            self.tmux = Tmux(argv, width=width, height=height, env=full_env)
        except Exception:
            shutil.rmtree(self.home, ignore_errors=True)
            raise

    def close(self):
        self.tmux.kill()
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # Convenience pass-throughs.
    def wait_for(self, cond, timeout=10.0, **kw):
        return self.tmux.wait_for(cond, timeout=timeout, **kw)

    def keys(self, *keys):
        self.tmux.send_keys(*keys)

    def type(self, text):
        self.tmux.type(text)

    def screen(self, escapes=False):
        return self.tmux.capture(escapes=escapes)

    def lines(self):
        return self.tmux.lines()

    def line_with(self, text):
        for line in self.lines():
            if text in line:
                return line
        return None


def conference_names(sim):
    _, _, body = sim.get("/api/admin/status/v1/conference/", limit=1000)
    return sorted(o["name"] for o in body["objects"])


def participants_of(sim, name):
    _, _, body = sim.get("/api/admin/status/v1/participant/", limit=1000, conference=name)
    return body["objects"]


def measure(fn, repeat):
    """Run fn() `repeat` times; return the sorted durations in seconds."""
    out = []
    for _ in range(repeat):
        t0 = time.monotonic()
        fn()
        out.append(time.monotonic() - t0)
    return sorted(out)
