#include "cli/resources.h"

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/timeutil.h"
#include "model/history.h"
#include "model/nodes.h"
#include "model/participants.h"
#include "model/quality.h"

#include <stdio.h>
#include <string.h>

#define COL(key, field, kind, header, prio, minw, maxw, right)                                     \
    {                                                                                              \
        key, field, kind,                                                                          \
        {                                                                                          \
            header, prio, minw, maxw, right                                                        \
        }                                                                                          \
    }
#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* Columns that several resources show alike, spelled once: the name (its
 * widths differ between services and nodes), the load, and the id (numbers
 * align right, UUIDs left). */
#define COL_NAME(minw, maxw) COL("name", "name", CELL_FIELD, "NAME", 1, minw, maxw, false)
#define COL_LOAD(prio) COL("load", "media_load", CELL_FIELD, "LOAD%", prio, 0, 0, true)
#define COL_ID(prio, right) COL("id", "id", CELL_FIELD, "ID", prio, 0, 0, right)
/* The head of an alarm, active or past. */
#define ALARM_HEAD_COLS                                                                            \
    COL("level", "level", CELL_FIELD, "LEVEL", 1, 0, 10, false), COL_NAME(12, 40),                 \
        COL("node", "node", CELL_NODE, "NODE", 2, 8, 24, false),                                   \
        COL("raised", "time_raised", CELL_TIME, "RAISED", 2, 0, 0, false)
/* The head of a cloud bursting location, monitored or overflow. */
#define CLOUD_LOCATION_HEAD_COLS                                                                   \
    COL_NAME(10, 32), COL_LOAD(1),                                                                 \
        COL("free_hd", "free_hd_calls", CELL_FIELD, "FREE HD", 2, 0, 0, true),                     \
        COL("max_hd", "max_hd_calls", CELL_FIELD, "MAX HD", 2, 0, 0, true)

/* Priorities: 1 always shown; 2..6 dropped from 6 down as the terminal
 * narrows. min_width: how far a text column may be cut before columns are
 * dropped instead. */
static const cli_column_def conference_cols[] = {
    COL_NAME(12, 40),
    COL("type", "service_type", CELL_FIELD, "TYPE", 3, 0, 16, false),
    COL("state", NULL, CELL_CONF_STATE, "STATE", 2, 0, 0, false),
    COL("duration", "start_time", CELL_ELAPSED, "DURATION", 2, 0, 0, true),
    COL("started", "start_time", CELL_TIME, "STARTED", 5, 0, 0, false),
    COL("tag", "tag", CELL_FIELD, "TAG", 6, 6, 20, false),
    COL_ID(4, false),
};

static const cli_column_def participant_cols[] = {
    COL("name", "display_name", CELL_FIELD, "NAME", 1, 12, 32, false),
    COL("conference", "conference", CELL_FIELD, "CONFERENCE", 2, 10, 24, false),
    COL("role", "role", CELL_FIELD, "ROLE", 2, 0, 0, false),
    COL("state", NULL, CELL_PARTICIPANT_STATE, "STATE", 2, 0, 0, false),
    COL("quality", "call_quality", CELL_QUALITY, "QUALITY", 2, 0, 0, false),
    COL("protocol", "protocol", CELL_FIELD, "PROTOCOL", 3, 0, 0, false),
    COL("duration", "connect_time", CELL_ELAPSED, "DURATION", 3, 0, 0, true),
    COL("alias", "source_alias", CELL_FIELD, "ALIAS", 5, 10, 32, false),
    COL("remote", "remote_address", CELL_FIELD, "REMOTE", 6, 0, 0, false),
    COL("media_node", "media_node", CELL_NODE, "MEDIA NODE", 5, 8, 20, false),
    COL("location", "system_location", CELL_FIELD, "LOCATION", 6, 8, 20, false),
    COL_ID(4, false),
};

static const cli_column_def media_cols[] = {
    COL_ID(1, true),
    COL("type", "type", CELL_FIELD, "TYPE", 1, 0, 0, false),
    COL("quality", NULL, CELL_STREAM_QUALITY, "QUALITY", 1, 0, 0, false),
    COL("rx_codec", "rx_codec", CELL_FIELD, "RX CODEC", 2, 0, 0, false),
    COL("rx_bitrate", "rx_bitrate", CELL_FIELD, "RX KBPS", 2, 0, 0, true),
    COL("rx_resolution", "rx_resolution", CELL_FIELD, "RX RES", 4, 0, 0, false),
    COL("rx_loss", "rx_windowed_packet_loss", CELL_FIELD, "RX LOSS%", 2, 0, 0, true),
    COL("rx_jitter", "rx_jitter", CELL_FIELD, "RX JITTER", 3, 0, 0, true),
    COL("tx_codec", "tx_codec", CELL_FIELD, "TX CODEC", 2, 0, 0, false),
    COL("tx_bitrate", "tx_bitrate", CELL_FIELD, "TX KBPS", 2, 0, 0, true),
    COL("tx_resolution", "tx_resolution", CELL_FIELD, "TX RES", 4, 0, 0, false),
    COL("tx_loss", "tx_windowed_packet_loss", CELL_FIELD, "TX LOSS%", 2, 0, 0, true),
    COL("tx_jitter", "tx_jitter", CELL_FIELD, "TX JITTER", 3, 0, 0, true),
    COL("node", "node", CELL_NODE, "NODE", 5, 8, 20, false),
};

static const cli_column_def node_cols[] = {
    COL_NAME(10, 32),
    COL("location", "system_location", CELL_FIELD, "LOCATION", 2, 8, 24, false),
    COL_LOAD(1),
    COL("type", "node_type", CELL_FIELD, "TYPE", 4, 0, 16, false),
    COL("sync", "sync_status", CELL_FIELD, "SYNC", 3, 0, 16, false),
    COL("deploy", "deploy_status", CELL_FIELD, "DEPLOY", 4, 0, 16, false),
    COL("maintenance", "maintenance_mode", CELL_YESNO, "MAINT", 3, 0, 0, false),
    COL("version", "version", CELL_FIELD, "VERSION", 4, 0, 16, false),
    COL("last_contact", "last_attempted_contact", CELL_NODE_CONTACT, "LAST CONTACT", 5, 0, 0,
        false),
    COL_ID(5, true),
};

static const cli_column_def location_cols[] = {
    COL_NAME(10, 32),
    COL_LOAD(1),
    COL("tokens", "media_tokens_used", CELL_FIELD, "TOKENS", 2, 0, 0, true),
    COL("max_tokens", "max_media_tokens", CELL_FIELD, "MAX TOKENS", 3, 0, 0, true),
    COL("max_hd", "max_hd_calls", CELL_FIELD, "MAX HD", 3, 0, 0, true),
    COL("max_audio", "max_audio_calls", CELL_FIELD, "MAX AUDIO", 4, 0, 0, true),
    COL_ID(5, true),
};

static const cli_column_def alarm_cols[] = {
    ALARM_HEAD_COLS,
    COL("details", "details", CELL_FIELD, "DETAILS", 3, 10, 60, false),
    COL("acknowledged", "acknowledged", CELL_YESNO, "ACK", 4, 0, 0, false),
    COL_ID(5, true),
};

static const cli_column_def history_alarm_cols[] = {
    ALARM_HEAD_COLS,
    COL("lowered", "time_lowered", CELL_TIME, "LOWERED", 3, 0, 0, false),
    COL("details", "details", CELL_FIELD, "DETAILS", 4, 10, 60, false),
    COL_ID(5, true),
};

static const cli_column_def registration_cols[] = {
    COL("alias", "alias", CELL_FIELD, "ALIAS", 1, 12, 40, false),
    COL("protocol", "protocol", CELL_FIELD, "PROTOCOL", 2, 0, 0, false),
    COL("node", "node", CELL_NODE, "NODE", 3, 8, 24, false),
    COL("remote", "remote_address", CELL_FIELD, "REMOTE", 3, 0, 0, false),
    COL("username", "username", CELL_FIELD, "USER", 4, 8, 24, false),
    COL("vendor", "vendor", CELL_FIELD, "VENDOR", 5, 8, 32, false),
    COL("started", "start_time", CELL_TIME, "STARTED", 4, 0, 0, false),
    COL_ID(6, true),
};

static const cli_column_def licensing_cols[] = {
    COL("ports", "port", CELL_RATIO, "PORTS", 1, 0, 0, true),
    COL("vmrs", "vmr", CELL_RATIO, "VMRS", 1, 0, 0, true),
    COL("audio", "audio", CELL_RATIO, "AUDIO", 2, 0, 0, true),
    COL("systems", "system", CELL_RATIO, "SYSTEMS", 2, 0, 0, true),
    COL("teams", "teams", CELL_RATIO, "TEAMS", 3, 0, 0, true),
    COL("ghm", "ghm", CELL_RATIO, "GHM", 4, 0, 0, true),
    COL("telehealth", "telehealth", CELL_RATIO, "TELEHEALTH", 5, 0, 0, true),
    COL("scheduling", "scheduling", CELL_RATIO, "SCHEDULING", 5, 0, 0, true),
    COL("otj", "otj", CELL_RATIO, "OTJ", 5, 0, 0, true),
};

static const cli_column_def history_conference_cols[] = {
    COL_NAME(12, 40),
    COL("start", "start_time", CELL_TIME, "START", 2, 0, 0, false),
    COL("end", "end_time", CELL_TIME, "END", 3, 0, 0, false),
    COL("duration", NULL, CELL_HISTORY_DURATION, "DURATION", 2, 0, 0, true),
    COL("participants", "participant_count", CELL_FIELD, "PARTICIPANTS", 2, 0, 0, true),
    COL("type", "service_type", CELL_FIELD, "TYPE", 4, 0, 16, false),
    COL_ID(5, false),
};

static const cli_column_def history_participant_cols[] = {
    COL("name", "display_name", CELL_FIELD, "NAME", 1, 12, 32, false),
    COL("conference", "conference_name", CELL_FIELD, "CONFERENCE", 2, 10, 24, false),
    COL("role", "role", CELL_FIELD, "ROLE", 3, 0, 0, false),
    COL("protocol", "protocol", CELL_FIELD, "PROTOCOL", 3, 0, 0, false),
    COL("quality", NULL, CELL_HISTORY_QUALITY, "QUALITY", 2, 0, 0, false),
    COL("start", "start_time", CELL_TIME, "START", 2, 0, 0, false),
    COL("end", "end_time", CELL_TIME, "END", 5, 0, 0, false),
    COL("duration", NULL, CELL_HISTORY_DURATION, "DURATION", 2, 0, 0, true),
    COL("disconnect_reason", "disconnect_reason", CELL_FIELD, "DISCONNECT REASON", 4, 10, 40,
        false),
    COL("remote_alias", "remote_alias", CELL_FIELD, "REMOTE ALIAS", 5, 10, 32, false),
    COL_ID(6, false),
};

static const cli_column_def cloud_node_cols[] = {
    COL("name", "workervm_configuration_name", CELL_FIELD, "NAME", 1, 10, 32, false),
    COL("location", "workervm_configuration_location_name", CELL_FIELD, "LOCATION", 2, 8, 24,
        false),
    COL("state", "cloud_instance_state", CELL_FIELD, "STATE", 1, 0, 16, false),
    COL_LOAD(2),
    COL("max_hd", "max_hd_calls", CELL_FIELD, "MAX HD", 3, 0, 0, true),
    COL("instance", "cloud_instance_name", CELL_FIELD, "INSTANCE", 4, 8, 32, false),
    COL("ip", "cloud_instance_ip", CELL_FIELD, "IP", 5, 0, 0, false),
};

static const cli_column_def cloud_location_cols[] = {
    CLOUD_LOCATION_HEAD_COLS,
    COL("overflow", "overflow_location", CELL_URI_ID, "OVERFLOW", 4, 0, 0, false),
    COL_ID(5, true),
};

static const cli_column_def cloud_overflow_cols[] = {
    CLOUD_LOCATION_HEAD_COLS,
    COL("location_id", "systemlocation_id", CELL_FIELD, "LOCATION ID", 4, 0, 0, true),
    COL_ID(5, true),
};

#define RES(name, path, desc, conf, part, cols)                                                    \
    {                                                                                              \
        name, path, desc, conf, part, cols, NCOLS(cols)                                            \
    }

static const cli_resource_def resource_defs[] = {
    RES("conferences", API_STATUS_CONFERENCE, "live conference instances", false, false,
        conference_cols),
    RES("participants", API_STATUS_PARTICIPANT, "live participants (--conference NAME)", true,
        false, participant_cols),
    RES("media", API_STATUS_PARTICIPANT, "media streams of one participant (--participant)", false,
        true, media_cols),
    RES("nodes", API_STATUS_WORKER_VM, "Conferencing Nodes", false, false, node_cols),
    RES("locations", API_STATUS_SYSTEM_LOCATION, "system locations and their load", false, false,
        location_cols),
    RES("alarms", API_STATUS_ALARM, "active alarms", false, false, alarm_cols),
    RES("registrations", API_STATUS_REGISTRATION_ALIAS, "registered devices", false, false,
        registration_cols),
    RES("licensing", API_STATUS_LICENSING, "license usage (used/total)", false, false,
        licensing_cols),
    RES("history-conferences", API_HISTORY_CONFERENCE, "ended conferences", false, false,
        history_conference_cols),
    RES("history-participants", API_HISTORY_PARTICIPANT,
        "ended participants (--conference NAME or history conference id)", true, false,
        history_participant_cols),
    RES("history-alarms", API_HISTORY_ALARM, "alarms that were lowered", false, false,
        history_alarm_cols),
    RES("cloud-nodes", API_STATUS_CLOUD_NODE, "dynamic bursting cloud nodes", false, false,
        cloud_node_cols),
    RES("cloud-monitored", API_STATUS_CLOUD_MONITORED_LOCATION,
        "locations monitored for cloud bursting", false, false, cloud_location_cols),
    RES("cloud-overflow", API_STATUS_CLOUD_OVERFLOW_LOCATION, "cloud overflow locations", false,
        false, cloud_overflow_cols),
};

size_t cli_resource_count(void)
{
    return NCOLS(resource_defs);
}

const cli_resource_def *cli_resource_at(size_t i)
{
    return i < NCOLS(resource_defs) ? &resource_defs[i] : NULL;
}

const cli_resource_def *cli_resource_find(const char *name)
{
    for (size_t i = 0; name && i < NCOLS(resource_defs); i++) {
        if (strcmp(resource_defs[i].name, name) == 0)
            return &resource_defs[i];
    }
    return NULL;
}

/* "2021-03-12T14:47:45.106482" -> "2021-03-12 14:47:45"; other text as is. */
static const char *time_text(const json_t *obj, const char *field, char *buf, size_t size)
{
    const char *s = jget_str(obj, field);
    double t;
    if (s && time_parse_utc(s, &t)) {
        time_format_utc(t, false, buf, size);
        char *tee = strchr(buf, 'T');
        if (tee)
            *tee = ' ';
        return buf;
    }
    return jget_text(obj, field, buf, size);
}

static const char *ratio_text(const json_t *obj, const char *base, char *buf, size_t size)
{
    char count_key[64], total_key[64], count[32], total[32];
    snprintf(count_key, sizeof count_key, "%s_count", base);
    snprintf(total_key, sizeof total_key, "%s_total", base);
    jget_text(obj, count_key, count, sizeof count);
    jget_text(obj, total_key, total, sizeof total);
    if (!count[0] && !total[0])
        snprintf(buf, size, "%s", "");
    else
        snprintf(buf, size, "%s/%s", count[0] ? count : "?", total[0] ? total : "?");
    return buf;
}

/* Comma-separated flags that are set; `flags` is {field, label} pairs. */
static const char *flags_text(const json_t *obj, const char *const flags[][2], size_t n, char *buf,
                              size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (jget_bool(obj, flags[i][0]) != 1)
            continue;
        int w = snprintf(buf + len, size - len, "%s%s", len ? "," : "", flags[i][1]);
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
    return buf;
}

static const char *const conference_flags[][2] = {
    {"is_locked", "locked"},
    {"guests_muted", "guests-muted"},
};

static const char *const participant_flags[][2] = {
    {"is_muted", "muted"},     {"is_client_muted", "self-muted"}, {"is_presenting", "presenting"},
    {"is_on_hold", "on-hold"}, {"is_recording", "recording"},     {"is_streaming", "streaming"},
};

/* The stage ("waiting", "no licence", "connecting", ...) then the flags. */
static const char *participant_state_text(const json_t *obj, char *buf, size_t size)
{
    const char *stage = participant_stage(obj, NULL);
    char flags[256];
    flags_text(obj, participant_flags, NCOLS(participant_flags), flags, sizeof flags);
    if (stage && strcmp(stage, "on hold") == 0)
        stage = NULL; /* the on-hold flag says it */
    snprintf(buf, size, "%s%s%s", stage ? stage : "", stage && flags[0] ? "," : "", flags);
    return buf;
}

const char *cli_cell_text(const cli_column_def *c, const json_t *obj, double now,
                          const node_map *nodes, char *buf, size_t size)
{
    buf[0] = '\0';
    switch (c->kind) {
    case CELL_FIELD:
        return jget_text(obj, c->field, buf, size);
    case CELL_TIME:
        return time_text(obj, c->field, buf, size);
    case CELL_NODE_CONTACT: {
        const char *f = node_last_contact_field(obj);
        return f ? time_text(obj, f, buf, size) : buf;
    }

    case CELL_ELAPSED:
        return model_duration_text(obj, c->field, now, buf, size);
    case CELL_HISTORY_DURATION:
        return history_duration_text(obj, buf, size);
    case CELL_QUALITY: /* absent: "unknown", as the console says */
        snprintf(buf, size, "%s", quality_label(quality_parse(jget_str(obj, c->field))));
        return buf;
    case CELL_STREAM_QUALITY:
        snprintf(buf, size, "%s", quality_label(quality_of_stream(obj)));
        return buf;
    case CELL_HISTORY_QUALITY:
        snprintf(buf, size, "%s", quality_label(history_participant_quality(obj)));
        return buf;
    case CELL_NODE:
        snprintf(buf, size, "%s", node_map_label(nodes, jget_str(obj, c->field)));
        return buf;
    case CELL_YESNO: {
        int b = jget_bool(obj, c->field);
        snprintf(buf, size, "%s", b == 1 ? "yes" : b == 0 ? "no" : "");
        return buf;
    }
    case CELL_RATIO:
        return ratio_text(obj, c->field, buf, size);
    case CELL_CONF_STATE:
        return flags_text(obj, conference_flags, NCOLS(conference_flags), buf, size);
    case CELL_PARTICIPANT_STATE:
        return participant_state_text(obj, buf, size);
    case CELL_URI_ID: {
        char raw[512];
        return history_uri_id(jget_text(obj, c->field, raw, sizeof raw), buf, size);
    }
    }
    return buf;
}

void cli_column_for_key(const cli_resource_def *r, const char *key, cli_column_def *out)
{
    for (size_t i = 0; i < r->ncolumns; i++) {
        if (strcmp(r->columns[i].key, key) == 0) {
            *out = r->columns[i];
            out->col.priority = 1; /* asked for by name: never dropped */
            return;
        }
    }
    *out = (cli_column_def)COL(key, key, CELL_FIELD, key, 1, 8, 0, false);
}
