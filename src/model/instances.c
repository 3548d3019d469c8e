/* Conferences without an instance: callers whose `conference` has no row in
 * status/v1/conference (a waiting room, the invalid licence screen, the
 * IVR, still connecting) get a conference row of their own, so they are
 * seen and can be admitted or disconnected. See model.h. */
#include "model/model.h"

#include "common/jsonutil.h"
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_INSTANCE_PREFIX "no-instance:"

bool model_conference_has_instance(const json_t *conference)
{
    return jget_bool(conference, MODEL_NO_INSTANCE_FIELD) != 1;
}

static json_t *no_instance_row(const char *name, const json_t *participant)
{
    char id[512];
    snprintf(id, sizeof id, NO_INSTANCE_PREFIX "%s", name);
    json_t *o = json_object();
    if (!o)
        abort();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", json_string(name));
    const char *st = jget_str(participant, "service_type");
    if (st)
        json_object_set_new(o, "service_type", json_string(st));
    json_object_set_new(o, MODEL_NO_INSTANCE_FIELD, json_true());
    return o;
}

/* The listing plus a row for each conference name that live participants
 * have and the listing lacks. A new array; *added counts those rows. */
static json_t *listing_with_waiting(const model *m, json_t *listing, size_t *added)
{
    json_t *out = json_array();
    if (!out)
        abort();
    json_array_extend(out, listing);
    strmap names = STRMAP_INIT;
    for (size_t i = 0; i < json_array_size(listing); i++) {
        const char *name = jget_str(json_array_get(listing, i), "name");
        if (name)
            strmap_put(&names, name, i);
    }
    *added = 0;
    const char *conf;
    json_t *participant;
    json_object_foreach(m->participant_confs, conf, participant)
    {
        size_t seen;
        if (strmap_get(&names, conf, &seen))
            continue;
        json_array_append_new(out, no_instance_row(conf, participant));
        (*added)++;
    }
    strmap_free(&names);
    return out;
}

/* The conferences live participants are in, each with its first
 * participant: computed when the participants change, so that a conference
 * listing does not walk every participant again. */
static void index_participant_conferences(model *m)
{
    json_decref(m->participant_confs);
    m->participant_confs = json_object();
    const model_table *parts = m->tables[MT_ALL_PARTICIPANTS];
    size_t n = model_table_loaded(parts) ? model_table_count(parts) : 0;
    for (size_t i = 0; i < n; i++) {
        const model_row *r = model_table_at(parts, i);
        const char *conf = model_row_is_ghost(r) ? NULL : jget_str(r->obj, "conference");
        if (conf && conf[0] && !json_object_get(m->participant_confs, conf))
            json_object_set(m->participant_confs, conf, r->obj);
    }
}

bool model_apply_conferences(model *m, json_t *listing, double now, bool fresh)
{
    if (!json_is_array(listing))
        return model_apply(m, MT_CONFERENCES, listing, now, NULL);
    if (fresh) {
        json_incref(listing);
        json_decref(m->conference_listing);
        m->conference_listing = listing;
    }
    size_t added;
    json_t *all = listing_with_waiting(m, listing, &added);
    bool ok;
    model_diff d;
    if (fresh) {
        ok = model_apply(m, MT_CONFERENCES, all, now, &d);
    } else {
        /* The rows follow the participants; the listing's age stays. */
        ok = model_table_apply(m->tables[MT_CONFERENCES], all, now, &d);
    }
    if (ok) {
        m->conferences_without_instance = added;
        if (!model_diff_is_empty(&d))
            m->conferences_version++;
        model_diff_free(&d);
    }
    json_decref(all);
    return ok;
}

void model_participants_changed(model *m, double now)
{
    index_participant_conferences(m);
    if (m->conference_listing)
        model_apply_conferences(m, m->conference_listing, now, false);
}
