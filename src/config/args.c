/* The global options that come before the verb. */
#include <stdlib.h>
#include <string.h>

#include "config/internal.h"

enum opt_id {
    OPT_URL,
    OPT_USER,
    OPT_PROFILE,
    OPT_CONFIG,
    OPT_CA_FILE,
    OPT_INSECURE,
    OPT_ALLOW_HTTP,
    OPT_READ_ONLY,
    OPT_REFRESH,
    OPT_THEME,
    OPT_NO_COLOR,
    OPT_DEMO,
    OPT_PAGE_SIZE,
    OPT_TIMEOUT,
    OPT_HELP,
    OPT_VERSION,
};

static const struct {
    const char *name;
    enum opt_id id;
    bool takes_value;
} opt_table[] = {
    {"--url", OPT_URL, true},
    {"--user", OPT_USER, true},
    {"--profile", OPT_PROFILE, true},
    {"--config", OPT_CONFIG, true},
    {"--ca-file", OPT_CA_FILE, true},
    {"--insecure", OPT_INSECURE, false},
    {"--allow-http", OPT_ALLOW_HTTP, false},
    {"--read-only", OPT_READ_ONLY, false},
    {"--refresh", OPT_REFRESH, true},
    {"--theme", OPT_THEME, true},
    {"--no-color", OPT_NO_COLOR, false},
    {"--demo", OPT_DEMO, false},
    {"--page-size", OPT_PAGE_SIZE, true},
    {"--timeout", OPT_TIMEOUT, true},
    {"--help", OPT_HELP, false},
    {"-h", OPT_HELP, false},
    {"--version", OPT_VERSION, false},
    {"-V", OPT_VERSION, false},
};

static int apply_flag(pexcon_config *cfg, cli_flags *fl, enum opt_id id, const char *name,
                      const char *v, strbuf *err)
{
    switch (id) {
    case OPT_URL:
        fl->url = v;
        break;
    case OPT_USER:
        fl->user = v;
        break;
    case OPT_PROFILE:
        fl->profile = v;
        break;
    case OPT_CONFIG:
        fl->config = v;
        break;
    case OPT_CA_FILE:
        fl->ca_file = v;
        break;
    case OPT_THEME:
        fl->theme = v;
        break;
    case OPT_INSECURE:
        fl->insecure = true;
        break;
    case OPT_ALLOW_HTTP:
        fl->allow_http = true;
        break;
    case OPT_READ_ONLY:
        fl->read_only = true;
        break;
    case OPT_NO_COLOR:
        fl->no_color = true;
        break;
    case OPT_DEMO:
        fl->demo = true;
        break;
    case OPT_HELP:
        cfg->show_help = true;
        break;
    case OPT_VERSION:
        cfg->show_version = true;
        break;
    case OPT_REFRESH:
        if (cfg_parse_seconds(v, &fl->refresh) != 0)
            goto bad;
        fl->have_refresh = true;
        break;
    case OPT_TIMEOUT:
        if (cfg_parse_seconds(v, &fl->timeout_s) != 0)
            goto bad;
        fl->have_timeout = true;
        break;
    case OPT_PAGE_SIZE:
        if (cfg_parse_page_size(v, &fl->page_size) != 0)
            goto bad;
        fl->have_page_size = true;
        break;
    }
    return 0;
bad:
    sb_printf(err, "invalid value for %s: '%s'", name, v);
    return 2;
}

/* Parse the options before the verb. Returns 0 or 2 (usage error). */
int cfg_parse_args(pexcon_config *cfg, cli_flags *fl, int argc, char **argv, int *verb_index,
                   strbuf *err)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0')
            break; /* the verb */
        if (strcmp(arg, "--password") == 0 || strncmp(arg, "--password=", 11) == 0) {
            sb_append(err, "there is no --password option: use PEXCON_PASSWORD, a profile's "
                           "password_command, or ~/.netrc");
            return 2;
        }
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        size_t k = 0, nopts = sizeof opt_table / sizeof opt_table[0];
        for (; k < nopts; k++)
            if (strlen(opt_table[k].name) == name_len &&
                strncmp(opt_table[k].name, arg, name_len) == 0)
                break;
        if (k == nopts) {
            sb_printf(err, "unknown option '%.*s' (see --help)", (int)name_len, arg);
            return 2;
        }
        const char *value = NULL;
        if (opt_table[k].takes_value) {
            if (eq) {
                value = eq + 1;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                sb_printf(err, "option %s needs a value", opt_table[k].name);
                return 2;
            }
        } else if (eq) {
            sb_printf(err, "option %s takes no value", opt_table[k].name);
            return 2;
        }
        int rc = apply_flag(cfg, fl, opt_table[k].id, opt_table[k].name, value, err);
        if (rc)
            return rc;
    }
    *verb_index = i;
    return 0;
}

void cfg_apply_flags(pexcon_config *cfg, const cli_flags *fl)
{
    if (fl->url)
        cfg_replace_str(&cfg->url, fl->url);
    if (fl->user)
        cfg_replace_str(&cfg->user, fl->user);
    if (fl->ca_file)
        cfg_replace_str(&cfg->ca_file, fl->ca_file);
    if (fl->theme)
        cfg_replace_str(&cfg->theme, fl->theme);
    cfg->insecure |= fl->insecure;
    cfg->allow_http = fl->allow_http;
    cfg->read_only |= fl->read_only;
    cfg->no_color |= fl->no_color;
    cfg->demo |= fl->demo;
    if (fl->have_refresh)
        cfg->refresh = fl->refresh;
    if (fl->have_timeout)
        cfg->timeout_s = fl->timeout_s;
    if (fl->have_page_size)
        cfg->page_size = fl->page_size;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        cfg->no_color = true;
}
