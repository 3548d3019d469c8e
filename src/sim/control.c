/* The /_sim/ control endpoint. See control.h. */
#include "sim/control.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "sim/text.h"
#include "sim/query.h"

bool sim_control_is_path(const char *path)
{
    return strncmp(path, "/_sim/", 6) == 0 || strcmp(path, "/_sim") == 0;
}

static bool method_is(const char *method, const char *want)
{
    return strcmp(method, want) == 0;
}

static uint64_t query_since(const char *raw_query)
{
    sim_query q;
    uint64_t since = 0;
    sim_query_parse(&q, raw_query);
    const char *v = sim_query_get(&q, "since");
    if (v)
        since = strtoull(v, NULL, 10);
    sim_query_free(&q);
    return since;
}

static json_t *parse_body_json(const char *body, size_t len, sim_reply *reply)
{
    json_error_t jerr;
    json_t *j = json_loadb(body ? body : "", len, 0, &jerr);
    if (!j)
        sim_reply_error(reply, 400, "Malformed JSON body: %s", jerr.text);
    return j;
}

static json_t *index_json(void)
{
    return json_pack("{s:[s,s,s,s,s,s,s,s,s,s,s]}", "endpoints", "GET /_sim/commands?since=SEQ",
                     "GET /_sim/requests?since=SEQ", "GET /_sim/counters", "POST /_sim/reset",
                     "GET /_sim/faults", "POST /_sim/faults", "DELETE /_sim/faults",
                     "DELETE /_sim/faults/<id>", "POST /_sim/participants",
                     "DELETE /_sim/participants/<id>", "GET /_sim/world");
}

/* Add one rule from a JSON object (either {"spec": "..."} or the fields). */
static unsigned fault_add_one(sim_core *core, const json_t *rule, char **err)
{
    const char *spec = json_string_value(json_object_get(rule, "spec"));
    if (spec && json_object_size(rule) == 1)
        return sim_faults_add_spec(core->faults, spec, err);
    return sim_faults_add_json(core->faults, rule, err);
}

static void faults_post(sim_core *core, const char *body, size_t len, sim_reply *reply)
{
    json_t *j = parse_body_json(body, len, reply);
    if (!j)
        return;
    json_t *rules = json_is_array(j) ? json_incref(j) : json_pack("[O]", j);
    json_t *ids = json_array();
    char *err = NULL;
    size_t i;
    json_t *rule;
    json_array_foreach(rules, i, rule)
    {
        unsigned id = fault_add_one(core, rule, &err);
        if (!id)
            break;
        json_array_append_new(ids, json_integer(id));
    }
    if (err) {
        /* All or nothing: undo the rules of this request that did get in. */
        json_array_foreach(ids, i, rule)
        {
            sim_faults_remove(core->faults, (unsigned)json_integer_value(rule));
        }
        sim_reply_error(reply, 400, "%s", err);
    } else {
        sim_reply_json(
            reply, 200,
            json_pack("{s:O, s:o}", "added", ids, "faults", sim_faults_list(core->faults)));
    }
    free(err);
    json_decref(ids);
    json_decref(rules);
    json_decref(j);
}

static void route_faults(sim_core *core, const char *method, const char *rest, const char *body,
                         size_t len, sim_reply *reply)
{
    if (*rest) {
        char *end;
        errno = 0;
        unsigned long id = strtoul(rest, &end, 10);
        if (!method_is(method, "DELETE")) {
            sim_reply_empty(reply, 405);
            reply->allow = "DELETE";
        } else if (errno || (*end && strcmp(end, "/") != 0) ||
                   !sim_faults_remove(core->faults, (unsigned)id)) {
            sim_reply_error(reply, 404, "No fault rule '%s'", rest);
        } else {
            sim_reply_json(reply, 200, json_pack("{s:o}", "faults", sim_faults_list(core->faults)));
        }
        return;
    }
    if (method_is(method, "GET")) {
        sim_reply_json(reply, 200, json_pack("{s:o}", "faults", sim_faults_list(core->faults)));
    } else if (method_is(method, "POST")) {
        faults_post(core, body, len, reply);
    } else if (method_is(method, "DELETE")) {
        sim_faults_clear(core->faults);
        sim_reply_json(reply, 200, json_pack("{s:[]}", "faults"));
    } else {
        sim_reply_empty(reply, 405);
        reply->allow = "GET, POST, DELETE";
    }
}

static void participants_post(sim_core *core, const char *body, size_t len, sim_reply *reply)
{
    json_t *fields = parse_body_json(body, len, reply);
    if (!fields)
        return;
    if (!json_is_object(fields)) {
        sim_reply_error(reply, 400, "A JSON object of participant fields is required");
        json_decref(fields);
        return;
    }
    const char *error = NULL;
    sim_core_lock(core);
    json_t *p = sim_world_add_participant(core->world, fields, &error);
    json_t *copy = p ? json_deep_copy(p) : NULL;
    char *msg = error ? xstrdup(error) : NULL;
    sim_core_unlock(core);
    if (copy)
        sim_reply_json(reply, 200, copy);
    else
        sim_reply_error(reply, 400, "%s", msg ? msg : "Could not add the participant");
    free(msg);
    json_decref(fields);
}

static void route_participants(sim_core *core, const char *method, const char *rest,
                               const char *body, size_t len, sim_reply *reply)
{
    if (!*rest) {
        if (method_is(method, "POST")) {
            participants_post(core, body, len, reply);
        } else {
            sim_reply_empty(reply, 405);
            reply->allow = "POST";
        }
        return;
    }
    if (!method_is(method, "DELETE")) {
        sim_reply_empty(reply, 405);
        reply->allow = "DELETE";
        return;
    }
    char id[256];
    snprintf(id, sizeof id, "%s", rest);
    size_t n = strlen(id);
    if (n && id[n - 1] == '/')
        id[n - 1] = '\0';
    sim_core_lock(core);
    bool removed = sim_world_remove_participant(core->world, id);
    sim_core_unlock(core);
    char *clean = removed ? sim_utf8_scrub(id) : NULL;
    if (removed)
        sim_reply_json(reply, 200, clean ? json_pack("{s:s}", "deleted", clean) : NULL);
    else
        sim_reply_error(reply, 404, "No participant '%s'", id);
    free(clean);
}

static void reply_get_only(sim_reply *reply, const char *method, json_t *body)
{
    if (method_is(method, "GET")) {
        sim_reply_json(reply, 200, body);
    } else {
        json_decref(body);
        sim_reply_empty(reply, 405);
        reply->allow = "GET";
    }
}

void sim_control_handle(sim_core *core, const char *method, const char *path, const char *raw_query,
                        const char *body, size_t body_len, sim_reply *reply)
{
    const char *sub = path + 5; /* after "/_sim" */
    while (*sub == '/')
        sub++;
    char name[32];
    size_t n = strcspn(sub, "/");
    const char *rest = sub + n;
    while (*rest == '/')
        rest++;
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), sub);

    if (!*name) {
        reply_get_only(reply, method, index_json());
    } else if (strcmp(name, "commands") == 0 && !*rest) {
        reply_get_only(reply, method,
                       method_is(method, "GET")
                           ? sim_stats_commands_json(core->stats, query_since(raw_query))
                           : NULL);
    } else if (strcmp(name, "requests") == 0 && !*rest) {
        reply_get_only(reply, method,
                       method_is(method, "GET")
                           ? sim_stats_requests_json(core->stats, query_since(raw_query))
                           : NULL);
    } else if (strcmp(name, "counters") == 0 && !*rest) {
        reply_get_only(reply, method,
                       method_is(method, "GET") ? sim_stats_counters_json(core->stats) : NULL);
    } else if (strcmp(name, "world") == 0 && !*rest) {
        json_t *summary = NULL;
        if (method_is(method, "GET")) {
            sim_core_lock(core);
            summary = sim_world_summary(core->world);
            sim_core_unlock(core);
            if (summary)
                json_object_set_new(summary, "accept_form", json_boolean(core->accept_form));
        }
        reply_get_only(reply, method, summary);
    } else if (strcmp(name, "reset") == 0 && !*rest) {
        if (method_is(method, "POST")) {
            sim_stats_reset(core->stats);
            sim_reply_json(reply, 200, json_pack("{s:b}", "reset", 1));
        } else {
            sim_reply_empty(reply, 405);
            reply->allow = "POST";
        }
    } else if (strcmp(name, "faults") == 0) {
        route_faults(core, method, rest, body, body_len, reply);
    } else if (strcmp(name, "participants") == 0) {
        route_participants(core, method, rest, body, body_len, reply);
    } else {
        sim_reply_error(reply, 404, "Unknown control endpoint");
    }
}
