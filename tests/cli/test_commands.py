"""pexcon's command verbs: what reaches pexsim, how the world changes, and
the refusals that must send nothing."""

import json
import os
import re
import unittest

import clitest
from clitest import Home, Pexsim, run_pexcon, wait_for_value


class CommandTest(unittest.TestCase):
    def setUp(self):
        self.sim = Pexsim("--static", "--conferences", "4", "--participants", "16",
                          "--dial-delay", "0.2")
        self.home = Home()

    def tearDown(self):
        self.sim.cleanup()
        self.home.cleanup()

    def pexcon(self, *args, global_args=()):
        return run_pexcon(args, self.home, url=self.sim.url, global_args=global_args)

    def participants(self, **query):
        return self.sim.get_api("status/v1/participant/", limit=1000, **query)[2]["objects"]

    def participant(self, pid):
        return next((p for p in self.participants() if p["id"] == pid), None)

    def conferences(self):
        return self.sim.get_api("status/v1/conference/", limit=1000)[2]["objects"]

    def conference(self, name):
        return next((c for c in self.conferences() if c["name"] == name), None)

    def unique_participant(self, **match):
        """A participant whose display name nobody else has."""
        parts = self.participants()
        names = [p["display_name"] for p in parts]
        for p in parts:
            if names.count(p["display_name"]) == 1 and all(p.get(k) == v
                                                           for k, v in match.items()):
                return p
        self.fail("no participant with a unique name matching %r" % match)

    def run_command(self, *args, expect=0):
        """Run a command verb; returns (process, commands sent meanwhile)."""
        since = clitest.last_command_seq(self.sim)
        p = self.pexcon(*args)
        if expect is not None:
            self.assertEqual(p.returncode, expect,
                             "stdout: %s\nstderr: %s" % (p.stdout, p.stderr))
        self.assertEqual(clitest.unsafe_characters(p.raw_stdout), [])
        return p, self.sim.commands(since)

    def assert_sent(self, sent, command, params):
        self.assertEqual(len(sent), 1, sent)
        self.assertEqual(sent[0]["command"], command)
        self.assertEqual(sent[0]["params"], params)

    # ---- participants ----

    def test_mute_and_unmute_by_name(self):
        p = self.unique_participant(is_muted=False)
        out, sent = self.run_command("mute", p["display_name"])
        self.assert_sent(sent, "participant/mute", {"participant_id": p["id"]})
        self.assertIn("accepted", out.stdout)
        self.assertIn(p["id"], out.stdout)
        self.assertTrue(self.participant(p["id"])["is_muted"])
        # The batch view of the world agrees.
        listed = json.loads(self.pexcon("get", "participants", "-o", "json").stdout)
        self.assertTrue(next(x for x in listed if x["id"] == p["id"])["is_muted"])
        table = self.pexcon("get", "participants", "--columns", "id,state").stdout
        self.assertRegex(table, re.escape(p["id"]) + r"\s+muted")

        out, sent = self.run_command("unmute", p["id"])
        self.assert_sent(sent, "participant/unmute", {"participant_id": p["id"]})
        self.assertFalse(self.participant(p["id"])["is_muted"])

    def test_disconnect(self):
        p = self.unique_participant()
        _, sent = self.run_command("disconnect", p["id"])
        self.assert_sent(sent, "participant/disconnect", {"participant_id": p["id"]})
        clitest.wait_for(lambda: self.participant(p["id"]) is None, message="participant gone")

    def test_admit(self):
        room = self.conferences()[0]["name"]
        p = self.sim.add_participant(conference=room, display_name="Wanda Waits",
                                     is_on_hold=True)
        _, sent = self.run_command("admit", p["display_name"])
        self.assert_sent(sent, "participant/unlock", {"participant_id": p["id"]})
        # Someone who is not waiting is refused here, as the console's key does.
        q = self.unique_participant(is_on_hold=False, service_type="conference")
        out, sent = self.run_command("admit", q["id"], expect=2)
        self.assertEqual(sent, [])
        self.assertIn("is not waiting to be admitted", out.stderr)

    def test_role(self):
        p = self.unique_participant(role="guest")
        _, sent = self.run_command("role", p["display_name"], "chair")
        self.assert_sent(sent, "participant/role", {"participant_id": p["id"], "role": "chair"})
        self.assertEqual(self.participant(p["id"])["role"], "chair")
        self.run_command("role", p["id"], "boss", expect=2)

    def test_transfer(self):
        p = self.unique_participant()
        target = next(c for c in self.sim.get_api("configuration/v1/conference/")[2]["objects"]
                      if c["name"] != p["conference"] and c.get("aliases"))
        alias = target["aliases"][0]["alias"]
        _, sent = self.run_command("transfer", p["id"], alias, "--role", "chair")
        self.assert_sent(sent, "participant/transfer",
                         {"participant_id": p["id"], "conference_alias": alias, "role": "chair"})
        moved = wait_for_value(lambda: next((x for x in self.participants()
                                             if x["display_name"] == p["display_name"]
                                             and x["conference"] == target["name"]), None),
                               "participant in the new conference")
        self.assertEqual(moved["role"], "chair")

    def test_transfer_keeps_the_current_role_by_default(self):
        p = self.unique_participant(role="guest")
        _, sent = self.run_command("transfer", p["id"], "meet.nowhere@example.com", expect=None)
        self.assertEqual(sent[0]["params"]["role"], "guest")

    # ---- conferences ----

    def test_lock_unlock(self):
        conf = self.conferences()[0]
        _, sent = self.run_command("lock", conf["name"])
        self.assert_sent(sent, "conference/lock", {"conference_id": conf["id"]})
        self.assertTrue(self.conference(conf["name"])["is_locked"])
        table = self.pexcon("get", "conferences").stdout
        self.assertRegex(table, re.escape(conf["name"]) + r"\s.*locked")
        _, sent = self.run_command("unlock", conf["id"])
        self.assert_sent(sent, "conference/unlock", {"conference_id": conf["id"]})
        self.assertFalse(self.conference(conf["name"])["is_locked"])

    def test_mute_unmute_guests(self):
        conf = self.conferences()[1]
        _, sent = self.run_command("mute-guests", conf["name"])
        self.assert_sent(sent, "conference/mute_guests", {"conference_id": conf["id"]})
        self.assertTrue(self.conference(conf["name"])["guests_muted"])
        _, sent = self.run_command("unmute-guests", conf["name"])
        self.assert_sent(sent, "conference/unmute_guests", {"conference_id": conf["id"]})
        self.assertFalse(self.conference(conf["name"])["guests_muted"])

    def test_disconnect_conference(self):
        conf = self.conferences()[2]
        _, sent = self.run_command("disconnect-conference", conf["name"])
        self.assert_sent(sent, "conference/disconnect", {"conference_id": conf["id"]})
        clitest.wait_for(lambda: self.conference(conf["name"]) is None, message="conference gone")

    def test_layout(self):
        conf = self.conferences()[0]
        _, sent = self.run_command("layout", conf["name"], "4:0", "--overlay-text", "on")
        self.assert_sent(sent, "conference/transform_layout",
                         {"conference_id": conf["id"], "layout": "4:0",
                          "enable_overlay_text": True})
        for bad in (["layout", conf["name"], "3:3"],
                    ["layout", conf["name"], "4:0", "--overlay-text", "maybe"]):
            _, sent = self.run_command(*bad, expect=2)
            self.assertEqual(sent, [])

    def test_dial(self):
        conf = self.conferences()[0]
        cfg = next(c for c in self.sim.get_api("configuration/v1/conference/", limit=1000)[2]
                   ["objects"] if c["name"] == conf["name"])
        alias = cfg["aliases"][0]["alias"]
        out, sent = self.run_command("dial", conf["name"], "sip:carol@example.com", "--role",
                                     "guest", "--routing", "routing_rule", "--location",
                                     "London", "--display-name", "Carol", "--protocol", "sip")
        self.assert_sent(sent, "participant/dial",
                         {"conference_alias": alias, "destination": "sip:carol@example.com",
                          "role": "guest", "routing": "routing_rule",
                          "system_location": "London", "remote_display_name": "Carol",
                          "protocol": "sip"})
        new_id = re.search(r"participant_id: (\S+)", out.stdout).group(1)
        joined = wait_for_value(lambda: self.participant(new_id), "dialled participant")
        self.assertEqual(joined["conference"], conf["name"])

    def test_dial_with_explicit_alias(self):
        conf = self.conferences()[0]
        alias = self.sim.get_api("configuration/v1/conference/", name=conf["name"])[2][
            "objects"][0]["aliases"][0]["alias"]
        since = clitest.last_seq(self.sim)
        _, sent = self.run_command("dial", conf["name"], "sip:dave@example.com", "--alias",
                                   alias, "--routing", "routing_rule", "--location", "London")
        self.assertEqual(sent[0]["params"]["conference_alias"], alias)
        # --alias skips the configuration lookup.
        self.assertEqual(clitest.api_requests(self.sim, since, "/configuration/"), [])

    # ---- refusals ----

    def test_ambiguous_name_sends_nothing(self):
        conf = self.conferences()[0]["name"]
        a = self.sim.add_participant(conference=conf, display_name="Twin")
        b = self.sim.add_participant(conference=conf, display_name="Twin")
        for verb in ("mute", "disconnect", "unmute", "admit"):
            out, sent = self.run_command(verb, "Twin", expect=2)
            self.assertEqual(sent, [])
            self.assertIn(a["id"], out.stderr)
            self.assertIn(b["id"], out.stderr)
            self.assertIn(conf, out.stderr)
            self.assertEqual(out.stdout, "")
        # An id still picks exactly one.
        _, sent = self.run_command("mute", a["id"])
        self.assert_sent(sent, "participant/mute", {"participant_id": a["id"]})

    def test_unknown_names_send_nothing(self):
        for args in (["mute", "Nobody Here"], ["lock", "No_Such_VMR"],
                     ["role", "Nobody Here", "chair"], ["layout", "No_Such_VMR", "1:0"]):
            with self.subTest(args=args):
                out, sent = self.run_command(*args, expect=2)
                self.assertEqual(sent, [])
                self.assertIn("No", out.stderr)

    def test_server_refusal_is_exit_1_with_its_message(self):
        self.sim.add_fault("error", status=500, prefix="/api/admin/command/")
        p = self.unique_participant()
        out, sent = self.run_command("mute", p["id"], expect=1)
        self.assertEqual(len(sent), 1)
        self.assertIn("500", out.stderr)
        self.sim.clear_faults()
        # A refusal in the server's own words: validation of a field.
        conf = self.conferences()[0]["name"]
        out, sent = self.run_command("dial", conf, "sip:x@example.com", "--alias",
                                     "meet@example.com", "--protocol", "carrier-pigeon",
                                     expect=1)
        self.assertEqual(len(sent), 1)
        self.assertIn("carrier-pigeon", json.dumps(sent[0]["response"]))
        self.assertIn("carrier-pigeon", out.stderr)
        self.assertIn("protocol", out.stderr)
        self.assertIn("400", out.stderr)
        # ...and a refusal of the target.
        out, sent = self.run_command("transfer", p["id"], "no-such-alias@example.com", expect=1)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["status"], 400)
        self.assertTrue(out.stderr.strip())

    def test_lost_answer_is_unknown_outcome_and_never_resent(self):
        conf = self.conferences()[0]
        self.sim.add_fault("drop", prefix="/api/admin/command/")
        # Exit 4: sent, outcome unknown (not 1 "refused" nor 3 "connection").
        out, sent = self.run_command("lock", conf["name"], expect=4)
        self.assertIn("unknown", out.stderr)
        self.assertIn("check", out.stderr)
        # Commands are never retried: exactly one POST reached the server,
        # although the connection died without an answer.
        self.assertEqual(len(sent), 1, sent)
        with open(self.home.audit_log, encoding="utf-8") as f:
            entry = json.loads(f.read().splitlines()[-1])
        self.assertEqual(entry["outcome"], "unknown")
        self.assertEqual(entry["command"], "conference/lock")

    def test_truncated_answer_is_unknown_outcome(self):
        conf = self.conferences()[0]
        self.sim.add_fault("truncate", prefix="/api/admin/command/")
        out, sent = self.run_command("lock", conf["name"], expect=4)
        self.assertIn("check before trying again", out.stderr)
        self.assertEqual(len(sent), 1, sent)

    def test_audit_log_must_be_private_and_not_a_link(self):
        conf = self.conferences()[0]
        # A log others can read: the command still goes and its outcome is
        # said, and the refusal to write it is loud.
        self.pexcon("lock", conf["name"])
        os.chmod(self.home.audit_log, 0o644)
        p = self.pexcon("unlock", conf["name"])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("accepted", p.stdout)
        self.assertIn("NOT written to the audit log", p.stderr)
        self.assertIn("chmod 600", p.stderr)
        # A symlinked log is not followed.
        os.chmod(self.home.audit_log, 0o600)
        target = os.path.join(self.home.path, "elsewhere.log")
        os.rename(self.home.audit_log, target)
        os.symlink(target, self.home.audit_log)
        before = open(target).read()
        p = self.pexcon("lock", conf["name"])
        self.assertIn("symbolic link", p.stderr)
        self.assertEqual(open(target).read(), before)

    def test_read_only_sends_nothing(self):
        p = self.unique_participant()
        since = clitest.last_seq(self.sim)
        out = self.pexcon("mute", p["id"], global_args=["--read-only"])
        self.assertEqual(out.returncode, 2)
        self.assertIn("read-only", out.stderr)
        self.assertEqual(self.sim.commands(), [])
        self.assertEqual(self.sim.requests(since), [])

    def test_usage_errors(self):
        for args in (["mute"], ["mute", "a", "b"], ["transfer", "x"], ["dial", "VMR_1"],
                     ["dial", "VMR_1", "x", "--routing", "sideways"],
                     ["transfer", "x", "y", "--role", "king"], ["mute", "--bogus", "x"]):
            with self.subTest(args=args):
                out, sent = self.run_command(*args, expect=2)
                self.assertEqual(sent, [])


if __name__ == "__main__":
    clitest.main()
