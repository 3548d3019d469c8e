/* Name resolution for batch mode: fetch the listing, match (ops/resolve),
 * say what happened. */
#include "cli/resolve.h"

#include "api/resources.h"
#include "common/sanitize.h"
#include "ops/vmr.h"

#include <stdio.h>
#include <string.h>

static void print_candidates(const json_t *objects, const ops_match *m, const ops_target_spec *spec)
{
    for (size_t i = 0; i < m->nmatches; i++) {
        cli_target t;
        ops_found_fill(&t, json_array_get(objects, m->candidates[i]), spec);
        if (spec->conf_field)
            fprintf(stderr, "  %s  %s  (conference %s)\n", t.id, t.name, t.conference);
        else
            fprintf(stderr, "  %s  %s\n", t.id, t.name);
    }
}

/* Pick the one object whose id or name is `what`. */
static int pick_target(const json_t *objects, const char *what, const ops_target_spec *spec,
                       cli_target *out)
{
    ops_match m;
    ops_resolve(objects, what, spec, &m);
    char typed[256];
    sanitize_into(typed, sizeof typed, what);
    int rc = CLI_EXIT_OK;
    switch (m.status) {
    case OPS_MATCH_ONE:
        ops_found_fill(out, json_array_get(objects, m.index), spec);
        break;
    case OPS_MATCH_LEG:
        ops_found_fill(out, json_array_get(objects, m.index), spec);
        fprintf(stderr, "pexcon: '%s' is one person with %zu legs; using %s\n", typed, m.nmatches,
                out->id);
        break;
    case OPS_MATCH_NONE:
        fprintf(stderr, "pexcon: no live %s has the id or name '%s'\n", spec->kind, typed);
        rc = CLI_EXIT_USAGE;
        break;
    case OPS_MATCH_AMBIGUOUS:
        fprintf(stderr, "pexcon: '%s' matches %zu %ss; nothing was sent. Use an id:\n", typed,
                m.nmatches, spec->kind);
        print_candidates(objects, &m, spec);
        rc = CLI_EXIT_USAGE;
        break;
    }
    ops_match_free(&m);
    return rc;
}

static int list_failed(const char *kind, const char *what, cli_list_result *res)
{
    char typed[256], why[400];
    json_decref(res->objects);
    sanitize_into(typed, sizeof typed, what);
    snprintf(why, sizeof why, "cannot look up the %s '%s'", kind, typed);
    return cli_report_error(why, &res->error);
}

static int resolve(cli_session *s, const char *resource, const api_param *params, size_t nparams,
                   const char *what, const ops_target_spec *spec, cli_target *out)
{
    cli_list_result res;
    if (cli_list(s, resource, params, nparams, &res) != CLI_EXIT_OK)
        return list_failed(spec->kind, what, &res);
    int rc = pick_target(res.objects, what, spec, out);
    json_decref(res.objects);
    return rc;
}

int cli_resolve_participant(cli_session *s, const char *what, const char *conference,
                            bool prefer_media, cli_target *out)
{
    ops_target_spec spec = ops_participant_spec;
    spec.prefer_media = prefer_media;
    api_param p = {"conference", conference};
    return resolve(s, API_STATUS_PARTICIPANT, conference ? &p : NULL, conference ? 1 : 0, what,
                   &spec, out);
}

int cli_resolve_conference(cli_session *s, const char *what, cli_target *out)
{
    return resolve(s, API_STATUS_CONFERENCE, NULL, 0, what, &ops_conference_spec, out);
}

int cli_resolve_conference_or_vmr(cli_session *s, const char *what, cli_target *out, bool *live)
{
    cli_list_result res;
    if (cli_list(s, API_STATUS_CONFERENCE, NULL, 0, &res) != CLI_EXIT_OK)
        return list_failed("conference", what, &res);
    ops_match m;
    ops_resolve(res.objects, what, &ops_conference_spec, &m);
    *live = m.status != OPS_MATCH_NONE;
    ops_match_free(&m);
    int rc = CLI_EXIT_OK;
    if (*live) {
        rc = pick_target(res.objects, what, &ops_conference_spec, out);
    } else {
        /* Not running now: take it as a VMR name. */
        memset(out, 0, sizeof *out);
        snprintf(out->raw_name, sizeof out->raw_name, "%s", what);
        sanitize_into(out->name, sizeof out->name, what);
    }
    json_decref(res.objects);
    return rc;
}

typedef struct vmr_wait {
    bool done;
    const char *name;
    char *alias;
    size_t size;
    int rc;
} vmr_wait;

static void vmr_found(const ops_vmr_result *r, void *ctx)
{
    vmr_wait *w = ctx;
    w->done = true;
    if (r->alias) {
        snprintf(w->alias, w->size, "%s", r->alias);
    } else if (r->error) {
        w->rc = cli_report_error("cannot look up the VMR's alias", r->error);
    } else {
        char clean[256];
        sanitize_into(clean, sizeof clean, w->name);
        fprintf(stderr, "pexcon: %s '%s'; give the alias with --alias ALIAS\n",
                r->vmr_known ? "found no alias for the VMR" : "no VMR is called", clean);
        w->rc = CLI_EXIT_USAGE;
    }
}

int cli_lookup_vmr_alias(cli_session *s, const char *vmr_name, char *alias, size_t size)
{
    alias[0] = '\0';
    vmr_wait w = {false, vmr_name, alias, size, CLI_EXIT_OK};
    ops_vmr_lookup *l = ops_vmr_lookup_start(s->client, vmr_name, vmr_found, &w);
    cli_session_wait(s, &w.done);
    if (!w.done) {
        ops_vmr_lookup_cancel(l);
        api_error e = {.kind = API_ERR_NETWORK};
        snprintf(e.message, sizeof e.message, "no answer (request lost)");
        return cli_report_error("cannot look up the VMR's alias", &e);
    }
    return w.rc;
}
