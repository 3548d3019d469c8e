"""Batch mode against answers shaped like real Management Nodes' (issue 10):
pexsim --shape 2015 / v24 (legs linked by parent_id, "None" strings, v24
worker_vm words, callers without a conference row) and a replay node for
the answers pexsim cannot stage (a 400 for a participant that left between
the look-up and the command).

Every check here failed on the code before the real-node fixes."""

import csv
import io
import json
import os
import unittest

import clitest
from clitest import Home, Pexsim, run_pexcon
from replay import Replay


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


class ShapeTest(unittest.TestCase):
    shape = None

    @classmethod
    def setUpClass(cls):
        cls.sim = Pexsim("--static", "--conferences", "4", "--participants", "24", "--shape",
                         cls.shape, "--seed", "3")
        cls.home = Home()

    @classmethod
    def tearDownClass(cls):
        cls.sim.cleanup()
        cls.home.cleanup()

    def pexcon(self, *args, expect=0, **kw):
        p = run_pexcon(args, self.home, url=self.sim.url, **kw)
        if expect is not None:
            self.assertEqual(p.returncode, expect, "stdout: %s\nstderr: %s" % (p.stdout, p.stderr))
        # CSV rows end in CRLF (RFC 4180).
        self.assertEqual(clitest.unsafe_characters(p.raw_stdout, allow=("\n", "\r")), [])
        return p

    def participants(self):
        return self.sim.get_api("status/v1/participant/", limit=1000)[2]["objects"]


class Shape2015Test(ShapeTest):
    shape = "2015"

    def webrtc_person(self):
        """(signalling leg, media leg) of one WebRTC caller with a unique name."""
        parts = self.participants()
        by_id = {p["id"]: p for p in parts}
        for media in parts:
            sig = by_id.get(media.get("parent_id") or "")
            if not sig or sig.get("has_media"):
                continue
            name = sig["display_name"]
            if sum(1 for p in parts if p["display_name"] == name) == 2:
                return sig, media
        self.fail("no WebRTC caller with signalling and media legs")

    def test_no_conversation_id_and_legs_by_parent(self):
        parts = self.participants()
        self.assertTrue(all("conversation_id" not in p for p in parts))
        self.assertTrue(all("call_quality" not in p for p in parts))
        self.webrtc_person()

    def test_mute_by_name_takes_the_primary_leg(self):
        sig, media = self.webrtc_person()
        since = clitest.last_command_seq(self.sim)
        p = self.pexcon("mute", sig["display_name"])
        self.assertIn("one person with 2 legs", p.stderr)
        sent = self.sim.commands(since)
        self.assertEqual(len(sent), 1, sent)
        self.assertEqual(sent[0]["params"], {"participant_id": sig["id"]})
        self.assertEqual(sent[0]["content_type"], "application/json")
        self.pexcon("unmute", sig["display_name"])

    def test_media_by_name_takes_the_media_leg(self):
        sig, media = self.webrtc_person()
        since = clitest.last_seq(self.sim)
        self.pexcon("get", "media", "--participant", sig["display_name"], "-o", "json")
        paths = [r["path"] for r in self.sim.requests(since)]
        self.assertIn("/api/admin/status/v1/participant/%s/media_stream/" % media["id"], paths)

    def test_state_and_quality_words(self):
        out = rows(self.pexcon("get", "participants", "-o", "csv").stdout)
        raw = {p["id"]: p for p in self.participants()}
        seen = set()
        for r in out:
            p = raw[r["ID"]]
            st = p.get("service_type")
            if st == "waiting_room":
                self.assertTrue(r["STATE"].startswith("waiting"), r)
                seen.add("waiting")
            elif st == "invalid_license_screen":
                self.assertTrue(r["STATE"].startswith("no licence"), r)
                seen.add("no licence")
            elif st in ("ivr", "connecting"):
                self.assertTrue(r["STATE"].startswith(st), r)
                seen.add(st)
            # No call_quality on these nodes: the README promises "unknown".
            self.assertEqual(r["QUALITY"], "unknown", r)
        self.assertEqual(seen, {"waiting", "no licence", "ivr", "connecting"})

    def test_admit_only_who_waits(self):
        parts = self.participants()
        waiting = next(p for p in parts if p.get("service_type") == "waiting_room")
        settled = next(p for p in parts
                       if p.get("service_type") in ("conference", "lecture")
                       and not p.get("is_on_hold"))
        since = clitest.last_command_seq(self.sim)
        p = self.pexcon("admit", settled["id"], expect=2)
        self.assertIn("is not waiting to be admitted; nothing was sent", p.stderr)
        self.assertEqual(self.sim.commands(since), [])
        self.pexcon("admit", waiting["id"])
        sent = self.sim.commands(since)
        self.assertEqual([c["command"] for c in sent], ["participant/unlock"])
        confs = self.sim.get_api("status/v1/conference/", limit=1000)[2]["objects"]
        self.assertIn(waiting["conference"], [c["name"] for c in confs])


class ShapeV24Test(ShapeTest):
    shape = "v24"

    def test_nodes_last_contact_and_words(self):
        table = self.pexcon("get", "nodes", columns=200).stdout
        self.assertIn("deploy_succeeded", table)
        out = rows(self.pexcon("get", "nodes", "-o", "csv").stdout)
        self.assertTrue(out)
        for r in out:
            self.assertTrue(r["LAST CONTACT"].startswith("20"), r)
            self.assertEqual(r["DEPLOY"], "deploy_succeeded")
        raw = self.sim.get_api("status/v1/worker_vm/", limit=100)[2]["objects"]
        self.assertTrue(all("last_attempted_contact" not in n for n in raw))

    def test_none_strings_are_empty_but_json_keeps_them(self):
        raw = {p["id"]: p for p in self.participants()}
        nones = [pid for pid, p in raw.items() if p.get("media_node") == "None"]
        self.assertTrue(nones, "the v24 shape has legs without a media node")
        out = {r["ID"]: r for r in rows(self.pexcon("get", "participants", "-o", "csv").stdout)}
        for pid in nones:
            self.assertEqual(out[pid]["MEDIA NODE"], "")
        table = self.pexcon("get", "participants", columns=250).stdout
        self.assertNotIn("None", table)
        js = json.loads(self.pexcon("get", "participants", "-o", "json").stdout)
        self.assertEqual({o["id"]: o for o in js}[nones[0]]["media_node"], "None")


class CommandBodyTest(unittest.TestCase):
    def setUp(self):
        self.sim = Pexsim("--static", "--conferences", "3", "--participants", "9")
        self.home = Home()

    def tearDown(self):
        self.sim.cleanup()
        self.home.cleanup()

    def test_layout_sends_typed_json_and_audits_it(self):
        conf = self.sim.get_api("status/v1/conference/", limit=10)[2]["objects"][0]
        since = clitest.last_command_seq(self.sim)
        p = run_pexcon(["layout", conf["id"], "1:7", "--overlay-text", "on"], self.home,
                       url=self.sim.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        sent = self.sim.commands(since)
        self.assertEqual(sent[0]["content_type"], "application/json")
        self.assertIs(sent[0]["params"]["enable_overlay_text"], True)
        self.assertEqual(sent[0]["params"]["layout"], "1:7")
        with open(self.home.audit_log) as f:
            line = json.loads(f.read().splitlines()[-1])
        self.assertIs(line["params"]["enable_overlay_text"], True)

    def test_form_bodies_are_refused_by_pexsim(self):
        status, _, body = self.sim.post_command("participant/mute", {"participant_id": "x"},
                                                form=True)
        self.assertEqual(status, 400)
        self.assertIn("no available deserialization method", body["error"])

    def test_time_options_out_of_range_are_usage_errors(self):
        p = run_pexcon(["get", "history-participants", "--ended-after", "1e300d"], self.home,
                       url=self.sim.url)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--ended-after", p.stderr)

    def test_failed_lookup_says_why(self):
        p = run_pexcon(["mute", "Somebody"], self.home, url=self.sim.url, password="wrong")
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("authentication failed", p.stderr)
        self.assertNotIn("cannot list", p.stderr)


class GoneTest(unittest.TestCase):
    """A participant that leaves between the look-up and the command: real
    nodes answer 400 "Failed to find participant." (replayed here)."""

    PERSON = {"id": "2b7b9b52-4d0e-4b0c-9d6b-0d7c1f0a1111", "display_name": "Alice Ames",
              "conference": "Town Hall", "service_type": "conference", "role": "guest"}

    def test_gone_is_said_and_exits_1(self):
        home = Home()
        node = Replay(routes={"/api/admin/status/v1/participant/": [self.PERSON],
                              "/api/admin/status/v1/conference/": [
                                  {"id": "c1", "name": "Town Hall"}]})
        node.set_command_answer("/api/admin/command/v1/participant/mute/", 400, {
            "participant_mute": {"participant_id": ["Failed to find participant."]}})
        try:
            p = run_pexcon(["mute", "Alice Ames"], home, url=node.url)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn("the participant is gone (it left before the command arrived)",
                          p.stderr)
            self.assertNotIn("refused", p.stderr)
            sent = node.commands()
            self.assertEqual(len(sent), 1)
            self.assertEqual(sent[0]["content_type"], "application/json")
            self.assertEqual(sent[0]["json"], {"participant_id": self.PERSON["id"]})
            with open(home.audit_log) as f:
                self.assertIn("Failed to find participant", f.read())
        finally:
            node.close()
            home.cleanup()


if __name__ == "__main__":
    clitest.main()
