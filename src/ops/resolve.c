/* The matching core of name resolution (resolve.h). */
#include "ops/resolve.h"

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/xmalloc.h"
#include "model/participants.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ops_target_spec ops_participant_spec = {"participant", "display_name", "conference", true,
                                              false};
const ops_target_spec ops_conference_spec = {"conference", "name", NULL, false, false};

bool ops_looks_like_uuid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

bool ops_name_matches(const char *stored, const char *typed)
{
    if (!stored || !typed || !typed[0])
        return false;
    if (strcmp(stored, typed) == 0)
        return true;
    char *clean = sanitize_text(stored);
    bool same = strcmp(clean, typed) == 0;
    free(clean);
    return same;
}

void ops_found_fill(ops_found *t, const json_t *obj, const ops_target_spec *spec)
{
    memset(t, 0, sizeof *t);
    jget_id(obj, "id", t->id, sizeof t->id);
    const char *name = jget_str(obj, spec->name_field);
    snprintf(t->raw_name, sizeof t->raw_name, "%s", name ? name : "");
    sanitize_into(t->name, sizeof t->name, name);
    if (spec->conf_field) {
        const char *conf = jget_str(obj, spec->conf_field);
        snprintf(t->raw_conference, sizeof t->raw_conference, "%s", conf ? conf : "");
        sanitize_into(t->conference, sizeof t->conference, conf);
    }
    sanitize_into(t->role, sizeof t->role, jget_str(obj, "role"));
    t->waiting = spec->conf_field && participant_is_waiting(obj);
}

/* When every match is a leg of the same person, the leg to use (index into
 * objects), else the array's size. */
static size_t person_leg(const json_t *objects, const size_t *idx, size_t n,
                         const ops_target_spec *spec)
{
    if (!spec->legs)
        return json_array_size(objects);
    for (size_t i = 1; i < n; i++) {
        if (!participant_same_person(json_array_get(objects, idx[0]),
                                     json_array_get(objects, idx[i])))
            return json_array_size(objects);
    }
    size_t best = idx[0];
    for (size_t i = 1; i < n; i++) {
        if (participant_leg_compare(json_array_get(objects, idx[i]),
                                    json_array_get(objects, best)) < 0)
            best = idx[i];
    }
    if (spec->prefer_media && jget_bool(json_array_get(objects, best), "has_media") != 1) {
        for (size_t i = 0; i < n; i++) {
            if (jget_bool(json_array_get(objects, idx[i]), "has_media") == 1)
                return idx[i];
        }
    }
    return best;
}

void ops_resolve(const json_t *objects, const char *what, const ops_target_spec *spec,
                 ops_match *out)
{
    size_t n = json_array_size(objects);
    memset(out, 0, sizeof *out);
    out->candidates = xcalloc(n ? n : 1, sizeof *out->candidates);
    char id[128];
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(objects, i);
        if (strcmp(jget_id(o, "id", id, sizeof id), what) == 0) {
            /* An exact id wins over any name. */
            out->status = OPS_MATCH_ONE;
            out->index = i;
            out->nmatches = 1;
            return;
        }
        if (ops_name_matches(jget_str(o, spec->name_field), what))
            out->candidates[out->nmatches++] = i;
    }
    size_t leg = out->nmatches > 1 ? person_leg(objects, out->candidates, out->nmatches, spec) : n;
    if (out->nmatches == 1) {
        out->status = OPS_MATCH_ONE;
        out->index = out->candidates[0];
    } else if (leg < n) {
        out->status = OPS_MATCH_LEG;
        out->index = leg;
    } else {
        out->status = out->nmatches == 0 ? OPS_MATCH_NONE : OPS_MATCH_AMBIGUOUS;
    }
}

void ops_match_free(ops_match *m)
{
    free(m->candidates);
    m->candidates = NULL;
}
