"""pexcon in batch mode against pexsim: where credentials come from and
where they may go.

- ~/.netrc is read by pexcon itself: the entry for the URL's host and the
  given user (--user or a profile's user) is used, as Debian 12's libcurl
  7.88 fails to do; a netrc others can read is refused with the chmod.
- Plain http goes only to loopback unless --allow-http (warned every run);
  a scheme-less URL is https even with "://" later in it; credentials in
  the URL are refused before anything is sent.
- A batch run whose stdout was closed ends with an error, not SIGPIPE."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from clitest import Home, Pexsim, pexcon_binary, run_pexcon  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def write(path, text, mode):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def netrc_cases(sim, home):
    netrc = os.path.join(home.path, ".netrc")
    entries = ("machine 127.0.0.1 login ops password wrong-one\n"
               "machine 127.0.0.1 login admin password pexsim\n")
    write(netrc, entries, 0o600)
    # The README's way: --user given, password from ~/.netrc.
    r = run_pexcon(["get", "conferences"], home, url=sim.url, user="admin", password=None)
    check(r.returncode == 0, "netrc with --user admin: %d %s" % (r.returncode, r.stderr))
    # A profile's user picks the entry the same way.
    os.makedirs(os.path.join(home.config, "pexcon"), exist_ok=True)
    write(os.path.join(home.config, "pexcon", "config.ini"),
          "[profile lab]\nurl = %s\nuser = admin\n" % sim.url, 0o600)
    r = run_pexcon(["--profile", "lab", "get", "conferences"], home, user=None, password=None)
    check(r.returncode == 0, "netrc with a profile's user: %d %s" % (r.returncode, r.stderr))
    # No user: the first entry for the host supplies the login (ops, wrong).
    r = run_pexcon(["get", "conferences"], home, url=sim.url, user=None, password=None)
    check(r.returncode != 0 and "wrong-one" not in r.stderr, "netrc without user: " + r.stderr)
    # Readable by others: refused, with the fix, nothing sent, no password shown.
    before = len(sim.requests())
    write(netrc, entries, 0o644)
    r = run_pexcon(["get", "conferences"], home, url=sim.url, user="admin", password=None)
    check(r.returncode != 0 and "chmod 600 %s" % netrc in r.stderr,
          "loose netrc refused: %d %s" % (r.returncode, r.stderr))
    check("pexsim" not in r.stderr.replace(sim.url, ""), "password echoed: " + r.stderr)
    check(len(sim.requests()) == before, "a request went out with a loose netrc")
    os.unlink(netrc)


def url_cases(sim, home):
    before = len(sim.requests())
    r = run_pexcon(["get", "conferences"], home, url="http://mgr.example.invalid")
    check(r.returncode == 2 and "--allow-http" in r.stderr, "plain http refused: " + r.stderr)
    r = run_pexcon(["get", "conferences"], home, url="http://mgr.example.invalid",
                   global_args=["--allow-http"])
    check("WARNING: --allow-http" in r.stderr and r.returncode != 0,
          "--allow-http warns: " + r.stderr)
    r = run_pexcon(["get", "conferences"], home,
                   url="http://admin:pexsim@127.0.0.1:%d" % sim.port, user=None, password=None)
    check(r.returncode == 2 and "credentials" in r.stderr and "pexsim" not in r.stderr,
          "credentials in URL refused: " + r.stderr)
    # Scheme-less with "://" further on: https, so the plain-http sim never
    # sees an HTTP request (let alone the password).
    r = run_pexcon(["get", "conferences"], home, url="127.0.0.1:%d/x://y" % sim.port)
    check(r.returncode != 0, "scheme-less URL must not work over http: " + r.stderr)
    check(len(sim.requests()) == before, "a plain-http request went out: %s" % sim.requests())
    # Loopback http needs no flag and gives no warning.
    r = run_pexcon(["get", "conferences"], home, url=sim.url)
    check(r.returncode == 0 and "WARNING" not in r.stderr, "loopback http: " + r.stderr)


def closed_stdout_case(sim, home):
    rfd, wfd = os.pipe()
    os.close(rfd)  # nobody will ever read the output
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEXCON_", "XDG_"))}
    env.update(HOME=home.path, XDG_CONFIG_HOME=home.config, XDG_STATE_HOME=home.state,
               PEXCON_PASSWORD="pexsim")
    proc = subprocess.run([pexcon_binary(), "--url", sim.url, "--user", "admin", "get",
                           "conferences"], stdout=wfd, stderr=subprocess.PIPE, env=env,
                          stdin=subprocess.DEVNULL, timeout=60)
    os.close(wfd)
    err = proc.stderr.decode("utf-8", "replace")
    check(proc.returncode == 1 and "writ" in err,
          "closed stdout: exit %d (negative = killed by a signal), %s" % (proc.returncode, err))


def main():
    home = Home()
    try:
        with Pexsim("--static", "--conferences", "3", "--participants", "6") as sim:
            netrc_cases(sim, home)
            url_cases(sim, home)
            closed_stdout_case(sim, home)
    finally:
        home.cleanup()
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
