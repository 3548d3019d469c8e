"""pexcon get: every resource in every format, against pexsim."""

import csv
import io
import json
import unittest

import clitest
from clitest import Home, Pexsim, display_width, run_pexcon

# resource -> (API path for counting, first table header)
RESOURCES = {
    "conferences": ("status/v1/conference/", "NAME"),
    "participants": ("status/v1/participant/", "NAME"),
    "nodes": ("status/v1/worker_vm/", "NAME"),
    "locations": ("status/v1/system_location/", "NAME"),
    "alarms": ("status/v1/alarm/", "LEVEL"),
    "registrations": ("status/v1/registration_alias/", "ALIAS"),
    "licensing": ("status/v1/licensing/", "PORTS"),
    "history-conferences": ("history/v1/conference/", "NAME"),
    "history-participants": ("history/v1/participant/", "NAME"),
    "history-alarms": ("history/v1/alarm/", "LEVEL"),
    "cloud-nodes": ("status/v1/cloud_node/", "NAME"),
    "cloud-monitored": ("status/v1/cloud_monitored_location/", "NAME"),
    "cloud-overflow": ("status/v1/cloud_overflow_location/", "NAME"),
}


def names_unique_to(parts, legs):
    """No participant outside `legs` has their display name."""
    ids = {p["id"] for p in legs}
    return all(p["display_name"] != legs[0]["display_name"] for p in parts if p["id"] not in ids)


class GetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Small pages force pexcon through several of them.
        cls.sim = Pexsim("--static", "--conferences", "6", "--participants", "45",
                         "--history", "12", "--max-limit", "7")
        cls.home = Home()

    @classmethod
    def tearDownClass(cls):
        cls.sim.cleanup()
        cls.home.cleanup()

    def pexcon(self, *args, columns=None):
        return run_pexcon(args, self.home, url=self.sim.url, columns=columns)

    def ok(self, *args, columns=None):
        p = self.pexcon(*args, columns=columns)
        self.assertEqual(p.returncode, 0, "pexcon %s failed: %s" % (" ".join(args), p.stderr))
        self.assertEqual(clitest.unsafe_characters(p.raw_stdout, allow=("\n", "\r")), [])
        return p.stdout

    def check_table(self, args, count, first_header, columns):
        out = self.ok(*args, columns=columns)
        lines = out.splitlines()
        # Right-aligned (numeric) headers may start with padding.
        self.assertTrue(lines and lines[0].lstrip().startswith(first_header), out)
        self.assertEqual(len(lines) - 1, count, out)
        for line in lines:
            self.assertLessEqual(display_width(line), columns, "too wide: %r" % line)
        return lines

    def check_json(self, args, count):
        objects = json.loads(self.ok(*args, "-o", "json"))
        self.assertIsInstance(objects, list)
        self.assertEqual(len(objects), count)
        return objects

    def check_csv(self, args, count):
        rows = list(csv.reader(io.StringIO(self.ok(*args, "-o", "csv"), newline="")))
        self.assertEqual(len(rows) - 1, count)
        self.assertTrue(all(len(r) == len(rows[0]) for r in rows))
        return rows

    def test_every_resource_every_format(self):
        for name, (path, header) in RESOURCES.items():
            with self.subTest(resource=name):
                count = clitest.total_count(self.sim, path)
                narrow = self.check_table(["get", name], count, header, 80)
                wide = self.check_table(["get", name], count, header, 200)
                # A wide terminal never shows fewer columns than a narrow one.
                self.assertGreaterEqual(len(wide[0].split("  ")), len(narrow[0].split("  ")))
                objects = self.check_json(["get", name], count)
                rows = self.check_csv(["get", name], count)
                self.assertEqual(rows[0][0], header)
                if "ID" in rows[0]:
                    # CSV keeps whole values (no truncation), in server order.
                    col = rows[0].index("ID")
                    self.assertEqual([r[col] for r in rows[1:]],
                                     [str(o.get("id", "")) for o in objects])

    def test_narrow_terminal_drops_columns_but_keeps_names(self):
        wide = self.ok("get", "participants", columns=200).splitlines()
        narrow = self.ok("get", "participants", columns=80).splitlines()
        self.assertIn("ID", wide[0].split())
        self.assertNotIn("ID", narrow[0].split())
        self.assertTrue(narrow[0].startswith("NAME"))
        tiny = self.ok("get", "participants", columns=20).splitlines()
        for line in tiny:
            self.assertLessEqual(display_width(line), 20)

    def test_participants_of_one_conference(self):
        conference = self.sim.get_api("status/v1/conference/")[2]["objects"][0]["name"]
        since = clitest.last_seq(self.sim)
        objects = json.loads(self.ok("get", "participants", "--conference", conference,
                                     "-o", "json"))
        self.assertTrue(objects)
        self.assertTrue(all(o["conference"] == conference for o in objects))
        reqs = clitest.api_requests(self.sim, since, "/status/v1/participant/")
        self.assertTrue(reqs)
        self.assertEqual(clitest.request_params(reqs[0]).get("conference"), [conference])

    def test_filters_and_order_reach_the_server(self):
        since = clitest.last_seq(self.sim)
        objects = json.loads(self.ok(
            "get", "participants", "--filter", "display_name__icontains=e",
            "--filter", "role=guest", "--order-by", "-display_name", "-o", "json"))
        reqs = clitest.api_requests(self.sim, since, "/status/v1/participant/")
        self.assertTrue(reqs)
        params = clitest.request_params(reqs[0])
        self.assertEqual(params.get("display_name__icontains"), ["e"])
        self.assertEqual(params.get("role"), ["guest"])
        self.assertEqual(params.get("order_by"), ["-display_name"])
        # Every page carried them, and the answer is what the server chose.
        for r in reqs:
            self.assertEqual(clitest.request_params(r).get("role"), ["guest"])
        self.assertEqual(len(objects), clitest.total_count(
            self.sim, "status/v1/participant/", display_name__icontains="e", role="guest"))
        self.assertTrue(all(o["role"] == "guest" for o in objects))
        names = [o["display_name"] for o in objects]
        self.assertEqual(names, sorted(names, reverse=True))

    def test_history_participants_of_one_conference(self):
        conf = self.sim.get_api("history/v1/conference/")[2]["objects"][0]
        since = clitest.last_seq(self.sim)
        objects = json.loads(self.ok("get", "history-participants", "--conference",
                                     conf["name"], "-o", "json"))
        reqs = clitest.api_requests(self.sim, since, "/history/v1/participant/")
        self.assertEqual(clitest.request_params(reqs[0]).get("conference_name"), [conf["name"]])
        self.assertTrue(all(o["conference_name"] == conf["name"] for o in objects))
        # A history conference id selects exactly that instance.
        by_id = json.loads(self.ok("get", "history-participants", "--conference", conf["id"],
                                   "-o", "json"))
        self.assertTrue(all(o["conference"].rstrip("/").endswith(conf["id"]) for o in by_id))

    def test_media_of_one_participant(self):
        parts = self.sim.get_api("status/v1/participant/", limit=1000)[2]["objects"]
        names = [p["display_name"] for p in parts]
        part = next(p for p in parts if names.count(p["display_name"]) == 1)
        path = "status/v1/participant/%s/media_stream/" % part["id"]
        count = clitest.total_count(self.sim, path)
        for who in (part["id"], part["display_name"]):
            with self.subTest(participant=who):
                streams = self.check_json(["get", "media", "--participant", who], count)
                self.assertEqual(len(streams), count)
                self.check_table(["get", "media", "--participant", who], count, "ID", 80)
                self.check_csv(["get", "media", "--participant", who], count)

    def test_media_of_a_person_with_several_legs(self):
        parts = self.sim.get_api("status/v1/participant/", limit=1000)[2]["objects"]
        by_conv = {}
        for p in parts:
            by_conv.setdefault(p.get("conversation_id"), []).append(p)
        legs = next((v for k, v in by_conv.items() if k and len(v) > 1
                     and len({p["display_name"] for p in v}) == 1
                     and names_unique_to(parts, v)), None)
        if legs is None:
            self.skipTest("no multi-leg person in this world")
        media_leg = next(p for p in legs if p.get("has_media"))
        since = clitest.last_seq(self.sim)
        p = self.pexcon("get", "media", "--participant", legs[0]["display_name"], "-o", "json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("legs", p.stderr)
        fetched = clitest.api_requests(self.sim, since, "/media_stream/")
        self.assertIn(media_leg["id"], fetched[0]["path"])

    def test_columns_option(self):
        rows = list(csv.reader(io.StringIO(self.ok(
            "get", "conferences", "--columns", "name,id,is_locked", "-o", "csv"), newline="")))
        self.assertEqual(rows[0], ["NAME", "ID", "is_locked"])
        api = self.sim.get_api("status/v1/conference/", limit=100)[2]["objects"]
        self.assertEqual(sorted(r[1] for r in rows[1:]), sorted(o["id"] for o in api))

    def test_usage_errors(self):
        for args in (["get"], ["get", "bogus"], ["get", "conferences", "-o", "xml"],
                     ["get", "media"], ["get", "conferences", "--participant", "x"],
                     ["get", "nodes", "--conference", "x"], ["get", "conferences", "--nope"],
                     ["get", "conferences", "--filter", "novalue"]):
            with self.subTest(args=args):
                p = self.pexcon(*args)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertEqual(p.stdout, "")
                self.assertTrue(p.stderr.strip())

    def test_server_rejects_a_filter(self):
        p = self.pexcon("get", "participants", "--filter", "no_such_field=1")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("no_such_field", p.stderr)

    def test_unknown_participant_for_media(self):
        p = self.pexcon("get", "media", "--participant", "nobody-at-all")
        self.assertEqual(p.returncode, 2)
        self.assertIn("nobody-at-all", p.stderr)


if __name__ == "__main__":
    clitest.main()
