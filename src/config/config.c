/* Global options, config file and password sources. See config.h. */
#include "config/config.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        abort(); /* out of memory at startup: nothing sensible to do */
    return d;
}

static void replace_str(char **slot, const char *value)
{
    free(*slot);
    *slot = xstrdup(value);
}

static void wipe_free(char *secret)
{
    if (!secret)
        return;
    explicit_bzero(secret, strlen(secret));
    free(secret);
}

static int parse_bool(const char *v, bool *out)
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

static int parse_seconds(const char *v, double *out)
{
    char *end = NULL;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end != '\0' || !isfinite(d) || d <= 0 || d > 86400)
        return -1;
    *out = d;
    return 0;
}

static int parse_page_size(const char *v, int *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end != '\0' || n < 1 || n > CONFIG_MAX_PAGE_SIZE)
        return -1;
    *out = (int)n;
    return 0;
}

/* ---- the config file, read whole into (section, key, value) triples ---- */

typedef struct ini_entry {
    char *section;
    char *key;
    char *value;
} ini_entry;

typedef struct ini_data {
    ini_entry *entries;
    size_t n, cap;
    bool has_password;
} ini_data;

static int ini_collect(void *user, const char *section, const char *key, const char *value)
{
    ini_data *d = user;
    if (!key) /* inih reports bare section headers with key == NULL in some builds */
        return 1;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        ini_entry *e = realloc(d->entries, cap * sizeof *e);
        if (!e)
            return 0;
        d->entries = e;
        d->cap = cap;
    }
    d->entries[d->n++] = (ini_entry){xstrdup(section), xstrdup(key), xstrdup(value ? value : "")};
    if (strcmp(key, "password") == 0)
        d->has_password = true;
    return 1;
}

static void ini_data_free(ini_data *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->entries[i].section);
        free(d->entries[i].key);
        wipe_free(d->entries[i].value);
    }
    free(d->entries);
    memset(d, 0, sizeof *d);
}

/* "profile lab" or "lab" names profile "lab"; [pexcon] and [keys] are not profiles. */
static const char *section_profile_name(const char *section)
{
    if (strncmp(section, "profile ", 8) == 0) {
        const char *p = section + 8;
        while (*p == ' ')
            p++;
        return p;
    }
    if (strcmp(section, "pexcon") == 0 || strcmp(section, "keys") == 0 || section[0] == '\0')
        return NULL;
    return section;
}

static bool ini_has_profile(const ini_data *d, const char *name)
{
    for (size_t i = 0; i < d->n; i++) {
        const char *p = section_profile_name(d->entries[i].section);
        if (p && strcmp(p, name) == 0)
            return true;
    }
    return false;
}

static const char *ini_get(const ini_data *d, const char *section, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->entries[i].section, section) == 0 && strcmp(d->entries[i].key, key) == 0)
            found = d->entries[i].value; /* last one wins */
    return found;
}

/* Open, check permissions when a password is inside, and parse.
 * Returns 0, or 1 with a message. `missing_ok` allows a nonexistent file. */
static int read_config_file(const char *path, bool missing_ok, ini_data *d, bool *found,
                            strbuf *err)
{
    *found = false;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT && missing_ok)
            return 0;
        sb_printf(err, "cannot read config file %s: %s", path, strerror(errno));
        return 1;
    }
    *found = true;
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        sb_printf(err, "cannot stat config file %s: %s", path, strerror(errno));
        fclose(f);
        return 1;
    }
    int rc = ini_parse_file(f, ini_collect, d);
    fclose(f);
    if (rc < 0) {
        sb_printf(err, "cannot parse config file %s: out of memory", path);
        return 1;
    }
    if (rc > 0) {
        sb_printf(err, "config file %s: syntax error on line %d", path, rc);
        return 1;
    }
    if (d->has_password && (st.st_mode & (S_IRWXG | S_IRWXO))) {
        sb_printf(err,
                  "config file %s holds a password but other users can read it; "
                  "fix it with: chmod 600 %s",
                  path, path);
        return 1;
    }
    return 0;
}

/* ---- settings gathered from argv before the file is read ---- */

typedef struct cli_flags {
    const char *url, *user, *profile, *config, *ca_file, *theme;
    bool insecure, read_only, no_color, demo;
    bool have_refresh, have_page_size, have_timeout;
    double refresh, timeout_s;
    int page_size;
} cli_flags;

enum opt_id {
    OPT_URL,
    OPT_USER,
    OPT_PROFILE,
    OPT_CONFIG,
    OPT_CA_FILE,
    OPT_INSECURE,
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
        if (parse_seconds(v, &fl->refresh) != 0)
            goto bad;
        fl->have_refresh = true;
        break;
    case OPT_TIMEOUT:
        if (parse_seconds(v, &fl->timeout_s) != 0)
            goto bad;
        fl->have_timeout = true;
        break;
    case OPT_PAGE_SIZE:
        if (parse_page_size(v, &fl->page_size) != 0)
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
static int parse_global_options(pexcon_config *cfg, cli_flags *fl, int argc, char **argv,
                                int *verb_index, strbuf *err)
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

/* ---- applying a profile ---- */

static int apply_profile_key(pexcon_config *cfg, const char *file, const char *key,
                             const char *value, strbuf *err)
{
    if (strcmp(key, "url") == 0) {
        replace_str(&cfg->url, value);
    } else if (strcmp(key, "user") == 0) {
        replace_str(&cfg->user, value);
    } else if (strcmp(key, "password") == 0) {
        wipe_free(cfg->password);
        cfg->password = xstrdup(value);
    } else if (strcmp(key, "password_command") == 0) {
        replace_str(&cfg->password_command, value);
    } else if (strcmp(key, "ca_file") == 0) {
        replace_str(&cfg->ca_file, value);
    } else if (strcmp(key, "theme") == 0) {
        replace_str(&cfg->theme, value);
    } else if (strcmp(key, "insecure") == 0 || strcmp(key, "read_only") == 0 ||
               strcmp(key, "no_color") == 0) {
        bool b;
        if (parse_bool(value, &b) != 0)
            goto bad;
        if (key[0] == 'i')
            cfg->insecure = b;
        else if (key[0] == 'r')
            cfg->read_only = b;
        else
            cfg->no_color = b;
    } else if (strcmp(key, "refresh") == 0) {
        if (parse_seconds(value, &cfg->refresh) != 0)
            goto bad;
    } else if (strcmp(key, "timeout") == 0) {
        if (parse_seconds(value, &cfg->timeout_s) != 0)
            goto bad;
    } else if (strcmp(key, "page_size") == 0) {
        if (parse_page_size(value, &cfg->page_size) != 0)
            goto bad;
    } else {
        fprintf(stderr, "pexcon: warning: %s: unknown setting '%s' in profile '%s' (ignored)\n",
                file, key, cfg->profile ? cfg->profile : "");
    }
    return 0;
bad:
    /* Never echo a value that might be a secret; these keys are not. */
    sb_printf(err, "config file %s: invalid value '%s' for '%s' in profile '%s'", file, value, key,
              cfg->profile ? cfg->profile : "");
    return 1;
}

static int apply_file(pexcon_config *cfg, const ini_data *d, const char *profile, strbuf *err)
{
    for (size_t i = 0; i < d->n; i++) {
        const ini_entry *e = &d->entries[i];
        if (strcmp(e->section, "keys") == 0) {
            pexcon_keybinding *k = realloc(cfg->keys, (cfg->nkeys + 1) * sizeof *k);
            if (!k)
                abort();
            cfg->keys = k;
            cfg->keys[cfg->nkeys++] = (pexcon_keybinding){xstrdup(e->key), xstrdup(e->value)};
            continue;
        }
        const char *p = section_profile_name(e->section);
        if (!p || !profile || strcmp(p, profile) != 0)
            continue;
        int rc = apply_profile_key(cfg, cfg->config_path, e->key, e->value, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int choose_profile(pexcon_config *cfg, const cli_flags *fl, const ini_data *d, strbuf *err)
{
    const char *want = fl->profile;
    if (!want || !*want)
        want = getenv("PEXCON_PROFILE");
    if (!want || !*want)
        want = ini_get(d, "pexcon", "default_profile");
    if (want && *want) {
        if (!ini_has_profile(d, want)) {
            if (cfg->config_path)
                sb_printf(err, "profile '%s' not found in %s", want, cfg->config_path);
            else
                sb_printf(err, "profile '%s' requested but there is no config file", want);
            return 1;
        }
        cfg->profile = xstrdup(want);
    } else if (ini_has_profile(d, "default")) {
        cfg->profile = xstrdup("default");
    }
    return 0;
}

/* Accept "host", "host:port", "https://host/" and keep scheme://authority[/prefix]
 * without a trailing slash. */
static void normalize_url(pexcon_config *cfg)
{
    if (!cfg->url)
        return;
    strbuf sb = STRBUF_INIT;
    const char *u = cfg->url;
    while (*u == ' ')
        u++;
    if (!strstr(u, "://"))
        sb_append(&sb, "https://");
    sb_append(&sb, u);
    while (sb.len > 0 && (sb.data[sb.len - 1] == '/' || sb.data[sb.len - 1] == ' '))
        sb.data[--sb.len] = '\0';
    free(cfg->url);
    cfg->url = sb_steal(&sb);
}

static void apply_flags(pexcon_config *cfg, const cli_flags *fl)
{
    if (fl->url)
        replace_str(&cfg->url, fl->url);
    if (fl->user)
        replace_str(&cfg->user, fl->user);
    if (fl->ca_file)
        replace_str(&cfg->ca_file, fl->ca_file);
    if (fl->theme)
        replace_str(&cfg->theme, fl->theme);
    cfg->insecure |= fl->insecure;
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

/* Run password_command once; its first stdout line is the password. */
static int run_password_command(pexcon_config *cfg, strbuf *err)
{
    fflush(NULL);
    FILE *p = popen(cfg->password_command, "r");
    if (!p) {
        sb_printf(err, "cannot run password_command: %s", strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, p);
    /* Drain the rest so the command does not die of SIGPIPE. */
    char sink[256];
    while (fread(sink, 1, sizeof sink, p) > 0)
        ;
    explicit_bzero(sink, sizeof sink);
    int status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (line)
            explicit_bzero(line, cap);
        free(line);
        if (status != -1 && WIFEXITED(status))
            sb_printf(err, "password_command failed (exit status %d)", WEXITSTATUS(status));
        else
            sb_append(err, "password_command failed");
        return 1;
    }
    if (n > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
    }
    if (n <= 0) {
        if (line)
            explicit_bzero(line, cap);
        free(line);
        sb_append(err, "password_command printed no password");
        return 1;
    }
    wipe_free(cfg->password);
    cfg->password = xstrdup(line);
    explicit_bzero(line, cap);
    free(line);
    return 0;
}

static int resolve_password(pexcon_config *cfg, strbuf *err)
{
    const char *env = getenv("PEXCON_PASSWORD");
    if (env && *env) {
        wipe_free(cfg->password);
        cfg->password = xstrdup(env);
        return 0;
    }
    if (cfg->password && *cfg->password)
        return 0;
    if (cfg->password_command && *cfg->password_command && !cfg->demo)
        return run_password_command(cfg, err);
    return 0; /* libcurl will look in ~/.netrc */
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

int config_load(pexcon_config *cfg, int argc, char **argv, int *verb_index, strbuf *err)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->refresh = CONFIG_DEFAULT_REFRESH_S;
    cfg->page_size = CONFIG_DEFAULT_PAGE_SIZE;
    cfg->timeout_s = CONFIG_DEFAULT_TIMEOUT_S;
    *verb_index = argc;

    cli_flags fl = {0};
    int rc = parse_global_options(cfg, &fl, argc, argv, verb_index, err);
    if (rc || cfg->show_help || cfg->show_version)
        return rc;

    bool explicit_path = fl.config != NULL;
    char *path = explicit_path ? xstrdup(fl.config) : config_default_path();
    ini_data d = {0};
    bool found = false;
    if (path)
        rc = read_config_file(path, !explicit_path, &d, &found, err);
    if (found)
        cfg->config_path = path;
    else
        free(path);
    if (rc == 0)
        rc = choose_profile(cfg, &fl, &d, err);
    if (rc == 0)
        rc = apply_file(cfg, &d, cfg->profile, err);
    ini_data_free(&d);
    if (rc)
        return rc;

    apply_flags(cfg, &fl);
    normalize_url(cfg);
    rc = resolve_password(cfg, err);
    if (rc)
        return rc;
    if (cfg->insecure)
        warn_insecure();
    return 0;
}

void config_free(pexcon_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->profile);
    free(cfg->url);
    free(cfg->user);
    wipe_free(cfg->password);
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
          "the profile's password (file must be chmod 600), or ~/.netrc.\n",
          out);
}
