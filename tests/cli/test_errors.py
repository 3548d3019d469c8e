"""Exit status 3 for connection, TLS and authentication failures; the
message says what went wrong and never shows the password."""

import socket
import unittest

import clitest
from clitest import Home, Pexsim, run_pexcon


def closed_port():
    """A loopback port nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class ErrorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.home = Home()

    @classmethod
    def tearDownClass(cls):
        cls.home.cleanup()

    def assert_exit(self, proc, code, *needles):
        self.assertEqual(proc.returncode, code, "stdout: %s\nstderr: %s"
                         % (proc.stdout, proc.stderr))
        for n in needles:
            self.assertIn(n.lower(), proc.stderr.lower())
        self.assertNotIn("s3cret-Pa55", proc.stderr + proc.stdout)

    def test_wrong_password(self):
        with Pexsim("--static", password="right-one") as sim:
            for args in (["get", "conferences"], ["mute", "whoever"]):
                p = run_pexcon(args, self.home, url=sim.url, password="s3cret-Pa55")
                self.assert_exit(p, 3, "auth")
            self.assertEqual(sim.commands(), [])
            p = run_pexcon(["get", "conferences"], self.home, url=sim.url, password="right-one")
            self.assert_exit(p, 0)

    def test_connection_refused(self):
        url = "http://127.0.0.1:%d" % closed_port()
        for args in (["get", "conferences"], ["lock", "VMR_1"], ["get", "participants",
                                                                  "-o", "json"]):
            p = run_pexcon(args, self.home, url=url, password="s3cret-Pa55")
            self.assert_exit(p, 3)
            self.assertEqual(p.stdout, "")

    def test_tls_untrusted_certificate(self):
        with Pexsim("--static", tls=True) as sim:
            p = run_pexcon(["get", "conferences"], self.home, url=sim.url)
            self.assert_exit(p, 3, "ca-file")
            self.assertEqual(p.stdout, "")
            # Trusting the test CA makes the same request work.
            p = run_pexcon(["get", "conferences"], self.home, url=sim.url,
                           global_args=["--ca-file", sim.ca_file])
            self.assert_exit(p, 0)
            self.assertTrue(p.stdout.startswith("NAME"))
            # --insecure works but warns.
            p = run_pexcon(["get", "conferences"], self.home, url=sim.url,
                           global_args=["--insecure"])
            self.assert_exit(p, 0, "insecure")

    def test_tls_wrong_host_name(self):
        with Pexsim("--static", tls=True) as sim:
            url = "https://localhost.localdomain.invalid:%d" % sim.port
            p = run_pexcon(["get", "conferences"], self.home, url=url,
                           global_args=["--ca-file", sim.ca_file])
            self.assertEqual(p.returncode, 3, p.stderr)

    def test_sso_login_page(self):
        with Pexsim("--static", "--fault", "html") as sim:
            p = run_pexcon(["get", "conferences"], self.home, url=sim.url)
            self.assert_exit(p, 3, "sso")

    def test_server_error_is_exit_1(self):
        with Pexsim("--static", "--fault", "error:status=500,prefix=/api/admin/status/") as sim:
            p = run_pexcon(["get", "conferences"], self.home, url=sim.url)
            self.assert_exit(p, 1, "500")
            self.assertEqual(p.stdout, "")

    def test_no_url(self):
        p = run_pexcon(["get", "conferences"], self.home)
        self.assert_exit(p, 2, "--url")


if __name__ == "__main__":
    clitest.main()
