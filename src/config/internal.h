/* Shared between the config/ sources; not part of the public interface. */
#ifndef PEXCON_CONFIG_INTERNAL_H
#define PEXCON_CONFIG_INTERNAL_H

#include <sys/stat.h>

#include "config/config.h"

/* config.c: small helpers. */
char *cfg_strdup(const char *s); /* xstrdup that keeps NULL as NULL */
/* "pexcon: <message>" on stderr, sanitized. */
void cfg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cfg_replace_str(char **slot, const char *value);
void cfg_wipe_free(char *secret); /* zero, then free */
int cfg_parse_bool(const char *v, bool *out);
int cfg_parse_seconds(const char *v, double *out);
int cfg_parse_page_size(const char *v, int *out);

/* args.c: the global options, kept apart until the file has been read. */
typedef struct cli_flags {
    const char *url, *user, *profile, *config, *ca_file, *theme;
    bool insecure, read_only, no_color, demo, allow_http;
    bool have_refresh, have_page_size, have_timeout;
    double refresh, timeout_s;
    int page_size;
} cli_flags;

int cfg_parse_args(pexcon_config *cfg, cli_flags *fl, int argc, char **argv, int *verb_index,
                   strbuf *err);
void cfg_apply_flags(pexcon_config *cfg, const cli_flags *fl);

/* file.c: the INI file, read whole into (section, key, value) triples. */
typedef struct ini_entry {
    char *section;
    char *key;
    char *value;
} ini_entry;

typedef struct ini_data {
    ini_entry *entries;
    size_t n, cap;
    bool has_password;
    const char *command_key; /* the first *_command key, or NULL */
} ini_data;

int cfg_read_file(const char *path, bool missing_ok, ini_data *d, bool *found, strbuf *err);
void cfg_ini_free(ini_data *d);
int cfg_choose_profile(pexcon_config *cfg, const cli_flags *fl, const ini_data *d, strbuf *err);
int cfg_apply_file(pexcon_config *cfg, const ini_data *d, const char *profile, strbuf *err);

/* url.c: scheme (https:// when none), no credentials in the URL, plain
 * http only to loopback or with --allow-http (warned). 0 or 2. */
int cfg_normalize_url(pexcon_config *cfg, bool allow_http, strbuf *err);
bool cfg_host_is_loopback(const char *host, size_t len);

/* file.c: may the file at `path` (already open, `st` its fstat) name a
 * command to run? Neither it nor a directory above it that we own may be
 * writable by others. 0, or 1 with a message and the chmod that fixes it. */
int cfg_check_command_file(const char *path, const struct stat *st, const char *key, strbuf *err);
/* `chmod MODE PATH` for a message, the path shell-quoted when it needs it. */
void cfg_append_chmod(strbuf *err, const char *mode, const char *path);

/* password.c */
int cfg_resolve_password(pexcon_config *cfg, strbuf *err);

#endif
