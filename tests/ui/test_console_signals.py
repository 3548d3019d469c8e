"""The terminal is restored however pexcon ends: SIGTERM, SIGHUP, Ctrl-C
(SIGINT), SIGUSR1 and SIGALRM (a clean quit), Ctrl-\\ (SIGQUIT: the handler
restores the tty and re-raises, so the process still dies of it and dumps
core where allowed) and even a crash (SIGSEGV, the same way). Restored
means: canonical mode and echo back, the normal screen, the cursor visible.
SIGPIPE does not end the console. SIGSTOP/SIGCONT repaints and keeps
working."""

import os
import signal
import time

from uitest import Console, Pexsim, conference_names


def assert_tty_sane(c, screen_marker="Conferences ("):
    out = c.tmux.run_shell("stty -a")
    assert " icanon" in out and " echo" in out, out
    assert "-icanon" not in out and "-echo " not in out, out
    # Back on the normal screen with a visible cursor: tmux's own view of
    # the pane, and the console's panes are gone.
    r = c.tmux._tmux("display-message", "-p", "-t", c.tmux.target,
                     "alt=#{alternate_on} cursor=#{cursor_flag}")
    assert r.stdout.strip() == "alt=0 cursor=1", r.stdout
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

        # Signals whose default action ends the process: the exit status
        # (the shell's 128 + N) names the signal and the tty is restored.
        # SIGQUIT's default action, kept, also dumps core (if ulimit -c
        # allows; the status is what is checked here).
        for sig in (signal.SIGQUIT, signal.SIGUSR1, signal.SIGALRM, signal.SIGUSR2,
                    signal.SIGXCPU, signal.SIGRTMIN + 2):
            with start(sim, names) as c:
                os.kill(pid_of(c), sig)
                assert c.tmux.wait_exit(timeout=10) == 128 + sig, sig
                assert_tty_sane(c)

        # SIGPIPE is ignored: the console keeps running and answering keys.
        with start(sim, names) as c:
            os.kill(pid_of(c), signal.SIGPIPE)
            c.keys("?")
            c.wait_for("Help: keys")
            c.keys("Escape", "q")
            assert c.tmux.wait_exit(timeout=10) == 0
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
