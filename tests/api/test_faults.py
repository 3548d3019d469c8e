"""Engine integration: every failure becomes a clear one-line error value,
reads are retried with backoff (429 honours Retry-After), 4xx are not."""

import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pexsim import Pexsim  # noqa: E402
from probe_util import api_requests, check, run_probe, run_tests  # noqa: E402

CONFS = "/api/admin/status/v1/conference/"
FAST = ["--backoff", "0.1"]


def sim():
    return Pexsim("--conferences", "5", "--participants", "20", "--static")


def error_of(run):
    res = run.ops()[0]
    check(not res["ok"], "expected an error, got %r" % res)
    return res["error"]


def test_wrong_password():
    with sim() as s:
        run = run_probe(s, "list", "status/v1/conference/", password="not-the-password")
        err = error_of(run)
        check(err["kind"] == "AUTH" and err["http_status"] == 401, err)
        check(err["message"] == "authentication failed: check user/password", err)
        check(len(api_requests(s, CONFS)) == 1, "a 401 was retried")


def test_latency_with_short_timeout():
    with sim() as s:
        s.add_fault("latency", ms=3000, prefix=CONFS)
        run = run_probe(s, "list", "status/v1/conference/", probe_opts=FAST + ["--attempts", "2"],
                        global_opts=["--timeout", "0.5"])
        err = error_of(run)
        check(err["kind"] == "TIMEOUT", err)
        check("did not answer in time" in err["message"], err)
        # Without the timeout, two attempts would take over 6 s.
        check(run.elapsed < 4.5, "took %.1fs" % run.elapsed)


def test_server_errors_retried_then_ok():
    with sim() as s:
        s.add_fault("error", status=500, count=2, prefix=CONFS)
        run = run_probe(s, "list", "status/v1/conference/", probe_opts=FAST)
        res = run.one("list")
        check(res["ok"] and res["retries"] == 2 and res["objects"] == 5, res)
        check(len(api_requests(s, CONFS)) == 3, "expected 3 attempts")


def test_server_error_persistent():
    with sim() as s:
        s.add_fault("error", status=503, prefix=CONFS)
        run = run_probe(s, "list", "status/v1/conference/", probe_opts=FAST)
        err = error_of(run)
        check(err["kind"] == "SERVER" and err["http_status"] == 503, err)
        check(err["message"].startswith("server error (HTTP 503)"), err)
        check(run.ops()[0]["retries"] == 2, run.ops())
        check(len(api_requests(s, CONFS)) == 3, "expected exactly 3 attempts")


def test_server_error_html_body():
    with sim() as s:
        s.add_fault("error", status=500, body="html", prefix=CONFS)
        err = error_of(run_probe(s, "get", "status/v1/conference/", probe_opts=FAST))
        check(err["kind"] == "SERVER", err)


def test_rate_limit_honours_retry_after():
    with sim() as s:
        s.add_fault("ratelimit", retry_after=1, count=1, prefix=CONFS)
        run = run_probe(s, "list", "status/v1/conference/", probe_opts=["--backoff", "0.05"])
        res = run.one("list")
        check(res["ok"] and res["retries"] == 1, res)
        check(res["elapsed"] >= 0.95, "did not wait for Retry-After: %.2fs" % res["elapsed"])
        reqs = api_requests(s, CONFS)
        check([r["status"] for r in reqs] == [429, 200], reqs)


def test_rate_limit_persistent():
    with sim() as s:
        s.add_fault("ratelimit", retry_after=0, prefix=CONFS)
        err = error_of(run_probe(s, "list", "status/v1/conference/", probe_opts=FAST))
        check(err["kind"] == "RATE_LIMITED" and err["http_status"] == 429, err)


def test_drop():
    with sim() as s:
        s.add_fault("drop", prefix=CONFS)
        err = error_of(run_probe(s, "list", "status/v1/conference/", probe_opts=FAST))
        check(err["kind"] == "NETWORK", err)
        check("connection dropped" in err["message"], err)
    with sim() as s:
        s.add_fault("drop", count=1, prefix=CONFS)
        res = run_probe(s, "list", "status/v1/conference/", probe_opts=FAST).one("list")
        check(res["ok"] and res["retries"] == 1, res)


def test_truncated_and_malformed():
    for kind in ("truncate", "malformed"):
        with sim() as s:
            s.add_fault(kind, prefix=CONFS)
            err = error_of(run_probe(s, "list", "status/v1/conference/", probe_opts=FAST))
            check(err["kind"] == "BAD_JSON", (kind, err))


def test_html_login_page():
    with sim() as s:
        s.add_fault("html", prefix=CONFS)
        run = run_probe(s, "list", "status/v1/conference/", probe_opts=FAST)
        err = error_of(run)
        check(err["kind"] == "HTML", err)
        check(err["message"] == "the server answered an HTML page, not JSON: SSO or a proxy "
                                "login may be in the way", err)
        check(len(api_requests(s, CONFS)) == 1, "an HTML page was retried")


def test_unauthorized_fault():
    with sim() as s:
        s.add_fault("unauthorized", prefix=CONFS)
        err = error_of(run_probe(s, "get", "status/v1/conference/"))
        check(err["kind"] == "AUTH", err)


def test_slow_body():
    with sim() as s:
        s.add_fault("slow_body", ms=800, prefix=CONFS)
        res = run_probe(s, "list", "status/v1/conference/").one("list")
        check(res["ok"] and res["objects"] == 5 and res["elapsed"] >= 0.7, res)
        err = error_of(run_probe(s, "list", "status/v1/conference/",
                                 probe_opts=FAST + ["--attempts", "1"],
                                 global_opts=["--timeout", "0.3"]))
        check(err["kind"] == "TIMEOUT", err)


def test_not_found_not_retried():
    with sim() as s:
        run = run_probe(s, "get", "status/v1/no_such_thing/", probe_opts=FAST)
        err = error_of(run)
        check(err["kind"] == "NOT_FOUND" and err["http_status"] == 404, err)
        check(len(api_requests(s, "/api/admin/status/v1/no_such_thing/")) == 1, "404 retried")


def test_bad_order_by_is_bad_request():
    with sim() as s:
        err = error_of(run_probe(s, "list", "status/v1/conference/", "order_by=nonsense"))
        check(err["kind"] == "BAD_REQUEST" and "nonsense" in err["message"], err)


def test_body_size_cap():
    with Pexsim("--conferences", "100", "--participants", "1000", "--static") as s:
        run = run_probe(s, "list", "status/v1/participant/", probe_opts=["--max-body", "20000"])
        err = error_of(run)
        check(err["kind"] == "TOO_LARGE", err)
        check(len(api_requests(s, "/api/admin/status/v1/participant/")) == 1, "retried")


def test_dns_failure():
    run = run_probe("https://nonexistent.invalid", "list", "status/v1/conference/")
    err = error_of(run)
    check(err["kind"] == "DNS" and "nonexistent.invalid" in err["message"], err)


def test_connection_refused():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    run = run_probe("http://127.0.0.1:%d" % port, "get", "status/v1/conference/",
                    probe_opts=FAST)
    err = error_of(run)
    check(err["kind"] == "CONNECT", err)
    check(err["message"].startswith("cannot connect to the server"), err)


def test_netrc_and_missing_credentials():
    import tempfile
    with sim() as s, tempfile.TemporaryDirectory() as home:
        netrc = os.path.join(home, ".netrc")
        with open(netrc, "w") as f:
            f.write("machine 127.0.0.1 login admin password pexsim\n")
        os.chmod(netrc, 0o600)
        res = run_probe(s, "get", "status/v1/conference/", password=None, user=None,
                        env={"HOME": home}).one("get")
        check(res["ok"], res)
        os.unlink(netrc)
        err = error_of(run_probe(s, "get", "status/v1/conference/", password=None,
                                 env={"HOME": home}))
        check(err["kind"] == "AUTH", err)


if __name__ == "__main__":
    run_tests([
        test_wrong_password,
        test_latency_with_short_timeout,
        test_server_errors_retried_then_ok,
        test_server_error_persistent,
        test_server_error_html_body,
        test_rate_limit_honours_retry_after,
        test_rate_limit_persistent,
        test_drop,
        test_truncated_and_malformed,
        test_html_login_page,
        test_unauthorized_fault,
        test_slow_body,
        test_not_found_not_retried,
        test_bad_order_by_is_bad_request,
        test_body_size_cap,
        test_dns_failure,
        test_connection_refused,
        test_netrc_and_missing_credentials,
    ])
