/* pexcon's batch mode: one verb per run, output to stdout, errors to
 * stderr, a meaningful exit status.
 *
 *   pexcon [global options] get RESOURCE [--conference NAME] [--participant ID]
 *          [--filter FIELD__OP=VALUE]... [--order-by [-]FIELD] [-o table|json|csv]
 *   pexcon [global options] mute|unmute|disconnect|admit PARTICIPANT
 *   pexcon [global options] role PARTICIPANT chair|guest
 *   pexcon [global options] transfer PARTICIPANT ALIAS [--role chair|guest]
 *   pexcon [global options] lock|unlock|mute-guests|unmute-guests|disconnect-conference CONFERENCE
 *   pexcon [global options] layout CONFERENCE LAYOUT [--overlay-text on|off]
 *   pexcon [global options] dial CONFERENCE DESTINATION [--role R] [--protocol P]
 *          [--location L] [--routing manual|routing_rule] [--display-name NAME] [--alias A]
 *   pexcon help [VERB]
 *
 * Exit status: 0 success; 1 the server refused or failed; 2 usage error,
 * unknown or ambiguous name, read-only; 3 connection, TLS or
 * authentication failure. */
#ifndef PEXCON_CLI_CLI_H
#define PEXCON_CLI_CLI_H

#include "config/config.h"

#include <stdbool.h>
#include <stdio.h>

#define CLI_EXIT_SUCCESS 0
#define CLI_EXIT_SERVER 1
#define CLI_EXIT_USAGE_ERROR 2
#define CLI_EXIT_CONNECTION 3

/* Run one verb: argv[0] is the verb, argc counts from it. Returns the
 * process exit status. */
int cli_run(const pexcon_config *cfg, int argc, char **argv);

/* Is `verb` a batch-mode verb? */
bool cli_is_verb(const char *verb);

/* The global help: usage, verbs, global options (config_usage), exit
 * codes. For `pexcon --help`. */
void cli_usage(FILE *out);

#endif
