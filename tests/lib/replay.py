"""Replay recorded Management API bodies: a tiny stand-in Management Node.

    from replay import Replay

    with Replay.from_manifest("tests/fixtures/real") as node:
        # pexcon --url node.url --user node.user, PEXCON_PASSWORD=node.password
        ...
        assert [r["path"] for r in node.requests()] == [...]
        node.commands()          # the POSTs, with their JSON bodies

A fixture set is a directory with a ``manifest.json``::

    {"routes": {"/api/admin/status/v1/participant/": ["a.json", "b.json"], ...},
     "commands": {"/api/admin/command/v1/participant/dial/":
                  {"status": 202, "file": "dial.json"}}}

or the same mapping given directly to ``Replay(routes=..., base_dir=...)``.
A route's value is a fixture file name (relative to the set), a list of
them, or an inline body (dict/list). The files hold recorded bodies exactly
as recorded; this server only re-pages and filters their objects:

* **Listings** (paths ending in ``/``): the objects of every file of the
  route, in order (a file may be a Tastypie list body ``{"meta", "objects"}``,
  a bare JSON list, or one object), filtered by the query's field lookups,
  sorted by ``order_by``, and paged by ``limit`` (default 20, capped by
  ``max_limit`` when set) and ``offset``, answered as
  ``{"meta": {"limit", "next", "offset", "previous", "total_count"},
  "objects": [...]}`` with ``next``/``previous`` as server-relative paths
  keeping the other query parameters. Lookups: ``field=value`` (exact),
  ``field__OP=value`` with OP one of exact iexact contains icontains
  startswith istartswith endswith iendswith gt gte lt lte, nested through
  lists (``media_streams__rx_packet_loss__gte=2``); a resource-URI field
  (``conference`` of a history participant) also matches the id at its end.
  A parameter no object has as a field filters everything out.
* **Detail** paths (``<listing>/<id>/``) answer the object of that id from
  the listing's route, unless the path has a route of its own.
* A path with no route answers **404 with an empty body**, like a node whose
  version lacks the resource.
* ``POST /api/admin/command/...`` answers the configured answer for the
  path (``set_command_answer``), else 202
  ``{"status": "success", "message": "", "data": {}}``.
* Basic authentication: ``user``/``password`` (admin/pexsim by default);
  anything else answers 401 with an empty body.

Every request is recorded (``requests()``): seq, time, method, path, query
(raw), params (``{key: [values]}``), content_type, body (text), json (the
parsed body or None) and the status answered.

Only the Python standard library is used. The server listens on a free
loopback port in a daemon thread.
"""

import base64
import copy
import http.server
import json
import os
import threading
import time
import urllib.parse

__all__ = ["Replay", "DEFAULT_COMMAND_ANSWER", "load_objects"]

DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "pexsim"
DEFAULT_COMMAND_ANSWER = (202, {"status": "success", "message": "", "data": {}})
API_PREFIX = "/api/admin/"
LOOKUPS = ("exact", "iexact", "contains", "icontains", "startswith", "istartswith",
           "endswith", "iendswith", "gt", "gte", "lt", "lte")
CONTROL_PARAMS = ("limit", "offset", "order_by", "format")


def _read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_objects(body):
    """The objects of a recorded body: a list body's ``objects``, a bare list,
    or one object."""
    if isinstance(body, dict) and isinstance(body.get("objects"), list):
        return list(body["objects"])
    if isinstance(body, list):
        return list(body)
    if isinstance(body, dict):
        return [body]
    return []


def _norm_path(path):
    if not path.startswith("/"):
        path = "/" + path
    if not path.startswith(API_PREFIX):
        path = API_PREFIX + path.lstrip("/")
    return path


def _as_number(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    return None


def _compare(value, op, wanted):
    """Does one field value satisfy the lookup?"""
    if isinstance(value, list):
        return any(_compare(v, op, wanted) for v in value)
    if value is None:
        return op == "exact" and wanted.lower() in ("", "none", "null")
    if isinstance(value, bool):
        b = wanted.strip().lower() in ("true", "1", "yes")
        return op in ("exact", "iexact") and value == b
    num = _as_number(value)
    if num is not None and op in ("exact", "gt", "gte", "lt", "lte"):
        try:
            w = float(wanted)
        except ValueError:
            return False
        return {"exact": num == w, "gt": num > w, "gte": num >= w,
                "lt": num < w, "lte": num <= w}[op]
    s = str(value)
    if op == "exact":
        if s == wanted:
            return True
        # A resource URI matches the id at its end (?conference=<id>).
        return s.startswith(API_PREFIX) and s.rstrip("/").rsplit("/", 1)[-1] == wanted
    if op in ("gt", "gte", "lt", "lte"):
        # Times are ISO-8601 text: compare them as text, padded the same way.
        a, b = s.replace(" ", "T"), wanted.replace(" ", "T")
        return {"gt": a > b, "gte": a >= b, "lt": a < b, "lte": a <= b}[op]
    fold = op.startswith("i")
    base = op[1:] if fold else op
    a, b = (s.lower(), wanted.lower()) if fold else (s, wanted)
    return {"exact": a == b, "contains": b in a, "startswith": a.startswith(b),
            "endswith": a.endswith(b)}[base]


def _lookup(obj, parts):
    """Values reached from obj through field names (lists are walked)."""
    cur = [obj]
    for name in parts:
        nxt = []
        for c in cur:
            if isinstance(c, list):
                c_items = c
            else:
                c_items = [c]
            for item in c_items:
                if isinstance(item, dict) and name in item:
                    nxt.append(item[name])
        if not nxt:
            return None
        cur = nxt
    return cur


def _matches(obj, key, wanted):
    parts = key.split("__")
    op = "exact"
    if len(parts) > 1 and parts[-1] in LOOKUPS:
        op = parts.pop()
    values = _lookup(obj, parts)
    if values is None:
        return False
    return any(_compare(v, op, wanted) for v in values)


def _sort_key(value):
    if value is None:
        return (0, 0, "")
    num = _as_number(value)
    if num is not None:
        return (1, num, "")
    return (2, 0, str(value))


class Replay:
    """A loopback HTTP server answering recorded bodies (see the module doc)."""

    def __init__(self, routes=None, base_dir=None, commands=None, user=DEFAULT_USER,
                 password=DEFAULT_PASSWORD, max_limit=None, default_limit=20):
        self.base_dir = base_dir or os.getcwd()
        self.user, self.password = user, password
        self.max_limit, self.default_limit = max_limit, default_limit
        self._lock = threading.Lock()
        self._routes = {}
        self._commands = {}
        self._log = []
        self._seq = 0
        for path, spec in (routes or {}).items():
            self.set_route(path, spec)
        for path, answer in (commands or {}).items():
            if isinstance(answer, dict) and ("file" in answer or "body" in answer):
                body = answer.get("body")
                if "file" in answer:
                    body = _read_json(os.path.join(self.base_dir, answer["file"]))
                self.set_command_answer(path, answer.get("status", 202), body)
            else:
                self.set_command_answer(path, *answer)
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.host, self.port = self._server.server_address[:2]
        self.url = "http://%s:%d" % (self.host, self.port)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @classmethod
    def from_manifest(cls, set_dir, **kw):
        """Serve the fixture set in set_dir (its manifest.json)."""
        manifest = _read_json(os.path.join(set_dir, "manifest.json"))
        return cls(routes=manifest.get("routes", {}), commands=manifest.get("commands", {}),
                   base_dir=set_dir, **kw)

    # ---- configuration -----------------------------------------------------

    def set_route(self, path, spec):
        """Answer path with the objects of spec: a file name, a list of file
        names, or an inline body. None removes the route (404)."""
        path = _norm_path(path)
        with self._lock:
            if spec is None:
                self._routes.pop(path, None)
                return
            bodies = []
            for item in (spec if isinstance(spec, list) and all(isinstance(s, str) for s in spec)
                         else [spec]):
                if isinstance(item, str):
                    bodies.append(_read_json(os.path.join(self.base_dir, item)))
                else:
                    bodies.append(copy.deepcopy(item))
            objects = []
            for b in bodies:
                objects.extend(load_objects(b))
            self._routes[path] = objects

    def objects(self, path):
        """The objects served at a listing path (a copy)."""
        with self._lock:
            return copy.deepcopy(self._routes.get(_norm_path(path), []))

    def set_command_answer(self, path, status, body):
        """What a POST to path answers: status and a JSON body (None: empty)."""
        with self._lock:
            self._commands[_norm_path(path)] = (status, copy.deepcopy(body))

    # ---- what was asked ----------------------------------------------------

    def requests(self, since=0):
        """Every request after seq `since`, oldest first."""
        with self._lock:
            return [dict(r) for r in self._log if r["seq"] > since]

    def commands(self, since=0):
        """The POSTs to /api/admin/command/ after seq `since`."""
        return [r for r in self.requests(since)
                if r["method"] == "POST" and r["path"].startswith(API_PREFIX + "command/")]

    def last_seq(self):
        with self._lock:
            return self._seq

    def clear(self):
        with self._lock:
            self._log.clear()

    # ---- lifetime ----------------------------------------------------------

    def close(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self._thread.join(timeout=5)

    cleanup = close

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # ---- answering ---------------------------------------------------------

    def _record(self, entry):
        with self._lock:
            self._seq += 1
            entry["seq"] = self._seq
            self._log.append(entry)
            return entry

    def _authorized(self, header):
        if not header or not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return user == self.user and password == self.password

    def _listing(self, path, params, objects):
        for key, values in params.items():
            if key in CONTROL_PARAMS:
                continue
            for wanted in values:
                objects = [o for o in objects if _matches(o, key, wanted)]
        for field in reversed([f for v in params.get("order_by", []) for f in v.split(",") if f]):
            desc = field.startswith("-")
            name = field.lstrip("-")
            objects.sort(key=lambda o: _sort_key(o.get(name) if isinstance(o, dict) else None),
                         reverse=desc)
        try:
            limit = int(params.get("limit", [self.default_limit])[0])
        except ValueError:
            return 400, {"error": "Invalid limit provided. Please provide a positive integer."}
        try:
            offset = int(params.get("offset", [0])[0])
        except ValueError:
            return 400, {"error": "Invalid offset provided. Please provide an integer."}
        if limit <= 0 or (self.max_limit and limit > self.max_limit):
            limit = self.max_limit or len(objects) or self.default_limit
        offset = max(offset, 0)
        total = len(objects)
        page = objects[offset:offset + limit]

        def link(off):
            q = [(k, v) for k, vs in params.items() if k not in ("limit", "offset") for v in vs]
            q += [("limit", str(limit)), ("offset", str(off))]
            return path + "?" + urllib.parse.urlencode(q)
        meta = {"limit": limit,
                "next": link(offset + limit) if offset + limit < total else None,
                "offset": offset,
                "previous": link(max(offset - limit, 0)) if offset > 0 else None,
                "total_count": total}
        return 200, {"meta": meta, "objects": page}

    def _get(self, path, params):
        with self._lock:
            if path in self._routes:
                return self._listing(path, params, copy.deepcopy(self._routes[path]))
            parent, _, last = path.rstrip("/").rpartition("/")
            parent += "/"
            if path.endswith("/") and parent in self._routes:
                ident = urllib.parse.unquote(last)
                for o in self._routes[parent]:
                    if isinstance(o, dict) and str(o.get("id")) == ident:
                        return 200, copy.deepcopy(o)
        return 404, None

    def _handler_class(self):
        replay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "replay"

            def log_message(self, *args):
                pass

            def _answer(self, entry, status, body):
                entry["status"] = status
                raw = b"" if body is None else json.dumps(body).encode("utf-8")
                self.send_response(status)
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="replay"')
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(raw)

            def _handle(self):
                split = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length > 0 else b""
                text = raw.decode("utf-8", "replace")
                try:
                    parsed = json.loads(text) if text else None
                except ValueError:
                    parsed = None
                entry = replay._record({
                    "time": time.time(), "method": self.command,
                    "path": urllib.parse.unquote(split.path), "raw_path": split.path,
                    "query": split.query,
                    "params": urllib.parse.parse_qs(split.query, keep_blank_values=True),
                    "content_type": self.headers.get("Content-Type"),
                    "body": text, "json": parsed, "status": None,
                })
                if not replay._authorized(self.headers.get("Authorization")):
                    return self._answer(entry, 401, None)
                path = split.path
                if self.command in ("GET", "HEAD"):
                    status, body = replay._get(path, entry["params"])
                    return self._answer(entry, status, body)
                if self.command == "POST" and path.startswith(API_PREFIX + "command/"):
                    with replay._lock:
                        status, body = replay._commands.get(path, DEFAULT_COMMAND_ANSWER)
                    return self._answer(entry, status, copy.deepcopy(body))
                return self._answer(entry, 405 if path in replay._routes else 404, None)

            do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        return Handler
