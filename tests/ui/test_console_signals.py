"""The terminal is restored however pexcon ends: SIGTERM, SIGHUP, Ctrl-C
(SIGINT) and even a crash (SIGSEGV: the handler restores the tty and
re-raises). SIGSTOP/SIGCONT repaints and keeps working."""

import os
import signal
import time

from uitest import Console, Pexsim, conference_names


def assert_tty_sane(c, screen_marker="Conferences ("):
    out = c.tmux.run_shell("stty -a")
    assert " icanon" in out and " echo" in out, out
    assert "-icanon" not in out and "-echo " not in out, out
    # Back on the normal screen: the console's panes are gone.
    assert screen_marker not in c.screen(), c.screen()


def start(sim, names):
    c = Console(sim, width=120, height=40)
    c.wait_for(lambda s: names[0][:12] in s, timeout=15)
    return c


def pid_of(c):
    pid = None
    deadline = time.monotonic() + 5
    while pid is None and time.monotonic() < deadline:
        pid = c.tmux.program_pid(os.path.basename(os.environ["PEXCON"]))
        time.sleep(0.05)
    assert pid, "pexcon process not found"
    return pid


def main():
    with Pexsim("--static", "--conferences", "3", "--participants", "9") as sim:
        names = sorted(conference_names(sim), key=str.lower)
        for sig, code in ((signal.SIGTERM, 143), (signal.SIGHUP, 129)):
            with start(sim, names) as c:
                os.kill(pid_of(c), sig)
                assert c.tmux.wait_exit(timeout=10) == code
                assert_tty_sane(c)

        with start(sim, names) as c:
            c.keys("C-c")
            assert c.tmux.wait_exit(timeout=10) == 130
            assert_tty_sane(c)

        # A crash: the handler restores the tty, then the default action
        # runs (the shell reports 128 + SIGSEGV).
        with start(sim, names) as c:
            os.kill(pid_of(c), signal.SIGSEGV)
            assert c.tmux.wait_exit(timeout=10) == 128 + signal.SIGSEGV
            assert_tty_sane(c)

        # Stopped and continued: the screen comes back and keys still work.
        with start(sim, names) as c:
            pid = pid_of(c)
            os.kill(pid, signal.SIGSTOP)
            time.sleep(0.3)
            os.kill(pid, signal.SIGCONT)
            c.keys("C-l")
            c.wait_for(lambda s: names[0][:12] in s)
            c.keys("?")
            c.wait_for("Help: keys")
            c.keys("Escape", "q")
            assert c.tmux.wait_exit(timeout=10) == 0
            assert_tty_sane(c)
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
