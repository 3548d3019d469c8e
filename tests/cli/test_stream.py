"""pexcon get prints a listing page by page: across many pages the JSON
output is one valid array and the CSV one header, with every object exactly
once; an error after some pages still leaves valid JSON on stdout, the error
on stderr and a non-zero exit."""

import csv
import io
import json
import os
import subprocess
import unittest

import clitest
from clitest import Home, Pexsim, run_pexcon, wait_for

PARTICIPANT_PATH = "/api/admin/status/v1/participant/"
PAGE = 50
COUNT = 600  # 12 pages of 50


def participant_requests(sim):
    return [r for r in sim.requests() if r["path"] == PARTICIPANT_PATH]


class StreamTest(unittest.TestCase):
    def setUp(self):
        self.home = Home()
        # The server caps pages at 50 whatever pexcon asks for.
        self.sim = Pexsim("--static", "--conferences", "20", "--participants", str(COUNT),
                          "--max-limit", str(PAGE))

    def tearDown(self):
        self.sim.cleanup()
        self.home.cleanup()

    def server_ids(self):
        ids = []
        path = "status/v1/participant/?limit=%d" % PAGE
        while path:
            body = self.sim.get("/api/admin/" + path if not path.startswith("/") else path)[2]
            ids += [o["id"] for o in body["objects"]]
            path = body["meta"]["next"]
        return ids

    def test_json_over_many_pages_is_one_array_with_each_object_once(self):
        p = run_pexcon(["get", "participants", "-o", "json"], self.home, url=self.sim.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        objects = json.loads(p.stdout)  # one valid document, nothing around it
        self.assertIsInstance(objects, list)
        ids = [o["id"] for o in objects]
        self.assertEqual(len(ids), COUNT)
        self.assertEqual(len(set(ids)), COUNT, "an object was printed twice")
        self.assertEqual(sorted(ids), sorted(self.server_ids()))
        self.assertGreaterEqual(len(participant_requests(self.sim)), COUNT // PAGE)

    def test_csv_over_many_pages_has_one_header_and_each_row_once(self):
        p = run_pexcon(["get", "participants", "-o", "csv", "--columns", "id,display_name"],
                       self.home, url=self.sim.url)
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = list(csv.reader(io.StringIO(p.stdout, newline="")))
        self.assertEqual(len(rows), COUNT + 1)
        header, body = rows[0], rows[1:]
        self.assertNotIn(header, body, "the header was repeated")
        ids = [r[0] for r in body]
        self.assertEqual(len(set(ids)), COUNT, "a row was printed twice")
        self.assertEqual(sorted(ids), sorted(self.server_ids()))

    def start_then_fail_later_pages(self, fmt):
        """Run pexcon slowly (each request delayed); once two pages were
        served, make every further participant request fail."""
        self.sim.add_fault("latency", ms=150, prefix=PARTICIPANT_PATH)
        argv = [clitest.pexcon_binary(), "--url", self.sim.url, "--user", "admin",
                "get", "participants", "-o", fmt]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PEXCON_", "XDG_"))}
        env.update(HOME=self.home.path, XDG_CONFIG_HOME=self.home.config,
                   XDG_STATE_HOME=self.home.state, PEXCON_PASSWORD="pexsim",
                   LANG="C.UTF-8", LC_ALL="C.UTF-8")
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            wait_for(lambda: len([r for r in participant_requests(self.sim)
                                  if r["status"] == 200]) >= 2,
                     timeout=20, message="two pages served")
            self.sim.add_fault("error", status=500, count=50, prefix=PARTICIPANT_PATH)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        return proc.returncode, out.decode("utf-8"), err.decode("utf-8", "replace")

    def test_error_after_some_pages_leaves_valid_json(self):
        code, out, err = self.start_then_fail_later_pages("json")
        self.assertEqual(code, 1, err)
        self.assertIn("cannot get participants", err)
        self.assertIn("500", err)
        objects = json.loads(out)  # the array was closed
        ids = [o["id"] for o in objects]
        self.assertGreaterEqual(len(ids), PAGE, "the pages before the error were not printed")
        self.assertLess(len(ids), COUNT)
        self.assertEqual(len(set(ids)), len(ids))
        self.assertNotIn("cannot get", out)

    def test_error_after_some_pages_keeps_csv_rows_whole(self):
        code, out, err = self.start_then_fail_later_pages("csv")
        self.assertEqual(code, 1, err)
        self.assertIn("cannot get participants", err)
        rows = list(csv.reader(io.StringIO(out, newline="")))
        self.assertGreaterEqual(len(rows) - 1, PAGE)
        self.assertLess(len(rows) - 1, COUNT)
        self.assertTrue(all(len(r) == len(rows[0]) for r in rows))
        self.assertTrue(out.endswith("\r\n"))

    def test_error_before_any_page_prints_nothing(self):
        self.sim.add_fault("error", status=500, count=50, prefix=PARTICIPANT_PATH)
        for fmt in ("json", "csv", "table"):
            p = run_pexcon(["get", "participants", "-o", fmt], self.home, url=self.sim.url)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertEqual(p.stdout, "")
            self.assertIn("cannot get participants", p.stderr)


if __name__ == "__main__":
    unittest.main()
