/* Helpers shared by the simworld unit tests. */
#ifndef SW_UTIL_H
#define SW_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/world/world.h"

#define SW_T0 1700000000.0

static inline sim_world *sw_world(uint64_t seed, int confs, int parts, bool is_static)
{
    sim_world_opts o;
    sim_world_opts_default(&o);
    o.seed = seed;
    o.conferences = confs;
    o.participants = parts;
    o.is_static = is_static;
    sim_world *w = sim_world_new(&o, SW_T0);
    assert_non_null(w);
    return w;
}

static inline const char *sw_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static inline json_t *sw_coll(sim_world *w, const char *key)
{
    json_t *a = sim_world_collection(w, key);
    assert_non_null(a);
    assert_true(json_is_array(a));
    return a;
}

/* Every collection, serialized with sorted keys: equal strings mean equal worlds. */
static inline char *sw_dump_all(sim_world *w)
{
    static const char *const keys[] = {
        "status/conference",
        "status/conference_shard",
        "status/participant",
        "status/worker_vm",
        "status/system_location",
        "status/alarm",
        "status/registration_alias",
        "status/licensing",
        "status/backplane",
        "status/management_vm",
        "status/cloud_node",
        "configuration/conference",
        "configuration/conference_alias",
        "configuration/worker_vm",
        "configuration/system_location",
        "history/conference",
        "history/participant",
        "history/media_stream",
        "history/alarm",
        "history/workervm_status_event",
    };
    json_t *all = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        json_object_set(all, keys[i], sw_coll(w, keys[i]));
    char *s = json_dumps(all, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(all);
    assert_non_null(s);
    return s;
}

static inline json_t *sw_find(json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        if (strcmp(sw_str(o, key), value) == 0)
            return o;
    }
    return NULL;
}

/* Runs a command with params built by json_pack; returns the status and
 * keeps the response in *resp (caller decrefs). */
static inline int sw_cmd(sim_world *w, const char *cmd, json_t *params, json_t **resp)
{
    json_t *r = NULL;
    int status = sim_world_command(w, cmd, params, &r);
    json_decref(params);
    assert_non_null(r);
    if (resp)
        *resp = r;
    else
        json_decref(r);
    return status;
}

static inline bool sw_is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-'))
            return false;
        if (!dash && !strchr("0123456789abcdef", s[i]))
            return false;
    }
    return true;
}

/* The first live participant for which `pred` holds, or NULL. */
static inline json_t *sw_participant_where(sim_world *w, bool (*pred)(const json_t *))
{
    size_t i;
    json_t *p;
    json_array_foreach(sw_coll(w, "status/participant"), i, p)
    {
        if (pred(p))
            return p;
    }
    return NULL;
}

#endif
