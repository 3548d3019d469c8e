/* pexsim: a simulated Pexip Infinity Management Node (command line). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "sim/server.h"

#ifndef PEXCON_VERSION
#define PEXCON_VERSION "0"
#endif

#define MAX_FAULT_FLAGS 64

static const char usage_text[] =
    "Usage: pexsim [OPTION]...\n"
    "A simulated Pexip Infinity Management Node serving the Management API.\n"
    "\n"
    "World:\n"
    "  --seed N             random seed (default 1)\n"
    "  --conferences N      live conferences at start (default 8)\n"
    "  --participants N     live participants at start (default 40)\n"
    "  --nodes N            Conferencing Nodes (default 6)\n"
    "  --locations N        system locations (default 3)\n"
    "  --history N          ended conferences in history (default 50)\n"
    "  --static             no joins, leaves or drift (commands still apply)\n"
    "  --dial-delay SEC     seconds before a dialled participant connects (default 1.0)\n"
    "  --dial-fail SUBSTR   dialled destinations containing SUBSTR fail to connect\n"
    "  --shape SHAPE        answer like this Management Node release (default current):\n"
    "                       current  v26, as the field reference lists\n"
    "                       v24      worker_vm: version \"24 (...)\", deploy_status\n"
    "                                deploy_succeeded, last_reported, no sync_status;\n"
    "                                empty node addresses and idle resolutions \"None\"\n"
    "                       2015     as v24, and participants without conversation_id,\n"
    "                                call_quality, proxy_node, is_*_supported; WebRTC\n"
    "                                callers as signalling + media legs (parent_id);\n"
    "                                history without conversation_id, call_quality, fps\n"
    "  --orphans N          callers whose conference has no status/conference row\n"
    "                       (waiting_room, invalid_license_screen, ivr, connecting in\n"
    "                       turn); default 5 for --shape v24/2015, 0 for current\n"
    "\n"
    "Server:\n"
    "  --bind ADDR          listen address (default 127.0.0.1)\n"
    "  --port N             port, 0 picks a free one (default 0)\n"
    "  --port-file FILE     write the port number to FILE once listening\n"
    "  --user NAME          Basic auth user (default $PEXSIM_USER or admin)\n"
    "  --password PW        Basic auth password (default $PEXSIM_PASSWORD or pexsim)\n"
    "  --tls-cert FILE      serve HTTPS with this PEM certificate (chain)...\n"
    "  --tls-key FILE       ...and this PEM private key\n"
    "  --max-limit N        cap for ?limit= (default 1000; limit=0 asks for the cap)\n"
    "  --accept-form        accept form-encoded command bodies (values as strings);\n"
    "                       by default a command body must be JSON, as on a real node,\n"
    "                       and a form body answers 400\n"
    "  --fault RULE         inject a fault (repeatable), RULE = KIND[:key=value,...]\n"
    "                       kinds: latency error ratelimit drop truncate malformed html\n"
    "                              unauthorized slow_body\n"
    "                       keys:  prefix=/api/admin/status/ method=GET p=0.5 count=N\n"
    "                              ms=N (latency, slow_body) status=500|503 body=json|html\n"
    "                              (error) retry_after=N (ratelimit)\n"
    "  --quiet              do not log each request on stderr\n"
    "  --help               show this help\n"
    "  --version            show the version\n"
    "\n"
    "The control endpoint /_sim/ (no authentication) serves logs, counters, faults\n"
    "and staging; see GET /_sim/.\n";

enum {
    OPT_SEED = 256,
    OPT_CONFERENCES,
    OPT_PARTICIPANTS,
    OPT_NODES,
    OPT_LOCATIONS,
    OPT_HISTORY,
    OPT_STATIC,
    OPT_DIAL_DELAY,
    OPT_DIAL_FAIL,
    OPT_SHAPE,
    OPT_ORPHANS,
    OPT_ACCEPT_FORM,
    OPT_MAX_LIMIT,
    OPT_PORT,
    OPT_PORT_FILE,
    OPT_BIND,
    OPT_USER,
    OPT_PASSWORD,
    OPT_TLS_CERT,
    OPT_TLS_KEY,
    OPT_FAULT,
    OPT_QUIET,
    OPT_HELP,
    OPT_VERSION,
};

static const struct option long_options[] = {
    {"seed", required_argument, NULL, OPT_SEED},
    {"conferences", required_argument, NULL, OPT_CONFERENCES},
    {"participants", required_argument, NULL, OPT_PARTICIPANTS},
    {"nodes", required_argument, NULL, OPT_NODES},
    {"locations", required_argument, NULL, OPT_LOCATIONS},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"static", no_argument, NULL, OPT_STATIC},
    {"dial-delay", required_argument, NULL, OPT_DIAL_DELAY},
    {"dial-fail", required_argument, NULL, OPT_DIAL_FAIL},
    {"shape", required_argument, NULL, OPT_SHAPE},
    {"orphans", required_argument, NULL, OPT_ORPHANS},
    {"accept-form", no_argument, NULL, OPT_ACCEPT_FORM},
    {"max-limit", required_argument, NULL, OPT_MAX_LIMIT},
    {"port", required_argument, NULL, OPT_PORT},
    {"port-file", required_argument, NULL, OPT_PORT_FILE},
    {"bind", required_argument, NULL, OPT_BIND},
    {"user", required_argument, NULL, OPT_USER},
    {"password", required_argument, NULL, OPT_PASSWORD},
    {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
    {"tls-key", required_argument, NULL, OPT_TLS_KEY},
    {"fault", required_argument, NULL, OPT_FAULT},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct cli {
    sim_server_opts opts;
    const char *faults[MAX_FAULT_FLAGS];
    const char *port_file;
    bool quiet;
} cli;

static bool parse_long(const char *name, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !*s || *end || v < min || v > max) {
        fprintf(stderr, "pexsim: --%s wants an integer from %ld to %ld, not '%s'\n", name, min, max,
                s);
        return false;
    }
    *out = v;
    return true;
}

static bool parse_int(const char *name, const char *s, int *out)
{
    long v;
    if (!parse_long(name, s, 0, 10000000, &v))
        return false;
    *out = (int)v;
    return true;
}

static bool parse_seconds(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || !*s || *end || !(v >= 0.0 && v <= 86400.0)) {
        fprintf(stderr, "pexsim: --dial-delay wants seconds from 0 to 86400, not '%s'\n", s);
        return false;
    }
    *out = v;
    return true;
}

/* The world's options: 0 to go on, 2 for a usage error, -1 for another option. */
static int parse_world_option(sim_world_opts *o, int opt, const char *arg)
{
    long v;
    switch (opt) {
    case OPT_SEED: {
        char *end;
        errno = 0;
        o->seed = strtoull(arg, &end, 0);
        if (errno || !*arg || *end || *arg == '-') {
            fprintf(stderr, "pexsim: --seed wants a non-negative integer, not '%s'\n", arg);
            return 2;
        }
        return 0;
    }
    case OPT_CONFERENCES:
        return parse_int("conferences", arg, &o->conferences) ? 0 : 2;
    case OPT_PARTICIPANTS:
        return parse_int("participants", arg, &o->participants) ? 0 : 2;
    case OPT_NODES:
        return parse_int("nodes", arg, &o->nodes) ? 0 : 2;
    case OPT_LOCATIONS:
        return parse_int("locations", arg, &o->locations) ? 0 : 2;
    case OPT_HISTORY:
        return parse_int("history", arg, &o->history) ? 0 : 2;
    case OPT_STATIC:
        o->is_static = true;
        return 0;
    case OPT_DIAL_DELAY:
        return parse_seconds(arg, &o->dial_delay) ? 0 : 2;
    case OPT_DIAL_FAIL:
        o->dial_fail_pattern = arg;
        return 0;
    case OPT_SHAPE:
        if (sim_shape_parse(arg, &o->shape))
            return 0;
        fprintf(stderr, "pexsim: --shape wants current, v24 or 2015, not '%s'\n", arg);
        return 2;
    case OPT_ORPHANS:
        if (!parse_long("orphans", arg, 0, 1000, &v))
            return 2;
        o->orphans = (int)v;
        return 0;
    default:
        return -1;
    }
}

/* Returns 0 to go on, 1 for a clean exit (help/version), 2 for a usage error. */
static int parse_option(cli *c, int opt, const char *arg)
{
    sim_server_opts *o = &c->opts;
    long v;
    int rc = parse_world_option(&o->world, opt, arg);
    if (rc >= 0)
        return rc;
    switch (opt) {
    case OPT_ACCEPT_FORM:
        o->accept_form = true;
        return 0;
    case OPT_MAX_LIMIT:
        if (!parse_long("max-limit", arg, 1, 1000000, &v))
            return 2;
        o->max_limit = v;
        return 0;
    case OPT_PORT:
        if (!parse_long("port", arg, 0, 65535, &v))
            return 2;
        o->port = (int)v;
        return 0;
    case OPT_PORT_FILE:
        c->port_file = arg;
        return 0;
    case OPT_BIND:
        o->bind_address = arg;
        return 0;
    case OPT_USER:
        o->user = arg;
        return 0;
    case OPT_PASSWORD:
        o->password = arg;
        return 0;
    case OPT_TLS_CERT:
        o->tls_cert_file = arg;
        return 0;
    case OPT_TLS_KEY:
        o->tls_key_file = arg;
        return 0;
    case OPT_FAULT:
        if (o->nfaults >= MAX_FAULT_FLAGS) {
            fprintf(stderr, "pexsim: at most %d --fault rules\n", MAX_FAULT_FLAGS);
            return 2;
        }
        c->faults[o->nfaults++] = arg;
        return 0;
    case OPT_QUIET:
        c->quiet = true;
        return 0;
    case OPT_HELP:
        fputs(usage_text, stdout);
        return 1;
    case OPT_VERSION:
        printf("pexsim %s\n", PEXCON_VERSION);
        return 1;
    default:
        fputs("Try 'pexsim --help'.\n", stderr);
        return 2;
    }
}

static int parse_args(cli *c, int argc, char **argv)
{
    sim_server_opts_default(&c->opts);
    const char *env_user = getenv("PEXSIM_USER");
    const char *env_password = getenv("PEXSIM_PASSWORD");
    if (env_user && *env_user)
        c->opts.user = env_user;
    if (env_password && *env_password)
        c->opts.password = env_password;
    c->opts.faults = c->faults;
    int opt;
    while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        int rc = parse_option(c, opt, optarg);
        if (rc)
            return rc;
    }
    if (optind < argc) {
        fprintf(stderr, "pexsim: unexpected argument '%s'\nTry 'pexsim --help'.\n", argv[optind]);
        return 2;
    }
    c->opts.log = c->quiet ? NULL : stderr;
    return 0;
}

/* Write the port atomically (temp file + rename) so a poller never reads
 * half a number. */
static bool write_port_file(const char *path, int port)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return false;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return false;
    bool ok = fprintf(f, "%d\n", port) > 0;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok)
        unlink(tmp);
    return ok;
}

int main(int argc, char **argv)
{
    xmalloc_install_json(); /* before any JSON: one allocation policy */
    cli c;
    memset(&c, 0, sizeof c);
    int rc = parse_args(&c, argc, argv);
    if (rc)
        return rc == 1 ? 0 : 2;

    /* Block the stop signals in every thread; main waits for them below. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    char *err = NULL;
    sim_server *srv = sim_server_start(&c.opts, &err);
    if (!srv) {
        fprintf(stderr, "pexsim: %s\n", err);
        free(err);
        return 1;
    }
    printf("pexsim listening on %s\n", sim_server_url(srv));
    fflush(stdout);
    if (c.port_file && !write_port_file(c.port_file, sim_server_port(srv))) {
        fprintf(stderr, "pexsim: cannot write %s: %s\n", c.port_file, strerror(errno));
        sim_server_stop(srv);
        return 1;
    }
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (!c.quiet)
        fprintf(stderr, "pexsim: stopping (signal %d)\n", sig);
    sim_server_stop(srv);
    return 0;
}
