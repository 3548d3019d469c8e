/* The generator: name tables and believable participant legs.
 *
 * Everything here draws from the world's seeded PRNG only, so the same seed
 * and the same sequence of calls give byte-identical JSON. */
#include "sim/world/world_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const first_names[] = {
    "Alice",  "Bob",    "Carla",  "David", "Emma",   "Farid",  "Grete",   "Hiroshi",
    "Ingrid", "Jonas",  "Kari",   "Liam",  "Maria",  "Nils",   "Olivia",  "Priya",
    "Quinn",  "Ravi",   "Sofia",  "Tomas", "Ulrike", "Victor", "Wei",     "Xavier",
    "Yasmin", "Zoltan", "Astrid", "Bjorn", "Chloe",  "Daniel", "Elif",    "Finn",
    "Grace",  "Hannah", "Isak",   "Julia", "Kenji",  "Lena",   "Mohamed", "Nora",
    "Oskar",  "Paula",  "Rachel", "Sven",  "Tariq",  "Una",    "Vera",    "Amara",
};

static const char *const last_names[] = {
    "Parkes",   "Hansen",   "Smith",     "Nakamura", "Olsen",    "Fischer",  "Garcia", "Patel",
    "Johansen", "Berg",     "Chen",      "Dubois",   "Kowalski", "Larsen",   "Muller", "Novak",
    "O'Brien",  "Rossi",    "Svensson",  "Tanaka",   "Weber",    "Andersen", "Brown",  "Costa",
    "Dahl",     "Evans",    "Haugen",    "Ivanova",  "Jensen",   "Khan",     "Lee",    "Moreau",
    "Nguyen",   "Pedersen", "Schneider", "Wong",
};

static const char *const room_kinds[] = {
    "Boardroom",  "Huddle Room 3",   "Meeting Room 4B", "Training Room",
    "Fjord Room", "Executive Suite", "Focus Room 12",   "Town Hall Stage",
    "Lab Room 2", "Studio A",        "Reception Desk",  "Project Room 7",
};

static const char *const location_names[][2] = {
    {"London", "lon"},    {"Oslo", "osl"},      {"New York", "nyc"}, {"Singapore", "sin"},
    {"Frankfurt", "fra"}, {"Sydney", "syd"},    {"Tokyo", "tyo"},    {"Amsterdam", "ams"},
    {"Dallas", "dfw"},    {"Sao Paulo", "sao"}, {"Mumbai", "bom"},   {"Toronto", "yyz"},
};

static const char *const canonical_vmrs[] = {
    "Weekly All Hands",    "Incident Bridge",      "Board Meeting",  "Sales Kickoff",
    "Engineering Standup", "Customer Escalations", "Product Review", "Support Huddle",
};

static const char *const teams[] = {
    "Finance", "Platform", "Sales EMEA",       "Marketing", "Support",     "Engineering", "Product",
    "Legal",   "HR",       "Design",           "Security",  "Operations",  "Data",        "Mobile",
    "Infra",   "Partner",  "Customer Success", "Research",  "Procurement", "APAC Sales",
};

static const char *const meetings[] = {
    "Weekly Sync", "Incident Bridge", "Daily Standup",    "Sprint Review", "Town Hall",
    "Planning",    "Retrospective",   "Quarterly Review", "Coffee Chat",   "Interview Room",
    "Training",    "Design Review",   "War Room",         "Office Hours",  "Leadership Call",
};

static const char *const browsers[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/91.0.4472.124 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/91.0.4472.114 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/91.0.4472.124 Safari/537.36 Edg/91.0.864.59",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:89.0) Gecko/20100101 Firefox/89.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/14.1.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/41.0.2272.101 Safari/537.36",
};

static const char *const pexip_apps[] = {
    "Pexip Infinity Connect/1.8.4 (Windows)",
    "Pexip Infinity Connect/1.8.4 (macOS)",
    "Pexip Connect App/2.4.1 (iOS 14.6)",
    "Pexip Connect App/2.4.1 (Android 11)",
};

static const char *const sip_rooms[] = {
    "Cisco Codec Pro/ce9.15.3.17",
    "TANDBERG/529 (ce9.15.3.17)",
    "Cisco Webex Room Kit/ce10.3.2.0",
    "Poly G7500/3.11.1",
    "PolycomRealPresenceGroup/6.2.2.6",
    "LifeSize Icon_600/LS_RM3_3.9.1 (0)",
    "Lifesize Cloud/3.12.1",
};

static const char *const h323_rooms[] = {
    "TANDBERG (Tandberg 257)",
    "Polycom HDX 8000 HD (3.1.14-58402)",
    "Polycom Group Series (6.2.2)",
    "LifeSize Express 220 (LS_EX2_4.12.3)",
};

static const char *const phones[] = {
    "Yealink SIP-T54W 96.86.0.100",
    "Cisco-CP8865/12.8.1",
    "Poly VVX 450 6.4.0",
    "Cisco-SIPGateway/IOS-15.9.3",
};

const char *sw_gen_pick(sim_world *w, const char *const *table, size_t n)
{
    return table[sw_rng_int(&w->rng, 0, (int)n - 1)];
}

const char *sw_gen_location_name(int i, char code[8])
{
    size_t n = sizeof(location_names) / sizeof(location_names[0]);
    snprintf(code, 8, "%s", location_names[(size_t)i % n][1]);
    if ((size_t)i < n)
        return location_names[i][0];
    return NULL; /* caller builds "Region N" */
}

void sw_gen_slug(const char *name, char *out, size_t cap)
{
    size_t o = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 2 < cap; p++) {
        if (isalnum(*p)) {
            if (dash && o > 0)
                out[o++] = '-';
            out[o++] = (char)tolower(*p);
            dash = false;
        } else {
            dash = true;
        }
    }
    out[o] = '\0';
}

const char *sw_gen_room_vendor(sim_world *w, bool h323)
{
    return h323 ? GEN_PICK(w, h323_rooms) : GEN_PICK(w, sip_rooms);
}

void sw_gen_person_name(sim_world *w, char *display, size_t dcap, char *alias, size_t acap)
{
    const char *f = GEN_PICK(w, first_names);
    const char *l = GEN_PICK(w, last_names);
    snprintf(display, dcap, "%s %s", f, l);
    char fs[32], ls[32];
    sw_gen_slug(f, fs, sizeof fs);
    sw_gen_slug(l, ls, sizeof ls);
    snprintf(alias, acap, "%s.%s@example.com", fs, ls);
}

void sw_gen_remote_ip(sim_world *w, char out[24])
{
    snprintf(out, 24, "10.%d.%d.%d", sw_rng_int(&w->rng, 100, 199), sw_rng_int(&w->rng, 0, 255),
             sw_rng_int(&w->rng, 2, 254));
}

/* A VMR name that is not taken yet: the canonical rooms first, then
 * team/meeting pairs, then personal rooms, then numbered ones. */
char *sw_gen_vmr_name(sim_world *w, const char **service_type)
{
    char buf[128];
    *service_type = "conference";
    for (int attempt = 0; attempt < 40; attempt++) {
        uint64_t serial = w->vmr_name_serial++;
        size_t ncanon = sizeof(canonical_vmrs) / sizeof(canonical_vmrs[0]);
        if (serial < ncanon) {
            snprintf(buf, sizeof buf, "%s", canonical_vmrs[serial]);
        } else if (sw_rng_chance(&w->rng, 0.6)) {
            snprintf(buf, sizeof buf, "%s %s", GEN_PICK(w, teams), GEN_PICK(w, meetings));
        } else {
            snprintf(buf, sizeof buf, "%s %s's Room", GEN_PICK(w, first_names),
                     GEN_PICK(w, last_names));
        }
        if (!sw_w_map_get(&w->vmr_by_name, buf))
            break;
        if (attempt == 39)
            snprintf(buf, sizeof buf, "Meeting Room %llu", (unsigned long long)serial);
    }
    if (strstr(buf, "Town Hall") || strstr(buf, "All Hands") || strstr(buf, "Training"))
        *service_type = "lecture";
    return strdup(buf);
}

/* ---- participant legs ---- */

w_kind sw_gen_kind(sim_world *w, const char *service_type)
{
    static const int wt_test[K_COUNT] = {5, 2, 3, 0, 4, 0, 0, 0, 0};
    static const int wt_reception[K_COUNT] = {3, 1, 2, 0, 2, 0, 4, 0, 0};
    static const int wt[K_COUNT] = {18, 6, 16, 14, 16, 8, 12, 1, 0};
    const int *weights = strcmp(service_type, "test_call") == 0           ? wt_test
                         : strcmp(service_type, "two_stage_dialing") == 0 ? wt_reception
                                                                          : wt;
    return sw_shape_kind(w, (w_kind)sw_rng_weighted(&w->rng, weights, K_COUNT));
}

int sw_gen_legs_for(w_kind k)
{
    return (k == K_WEBRTC_2LEG || k == K_MSSIP) ? 2 : 1;
}

static void room_name(sim_world *w, char *display, size_t dcap, char *alias, size_t acap)
{
    int li = sw_rng_int(&w->rng, 0, w->nlocs > 0 ? w->nlocs - 1 : 0);
    const char *city = w->nlocs > 0 ? w->locs[li].name : "Oslo";
    snprintf(display, dcap, "%s %s", city, GEN_PICK(w, room_kinds));
    char slug[96];
    sw_gen_slug(display, slug, sizeof slug);
    for (char *c = slug; *c; c++)
        if (*c == '-')
            *c = '.';
    snprintf(alias, acap, "%s@example.com", slug);
}

/* Fields every leg has, with neutral values the kind then adjusts. */
static void leg_defaults(sim_world *w, w_part *p, double now)
{
    json_t *o = p->obj;
    char uuid[37], uri[96];
    sw_rng_uuid(&w->rng, uuid);
    sw_jset_int(o, "bandwidth", 0);
    sw_jset_str(o, "call_direction", "in");
    sw_jset_str(o, "call_quality", "0_unknown");
    char tag[16] = "";
    if (sw_rng_chance(&w->rng, 0.15))
        snprintf(tag, sizeof tag, "tag%04x", (unsigned)(sw_rng_u64(&w->rng) & 0xffff));
    sw_jset_str(o, "call_tag", tag);
    sw_jset_str(o, "call_uuid", uuid);
    sw_jset_str(o, "conference", "");
    json_object_set_new(o, "connect_time", sw_w_iso_json(now, true));
    sw_jset_str(o, "conversation_id", uuid);
    sw_jset_str(o, "destination_alias", "");
    sw_jset_str(o, "display_name", "");
    sw_jset_str(o, "encryption", "On");
    sw_jset_bool(o, "has_media", true);
    sw_jset_str(o, "id", p->id);
    sw_jset_str(o, "idp_uuid", "");
    sw_jset_bool(o, "is_client_muted", sw_rng_chance(&w->rng, 0.08));
    sw_jset_bool(o, "is_direct", false);
    sw_jset_bool(o, "is_disconnect_supported", true);
    sw_jset_bool(o, "is_idp_authenticated", false);
    sw_jset_bool(o, "is_mute_supported", true);
    sw_jset_bool(o, "is_muted", false);
    sw_jset_bool(o, "is_on_hold", false);
    sw_jset_bool(o, "is_presentation_supported", true);
    sw_jset_bool(o, "is_presenting", false);
    sw_jset_bool(o, "is_recording", false);
    sw_jset_bool(o, "is_streaming", false);
    sw_jset_bool(o, "is_transcribing", false);
    sw_jset_bool(o, "is_transfer_supported", true);
    sw_jset_int(o, "license_count", 1);
    sw_jset_str(o, "license_type", "port");
    sw_jset_str(o, "media_node", "");
    sw_jset_str(o, "parent_id", "");
    sw_jset_str(o, "participant_alias", "");
    sw_jset_str(o, "protocol", "SIP");
    sw_jset_str(o, "proxy_node", "");
    sw_jset_str(o, "remote_address", "");
    sw_jset_int(o, "remote_port", 5060);
    snprintf(uri, sizeof uri, "/api/admin/status/v1/participant/%s/", p->id);
    sw_jset_str(o, "resource_uri", uri);
    sw_jset_str(o, "role", "chair");
    sw_jset_int(o, "rx_bandwidth", 0);
    sw_jset_str(o, "service_tag", "");
    sw_jset_str(o, "service_type", "conference");
    sw_jset_str(o, "signalling_node", "");
    sw_jset_str(o, "source_alias", "");
    sw_jset_str(o, "system_location", "");
    sw_jset_bool(o, "transcoding_enabled", true);
    sw_jset_int(o, "tx_bandwidth", 0);
    sw_jset_str(o, "vendor", "");
}

static void set_bandwidth(sim_world *w, json_t *o, int kbps)
{
    sw_jset_int(o, "bandwidth", kbps);
    sw_jset_int(o, "rx_bandwidth", kbps);
    sw_jset_int(o, "tx_bandwidth", kbps - sw_rng_int(&w->rng, 0, kbps / 8));
}

/* The far end as every kind describes it: its name, its alias (as dialled
 * and as seen), protocol, vendor and address. */
static void set_endpoint(json_t *o, const char *display, const char *alias, const char *protocol,
                         const char *vendor, const char *ip)
{
    sw_jset_str(o, "display_name", display);
    sw_jset_str(o, "participant_alias", alias);
    sw_jset_str(o, "source_alias", alias);
    sw_jset_str(o, "protocol", protocol);
    sw_jset_str(o, "vendor", vendor);
    sw_jset_str(o, "remote_address", ip);
}

/* A service the node calls out to (streaming, Teams) on port 443. */
static void set_service(json_t *o, const char *display, const char *alias, const char *protocol,
                        const char *vendor, const char *ip)
{
    set_endpoint(o, display, alias, protocol, vendor, ip);
    sw_jset_str(o, "call_direction", "out");
    sw_jset_int(o, "remote_port", 443);
}

static void kind_room(sim_world *w, w_part *p, bool h323)
{
    json_t *o = p->obj;
    char display[128], alias[160], ip[24];
    room_name(w, display, sizeof display, alias, sizeof alias);
    sw_gen_remote_ip(w, ip);
    if (h323 && sw_rng_chance(&w->rng, 0.4))
        snprintf(alias, sizeof alias, "47%08d", sw_rng_int(&w->rng, 10000000, 99999999));
    set_endpoint(o, display, alias, h323 ? "H323" : "SIP", sw_gen_room_vendor(w, h323), ip);
    sw_jset_int(o, "remote_port", h323 ? 1720 : (sw_rng_chance(&w->rng, 0.7) ? 5061 : 5060));
    if (h323 && sw_rng_chance(&w->rng, 0.3))
        sw_jset_str(o, "encryption", "Off");
    static const int bw[] = {1152, 1536, 1920, 2048, 2560, 4096};
    int kbps = bw[sw_rng_int(&w->rng, 0, 5)];
    set_bandwidth(w, o, kbps);
    p->tokens = kbps >= 2560 ? 8 : 4;
}

static void kind_webrtc(sim_world *w, w_part *p, w_part *head, int leg, bool app)
{
    json_t *o = p->obj;
    char display[128], alias[160], ip[24];
    const char *vendor;
    if (head) {
        snprintf(display, sizeof display, "%s", sw_wjson_str(head->obj, "display_name"));
        snprintf(ip, sizeof ip, "%s", sw_wjson_str(head->obj, "remote_address"));
        vendor = sw_wjson_str(head->obj, "vendor");
        sw_jset_str(o, "idp_uuid", sw_wjson_str(head->obj, "idp_uuid"));
        sw_jset_bool(o, "is_idp_authenticated", sw_wjson_bool(head->obj, "is_idp_authenticated"));
    } else {
        sw_gen_person_name(w, display, sizeof display, alias, sizeof alias);
        sw_gen_remote_ip(w, ip);
        vendor = app ? GEN_PICK(w, pexip_apps) : GEN_PICK(w, browsers);
        if (sw_rng_chance(&w->rng, 0.2)) {
            char idp[37];
            sw_rng_uuid(&w->rng, idp);
            sw_jset_str(o, "idp_uuid", idp);
            sw_jset_bool(o, "is_idp_authenticated", true);
        }
    }
    /* browsers show up as Infinity_Connect_<ip>; the app uses the person's alias */
    if (!app || head)
        snprintf(alias, sizeof alias, "Infinity_Connect_%s%s", leg > 0 ? "Media_" : "", ip);
    set_endpoint(o, display, alias, "WebRTC", vendor, ip);
    sw_jset_int(o, "remote_port", sw_rng_int(&w->rng, 49152, 65000));
    static const int bw[] = {576, 768, 1024, 1280, 1920};
    set_bandwidth(w, o, bw[sw_rng_int(&w->rng, 0, 4)]);
    p->tokens = 4;
    if (head) { /* media leg of a two-leg Infinity Connect call */
        sw_jset_str(o, "parent_id", head->id);
        sw_jset_str(o, "conversation_id", sw_wjson_str(head->obj, "call_uuid"));
    } else if (p->kind == K_WEBRTC_2LEG) { /* signalling leg: no media, no licence */
        sw_jset_bool(o, "has_media", false);
        sw_jset_int(o, "license_count", 0);
        sw_jset_str(o, "license_type", "nolicense");
        set_bandwidth(w, o, 0);
        p->tokens = 0;
    }
}

static void kind_mssip(sim_world *w, w_part *p, w_part *head)
{
    json_t *o = p->obj;
    char display[128], alias[160], ip[24];
    if (head) {
        snprintf(display, sizeof display, "%s", sw_wjson_str(head->obj, "display_name"));
        snprintf(alias, sizeof alias, "%s", sw_wjson_str(head->obj, "participant_alias"));
        snprintf(ip, sizeof ip, "%s", sw_wjson_str(head->obj, "remote_address"));
        /* the content (RDP/VBSS) leg shares the Skype conversation */
        sw_jset_str(o, "conversation_id", sw_wjson_str(head->obj, "conversation_id"));
        sw_jset_int(o, "license_count", 0);
        sw_jset_str(o, "license_type", "nolicense");
        sw_jset_bool(o, "is_mute_supported", false);
        set_bandwidth(w, o, 512);
        p->tokens = 1;
    } else {
        char a[128], conv[37];
        sw_gen_person_name(w, display, sizeof display, a, sizeof a);
        snprintf(alias, sizeof alias, "sip:%s", a);
        sw_gen_remote_ip(w, ip);
        sw_rng_uuid(&w->rng, conv); /* Skype conversation id differs from call_uuid */
        sw_jset_str(o, "conversation_id", conv);
        set_bandwidth(w, o, 1536);
        p->tokens = 4;
    }
    set_endpoint(o, display, alias, "MSSIP",
                 "UCCAPI/16.0.5095.1000 OC/16.0.5095.1000 (Skype for Business)", ip);
    sw_jset_int(o, "remote_port", 5061);
}

static void kind_phone(sim_world *w, w_part *p)
{
    json_t *o = p->obj;
    char display[128], alias[160], ip[24];
    int cc = sw_rng_int(&w->rng, 0, 2);
    static const char *const prefixes[] = {"+4420", "+4722", "+1212"};
    snprintf(alias, sizeof alias, "%s%07d@pstn.example.com", prefixes[cc],
             sw_rng_int(&w->rng, 1000000, 9999999));
    if (sw_rng_chance(&w->rng, 0.5)) {
        char a[128];
        sw_gen_person_name(w, display, sizeof display, a, sizeof a);
    } else {
        snprintf(display, sizeof display, "%.*s", (int)strcspn(alias, "@"), alias);
    }
    sw_gen_remote_ip(w, ip);
    set_endpoint(o, display, alias, "SIP", GEN_PICK(w, phones), ip);
    sw_jset_str(o, "license_type", "audio");
    sw_jset_bool(o, "is_presentation_supported", false);
    set_bandwidth(w, o, 64);
    p->tokens = 1;
}

static void kind_rtmp(sim_world *w, w_part *p)
{
    json_t *o = p->obj;
    char alias[160];
    snprintf(alias, sizeof alias, "rtmps://live.example.com/live2/%08llx",
             (unsigned long long)(sw_rng_u64(&w->rng) & 0xffffffffULL));
    set_service(o, "Live stream", alias, "RTMP", "Wowza Streaming Engine 4.8.12", "10.199.0.10");
    sw_jset_bool(o, "is_streaming", true);
    sw_jset_bool(o, "is_mute_supported", false);
    sw_jset_bool(o, "is_transfer_supported", false);
    sw_jset_bool(o, "is_presentation_supported", false);
    sw_jset_str(o, "role", "guest");
    set_bandwidth(w, o, 2048);
    p->tokens = 4;
}

static void kind_teams(sim_world *w, w_part *p)
{
    json_t *o = p->obj;
    char alias[160];
    snprintf(alias, sizeof alias, "teams.meeting.%09d@teams.example.com",
             sw_rng_int(&w->rng, 100000000, 999999999));
    set_service(o, "Microsoft Teams meeting", alias, "TEAMS", "Microsoft Teams CVI/1.0",
                "10.198.4.20");
    sw_jset_bool(o, "is_transfer_supported", false);
    set_bandwidth(w, o, 1920);
    p->tokens = 4;
}

w_part *sw_gen_leg(sim_world *w, w_kind k, int leg, w_part *head, double now)
{
    w_part *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->obj = json_object();
    if (!p->obj) {
        free(p);
        return NULL;
    }
    sw_rng_uuid(&w->rng, p->id);
    p->kind = k;
    p->group = head ? head : p;
    p->created = now;
    p->node = p->sig_node = -1;
    p->base_loss = sw_rng_chance(&w->rng, 0.8) ? sw_rng_range(&w->rng, 0, 0.002)
                                               : sw_rng_range(&w->rng, 0.002, 0.006);
    p->base_jitter = sw_rng_range(&w->rng, 1.0, 14.0);
    leg_defaults(w, p, now);
    switch (k) {
    case K_ROOM_SIP:
        kind_room(w, p, false);
        break;
    case K_ROOM_H323:
        kind_room(w, p, true);
        break;
    case K_WEBRTC:
    case K_WEBRTC_2LEG:
        kind_webrtc(w, p, leg > 0 ? head : NULL, leg, false);
        break;
    case K_PEXAPP:
        kind_webrtc(w, p, NULL, 0, true);
        break;
    case K_MSSIP:
        kind_mssip(w, p, leg > 0 ? head : NULL);
        break;
    case K_PHONE:
        kind_phone(w, p);
        break;
    case K_RTMP:
        kind_rtmp(w, p);
        break;
    case K_TEAMS:
    case K_COUNT:
        kind_teams(w, p);
        break;
    }
    return p;
}
