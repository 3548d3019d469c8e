"""Engine integration: TLS verification on by default, --ca-file, and
--insecure (works, but warns loudly on every run)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pexsim import Pexsim, make_tls_files  # noqa: E402
from probe_util import check, run_probe, run_tests  # noqa: E402

S = {}


def test_verified_with_ca_file():
    run = run_probe(S["sim"], "list", "status/v1/conference/",
                    global_opts=["--ca-file", S["sim"].ca_file])
    res = run.one("list")
    check(res["ok"] and res["objects"] == 4, res)
    check("WARNING" not in run.stderr, "unexpected warning: %s" % run.stderr)


def test_unknown_ca_fails_with_tls_message():
    run = run_probe(S["sim"], "list", "status/v1/conference/")
    res = run.one("list")
    check(not res["ok"], res)
    err = res["error"]
    check(err["kind"] == "TLS", err)
    check("certificate" in err["message"] and "--ca-file" in err["message"], err)
    check(res["retries"] == 0, "a certificate failure was retried")


def test_insecure_works_and_warns():
    run = run_probe(S["sim"], "list", "status/v1/conference/", global_opts=["--insecure"])
    res = run.one("list")
    check(res["ok"], res)
    check("WARNING" in run.stderr and "--insecure" in run.stderr, run.stderr)
    # Every run warns, not just the first.
    again = run_probe(S["sim"], "get", "status/v1/conference/", global_opts=["--insecure"])
    check("WARNING" in again.stderr, again.stderr)


def test_certificate_for_another_host_fails():
    # A certificate from the trusted CA, but naming another host.
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        files = make_tls_files(tmp, hosts=("mgr.example.com",))
        with Pexsim("--static", "--tls-cert", files["cert"], "--tls-key", files["key"]) as other:
            url = "https://127.0.0.1:%d" % other.port
            res = run_probe(url, "get", "status/v1/conference/",
                            global_opts=["--ca-file", files["ca"]]).one("get")
            check(not res["ok"] and res["error"]["kind"] == "TLS", res)
            # The CA is trusted already: the advice is the host name, not --ca-file.
            check("--ca-file" not in res["error"]["message"], res)
            check("not for this host name" in res["error"]["message"], res)


def test_plain_http_to_tls_port():
    url = "http://127.0.0.1:%d" % S["sim"].port
    res = run_probe(url, "get", "status/v1/conference/", probe_opts=["--attempts", "1"]).one("get")
    check(not res["ok"], res)


if __name__ == "__main__":
    with Pexsim("--conferences", "4", "--participants", "8", "--static", tls=True) as sim:
        S["sim"] = sim
        run_tests([
            test_verified_with_ca_file,
            test_unknown_ca_fails_with_tls_message,
            test_insecure_works_and_warns,
            test_certificate_for_another_host_fails,
            test_plain_http_to_tls_port,
        ])
