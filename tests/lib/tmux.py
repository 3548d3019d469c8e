"""Drive a program in a real terminal: a detached tmux session per test.

    from tmux import Tmux

    with Tmux(["/path/to/pexcon", "--url", url], width=200, height=50,
              env={"PEXCON_PASSWORD": "x"}) as t:
        t.wait_for("Conferences")
        t.send_keys("j", "Enter")
        t.wait_for(lambda screen: "Participants of" in screen)
        coloured = t.capture(escapes=True)

Each instance uses its own tmux server (``tmux -L <unique name>``) with no
private configuration (no status line), so tests run in parallel without
seeing each other. The command runs through ``sh -c`` followed by a marker
line and a shell prompt, so a test can see the program has exited and the
terminal is usable again (``wait_exit()``, ``run_shell()``).

Only the Python standard library is used.
"""

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

__all__ = ["Tmux", "tmux_available", "SKIP"]

SKIP = 77

EXIT_MARKER = "__PEXCON_EXITED__"


def tmux_available():
    return shutil.which("tmux") is not None


class Tmux:
    def __init__(self, command, width=200, height=50, env=None, term="tmux-256color",
                 keep_shell=True):
        if not tmux_available():
            print("tmux not installed; skipping", file=sys.stderr)
            sys.exit(SKIP)
        self.socket = "pexcon-test-" + uuid.uuid4().hex[:12]
        self.tmpdir = tempfile.mkdtemp(prefix="pexcon-tmux-")
        self.width, self.height = width, height
        self.session = "t"
        full_env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PS1": "$ ", "ENV": ""}
        if env:
            full_env.update(env)
        self.env = full_env
        args = " ".join(shlex.quote(a) for a in command)
        # The wrapper shell traps SIGINT (a handler, reset to the default in
        # the program by exec) so Ctrl-C ends only the program, as in an
        # interactive shell. After the program: a marker with its exit
        # status, then an
        # interactive shell so the pane stays alive for inspection.
        script = args + f'; echo "{EXIT_MARKER} rc=$?"'
        if keep_shell:
            script += "; exec sh -i"
        # A private config: no status line (the pane is the whole window),
        # the wanted TERM inside the pane, sizes set only by resize().
        self.conf = os.path.join(self.tmpdir, "tmux.conf")
        with open(self.conf, "w") as f:
            f.write(f'set -g default-terminal "{term}"\n')
            f.write("set -g status off\n")
            f.write("set -g remain-on-exit on\n")
            f.write("set -g history-limit 0\n")
        env_args = []
        for k, v in full_env.items():
            env_args += ["-e", f"{k}={v}"]
        try:
            self._tmux("-f", self.conf, "new-session", "-d", "-s", self.session,
                       "-x", str(width), "-y", str(height), *env_args, "sh", "-c",
                       f"trap : INT; stty sane 2>/dev/null; ulimit -c 0 2>/dev/null; {script}",
                       check=True, pre_env=full_env)
        except Exception:
            self.kill()
            raise

    # ---- plumbing ----------------------------------------------------------

    def _tmux(self, *args, check=False, pre_env=None, capture=True):
        env = dict(os.environ)
        env.pop("TMUX", None)
        if pre_env:
            env.update(pre_env)
        r = subprocess.run(["tmux", "-L", self.socket, *args], env=env,
                           stdout=subprocess.PIPE if capture else None,
                           stderr=subprocess.PIPE, text=True, timeout=20)
        if check and r.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {r.stderr.strip()}")
        return r

    @property
    def target(self):
        return f"{self.session}:0.0"

    # ---- interaction -------------------------------------------------------

    def send_keys(self, *keys, literal=False):
        """Send tmux key names ("Enter", "Escape", "C-c", "Tab", "BTab",
        "Up") or, with literal=True, text typed as-is."""
        args = ["send-keys", "-t", self.target]
        if literal:
            args.append("-l")
        self._tmux(*args, *keys, check=True)

    def type(self, text):
        self.send_keys(text, literal=True)

    def capture(self, escapes=False):
        """The visible screen as text (with SGR escapes when escapes=True)."""
        args = ["capture-pane", "-p", "-t", self.target]
        if escapes:
            args.append("-e")
        r = self._tmux(*args)
        return r.stdout

    def lines(self):
        return self.capture().split("\n")

    def wait_for(self, cond, timeout=10.0, interval=0.02, escapes=False):
        """Wait until `cond` (a substring, or a predicate on the screen
        text) holds; returns the screen. Raises AssertionError with the
        last screen on timeout."""
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.capture(escapes=escapes)
            ok = (cond in screen) if isinstance(cond, str) else cond(screen)
            if ok:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {cond!r}; screen:\n{screen}")
            time.sleep(interval)

    def wait_gone(self, text, timeout=10.0):
        return self.wait_for(lambda s: text not in s, timeout=timeout)

    def resize(self, width, height):
        self.width, self.height = width, height
        self._tmux("resize-window", "-t", self.session, "-x", str(width), "-y", str(height),
                   check=True)

    def pane_pid(self):
        r = self._tmux("display-message", "-p", "-t", self.target, "#{pane_pid}")
        return int(r.stdout.strip())

    def program_pid(self, name):
        """PID of the first descendant process of the pane named `name`."""
        root = self.pane_pid()
        todo = [root]
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/task/{pid}/children") as f:
                    children = [int(c) for c in f.read().split()]
            except OSError:
                children = []
            for c in children:
                try:
                    with open(f"/proc/{c}/comm") as f:
                        if f.read().strip() == name[:15]:
                            return c
                except OSError:
                    pass
                todo.append(c)
        return None

    def wait_exit(self, timeout=10.0):
        """Wait for the program to end; returns its exit status."""
        screen = self.wait_for(EXIT_MARKER, timeout=timeout)
        for line in screen.split("\n"):
            if EXIT_MARKER in line and "rc=" in line:
                return int(line.split("rc=")[1].split()[0])
        return None

    def run_shell(self, command, timeout=10.0):
        """Type a command at the shell left after the program and return
        its output (between unique markers)."""
        tag = uuid.uuid4().hex[:8]
        self.type(f"echo BEGIN{tag}; {command}; echo END{tag}\n")
        screen = self.wait_for(lambda s: f"END{tag}" in s.replace(f"echo END{tag}", ""),
                               timeout=timeout)
        text = screen.replace(f"echo BEGIN{tag}", "").replace(f"echo END{tag}", "")
        start = text.index(f"BEGIN{tag}") + len(f"BEGIN{tag}")
        return text[start:text.index(f"END{tag}")]

    def pipe_to_file(self, path):
        """Copy everything the program writes to the terminal into `path`
        (tmux pipe-pane), for byte counting."""
        self._tmux("pipe-pane", "-o", "-t", self.target, f"cat >> {shlex.quote(path)}",
                   check=True)

    def kill(self):
        self._tmux("kill-server")
        # tmux -L leaves its socket file behind; remove ours.
        base = os.environ.get("TMUX_TMPDIR") or "/tmp"
        try:
            os.unlink(os.path.join(base, "tmux-%d" % os.getuid(), self.socket))
        except OSError:
            pass
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        return False
