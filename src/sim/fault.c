/* Fault rules. See fault.h. */
#include "sim/fault.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xmalloc.h"
#include "sim/text.h"

typedef struct fault_rule {
    unsigned id;
    sim_fault_kind kind;
    char *prefix; /* NULL: every path */
    char *method; /* NULL: every method */
    double probability;
    long count; /* remaining applications; -1: unlimited */
    long ms;
    int status;
    int retry_after;
    bool html_body;
    unsigned long fired;
    struct fault_rule *next;
} fault_rule;

struct sim_faults {
    pthread_mutex_t lock;
    fault_rule *rules; /* in the order they were added */
    unsigned next_id;
    uint64_t rng;
};

static const char *const kind_names[SIM_FAULT_KIND_COUNT] = {
    "latency",   "error", "ratelimit",    "drop",     "truncate",
    "malformed", "html",  "unauthorized", "slow_body"};

const char *sim_fault_kind_name(sim_fault_kind k)
{
    return (unsigned)k < SIM_FAULT_KIND_COUNT ? kind_names[k] : "?";
}

static int kind_from_name(const char *name)
{
    for (int i = 0; i < SIM_FAULT_KIND_COUNT; i++)
        if (strcmp(kind_names[i], name) == 0)
            return i;
    return -1;
}

sim_faults *sim_faults_new(uint64_t seed)
{
    sim_faults *f = xcalloc(1, sizeof *f);
    pthread_mutex_init(&f->lock, NULL);
    f->next_id = 1;
    f->rng = seed ^ 0x5DEECE66DULL;
    return f;
}

static void rule_free(fault_rule *r)
{
    if (!r)
        return;
    free(r->prefix);
    free(r->method);
    free(r);
}

void sim_faults_clear(sim_faults *f)
{
    pthread_mutex_lock(&f->lock);
    fault_rule *r = f->rules;
    f->rules = NULL;
    pthread_mutex_unlock(&f->lock);
    while (r) {
        fault_rule *next = r->next;
        rule_free(r);
        r = next;
    }
}

void sim_faults_free(sim_faults *f)
{
    if (!f)
        return;
    sim_faults_clear(f);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

/* splitmix64: small, fast and good enough for fault dice. */
static double rng_next(sim_faults *f)
{
    uint64_t z = (f->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

static void rule_defaults(fault_rule *r, sim_fault_kind kind)
{
    r->kind = kind;
    r->probability = 1.0;
    r->count = -1;
    r->ms = kind == SIM_FAULT_SLOW_BODY ? 2000 : 1000;
    r->status = 500;
    r->retry_after = 1;
}

/* Set one parameter from text; both the flag and the JSON form end here. */
static char *rule_set(fault_rule *r, const char *key, const char *value)
{
    char *end;
    errno = 0;
    if (strcmp(key, "prefix") == 0 || strcmp(key, "path") == 0) {
        free(r->prefix);
        r->prefix = xstrdup(value);
        return NULL;
    }
    if (strcmp(key, "method") == 0) {
        free(r->method);
        r->method = xstrdup(value);
        for (char *p = r->method; *p; p++)
            *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        return NULL;
    }
    if (strcmp(key, "p") == 0 || strcmp(key, "probability") == 0) {
        double p = strtod(value, &end);
        if (errno || *end || !*value || !(p >= 0.0 && p <= 1.0))
            return sim_format("fault: probability must be between 0 and 1, not '%s'", value);
        r->probability = p;
        return NULL;
    }
    if (strcmp(key, "body") == 0) {
        if (strcmp(value, "html") != 0 && strcmp(value, "json") != 0)
            return sim_format("fault: body must be json or html, not '%s'", value);
        r->html_body = strcmp(value, "html") == 0;
        return NULL;
    }
    long v = strtol(value, &end, 10);
    if (errno || *end || !*value || v < 0)
        return sim_format("fault: %s must be a non-negative integer, not '%s'", key, value);
    if (strcmp(key, "count") == 0) {
        if (v == 0)
            return sim_format("fault: count must be at least 1 (omit it for no limit)");
        r->count = v;
    } else if (strcmp(key, "ms") == 0)
        r->ms = v;
    else if (strcmp(key, "retry_after") == 0)
        r->retry_after = (int)(v > 86400 ? 86400 : v);
    else if (strcmp(key, "status") == 0) {
        if (v < 400 || v > 599)
            return sim_format("fault: status must be 4xx or 5xx, not %ld", v);
        r->status = (int)v;
    } else
        return sim_format("fault: unknown parameter '%s' (known: prefix method p count ms status "
                          "retry_after body)",
                          key);
    return NULL;
}

static unsigned rules_append(sim_faults *f, fault_rule *r)
{
    pthread_mutex_lock(&f->lock);
    r->id = f->next_id++;
    fault_rule **tail = &f->rules;
    while (*tail)
        tail = &(*tail)->next;
    *tail = r;
    unsigned id = r->id;
    pthread_mutex_unlock(&f->lock);
    return id;
}

static fault_rule *rule_new(const char *kind_name, char **err)
{
    int kind = kind_from_name(kind_name);
    if (kind < 0) {
        *err = sim_format("fault: unknown kind '%s' (known: latency error ratelimit drop truncate "
                          "malformed html unauthorized slow_body)",
                          kind_name);
        return NULL;
    }
    fault_rule *r = xcalloc(1, sizeof *r);
    rule_defaults(r, (sim_fault_kind)kind);
    return r;
}

unsigned sim_faults_add_spec(sim_faults *f, const char *spec, char **err)
{
    *err = NULL;
    char *copy = xstrdup(spec);
    char *params = strchr(copy, ':');
    if (params)
        *params++ = '\0';
    fault_rule *r = rule_new(copy, err);
    char *save = NULL;
    for (char *kv = params && r ? strtok_r(params, ",", &save) : NULL; kv && !*err;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) {
            *err = sim_format("fault: expected key=value, got '%s'", kv);
            break;
        }
        *eq = '\0';
        *err = rule_set(r, kv, eq + 1);
    }
    free(copy);
    if (*err) {
        rule_free(r);
        return 0;
    }
    return rules_append(f, r);
}

unsigned sim_faults_add_json(sim_faults *f, const json_t *rule, char **err)
{
    *err = NULL;
    if (!json_is_object(rule)) {
        *err = sim_format("fault: a JSON object is required");
        return 0;
    }
    const char *kind = json_string_value(json_object_get(rule, "kind"));
    if (!kind) {
        *err = sim_format("fault: \"kind\" (a string) is required");
        return 0;
    }
    fault_rule *r = rule_new(kind, err);
    if (!r)
        return 0;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)rule, key, value)
    {
        char text[64];
        const char *s = text;
        if (strcmp(key, "kind") == 0 || json_is_null(value))
            continue;
        if (json_is_string(value))
            s = json_string_value(value);
        else if (json_is_integer(value))
            snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        else if (json_is_real(value))
            snprintf(text, sizeof text, "%.17g", json_real_value(value));
        else {
            *err = sim_format("fault: \"%s\" must be a string or a number", key);
            break;
        }
        *err = rule_set(r, key, s);
        if (*err)
            break;
    }
    if (*err) {
        rule_free(r);
        return 0;
    }
    return rules_append(f, r);
}

bool sim_faults_remove(sim_faults *f, unsigned id)
{
    pthread_mutex_lock(&f->lock);
    fault_rule *found = NULL;
    for (fault_rule **p = &f->rules; *p; p = &(*p)->next) {
        if ((*p)->id == id) {
            found = *p;
            *p = found->next;
            break;
        }
    }
    pthread_mutex_unlock(&f->lock);
    rule_free(found);
    return found != NULL;
}

static json_t *rule_json(const fault_rule *r)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s?, s:s?, s:f, s:I, s:I}", "id", (json_int_t)r->id, "kind",
                  kind_names[r->kind], "prefix", r->prefix, "method", r->method, "probability",
                  r->probability, "fired", (json_int_t)r->fired, "ms", (json_int_t)r->ms);
    if (!o)
        return NULL;
    json_object_set_new(o, "count", r->count >= 0 ? json_integer(r->count) : json_null());
    if (r->kind == SIM_FAULT_ERROR) {
        json_object_set_new(o, "status", json_integer(r->status));
        json_object_set_new(o, "body", json_string(r->html_body ? "html" : "json"));
    }
    if (r->kind == SIM_FAULT_RATELIMIT)
        json_object_set_new(o, "retry_after", json_integer(r->retry_after));
    return o;
}

json_t *sim_faults_list(sim_faults *f)
{
    json_t *list = json_array();
    if (!list)
        return NULL;
    pthread_mutex_lock(&f->lock);
    for (fault_rule *r = f->rules; r; r = r->next)
        json_array_append_new(list, rule_json(r));
    pthread_mutex_unlock(&f->lock);
    return list;
}

static bool rule_matches(const fault_rule *r, const char *method, const char *path)
{
    if (r->prefix && strncmp(path, r->prefix, strlen(r->prefix)) != 0)
        return false;
    if (r->method && strcasecmp(r->method, method) != 0)
        return false;
    return true;
}

/* Whether a rule of this kind still has something to decide. */
static bool slot_free(const sim_fault_decision *d, sim_fault_kind k)
{
    switch (k) {
    case SIM_FAULT_LATENCY:
        return true;
    case SIM_FAULT_TRUNCATE:
        return !d->truncate && !d->replace;
    case SIM_FAULT_MALFORMED:
        return !d->malformed && !d->replace;
    case SIM_FAULT_SLOW_BODY:
        return d->slow_body_ms == 0;
    default:
        return !d->replace;
    }
}

static void decision_apply(sim_fault_decision *d, const fault_rule *r)
{
    switch (r->kind) {
    case SIM_FAULT_LATENCY:
        d->latency_ms += r->ms;
        break;
    case SIM_FAULT_TRUNCATE:
        d->truncate = true;
        break;
    case SIM_FAULT_MALFORMED:
        d->malformed = true;
        break;
    case SIM_FAULT_SLOW_BODY:
        d->slow_body_ms = r->ms > 0 ? r->ms : 1;
        break;
    default:
        d->replace = true;
        d->replacement = r->kind;
        d->status = r->status;
        d->retry_after = r->retry_after;
        d->html_body = r->html_body;
        /* A replacement answer has no real body to cut or corrupt. */
        d->truncate = false;
        d->malformed = false;
        break;
    }
    size_t used = strlen(d->fired);
    snprintf(d->fired + used, sizeof d->fired - used, "%s%s", used ? "," : "", kind_names[r->kind]);
}

void sim_faults_decide(sim_faults *f, const char *method, const char *path, sim_fault_decision *d)
{
    memset(d, 0, sizeof *d);
    pthread_mutex_lock(&f->lock);
    fault_rule **p = &f->rules;
    while (*p) {
        fault_rule *r = *p;
        bool fires = slot_free(d, r->kind) && rule_matches(r, method, path) &&
                     (r->probability >= 1.0 || rng_next(f) < r->probability);
        if (fires) {
            decision_apply(d, r);
            r->fired++;
            if (r->count > 0 && --r->count == 0) {
                *p = r->next; /* expired */
                rule_free(r);
                continue;
            }
        }
        p = &r->next;
    }
    pthread_mutex_unlock(&f->lock);
}
