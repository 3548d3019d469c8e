/* The resource table. */
#include <string.h>

#include "api/resources.h"
#include "common/strbuf.h"

static const api_resource table[] = {
    {"conferences", API_STATUS_CONFERENCE, NULL, "live conferences"},
    {"participants", API_STATUS_PARTICIPANT, NULL, "live participant legs"},
    {"shards", API_STATUS_CONFERENCE_SHARD, NULL, "conference instances per node"},
    {"nodes", API_STATUS_WORKER_VM, NULL, "Conferencing Nodes (status)"},
    {"locations", API_STATUS_SYSTEM_LOCATION, NULL, "system locations (status)"},
    {"alarms", API_STATUS_ALARM, NULL, "active alarms"},
    {"licensing", API_STATUS_LICENSING, NULL, "license usage"},
    {"registrations", API_STATUS_REGISTRATION_ALIAS, NULL, "registered aliases"},
    {"backplanes", API_STATUS_BACKPLANE, NULL, "backplanes between nodes"},
    {"management", API_STATUS_MANAGEMENT_VM, NULL, "Management Node"},
    {"cloud-nodes", API_STATUS_CLOUD_NODE, NULL, "cloud bursting nodes"},
    {"cloud-monitored", API_STATUS_CLOUD_MONITORED_LOCATION, NULL, "monitored bursting locations"},
    {"cloud-overflow", API_STATUS_CLOUD_OVERFLOW_LOCATION, NULL, "overflow bursting locations"},
    {"history-conferences", API_HISTORY_CONFERENCE, "-start_time", "ended conferences"},
    {"history-participants", API_HISTORY_PARTICIPANT, "-start_time", "ended participant legs"},
    {"history-alarms", API_HISTORY_ALARM, "-time_raised", "past alarms"},
    {"node-config", API_CONFIG_WORKER_VM, NULL, "Conferencing Node configuration"},
    {"location-config", API_CONFIG_SYSTEM_LOCATION, NULL, "system location configuration"},
    {"vmrs", API_CONFIG_CONFERENCE, NULL, "configured VMRs and other services"},
    {"aliases", API_CONFIG_CONFERENCE_ALIAS, NULL, "configured aliases"},
    {NULL, NULL, NULL, NULL},
};

const api_resource *api_resources(void)
{
    return table;
}

const api_resource *api_resource_by_name(const char *name)
{
    for (const api_resource *r = table; name && r->name; r++)
        if (strcmp(r->name, name) == 0)
            return r;
    return NULL;
}

const api_resource *api_resource_by_path(const char *path)
{
    if (!path)
        return NULL;
    if (strncmp(path, "/api/admin/", 11) == 0)
        path += 11;
    for (const api_resource *r = table; r->name; r++)
        if (strcmp(r->path, path) == 0)
            return r;
    return NULL;
}

void api_object_path(strbuf *out, const char *collection, const char *id, const char *sub)
{
    /* The id comes from the server: encode it so that a hostile one cannot
     * change the path ("../", "?", "#"). */
    sb_append(out, collection);
    sb_append_urlencoded(out, id ? id : "");
    sb_append(out, "/");
    sb_append(out, sub);
}

void api_media_stream_path(strbuf *out, const char *participant_id)
{
    api_object_path(out, API_STATUS_PARTICIPANT, participant_id, API_SUB_MEDIA_STREAM);
}
