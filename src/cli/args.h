/* Per-verb option parsing for batch mode (global options are config's).
 *
 * Options may come before, between or after the positional arguments;
 * "--opt value" and "--opt=value" both work; "--" ends the options (so a
 * display name starting with '-' can be given). */
#ifndef PEXCON_CLI_ARGS_H
#define PEXCON_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ops/catalog.h"

#define CLI_MAX_POSITIONAL 8
#define CLI_MAX_REPEAT 32

typedef struct cli_option {
    const char *name; /* long name without dashes: "conference" */
    char short_name;  /* 'o', or 0 */
    bool has_value;
    bool repeatable;
    const char *arg;   /* the value in --help ("NAME"); NULL: its choices ("chair|guest") */
    const char *help;  /* for --help; '\n' starts a continuation line */
    const char *field; /* command verbs: the body field it fills, or NULL */
} cli_option;

typedef struct cli_option_value {
    const char *values[CLI_MAX_REPEAT];
    size_t count;
} cli_option_value;

typedef struct cli_args {
    const char *positional[CLI_MAX_POSITIONAL];
    size_t npositional;
    cli_option_value *values; /* one per option, same order as the spec */
    bool help;                /* --help / -h */
} cli_args;

/* Parse argv[1..argc) (argv[0] is the verb) against `spec` (nspec
 * options; --help is implicit). `values` has room for nspec entries.
 * Returns 0, or 2 with a one-line message printed to stderr. */
int cli_args_parse(cli_args *out, cli_option_value *values, const cli_option *spec, size_t nspec,
                   int argc, char **argv);

/* Last value of option `name`, or NULL. */
const char *cli_args_get(const cli_args *a, const cli_option *spec, size_t nspec, const char *name);
/* Every value of a repeatable option. */
const cli_option_value *cli_args_all(const cli_args *a, const cli_option *spec, size_t nspec,
                                     const char *name);

/* The valid values of an option (NULL: any), for --help. */
typedef const ops_choices *(*cli_choices_fn)(const cli_option *opt, const void *ctx);

/* The options' help, one entry per option (then -h, --help), generated from
 * the table: "  --role chair|guest     role of the new participant". A
 * choice list with words of its own gets a line per choice. */
void cli_print_options(FILE *f, const cli_option *spec, size_t nspec, cli_choices_fn choices,
                       const void *ctx);

/* Print "pexcon VERB: MESSAGE (see pexcon VERB --help)" to stderr, the
 * message sanitized whole (it may quote what was typed), and return 2. */
int cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
