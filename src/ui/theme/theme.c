#include "ui/theme/theme.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xmalloc.h"

#ifndef PEXCON_DATA_DIR
#define PEXCON_DATA_DIR "/usr/local/share/pexcon"
#endif
#ifndef PEXCON_SOURCE_DIR
#define PEXCON_SOURCE_DIR "."
#endif

#define THEME_MAX_DEPTH 4
#define THEME_MAX_FILE (64 * 1024)

static const char *const slot_names[SLOT_COUNT] = {
#define THEME_SLOT_NAME(id, name) name,
    THEME_SLOTS(THEME_SLOT_NAME)
#undef THEME_SLOT_NAME
};

const char *theme_slot_name(theme_slot s)
{
    return (unsigned)s < SLOT_COUNT ? slot_names[s] : "?";
}

int theme_slot_from_name(const char *name)
{
    for (int i = 0; i < SLOT_COUNT; i++)
        if (strcmp(slot_names[i], name) == 0)
            return i;
    return -1;
}

/* ---- colours ---------------------------------------------------------- */

static const struct {
    const char *name;
    int index;
} color_names[] = {
    {"black", 0},         {"red", 1},
    {"green", 2},         {"yellow", 3},
    {"blue", 4},          {"magenta", 5},
    {"cyan", 6},          {"white", 7},
    {"bright_black", 8},  {"grey", 8},
    {"gray", 8},          {"bright_red", 9},
    {"bright_green", 10}, {"bright_yellow", 11},
    {"bright_blue", 12},  {"bright_magenta", 13},
    {"bright_cyan", 14},  {"bright_white", 15},
};

/* The xterm defaults for the 16 ANSI colours, used for nearest-colour
 * matching when a terminal has fewer colours than the theme asks for. */
static const int ansi_rgb[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
    0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static bool parse_hex_rgb(const char *s, int *out)
{
    if (strlen(s) != 7 || s[0] != '#')
        return false;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    *out = (int)strtol(s + 1, NULL, 16);
    return true;
}

bool theme_parse_color(const char *s, theme_color *out)
{
    if (strcasecmp(s, "default") == 0 || strcmp(s, "-1") == 0) {
        *out = (theme_color){TC_DEFAULT, -1};
        return true;
    }
    if (s[0] == '#') {
        int rgb;
        if (!parse_hex_rgb(s, &rgb))
            return false;
        *out = (theme_color){TC_RGB, rgb};
        return true;
    }
    if (isdigit((unsigned char)s[0])) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (*end || errno || v < 0 || v > 255)
            return false;
        *out = (theme_color){TC_INDEX, (int)v};
        return true;
    }
    /* Accept "bright-red" and "brightred" as well as "bright_red". */
    char norm[32];
    size_t n = 0;
    for (const char *p = s; *p && n + 2 < sizeof norm; p++) {
        char c = (char)tolower((unsigned char)*p);
        norm[n++] = c == '-' ? '_' : c;
        if (n == 6 && strncmp(norm, "bright", 6) == 0 && p[1] && p[1] != '_' && p[1] != '-')
            norm[n++] = '_';
    }
    norm[n] = '\0';
    for (size_t i = 0; i < sizeof color_names / sizeof color_names[0]; i++) {
        if (strcmp(norm, color_names[i].name) == 0) {
            *out = (theme_color){TC_INDEX, color_names[i].index};
            return true;
        }
    }
    return false;
}

int theme_index_to_rgb(int index)
{
    if (index < 16)
        return ansi_rgb[index < 0 ? 0 : index];
    if (index < 232) {
        static const int level[6] = {0, 0x5f, 0x87, 0xaf, 0xd7, 0xff};
        int i = index - 16;
        return (level[i / 36] << 16) | (level[(i / 6) % 6] << 8) | level[i % 6];
    }
    int g = 8 + (index - 232) * 10;
    return (g << 16) | (g << 8) | g;
}

static long rgb_distance(int a, int b)
{
    long dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
    long dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
    long db = (a & 0xff) - (b & 0xff);
    /* Weighted towards green, as the eye is: good enough to pick a palette
     * entry without a colour-space conversion. */
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

int theme_rgb_to_256(int rgb)
{
    int best = 16;
    long best_d = -1;
    for (int i = 16; i < 256; i++) {
        long d = rgb_distance(rgb, theme_index_to_rgb(i));
        if (best_d < 0 || d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

int theme_rgb_to_16(int rgb, int ncolors)
{
    int best = 0;
    long best_d = -1;
    int limit = ncolors >= 16 ? 16 : 8;
    for (int i = 0; i < limit; i++) {
        long d = rgb_distance(rgb, ansi_rgb[i]);
        if (best_d < 0 || d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

/* ---- styles ----------------------------------------------------------- */

static bool parse_attr(const char *w, unsigned *attrs)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {
        {"bold", TA_BOLD}, {"underline", TA_UNDERLINE}, {"reverse", TA_REVERSE},
        {"dim", TA_DIM},   {"italic", TA_ITALIC},       {"none", 0},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(w, names[i].name) == 0) {
            *attrs |= names[i].bit;
            return true;
        }
    }
    return false;
}

bool theme_parse_style(const char *value, theme_style *out, strbuf *err)
{
    theme_style st = {.fg = {TC_UNSET, 0}, .bg = {TC_UNSET, 0}, .attrs = 0, .set = true};
    char buf[256];
    snprintf(buf, sizeof buf, "%s", value);
    bool expect_bg = false, have_fg = false;
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (strcasecmp(w, "on") == 0) {
            expect_bg = true;
            continue;
        }
        theme_color c;
        if (expect_bg) {
            if (!theme_parse_color(w, &c)) {
                sb_printf(err, "unknown background colour '%s'", w);
                return false;
            }
            st.bg = c;
            expect_bg = false;
        } else if (parse_attr(w, &st.attrs)) {
            continue;
        } else if (!have_fg && theme_parse_color(w, &c)) {
            st.fg = c;
            have_fg = true;
        } else {
            sb_printf(err, "unknown colour or attribute '%s'", w);
            return false;
        }
    }
    if (expect_bg) {
        sb_append(err, "'on' without a background colour");
        return false;
    }
    *out = st;
    return true;
}

static theme_style S(int fg, int bg, unsigned attrs)
{
    theme_style st = {.attrs = attrs, .set = true};
    st.fg = fg < 0 ? (theme_color){TC_DEFAULT, -1} : (theme_color){TC_INDEX, fg};
    st.bg = bg < 0 ? (theme_color){TC_DEFAULT, -1} : (theme_color){TC_INDEX, bg};
    return st;
}

void theme_builtin_default(theme *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "builtin");
    const int D = -1;
    t->slot[SLOT_NORMAL] = S(D, D, 0);
    t->slot[SLOT_HEADER] = S(0, 6, TA_BOLD);
    t->slot[SLOT_STATUS] = S(15, 236, 0);
    t->slot[SLOT_SELECTION] = S(0, 14, 0);
    t->slot[SLOT_SELECTION_INACTIVE] = S(D, 238, 0);
    t->slot[SLOT_BORDER] = S(240, D, 0);
    t->slot[SLOT_BORDER_FOCUS] = S(14, D, 0);
    t->slot[SLOT_TITLE] = S(250, D, TA_BOLD);
    t->slot[SLOT_TITLE_FOCUS] = S(14, D, TA_BOLD);
    t->slot[SLOT_COLUMN_HEADER] = S(250, D, TA_UNDERLINE);
    t->slot[SLOT_DIM] = S(244, D, 0);
    t->slot[SLOT_MUTED] = S(3, D, 0);
    t->slot[SLOT_LOCKED] = S(13, D, TA_BOLD);
    t->slot[SLOT_PRESENTING] = S(12, D, TA_BOLD);
    t->slot[SLOT_WAITING] = S(11, D, 0);
    t->slot[SLOT_WARNING] = S(208, D, TA_BOLD);
    t->slot[SLOT_QUALITY_GOOD] = S(2, D, 0);
    t->slot[SLOT_QUALITY_OK] = S(3, D, 0);
    t->slot[SLOT_QUALITY_BAD] = S(208, D, TA_BOLD);
    t->slot[SLOT_QUALITY_TERRIBLE] = S(9, D, TA_BOLD);
    t->slot[SLOT_QUALITY_UNKNOWN] = S(244, D, 0);
    t->slot[SLOT_FLASH_NEW] = S(0, 2, 0);
    t->slot[SLOT_FLASH_CHANGED] = S(0, 3, 0);
    t->slot[SLOT_FLASH_GONE] = S(9, D, TA_DIM);
    t->slot[SLOT_BANNER_ERROR] = S(15, 1, TA_BOLD);
    t->slot[SLOT_BANNER_WARNING] = S(0, 3, TA_BOLD);
    t->slot[SLOT_BANNER_INFO] = S(0, 6, 0);
    t->slot[SLOT_SPARK_BITRATE] = S(6, D, 0);
    t->slot[SLOT_SPARK_LOSS] = S(208, D, 0);
    t->slot[SLOT_PROMPT] = S(15, 236, TA_BOLD);
    t->slot[SLOT_HELP] = S(D, 235, 0);
    t->slot[SLOT_HELP_KEY] = S(14, 235, TA_BOLD);
    t->slot[SLOT_FILTER_MATCH] = S(D, D, TA_UNDERLINE);
}

/* ---- files ------------------------------------------------------------ */

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static void parse_line(char *line, int lineno, theme *t, strbuf *err, theme_inherit_fn inherit,
                       int depth, void *ctx, bool *ok)
{
    char *s = trim(line);
    if (!*s || *s == '#' || *s == ';')
        return;
    char *eq = strchr(s, '=');
    if (!eq) {
        sb_printf(err, "line %d: expected 'slot = style'\n", lineno);
        *ok = false;
        return;
    }
    *eq = '\0';
    char *key = trim(s);
    char *value = trim(eq + 1);
    if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0)
        return;
    if (strcmp(key, "inherit") == 0) {
        if (!inherit || depth >= THEME_MAX_DEPTH || !inherit(value, t, depth + 1, ctx)) {
            sb_printf(err, "line %d: cannot inherit from '%s'\n", lineno, value);
            *ok = false;
        }
        return;
    }
    int slot = theme_slot_from_name(key);
    if (slot < 0) {
        sb_printf(err, "line %d: unknown slot '%s'\n", lineno, key);
        *ok = false;
        return;
    }
    theme_style st;
    strbuf why = STRBUF_INIT;
    if (!theme_parse_style(value, &st, &why)) {
        sb_printf(err, "line %d: %s: %s\n", lineno, key, sb_str(&why));
        *ok = false;
    } else {
        t->slot[slot] = st;
    }
    sb_free(&why);
}

bool theme_parse_text(const char *text, theme *t, strbuf *err, theme_inherit_fn inherit, int depth,
                      void *ctx)
{
    bool ok = true;
    int lineno = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1), p);
        lineno++;
        parse_line(line, lineno, t, err, inherit, depth, ctx, &ok);
        p += n;
        if (*p == '\n')
            p++;
    }
    return ok;
}

static bool theme_name_is_safe(const char *name)
{
    if (!*name || strlen(name) > 48)
        return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return false;
    return name[0] != '.';
}

/* The theme directories in search order; returns how many were filled. */
static int theme_dirs(char dirs[3][1024])
{
    int n = 0;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(dirs[n++], 1024, "%s/pexcon/themes", xdg);
    else if (home && *home)
        snprintf(dirs[n++], 1024, "%s/.config/pexcon/themes", home);
    snprintf(dirs[n++], 1024, "%s/themes", PEXCON_DATA_DIR);
    snprintf(dirs[n++], 1024, "%s/themes", PEXCON_SOURCE_DIR);
    return n;
}

static char *read_small_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = xmalloc(THEME_MAX_FILE + 1);
    size_t n = fread(buf, 1, THEME_MAX_FILE, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static bool theme_load_into(const char *name, theme *t, int depth, strbuf *err);

static bool inherit_cb(const char *name, theme *t, int depth, void *ctx)
{
    return theme_load_into(name, t, depth, (strbuf *)ctx);
}

static bool theme_load_file(const char *path, theme *t, int depth, strbuf *err)
{
    char *text = read_small_file(path);
    if (!text)
        return false;
    strbuf why = STRBUF_INIT;
    if (!theme_parse_text(text, t, &why, inherit_cb, depth, err))
        sb_printf(err, "%s: %s", path, sb_str(&why));
    sb_free(&why);
    free(text);
    return true;
}

static bool theme_load_into(const char *name, theme *t, int depth, strbuf *err)
{
    if (strchr(name, '/'))
        return theme_load_file(name, t, depth, err);
    if (!theme_name_is_safe(name))
        return false;
    char dirs[3][1024];
    int n = theme_dirs(dirs);
    for (int i = 0; i < n; i++) {
        char path[1200];
        int written = snprintf(path, sizeof path, "%.1024s/%.64s.theme", dirs[i], name);
        if (written > 0 && (size_t)written < sizeof path && theme_load_file(path, t, depth, err))
            return true;
    }
    return false;
}

bool theme_load(const char *name, theme *t, strbuf *err)
{
    theme_builtin_default(t);
    if (!theme_load_into(name, t, 0, err)) {
        theme_builtin_default(t);
        sb_printf(err, "theme '%s' not found", name);
        return false;
    }
    const char *base = strrchr(name, '/');
    snprintf(t->name, sizeof t->name, "%s", base ? base + 1 : name);
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **theme_list(size_t *count)
{
    char dirs[3][1024];
    int n = theme_dirs(dirs);
    char **names = NULL;
    size_t len = 0, cap = 0;
    for (int i = 0; i < n; i++) {
        DIR *d = opendir(dirs[i]);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (l <= 6 || strcmp(e->d_name + l - 6, ".theme") != 0)
                continue;
            if (len == cap) {
                cap = cap ? cap * 2 : 16;
                names = xrealloc(names, cap * sizeof *names);
            }
            char *name = xmalloc(l - 5);
            memcpy(name, e->d_name, l - 6);
            name[l - 6] = '\0';
            if (theme_name_is_safe(name))
                names[len++] = name;
            else
                free(name);
        }
        closedir(d);
    }
    if (len)
        qsort(names, len, sizeof *names, cmp_str);
    /* Drop duplicates (the same theme in several directories). */
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        if (out && strcmp(names[out - 1], names[i]) == 0)
            free(names[i]);
        else
            names[out++] = names[i];
    }
    *count = out;
    return names;
}

void theme_list_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
