/* Orphans: callers whose conference has no status/conference row.
 *
 * A real node lists them among the participants while nobody has started
 * their conference: callers waiting for a host in a waiting room, callers
 * on the invalid licence screen, at the PIN prompt (ivr) or still
 * connecting. Each gets a hidden conference (w_conf.hidden) of a VMR that
 * is not in use; admitting a waiting caller (participant/unlock) starts it. */
#include "sim/world/world_internal.h"

#include <stdlib.h>
#include <string.h>

/* The kinds in turn: a couple waiting for a host, then one of each. */
static const char *const ORPHAN_TYPES[] = {"waiting_room", "waiting_room", "invalid_license_screen",
                                           "ivr", "connecting"};
#define NTYPES (sizeof ORPHAN_TYPES / sizeof ORPHAN_TYPES[0])

w_conf *sw_conf_find_any(sim_world *w, const char *name)
{
    w_conf *c = sw_live_find_conf_by_name(w, name);
    for (size_t i = 0; !c && i < w->hidden_confs.n; i++) {
        w_conf *h = w->hidden_confs.items[i];
        if (strcmp(h->name, name) == 0)
            c = h;
    }
    return c;
}

size_t sw_orphans_count(const sim_world *w)
{
    size_t n = 0;
    for (size_t i = 0; i < w->hidden_confs.n; i++)
        n += ((const w_conf *)w->hidden_confs.items[i])->parts.n;
    return n;
}

static w_vmr *idle_vmr(sim_world *w, double now)
{
    w_vmr *v = sw_vmr_free_pick(w, false);
    if (v)
        return v;
    const char *type;
    char *name = sw_gen_vmr_name(w, &type);
    if (!name)
        return NULL;
    v = sw_vmr_create(w, name, "conference", now - sw_rng_range(&w->rng, 86400, 400 * 86400.0));
    free(name);
    return v;
}

/* Where the caller is instead of the conference. */
static void orphan_state(sim_world *w, w_part *p, const char *type)
{
    if (strcmp(type, "waiting_room") == 0) {
        sw_part_set_waiting(w, p, true);
        return;
    }
    sw_jset_str(p->obj, "service_type", type);
    if (strcmp(type, "connecting") != 0)
        return;
    sw_media_end(w, p);
    p->connecting = true; /* never in w->connecting: it stays connecting */
    sw_jset_bool(p->obj, "has_media", false);
    sw_jset_null(p->obj, "connect_time");
    sw_jset_str(p->obj, "media_node", "");
}

static void orphan_add(sim_world *w, const char *type, double now)
{
    w_vmr *v = idle_vmr(w, now);
    double start = now - sw_rng_range(&w->rng, 20, 300);
    w_conf *c = v ? sw_conf_start_hidden(w, v, start) : NULL;
    if (!c)
        return;
    w_kind k = strcmp(type, "connecting") == 0 ? K_ROOM_SIP : sw_gen_kind(w, c->service_type);
    sw_live_add_group(w, c, k, start);
    for (size_t i = 0; i < c->parts.n; i++) {
        w_part *p = c->parts.items[i];
        orphan_state(w, p, type);
        if (!p->connecting)
            sw_media_synthesize_past(w, p, start, now);
    }
    sw_conf_maybe_end(w, c, now); /* when no leg could be made */
}

void sw_orphans_populate(sim_world *w, double now)
{
    for (int i = 0; i < w->opts.orphans; i++)
        orphan_add(w, ORPHAN_TYPES[(size_t)i % NTYPES], now);
}
