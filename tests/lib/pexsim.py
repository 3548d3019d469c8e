"""Test harness for pexsim, the simulated Pexip Infinity Management Node.

Every integration test that needs a Management Node uses this module::

    from pexsim import Pexsim

    with Pexsim("--conferences", "3", "--participants", "10", "--static") as sim:
        status, headers, body = sim.get("/api/admin/status/v1/participant/", limit=5)
        sim.post_command("participant/mute", {"participant_id": body["objects"][0]["id"]})
        assert sim.commands()[-1]["status"] == 200

The binary comes from the PEXSIM environment variable (meson's test_env sets
it). Each instance runs its own pexsim on a free loopback port (``--port 0
--port-file``), with its output in a temp directory (``sim.log_text()``),
and is stopped (SIGTERM, then SIGKILL after a deadline) on exit.

Responses are ``Response(status, headers, body)`` tuples: ``headers`` is an
``http.client.HTTPMessage`` (case-insensitive ``.get``) and ``body`` is the
parsed JSON when the body parses, else the raw text (``""`` when empty).

Only the Python standard library is used.
"""

import base64
import collections
import http.client
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

__all__ = ["Pexsim", "Response", "make_tls_files", "wait_for", "pexsim_binary", "people", "SKIP",
           "STATUS", "HISTORY", "all_of", "participant", "expect_ok"]

SKIP = 77  # meson treats this exit code as "skipped"

Response = collections.namedtuple("Response", "status headers body")

DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "pexsim"

STATUS = "/api/admin/status/v1/"
HISTORY = "/api/admin/history/v1/"


def pexsim_binary():
    """Path of the pexsim executable (env PEXSIM); exits with SKIP when unset."""
    path = os.environ.get("PEXSIM")
    if not path or not os.path.exists(path):
        print("PEXSIM is not set or does not exist; skipping", file=sys.stderr)
        sys.exit(SKIP)
    return path


def people(participants):
    """How many people these participant legs are, as pexcon counts them:
    legs sharing a conversation_id, or linked by parent_id (older nodes),
    are one person."""
    keys = set()
    for p in participants:
        parent = p.get("parent_id")
        keys.add(p.get("conversation_id") or (parent if parent and parent != "None" else None)
                 or p.get("id"))
    return len(keys)


def all_of(sim, path, **query):
    """Every object of a listing in one page (limit=0), asserting a 200."""
    status, _, page = sim.get(path, limit=0, **query)
    assert status == 200, (path, query, status, page)
    return page["objects"]


def participant(sim, pid):
    """The live participant `pid`, or None when there is none."""
    status, _, obj = sim.get(STATUS + "participant/%s/" % pid)
    return obj if status == 200 else None


def expect_ok(reply, status=(200, 202)):
    """A command that succeeded: its HTTP status is `status` (one, or a tuple:
    202 for mute, unmute, role, lock and unlock, as real nodes, 200 else) and
    its body says "success". Returns the body."""
    assert reply.status in (status if isinstance(status, tuple) else (status,)), reply
    assert reply.body["status"] == "success", reply
    return reply.body


def wait_for(predicate, timeout=10.0, interval=0.05, message="condition"):
    """Poll `predicate()` until it returns a truthy value (returned) or fail
    with AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError("timed out after %.1fs waiting for %s" % (timeout, message))
        time.sleep(interval)


def make_tls_files(directory, hosts=("127.0.0.1", "localhost")):
    """Create a throw-away CA and a server certificate signed by it, with the
    openssl command line tool. Returns {"ca": path, "cert": path, "key": path}."""
    openssl = shutil.which("openssl")
    if not openssl:
        raise RuntimeError("openssl is not installed")
    paths = {name: os.path.join(directory, name + ".pem")
             for name in ("ca", "ca-key", "cert", "key", "csr")}
    ext = os.path.join(directory, "server.ext")
    alt = ",".join(("IP:" if h.replace(".", "").isdigit() or ":" in h else "DNS:") + h
                   for h in hosts)
    with open(ext, "w") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=%s\n" % alt)

    def run(*args):
        subprocess.run([openssl, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=60)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=pexsim test CA", "-keyout", paths["ca-key"], "-out", paths["ca"],
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + hosts[0],
        "-keyout", paths["key"], "-out", paths["csr"])
    run("x509", "-req", "-in", paths["csr"], "-CA", paths["ca"], "-CAkey", paths["ca-key"],
        "-CAcreateserial", "-days", "2", "-sha256", "-extfile", ext, "-out", paths["cert"])
    return {"ca": paths["ca"], "cert": paths["cert"], "key": paths["key"]}


def _parse_body(raw):
    if not raw:
        return ""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return raw.decode("utf-8", "replace")


class Pexsim:
    """A running pexsim.

    Pexsim(*args, user=None, password=None, tls=False, env=None, quiet=True,
           start_timeout=15)

    args      extra command-line flags (``--port 0 --port-file`` are added)
    user,     credentials passed with --user/--password when given; the
    password  harness authenticates with them (defaults admin / pexsim)
    tls       True: make a CA + server certificate and serve HTTPS
    env       extra environment variables for the process
    quiet     pass --quiet (no per-request log lines)

    Attributes: port, url ("http://127.0.0.1:PORT"), scheme, host, user,
    password, ca_file (TLS), tmpdir, process.
    """

    def __init__(self, *args, user=None, password=None, tls=False, env=None, quiet=True,
                 start_timeout=15.0):
        self.binary = pexsim_binary()
        self.tmpdir = tempfile.mkdtemp(prefix="pexsim-test-")
        self.user = user if user is not None else (env or {}).get("PEXSIM_USER", DEFAULT_USER)
        self.password = (password if password is not None
                         else (env or {}).get("PEXSIM_PASSWORD", DEFAULT_PASSWORD))
        self.host = "127.0.0.1"
        self.scheme = "https" if tls else "http"
        self.ca_file = None
        self.process = None
        self.port = None
        self.url = None
        argv = [self.binary, *map(str, args)]
        if user is not None:
            argv += ["--user", user]
        if password is not None:
            argv += ["--password", password]
        if tls:
            files = make_tls_files(self.tmpdir)
            self.ca_file = files["ca"]
            argv += ["--tls-cert", files["cert"], "--tls-key", files["key"]]
        if quiet:
            argv.append("--quiet")
        self._port_file = os.path.join(self.tmpdir, "port")
        argv += ["--port", "0", "--port-file", self._port_file]
        self.argv = argv
        self._start(env, start_timeout)

    # ---- lifecycle ----

    def restart(self, start_timeout=15.0):
        """Stop pexsim and start it again on the same port (a fresh world and
        fresh logs): a Management Node that restarted."""
        port = self.port
        self.stop()
        self._close_log()
        i = self.argv.index("--port")
        self.argv[i + 1] = str(port)
        if os.path.exists(self._port_file):
            os.remove(self._port_file)
        self._start(None, start_timeout)

    def _start(self, env, start_timeout):
        full_env = dict(os.environ)
        full_env.pop("PEXSIM_USER", None)
        full_env.pop("PEXSIM_PASSWORD", None)
        full_env.update(env or {})
        self._log_path = os.path.join(self.tmpdir, "pexsim.log")
        self._log = open(self._log_path, "wb")
        self.process = subprocess.Popen(self.argv, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=full_env)
        deadline = time.monotonic() + start_timeout
        while True:
            if os.path.exists(self._port_file):
                with open(self._port_file) as f:
                    text = f.read().strip()
                if text.isdigit():
                    self.port = int(text)
                    break
            if self.process.poll() is not None:
                self._close_log()
                raise RuntimeError("pexsim exited with %s before listening:\n%s"
                                   % (self.process.returncode, self.log_text()))
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("pexsim did not write its port within %.0fs:\n%s"
                                   % (start_timeout, self.log_text()))
            time.sleep(0.02)
        self.url = "%s://%s:%d" % (self.scheme, self.host, self.port)

    def _close_log(self):
        if self._log and not self._log.closed:
            self._log.close()

    def stop(self, timeout=10.0):
        """Stop pexsim (SIGTERM, SIGKILL after `timeout`); returns its exit code."""
        code = None
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                code = self.process.wait()
        elif self.process:
            code = self.process.returncode
        self._close_log()
        return code

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False

    def log_text(self):
        """Everything pexsim printed so far (stdout and stderr)."""
        try:
            with open(self._log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    # ---- HTTP ----

    def ssl_context(self, verify=True):
        """A client SSL context trusting the test CA (verify=False: no checks)."""
        if not verify:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return ctx
        return ssl.create_default_context(cafile=self.ca_file)

    def connection(self, timeout=30.0, context=None):
        """A new http.client connection to pexsim (keep-alive capable)."""
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port, timeout=timeout,
                                               context=context or self.ssl_context())
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def auth_header(self, user=None, password=None):
        """The Authorization header value for Basic auth."""
        token = "%s:%s" % (self.user if user is None else user,
                           self.password if password is None else password)
        return "Basic " + base64.b64encode(token.encode()).decode()

    @staticmethod
    def build_path(path, query=None):
        """`path` plus an encoded query. `query` is a dict (list values
        repeat the key) or a list of pairs; a path may already hold a query."""
        if not query:
            return path
        if isinstance(query, dict):
            pairs = []
            for k, v in query.items():
                for item in (v if isinstance(v, (list, tuple)) else [v]):
                    pairs.append((k, item))
        else:
            pairs = list(query)
        encoded = urllib.parse.urlencode([(k, _query_text(v)) for k, v in pairs])
        return path + ("&" if "?" in path else "?") + encoded

    def request(self, method, path, query=None, body=None, headers=None, auth=True,
                timeout=30.0, conn=None):
        """One request on a fresh connection (or on `conn`, left open).
        auth: True (harness credentials), False (none) or (user, password).
        body: bytes/str sent as is, or dict/list sent as JSON."""
        hdrs = dict(headers or {})
        if auth is True:
            hdrs["Authorization"] = self.auth_header()
        elif isinstance(auth, tuple):
            hdrs["Authorization"] = self.auth_header(*auth)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        own = conn is None
        c = conn or self.connection(timeout=timeout)
        try:
            c.request(method, self.build_path(path, query), body=body, headers=hdrs)
            resp = c.getresponse()
            raw = resp.read()
            return Response(resp.status, resp.headers, _parse_body(raw))
        finally:
            if own:
                c.close()

    def get(self, path, auth=True, **query):
        """GET an API path with query parameters given as keywords
        (``sim.get(path, limit=5, order_by="-start_time")``)."""
        return self.request("GET", path, query=query, auth=auth)

    def get_api(self, resource, **query):
        """GET /api/admin/<resource>, e.g. get_api("status/v1/conference/")."""
        return self.get("/api/admin/" + resource.lstrip("/"), **query)

    def post_command(self, path, fields=None, form=False, auth=True, content_type=None):
        """POST a command. `path` is "participant/mute" or a full
        /api/admin/command/v1/... path. The body is a JSON object with the
        fields as given (typed: booleans stay booleans), as a real client
        sends it; form=True sends application/x-www-form-urlencoded instead
        (values as text), which pexsim answers 400 unless --accept-form.
        content_type overrides the Content-Type header."""
        if not path.startswith("/"):
            path = "/api/admin/command/v1/%s/" % path.strip("/")
        fields = fields or {}
        if form:
            body = urllib.parse.urlencode([(k, _query_text(v)) for k, v in fields.items()])
            ctype = "application/x-www-form-urlencoded"
        else:
            body = json.dumps(fields)
            ctype = "application/json"
        return self.request("POST", path, body=body, auth=auth,
                            headers={"Content-Type": content_type or ctype})

    # ---- control endpoint (/_sim/, no auth) ----

    def _control(self, method, path, body=None):
        status, _, data = self.request(method, "/_sim/" + path, body=body, auth=False)
        if status != 200:
            raise AssertionError("pexsim control %s /_sim/%s answered %s: %r"
                                 % (method, path, status, data))
        return data

    def commands(self, since=0):
        """Command requests received: [{seq, time, method, path, command,
        params, status, content_type, response, fault}]."""
        return self._control("GET", "commands?since=%d" % since)

    def requests(self, since=0):
        """Recent API requests: [{seq, time, method, path, query, status,
        connection, fault, bytes, ms}] (status 0: dropped)."""
        return self._control("GET", "requests?since=%d" % since)

    def counters(self):
        """{requests, connections_accepted, connections_total, bytes_sent,
        in_flight, max_in_flight, dropped, status: {"200": n, ...}}."""
        return self._control("GET", "counters")

    def reset(self):
        """Clear the logs and counters (not the faults)."""
        return self._control("POST", "reset", body={})

    def faults(self):
        return self._control("GET", "faults")["faults"]

    def add_fault(self, kind=None, spec=None, **rule):
        """Add a fault rule: add_fault("latency", ms=500, prefix="/api/admin/status/")
        or add_fault(spec="latency:ms=500"). Returns the new rule id."""
        body = {"spec": spec} if spec else dict(rule, kind=kind)
        return self._control("POST", "faults", body=body)["added"][0]

    def remove_fault(self, rule_id):
        return self._control("DELETE", "faults/%d" % rule_id)

    def clear_faults(self):
        return self._control("DELETE", "faults")

    def add_participant(self, **fields):
        """Stage a participant (fields merged over a generated one; give
        conference=<name>). conference_row=False: its conference gets no
        status/conference row (an orphan, waiting_room by default);
        parent_id=<id of a live participant>: a further leg of that person
        (conference may be omitted). Returns the participant object."""
        return self._control("POST", "participants", body=fields)

    def remove_participant(self, participant_id):
        return self._control("DELETE", "participants/" + urllib.parse.quote(participant_id, ""))

    def world(self):
        """The world's summary: settings (seed, static, shape, accept_form,
        orphans_at_start) and counts (conferences, participants, orphans...)."""
        return self._control("GET", "world")


def _query_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
