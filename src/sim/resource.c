/* The resource table and Tastypie schemas. See resource.h. */
#include "sim/resource.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

/* Field lists as the Management Node's schemas publish them (types from
 * pexip-api-fields.md). Types: string integer float boolean datetime list,
 * to_one:<area>/<name>, to_many:<area>/<name>. */
#define STATUS_MEDIA_STREAM                                                                        \
    "end_time:datetime id:string node:string rx_bitrate:integer rx_codec:string rx_fps:float "     \
    "rx_jitter:float rx_packet_loss:float rx_packets_lost:integer rx_packets_received:integer "    \
    "rx_resolution:string rx_windowed_packet_loss:float start_time:datetime tx_bitrate:integer "   \
    "tx_codec:string tx_fps:float tx_jitter:float tx_packet_loss:float tx_packets_lost:integer "   \
    "tx_packets_sent:integer tx_resolution:string tx_windowed_packet_loss:float type:string"

#define HISTORY_MEDIA_STREAM_COMMON                                                                \
    "end_time:datetime id:integer node:string resource_uri:string rx_bitrate:integer "             \
    "rx_codec:string rx_fps:float rx_packet_loss:float rx_packets_lost:integer "                   \
    "rx_packets_received:integer rx_resolution:string start_time:datetime stream_id:string "       \
    "stream_type:string tx_bitrate:integer tx_codec:string tx_fps:float tx_packet_loss:float "     \
    "tx_packets_lost:integer tx_packets_sent:integer tx_resolution:string"

typedef struct resource_spec {
    const char *area;
    const char *name;
    const char *parent; /* "area/name" of the parent for sub-collections, else NULL */
    const char *fields;
} resource_spec;

static const resource_spec resource_specs[] = {
    /* ---- status ---- */
    {"status", "alarm", NULL,
     "acknowledged:boolean details:string id:integer identifier:integer instance:string "
     "level:string name:string node:string resource_uri:string time_raised:datetime"},
    {"status", "backplane", NULL,
     "conference:string connect_time:datetime id:string media_node:string protocol:string "
     "proxy_node:string remote_conference_name:string remote_media_node:string "
     "remote_node_name:string resource_uri:string service_tag:string system_location:string "
     "type:string"},
    {"status", "media_stream", "status/backplane", STATUS_MEDIA_STREAM},
    {"status", "cloud_monitored_location", NULL,
     "free_hd_calls:integer id:integer max_hd_calls:integer media_load:integer name:string "
     "overflow_location:to_one:status/cloud_overflow_location resource_uri:string"},
    {"status", "cloud_node", NULL,
     "aws_instance_id:string aws_instance_ip:string aws_instance_launch_time:datetime "
     "aws_instance_name:string aws_instance_state:string cloud_instance_id:string "
     "cloud_instance_ip:string cloud_instance_launch_time:datetime cloud_instance_name:string "
     "cloud_instance_state:string max_hd_calls:integer media_load:integer resource_uri:string "
     "workervm_configuration_id:integer workervm_configuration_location_name:string "
     "workervm_configuration_name:string"},
    {"status", "cloud_overflow_location", NULL,
     "free_hd_calls:integer id:integer max_hd_calls:integer media_load:integer name:string "
     "resource_uri:string systemlocation_id:integer"},
    {"status", "conference", NULL,
     "direct_media_available:boolean guests_muted:boolean id:string is_locked:boolean "
     "is_started:boolean name:string resource_uri:string service_type:string "
     "start_time:datetime tag:string"},
    {"status", "conference_shard", NULL,
     "conference:string guests_muted:boolean id:string is_direct:boolean is_locked:boolean "
     "is_started:boolean node:string resource_uri:string service_type:string "
     "start_time:datetime system_location:string tag:string transcoding_enabled:boolean"},
    {"status", "licensing", NULL,
     "audio_count:integer audio_total:integer customlayouts_active:boolean ghm_count:integer "
     "ghm_total:integer googletrustedjoin_active:boolean otj_count:integer otj_total:integer "
     "port_count:integer port_total:integer scheduling_count:integer scheduling_total:integer "
     "system_count:integer system_total:integer teams_count:integer teams_total:integer "
     "telehealth_count:integer telehealth_total:integer vmr_count:integer vmr_total:integer "
     "zoomtrustedjoin_active:boolean"},
    {"status", "management_vm", NULL,
     "configuration_id:integer id:integer last_attempted_contact:datetime "
     "last_updated:datetime name:string primary:boolean resource_uri:string sync_status:string "
     "upgrade_status:string version:string"},
    {"status", "participant", NULL,
     "bandwidth:integer call_direction:string call_quality:string call_tag:string "
     "call_uuid:string conference:string connect_time:datetime conversation_id:string "
     "destination_alias:string display_name:string encryption:string has_media:boolean "
     "id:string idp_uuid:string is_client_muted:boolean is_direct:boolean "
     "is_disconnect_supported:boolean is_idp_authenticated:boolean is_mute_supported:boolean "
     "is_muted:boolean is_on_hold:boolean is_presentation_supported:boolean "
     "is_presenting:boolean is_recording:boolean is_streaming:boolean is_transcribing:boolean "
     "is_transfer_supported:boolean license_count:integer license_type:string "
     "media_node:string parent_id:string participant_alias:string protocol:string "
     "proxy_node:string remote_address:string remote_port:integer resource_uri:string "
     "role:string rx_bandwidth:integer service_tag:string service_type:string "
     "signalling_node:string source_alias:string system_location:string "
     "transcoding_enabled:boolean tx_bandwidth:integer vendor:string "
     "historic_call_quality:list bucketed_call_quality:list"},
    {"status", "media_stream", "status/participant", STATUS_MEDIA_STREAM},
    {"status", "registration_alias", NULL,
     "alias:string id:integer is_natted:boolean node:string protocol:string push_token:string "
     "registration_id:string remote_address:string resource_uri:string start_time:datetime "
     "username:string vendor:string"},
    {"status", "system_location", NULL,
     "id:integer max_audio_calls:integer max_connections:string max_full_hd_calls:integer "
     "max_hd_calls:integer max_media_tokens:integer max_sd_calls:integer media_load:float "
     "media_tokens_used:integer name:string resource_uri:string"},
    {"status", "statistics", "status/system_location", "media_load:float"},
    /* Resources a Management Node serves that this simulated platform has
     * none of: empty lists, but real schemas and filters. */
    {"status", "backup_request", NULL,
     "created_at:datetime download_uri:string message:string resource_uri:string state:string "
     "updated_at:datetime"},
    {"status", "conference_sync", NULL,
     "configuration_id:integer devices_created:integer devices_deleted:integer "
     "devices_unchanged:integer devices_updated:integer end_users_created:integer "
     "end_users_deleted:integer end_users_unchanged:integer end_users_updated:integer "
     "id:integer last_updated:datetime resource_uri:string sync_errors:integer "
     "sync_last_error_description:string sync_progress:integer sync_status:string "
     "vmrs_created:integer vmrs_deleted:integer vmrs_unchanged:integer vmrs_updated:integer"},
    {"status", "exchange_scheduler", NULL,
     "exchange_connector_id:integer id:integer last_modified_time:datetime resource_uri:string"},
    {"status", "mjx_endpoint", NULL,
     "endpoint_address:string endpoint_name:string endpoint_type:string id:integer "
     "last_contact_time:datetime last_worker:string mjx_integration_name:string "
     "number_of_meetings:integer resource_uri:string room_email:string"},
    {"status", "mjx_meeting", NULL,
     "alias:string end_time:datetime endpoint_name:string id:integer "
     "last_modified_time:datetime matched_meeting_processing_rule:string meeting_id:string "
     "mjx_integration_id:integer mjx_integration_name:string organizer_email:string "
     "organizer_name:string resource_uri:string room_email:string start_time:datetime "
     "subject:string worker_id:integer"},
    {"status", "scheduling_operation", NULL,
     "creation_time:datetime error_code:string error_description:string id:integer "
     "resource_id:integer resource_uri:string success:boolean transaction_uuid:string"},
    {"status", "snapshot_request", NULL,
     "created_at:datetime download_uri:string message:string resource_uri:string state:string "
     "updated_at:datetime"},
    {"status", "teamsnode", NULL,
     "call_count:integer eventhub_id:string heartbeat_time:datetime id:string "
     "instance_status:string ip_address:string max_calls:integer media_load:integer "
     "name:string private_ip_address:string resource_uri:string scaleset_id:string "
     "start_time:datetime state:string"},
    {"status", "teamsnode_call", NULL,
     "destination:string heartbeat_time:datetime id:string resource_uri:string source:string "
     "start_time:datetime state:string teamsnode_id:string"},
    {"status", "teamsnodedsc", NULL,
     "details:string failing_resources:string last_contact:datetime resource_uri:string "
     "status:string teamsnode_id:to_one:status/teamsnode"},
    {"status", "worker_vm", NULL,
     "boot_time:datetime configuration_id:integer cpu_capabilities:string cpu_count:integer "
     "cpu_model:string deploy_status:string hypervisor:string id:integer "
     "last_attempted_contact:datetime last_updated:datetime maintenance_mode:boolean "
     "maintenance_mode_reason:string max_audio_calls:integer max_direct_participants:integer "
     "max_full_hd_calls:integer max_hd_calls:integer max_media_tokens:integer "
     "max_sd_calls:integer media_load:integer media_tokens_used:integer name:string "
     "node_type:string resource_uri:string signaling_count:integer sync_status:string "
     "system_location:string total_ram:integer upgrade_status:string version:string"},
    {"status", "statistics", "status/worker_vm", "media_load:float"},
    /* ---- history ---- */
    {"history", "alarm", NULL,
     "details:string id:integer identifier:integer instance:string level:string name:string "
     "node:string resource_uri:string time_lowered:datetime time_raised:datetime"},
    {"history", "backplane", NULL,
     "conference:to_one:history/conference conference_name:string disconnect_reason:string "
     "duration:integer end_time:datetime id:string media_node:string "
     "media_streams:to_many:history/backplane_media_stream protocol:string proxy_node:string "
     "remote_conference_name:string remote_media_node:string remote_node_name:string "
     "resource_uri:string service_tag:string start_time:datetime system_location:string "
     "type:string"},
    {"history", "media_stream", "history/backplane",
     "backplane:to_one:history/backplane " HISTORY_MEDIA_STREAM_COMMON},
    {"history", "backplane_media_stream", NULL,
     "backplane:to_one:history/backplane " HISTORY_MEDIA_STREAM_COMMON},
    {"history", "conference", NULL,
     "direct_media_available:boolean duration:integer end_time:datetime id:string "
     "instant_message_count:integer name:string participant_count:integer "
     "participants:to_many:history/participant resource_uri:string service_type:string "
     "start_time:datetime tag:string"},
    {"history", "media_stream", NULL,
     "participant:to_one:history/participant " HISTORY_MEDIA_STREAM_COMMON},
    {"history", "participant", NULL,
     "av_id:string bandwidth:integer call_direction:string call_quality:string "
     "call_tag:string call_uuid:string conference:to_one:history/conference "
     "conference_name:string conversation_id:string disconnect_reason:string "
     "display_name:string duration:integer encryption:string end_time:datetime "
     "has_media:boolean id:string idp_uuid:string is_direct:boolean "
     "is_idp_authenticated:boolean is_streaming:boolean license_count:integer "
     "license_type:string local_alias:string media_node:string "
     "media_streams:to_many:history/media_stream parent_id:string presentation_id:string "
     "protocol:string proxy_node:string remote_address:string remote_alias:string "
     "remote_port:integer resource_uri:string role:string rx_bandwidth:integer "
     "service_tag:string service_type:string signalling_node:string start_time:datetime "
     "system_location:string transcoding_enabled:boolean tx_bandwidth:integer vendor:string "
     "historic_call_quality:list bucketed_call_quality:list"},
    {"history", "media_stream", "history/participant",
     "participant:to_one:history/participant " HISTORY_MEDIA_STREAM_COMMON},
    {"history", "registration_alias", NULL,
     "alias:string end_time:datetime id:integer is_natted:boolean node:string protocol:string "
     "registration_id:string remote_address:string resource_uri:string start_time:datetime "
     "username:string vendor:string"},
    {"history", "workervm_status_event", NULL,
     "context:string details:string event_type:string id:integer resource_uri:string "
     "state:string time_changed:datetime workervm_address:string "
     "workervm_configuration_id:integer workervm_configuration_location_name:string "
     "workervm_configuration_name:string"},
    /* ---- configuration ---- */
    {"configuration", "conference", NULL,
     "aliases:to_many:configuration/conference_alias allow_guests:boolean "
     "automatic_participants:list call_type:string creation_time:datetime crypto_mode:string "
     "description:string enable_active_speaker_indication:boolean enable_chat:string "
     "enable_overlay_text:boolean force_presenter_into_main:boolean guest_pin:string "
     "guest_view:string guests_can_present:boolean host_view:string id:integer "
     "ivr_theme:string match_string:string max_callrate_in:integer max_callrate_out:integer "
     "max_pixels_per_second:string mute_all_guests:boolean name:string "
     "participant_limit:integer pin:string primary_owner_email_address:string "
     "replace_string:string resource_uri:string service_type:string sync_tag:string "
     "system_location:to_one:configuration/system_location tag:string"},
    {"configuration", "conference_alias", NULL,
     "alias:string conference:to_one:configuration/conference creation_time:datetime "
     "description:string id:integer resource_uri:string"},
    {"configuration", "system_location", NULL,
     "description:string dns_servers:list h323_gatekeeper:string id:integer "
     "local_mssip_domain:string mtu:integer name:string ntp_servers:list resource_uri:string "
     "sip_proxy:string snmp_network_management_system:string "
     "transcoding_location:to_one:configuration/system_location"},
    {"configuration", "worker_vm", NULL,
     "address:string alternative_fqdn:string deployment_type:string description:string "
     "domain:string enable_distributed_database:boolean enable_ssh:string gateway:string "
     "hostname:string id:integer ipv6_address:string ipv6_gateway:string "
     "maintenance_mode:boolean maintenance_mode_reason:string media_priority_weight:integer "
     "name:string netmask:string node_type:string resource_uri:string "
     "secondary_address:string secondary_netmask:string "
     "system_location:to_one:configuration/system_location transcoding:boolean "
     "vm_cpu_count:integer vm_system_memory:integer"},
};

#define NSPECS (sizeof resource_specs / sizeof resource_specs[0])

/* Commands and their fields (for …/command/v1/<group>/<cmd>/schema/). */
static const struct {
    const char *name;
    const char *fields;
} command_specs[] = {
    {"conference/disconnect", "conference_id:string"},
    {"conference/lock", "conference_id:string"},
    {"conference/unlock", "conference_id:string"},
    {"conference/mute_guests", "conference_id:string"},
    {"conference/unmute_guests", "conference_id:string"},
    {"conference/transform_layout",
     "ai_enabled_indicator:boolean conference_id:string enable_overlay_text:boolean "
     "free_form_overlay_text:string guest_layout:string host_layout:string layout:string "
     "live_captions_indicator:boolean plus_n_pip_enabled:boolean recording_indicator:boolean "
     "streaming_indicator:boolean transcribing_indicator:boolean"},
    {"conference/sync", "conference_sync_template_id:string"},
    {"conference/send_conference_email",
     "conference_id:integer conference_sync_template_id:integer"},
    {"conference/send_device_email", "conference_sync_template_id:integer device_id:integer"},
    {"participant/dial",
     "call_type:string conference_alias:string custom_sip_headers:string destination:string "
     "dtmf_sequence:string keep_conference_alive:string local_display_name:string node:string "
     "presentation_url:string protocol:string remote_display_name:string role:string "
     "routing:string streaming:boolean system_location:string"},
    {"participant/disconnect", "participant_id:string"},
    {"participant/mute", "participant_id:string"},
    {"participant/unmute", "participant_id:string"},
    {"participant/unlock", "participant_id:string"},
    {"participant/role", "participant_id:string role:string"},
    {"participant/transfer", "conference_alias:string participant_id:string role:string"},
    {"platform/backup_create", "passphrase:string request:boolean"},
    {"platform/backup_restore", "package:string passphrase:string"},
    {"platform/certificates_import", "bundle:string private_key_passphrase:string"},
    {"platform/snapshot",
     "end_limit:integer include_diagnostic_metrics:boolean limit:integer request:boolean"},
    {"platform/software_bundle", "package:string"},
    {"platform/start_cloudnode", "instance_id:string"},
    {"platform/upgrade", "package:string request:boolean total_size:integer"},
};

#define NCOMMANDS (sizeof command_specs / sizeof command_specs[0])

static const char *const spec_names[SIM_SPEC_COUNT] = {
    "exact",     "iexact", "contains", "icontains", "startswith", "istartswith", "endswith",
    "iendswith", "regex",  "iregex",   "lt",        "lte",        "gt",          "gte"};

static const char *const type_names[] = {"string",   "integer", "float",   "boolean",
                                         "datetime", "related", "related", "list"};

static sim_resource table[NSPECS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

const char *sim_spec_name(sim_spec s)
{
    return (unsigned)s < SIM_SPEC_COUNT ? spec_names[s] : "?";
}

int sim_spec_from_name(const char *name)
{
    for (int i = 0; i < SIM_SPEC_COUNT; i++)
        if (strcmp(spec_names[i], name) == 0)
            return i;
    return -1;
}

const char *sim_field_type_name(sim_field_type t)
{
    return (unsigned)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "string";
}

/* Which filters and orderings a field allows follows from its type; the
 * identity fields never take part in ordering. */
static void field_apply_policy(sim_field *f)
{
    f->nullable = strcmp(f->name, "id") != 0 && strcmp(f->name, "resource_uri") != 0;
    f->orderable = true;
    f->filter_specs = SIM_SPECS_ALL;
    f->with_relations = false;
    switch (f->type) {
    case SIM_FT_BOOLEAN:
        f->filter_specs = SIM_SPEC_BIT(SIM_SPEC_EXACT);
        break;
    case SIM_FT_TO_ONE:
        f->filter_specs = SIM_SPEC_BIT(SIM_SPEC_EXACT);
        f->with_relations = true;
        f->orderable = false;
        break;
    case SIM_FT_TO_MANY:
        f->filter_specs = 0;
        f->with_relations = true;
        f->orderable = false;
        break;
    case SIM_FT_LIST:
        f->filter_specs = 0;
        f->orderable = false;
        break;
    default:
        break;
    }
    if (strcmp(f->name, "resource_uri") == 0) {
        f->filter_specs = 0;
        f->orderable = false;
    }
}

static sim_field_type type_from_name(const char *t, const char **target)
{
    *target = NULL;
    if (strncmp(t, "to_one:", 7) == 0) {
        *target = t + 7;
        return SIM_FT_TO_ONE;
    }
    if (strncmp(t, "to_many:", 8) == 0) {
        *target = t + 8;
        return SIM_FT_TO_MANY;
    }
    static const struct {
        const char *n;
        sim_field_type t;
    } simple[] = {{"string", SIM_FT_STRING},     {"integer", SIM_FT_INTEGER},
                  {"float", SIM_FT_FLOAT},       {"boolean", SIM_FT_BOOLEAN},
                  {"datetime", SIM_FT_DATETIME}, {"list", SIM_FT_LIST}};
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        if (strcmp(simple[i].n, t) == 0)
            return simple[i].t;
    return SIM_FT_STRING;
}

static const sim_resource *find_by_key(const char *areaname)
{
    for (size_t i = 0; i < NSPECS; i++) {
        const sim_resource *r = &table[i];
        size_t al = strlen(r->area);
        if (!r->is_sub && strncmp(areaname, r->area, al) == 0 && areaname[al] == '/' &&
            strcmp(areaname + al + 1, r->name) == 0)
            return r;
    }
    return NULL;
}

/* Split "a:type b:to_one:x/y ..." into fields; targets resolve in a second pass. */
static void parse_fields(const char *spec, sim_field **out, size_t *n, char ***targets)
{
    size_t cap = 1;
    for (const char *p = spec; *p; p++)
        cap += *p == ' ';
    sim_field *fields = xcalloc(cap, sizeof *fields);
    char **tg = xcalloc(cap, sizeof *tg);
    size_t count = 0;
    const char *p = spec;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0)
            break;
        char *word = xstrndup(p, len);
        char *colon = strchr(word, ':');
        const char *type = colon ? colon + 1 : "string";
        if (colon)
            *colon = '\0';
        const char *target;
        fields[count].type = type_from_name(type, &target);
        tg[count] = target ? xstrdup(target) : NULL;
        fields[count].name = word; /* owns the buffer; the type part is no longer needed */
        field_apply_policy(&fields[count]);
        count++;
        p += len;
    }
    *out = fields;
    *n = count;
    *targets = tg;
}

static char *join_path(const char *area, const char *name, const sim_resource *parent)
{
    char buf[256];
    if (parent)
        snprintf(buf, sizeof buf, "%s<id>/%s/", parent->path, name);
    else
        snprintf(buf, sizeof buf, "/api/admin/%s/v1/%s/", area, name);
    return xstrdup(buf);
}

static void table_build(void)
{
    char **targets[NSPECS];
    for (size_t i = 0; i < NSPECS; i++) {
        const resource_spec *s = &resource_specs[i];
        sim_resource *r = &table[i];
        r->area = s->area;
        r->name = s->name;
        r->is_sub = s->parent != NULL;
        parse_fields(s->fields, &r->fields, &r->nfields, &targets[i]);
    }
    for (size_t i = 0; i < NSPECS; i++) {
        sim_resource *r = &table[i];
        const resource_spec *s = &resource_specs[i];
        r->parent = s->parent ? find_by_key(s->parent) : NULL;
        r->path = join_path(r->area, r->name, r->parent);
        char key[128];
        if (r->parent)
            snprintf(key, sizeof key, "%s/%s", r->parent->key, r->name);
        else
            snprintf(key, sizeof key, "%s/%s", r->area, r->name);
        r->key = xstrdup(key);
        for (size_t f = 0; f < r->nfields; f++) {
            if (targets[i] && targets[i][f]) {
                r->fields[f].related = find_by_key(targets[i][f]);
                free(targets[i][f]);
            }
        }
        free(targets[i]);
    }
}

static void table_ready(void)
{
    pthread_once(&table_once, table_build);
}

const sim_resource *sim_resource_find(const char *area, const char *name)
{
    table_ready();
    for (size_t i = 0; i < NSPECS; i++)
        if (!table[i].is_sub && strcmp(table[i].area, area) == 0 &&
            strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

const sim_resource *sim_resource_find_sub(const sim_resource *parent, const char *sub)
{
    table_ready();
    for (size_t i = 0; i < NSPECS; i++)
        if (table[i].is_sub && table[i].parent == parent && strcmp(table[i].name, sub) == 0)
            return &table[i];
    return NULL;
}

size_t sim_resource_count(void)
{
    table_ready();
    size_t n = 0;
    for (size_t i = 0; i < NSPECS; i++)
        n += !table[i].is_sub;
    return n;
}

const sim_resource *sim_resource_at(size_t idx)
{
    table_ready();
    for (size_t i = 0; i < NSPECS; i++) {
        if (table[i].is_sub)
            continue;
        if (idx-- == 0)
            return &table[i];
    }
    return NULL;
}

const sim_field *sim_resource_field(const sim_resource *r, const char *name)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return &r->fields[i];
    return NULL;
}

static json_t *field_schema(const sim_field *f, bool readonly)
{
    json_t *o = json_pack("{s:b, s:s, s:b, s:b, s:s, s:b}", "blank", 0, "help_text", "", "nullable",
                          f->nullable, "readonly", readonly, "type", sim_field_type_name(f->type),
                          "unique", strcmp(f->name, "id") == 0);
    if (!o)
        return NULL;
    if (f->type == SIM_FT_TO_ONE || f->type == SIM_FT_TO_MANY)
        json_object_set_new(o, "related_type",
                            json_string(f->type == SIM_FT_TO_ONE ? "to_one" : "to_many"));
    return o;
}

static json_t *filtering_entry(const sim_field *f)
{
    if (f->with_relations)
        return json_integer(2);
    if (f->filter_specs == SIM_SPECS_ALL)
        return json_integer(1);
    json_t *list = json_array();
    for (int s = 0; s < SIM_SPEC_COUNT && list; s++)
        if (f->filter_specs & SIM_SPEC_BIT(s))
            json_array_append_new(list, json_string(sim_spec_name((sim_spec)s)));
    return list;
}

json_t *sim_resource_schema(const sim_resource *r)
{
    json_t *fields = json_object(), *filtering = json_object(), *ordering = json_array();
    json_t *schema = json_pack("{s:[s], s:[s], s:s, s:i}", "allowed_detail_http_methods", "get",
                               "allowed_list_http_methods", "get", "default_format",
                               "application/json", "default_limit", 20);
    if (!fields || !filtering || !ordering || !schema) {
        json_decref(fields);
        json_decref(filtering);
        json_decref(ordering);
        json_decref(schema);
        return NULL;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        const sim_field *f = &r->fields[i];
        json_object_set_new(fields, f->name, field_schema(f, true));
        if (f->filter_specs || f->with_relations)
            json_object_set_new(filtering, f->name, filtering_entry(f));
        if (f->orderable)
            json_array_append_new(ordering, json_string(f->name));
    }
    json_object_set_new(schema, "fields", fields);
    json_object_set_new(schema, "filtering", filtering);
    json_object_set_new(schema, "ordering", ordering);
    return schema;
}

const char *sim_command_at(size_t i)
{
    return i < NCOMMANDS ? command_specs[i].name : NULL;
}

json_t *sim_command_schema(const char *command)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(command_specs[i].name, command) != 0)
            continue;
        sim_field *fields;
        size_t n;
        char **targets;
        parse_fields(command_specs[i].fields, &fields, &n, &targets);
        json_t *fo = json_object();
        for (size_t f = 0; f < n; f++) {
            fields[f].nullable = true;
            json_object_set_new(fo, fields[f].name, field_schema(&fields[f], false));
            free(fields[f].name);
            free(targets[f]);
        }
        free(fields);
        free(targets);
        return json_pack("{s:[], s:[s], s:s, s:o}", "allowed_detail_http_methods",
                         "allowed_list_http_methods", "post", "default_format", "application/json",
                         "fields", fo);
    }
    return NULL;
}
