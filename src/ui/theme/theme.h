/* Themes: semantic style slots read from small `key = value` files.
 *
 *   # comment (a line whose first non-blank character is # or ;)
 *   inherit = dark                  start from another theme
 *   header  = black on cyan bold    FOREGROUND [on BACKGROUND] [ATTRIBUTE...]
 *   quality_bad = #ff8700 bold      colours: default, the 16 ANSI names
 *   border  = 244                   (black..white, bright_black..bright_white,
 *                                   grey), 0-255 indexes, or #rrggbb
 *
 * Attributes: bold, underline, reverse, dim, italic, none. A theme file
 * names only the slots it changes; the rest come from the built-in defaults
 * (or the inherited theme). Parsing needs no terminal; theme_apply() turns a
 * theme into curses attributes for the terminal at hand (direct colour, 256,
 * 16 or 8 colours, or attributes only). */
#ifndef PEXCON_UI_THEME_H
#define PEXCON_UI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"

/* X-macro so the slot enum, its names and the docs never drift apart. */
#define THEME_SLOTS(X)                                                                             \
    X(NORMAL, "normal")                                                                            \
    X(HEADER, "header")                                                                            \
    X(STATUS, "status")                                                                            \
    X(SELECTION, "selection")                                                                      \
    X(SELECTION_INACTIVE, "selection_inactive")                                                    \
    X(BORDER, "border")                                                                            \
    X(BORDER_FOCUS, "border_focus")                                                                \
    X(TITLE, "title")                                                                              \
    X(TITLE_FOCUS, "title_focus")                                                                  \
    X(COLUMN_HEADER, "column_header")                                                              \
    X(DIM, "dim")                                                                                  \
    X(MUTED, "muted")                                                                              \
    X(LOCKED, "locked")                                                                            \
    X(PRESENTING, "presenting")                                                                    \
    X(WAITING, "waiting")                                                                          \
    X(WARNING, "warning")                                                                          \
    X(QUALITY_GOOD, "quality_good")                                                                \
    X(QUALITY_OK, "quality_ok")                                                                    \
    X(QUALITY_BAD, "quality_bad")                                                                  \
    X(QUALITY_TERRIBLE, "quality_terrible")                                                        \
    X(QUALITY_UNKNOWN, "quality_unknown")                                                          \
    X(FLASH_NEW, "flash_new")                                                                      \
    X(FLASH_CHANGED, "flash_changed")                                                              \
    X(FLASH_GONE, "flash_gone")                                                                    \
    X(BANNER_ERROR, "banner_error")                                                                \
    X(BANNER_WARNING, "banner_warning")                                                            \
    X(BANNER_INFO, "banner_info")                                                                  \
    X(SPARK_BITRATE, "spark_bitrate")                                                              \
    X(SPARK_LOSS, "spark_loss")                                                                    \
    X(PROMPT, "prompt")                                                                            \
    X(HELP, "help")                                                                                \
    X(HELP_KEY, "help_key")                                                                        \
    X(FILTER_MATCH, "filter_match")

typedef enum theme_slot {
#define THEME_SLOT_ENUM(id, name) SLOT_##id,
    THEME_SLOTS(THEME_SLOT_ENUM)
#undef THEME_SLOT_ENUM
        SLOT_COUNT
} theme_slot;

typedef enum theme_color_kind {
    TC_UNSET = 0, /* not given: inherit */
    TC_DEFAULT,   /* the terminal's own default colour */
    TC_INDEX,     /* 0-15 ANSI or 16-255 xterm palette index */
    TC_RGB,       /* 0xRRGGBB */
} theme_color_kind;

typedef struct theme_color {
    theme_color_kind kind;
    int value;
} theme_color;

enum {
    TA_BOLD = 1 << 0,
    TA_UNDERLINE = 1 << 1,
    TA_REVERSE = 1 << 2,
    TA_DIM = 1 << 3,
    TA_ITALIC = 1 << 4,
};

typedef struct theme_style {
    theme_color fg, bg;
    unsigned attrs;
    bool set; /* the slot was given (by a file or the defaults) */
} theme_style;

typedef struct theme {
    char name[64];
    theme_style slot[SLOT_COUNT];
} theme;

/* Slot name <-> enum. */
const char *theme_slot_name(theme_slot s);
int theme_slot_from_name(const char *name); /* -1 when unknown */

/* The compiled-in default (the `dark` look), used under every theme file
 * and when no theme file can be found at all. */
void theme_builtin_default(theme *t);

/* Parse one style value ("black on cyan bold"). */
bool theme_parse_style(const char *value, theme_style *out, strbuf *err);

/* Parse a colour ("red", "bright_blue", "208", "#ff8700", "default"). */
bool theme_parse_color(const char *s, theme_color *out);

/* Apply theme file text over *t. Unknown keys and bad values are reported
 * in err (one line each, with line numbers) but do not stop the parse.
 * `inherit` lines call `resolve(name, ctx)` to load another theme first. */
typedef bool (*theme_inherit_fn)(const char *name, theme *t, int depth, void *ctx);
bool theme_parse_text(const char *text, theme *t, strbuf *err, theme_inherit_fn inherit, int depth,
                      void *ctx);

/* Find and load theme NAME (or a path containing '/') from the search
 * path: $XDG_CONFIG_HOME/pexcon/themes, PEXCON_DATA_DIR/themes,
 * PEXCON_SOURCE_DIR/themes. Files are NAME.theme. On failure *t holds the
 * built-in default and err says why. */
bool theme_load(const char *name, theme *t, strbuf *err);

/* Names of the themes found on the search path (sorted, unique). Caller
 * frees each and the array. */
char **theme_list(size_t *count);
void theme_list_free(char **names, size_t count);

/* Nearest palette entries for an RGB colour. */
int theme_rgb_to_256(int rgb);
int theme_rgb_to_16(int rgb, int ncolors); /* ncolors 8 or 16 */
int theme_index_to_rgb(int index);

#endif
