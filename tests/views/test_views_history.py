"""History views end to end: ended conferences newest first with window and
name filters, drill-down conference -> participants -> media streams, and
the document's presets: participants whose streams lost packets above a
threshold (rx or tx, merged; the boundary value included) and participants
that ended in a window. The expected sets come from pexsim's own API with
the same filters.
"""

import collections
import datetime
import re

from viewtest import Console, Pexsim, api, command, pane_rows, status_line, wait_pane

DAY = 24 * 3600
VISIBLE = 46  # rows of a full-height pane at 200x50 (title, column header)


def iso(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S")


def now():
    return datetime.datetime.now(datetime.timezone.utc).timestamp()


def cell_time(text):
    """pexcon's time cell: HH:MM:SS today (UTC), else YYYY-MM-DD HH:MM."""
    t = datetime.datetime.fromisoformat(text[:19]).replace(tzinfo=datetime.timezone.utc)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    return t.strftime("%H:%M:%S") if t.date() == today else t.strftime("%Y-%m-%d %H:%M")


TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d|\d\d:\d\d:\d\d")


def shown_times(row):
    """The time cells of a row as datetimes (to the minute when the date is
    shown, which is never today)."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    out = []
    for text in TIME.findall(row):
        if len(text) == 8:
            out.append(datetime.datetime.combine(today, datetime.time.fromisoformat(text)))
        else:
            out.append(datetime.datetime.fromisoformat(text + ":59"))
    return out


def check_conferences(c, sim):
    confs = api(sim, "history/v1/conference/", order_by="-start_time",
                end_time__gte=iso(now() - DAY))
    command(c, "history")
    title = "History: conferences ended in the last 24h, newest first (%d)" % len(confs)
    screen = wait_pane(c, title, lambda rows: len(rows) >= min(len(confs), 10))
    rows = pane_rows(screen, title)
    # Newest first: the rows' start times in the server's order.
    shown = [re.search(r"\d\d:\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d", r).group(0) for r in rows]
    assert shown == [cell_time(o["start_time"]) for o in confs][:len(shown)], (shown, confs[:3])
    for r, o in zip(rows, confs):
        assert o["name"][:16] in r, (r, o["name"])
    # A name filter and a window, as the document's query parameters.
    needle = confs[0]["name"].split()[0].lower()
    want = api(sim, "history/v1/conference/", name__icontains=needle,
               end_time__gte=iso(now() - DAY))
    command(c, "history name=%s" % needle)
    title = 'name contains "%s", newest first (%d)' % (needle, len(want))
    screen = wait_pane(c, title, lambda rows: len(rows) == len(want))
    assert all(needle in r.lower() for r in pane_rows(screen, title))
    want = api(sim, "history/v1/conference/", end_time__gte=iso(now() - 2 * 3600))
    assert want, "the world should have conferences that ended in the last 2 hours"
    command(c, "history 2h")
    title = "conferences ended in the last 2h, newest first (%d)" % len(want)
    wait_pane(c, title, lambda rows: len(rows) == min(len(want), VISIBLE))
    command(c, "history frobnicate")
    c.wait_for(lambda s: "unknown argument: frobnicate" in status_line(s))
    command(c, "history 24h")
    # The new query's rows first (a key pressed before they arrive finds
    # an empty list).
    wait_pane(c, "History: conferences ended in the last 24h, newest first (",
              lambda rows: len(rows) >= min(len(confs), 10))
    return confs


def check_drill_down(c, sim, confs):
    # The newest conference with a participant whose streams are embedded.
    for index, conf in enumerate(confs):
        people = api(sim, "history/v1/participant/", conference=conf["id"],
                     order_by="start_time")
        if any(p["media_streams"] for p in people):
            break
    c.keys("g")
    for _ in range(index):
        c.keys("j")
    c.keys("Enter")
    title = "Participants of %s (%d)" % (conf["name"], len(people))
    screen = wait_pane(c, title, lambda rows: len(rows) == len(people))
    rows = pane_rows(screen, title)
    for r, p in zip(rows, people):
        assert p["display_name"][:12] in r and p["disconnect_reason"][:12] in r, (r, p)
    # Enter on the first participant with streams: its media streams.
    at = next(i for i, p in enumerate(people) if p["media_streams"])
    for _ in range(at):
        c.keys("j")
    c.keys("Enter")
    person = people[at]
    streams = person["media_streams"]
    title = "Media streams of %s (%d)" % (person["display_name"], len(streams))
    screen = wait_pane(c, title, lambda rows: len(rows) == 2 * len(streams))
    rows = pane_rows(screen, title)
    for k, s in enumerate(streams):
        rx, tx = rows[2 * k], rows[2 * k + 1]
        assert s["stream_type"] in rx and " rx " in rx and " tx " in tx, (rx, tx)
        assert "%.2f" % s["rx_packet_loss"] in rx and "%.2f" % s["tx_packet_loss"] in tx, (rx, tx)
    # Esc twice: back to the conference list.
    c.keys("Escape")
    c.wait_for(lambda s: "Media streams of" not in s and "Participants of" in s)
    c.keys("Escape")
    c.wait_for(lambda s: "Participants of" not in s and "History: conferences" in s)


def expected_loss(sim, threshold):
    """Participants with a stream whose rx or tx loss >= threshold: the
    union of the two filters the API offers."""
    since = iso(now() - DAY)
    rx = api(sim, "history/v1/participant/", media_streams__rx_packet_loss__gte=threshold,
             end_time__gte=since)
    tx = api(sim, "history/v1/participant/", media_streams__tx_packet_loss__gte=threshold,
             end_time__gte=since)
    by_id = {p["id"]: p for p in rx + tx}
    return list(by_id.values()), len(rx), len(tx)


def check_loss_preset(c, sim, threshold):
    want, n_rx, n_tx = expected_loss(sim, threshold)
    # Both directions contribute: the merge is what the test is about.
    assert n_rx and n_tx and len(want) > max(n_rx, n_tx), (n_rx, n_tx, len(want))
    command(c, "history loss %s" % threshold)
    title = "Participants with packet loss >= %s%% (rx or tx), ended in the last 24h (%d)" % (
        threshold, len(want))
    screen = wait_pane(c, title, lambda rows: len(rows) == len(want), timeout=15)
    rows = pane_rows(screen, title)
    # Exactly those calls: the same (name, conference) pairs, as often.
    expected = collections.Counter((p["display_name"][:14], p["conference_name"][:14])
                                   for p in want)
    shown = collections.Counter()
    for key in expected:
        shown[key] = sum(1 for r in rows if key[0] in r and key[1] in r)
    assert shown == expected, (shown, expected, rows)
    # Newest first: a search merges two listings, shown by end time.
    ends = [shown_times(r)[1] for r in rows]
    assert ends == sorted(ends, reverse=True), rows
    # Each row's worst loss is at or above the threshold.
    losses = []
    for r in rows:
        losses.append(float(re.search(r"(?:good|ok|bad|terrible|unknown)\s+(\d+\.\d)",
                                      r).group(1)))
        assert losses[-1] >= float(threshold), r
    return want, losses


def check_ended_preset(c, sim):
    want = api(sim, "history/v1/participant/", end_time__gte=iso(now() - 3600))
    command(c, "history ended 1h")
    title = "Participants that ended in the last 1h (%d)" % len(want)
    screen = wait_pane(c, title, lambda rows: len(rows) == min(len(want), VISIBLE), timeout=15)
    for p in want[:10]:
        assert p["display_name"][:12] in screen, p["display_name"]
    # FROM TO (ISO, UTC): the document's end_time__gte / end_time__lt pair.
    start, end = iso(now() - 3 * 3600), iso(now() - 3600)
    want = api(sim, "history/v1/participant/", end_time__gte=start, end_time__lt=end)
    command(c, "history ended %s %s" % (start, end))
    title = "ended between %s and %s (%d)" % (start, end, len(want))
    wait_pane(c, title, lambda rows: len(rows) == min(len(want), VISIBLE), timeout=15)
    # Esc from a search: back to the conference list.
    c.keys("Escape")
    c.wait_for("History: conferences ended in the last 24h")


def main():
    with Pexsim("--static", "--seed", "5", "--conferences", "2", "--participants", "6",
                "--history", "24") as sim:
        with Console(sim, width=200, height=50) as c:
            c.wait_for("connected", timeout=15)
            confs = check_conferences(c, sim)
            check_drill_down(c, sim, confs)
            wider, _ = check_loss_preset(c, sim, "2")
            # The boundary value (6 % is one of the seeded losses) counts.
            want, losses = check_loss_preset(c, sim, "6")
            assert 6.0 in losses and len(wider) > len(want), (losses, len(wider), len(want))
            # Drill into a found participant's streams.
            c.keys("g")
            c.keys("Enter")
            c.wait_for("Media streams of")
            c.keys("Escape")
            c.keys("Escape")
            c.wait_for("History: conferences ended in the last 24h")
            check_ended_preset(c, sim)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
