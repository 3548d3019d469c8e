/* Alarms: a capacity alarm follows each node's load; others rise at random
 * and clear after a while. Cleared alarms move to history/alarm. */
#include "sim/world/world_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAPACITY_ALARM "Conferencing Node capacity exceeded"
#define CAPACITY_RAISE 90
#define CAPACITY_CLEAR 80

typedef struct alarm_kind {
    const char *level, *name, *details;
    int identifier;
} alarm_kind;

/* details: %1$s node name, %2$s node hostname-ish instance */
static const alarm_kind kinds[] = {
    {"warning", "Failed to synchronize with NTP server",
     "NTP server ntp1.example.com did not answer", 1012},
    {"error", "Connectivity lost between nodes", "Lost connectivity to a peer node", 1003},
    {"warning", "Certificate expiring", "The TLS certificate expires in 14 days", 1020},
    {"critical", "Conferencing Node disk space low", "Less than 5% free disk space on /var", 1031},
    {"error", "Syslog server unreachable", "Unable to contact syslog server syslog.example.com",
     1040},
    {"warning", "Licenses expiring", "Some port licenses expire within 30 days", 1060},
};

static json_t *alarm_json(sim_world *w, long id, const char *level, const char *name,
                          const char *details, int identifier, const w_node *n,
                          const char *instance, double now)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    char uri[80];
    (void)w;
    sw_jset_bool(o, "acknowledged", false);
    sw_jset_str(o, "details", details);
    sw_jset_int(o, "id", id);
    sw_jset_int(o, "identifier", identifier);
    sw_jset_str(o, "instance", instance);
    sw_jset_str(o, "level", level);
    sw_jset_str(o, "name", name);
    sw_jset_str(o, "node", n->ip);
    snprintf(uri, sizeof uri, "/api/admin/status/v1/alarm/%ld/", id);
    sw_jset_str(o, "resource_uri", uri);
    json_object_set_new(o, "time_raised", sw_w_iso_json(now, true));
    return o;
}

static w_alarm *alarm_raise(sim_world *w, const char *level, const char *name, const char *details,
                            int identifier, const w_node *n, const char *instance, double now,
                            double clear_at)
{
    w_alarm *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->id = w->next_alarm_id++;
    a->obj = alarm_json(w, a->id, level, name, details, identifier, n, instance, now);
    a->clear_at = clear_at;
    if (!a->obj || !sw_w_vec_push(&w->alarms, a)) {
        json_decref(a->obj);
        free(a);
        return NULL;
    }
    json_array_append(sw_w_coll(w, C_ST_ALARM), a->obj);
    return a;
}

static void alarm_clear(sim_world *w, w_alarm *a, double now)
{
    sw_history_add_alarm(w, a->obj, now);
    sw_w_array_remove_ptr(sw_w_coll(w, C_ST_ALARM), a->obj);
    sw_w_vec_remove(&w->alarms, a);
    json_decref(a->obj);
    free(a);
}

static w_alarm *alarm_find(sim_world *w, long id)
{
    for (size_t i = 0; i < w->alarms.n; i++) {
        w_alarm *a = w->alarms.items[i];
        if (a->id == id)
            return a;
    }
    return NULL;
}

void sw_alarms_refresh_capacity(sim_world *w, w_node *n, double now)
{
    if (n->proxy)
        return;
    if (n->shown_load > CAPACITY_RAISE && !n->capacity_alarm) {
        char details[160];
        snprintf(details, sizeof details, "Media load %d%% on %s is above %d%% of its capacity",
                 n->shown_load, n->name, CAPACITY_RAISE);
        w_alarm *a = alarm_raise(w, "warning", CAPACITY_ALARM, details, 1050, n, n->name, now, 0);
        n->capacity_alarm = a ? a->id : 0;
    } else if (n->shown_load < CAPACITY_CLEAR && n->capacity_alarm) {
        w_alarm *a = alarm_find(w, n->capacity_alarm);
        if (a)
            alarm_clear(w, a, now);
        n->capacity_alarm = 0;
    }
}

static void raise_random(sim_world *w, double now, double duration)
{
    const alarm_kind *k = &kinds[sw_rng_int(&w->rng, 0, (int)(sizeof kinds / sizeof kinds[0]) - 1)];
    const w_node *n = &w->nodes[sw_rng_int(&w->rng, 0, w->nnodes - 1)];
    alarm_raise(w, k->level, k->name, k->details, k->identifier, n, n->name, now, now + duration);
}

void sw_alarms_seed(sim_world *w, double now)
{
    /* one long-lived alarm so the list is never empty at start */
    const w_node *n = &w->nodes[0];
    alarm_raise(w, kinds[2].level, kinds[2].name, kinds[2].details, kinds[2].identifier, n, n->name,
                now - 3600.0 * 5, now + 86400.0 * 7);
    if (w->nnodes > 3)
        raise_random(w, now - sw_rng_range(&w->rng, 60, 600), sw_rng_range(&w->rng, 120, 900));
    /* cleared alarms in history */
    int past = w->opts.history / 5 + 3;
    for (int i = 0; i < past; i++) {
        double raised = now - (past - i) * sw_rng_range(&w->rng, 1800, 7200);
        const alarm_kind *k =
            &kinds[sw_rng_int(&w->rng, 0, (int)(sizeof kinds / sizeof kinds[0]) - 1)];
        const w_node *m = &w->nodes[sw_rng_int(&w->rng, 0, w->nnodes - 1)];
        json_t *o = alarm_json(w, w->next_alarm_id++, k->level, k->name, k->details, k->identifier,
                               m, m->name, raised);
        if (o) {
            sw_history_add_alarm(w, o, raised + sw_rng_range(&w->rng, 60, 1500));
            json_decref(o);
        }
    }
}

void sw_alarms_step(sim_world *w, double now, double dt)
{
    for (size_t i = 0; i < w->alarms.n;) {
        w_alarm *a = w->alarms.items[i];
        if (a->clear_at > 0 && a->clear_at <= now)
            alarm_clear(w, a, now); /* removes item i */
        else
            i++;
    }
    if (sw_rng_chance(&w->rng, dt / 600.0))
        raise_random(w, now, sw_rng_range(&w->rng, 60, 900));
}

void sw_alarms_free(sim_world *w)
{
    for (size_t i = 0; i < w->alarms.n; i++) {
        w_alarm *a = w->alarms.items[i];
        json_decref(a->obj);
        free(a);
    }
    sw_w_vec_free(&w->alarms);
}
