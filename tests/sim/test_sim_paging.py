"""pexsim's Tastypie paging: default page of 20, limit/offset, meta.next and
meta.previous as usable server-relative paths, the max_limit cap, and 400s
for bad paging parameters."""

import math
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import Pexsim  # noqa: E402

PART = "/api/admin/status/v1/participant/"


def ids(page):
    return [o["id"] for o in page["objects"]]


def check_meta(page, limit, offset, total):
    meta = page["meta"]
    assert set(meta) == {"limit", "next", "offset", "previous", "total_count"}, meta
    assert (meta["limit"], meta["offset"], meta["total_count"]) == (limit, offset, total), meta


def test_default_page(sim):
    status, headers, page = sim.get(PART)
    assert status == 200 and headers.get("Content-Type").startswith("application/json")
    total = page["meta"]["total_count"]
    assert total > 40, "the test wants more than two default pages, got %d" % total
    check_meta(page, 20, 0, total)
    assert len(page["objects"]) == 20
    assert page["meta"]["previous"] is None
    nxt = page["meta"]["next"]
    assert nxt.startswith(PART + "?"), nxt
    assert dict(urllib.parse.parse_qsl(nxt.split("?", 1)[1])) == {"limit": "20", "offset": "20"}
    return total


def walk(sim, first_path):
    """Follow meta.next from first_path; returns (ids, pages)."""
    seen, pages, path = [], 0, first_path
    while path:
        status, _, page = sim.request("GET", path)
        assert status == 200, (path, status, page)
        seen += ids(page)
        pages += 1
        assert pages < 1000
        path = page["meta"]["next"]
    return seen, pages


def test_walk_next_links(sim, total):
    everything = ids(sim.get(PART, limit=0)[2])
    assert len(everything) == total and len(set(everything)) == total
    for limit in (7, 20, total, total + 5):
        seen, pages = walk(sim, PART + "?limit=%d" % limit)
        assert seen == everything, limit
        assert pages == max(1, math.ceil(total / limit)), (limit, pages)


def test_previous_links_walk_back(sim, total):
    last_offset = (total - 1) // 9 * 9
    status, _, page = sim.get(PART, limit=9, offset=last_offset, order_by="-connect_time")
    assert status == 200 and page["meta"]["next"] is None
    collected = ids(page)
    while page["meta"]["previous"]:
        prev = page["meta"]["previous"]
        assert "order_by=-connect_time" in prev
        status, _, page = sim.request("GET", prev)
        assert status == 200
        collected = ids(page) + collected
    assert page["meta"]["offset"] == 0
    full = ids(sim.get(PART, limit=0, order_by="-connect_time")[2])
    assert collected == full


def test_limit_and_offset(sim, total):
    everything = ids(sim.get(PART, limit=0)[2])
    status, _, page = sim.get(PART, limit=5, offset=3)
    check_meta(page, 5, 3, total)
    assert ids(page) == everything[3:8]
    prev = dict(urllib.parse.parse_qsl(page["meta"]["previous"].split("?", 1)[1]))
    assert prev == {"limit": "5", "offset": "0"}
    # an offset past the end: empty page, still a 200 with a way back
    status, _, page = sim.get(PART, limit=5, offset=total + 10)
    assert status == 200 and page["objects"] == [] and page["meta"]["next"] is None
    assert page["meta"]["previous"] is not None
    # the last partial page
    status, _, page = sim.get(PART, limit=10, offset=total - 3)
    assert ids(page) == everything[-3:] and page["meta"]["next"] is None


def test_links_keep_other_parameters(sim):
    query = [("order_by", "display_name"), ("format", "json"), ("is_muted", "false"),
             ("limit", "3"), ("_", "1700000000")]
    status, _, page = sim.request("GET", Pexsim.build_path(PART, query))
    assert status == 200
    nxt = page["meta"]["next"]
    assert nxt is not None
    params = urllib.parse.parse_qsl(nxt.split("?", 1)[1])
    assert ("order_by", "display_name") in params and ("is_muted", "false") in params
    assert ("format", "json") in params and ("_", "1700000000") in params
    assert ("offset", "3") in params and ("limit", "3") in params
    # the link works as-is and continues the same filtered, ordered list
    _, _, all_unmuted = sim.get(PART, limit=0, order_by="display_name", is_muted="false")
    _, _, second = sim.request("GET", nxt)
    assert ids(second) == ids(all_unmuted)[3:6]


def test_bad_paging_parameters(sim):
    for query in ({"limit": "abc"}, {"limit": "-1"}, {"limit": "1.5"}, {"limit": ""},
                  {"offset": "-1"}, {"offset": "x"}, {"offset": "2e3"}):
        status, headers, body = sim.get(PART, **query)
        assert status == 400, (query, status)
        assert headers.get("Content-Type").startswith("application/json")
        assert isinstance(body.get("error"), str) and body["error"], body


def test_sub_collection_paging(sim):
    _, _, page = sim.get(PART, limit=0)
    with_media = None
    for p in page["objects"]:
        status, _, streams = sim.get(PART + p["id"] + "/media_stream/")
        assert status == 200
        if streams["meta"]["total_count"] >= 2:
            with_media = (p["id"], streams)
            break
    assert with_media, "no participant with two media streams"
    pid, streams = with_media
    path = PART + pid + "/media_stream/"
    status, _, first = sim.get(path, limit=1)
    assert status == 200 and len(first["objects"]) == 1
    assert first["meta"]["next"].startswith(path + "?")
    seen, _ = walk(sim, path + "?limit=1")
    assert seen == [o["id"] for o in streams["objects"]]


def test_max_limit_cap():
    with Pexsim("--static", "--conferences", "5", "--participants", "60", "--max-limit",
                "25") as sim:
        total = sim.get(PART)[2]["meta"]["total_count"]
        assert total > 25
        for asked in (100, 26, 0):
            status, _, page = sim.get(PART, limit=asked)
            assert status == 200
            check_meta(page, 25, 0, total)
            assert len(page["objects"]) == 25
            assert "limit=25" in page["meta"]["next"]
        status, _, page = sim.get(PART, limit=10)
        assert page["meta"]["limit"] == 10
        seen, pages = walk(sim, PART + "?limit=1000")
        assert len(seen) == total and pages == math.ceil(total / 25)


def test_default_max_limit_is_1000():
    with Pexsim("--static", "--conferences", "20", "--participants", "1100") as sim:
        status, _, page = sim.get(PART, limit=5000)
        assert status == 200 and page["meta"]["limit"] == 1000
        assert len(page["objects"]) == 1000
        assert page["meta"]["total_count"] >= 1100
        status, _, page = sim.get(PART, limit=0)
        assert page["meta"]["limit"] == 1000 and len(page["objects"]) == 1000


def main():
    with Pexsim("--static", "--conferences", "6", "--participants", "75", "--seed", "3") as sim:
        total = test_default_page(sim)
        test_walk_next_links(sim, total)
        test_previous_links_walk_back(sim, total)
        test_limit_and_offset(sim, total)
        test_links_keep_other_parameters(sim)
        test_bad_paging_parameters(sim)
        test_sub_collection_paging(sim)
    test_max_limit_cap()
    test_default_max_limit_is_1000()
    print("ok")


if __name__ == "__main__":
    main()
