"""Hostile names from the server must reach stdout harmless in every
format: no escape sequences, no C0/C1 controls, no bidi overrides, tables
still fit, and the data itself is kept."""

import csv
import io
import json
import unittest

import clitest
from clitest import Home, Pexsim, display_width, run_pexcon, unsafe_characters

LONG = "L" + "o" * 400 + "ng"
HOSTILE = {
    "csi": "\x1b[31mRed\x1b[0m Alice",
    "osc": "\x1b]0;pwned title\x07Olga",
    "bel": "Bell\x07\x07y",
    "bidi": "\u202eevil\u202c Bob",
    "c1": "C1\u009b31mCarl",
    "dcs": "\x1bP+q544e\x1b\\Dora",
    "long": LONG,
    "cjk": "宮本武蔵さん",
    "ws": "tab\there\nnext\rline",
}
# What a reader should see of each (escapes removed, text kept).
VISIBLE = {"csi": "Red Alice", "osc": "Olga", "bel": "Belly", "bidi": "evil Bob",
           "c1": "C1Carl", "dcs": "Dora", "long": LONG, "cjk": "宮本武蔵さん",
           "ws": "tab here next line"}
# Clear screen, cursor home, and a C1 OSC 8 hyperlink (removed whole).
EVIL_CONFERENCE = "Evil\x1b[2J\x1b[HRoom\u009d8;;http://x\u009c"
EVIL_VISIBLE = "EvilRoom"


class HostileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sim = Pexsim("--static", "--conferences", "2", "--participants", "4")
        cls.home = Home()
        cls.ids = {}
        for key, name in HOSTILE.items():
            p = cls.sim.add_participant(conference=EVIL_CONFERENCE, display_name=name,
                                        vendor="\x1b[6n" + name, source_alias=name)
            cls.ids[key] = p["id"]

    @classmethod
    def tearDownClass(cls):
        cls.sim.cleanup()
        cls.home.cleanup()

    def pexcon(self, *args, columns=80):
        p = run_pexcon(args, self.home, url=self.sim.url, columns=columns)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(unsafe_characters(p.raw_stdout, allow=("\n", "\r")), [])
        self.assertEqual(unsafe_characters(p.raw_stderr), [])
        return p.stdout

    def test_table(self):
        for columns in (80, 200, 33):
            out = self.pexcon("get", "participants", columns=columns)
            for line in out.splitlines():
                self.assertLessEqual(display_width(line), columns, repr(line))
            self.assertIn("Red Alice", out)
            self.assertIn("宮本武蔵さん", out)
            self.assertIn("Lo", out)
            self.assertNotIn(LONG, out)  # cut to the column
            self.assertIn("…", out)
        out = self.pexcon("get", "conferences")
        self.assertIn(EVIL_VISIBLE, out)
        self.assertNotIn("http", out)

    def test_csv_keeps_the_data(self):
        out = self.pexcon("get", "participants", "--columns", "id,display_name,vendor",
                          "-o", "csv")
        rows = {r[0]: r for r in csv.reader(io.StringIO(out, newline=""))}
        for key, pid in self.ids.items():
            self.assertEqual(rows[pid][1], VISIBLE[key])
            self.assertEqual(rows[pid][2], VISIBLE[key])

    def test_json_keeps_the_data(self):
        objects = {o["id"]: o for o in json.loads(self.pexcon("get", "participants",
                                                              "-o", "json"))}
        for key, pid in self.ids.items():
            self.assertEqual(objects[pid]["display_name"], VISIBLE[key])
            self.assertEqual(objects[pid]["conference"], EVIL_VISIBLE)

    def test_participants_of_the_evil_conference(self):
        # The raw name goes to the server as the filter (URL-encoded).
        out = json.loads(self.pexcon("get", "participants", "--conference", EVIL_CONFERENCE,
                                     "-o", "json"))
        self.assertTrue(set(self.ids.values()) <= {o["id"] for o in out})
        self.assertTrue(all(o["conference"] == EVIL_VISIBLE for o in out))

    def test_names_in_messages_are_clean(self):
        # An ambiguous hostile name: the candidate list on stderr is clean too.
        self.sim.add_participant(conference=EVIL_CONFERENCE, display_name=HOSTILE["csi"])
        since = clitest.last_command_seq(self.sim)
        p = run_pexcon(["mute", "Red Alice"], self.home, url=self.sim.url)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(self.ids["csi"], p.stderr)
        self.assertEqual(unsafe_characters(p.raw_stderr), [])
        self.assertEqual(self.sim.commands(since), [])
        # The displayed form of a unique hostile name selects it.
        p = run_pexcon(["mute", "Olga"], self.home, url=self.sim.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(unsafe_characters(p.raw_stdout), [])
        self.assertEqual(self.sim.commands(since)[-1]["params"],
                         {"participant_id": self.ids["osc"]})


if __name__ == "__main__":
    clitest.main()
