/* Conference-control verbs: thin adapters over the command catalog
 * (ops/catalog.h). Parse, resolve the target (id or exact name), build the
 * body, send through ops/send (which classifies, words and audits the
 * answer), print the outcome in the server's own words. */
#include "cli/verbs.h"

#include "cli/args.h"
#include "cli/resolve.h"
#include "cli/session.h"
#include "ops/send.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef struct verb_spec verb_spec;

typedef struct command_ctx {
    const pexcon_config *cfg;
    const verb_spec *spec;
    const ops_command *cmd;
    cli_args args;
    cli_target target;
    ops_request rq;
    char alias[512];
} command_ctx;

typedef int (*build_fn)(command_ctx *c, cli_session *s);

struct verb_spec {
    const char *verb;      /* the catalog row's verb */
    const char *arg;       /* the second positional argument in --help, or NULL */
    const char *arg_field; /* ...the body field it fills (its choices: the catalog's) */
    const char *arg_help;  /* what it is, or NULL */
    const cli_option *options;
    size_t noptions;
    build_fn build; /* the verb's own step once the target is known, or NULL */
};

/* ---- the verbs' own steps ---- */

static const char *opt(const command_ctx *c, const char *name)
{
    return cli_args_get(&c->args, c->spec->options, c->spec->noptions, name);
}

/* Admit only someone who waits to be let in, as the console's key does. */
static int build_admit(command_ctx *c, cli_session *s)
{
    (void)s;
    if (c->target.waiting)
        return CLI_EXIT_OK;
    fprintf(stderr,
            "pexcon admit: participant \"%s\" (%s) in %s is not waiting to be admitted; "
            "nothing was sent\n",
            c->target.name, c->target.id, c->target.conference);
    return CLI_EXIT_USAGE;
}

/* Without --role the participant keeps the role it has now. */
static int build_transfer(command_ctx *c, cli_session *s)
{
    (void)s;
    if (!opt(c, "role"))
        ops_request_add(&c->rq, "role",
                        ops_choice_valid(&ops_roles, c->target.role) ? c->target.role : "guest");
    return CLI_EXIT_OK;
}

/* The call comes from the VMR's first alias unless --alias is given. */
static int build_dial(command_ctx *c, cli_session *s)
{
    if (opt(c, "alias"))
        return CLI_EXIT_OK;
    int rc = cli_lookup_vmr_alias(s, c->target.raw_name, c->alias, sizeof c->alias);
    if (rc == 0)
        ops_request_add(&c->rq, "conference_alias", c->alias);
    return rc;
}

/* ---- the verb table: the rest comes from the catalog ---- */

/* A macro, not a const object: C allows only constants in initializers. */
#define CONFERENCE_OPT                                                                             \
    {                                                                                              \
        "conference", 0, true, false, "NAME", "only consider participants of this conference",     \
            NULL                                                                                   \
    }
static const cli_option participant_opts[] = {CONFERENCE_OPT};
static const cli_option transfer_opts[] = {
    {"role", 0, true, false, NULL, "role in the new conference (default: the current role)",
     "role"},
    CONFERENCE_OPT,
};
static const cli_option layout_opts[] = {
    {"overlay-text", 0, true, false, NULL, "show participant names", "enable_overlay_text"},
    {"host-layout", 0, true, false, "LAYOUT", "layout seen by hosts", "host_layout"},
    {"guest-layout", 0, true, false, "LAYOUT", "layout seen by guests", "guest_layout"},
};
static const cli_option dial_opts[] = {
    {"role", 0, true, false, NULL, "role of the new participant", "role"},
    {"protocol", 0, true, false, "P", "the protocol of the call", "protocol"},
    {"location", 0, true, false, "NAME", "system location to place the call from",
     "system_location"},
    {"routing", 0, true, false, NULL, "who picks the node that places the call", "routing"},
    {"display-name", 0, true, false, "NAME", "the name shown for the new participant",
     "remote_display_name"},
    {"alias", 0, true, false, "ALIAS", "the alias the call comes from (skip the lookup)",
     "conference_alias"},
};
#define OPTS(a) a, sizeof(a) / sizeof((a)[0])

static const verb_spec verbs[] = {
    {"mute", NULL, NULL, NULL, OPTS(participant_opts), NULL},
    {"unmute", NULL, NULL, NULL, OPTS(participant_opts), NULL},
    {"disconnect", NULL, NULL, NULL, OPTS(participant_opts), NULL},
    {"admit", NULL, NULL, NULL, OPTS(participant_opts), build_admit},
    {"role", NULL, "role", NULL, OPTS(participant_opts), NULL},
    {"transfer", "ALIAS", "conference_alias", "ALIAS is an alias of the target conference.\n",
     OPTS(transfer_opts), build_transfer},
    {"lock", NULL, NULL, NULL, NULL, 0, NULL},
    {"unlock", NULL, NULL, NULL, NULL, 0, NULL},
    {"mute-guests", NULL, NULL, NULL, NULL, 0, NULL},
    {"unmute-guests", NULL, NULL, NULL, NULL, 0, NULL},
    {"disconnect-conference", NULL, NULL, NULL, NULL, 0, NULL},
    {"layout", "LAYOUT", "layout", NULL, OPTS(layout_opts), NULL},
    {"dial", "DESTINATION", "destination", NULL, OPTS(dial_opts), build_dial},
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

/* What the first argument is, by target kind (ops_target). */
static const char *const target_notes[] = {
    "PARTICIPANT is a participant id or an exact display name. A name that\n"
    "matches several participants is refused (exit 2) and the candidates are\n"
    "listed; nothing is sent.\n",
    "CONFERENCE is a live conference id or its exact name. A name that matches\n"
    "several conferences is refused (exit 2); nothing is sent.\n",
    "CONFERENCE is a live conference (id or name) or a VMR name; the call comes\n"
    "from the VMR's first alias (looked up in its configuration) unless --alias\n"
    "is given. The new participant's id is printed.\n",
};

static const verb_spec *find_verb(const char *name)
{
    for (size_t i = 0; name && i < NVERBS; i++)
        if (strcmp(verbs[i].verb, name) == 0)
            return &verbs[i];
    return NULL;
}

static const ops_choices *field_choices(const ops_command *cmd, const char *field)
{
    const ops_param *p = field ? ops_command_param(cmd, field) : NULL;
    return p ? p->choices : NULL;
}

static const ops_choices *option_choices(const cli_option *o, const void *ctx)
{
    return field_choices(ctx, o->field);
}

/* "PARTICIPANT chair|guest [options]" */
static void synopsis(const verb_spec *v, const ops_command *cmd, char *buf, size_t size)
{
    char values[256] = "";
    const ops_choices *ch = field_choices(cmd, v->arg_field);
    if (v->arg_field && !v->arg && ch)
        ops_choices_text(ch, "|", "|", values, sizeof values);
    snprintf(buf, size, "%s%s%s%s", cmd->target == OPS_PARTICIPANT ? "PARTICIPANT" : "CONFERENCE",
             v->arg_field ? " " : "", v->arg ? v->arg : values, v->noptions ? " [options]" : "");
}

bool cli_is_command_verb(const char *verb)
{
    return find_verb(verb) != NULL;
}

void cli_list_commands(FILE *f)
{
    for (size_t i = 0; i < NVERBS; i++) {
        const ops_command *cmd = ops_command_by_verb(verbs[i].verb);
        char syn[128], head[192];
        synopsis(&verbs[i], cmd, syn, sizeof syn);
        snprintf(head, sizeof head, "%s %s", verbs[i].verb, syn);
        fprintf(f, "  %-40s %s\n", head, cmd->summary);
    }
}

/* "LAYOUT is one of:" and a line per choice, from the catalog. */
static void print_arg_help(FILE *f, const verb_spec *v, const ops_command *cmd)
{
    const ops_choices *ch = field_choices(cmd, v->arg_field);
    if (v->arg_help)
        fputs(v->arg_help, f);
    if (!v->arg || !ch)
        return;
    fprintf(f, "\n%s is one of:\n", v->arg);
    for (size_t i = 0; i < ch->n; i++)
        fprintf(f, "  %-8s %s\n", ch->values[i], ch->helps ? ch->helps[i] : "");
}

bool cli_help_command(FILE *f, const char *name)
{
    const verb_spec *v = find_verb(name);
    if (!v)
        return false;
    const ops_command *cmd = ops_command_by_verb(v->verb);
    char syn[128];
    synopsis(v, cmd, syn, sizeof syn);
    fprintf(f, "Usage: pexcon [global options] %s %s\n\n", v->verb, syn);
    fprintf(f, "%c%s (command %s).\n\n", toupper((unsigned char)cmd->summary[0]), cmd->summary + 1,
            cmd->path);
    fputs(target_notes[cmd->target], f);
    print_arg_help(f, v, cmd);
    fputs("\nOptions:\n", f);
    cli_print_options(f, v->options, v->noptions, option_choices, cmd);
    fputs("\n"
          "Prints the outcome with the server's own message. Exit status: 0 accepted,\n"
          "1 refused by the server or the target is gone, 2 usage error, unknown or\n"
          "ambiguous name, or read-only, 3 connection, TLS or authentication failure,\n"
          "4 sent but the outcome is unknown (no readable answer): check before\n"
          "trying again; commands are never re-sent.\n"
          "Every command sent is recorded in the audit log\n"
          "($XDG_STATE_HOME/pexcon/audit.log).\n",
          f);
    return true;
}

/* ---- checks that need no network ---- */

/* A value that is not one of its field's strict choices. */
static int check_value(const command_ctx *c, const char *what, const char *field, const char *value)
{
    const ops_choices *ch = field_choices(c->cmd, field);
    if (!value || !ch || !ch->strict || ops_choice_valid(ch, value))
        return CLI_EXIT_OK;
    char values[256];
    ops_choices_text(ch, ", ", " or ", values, sizeof values);
    return cli_usage_error(c->spec->verb, "%s must be %s, not '%s'", what, values, value);
}

static int check_args(const command_ctx *c)
{
    const verb_spec *v = c->spec;
    const char *arg = c->args.positional[1];
    if (v->arg_field && !arg[0]) {
        char noun[64];
        snprintf(noun, sizeof noun, "%s", v->arg ? v->arg : v->arg_field);
        for (char *p = noun; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return cli_usage_error(v->verb, "the %s is empty", noun);
    }
    int rc = v->arg_field ? check_value(c, v->arg_field, v->arg_field, arg) : CLI_EXIT_OK;
    for (size_t i = 0; rc == 0 && i < v->noptions; i++) {
        char what[64];
        snprintf(what, sizeof what, "--%s", v->options[i].name);
        rc = check_value(c, what, v->options[i].field, opt(c, v->options[i].name));
    }
    return rc;
}

/* ---- running one command ---- */

static int resolve_target(command_ctx *c, cli_session *s)
{
    const char *what = c->args.positional[0];
    bool live;
    switch (c->cmd->target) {
    case OPS_PARTICIPANT:
        return cli_resolve_participant(s, what, opt(c, "conference"), false, &c->target);
    case OPS_CONFERENCE:
        return cli_resolve_conference(s, what, &c->target);
    case OPS_VMR:
        return cli_resolve_conference_or_vmr(s, what, &c->target, &live);
    }
    return CLI_EXIT_USAGE;
}

/* The body: the target id, the second argument, the options, then the
 * verb's own step. */
static int build_body(command_ctx *c, cli_session *s)
{
    const verb_spec *v = c->spec;
    ops_request_init(&c->rq, c->cmd, c->target.id, c->target.raw_name);
    if (v->arg_field)
        ops_request_add(&c->rq, v->arg_field, c->args.positional[1]);
    for (size_t i = 0; i < v->noptions; i++)
        if (v->options[i].field)
            ops_request_add(&c->rq, v->options[i].field, opt(c, v->options[i].name));
    return v->build ? v->build(c, s) : CLI_EXIT_OK;
}

static void describe_target(const command_ctx *c, char *buf, size_t size)
{
    const cli_target *t = &c->target;
    if (c->cmd->target == OPS_PARTICIPANT)
        snprintf(buf, size, "participant \"%s\" (%s) in %s", t->name, t->id, t->conference);
    else if (t->id[0])
        snprintf(buf, size, "conference \"%s\" (%s)", t->name, t->id);
    else
        snprintf(buf, size, "VMR \"%s\"", t->name);
}

typedef struct command_wait {
    const command_ctx *c;
    bool done;
    int rc;
} command_wait;

static void on_sent(ops_outcome outcome, const api_command_result *res, void *ctx)
{
    command_wait *w = ctx;
    const command_ctx *c = w->c;
    char target[800], why[1200];
    describe_target(c, target, sizeof target);
    w->done = true;
    if (outcome == OPS_ACCEPTED) {
        printf("%s: accepted: %s\n", c->spec->verb, target);
        if (res->message[0])
            printf("server: %s\n", res->message);
        char ids[16][128];
        size_t n = c->cmd->target == OPS_VMR ? ops_dial_ids(res->data, ids, 16) : 0;
        for (size_t i = 0; i < n; i++)
            printf("participant_id: %s\n", ids[i]);
        w->rc = CLI_EXIT_OK;
        return;
    }
    ops_failure_text(c->cmd->target, outcome, res, OPS_VOICE_BATCH, why, sizeof why);
    fprintf(stderr, "pexcon %s: %s: %s\n", c->spec->verb, target, why);
    /* Sent, but whether the server acted is not known: its own status, so
     * a script never takes it for a refusal and simply retries. */
    w->rc = outcome == OPS_UNKNOWN ? CLI_EXIT_UNKNOWN
            : outcome == OPS_GONE  ? CLI_EXIT_REFUSED
                                   : cli_exit_for_error(res->error.kind);
    if (w->rc == CLI_EXIT_OK)
        w->rc = CLI_EXIT_REFUSED;
}

static void audit_failed(int status, void *ctx)
{
    (void)ctx;
    char why[600];
    fprintf(stderr,
            "pexcon: WARNING: the command's outcome above was NOT written to the audit "
            "log: %s\n",
            audit_error_text(status, why, sizeof why));
}

/* Send on a connection of its own and wait for the answer. */
static int send_command(command_ctx *c, cli_session *s)
{
    ops_origin origin = {"batch", c->cfg->profile, c->cfg->url, c->cfg->user,
                         NULL,    audit_failed,    NULL};
    command_wait w = {c, false, CLI_EXIT_OK};
    ops_send *sent = ops_send_start(cli_command_client(s), &origin, &c->rq, on_sent, &w);
    cli_session_wait(s, &w.done);
    if (!w.done) {
        ops_send_abandon(sent, "no answer arrived");
        fprintf(stderr,
                "pexcon %s: outcome unknown: no answer arrived; check before trying again\n",
                c->spec->verb);
        return CLI_EXIT_UNKNOWN;
    }
    return w.rc;
}

static int run_command(command_ctx *c)
{
    cli_session s;
    int rc = cli_session_open(&s, c->cfg);
    if (rc)
        return rc;
    rc = resolve_target(c, &s);
    if (rc == 0)
        rc = build_body(c, &s);
    if (rc == 0)
        rc = send_command(c, &s);
    cli_session_close(&s);
    return rc;
}

int cli_verb_command(const pexcon_config *cfg, int argc, char **argv)
{
    command_ctx c;
    memset(&c, 0, sizeof c);
    c.cfg = cfg;
    c.spec = find_verb(argv[0]);
    if (!c.spec)
        return CLI_EXIT_USAGE;
    c.cmd = ops_command_by_verb(c.spec->verb);
    cli_option_value values[8];
    int rc = cli_args_parse(&c.args, values, c.spec->options, c.spec->noptions, argc, argv);
    if (rc)
        return rc;
    if (c.args.help) {
        cli_help_command(stdout, c.spec->verb);
        return CLI_EXIT_OK;
    }
    char syn[128];
    synopsis(c.spec, c.cmd, syn, sizeof syn);
    if (c.args.npositional != (c.spec->arg_field ? 2u : 1u)) {
        fprintf(stderr, "Usage: pexcon %s %s (see pexcon %s --help)\n", c.spec->verb, syn,
                c.spec->verb);
        return CLI_EXIT_USAGE;
    }
    if (!c.args.positional[0][0])
        return cli_usage_error(c.spec->verb, "the target is empty");
    if ((rc = check_args(&c)) != 0)
        return rc;
    if (cfg->read_only) {
        fprintf(stderr, "pexcon %s: refused: read-only mode; nothing was sent\n", c.spec->verb);
        return CLI_EXIT_USAGE;
    }
    return run_command(&c);
}
