/* The config file: [profile NAME] sections, [pexcon] and [keys]. */
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "config/internal.h"

static int ini_collect(void *user, const char *section, const char *key, const char *value)
{
    ini_data *d = user;
    if (!key) /* inih reports bare section headers with key == NULL in some builds */
        return 1;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->entries = xrealloc(d->entries, d->cap * sizeof *d->entries);
    }
    d->entries[d->n++] =
        (ini_entry){cfg_strdup(section), cfg_strdup(key), cfg_strdup(value ? value : "")};
    if (strcmp(key, "password") == 0)
        d->has_password = true;
    size_t n = strlen(key);
    if (!d->command_key && n > 8 && strcmp(key + n - 8, "_command") == 0 &&
        strcmp(section, "keys") != 0)
        d->command_key = d->entries[d->n - 1].key;
    return 1;
}

void cfg_ini_free(ini_data *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->entries[i].section);
        free(d->entries[i].key);
        cfg_wipe_free(d->entries[i].value);
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
int cfg_read_file(const char *path, bool missing_ok, ini_data *d, bool *found, strbuf *err)
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
        sb_printf(err, "config file %s holds a password but other users can read it; fix it with: ",
                  path);
        cfg_append_chmod(err, "600", path);
        return 1;
    }
    return d->command_key ? cfg_check_command_file(path, &st, d->command_key, err) : 0;
}

void cfg_append_chmod(strbuf *err, const char *mode, const char *path)
{
    sb_printf(err, "chmod %s ", mode);
    if (path[0] && strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                "_./-+,:@%=") == strlen(path)) {
        sb_append(err, path);
        return;
    }
    sb_append_char(err, '\'');
    for (const char *c = path; *c; c++) {
        if (*c == '\'')
            sb_append(err, "'\\''");
        else
            sb_append_char(err, *c);
    }
    sb_append_char(err, '\'');
}

/* Could someone else change what the file says? Group/other write on the
 * file, or on a directory above it that we own (they could swap the file;
 * a sticky directory such as /tmp keeps others from that). Directories of
 * root are trusted; those of other users are not ours to fix. */
int cfg_check_command_file(const char *path, const struct stat *st, const char *key, strbuf *err)
{
    if (st->st_mode & (S_IWGRP | S_IWOTH)) {
        sb_printf(err, "config file %s names %s but other users can change it; fix it with: ", path,
                  key);
        cfg_append_chmod(err, "go-w", path);
        return 1;
    }
    if (st->st_uid != geteuid() && st->st_uid != 0) {
        sb_printf(err, "config file %s names %s but belongs to another user", path, key);
        return 1;
    }
    char *dir = realpath(path, NULL);
    if (!dir)
        return 0; /* it was just opened; nothing better to check against */
    int rc = 0;
    for (char *slash = strrchr(dir, '/'); slash && rc == 0; slash = strrchr(dir, '/')) {
        *(slash == dir ? slash + 1 : slash) = '\0';
        struct stat ds;
        if (stat(dir, &ds) == 0 && ds.st_uid == geteuid() && !(ds.st_mode & S_ISVTX) &&
            (ds.st_mode & (S_IWGRP | S_IWOTH))) {
            sb_printf(err,
                      "config file %s names %s but other users can replace it: directory %s is "
                      "writable by others; fix it with: ",
                      path, key, dir);
            cfg_append_chmod(err, "go-w", dir);
            rc = 1;
        }
        if (slash == dir)
            break;
    }
    free(dir);
    return rc;
}

static int apply_profile_key(pexcon_config *cfg, const char *file, const char *key,
                             const char *value, strbuf *err)
{
    if (strcmp(key, "url") == 0) {
        cfg_replace_str(&cfg->url, value);
    } else if (strcmp(key, "user") == 0) {
        cfg_replace_str(&cfg->user, value);
    } else if (strcmp(key, "password") == 0) {
        cfg_wipe_free(cfg->password);
        cfg->password = cfg_strdup(value);
    } else if (strcmp(key, "password_command") == 0) {
        cfg_replace_str(&cfg->password_command, value);
    } else if (strcmp(key, "ca_file") == 0) {
        cfg_replace_str(&cfg->ca_file, value);
    } else if (strcmp(key, "theme") == 0) {
        cfg_replace_str(&cfg->theme, value);
    } else if (strcmp(key, "insecure") == 0 || strcmp(key, "read_only") == 0 ||
               strcmp(key, "no_color") == 0) {
        bool b;
        if (cfg_parse_bool(value, &b) != 0)
            goto bad;
        if (key[0] == 'i')
            cfg->insecure = b;
        else if (key[0] == 'r')
            cfg->read_only = b;
        else
            cfg->no_color = b;
    } else if (strcmp(key, "refresh") == 0) {
        if (cfg_parse_seconds(value, &cfg->refresh) != 0)
            goto bad;
    } else if (strcmp(key, "timeout") == 0) {
        if (cfg_parse_seconds(value, &cfg->timeout_s) != 0)
            goto bad;
    } else if (strcmp(key, "page_size") == 0) {
        if (cfg_parse_page_size(value, &cfg->page_size) != 0)
            goto bad;
    } else {
        cfg_warn("warning: %s: unknown setting '%s' in profile '%s' (ignored)", file, key,
                 cfg->profile ? cfg->profile : "");
    }
    return 0;
bad:
    /* Never echo a value that might be a secret; these keys are not. */
    sb_printf(err, "config file %s: invalid value '%s' for '%s' in profile '%s'", file, value, key,
              cfg->profile ? cfg->profile : "");
    return 1;
}

int cfg_apply_file(pexcon_config *cfg, const ini_data *d, const char *profile, strbuf *err)
{
    for (size_t i = 0; i < d->n; i++) {
        const ini_entry *e = &d->entries[i];
        if (strcmp(e->section, "keys") == 0) {
            cfg->keys = xrealloc(cfg->keys, (cfg->nkeys + 1) * sizeof *cfg->keys);
            cfg->keys[cfg->nkeys++] = (pexcon_keybinding){cfg_strdup(e->key), cfg_strdup(e->value)};
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

int cfg_choose_profile(pexcon_config *cfg, const cli_flags *fl, const ini_data *d, strbuf *err)
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
        cfg->profile = cfg_strdup(want);
    } else if (ini_has_profile(d, "default")) {
        cfg->profile = cfg_strdup("default");
    }
    return 0;
}
