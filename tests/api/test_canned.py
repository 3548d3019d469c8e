"""Engine integration against a tiny canned HTTP server (standard library):
odd pages that pexsim does not produce — entries that are not objects,
absolute or looping meta.next, bare lists, redirects, command answers of
every shape."""

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from probe_util import check, run_probe, run_tests  # noqa: E402

ROOT = "/api/admin/"
SEEN = []


def page(objects, **meta):
    return {"meta": meta, "objects": objects}


# path (with query) -> (status, headers, body)
CANNED = {
    ROOT + "odd/?limit=500": (200, {}, page(
        [{"id": 1, "name": "one"}, 5, "text", None, [1], {"id": 2, "name": "two"}],
        limit=500, total_count=4, next="http://elsewhere.example/api/admin/odd/?offset=2")),
    ROOT + "odd/?offset=2": (200, {}, page(
        [{"id": 2, "name": "two again"}, {"id": "3", "name": None, "extra": {"x": 1}}, {}],
        limit="500", total_count="5", next=None)),
    # Two "meta" keys: the early one (used to start the next request while
    # this page is parsed) is wrong; the full parse keeps the last one.
    ROOT + "dupmeta/?limit=500": (200, {}, '{"meta": {"next": "/api/admin/dupmeta/?p=wrong"}, '
                                           '"objects": [{"id": 1}], '
                                           '"meta": {"next": "/api/admin/dupmeta/?p=2"}}'),
    ROOT + "dupmeta/?p=2": (200, {}, page([{"id": 2}], next=None)),
    ROOT + "dupmeta/?p=wrong": (200, {}, page([{"id": 666}], next=None)),
    ROOT + "bare/?limit=500": (200, {}, [{"id": "a"}, {"id": "b"}]),
    ROOT + "nometa/?limit=500": (200, {}, {"objects": [{"id": "a"}]}),
    ROOT + "loop/?limit=500": (200, {}, page([{"id": 1}], next=ROOT + "loop/?limit=500")),
    ROOT + "cycle/?limit=500": (200, {}, page([{"id": 1}], next=ROOT + "cycle/?p=2")),
    ROOT + "cycle/?p=2": (200, {}, page([{"id": 2}], next=ROOT + "cycle/?limit=500")),
    ROOT + "notalist/?limit=500": (200, {}, {"objects": {"id": 1}}),
    ROOT + "empty/": (200, {"Content-Type": "application/json"}, ""),
    ROOT + "redirect/": (302, {"Location": "https://sso.example.com/login"}, ""),
    ROOT + "big/": (200, {}, {"blob": "x" * 5000}),
    ROOT + "command/v1/participant/dial/": (400, {}, {
        "participant_dial": {"destination": ["This field is required."],
                             "conference_alias": ["Unknown alias \u001b[31mred"]}}),
    ROOT + "command/v1/participant/role/": (202, {}, {
        "status": "success", "message": None,
        "data": {"participant_id": "p-9", "participant_ids": ["p-9", "p-10"]}}),
    ROOT + "command/v1/conference/lock/": (200, {}, {"status": "error",
                                                    "message": "Conference is not running"}),
    ROOT + "command/v1/conference/unlock/": (200, {"Content-Type": "text/html"},
                                             "<html><form>Sign in</form></html>"),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body_in = self.rfile.read(length).decode() if length else ""
        SEEN.append((self.command, self.path, body_in))
        status, headers, body = CANNED.get(self.path, (404, {}, ""))
        raw = body if isinstance(body, str) else json.dumps(body)
        raw = raw.encode()
        self.send_response(status)
        if "Content-Type" not in headers and not isinstance(body, str):
            self.send_header("Content-Type", "application/json")
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = answer
    do_POST = answer


S = {}


def url():
    return "http://127.0.0.1:%d" % S["server"].server_address[1]


def probe(*ops, **kw):
    kw.setdefault("probe_opts", ["--attempts", "1"])
    return run_probe(url(), *ops, **kw)


def test_odd_entries_skipped_and_absolute_next():
    SEEN.clear()
    res = probe("list", "odd/", probe_opts=["--print-ids"]).one("list")
    check(res["ok"], res)
    check(res["ids"] == ["1", "2", "3", ""], res)  # {} has no id: kept, not deduped
    check(res["skipped"] == 4 and res["duplicates"] == 1 and res["pages"] == 2, res)
    check(res["total_count"] == 5 and res["page_limit"] == 500, res)
    # The absolute next link was followed on our own server, not elsewhere.
    check([p for _, p, _ in SEEN] == [ROOT + "odd/?limit=500", ROOT + "odd/?offset=2"], SEEN)


def test_early_next_hint_overruled_by_full_parse():
    res = probe("list", "dupmeta/", probe_opts=["--print-ids"]).one("list")
    check(res["ok"] and res["ids"] == ["1", "2"], res)


def test_bare_list_and_missing_meta():
    res = probe("list", "bare/").one("list")
    check(res["ok"] and res["objects"] == 2 and res["pages"] == 1, res)
    res = probe("list", "nometa/").one("list")
    check(res["ok"] and res["objects"] == 1 and res["pages"] == 1, res)


def test_looping_next_and_wrong_shape():
    res = probe("list", "loop/").one("list")
    check(not res["ok"] and res["error"]["kind"] == "BAD_JSON", res)
    check("does not advance" in res["error"]["message"], res)
    res = probe("list", "cycle/").one("list")
    check(not res["ok"] and "does not advance" in res["error"]["message"], res)
    check(res["objects"] == 2 and res["pages"] == 2, res)
    res = probe("list", "notalist/").one("list")
    check(not res["ok"] and res["error"]["kind"] == "BAD_JSON", res)


def test_empty_body_and_redirect():
    res = probe("get", "empty/").one("get")
    check(res["ok"] and "json" not in res, res)
    res = probe("get", "redirect/").one("get")
    check(res["error"]["kind"] == "HTML" and "SSO" in res["error"]["message"], res)


def test_size_cap_on_small_body():
    res = probe("get", "big/", probe_opts=["--attempts", "1", "--max-body", "1000"]).one("get")
    check(res["error"]["kind"] == "TOO_LARGE", res)
    res = probe("get", "big/").one("get")
    check(res["ok"], res)


def test_command_answers():
    SEEN.clear()
    run = probe("command", "participant/dial", "conference_alias=meet", "+",
                "command", "participant/role", "participant_id=p-9", "role=chair", "+",
                "command", "conference/lock", "conference_id=c", "+",
                "command", "conference/unlock", "conference_id=c")
    res = {r["command"]: r for r in run.ops("command")}
    dial = res["participant/dial"]
    check(not dial["accepted"] and dial["http_status"] == 400, dial)
    check("destination: This field is required." in dial["message"], dial)
    check("conference_alias: Unknown alias red" in dial["message"], dial)  # escape removed
    role = res["participant/role"]
    check(role["accepted"] and role["http_status"] == 202, role)
    check(role["data"] == {"participant_id": "p-9", "participant_ids": ["p-9", "p-10"]}, role)
    lock = res["conference/lock"]
    check(not lock["accepted"] and lock["message"] == "Conference is not running", lock)
    unlock = res["conference/unlock"]
    check(not unlock["accepted"] and unlock["error"]["kind"] == "HTML", unlock)
    posts = {p: b for m, p, b in SEEN if m == "POST"}
    check(json.loads(posts[ROOT + "command/v1/participant/role/"]) ==
          {"participant_id": "p-9", "role": "chair"}, posts)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    S["server"] = server
    run_tests([
        test_odd_entries_skipped_and_absolute_next,
        test_early_next_hint_overruled_by_full_parse,
        test_bare_list_and_missing_meta,
        test_looping_next_and_wrong_shape,
        test_empty_body_and_redirect,
        test_size_cap_on_small_body,
        test_command_answers,
    ])
