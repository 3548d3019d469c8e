"""Platform views end to end: the header summary, ':' completion of the view
names, nodes (filter, sort, Enter: load sparkline and the calls on the
node), locations (Enter: their nodes), alarms with symbols and their
history, registrations, licensing as one row per kind, and cloud bursting.

pexcon runs in a 200x50 tmux pane against a --static pexsim world; every
expected figure comes from pexsim's own API.
"""

import re

from pexsim import people

from viewtest import (LEVEL_GLYPH, SPARK, Console, Pexsim, api, command, header, node_names,
                      pane_rows, status_line, wait_pane)


def row_with(rows, text):
    for r in rows:
        if text in r:
            return r
    return None


def check_header(c, sim):
    confs = api(sim, "status/v1/conference/")
    parts = api(sim, "status/v1/participant/")
    alarms = api(sim, "status/v1/alarm/")
    nodes = api(sim, "status/v1/worker_vm/")
    busiest = None
    for n in nodes:
        if busiest is None or n["media_load"] > busiest["media_load"]:
            busiest = n
    want = ["%d conferences, %d participants" % (len(confs), people(parts)),
            "busiest %s %d%%" % (busiest["name"], busiest["media_load"])]
    for level in ("critical", "error", "warning"):
        n = sum(1 for a in alarms if a["level"] == level)
        if n:
            want.append("%s %d %s" % (LEVEL_GLYPH[level], n, level))
    screen = c.wait_for(lambda s: all(w in header(s) for w in want), timeout=15)
    assert "alarms" in header(screen), header(screen)


def check_completion(c):
    c.keys(":")
    c.type("lic")
    c.keys("Tab")
    c.wait_for(lambda s: status_line(s).strip() == ":licensing")
    c.keys("Escape")
    # Several candidates: Tab cycles through them, and lists them all at the
    # prompt line's right end.
    c.keys(":")
    c.type("h")
    c.keys("Tab")
    c.wait_for(lambda s: status_line(s).split()[:1] == [":help"]
               and status_line(s).split()[-2:] == ["help", "history"])
    c.keys("Tab")
    c.wait_for(lambda s: status_line(s).startswith(":history"))
    c.keys("Escape")
    # Drill-down panes are not commands: "node" completes to nodes alone.
    c.keys(":")
    c.type("node")
    c.keys("Tab")
    c.wait_for(lambda s: status_line(s).strip() == ":nodes")
    c.keys("Escape")
    # Arguments of view commands complete too.
    for typed, want in (("history lo", ":history loss"), ("alarms h", ":alarms history")):
        c.keys(":")
        c.type(typed)
        c.keys("Tab")
        c.wait_for(lambda s, w=want: status_line(s).strip() == w)
        c.keys("Escape")
    for name in ("trou", "clo", "reg", "loc", "ala"):
        c.keys(":")
        c.type(name)
        c.keys("Tab")
        c.wait_for(lambda s, n=name: re.match(r":%s\w+$" % n, status_line(s).strip()) is not None)
        c.keys("Escape")


def check_nodes(c, sim):
    nodes = api(sim, "status/v1/worker_vm/")
    command(c, "nodes")
    title = "Conferencing Nodes (%d)" % len(nodes)
    screen = wait_pane(c, title, lambda rows: len(rows) == len(nodes))
    rows = pane_rows(screen, title)
    for n in nodes:
        r = row_with(rows, n["name"])
        assert r, (n["name"], rows)
        assert n["system_location"] in r and "%3d%%" % n["media_load"] in r, r
        assert "%d/%d" % (n["media_tokens_used"], n["max_media_tokens"]) in r, r
        assert n["sync_status"] in r and n["node_type"] in r, r
    # Sorted by name (the default), then by load: s cycles the columns.
    names = [r.split()[0] for r in rows]
    assert names == sorted(n["name"] for n in nodes), names
    for _ in range(3):
        c.keys("s")
        screen = c.wait_for(lambda s: "sorted by" in status_line(s))
        if "Media load\u25bc" in screen:
            break
    assert "Media load\u25bc" in screen, screen
    rows = pane_rows(screen, title)
    loads = [int(re.search(r"(\d+)%", r).group(1)) for r in rows]
    assert loads == sorted(loads, reverse=True), rows
    # Filter: only the Oslo nodes stay.
    c.keys("/")
    c.type("oslo")
    c.keys("Enter")
    osl = [n["name"] for n in nodes if n["system_location"] == "Oslo"]
    screen = wait_pane(c, "filter: oslo", lambda rows: len(rows) == len(osl))
    assert all(any(o in r for r in pane_rows(screen, "filter: oslo")) for o in osl), screen
    c.keys("Escape")
    wait_pane(c, title, lambda rows: len(rows) == len(nodes))
    return nodes


def check_node_detail(c, sim, nodes):
    """Enter on the busiest node: its load over time and the calls on it."""
    busiest = max(nodes, key=lambda n: n["media_load"])
    # The rows are sorted by load (highest first): the busiest is row 1.
    c.keys("g")
    c.keys("Enter")
    title = "Load of %s" % busiest["name"]
    def spark(row):  # the last cell: one mark per sample
        last = row.split()[-1] if row.split() else ""
        return last if last and all(ch in SPARK for ch in last) else ""

    screen = wait_pane(c, title, lambda rows: rows and len(spark(rows[0])) >= 30, timeout=10)
    stats = api(sim, "status/v1/worker_vm/%d/statistics/" % busiest["id"])
    row = pane_rows(screen, title)[0]
    marks = len(spark(row))
    assert marks == len(stats), (marks, len(stats), row)
    assert " %d " % len(stats) in row and "%3d%%" % busiest["media_load"] in row, row
    ip = next(o["address"] for o in api(sim, "configuration/v1/worker_vm/")
              if o["id"] == busiest["configuration_id"])
    calls = [p for p in api(sim, "status/v1/participant/")
             if ip in (p.get("media_node"), p.get("signalling_node"), p.get("proxy_node"))]
    assert calls, "the busiest node should carry calls"
    calls_title = "Calls on %s (%s): %d legs" % (busiest["name"], ip, len(calls))
    screen = wait_pane(c, calls_title, lambda rows: len(rows) == len(calls))
    rows = pane_rows(screen, calls_title)
    for p in calls:
        name = p["display_name"] or p["source_alias"]
        assert any(name[:12] in r and p["conference"][:12] in r for r in rows), (name, rows)
    # Esc closes the detail, Esc again leaves the screen.
    c.keys("Escape")
    c.wait_for(lambda s: "Load of" not in s and "Conferencing Nodes" in s)
    c.keys("Escape")
    c.wait_for(lambda s: "Conferences (" in s and "Conferencing Nodes" not in s)


def check_locations(c, sim):
    locations = api(sim, "status/v1/system_location/")
    nodes = api(sim, "status/v1/worker_vm/")
    command(c, "locations")
    title = "System locations (%d)" % len(locations)
    screen = wait_pane(c, title, lambda rows: len(rows) == len(locations))
    rows = pane_rows(screen, title)
    for loc in locations:
        r = row_with(rows, loc["name"])
        assert r and "%3.0f%%" % loc["media_load"] in r, (loc, r)
        assert "%d/%d" % (loc["media_tokens_used"], loc["max_media_tokens"]) in r, r
    first = sorted(locations, key=lambda l: l["name"].lower())[0]["name"]
    inside = [n["name"] for n in nodes if n["system_location"] == first]
    outside = [n["name"] for n in nodes if n["system_location"] != first]
    c.keys("Enter")
    sub = "Nodes in %s (%d)" % (first, len(inside))
    screen = wait_pane(c, sub, lambda rows: len(rows) == len(inside))
    rows = pane_rows(screen, sub)
    assert all(row_with(rows, n) for n in inside) and not any(row_with(rows, n) for n in outside)
    # Enter on a node there: the node's load and calls.
    c.keys("Enter")
    c.wait_for("Load of %s" % sorted(inside)[0])
    c.keys("Escape")
    c.keys("Escape")
    c.wait_for(lambda s: "Conferences (" in s and "Conferencing Nodes" not in s)


def check_alarms(c, sim):
    alarms = api(sim, "status/v1/alarm/")
    history = api(sim, "history/v1/alarm/")
    names = node_names(sim)
    command(c, "alarms")
    title = "Active alarms (%d)" % len(alarms)
    screen = wait_pane(c, title, lambda rows: len(rows) == len(alarms))
    rows = pane_rows(screen, title)
    for a in alarms:
        r = row_with(rows, a["name"][:24])
        # Level as symbol and word (never colour alone), node by name.
        assert r and "%s %s" % (LEVEL_GLYPH[a["level"]], a["level"]) in r, (a, r)
        assert names[a["node"]] in r, (a, r)
    hist_title = "Alarm history, raised in the last 7 days, newest first (%d)" % len(history)
    screen = wait_pane(c, hist_title, lambda rows: len(rows) >= min(len(history), 5))
    for a in history[:5]:
        assert LEVEL_GLYPH[a["level"]] in screen and a["name"][:20] in screen
    # ':alarms history' focuses the history pane (its sort is announced).
    command(c, "alarms history")
    c.keys("s")
    c.wait_for("Alarm history sorted by Level")
    c.keys("Escape")


def check_registrations(c, sim):
    regs = api(sim, "status/v1/registration_alias/")
    names = node_names(sim)
    command(c, "registrations")
    title = "Registered aliases (%d)" % len(regs)
    screen = wait_pane(c, title, lambda rows: len(rows) == len(regs))
    rows = pane_rows(screen, title)
    for r in regs:
        line = row_with(rows, r["alias"])
        assert line and r["protocol"] in line and names[r["node"]] in line, (r, line)
        assert r["remote_address"] in line and r["vendor"][:12] in line, (r, line)
    c.keys("Escape")


LICENCE_LABELS = {"port": "Ports (video calls)", "audio": "Audio calls", "vmr": "VMRs",
                  "system": "Registered systems", "teams": "Microsoft Teams",
                  "ghm": "Google Meet (GHM)", "scheduling": "Scheduling"}


def check_licensing(c, sim):
    lic = api(sim, "status/v1/licensing/")[0]
    command(c, "licensing")
    kinds = {k[:-6] for k in lic if k.endswith("_count")}

    def drawn(s):
        # Every kind's row, each with its total (not a frame caught mid-draw).
        rows = pane_rows(s, "Licensing")
        return len(rows) >= len(kinds) and all(
            (row_with(rows, label) or "").find(str(lic[kind + "_total"])) >= 0
            for kind, label in LICENCE_LABELS.items())

    screen = c.wait_for(drawn)
    rows = pane_rows(screen, "Licensing")
    assert len(rows) >= len(kinds), rows
    for kind, label in LICENCE_LABELS.items():
        used, total = lic[kind + "_count"], lic[kind + "_total"]
        r = row_with(rows, label)
        assert r, (label, rows)
        cells = r.split()
        assert str(used) in cells and str(total) in cells, (kind, r)
        if total:
            assert "%3.0f%%" % (100.0 * used / total) in r, (kind, r)
    c.keys("Escape")


def check_cloud(c, sim):
    cloud = api(sim, "status/v1/cloud_node/")
    monitored = api(sim, "status/v1/cloud_monitored_location/")
    overflow = api(sim, "status/v1/cloud_overflow_location/")
    command(c, "cloud")
    t1 = "Cloud overflow nodes (%d)" % len(cloud)
    t2 = "Locations monitored for bursting (%d)" % len(monitored)
    t3 = "Overflow locations (%d)" % len(overflow)
    screen = c.wait_for(lambda s: len(pane_rows(s, t1)) == len(cloud) and
                        len(pane_rows(s, t2)) == len(monitored) and
                        len(pane_rows(s, t3)) == len(overflow))
    for n in cloud:
        r = row_with(pane_rows(screen, t1), n["workervm_configuration_name"])
        assert r and n["cloud_instance_state"] in r, (n, r)
    by_id = {str(o["id"]): o["name"] for o in overflow}
    for m in monitored:
        r = row_with(pane_rows(screen, t2), m["name"])
        target = by_id[m["overflow_location"].rstrip("/").split("/")[-1]]
        assert r and target in r and "%d/%d" % (m["free_hd_calls"], m["max_hd_calls"]) in r, r
    c.keys("Escape")


def check_help(c):
    """The help lists every view command with its line, not the
    drill-down panes."""
    c.keys("?")
    seen = c.wait_for("Help: keys")
    for _ in range(8):
        if ":trouble" in seen:
            break
        c.keys("NPage")
        seen += c.wait_for("Help: keys")
    for text in (":nodes", ":locations", ":alarms", ":registrations", ":licensing", ":cloud",
                 ":history", ":trouble", "Every live call ranked worst first"):
        assert text in seen, text
    for sub in (":node-calls", ":node-load", ":history-streams", ":alarm-history"):
        assert sub not in seen, sub
    c.keys("Escape")
    c.wait_for(lambda s: "Help: keys" not in s)


def check_narrow(c, sim):
    """80x24: the nodes and their load still fit; the header keeps the
    summary (symbols for the alarm levels)."""
    nodes = api(sim, "status/v1/worker_vm/")
    c.tmux.resize(80, 24)
    command(c, "nodes")
    title = "Conferencing Nodes (%d)" % len(nodes)
    screen = wait_pane(c, title, lambda rows: len(rows) == len(nodes))
    for n in nodes:
        r = row_with(pane_rows(screen, title), n["name"])
        assert r and "%3d%%" % n["media_load"] in r, r
    assert re.search(r"\d+ confs? \d+ parts?", header(screen)), header(screen)
    assert "load " in header(screen), header(screen)
    c.keys("Escape")


def main():
    with Pexsim("--static", "--seed", "3", "--conferences", "3", "--participants", "12",
                "--nodes", "4", "--locations", "2", "--history", "10") as sim:
        with Console(sim, width=200, height=50) as c:
            c.wait_for("connected", timeout=15)
            check_header(c, sim)
            check_completion(c)
            nodes = check_nodes(c, sim)
            check_node_detail(c, sim, nodes)
            check_locations(c, sim)
            check_alarms(c, sim)
            check_registrations(c, sim)
            check_licensing(c, sim)
            check_cloud(c, sim)
            # The header summary stays on every screen (licensing here).
            command(c, "licensing")
            c.wait_for(lambda s: "busiest " in header(s) and "conferences" in header(s))
            c.keys("Escape")
            check_help(c)
            check_narrow(c, sim)
            c.keys("q")
            assert c.tmux.wait_exit(timeout=10) == 0
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
