#include "cli/resolve.h"

#include "api/resources.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "model/history.h"
#include "model/participants.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_looks_like_uuid(const char *s)
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

/* A name matches when it is what the operator typed, either as stored or as
 * displayed (sanitized): a hostile name cannot be typed with its escapes. */
static bool name_matches(const char *stored, const char *typed)
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

typedef struct target_fields {
    const char *kind;       /* "participant" / "conference" */
    const char *name_field; /* display_name / name */
    const char *conf_field; /* conference / NULL */
    bool legs;              /* several legs of one person count as one */
    bool prefer_media;      /* ...and then the leg with media is wanted */
} target_fields;

static void target_fill(cli_target *t, const json_t *obj, const target_fields *tf)
{
    memset(t, 0, sizeof *t);
    jget_id(obj, "id", t->id, sizeof t->id);
    const char *name = jget_str(obj, tf->name_field);
    snprintf(t->raw_name, sizeof t->raw_name, "%s", name ? name : "");
    sanitize_into(t->name, sizeof t->name, name);
    if (tf->conf_field) {
        const char *conf = jget_str(obj, tf->conf_field);
        snprintf(t->raw_conference, sizeof t->raw_conference, "%s", conf ? conf : "");
        sanitize_into(t->conference, sizeof t->conference, conf);
    }
    const char *role = jget_str(obj, "role");
    sanitize_into(t->role, sizeof t->role, role);
    t->waiting = tf->conf_field && participant_is_waiting(obj);
}

static void print_candidates(const json_t *objects, const size_t *idx, size_t n,
                             const target_fields *tf)
{
    for (size_t i = 0; i < n; i++) {
        cli_target t;
        target_fill(&t, json_array_get(objects, idx[i]), tf);
        if (tf->conf_field)
            fprintf(stderr, "  %s  %s  (conference %s)\n", t.id, t.name, t.conference);
        else
            fprintf(stderr, "  %s  %s\n", t.id, t.name);
    }
}

/* When every match is a leg of the same person, the leg to use (index into
 * objects), else n. */
static size_t person_leg(const json_t *objects, const size_t *idx, size_t n,
                         const target_fields *tf)
{
    if (!tf->legs)
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
    if (tf->prefer_media && jget_bool(json_array_get(objects, best), "has_media") != 1) {
        for (size_t i = 0; i < n; i++) {
            if (jget_bool(json_array_get(objects, idx[i]), "has_media") == 1)
                return idx[i];
        }
    }
    return best;
}

/* Pick the one object whose id or name is `what`. */
static int pick_target(const json_t *objects, const char *what, const target_fields *tf,
                       cli_target *out)
{
    size_t n = json_array_size(objects), nmatch = 0;
    size_t *matches = calloc(n ? n : 1, sizeof *matches);
    if (!matches) {
        fprintf(stderr, "pexcon: out of memory\n");
        return CLI_EXIT_REFUSED;
    }
    char id[128];
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(objects, i);
        if (strcmp(jget_id(o, "id", id, sizeof id), what) == 0) {
            /* An exact id wins over any name. */
            target_fill(out, o, tf);
            free(matches);
            return CLI_EXIT_OK;
        }
        if (name_matches(jget_str(o, tf->name_field), what))
            matches[nmatch++] = i;
    }
    char typed[256];
    sanitize_into(typed, sizeof typed, what);
    int rc = CLI_EXIT_OK;
    size_t leg = nmatch > 1 ? person_leg(objects, matches, nmatch, tf) : n;
    if (nmatch == 1) {
        target_fill(out, json_array_get(objects, matches[0]), tf);
    } else if (leg < n) {
        target_fill(out, json_array_get(objects, leg), tf);
        fprintf(stderr, "pexcon: '%s' is one person with %zu legs; using %s\n", typed, nmatch,
                out->id); /* nmatch > 1: always "legs" */
    } else if (nmatch == 0) {
        fprintf(stderr, "pexcon: no live %s has the id or name '%s'\n", tf->kind, typed);
        rc = CLI_EXIT_USAGE;
    } else {
        fprintf(stderr, "pexcon: '%s' matches %zu %ss; nothing was sent. Use an id:\n", typed,
                nmatch, tf->kind);
        print_candidates(objects, matches, nmatch, tf);
        rc = CLI_EXIT_USAGE;
    }
    free(matches);
    return rc;
}

static int resolve(cli_session *s, const char *resource, const api_param *params, size_t nparams,
                   const char *what, const target_fields *tf, cli_target *out)
{
    cli_list_result res;
    int rc = cli_list(s, resource, params, nparams, &res);
    if (rc == CLI_EXIT_OK) {
        rc = pick_target(res.objects, what, tf, out);
    } else {
        char typed[256], why[400];
        sanitize_into(typed, sizeof typed, what);
        snprintf(why, sizeof why, "cannot look up the %s '%s'", tf->kind, typed);
        cli_report_error(why, &res.error);
    }
    json_decref(res.objects);
    return rc;
}

int cli_resolve_participant(cli_session *s, const char *what, const char *conference,
                            bool prefer_media, cli_target *out)
{
    target_fields tf = {"participant", "display_name", "conference", true, prefer_media};
    api_param p = {"conference", conference};
    return resolve(s, API_STATUS_PARTICIPANT, conference ? &p : NULL, conference ? 1 : 0, what, &tf,
                   out);
}

static const target_fields conference_fields = {"conference", "name", NULL, false, false};

int cli_resolve_conference(cli_session *s, const char *what, cli_target *out)
{
    return resolve(s, API_STATUS_CONFERENCE, NULL, 0, what, &conference_fields, out);
}

int cli_resolve_conference_or_vmr(cli_session *s, const char *what, cli_target *out, bool *live)
{
    cli_list_result res;
    int rc = cli_list(s, API_STATUS_CONFERENCE, NULL, 0, &res);
    if (rc != CLI_EXIT_OK) {
        json_decref(res.objects);
        char typed[256], why[400];
        sanitize_into(typed, sizeof typed, what);
        snprintf(why, sizeof why, "cannot look up the conference '%s'", typed);
        return cli_report_error(why, &res.error);
    }
    *live = false;
    char id[128];
    size_t n = json_array_size(res.objects), hits = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(res.objects, i);
        if (strcmp(jget_id(o, "id", id, sizeof id), what) == 0 ||
            name_matches(jget_str(o, "name"), what))
            hits++;
    }
    if (hits > 0) {
        *live = true;
        rc = pick_target(res.objects, what, &conference_fields, out);
    } else {
        /* Not running now: take it as a VMR name. */
        memset(out, 0, sizeof *out);
        snprintf(out->raw_name, sizeof out->raw_name, "%s", what);
        sanitize_into(out->name, sizeof out->name, what);
    }
    json_decref(res.objects);
    return rc;
}

/* First alias in a configuration conference's embedded `aliases`. */
static const char *embedded_alias(const json_t *conference)
{
    const json_t *aliases = json_object_get(conference, "aliases");
    for (size_t i = 0; i < json_array_size(aliases); i++) {
        const char *a = jget_str(json_array_get(aliases, i), "alias");
        if (a && a[0])
            return a;
    }
    return NULL;
}

int cli_lookup_vmr_alias(cli_session *s, const char *vmr_name, char *alias, size_t size)
{
    alias[0] = '\0';
    cli_list_result res;
    api_param by_name = {"name", vmr_name};
    int rc = cli_list(s, API_CONFIG_CONFERENCE, &by_name, 1, &res);
    if (rc != CLI_EXIT_OK) {
        json_decref(res.objects);
        return cli_report_error("cannot look up the VMR's alias", &res.error);
    }
    size_t n = json_array_size(res.objects);
    for (size_t i = 0; i < n && !alias[0]; i++) {
        const json_t *o = json_array_get(res.objects, i);
        const char *a = jget_str(o, "name") && strcmp(jget_str(o, "name"), vmr_name) == 0
                            ? embedded_alias(o)
                            : NULL;
        if (a)
            snprintf(alias, size, "%s", a);
    }
    bool vmr_known = n > 0;
    json_decref(res.objects);
    if (!alias[0]) {
        /* Aliases given as URIs (or not embedded): ask conference_alias. */
        api_param by_conf = {"conference__name", vmr_name};
        rc = cli_list(s, API_CONFIG_CONFERENCE_ALIAS, &by_conf, 1, &res);
        if (rc != CLI_EXIT_OK) {
            json_decref(res.objects);
            return cli_report_error("cannot look up the VMR's alias", &res.error);
        }
        const char *a = jget_str(json_array_get(res.objects, 0), "alias");
        if (a)
            snprintf(alias, size, "%s", a);
        json_decref(res.objects);
    }
    if (alias[0])
        return CLI_EXIT_OK;
    char clean[256];
    sanitize_into(clean, sizeof clean, vmr_name);
    fprintf(stderr, "pexcon: %s '%s'; give the alias with --alias ALIAS\n",
            vmr_known ? "found no alias for the VMR" : "no VMR is called", clean);
    return CLI_EXIT_USAGE;
}
