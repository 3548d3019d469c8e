/* pexcon's settings: global command-line options, the INI config file with
 * named profiles, and where the password comes from.
 *
 * Precedence, highest first: command-line flags, the selected profile of the
 * config file, built-in defaults. The password is never taken from argv:
 * PEXCON_PASSWORD, then the profile's `password` (only from a 0600 file),
 * then the profile's `password_command` (run once, first line of stdout);
 * when none is set, the HTTP engine reads ~/.netrc (see net_opts.password).
 *
 * A config file that names a command (password_command, any *_command key)
 * is refused when it, or a directory above it that the user owns (sticky
 * ones aside), is writable by group or others; one that holds a password,
 * when group or others have any access. The message gives the chmod.
 *
 * The URL gets https:// when it has no scheme ("host:8443/x://y" included);
 * credentials in it (user:pw@host) are refused; plain http:// is refused to
 * any host but loopback (localhost, 127/8, ::1) unless --allow-http is given,
 * which warns on stderr on every run. Error messages are sanitized.
 *
 * Config file: $XDG_CONFIG_HOME/pexcon/config.ini, by default
 * ~/.config/pexcon/config.ini, or --config FILE.
 *
 *   [pexcon]
 *   default_profile = lab
 *
 *   [profile lab]            ; "[lab]" works too
 *   url = https://mgr.lab.example.com
 *   user = admin
 *   password_command = pass show pexip/lab
 *   ca_file = /etc/ssl/lab-ca.pem
 *   insecure = false
 *   refresh = 2
 *   theme = dark
 *   read_only = true
 *   page_size = 500
 *   timeout = 30
 *
 *   [keys]
 *   m = participant.mute       ; stored as-is for the console
 */
#ifndef PEXCON_CONFIG_H
#define PEXCON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/strbuf.h"

#define CONFIG_DEFAULT_REFRESH_S 2.0
#define CONFIG_DEFAULT_PAGE_SIZE 500
#define CONFIG_DEFAULT_TIMEOUT_S 30.0
#define CONFIG_MAX_PAGE_SIZE 10000

/* One line of the [keys] section, in file order. */
typedef struct pexcon_keybinding {
    char *key;    /* left-hand side as written, e.g. "m" or "C-k" */
    char *action; /* right-hand side, e.g. "participant.mute" */
} pexcon_keybinding;

typedef struct pexcon_config {
    char *profile;           /* selected profile name, NULL when none */
    char *url;               /* base URL, scheme://host[:port], no trailing '/' */
    char *user;              /* NULL when unset (netrc may then supply it) */
    char *password;          /* SECRET: never print or log; wiped by config_free */
    char *password_command;  /* as configured (already run by config_load) */
    char *ca_file;           /* CA bundle for verification, NULL = system store */
    bool insecure;           /* skip TLS verification (warned on stderr) */
    bool allow_http;         /* --allow-http: plain http to a non-loopback host */
    double refresh;          /* console refresh interval, seconds (default 2) */
    char *theme;             /* theme name or NULL for the default */
    bool read_only;          /* refuse all commands */
    bool no_color;           /* --no-color, or NO_COLOR set in the environment */
    bool demo;               /* --demo: console without a server */
    int page_size;           /* listing page size (default 500) */
    double timeout_s;        /* per-request timeout, seconds (default 30) */
    pexcon_keybinding *keys; /* [keys] section, nkeys entries */
    size_t nkeys;
    char *config_path; /* the file read, or NULL when none existed */
    bool show_help;    /* --help / -h given: print config_usage and exit 0 */
    bool show_version; /* --version / -V given */
} pexcon_config;

/* Fill `cfg` from the command line, the environment and the config file.
 *
 * Parses only GLOBAL options, which come before the verb:
 *   --url URL  --user NAME  --profile NAME  --config FILE  --ca-file FILE
 *   --insecure  --allow-http  --read-only  --refresh SEC  --theme NAME  --no-color  --demo
 *   --page-size N  --timeout SEC  --help/-h  --version/-V
 * Both "--opt value" and "--opt=value" work; "--" ends the options.
 * *verb_index is set to the first non-option argument (argc when none).
 *
 * Runs the profile's password_command (once) when no password is otherwise
 * known and neither --help, --version nor --demo was given. Prints the
 * --insecure warning to stderr when insecure is in effect.
 *
 * Returns 0 on success; 2 for a usage error (unknown option, missing or bad
 * value) and 1 for a configuration error (unreadable file, unknown profile,
 * password in a group/other-readable file, a command in a file others can
 * change, password_command failure). On
 * error a one-line message is in `err` and cfg is left freeable. */
int config_load(pexcon_config *cfg, int argc, char **argv, int *verb_index, strbuf *err);

/* Release everything; the password is wiped first. Safe on a zeroed cfg. */
void config_free(pexcon_config *cfg);

/* The global options help text (for --help). */
void config_usage(FILE *out);

/* The default config path ($XDG_CONFIG_HOME or ~/.config)/pexcon/config.ini,
 * newly allocated, or NULL when neither variable is set. */
char *config_default_path(void);

/* Action bound to `key` in the [keys] section, or NULL. */
const char *config_key_action(const pexcon_config *cfg, const char *key);

#endif
