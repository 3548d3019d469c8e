"""--help for every verb, the global help and --version: no server needed."""

import unittest

import clitest
from clitest import Home, run_pexcon

VERBS = ["get", "mute", "unmute", "disconnect", "admit", "role", "transfer", "lock", "unlock",
         "mute-guests", "unmute-guests", "disconnect-conference", "layout", "dial"]


class HelpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.home = Home()

    @classmethod
    def tearDownClass(cls):
        cls.home.cleanup()

    def run_ok(self, *args):
        p = run_pexcon(args, self.home, user=None, password=None)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        return p.stdout

    def test_global_help_lists_every_verb_and_option(self):
        for flag in ("--help", "-h"):
            out = self.run_ok(flag)
            for verb in VERBS:
                self.assertRegex(out, r"(?m)^  %s\b" % verb)
            for option in ("--url", "--user", "--profile", "--ca-file", "--insecure",
                           "--read-only", "PEXCON_PASSWORD"):
                self.assertIn(option, out)
            self.assertIn("Exit status", out)

    def test_every_verb_has_help(self):
        for verb in VERBS:
            with self.subTest(verb=verb):
                out = self.run_ok(verb, "--help")
                self.assertIn("Usage: pexcon [global options] %s" % verb, out)
                self.assertEqual(self.run_ok(verb, "-h"), out)
                self.assertEqual(self.run_ok("help", verb), out)
        get = self.run_ok("get", "--help")
        for resource in ("conferences", "participants", "media", "nodes", "locations", "alarms",
                         "registrations", "licensing", "history-conferences",
                         "history-participants", "cloud-nodes", "history-alarms"):
            self.assertIn(resource, get)
        for option in ("--conference", "--participant", "--filter", "--order-by", "-o"):
            self.assertIn(option, get)
        layout = self.run_ok("layout", "--help")
        for name in ("1:0", "1:7", "1:21", "2:21", "1:33", "4:0", "9:0", "16:0", "25:0", "5:7",
                     "ac", "teams", "--overlay-text"):
            self.assertIn(name, layout)
        dial = self.run_ok("dial", "--help")
        for option in ("--role", "--protocol", "--location", "--routing", "--display-name"):
            self.assertIn(option, dial)

    def test_version(self):
        self.assertRegex(self.run_ok("--version"), r"^pexcon \d+\.\d+\.\d+\n$")

    def test_unknown_verb(self):
        p = run_pexcon(["frobnicate"], self.home, user=None, password=None)
        self.assertEqual(p.returncode, 2)
        self.assertIn("frobnicate", p.stderr)
        p = run_pexcon(["help", "frobnicate"], self.home, user=None, password=None)
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    clitest.main()
