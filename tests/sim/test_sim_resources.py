"""Every resource pexsim serves, checked against the Management API field
reference: fields present with the right JSON types, UUID-string versus
integer ids, resource_uri, detail and sub-collection routes, schemas, and
the routing rules (trailing slash optional, format=json ignored, 404/405)."""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from pexsim import Pexsim  # noqa: E402

API = "/api/admin/"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?$")

# Field lists (name:type) from the field reference, pexip-api-fields.md.
REFERENCE = {
    "status/v1/alarm/": (
        "acknowledged:boolean details:string id:integer identifier:integer instance:string "
        "level:string name:string node:string resource_uri:string time_raised:datetime "
    ),
    "status/v1/backplane/": (
        "conference:string connect_time:datetime id:string media_node:string protocol:string "
        "proxy_node:string remote_conference_name:string remote_media_node:string "
        "remote_node_name:string resource_uri:string service_tag:string "
        "system_location:string type:string "
    ),
    "status/v1/backplane/<id>/media_stream/": (
        "end_time:datetime id:string node:string rx_bitrate:integer rx_codec:string "
        "rx_fps:float rx_jitter:float rx_packet_loss:float rx_packets_lost:integer "
        "rx_packets_received:integer rx_resolution:string rx_windowed_packet_loss:float "
        "start_time:datetime tx_bitrate:integer tx_codec:string tx_fps:float tx_jitter:float "
        "tx_packet_loss:float tx_packets_lost:integer tx_packets_sent:integer "
        "tx_resolution:string tx_windowed_packet_loss:float type:string "
    ),
    "status/v1/cloud_monitored_location/": (
        "free_hd_calls:integer id:integer max_hd_calls:integer media_load:integer name:string "
        "overflow_location:cloud_overflow_location resource_uri:string "
    ),
    "status/v1/cloud_node/": (
        "aws_instance_id:string aws_instance_ip:string aws_instance_launch_time:datetime "
        "aws_instance_name:string aws_instance_state:string cloud_instance_id:string "
        "cloud_instance_ip:string cloud_instance_launch_time:datetime "
        "cloud_instance_name:string cloud_instance_state:string max_hd_calls:integer "
        "media_load:integer resource_uri:string workervm_configuration_id:integer "
        "workervm_configuration_location_name:string workervm_configuration_name:string "
    ),
    "status/v1/cloud_overflow_location/": (
        "free_hd_calls:integer id:integer max_hd_calls:integer media_load:integer name:string "
        "resource_uri:string systemlocation_id:integer "
    ),
    "status/v1/conference/": (
        "direct_media_available:boolean guests_muted:boolean id:string is_locked:boolean "
        "is_started:boolean name:string resource_uri:string service_type:string "
        "start_time:datetime tag:string "
    ),
    "status/v1/conference_shard/": (
        "conference:string guests_muted:boolean id:string is_direct:boolean is_locked:boolean "
        "is_started:boolean node:string resource_uri:string service_type:string "
        "start_time:datetime system_location:string tag:string transcoding_enabled:boolean "
    ),
    "status/v1/licensing/": (
        "audio_count:integer audio_total:integer customlayouts_active:boolean "
        "ghm_count:integer ghm_total:integer googletrustedjoin_active:boolean "
        "otj_count:integer otj_total:integer port_count:integer port_total:integer "
        "scheduling_count:integer scheduling_total:integer system_count:integer "
        "system_total:integer teams_count:integer teams_total:integer "
        "telehealth_count:integer telehealth_total:integer vmr_count:integer "
        "vmr_total:integer zoomtrustedjoin_active:boolean "
    ),
    "status/v1/management_vm/": (
        "configuration_id:integer id:integer last_attempted_contact:datetime "
        "last_updated:datetime name:string primary:boolean resource_uri:string "
        "sync_status:string upgrade_status:string version:string "
    ),
    "status/v1/participant/": (
        "bandwidth:integer call_direction:string call_quality:string call_tag:string "
        "call_uuid:string conference:string connect_time:datetime conversation_id:string "
        "destination_alias:string display_name:string encryption:string has_media:boolean "
        "id:string idp_uuid:string is_client_muted:boolean is_direct:boolean "
        "is_disconnect_supported:boolean is_idp_authenticated:boolean "
        "is_mute_supported:boolean is_muted:boolean is_on_hold:boolean "
        "is_presentation_supported:boolean is_presenting:boolean is_recording:boolean "
        "is_streaming:boolean is_transcribing:boolean is_transfer_supported:boolean "
        "license_count:integer license_type:string media_node:string parent_id:string "
        "participant_alias:string protocol:string proxy_node:string remote_address:string "
        "remote_port:integer resource_uri:string role:string rx_bandwidth:integer "
        "service_tag:string service_type:string signalling_node:string source_alias:string "
        "system_location:string transcoding_enabled:boolean tx_bandwidth:integer "
        "vendor:string "
    ),
    "status/v1/participant/<id>/media_stream/": (
        "end_time:datetime id:string node:string rx_bitrate:integer rx_codec:string "
        "rx_fps:float rx_jitter:float rx_packet_loss:float rx_packets_lost:integer "
        "rx_packets_received:integer rx_resolution:string rx_windowed_packet_loss:float "
        "start_time:datetime tx_bitrate:integer tx_codec:string tx_fps:float tx_jitter:float "
        "tx_packet_loss:float tx_packets_lost:integer tx_packets_sent:integer "
        "tx_resolution:string tx_windowed_packet_loss:float type:string "
    ),
    "status/v1/registration_alias/": (
        "alias:string id:integer is_natted:boolean node:string protocol:string "
        "push_token:string registration_id:string remote_address:string resource_uri:string "
        "start_time:datetime username:string vendor:string "
    ),
    "status/v1/system_location/": (
        "id:integer max_audio_calls:integer max_connections:string max_full_hd_calls:integer "
        "max_hd_calls:integer max_media_tokens:integer max_sd_calls:integer media_load:float "
        "media_tokens_used:integer name:string resource_uri:string "
    ),
    "status/v1/system_location/<id>/statistics/": (
        "media_load:float "
    ),
    "status/v1/worker_vm/": (
        "boot_time:datetime configuration_id:integer cpu_capabilities:string "
        "cpu_count:integer cpu_model:string deploy_status:string hypervisor:string id:integer "
        "last_attempted_contact:datetime last_updated:datetime maintenance_mode:boolean "
        "maintenance_mode_reason:string max_audio_calls:integer "
        "max_direct_participants:integer max_full_hd_calls:integer max_hd_calls:integer "
        "max_media_tokens:integer max_sd_calls:integer media_load:integer "
        "media_tokens_used:integer name:string node_type:string resource_uri:string "
        "signaling_count:integer sync_status:string system_location:string total_ram:integer "
        "upgrade_status:string version:string "
    ),
    "status/v1/worker_vm/<id>/statistics/": (
        "media_load:float "
    ),
    "history/v1/alarm/": (
        "details:string id:integer identifier:integer instance:string level:string "
        "name:string node:string resource_uri:string time_lowered:datetime "
        "time_raised:datetime "
    ),
    "history/v1/backplane/": (
        "conference:conference conference_name:string disconnect_reason:string "
        "duration:integer end_time:datetime id:string media_node:string "
        "media_streams:media_stream protocol:string proxy_node:string "
        "remote_conference_name:string remote_media_node:string remote_node_name:string "
        "resource_uri:string service_tag:string start_time:datetime system_location:string "
        "type:string "
    ),
    "history/v1/conference/": (
        "direct_media_available:boolean duration:integer end_time:datetime id:string "
        "instant_message_count:integer name:string participant_count:integer "
        "participants:participant resource_uri:string service_type:string start_time:datetime "
        "tag:string "
    ),
    "history/v1/media_stream/": (
        "end_time:datetime id:integer node:string participant:participant resource_uri:string "
        "rx_bitrate:integer rx_codec:string rx_fps:float rx_packet_loss:float "
        "rx_packets_lost:integer rx_packets_received:integer rx_resolution:string "
        "start_time:datetime stream_id:string stream_type:string tx_bitrate:integer "
        "tx_codec:string tx_fps:float tx_packet_loss:float tx_packets_lost:integer "
        "tx_packets_sent:integer tx_resolution:string "
    ),
    "history/v1/participant/": (
        "av_id:string bandwidth:integer call_direction:string call_quality:string "
        "call_tag:string call_uuid:string conference:conference conference_name:string "
        "conversation_id:string disconnect_reason:string display_name:string duration:integer "
        "encryption:string end_time:datetime has_media:boolean id:string idp_uuid:string "
        "is_direct:boolean is_idp_authenticated:boolean is_streaming:boolean "
        "license_count:integer license_type:string local_alias:string media_node:string "
        "media_streams:media_stream parent_id:string presentation_id:string protocol:string "
        "proxy_node:string remote_address:string remote_alias:string remote_port:integer "
        "resource_uri:string role:string rx_bandwidth:integer service_tag:string "
        "service_type:string signalling_node:string start_time:datetime "
        "system_location:string transcoding_enabled:boolean tx_bandwidth:integer "
        "vendor:string "
    ),
    "history/v1/participant/<id>/media_stream/": (
        "end_time:datetime id:integer node:string participant:participant resource_uri:string "
        "rx_bitrate:integer rx_codec:string rx_fps:float rx_packet_loss:float "
        "rx_packets_lost:integer rx_packets_received:integer rx_resolution:string "
        "start_time:datetime stream_id:string stream_type:string tx_bitrate:integer "
        "tx_codec:string tx_fps:float tx_packet_loss:float tx_packets_lost:integer "
        "tx_packets_sent:integer tx_resolution:string "
    ),
    "history/v1/workervm_status_event/": (
        "context:string details:string event_type:string id:integer resource_uri:string "
        "state:string time_changed:datetime workervm_address:string "
        "workervm_configuration_id:integer workervm_configuration_location_name:string "
        "workervm_configuration_name:string "
    ),
}

# Resources whose ids are UUID strings; the others follow the reference type
# of their id (integer, or a string such as a backplane or shard id).
UUID_IDS = {"status/v1/conference/", "status/v1/participant/", "history/v1/conference/",
            "history/v1/participant/"}

# Status resources a Management Node serves that the simulated platform has
# none of: empty lists, with schemas.
EMPTY = ("backup_request", "conference_sync", "exchange_scheduler", "mjx_endpoint",
         "mjx_meeting", "scheduling_operation", "snapshot_request", "teamsnode",
         "teamsnode_call", "teamsnodedsc")

CONFIGURATION = {
    "configuration/v1/conference/": ("id", "name", "service_type", "aliases", "resource_uri"),
    "configuration/v1/conference_alias/": ("id", "alias", "conference", "resource_uri"),
    "configuration/v1/worker_vm/": ("id", "name", "address", "resource_uri"),
    "configuration/v1/system_location/": ("id", "name", "resource_uri"),
}


def fields_of(resource):
    return dict(item.split(":", 1) for item in REFERENCE[resource].split())


def check_value(where, name, kind, value):
    """One field against its reference type; null is allowed except for ids."""
    if value is None:
        assert name not in ("id", "resource_uri"), "%s: %s is null" % (where, name)
        return
    ok = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "datetime": lambda v: isinstance(v, str) and (v == "" or ISO.match(v) is not None),
    }.get(kind)
    if ok is None:  # a related resource: a URI, or a list of embedded objects / URIs
        ok = (lambda v: isinstance(v, list)) if name.endswith("s") else (
            lambda v: isinstance(v, str) and v.startswith(API))
    assert ok(value), "%s: field %s should be %s, got %r" % (where, name, kind, value)


def check_objects(resource, objects, where):
    reference = fields_of(resource)
    for obj in objects:
        missing = set(reference) - set(obj)
        assert not missing, "%s: missing fields %s in %r" % (where, sorted(missing), obj)
        for name, kind in reference.items():
            check_value(where, name, kind, obj[name])
        check_identity(resource, obj, where)


def check_identity(resource, obj, where):
    if "<id>" in resource or "id" not in obj:
        if "resource_uri" in obj:
            assert obj["resource_uri"].startswith(API + resource.split("/")[0] + "/"), obj
        return
    if resource in UUID_IDS:
        assert isinstance(obj["id"], str) and UUID.match(obj["id"]), (where, obj["id"])
    elif fields_of(resource).get("id") == "string":
        assert isinstance(obj["id"], str) and obj["id"], (where, obj["id"])
    else:
        assert isinstance(obj["id"], int) and not isinstance(obj["id"], bool), (where, obj["id"])
    assert obj["resource_uri"] == "%s%s%s/" % (API, resource, obj["id"]), (where, obj)


def get_all(sim, path):
    status, headers, page = sim.request("GET", path + "?limit=0")
    assert status == 200, (path, status, page)
    assert headers.get("Content-Type").startswith("application/json")
    assert set(page) == {"meta", "objects"}, page.keys()
    assert page["meta"]["total_count"] == len(page["objects"]), page["meta"]
    return page["objects"]


def test_top_level_resources(sim):
    found = {}
    for resource in REFERENCE:
        if "<id>" in resource:
            continue
        objects = get_all(sim, API + resource)
        check_objects(resource, objects, resource)
        found[resource] = objects
    # a busy platform has something in each of these
    for resource in ("status/v1/conference/", "status/v1/participant/", "status/v1/worker_vm/",
                     "status/v1/system_location/", "status/v1/conference_shard/",
                     "status/v1/management_vm/", "history/v1/conference/",
                     "history/v1/participant/", "history/v1/media_stream/"):
        assert found[resource], "%s is empty" % resource
    assert len(found["status/v1/licensing/"]) == 1, "licensing answers a list of one object"
    for name in EMPTY:
        assert get_all(sim, API + "status/v1/%s/" % name) == [], name
        status, _, schema = sim.get(API + "status/v1/%s/schema/" % name)
        assert status == 200 and schema["fields"], name
    return found


def test_details(sim, found):
    for resource, objects in found.items():
        for obj in objects[:3]:
            if "id" not in obj:
                continue
            status, _, detail = sim.get(API + resource + "%s/" % obj["id"])
            assert status == 200, (resource, obj["id"], status)
            assert detail["id"] == obj["id"] and detail["resource_uri"] == obj["resource_uri"]
            assert set(obj) <= set(detail), (resource, set(obj) - set(detail))
        assert sim.get(API + resource + "no-such-id/").status == 404, resource
        assert sim.get(API + resource + "999999/").status == 404, resource
    # participant details carry call-quality history that lists do not
    pid = found["status/v1/participant/"][0]["id"]
    assert "historic_call_quality" not in found["status/v1/participant/"][0]
    detail = sim.get(API + "status/v1/participant/%s/" % pid)[2]
    assert isinstance(detail["historic_call_quality"], list)
    assert isinstance(detail["bucketed_call_quality"], list)
    assert len(detail["bucketed_call_quality"]) == 5


def test_sub_collections(sim, found):
    subs = [("status/v1/participant/", "media_stream", "status/v1/participant/<id>/media_stream/"),
            ("status/v1/worker_vm/", "statistics", "status/v1/worker_vm/<id>/statistics/"),
            ("status/v1/system_location/", "statistics",
             "status/v1/system_location/<id>/statistics/"),
            ("status/v1/backplane/", "media_stream", "status/v1/backplane/<id>/media_stream/"),
            ("history/v1/participant/", "media_stream",
             "history/v1/participant/<id>/media_stream/")]
    for parent, sub, reference in subs:
        seen_any = False
        for obj in found[parent][:5]:
            objects = get_all(sim, "%s%s%s/%s/" % (API, parent, obj["id"], sub))
            check_objects(reference, objects, "%s%s/%s" % (parent, obj["id"], sub))
            seen_any = seen_any or bool(objects)
        if parent != "status/v1/backplane/" or found[parent]:
            assert seen_any, "no %s under any %s" % (sub, parent)
        assert sim.get("%s%sno-such-id/%s/" % (API, parent, sub)).status == 404
    # status media streams have string ids, history ones integers plus stream_id
    pid = found["status/v1/participant/"][0]["id"]
    streams = get_all(sim, API + "status/v1/participant/%s/media_stream/" % pid)
    assert all(isinstance(s["id"], str) for s in streams)
    hist = found["history/v1/media_stream/"]
    assert all(isinstance(s["id"], int) and isinstance(s["stream_id"], str) for s in hist)
    # embedded history media streams are full objects
    for p in found["history/v1/participant/"][:20]:
        check_objects("history/v1/media_stream/", p["media_streams"], "embedded media_streams")


def test_configuration(sim, found):
    for resource, names in CONFIGURATION.items():
        objects = get_all(sim, API + resource)
        assert objects, "%s is empty" % resource
        for obj in objects:
            for name in names:
                assert name in obj, (resource, name, obj)
            assert isinstance(obj["id"], int)
            assert obj["resource_uri"] == "%s%s%d/" % (API, resource, obj["id"])
        status, _, detail = sim.get(API + resource + "%d/" % objects[0]["id"])
        assert status == 200 and detail["id"] == objects[0]["id"]
    # participant media_node IPs map to configured Conferencing Nodes
    addresses = {w["address"] for w in get_all(sim, API + "configuration/v1/worker_vm/")}
    nodes = {p["media_node"] for p in found["status/v1/participant/"] if p["media_node"]}
    assert nodes and nodes <= addresses, nodes - addresses


def check_schema(schema, where, reference=None):
    assert set(("fields", "filtering", "ordering")) <= set(schema), (where, schema.keys())
    for name, field in schema["fields"].items():
        assert isinstance(field["type"], str) and isinstance(field["nullable"], bool), field
    for name, spec in schema["filtering"].items():
        assert name in schema["fields"], (where, name)
        assert spec in (1, 2) or (isinstance(spec, list) and spec), (where, name, spec)
    for name in schema["ordering"]:
        assert name in schema["fields"], (where, name)
    if reference:
        for name, kind in fields_of(reference).items():
            assert name in schema["fields"], (where, name)
            want = kind if kind in ("string", "integer", "float", "boolean", "datetime") \
                else "related"
            assert schema["fields"][name]["type"] == want, (where, name, schema["fields"][name])


def test_schemas(sim):
    status, _, top = sim.get(API + "schema/")
    assert status == 200
    for resource in REFERENCE:
        if "<id>" in resource:
            continue
        area, _, name = resource.strip("/").split("/")
        entry = top[area][name]
        assert entry["list_endpoint"] == API + resource
        status, _, schema = sim.request("GET", entry["schema"] + "?format=json")
        assert status == 200, entry
        check_schema(schema, resource, resource)
    for resource in CONFIGURATION:
        status, _, schema = sim.get(API + resource + "schema/")
        assert status == 200
        check_schema(schema, resource)
    # sub-collection schemas
    status, _, schema = sim.get(API + "status/v1/participant/x/media_stream/schema/")
    assert status == 200
    check_schema(schema, "media_stream", "status/v1/participant/<id>/media_stream/")
    # filters named by the document
    part = sim.get(API + "status/v1/participant/schema/")[2]
    assert part["filtering"]["conference"] == 1 and part["filtering"]["display_name"] == 1
    assert part["filtering"]["is_muted"] == ["exact"]
    assert "connect_time" in part["ordering"]
    hist = sim.get(API + "history/v1/participant/schema/")[2]
    assert hist["filtering"]["media_streams"] == 2 and hist["filtering"]["end_time"] == 1
    assert hist["fields"]["conference"]["related_type"] == "to_one"
    # command schemas
    for command in ("participant/dial", "participant/mute", "conference/lock",
                    "conference/transform_layout"):
        status, _, schema = sim.get(API + "command/v1/%s/schema/" % command)
        assert status == 200 and schema["allowed_list_http_methods"] == ["post"], command
        assert schema["fields"], command
    assert "destination" in sim.get(API + "command/v1/participant/dial/schema/")[2]["fields"]
    assert "participant/dial" in top["command"]
    assert sim.get(API + "command/v1/participant/nosuch/schema/").status == 404


def test_routing(sim):
    conf = API + "status/v1/conference/"
    base = sim.get(conf)[2]
    for path in (conf.rstrip("/"), conf + "?format=json", "/api//admin/status/v1//conference/"):
        status, _, page = sim.request("GET", path)
        assert status == 200 and page["meta"] == base["meta"], path
    cid = base["objects"][0]["id"]
    assert sim.get(conf + cid).status == 200
    for path in ("/", "/api/", API, API + "status/", API + "status/v2/conference/",
                 API + "nosuch/v1/conference/", API + "status/v1/nosuch/",
                 API + "status/v1/conference/%s/nosuch/" % cid,
                 API + "status/v1/conference/%s/a/b/c/" % cid, "/favicon.ico"):
        assert sim.get(path).status == 404, path
    # lists are read-only
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        status, headers, _ = sim.request(method, conf, body="{}")
        assert status == 405 and "GET" in headers.get("Allow", ""), (method, status)
    # area listings, like Tastypie's top level
    status, _, listing = sim.get(API + "status/v1/")
    assert status == 200 and listing["participant"]["list_endpoint"] == API + \
        "status/v1/participant/"


def main():
    with Pexsim("--static", "--conferences", "6", "--participants", "40", "--seed", "11") as sim:
        found = test_top_level_resources(sim)
        test_details(sim, found)
        test_sub_collections(sim, found)
        test_configuration(sim, found)
        test_schemas(sim)
        test_routing(sim)
    print("ok")


if __name__ == "__main__":
    main()
