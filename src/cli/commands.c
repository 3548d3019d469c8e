/* Conference-control verbs: resolve the target (id or exact name), send one
 * command, print the outcome in the server's own words, audit it. */
#include "cli/verbs.h"

#include "cli/args.h"
#include "cli/audit.h"
#include "cli/resolve.h"
#include "cli/session.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_CMD_PARAMS 16

typedef enum target_kind { T_PARTICIPANT, T_CONFERENCE, T_VMR } target_kind;

typedef struct command_verb command_verb;

typedef struct command_ctx {
    const pexcon_config *cfg;
    const command_verb *verb;
    cli_args args;
    cli_target target;
    bool target_live;
    api_param params[MAX_CMD_PARAMS];
    size_t nparams;
    char alias[512];
    char role[16];
} command_ctx;

typedef int (*prepare_fn)(command_ctx *c);
typedef int (*build_fn)(command_ctx *c, cli_session *s);

struct command_verb {
    const char *verb;
    const char *api_command;
    target_kind target;
    size_t npositional;
    const char *synopsis; /* after the verb */
    const char *summary;
    const char *details; /* options and notes for --help */
    const cli_option *options;
    size_t noptions;
    prepare_fn prepare; /* checks that need no network; may be NULL */
    build_fn build;     /* fills params once the target is known */
};

static const char *const layouts[] = {"1:0", "1:7",  "1:21", "2:21", "1:33", "4:0",
                                      "9:0", "16:0", "25:0", "5:7",  "ac",   "teams"};

static const char *opt(const command_ctx *c, const char *name)
{
    return cli_args_get(&c->args, c->verb->options, c->verb->noptions, name);
}

static void param(command_ctx *c, const char *key, const char *value)
{
    if (value && c->nparams < MAX_CMD_PARAMS)
        c->params[c->nparams++] = (api_param){key, value};
}

static bool valid_role(const char *r)
{
    return r && (strcmp(r, "chair") == 0 || strcmp(r, "guest") == 0);
}

static bool valid_layout(const char *l)
{
    for (size_t i = 0; l && i < sizeof layouts / sizeof layouts[0]; i++)
        if (strcmp(l, layouts[i]) == 0)
            return true;
    return false;
}

/* ---- per-verb checks and parameters ---- */

static int build_participant(command_ctx *c, cli_session *s)
{
    (void)s;
    param(c, "participant_id", c->target.id);
    return CLI_EXIT_OK;
}

/* Admit only someone who waits to be let in, as the console's key does. */
static int build_admit(command_ctx *c, cli_session *s)
{
    if (!c->target.waiting) {
        fprintf(stderr,
                "pexcon admit: participant \"%s\" (%s) in %s is not waiting to be admitted; "
                "nothing was sent\n",
                c->target.name, c->target.id, c->target.conference);
        return CLI_EXIT_USAGE;
    }
    return build_participant(c, s);
}

static int build_conference(command_ctx *c, cli_session *s)
{
    (void)s;
    param(c, "conference_id", c->target.id);
    return CLI_EXIT_OK;
}

static int prepare_role(command_ctx *c)
{
    if (!valid_role(c->args.positional[1]))
        return cli_usage_error(c->verb->verb, "role must be chair or guest, not '%s'",
                               c->args.positional[1]);
    return CLI_EXIT_OK;
}

static int build_role(command_ctx *c, cli_session *s)
{
    build_participant(c, s);
    param(c, "role", c->args.positional[1]);
    return CLI_EXIT_OK;
}

static int prepare_transfer(command_ctx *c)
{
    const char *role = opt(c, "role");
    if (role && !valid_role(role))
        return cli_usage_error(c->verb->verb, "--role must be chair or guest, not '%s'", role);
    if (!c->args.positional[1][0])
        return cli_usage_error(c->verb->verb, "the target alias is empty");
    return CLI_EXIT_OK;
}

static int build_transfer(command_ctx *c, cli_session *s)
{
    build_participant(c, s);
    param(c, "conference_alias", c->args.positional[1]);
    /* Without --role the participant keeps the role it has now. */
    const char *role = opt(c, "role");
    snprintf(c->role, sizeof c->role, "%s",
             role                         ? role
             : valid_role(c->target.role) ? c->target.role
                                          : "guest");
    param(c, "role", c->role);
    return CLI_EXIT_OK;
}

static int prepare_layout(command_ctx *c)
{
    const char *which[] = {NULL, "host-layout", "guest-layout"};
    for (size_t i = 0; i < 3; i++) {
        const char *l = which[i] ? opt(c, which[i]) : c->args.positional[1];
        if (l && !valid_layout(l)) {
            cli_usage_error(c->verb->verb, "unknown layout '%s'", l);
            fputs("Layouts: 1:0 1:7 1:21 2:21 1:33 4:0 9:0 16:0 25:0 5:7 ac teams\n", stderr);
            return CLI_EXIT_USAGE;
        }
    }
    const char *overlay = opt(c, "overlay-text");
    if (overlay && strcmp(overlay, "on") != 0 && strcmp(overlay, "off") != 0)
        return cli_usage_error(c->verb->verb, "--overlay-text must be on or off, not '%s'",
                               overlay);
    return CLI_EXIT_OK;
}

static int build_layout(command_ctx *c, cli_session *s)
{
    build_conference(c, s);
    param(c, "layout", c->args.positional[1]);
    param(c, "host_layout", opt(c, "host-layout"));
    param(c, "guest_layout", opt(c, "guest-layout"));
    const char *overlay = opt(c, "overlay-text");
    if (overlay)
        param(c, "enable_overlay_text", strcmp(overlay, "on") == 0 ? "true" : "false");
    return CLI_EXIT_OK;
}

static int prepare_dial(command_ctx *c)
{
    const char *role = opt(c, "role"), *routing = opt(c, "routing");
    if (role && !valid_role(role))
        return cli_usage_error(c->verb->verb, "--role must be chair or guest, not '%s'", role);
    if (routing && strcmp(routing, "manual") != 0 && strcmp(routing, "routing_rule") != 0)
        return cli_usage_error(c->verb->verb, "--routing must be manual or routing_rule, not '%s'",
                               routing);
    if (!c->args.positional[1][0])
        return cli_usage_error(c->verb->verb, "the destination is empty");
    return CLI_EXIT_OK;
}

static int build_dial(command_ctx *c, cli_session *s)
{
    const char *alias = opt(c, "alias");
    if (alias) {
        snprintf(c->alias, sizeof c->alias, "%s", alias);
    } else {
        int rc = cli_lookup_vmr_alias(s, c->target.raw_name, c->alias, sizeof c->alias);
        if (rc)
            return rc;
    }
    param(c, "conference_alias", c->alias);
    param(c, "destination", c->args.positional[1]);
    param(c, "role", opt(c, "role"));
    param(c, "protocol", opt(c, "protocol"));
    param(c, "system_location", opt(c, "location"));
    param(c, "routing", opt(c, "routing"));
    param(c, "remote_display_name", opt(c, "display-name"));
    return CLI_EXIT_OK;
}

/* ---- the verb table ---- */

static const cli_option participant_opts[] = {{"conference", 0, true, false}};
static const cli_option transfer_opts[] = {{"conference", 0, true, false},
                                           {"role", 0, true, false}};
static const cli_option layout_opts[] = {{"overlay-text", 0, true, false},
                                         {"host-layout", 0, true, false},
                                         {"guest-layout", 0, true, false}};
static const cli_option dial_opts[] = {
    {"role", 0, true, false},    {"protocol", 0, true, false},     {"location", 0, true, false},
    {"routing", 0, true, false}, {"display-name", 0, true, false}, {"alias", 0, true, false},
};
#define OPTS(a) a, sizeof(a) / sizeof((a)[0])

static const char participant_note[] =
    "PARTICIPANT is a participant id or an exact display name. A name that\n"
    "matches several participants is refused (exit 2) and the candidates are\n"
    "listed; nothing is sent.\n"
    "\n"
    "Options:\n"
    "  --conference NAME   only consider participants of this conference\n";
static const char conference_note[] =
    "CONFERENCE is a live conference id or its exact name. A name that matches\n"
    "several conferences is refused (exit 2); nothing is sent.\n";

static const command_verb verbs[] = {
    {"mute", "participant/mute", T_PARTICIPANT, 1, "PARTICIPANT", "mute a participant's audio",
     participant_note, OPTS(participant_opts), NULL, build_participant},
    {"unmute", "participant/unmute", T_PARTICIPANT, 1, "PARTICIPANT",
     "unmute a participant's audio", participant_note, OPTS(participant_opts), NULL,
     build_participant},
    {"disconnect", "participant/disconnect", T_PARTICIPANT, 1, "PARTICIPANT",
     "disconnect a participant", participant_note, OPTS(participant_opts), NULL, build_participant},
    {"admit", "participant/unlock", T_PARTICIPANT, 1, "PARTICIPANT",
     "let a participant waiting in a locked conference in", participant_note,
     OPTS(participant_opts), NULL, build_admit},
    {"role", "participant/role", T_PARTICIPANT, 2, "PARTICIPANT chair|guest",
     "change a participant's role", participant_note, OPTS(participant_opts), prepare_role,
     build_role},
    {"transfer", "participant/transfer", T_PARTICIPANT, 2, "PARTICIPANT ALIAS [--role R]",
     "move a participant to the conference of ALIAS",
     "PARTICIPANT is a participant id or an exact display name (ambiguous names\n"
     "are refused, exit 2). ALIAS is an alias of the target conference.\n"
     "\n"
     "Options:\n"
     "  --role chair|guest  role in the new conference (default: the current role)\n"
     "  --conference NAME   only consider participants of this conference\n",
     OPTS(transfer_opts), prepare_transfer, build_transfer},
    {"lock", "conference/lock", T_CONFERENCE, 1, "CONFERENCE",
     "lock a conference (new participants wait for a host)", conference_note, NULL, 0, NULL,
     build_conference},
    {"unlock", "conference/unlock", T_CONFERENCE, 1, "CONFERENCE", "unlock a conference",
     conference_note, NULL, 0, NULL, build_conference},
    {"mute-guests", "conference/mute_guests", T_CONFERENCE, 1, "CONFERENCE",
     "mute every guest of a conference", conference_note, NULL, 0, NULL, build_conference},
    {"unmute-guests", "conference/unmute_guests", T_CONFERENCE, 1, "CONFERENCE",
     "unmute every guest of a conference", conference_note, NULL, 0, NULL, build_conference},
    {"disconnect-conference", "conference/disconnect", T_CONFERENCE, 1, "CONFERENCE",
     "disconnect every participant of a conference", conference_note, NULL, 0, NULL,
     build_conference},
    {"layout", "conference/transform_layout", T_CONFERENCE, 2, "CONFERENCE LAYOUT",
     "change a conference's layout",
     "CONFERENCE is a live conference id or its exact name (ambiguous: exit 2).\n"
     "LAYOUT is one of 1:0 1:7 1:21 2:21 1:33 4:0 9:0 16:0 25:0 5:7 ac teams.\n"
     "\n"
     "Options:\n"
     "  --overlay-text on|off  show participant names\n"
     "  --host-layout LAYOUT   layout seen by hosts\n"
     "  --guest-layout LAYOUT  layout seen by guests\n",
     OPTS(layout_opts), prepare_layout, build_layout},
    {"dial", "participant/dial", T_VMR, 2, "CONFERENCE DESTINATION [options]",
     "call DESTINATION into a conference",
     "CONFERENCE is a live conference (id or name) or a VMR name; the call comes\n"
     "from the VMR's first alias (looked up in its configuration) unless --alias\n"
     "is given. The new participant's id is printed.\n"
     "\n"
     "Options:\n"
     "  --role chair|guest        role of the new participant\n"
     "  --protocol P              sip, h323, mssip, rtmp, gms or teams\n"
     "  --location NAME           system location to place the call from\n"
     "  --routing manual|routing_rule\n"
     "                            routing_rule: Call Routing Rules choose (needs\n"
     "                            --location); manual: this location's nodes\n"
     "  --display-name NAME       the name shown for the new participant\n"
     "  --alias ALIAS             the alias the call comes from (skip the lookup)\n",
     OPTS(dial_opts), prepare_dial, build_dial},
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

static const command_verb *find_verb(const char *name)
{
    for (size_t i = 0; name && i < NVERBS; i++)
        if (strcmp(verbs[i].verb, name) == 0)
            return &verbs[i];
    return NULL;
}

bool cli_is_command_verb(const char *verb)
{
    return find_verb(verb) != NULL;
}

void cli_list_commands(FILE *f)
{
    for (size_t i = 0; i < NVERBS; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", verbs[i].verb, verbs[i].synopsis);
        fprintf(f, "  %-40s %s\n", head, verbs[i].summary);
    }
}

bool cli_help_command(FILE *f, const char *name)
{
    const command_verb *v = find_verb(name);
    if (!v)
        return false;
    fprintf(f, "Usage: pexcon [global options] %s %s\n\n", v->verb, v->synopsis);
    fprintf(f, "%c%s (command %s).\n\n", toupper((unsigned char)v->summary[0]), v->summary + 1,
            v->api_command);
    fputs(v->details, f);
    fputs("  -h, --help          this help\n"
          "\n"
          "Prints the outcome with the server's own message. Exit status: 0 accepted,\n"
          "1 refused by the server, 2 usage error, unknown or ambiguous name, or\n"
          "read-only, 3 connection, TLS or authentication failure. Every command sent\n"
          "is recorded in the audit log ($XDG_STATE_HOME/pexcon/audit.log).\n",
          f);
    return true;
}

/* ---- running one command ---- */

static int resolve_target(command_ctx *c, cli_session *s)
{
    const char *what = c->args.positional[0];
    switch (c->verb->target) {
    case T_PARTICIPANT:
        return cli_resolve_participant(s, what, opt(c, "conference"), false, &c->target);
    case T_CONFERENCE:
        c->target_live = true;
        return cli_resolve_conference(s, what, &c->target);
    case T_VMR:
        return cli_resolve_conference_or_vmr(s, what, &c->target, &c->target_live);
    }
    return CLI_EXIT_USAGE;
}

static void describe_target(const command_ctx *c, char *buf, size_t size)
{
    const cli_target *t = &c->target;
    if (c->verb->target == T_PARTICIPANT)
        snprintf(buf, size, "participant \"%s\" (%s) in %s", t->name, t->id, t->conference);
    else if (t->id[0])
        snprintf(buf, size, "conference \"%s\" (%s)", t->name, t->id);
    else
        snprintf(buf, size, "VMR \"%s\"", t->name);
}

static void print_dial_ids(const json_t *data)
{
    const json_t *ids = json_object_get(data, "participant_ids");
    char id[128];
    if (json_array_size(ids) > 0) {
        for (size_t i = 0; i < json_array_size(ids); i++) {
            const json_t *v = json_array_get(ids, i);
            char clean[128];
            sanitize_into(clean, sizeof clean, json_is_string(v) ? json_string_value(v) : "");
            if (clean[0])
                printf("participant_id: %s\n", clean);
        }
    } else if (jget_id(data, "participant_id", id, sizeof id)[0]) {
        char clean[128];
        sanitize_into(clean, sizeof clean, id);
        printf("participant_id: %s\n", clean);
    }
}

static int report_outcome(const command_ctx *c, const cli_command_outcome *o)
{
    char target[800];
    describe_target(c, target, sizeof target);
    if (o->accepted) {
        printf("%s: accepted: %s\n", c->verb->verb, target);
        if (o->message[0])
            printf("server: %s\n", o->message);
        if (c->verb->target == T_VMR)
            print_dial_ids(o->data);
        return CLI_EXIT_OK;
    }
    if (o->unknown_outcome) {
        /* The api message says the outcome is unknown and what to do. */
        fprintf(stderr, "pexcon %s: %s: %s\n", c->verb->verb, target, o->message);
        int rc = cli_exit_for_error(o->error.kind);
        return rc ? rc : CLI_EXIT_REFUSED;
    }
    if (o->target_gone) {
        bool person = c->verb->target == T_PARTICIPANT;
        fprintf(stderr, "pexcon %s: %s: the %s is gone (it %s before the command arrived)\n",
                c->verb->verb, target, person ? "participant" : "conference",
                person ? "left" : "ended");
        return CLI_EXIT_REFUSED;
    }
    if (o->http_status > 0)
        fprintf(stderr, "pexcon %s: refused by the server (HTTP %ld) for %s: %s\n", c->verb->verb,
                o->http_status, target, o->message);
    else
        fprintf(stderr, "pexcon %s: failed for %s: %s\n", c->verb->verb, target, o->message);
    int rc = cli_exit_for_error(o->error.kind);
    return rc ? rc : CLI_EXIT_REFUSED;
}

static void audit_command(const command_ctx *c, const cli_command_outcome *o)
{
    json_t *params = api_command_body(c->verb->api_command, c->params, c->nparams);
    audit_entry e = {
        .source = "batch",
        .profile = c->cfg->profile,
        .url = c->cfg->url,
        .user = c->cfg->user,
        .command = c->verb->api_command,
        .target_id = c->target.id[0] ? c->target.id : NULL,
        .target_name = c->target.raw_name[0] ? c->target.raw_name : NULL,
        .params = params,
        .outcome = o->accepted          ? AUDIT_ACCEPTED
                   : o->unknown_outcome ? AUDIT_UNKNOWN
                                        : AUDIT_REFUSED,
        .http_status = o->http_status,
        .message = o->message,
        .latency_ms = o->latency > 0 ? o->latency * 1000 : -1,
    };
    int rc = audit_append(NULL, &e, NULL, NULL);
    if (rc != 0)
        fprintf(stderr, "pexcon: warning: could not write the audit log: %s\n", strerror(-rc));
    json_decref(params);
}

typedef struct generic_command {
    const char *command;
    const api_param *params;
    size_t nparams;
} generic_command;

static api_request *start_generic(api_client *client, const void *args, api_command_cb cb,
                                  void *ctx)
{
    const generic_command *g = args;
    return api_command(client, g->command, g->params, g->nparams, cb, ctx);
}

static int run_command(command_ctx *c)
{
    cli_session s;
    int rc = cli_session_open(&s, c->cfg);
    if (rc)
        return rc;
    rc = resolve_target(c, &s);
    if (rc == 0)
        rc = c->verb->build(c, &s);
    if (rc == 0) {
        generic_command g = {c->verb->api_command, c->params, c->nparams};
        cli_command_outcome o;
        cli_run_command(&s, start_generic, &g, &o);
        rc = report_outcome(c, &o);
        audit_command(c, &o);
        cli_command_outcome_free(&o);
    }
    cli_session_close(&s);
    return rc;
}

int cli_verb_command(const pexcon_config *cfg, int argc, char **argv)
{
    command_ctx c;
    memset(&c, 0, sizeof c);
    c.cfg = cfg;
    c.verb = find_verb(argv[0]);
    if (!c.verb)
        return CLI_EXIT_USAGE;
    cli_option_value values[8];
    int rc = cli_args_parse(&c.args, values, c.verb->options, c.verb->noptions, argc, argv);
    if (rc)
        return rc;
    if (c.args.help) {
        cli_help_command(stdout, c.verb->verb);
        return CLI_EXIT_OK;
    }
    if (c.args.npositional != c.verb->npositional) {
        fprintf(stderr, "Usage: pexcon %s %s (see pexcon %s --help)\n", c.verb->verb,
                c.verb->synopsis, c.verb->verb);
        return CLI_EXIT_USAGE;
    }
    if (!c.args.positional[0][0])
        return cli_usage_error(c.verb->verb, "the target is empty");
    if (c.verb->prepare && (rc = c.verb->prepare(&c)) != 0)
        return rc;
    if (cfg->read_only) {
        fprintf(stderr, "pexcon %s: refused: read-only mode; nothing was sent\n", c.verb->verb);
        return CLI_EXIT_USAGE;
    }
    return run_command(&c);
}
