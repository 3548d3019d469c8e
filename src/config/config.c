/* Loading the configuration: defaults, then the file, then the flags. See config.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/sanitize.h"
#include "common/xmalloc.h"
#include "config/internal.h"

char *cfg_strdup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void cfg_replace_str(char **slot, const char *value)
{
    free(*slot);
    *slot = cfg_strdup(value);
}

void cfg_wipe_free(char *secret)
{
    if (!secret)
        return;
    explicit_bzero(secret, strlen(secret));
    free(secret);
}

int cfg_parse_bool(const char *v, bool *out)
{
    static const char *yes[] = {"1", "true", "yes", "on"};
    static const char *no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

int cfg_parse_seconds(const char *v, double *out)
{
    char *end = NULL;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end != '\0' || !isfinite(d) || d <= 0 || d > 86400)
        return -1;
    *out = d;
    return 0;
}

int cfg_parse_page_size(const char *v, int *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end != '\0' || n < 1 || n > CONFIG_MAX_PAGE_SIZE)
        return -1;
    *out = (int)n;
    return 0;
}

void cfg_warn(const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    char *clean = sanitize_text(sb_str(&sb));
    fprintf(stderr, "pexcon: %s\n", clean);
    free(clean);
    sb_free(&sb);
}

/* Messages quote option values, file names and URLs as given: no escape
 * sequence or control character from them may reach the terminal. */
static void sanitize_message(strbuf *err)
{
    char *clean = sanitize_text(sb_str(err));
    sb_reset(err);
    sb_append(err, clean);
    free(clean);
}

static void warn_insecure(void)
{
    fputs("pexcon: WARNING: --insecure: TLS certificate verification is OFF. Anyone on the "
          "network path can read and change this session, including your credentials.\n",
          stderr);
}

char *config_default_path(void)
{
    strbuf sb = STRBUF_INIT;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        sb_printf(&sb, "%s/pexcon/config.ini", xdg);
    else if (home && *home)
        sb_printf(&sb, "%s/.config/pexcon/config.ini", home);
    else
        return NULL;
    return sb_steal(&sb);
}

static int load(pexcon_config *cfg, int argc, char **argv, int *verb_index, strbuf *err)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->refresh = CONFIG_DEFAULT_REFRESH_S;
    cfg->page_size = CONFIG_DEFAULT_PAGE_SIZE;
    cfg->timeout_s = CONFIG_DEFAULT_TIMEOUT_S;
    *verb_index = argc;

    cli_flags fl = {0};
    int rc = cfg_parse_args(cfg, &fl, argc, argv, verb_index, err);
    if (rc || cfg->show_help || cfg->show_version)
        return rc;

    bool explicit_path = fl.config != NULL;
    char *path = explicit_path ? cfg_strdup(fl.config) : config_default_path();
    ini_data d = {0};
    bool found = false;
    if (path)
        rc = cfg_read_file(path, !explicit_path, &d, &found, err);
    if (found)
        cfg->config_path = path;
    else
        free(path);
    if (rc == 0)
        rc = cfg_choose_profile(cfg, &fl, &d, err);
    if (rc == 0)
        rc = cfg_apply_file(cfg, &d, cfg->profile, err);
    cfg_ini_free(&d);
    if (rc)
        return rc;

    cfg_apply_flags(cfg, &fl);
    rc = cfg->demo ? 0 : cfg_normalize_url(cfg, fl.allow_http, err);
    if (rc == 0)
        rc = cfg_resolve_password(cfg, err);
    if (rc)
        return rc;
    if (cfg->insecure)
        warn_insecure();
    return 0;
}

int config_load(pexcon_config *cfg, int argc, char **argv, int *verb_index, strbuf *err)
{
    int rc = load(cfg, argc, argv, verb_index, err);
    if (rc)
        sanitize_message(err);
    return rc;
}

void config_free(pexcon_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->profile);
    free(cfg->url);
    free(cfg->user);
    cfg_wipe_free(cfg->password);
    free(cfg->password_command);
    free(cfg->ca_file);
    free(cfg->theme);
    for (size_t i = 0; i < cfg->nkeys; i++) {
        free(cfg->keys[i].key);
        free(cfg->keys[i].action);
    }
    free(cfg->keys);
    free(cfg->config_path);
    memset(cfg, 0, sizeof *cfg);
}

const char *config_key_action(const pexcon_config *cfg, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < cfg->nkeys; i++)
        if (strcmp(cfg->keys[i].key, key) == 0)
            found = cfg->keys[i].action; /* the last binding wins */
    return found;
}

void config_usage(FILE *out)
{
    fputs("Global options (before the command):\n"
          "  --url URL          Management Node, e.g. https://mgr.example.com\n"
          "  --user NAME        API user name\n"
          "  --profile NAME     profile from the config file\n"
          "  --config FILE      config file (default $XDG_CONFIG_HOME/pexcon/config.ini)\n"
          "  --ca-file FILE     trust this CA bundle for the server's certificate\n"
          "  --insecure         do NOT verify the TLS certificate (warns on every run)\n"
          "  --allow-http       allow a plain http:// URL to a host other than this one\n"
          "                     (the password crosses the network unencrypted; warns)\n"
          "  --read-only        refuse every command; only read\n"
          "  --refresh SEC      console refresh interval (default 2)\n"
          "  --theme NAME       console colour theme\n"
          "  --no-color         no colours (also when NO_COLOR is set)\n"
          "  --demo             console with simulated data, no server\n"
          "  --page-size N      objects per page when listing (default 500)\n"
          "  --timeout SEC      per-request timeout (default 30)\n"
          "  -h, --help         this help\n"
          "  -V, --version      print the version\n"
          "The password comes from PEXCON_PASSWORD, the profile's password_command,\n"
          "the profile's password (file must be chmod 600), or ~/.netrc (chmod 600).\n",
          out);
}
