"""pexsim's Tastypie filtering and ordering over HTTP, checked against a
Python oracle computed from the full, unfiltered lists: every match
specifier, typed comparisons, the conference name/id filters, relation
filters over embedded media streams, order_by, and the 400s."""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import Pexsim, all_of  # noqa: E402

PART = "/api/admin/status/v1/participant/"
HPART = "/api/admin/history/v1/participant/"
HCONF = "/api/admin/history/v1/conference/"
CONF = "/api/admin/status/v1/conference/"


def ascii_lower(s):
    return s.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


STRING_SPECS = {
    "exact": lambda v, q: v == q,
    "iexact": lambda v, q: ascii_lower(v) == ascii_lower(q),
    "contains": lambda v, q: q in v,
    "icontains": lambda v, q: ascii_lower(q) in ascii_lower(v),
    "startswith": lambda v, q: v.startswith(q),
    "istartswith": lambda v, q: ascii_lower(v).startswith(ascii_lower(q)),
    "endswith": lambda v, q: v.endswith(q),
    "iendswith": lambda v, q: ascii_lower(v).endswith(ascii_lower(q)),
    "regex": lambda v, q: re.search(q, v) is not None,
    "iregex": lambda v, q: re.search(q, v, re.I) is not None,
    "lt": lambda v, q: v.encode() < q.encode(),
    "lte": lambda v, q: v.encode() <= q.encode(),
    "gt": lambda v, q: v.encode() > q.encode(),
    "gte": lambda v, q: v.encode() >= q.encode(),
}

NUMBER_SPECS = {
    "exact": lambda v, q: v == q,
    "lt": lambda v, q: v < q,
    "lte": lambda v, q: v <= q,
    "gt": lambda v, q: v > q,
    "gte": lambda v, q: v >= q,
}


def ids(objects):
    return [o["id"] for o in objects]


def check(sim, path, everything, predicate, **query):
    got = ids(all_of(sim, path, **query))
    want = ids([o for o in everything if predicate(o)])
    assert got == want, "%s %r: got %d ids, want %d" % (path, query, len(got), len(want))
    return got


def test_string_specifiers(sim, everything):
    names = [p["display_name"] for p in everything if p["display_name"]]
    sample = names[len(names) // 2]
    probes = {
        "exact": sample, "iexact": sample.upper(), "contains": sample[1:4],
        "icontains": sample[1:4].swapcase(), "startswith": sample[:2],
        "istartswith": sample[:2].swapcase(), "endswith": sample[-3:],
        "iendswith": sample[-3:].upper(), "regex": "^[A-M].*[aeiou]",
        "iregex": "(SON|EZ|ER)$", "lt": "M", "lte": sample, "gt": "M", "gte": sample,
    }
    matched = set()
    for spec, value in probes.items():
        got = check(sim, PART, everything,
                    lambda p, s=spec, v=value: p["display_name"] is not None
                    and STRING_SPECS[s](p["display_name"], v),
                    **{"display_name__" + spec: value})
        assert got, "%s=%r matched nothing; pick better probes" % (spec, value)
        assert len(got) < len(everything) or spec in ("regex", "iregex")
        matched.add(spec)
    assert matched == set(STRING_SPECS)
    # field=value means exact
    check(sim, PART, everything, lambda p: p["display_name"] == sample, display_name=sample)


def test_numeric_and_boolean(sim, everything):
    bandwidths = sorted({p["bandwidth"] for p in everything if p["bandwidth"] is not None})
    middle = bandwidths[len(bandwidths) // 2]
    for spec, fn in NUMBER_SPECS.items():
        got = check(sim, PART, everything,
                    lambda p, f=fn: p["bandwidth"] is not None and f(p["bandwidth"], middle),
                    **{"bandwidth__" + spec: middle})
        assert got, spec
    # numeric, not textual: 99 < 100 even though "99" > "100"
    check(sim, PART, everything,
          lambda p: p["remote_port"] is not None and p["remote_port"] < 10000,
          remote_port__lt=10000)
    # string specifiers on a number look at its text
    check(sim, PART, everything, lambda p: str(p["bandwidth"]).startswith("1"),
          bandwidth__startswith=1)
    for value, truth in (("true", True), ("True", True), ("1", True), ("false", False),
                         ("False", False), ("0", False)):
        got = check(sim, PART, everything, lambda p, t=truth: p["is_muted"] is t,
                    is_muted=value)
        assert got, value


def test_datetime(sim, everything):
    times = sorted(p["connect_time"] for p in everything if p["connect_time"])
    pivot = times[len(times) // 2]
    for spec in ("lt", "lte", "gt", "gte", "exact"):
        check(sim, PART, everything,
              lambda p, s=spec: p["connect_time"] is not None
              and STRING_SPECS[s](p["connect_time"], pivot),
              **{"connect_time__" + spec: pivot})
    day = pivot[:10]
    check(sim, PART, everything,
          lambda p: p["connect_time"] is not None and p["connect_time"] >= day + "T00:00:00",
          connect_time__gte=day + " 00:00:00")


def test_conference_filters(sim, everything):
    name = everything[0]["conference"]
    got = check(sim, PART, everything, lambda p: p["conference"] == name, conference=name)
    assert got
    # history participants filter by conference id; their field holds a URI
    hconfs = all_of(sim, HCONF)
    hparts = all_of(sim, HPART)
    busy = max(hconfs, key=lambda c: c["participant_count"])
    got = check(sim, HPART, hparts,
                lambda p: p["conference"] == "/api/admin/history/v1/conference/%s/" % busy["id"],
                conference=busy["id"])
    assert got and len(got) < len(hparts)
    # relation filters over embedded media streams: ANY stream matches
    for field, threshold in (("rx_packet_loss", 0.5), ("tx_packet_loss", 0.5),
                             ("rx_bitrate", 500)):
        got = check(sim, HPART, hparts,
                    lambda p, f=field, t=threshold: any(
                        s[f] is not None and s[f] >= t for s in p["media_streams"] or []),
                    **{"media_streams__%s__gte" % field: threshold})
        assert 0 < len(got) < len(hparts), (field, len(got), len(hparts))


def test_combined_filters(sim, everything):
    role = "guest"
    protocol = everything[0]["protocol"]
    got = check(sim, PART, everything,
                lambda p: p["role"] == role and p["protocol"] == protocol and not p["is_muted"],
                role=role, protocol=protocol, is_muted="false", _="1700000000",
                format="json")
    assert got


def sort_key(value):
    return (value is not None, value if value is not None else 0)


def test_order_by(sim, everything):
    for field in ("display_name", "bandwidth", "connect_time", "remote_port", "is_muted"):
        asc = ids(sorted(everything, key=lambda p: sort_key(
            p[field].encode() if isinstance(p[field], str) else p[field])))
        desc = ids(sorted(everything, key=lambda p: sort_key(
            p[field].encode() if isinstance(p[field], str) else p[field]), reverse=True))
        assert ids(all_of(sim, PART, order_by=field)) == asc, field
        # stable in both directions: ties keep the list order (as Python's reverse sort)
        assert ids(all_of(sim, PART, order_by="-" + field)) == desc, field
    # two keys, and ordering combined with a filter
    got = ids(all_of(sim, PART, order_by=["role", "-bandwidth"], is_muted="false"))
    want = [p for p in everything if p["is_muted"] is False]
    want = sorted(want, key=lambda p: sort_key(p["bandwidth"]), reverse=True)
    want = ids(sorted(want, key=lambda p: p["role"]))
    assert got == want
    hist = all_of(sim, HCONF, order_by="-start_time")
    starts = [c["start_time"] for c in hist]
    assert starts == sorted(starts, reverse=True)


def test_bad_requests(sim):
    bad = [
        {"no_such_field": "1"},
        {"display_name__like": "x"},
        {"display_name__contains__exact": "x"},
        {"resource_uri": "/x/"},
        {"is_muted": "maybe"},
        {"is_muted__gt": "true"},
        {"bandwidth__gte": "lots"},
        {"connect_time__gt": "yesterday"},
        {"display_name__regex": "(unclosed"},
        {"order_by": "no_such_field"},
        {"order_by": "-"},
        {"order_by": "resource_uri"},
        {"limit": "ten"},
        {"offset": "-3"},
        {"media_streams__rx_packet_loss__gte": "0.5"},  # not on status participants
    ]
    for query in bad:
        status, headers, body = sim.get(PART, **query)
        assert status == 400, (query, status, body)
        assert headers.get("Content-Type").startswith("application/json")
        assert isinstance(body, dict) and list(body) == ["error"] and body["error"], body
    status, _, body = sim.get(HPART, media_streams__nosuch__gte="1")
    assert status == 400, body
    status, _, body = sim.get(HPART, conference__name="x")
    assert status == 400, body
    # schema-listed filters only: history conference has no "bandwidth"
    assert sim.get(HCONF, bandwidth=1).status == 400
    # format, limit, offset, order_by and _ are never filters
    assert sim.get(CONF, format="json", _="123", limit=1, offset=0, order_by="name").status == 200


def test_staged_values(sim):
    """Odd strings staged through the control endpoint filter like any other."""
    odd = ["50% off & more", "a+b=c?", "Ünïcödé Ñame", "back\\slash \"quoted\"", "emoji \U0001F600"]
    staged = [sim.add_participant(conference="Odd strings", display_name=s) for s in odd]
    for p in staged:
        got = ids(all_of(sim, PART, display_name=p["display_name"]))
        assert got == [p["id"]], (p["display_name"], got)
    got = ids(all_of(sim, PART, conference="Odd strings", display_name__contains="%"))
    assert got == [staged[0]["id"]]
    got = ids(all_of(sim, PART, conference="Odd strings", display_name__regex=r"\+"))
    assert got == [staged[1]["id"]]
    got = ids(all_of(sim, PART, conference="Odd strings", display_name__icontains="ÜNÏ"))
    assert got == [], "non-ASCII letters do not fold case (like the ASCII-only server)"
    got = ids(all_of(sim, PART, conference="Odd strings", display_name__startswith="Ünï"))
    assert got == [staged[2]["id"]]
    for p in staged:
        sim.remove_participant(p["id"])


def main():
    with Pexsim("--static", "--conferences", "8", "--participants", "120", "--seed", "9",
                "--history", "40") as sim:
        everything = all_of(sim, PART)
        assert len(everything) >= 100
        # make sure both boolean values occur
        for p in [p for p in everything if p["is_mute_supported"]][:5]:
            assert sim.post_command("participant/mute", {"participant_id": p["id"]}).status == 202
        everything = all_of(sim, PART)
        test_string_specifiers(sim, everything)
        test_numeric_and_boolean(sim, everything)
        test_datetime(sim, everything)
        test_conference_filters(sim, everything)
        test_combined_filters(sim, everything)
        test_order_by(sim, everything)
        test_bad_requests(sim)
        test_staged_values(sim)
    print("ok")


if __name__ == "__main__":
    main()
