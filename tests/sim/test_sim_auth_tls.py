"""pexsim authentication (Basic, flags and environment) and HTTPS with a
self-signed CA: what a client sees when credentials or certificates are wrong."""

import http.client
import os
import ssl
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import Pexsim, make_tls_files, pexsim_binary  # noqa: E402

CONF = "/api/admin/status/v1/conference/"


def check_401(sim, auth):
    status, headers, body = sim.request("GET", CONF, auth=auth)
    assert status == 401, (auth, status, body)
    challenge = headers.get("WWW-Authenticate") or ""
    assert challenge.startswith("Basic realm=\""), challenge
    assert body == "", "401 must have an empty body, got %r" % (body,)


def test_default_credentials():
    with Pexsim("--static") as sim:
        status, _, body = sim.get(CONF)
        assert status == 200 and "objects" in body
        check_401(sim, False)
        check_401(sim, ("admin", "wrong"))
        check_401(sim, ("nobody", "pexsim"))
        # a garbled Authorization header is a 401, not a crash
        for header in ("Basic !!!notbase64", "Bearer abc", "Basic ", "Basic YWRtaW4="):
            status, headers, _ = sim.request("GET", CONF, auth=False,
                                             headers={"Authorization": header})
            assert status == 401, (header, status)
        # the control endpoint needs no credentials
        assert sim.request("GET", "/_sim/counters", auth=False).status == 200
        # and 401s are counted like any answer
        assert sim.counters()["status"].get("401", 0) >= 7


def test_credentials_from_flags():
    with Pexsim("--static", user="ops", password="s3cr3t:with:colons") as sim:
        assert sim.get(CONF).status == 200
        check_401(sim, ("admin", "pexsim"))


def test_credentials_from_environment():
    env = {"PEXSIM_USER": "envuser", "PEXSIM_PASSWORD": "envpass"}
    with Pexsim("--static", env=env) as sim:
        assert (sim.user, sim.password) == ("envuser", "envpass")
        assert sim.get(CONF).status == 200
        check_401(sim, ("admin", "pexsim"))
    # flags win over the environment
    with Pexsim("--static", env=env, user="flaguser", password="flagpass") as sim:
        assert sim.get(CONF).status == 200
        check_401(sim, ("envuser", "envpass"))


def test_tls_verifies_with_the_ca_only():
    with Pexsim("--static", tls=True) as sim:
        assert sim.url.startswith("https://127.0.0.1:")
        # the listening line says https
        assert "pexsim listening on https://127.0.0.1:%d" % sim.port in sim.log_text()
        status, _, body = sim.get(CONF)
        assert status == 200 and isinstance(body["objects"], list)

        # without the CA the handshake must fail verification
        conn = http.client.HTTPSConnection(sim.host, sim.port, timeout=10,
                                           context=ssl.create_default_context())
        try:
            conn.request("GET", CONF)
            conn.getresponse()
            raise AssertionError("TLS verification should have failed without the CA")
        except ssl.SSLCertVerificationError:
            pass
        finally:
            conn.close()

        # a plain-HTTP client against the TLS port gets no HTTP answer
        plain = http.client.HTTPConnection(sim.host, sim.port, timeout=10)
        try:
            plain.request("GET", CONF)
            resp = plain.getresponse()
            assert resp.status != 200
        except (http.client.HTTPException, OSError):
            pass
        finally:
            plain.close()

        # keep-alive over TLS works and auth still applies
        conn = sim.connection()
        try:
            for _ in range(3):
                status, _, _ = sim.request("GET", CONF, conn=conn)
                assert status == 200
            assert sim.request("GET", CONF, conn=conn, auth=False).status == 401
        finally:
            conn.close()


def test_bad_tls_files_fail_cleanly():
    with tempfile.TemporaryDirectory() as d:
        files = make_tls_files(d)
        bogus = os.path.join(d, "bogus.pem")
        with open(bogus, "w") as f:
            f.write("not a certificate\n")
        binary = pexsim_binary()
        for args in (["--tls-cert", files["cert"]],
                     ["--tls-cert", os.path.join(d, "missing.pem"), "--tls-key", files["key"]],
                     ["--tls-cert", bogus, "--tls-key", files["key"]]):
            proc = subprocess.run([binary, "--quiet", "--port", "0", *args],
                                  capture_output=True, text=True, timeout=30)
            assert proc.returncode != 0, args
            assert "pexsim:" in proc.stderr, proc.stderr


def main():
    test_default_credentials()
    test_credentials_from_flags()
    test_credentials_from_environment()
    test_tls_verifies_with_the_ca_only()
    test_bad_tls_files_fail_cleanly()
    print("ok")


if __name__ == "__main__":
    main()
