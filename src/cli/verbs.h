/* Batch-mode verbs (internal to src/cli). Each takes argv starting at the
 * verb and returns an exit code (see cli/session.h). */
#ifndef PEXCON_CLI_VERBS_H
#define PEXCON_CLI_VERBS_H

#include "config/config.h"

#include <stdbool.h>
#include <stdio.h>

int cli_verb_get(const pexcon_config *cfg, int argc, char **argv);
void cli_help_get(FILE *f);

/* Conference-control commands: mute, unmute, disconnect, admit, role,
 * transfer, lock, unlock, mute-guests, unmute-guests,
 * disconnect-conference, layout, dial. */
bool cli_is_command_verb(const char *verb);
int cli_verb_command(const pexcon_config *cfg, int argc, char **argv);
/* Help for one command verb; false when `verb` is not one. */
bool cli_help_command(FILE *f, const char *verb);
/* One line per command verb, for the global help. */
void cli_list_commands(FILE *f);

#endif
