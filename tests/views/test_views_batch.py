"""Batch mode's history presets, the same data as the console's ':history'
presets: `pexcon get history-participants --loss-above N` (rx or tx loss:
two queries merged, the boundary value included) and --ended-after /
--ended-before (end_time__gte / end_time__lt). Expected sets come from
pexsim's own API with the same filters."""

import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))

from clitest import Home, Pexsim, run_pexcon  # noqa: E402


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


class HistoryPresets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sim = Pexsim("--static", "--seed", "5", "--conferences", "2", "--participants", "6",
                         "--history", "24")
        cls.home = Home()

    @classmethod
    def tearDownClass(cls):
        cls.sim.cleanup()
        cls.home.cleanup()

    def api(self, **query):
        query.setdefault("limit", 1000)
        status, _, body = self.sim.get("/api/admin/history/v1/participant/", **query)
        self.assertEqual(status, 200, body)
        return body["objects"]

    def get(self, *args):
        proc = run_pexcon(["get", "history-participants", *args, "-o", "json"], self.home,
                          url=self.sim.url)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_loss_above_merges_rx_and_tx(self):
        for threshold in ("2", "6", "0.5"):
            rx = self.api(media_streams__rx_packet_loss__gte=threshold)
            tx = self.api(media_streams__tx_packet_loss__gte=threshold)
            want = {p["id"] for p in rx} | {p["id"] for p in tx}
            got = self.get("--loss-above", threshold)
            ids = [p["id"] for p in got]
            self.assertEqual(len(ids), len(set(ids)), "each participant once")
            self.assertEqual(set(ids), want, threshold)
            # Newest first, as one listing would be (the default order).
            starts = [p["start_time"] for p in got]
            self.assertEqual(starts, sorted(starts, reverse=True))
            if threshold == "2":
                # Both directions matter: neither query alone is the answer.
                self.assertGreater(len(want), max(len(rx), len(tx)))

    def test_ended_window(self):
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        start, end = iso(now - datetime.timedelta(hours=3)), iso(now - datetime.timedelta(hours=1))
        want = {p["id"] for p in self.api(end_time__gte=start, end_time__lt=end)}
        self.assertTrue(want)
        got = self.get("--ended-after", start, "--ended-before", end)
        self.assertEqual({p["id"] for p in got}, want)
        # With loss: both filters apply to both queries.
        rx = self.api(end_time__gte=start, media_streams__rx_packet_loss__gte=2)
        tx = self.api(end_time__gte=start, media_streams__tx_packet_loss__gte=2)
        got = self.get("--ended-after", start, "--loss-above", "2")
        self.assertEqual({p["id"] for p in got}, {p["id"] for p in rx + tx})
        # A window back from now: "2h" means two hours ago.
        reqs_before = self.sim.requests()[-1]["seq"]
        self.get("--ended-after", "2h")
        query = self.sim.requests(reqs_before)[-1]["query"]
        self.assertIn("end_time__gte=", query)

    def test_table_and_usage_errors(self):
        proc = run_pexcon(["get", "history-participants", "--loss-above", "6", "--columns",
                           "name,conference,end"], self.home, url=self.sim.url)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("END", proc.stdout.split("\n")[0])
        for args in (["get", "nodes", "--loss-above", "2"],
                     ["get", "history-participants", "--loss-above", "lots"],
                     ["get", "history-participants", "--ended-after", "yesterday"]):
            proc = run_pexcon(args, self.home, url=self.sim.url)
            self.assertEqual(proc.returncode, 2, (args, proc.stderr))
            self.assertIn("pexcon get:", proc.stderr)


if __name__ == "__main__":
    unittest.main()
