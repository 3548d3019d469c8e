"""The audit log: one JSON line per command sent, private, no secrets."""

import json
import os
import stat
import unittest

import clitest
from clitest import Home, Pexsim, run_pexcon

FIELDS = {"time", "source", "profile", "node", "user", "command", "target_id", "target_name",
          "params", "outcome", "http_status", "message", "latency_ms"}
PASSWORD = "Audit-s3cret-pw"


class AuditTest(unittest.TestCase):
    def setUp(self):
        self.sim = Pexsim("--static", "--conferences", "3", "--participants", "9",
                          password=PASSWORD)
        self.home = Home()

    def tearDown(self):
        self.sim.cleanup()
        self.home.cleanup()

    def pexcon(self, *args, **kw):
        return run_pexcon(args, self.home, url=self.sim.url, password=PASSWORD, **kw)

    def lines(self):
        with open(self.home.audit_log, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn(PASSWORD, text)
        self.assertNotIn("\x1b", text)
        return [json.loads(line) for line in text.splitlines()]

    def test_accepted_and_refused_commands_are_logged(self):
        part = self.sim.get_api("status/v1/participant/")[2]["objects"][0]
        conf = self.sim.get_api("status/v1/conference/")[2]["objects"][0]
        self.assertEqual(self.pexcon("mute", part["id"]).returncode, 0)
        self.sim.add_fault("error", status=500, prefix="/api/admin/command/")
        self.assertEqual(self.pexcon("lock", conf["name"]).returncode, 1)

        entries = self.lines()
        self.assertEqual(len(entries), 2)
        for e in entries:
            self.assertEqual(set(e), FIELDS)
            self.assertRegex(e["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            self.assertEqual(e["node"], "127.0.0.1:%d" % self.sim.port)
            self.assertEqual(e["user"], "admin")
            self.assertEqual(e["source"], "batch")
            self.assertIsInstance(e["latency_ms"], int)
        mute, lock = entries
        self.assertEqual(mute["command"], "participant/mute")
        self.assertEqual(mute["target_id"], part["id"])
        self.assertEqual(mute["target_name"], part["display_name"])
        self.assertEqual(mute["params"], {"participant_id": part["id"]})
        self.assertEqual(mute["outcome"], "accepted")
        self.assertIn(mute["http_status"], (200, 202))
        self.assertEqual(lock["command"], "conference/lock")
        self.assertEqual(lock["target_name"], conf["name"])
        self.assertEqual(lock["outcome"], "refused")
        self.assertEqual(lock["http_status"], 500)
        self.assertTrue(lock["message"])

        mode = os.stat(self.home.audit_log).st_mode
        self.assertEqual(stat.S_IMODE(mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.home.audit_log)).st_mode),
                         0o700)

    def test_nothing_sent_nothing_logged(self):
        self.assertEqual(self.pexcon("mute", "Nobody").returncode, 2)
        self.assertEqual(self.pexcon("get", "participants").returncode, 0)
        self.assertFalse(os.path.exists(self.home.audit_log))

    def test_profile_and_default_location(self):
        with open(os.path.join(self.home.config, "pexcon.ini"), "w") as f:
            f.write("[profile lab]\nurl = %s\nuser = admin\n" % self.sim.url)
        conf = self.sim.get_api("status/v1/conference/")[2]["objects"][0]
        p = run_pexcon(["lock", conf["id"]], self.home, password=PASSWORD, user=None,
                       global_args=["--config", os.path.join(self.home.config, "pexcon.ini"),
                                    "--profile", "lab"],
                       extra_env={"XDG_STATE_HOME": ""})
        self.assertEqual(p.returncode, 0, p.stderr)
        # XDG_STATE_HOME unset: ~/.local/state/pexcon/audit.log
        path = os.path.join(self.home.path, ".local", "state", "pexcon", "audit.log")
        with open(path, encoding="utf-8") as f:
            entry = json.loads(f.read())
        self.assertEqual(entry["profile"], "lab")
        self.assertEqual(entry["target_id"], conf["id"])
        self.assertEqual(entry["params"], {"conference_id": conf["id"]})


if __name__ == "__main__":
    clitest.main()
