/* VMRs: configuration/conference objects with their aliases
 * (configuration/conference_alias), and lookups by alias and by state. */
#include "sim/world/world_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- VMRs (configuration/conference and conference_alias) ---- */

static json_t *alias_json(sim_world *w, const char *alias, long vmr_id, double created,
                          bool with_uri)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    char buf[96];
    long id = w->next_alias_id;
    sw_jset_str(o, "alias", alias);
    snprintf(buf, sizeof buf, "/api/admin/configuration/v1/conference/%ld/", vmr_id);
    sw_jset_str(o, "conference", buf);
    json_object_set_new(o, "creation_time", sw_w_iso_json(created, true));
    sw_jset_str(o, "description", "");
    sw_jset_int(o, "id", id);
    if (with_uri) {
        snprintf(buf, sizeof buf, "/api/admin/configuration/v1/conference_alias/%ld/", id);
        sw_jset_str(o, "resource_uri", buf);
    }
    return o;
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static json_t *vmr_json(sim_world *w, w_vmr *v, double created)
{
    json_t *o = json_object();
    json_t *aliases = json_array();
    if (!o || !aliases) {
        json_decref(o);
        json_decref(aliases);
        return NULL;
    }
    char slug[128], alias[192], buf[96];
    sw_gen_slug(v->name, slug, sizeof slug);
    if (!*slug)
        snprintf(slug, sizeof slug, "vmr%ld", v->id);
    for (int k = 0; k < 2; k++) {
        snprintf(alias, sizeof alias, k == 0 ? "meet.%s" : "meet.%s@example.com", slug);
        json_t *embedded = alias_json(w, alias, v->id, created, false);
        json_t *flat = alias_json(w, alias, v->id, created, true);
        w->next_alias_id++;
        if (embedded)
            json_array_append_new(aliases, embedded);
        if (flat)
            json_array_append_new(sw_w_coll(w, C_CF_ALIAS), flat);
        lower(alias);
        sw_w_map_put(&w->sw_vmr_by_alias, alias, v);
        if (k == 1)
            v->alias_main = strdup(alias);
    }
    json_object_set_new(o, "aliases", aliases);
    sw_jset_bool(o, "allow_guests", strcmp(v->service_type, "lecture") == 0);
    json_object_set_new(o, "automatic_participants", json_array());
    sw_jset_str(o, "call_type", "video");
    json_object_set_new(o, "creation_time", sw_w_iso_json(created, true));
    sw_jset_str(o, "crypto_mode", "");
    sw_jset_str(o, "description", "");
    sw_jset_bool(o, "enable_active_speaker_indication", false);
    sw_jset_str(o, "enable_chat", "default");
    sw_jset_bool(o, "enable_overlay_text", false);
    sw_jset_bool(o, "force_presenter_into_main", false);
    sw_jset_str(o, "guest_pin", "");
    sw_jset_null(o, "guest_view");
    sw_jset_bool(o, "guests_can_present", true);
    sw_jset_str(o, "host_view", "one_main_seven_pips");
    sw_jset_int(o, "id", v->id);
    sw_jset_null(o, "ivr_theme");
    sw_jset_str(o, "match_string", "");
    sw_jset_null(o, "max_callrate_in");
    sw_jset_null(o, "max_callrate_out");
    sw_jset_null(o, "max_pixels_per_second");
    sw_jset_null(o, "mssip_proxy");
    sw_jset_bool(o, "mute_all_guests", false);
    sw_jset_str(o, "name", v->name);
    sw_jset_null(o, "participant_limit");
    sw_jset_str(o, "pin", "");
    sw_jset_str(o, "primary_owner_email_address", "");
    sw_jset_str(o, "replace_string", "");
    snprintf(buf, sizeof buf, "/api/admin/configuration/v1/conference/%ld/", v->id);
    sw_jset_str(o, "resource_uri", buf);
    sw_jset_str(o, "service_type", v->service_type);
    sw_jset_str(o, "sync_tag", "");
    sw_jset_null(o, "system_location");
    sw_jset_str(o, "tag", v->tag);
    return o;
}

w_vmr *sw_vmr_create(sim_world *w, const char *name, const char *service_type, double created)
{
    w_vmr *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    static const char *const tags[] = {"", "", "", "sales", "eng", "exec", "support"};
    v->id = w->next_vmr_id++;
    v->name = strdup(name);
    v->tag = strdup(GEN_PICK(w, tags));
    v->service_type = service_type;
    if (!v->name || !v->tag || !sw_w_vec_push(&w->vmrs, v)) {
        free(v->name);
        free(v->tag);
        free(v);
        return NULL;
    }
    v->obj = vmr_json(w, v, created);
    if (v->obj)
        json_array_append(sw_w_coll(w, C_CF_CONFERENCE), v->obj);
    sw_w_map_put(&w->vmr_by_name, v->name, v);
    return v;
}

w_vmr *sw_vmr_by_alias(sim_world *w, const char *alias)
{
    char key[256];
    if (!alias)
        return NULL;
    const char *a = alias;
    if (strncmp(a, "sip:", 4) == 0)
        a += 4;
    snprintf(key, sizeof key, "%s", a);
    lower(key);
    return sw_w_map_get(&w->sw_vmr_by_alias, key);
}

/* A VMR without a live conference, from a random start; test-call and
 * reception services only when `allow_special`. */
w_vmr *sw_vmr_free_pick(sim_world *w, bool allow_special)
{
    size_t n = w->vmrs.n;
    if (n == 0)
        return NULL;
    size_t start = (size_t)sw_rng_int(&w->rng, 0, (int)n - 1);
    for (size_t k = 0; k < n; k++) {
        w_vmr *v = w->vmrs.items[(start + k) % n];
        if (v->live)
            continue;
        if (!allow_special && (strcmp(v->service_type, "test_call") == 0 ||
                               strcmp(v->service_type, "two_stage_dialing") == 0))
            continue;
        return v;
    }
    return NULL;
}

w_vmr *sw_vmr_of_type(sim_world *w, const char *type)
{
    for (size_t i = 0; i < w->vmrs.n; i++) {
        w_vmr *v = w->vmrs.items[i];
        if (!v->live && strcmp(v->service_type, type) == 0)
            return v;
    }
    return NULL;
}
