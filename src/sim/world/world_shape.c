/* Shapes (--shape): how older Management Node releases answer.
 *
 * The world holds every object in the current (v26) shape; this module
 * gives the copy a client of an older node would read (see sim_shape in
 * world.h). Only the objects a page or a detail answer holds are shaped,
 * so the cost does not grow with the collections. */
#include "sim/world/world_internal.h"

#include <stdio.h>
#include <string.h>

#define V24_VERSION "24 (55691.0.0)"
#define V2015_VERSION "10 (26047.0.0)"
#define NONE_WORD "None" /* str(None): what old nodes write for an empty value */

static const char *const shape_names[] = {
    [SIM_SHAPE_CURRENT] = "current",
    [SIM_SHAPE_V24] = "v24",
    [SIM_SHAPE_2015] = "2015",
};

bool sim_shape_parse(const char *name, sim_shape *out)
{
    for (size_t i = 0; name && i < sizeof shape_names / sizeof shape_names[0]; i++) {
        if (strcmp(name, shape_names[i]) == 0) {
            *out = (sim_shape)i;
            return true;
        }
    }
    return false;
}

const char *sim_shape_name(sim_shape shape)
{
    return (size_t)shape < sizeof shape_names / sizeof shape_names[0] ? shape_names[shape] : "?";
}

w_kind sw_shape_kind(const sim_world *w, w_kind k)
{
    if (w->opts.shape == SIM_SHAPE_2015 && (k == K_WEBRTC || k == K_PEXAPP))
        return K_WEBRTC_2LEG;
    return k;
}

/* ---- field edits on a shallow copy ---- */

static void none_when_empty(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v) && !*json_string_value(v))
        sw_jset_str(o, key, NONE_WORD);
}

static void drop_supported_flags(json_t *o)
{
    const char *key;
    json_t *value;
    void *tmp;
    json_object_foreach_safe(o, tmp, key, value)
    {
        size_t n = strlen(key);
        if (strncmp(key, "is_", 3) == 0 && n > 13 && strcmp(key + n - 10, "_supported") == 0)
            json_object_del(o, key);
    }
}

static json_t *status_participant(const sim_world *w, json_t *obj)
{
    json_t *o = json_copy(obj);
    if (!o)
        return NULL;
    if (!json_is_true(json_object_get(o, "has_media")))
        sw_jset_str(o, "media_node", NONE_WORD);
    none_when_empty(o, "media_node");
    none_when_empty(o, "signalling_node");
    if (w->opts.shape != SIM_SHAPE_2015) {
        none_when_empty(o, "proxy_node");
        return o;
    }
    static const char *const absent[] = {"conversation_id", "call_quality", "proxy_node",
                                         "historic_call_quality", "bucketed_call_quality"};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        json_object_del(o, absent[i]);
    drop_supported_flags(o);
    return o;
}

/* An idle direction (no bitrate) or one without a picture has no
 * resolution: "None". History streams of 2015 records have no fps. */
static json_t *media_stream(const sim_world *w, json_t *obj, bool history)
{
    json_t *o = json_copy(obj);
    if (!o)
        return NULL;
    static const char *const dirs[] = {"rx", "tx"};
    for (size_t i = 0; i < 2; i++) {
        char res[32], rate[32], fps[16];
        snprintf(res, sizeof res, "%s_resolution", dirs[i]);
        snprintf(rate, sizeof rate, "%s_bitrate", dirs[i]);
        snprintf(fps, sizeof fps, "%s_fps", dirs[i]);
        json_t *bitrate = json_object_get(o, rate);
        if (json_object_get(o, res) && json_is_integer(bitrate) && json_integer_value(bitrate) == 0)
            sw_jset_str(o, res, NONE_WORD);
        none_when_empty(o, res);
        if (history && w->opts.shape == SIM_SHAPE_2015)
            json_object_del(o, fps);
    }
    return o;
}

static json_t *history_participant(const sim_world *w, json_t *obj)
{
    json_t *o = json_copy(obj);
    if (!o)
        return NULL;
    json_t *streams = json_object_get(obj, "media_streams");
    if (json_is_array(streams)) {
        json_t *shaped = json_array();
        size_t i;
        json_t *s;
        json_array_foreach(streams, i, s)
        {
            json_array_append_new(shaped, media_stream(w, s, true));
        }
        json_object_set_new(o, "media_streams", shaped);
    }
    if (w->opts.shape == SIM_SHAPE_2015) {
        json_object_del(o, "conversation_id");
        json_object_del(o, "call_quality");
    }
    return o;
}

static const char *old_version(const sim_world *w)
{
    return w->opts.shape == SIM_SHAPE_2015 ? V2015_VERSION : V24_VERSION;
}

/* v24 words: deploy_succeeded, last_reported; no sync_status. */
static json_t *worker_vm(const sim_world *w, json_t *obj)
{
    json_t *o = json_copy(obj);
    if (!o)
        return NULL;
    sw_jset_str(o, "version", old_version(w));
    sw_jset_str(o, "deploy_status", "deploy_succeeded");
    json_t *contact = json_object_get(o, "last_attempted_contact");
    if (contact)
        json_object_set(o, "last_reported", contact);
    else
        json_object_set(o, "last_reported", json_object_get(o, "last_updated"));
    json_object_del(o, "last_attempted_contact");
    json_object_del(o, "sync_status");
    return o;
}

static json_t *management_vm(const sim_world *w, json_t *obj)
{
    json_t *o = json_copy(obj);
    if (o)
        sw_jset_str(o, "version", old_version(w));
    return o;
}

static bool key_is(const char *resource, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(resource, keys[i]) == 0)
            return true;
    return false;
}

json_t *sim_world_present(sim_world *w, const char *resource, json_t *obj)
{
    if (!obj || !resource)
        return obj ? json_incref(obj) : NULL;
    if (!w || w->opts.shape == SIM_SHAPE_CURRENT || !json_is_object(obj))
        return json_incref(obj);
    static const char *const status_streams[] = {"status/participant/media_stream",
                                                 "status/backplane/media_stream"};
    static const char *const history_streams[] = {
        "history/media_stream", "history/participant/media_stream",
        "history/backplane/media_stream", "history/backplane_media_stream"};
    json_t *shaped = NULL;
    if (strcmp(resource, "status/participant") == 0)
        shaped = status_participant(w, obj);
    else if (key_is(resource, status_streams, 2))
        shaped = media_stream(w, obj, false);
    else if (key_is(resource, history_streams, 4))
        shaped = media_stream(w, obj, true);
    else if (strcmp(resource, "history/participant") == 0)
        shaped = history_participant(w, obj);
    else if (strcmp(resource, "status/worker_vm") == 0)
        shaped = worker_vm(w, obj);
    else if (strcmp(resource, "status/management_vm") == 0)
        shaped = management_vm(w, obj);
    else
        return json_incref(obj);
    return shaped ? shaped : json_incref(obj);
}
