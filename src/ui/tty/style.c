#include "ui/tty/style.h"

static attr_t slot_attr[SLOT_COUNT];
static short slot_pair[SLOT_COUNT];

/* What each slot looks like without colour: the mono theme's choices, used
 * when a colour theme gives a slot no attribute of its own. */
static unsigned mono_fallback(theme_slot s)
{
    switch (s) {
    case SLOT_HEADER:
    case SLOT_STATUS:
    case SLOT_SELECTION:
    case SLOT_PROMPT:
    case SLOT_BANNER_ERROR:
    case SLOT_BANNER_WARNING:
    case SLOT_FLASH_NEW:
        return TA_REVERSE;
    case SLOT_TITLE_FOCUS:
    case SLOT_BORDER_FOCUS:
    case SLOT_QUALITY_BAD:
    case SLOT_QUALITY_TERRIBLE:
    case SLOT_LOCKED:
    case SLOT_PRESENTING:
    case SLOT_HELP_KEY:
        return TA_BOLD;
    case SLOT_FLASH_CHANGED:
    case SLOT_COLUMN_HEADER:
    case SLOT_SELECTION_INACTIVE:
    case SLOT_BANNER_INFO:
    case SLOT_FILTER_MATCH:
        return TA_UNDERLINE;
    case SLOT_FLASH_GONE:
    case SLOT_DIM:
    case SLOT_BORDER:
    case SLOT_QUALITY_UNKNOWN:
        return TA_DIM;
    default:
        return 0;
    }
}

static attr_t attrs_to_curses(unsigned a)
{
    attr_t r = A_NORMAL;
    if (a & TA_BOLD)
        r |= A_BOLD;
    if (a & TA_UNDERLINE)
        r |= A_UNDERLINE;
    if (a & TA_REVERSE)
        r |= A_REVERSE;
    if (a & TA_DIM)
        r |= A_DIM;
    if (a & TA_ITALIC)
        r |= A_ITALIC;
    return r;
}

/* Map a theme colour to a colour number this terminal understands. Sets
 * *bright_as_bold when an 8-colour terminal must show a bright colour as
 * its base colour plus bold. */
static int color_for_terminal(theme_color c, const term_caps *caps, bool *bright_as_bold)
{
    if (c.kind == TC_UNSET || c.kind == TC_DEFAULT)
        return -1;
    if (caps->direct) {
        /* Direct-colour terminfo maps values below 8 to the ANSI colours
         * and everything else to RGB. */
        if (c.kind == TC_INDEX && c.value < 8)
            return c.value;
        int rgb = c.kind == TC_RGB ? c.value : theme_index_to_rgb(c.value);
        return rgb < 8 ? 8 : rgb;
    }
    int rgb = c.kind == TC_RGB ? c.value : theme_index_to_rgb(c.value);
    if (caps->colors >= 256)
        return c.kind == TC_INDEX ? c.value : theme_rgb_to_256(rgb);
    int idx = c.kind == TC_INDEX && c.value < 16 ? c.value : theme_rgb_to_16(rgb, caps->colors);
    if (caps->colors < 16 && idx >= 8) {
        *bright_as_bold = true;
        idx -= 8;
    }
    return idx;
}

void style_apply(const theme *t, const term_caps *caps)
{
    for (int s = 0; s < SLOT_COUNT; s++) {
        const theme_style *st = &t->slot[s];
        unsigned attrs = st->attrs;
        slot_pair[s] = 0;
        if (!caps->color) {
            bool has_colour = (st->fg.kind == TC_INDEX || st->fg.kind == TC_RGB) ||
                              (st->bg.kind == TC_INDEX || st->bg.kind == TC_RGB);
            if (attrs == 0 && (has_colour || s != SLOT_NORMAL))
                attrs = mono_fallback((theme_slot)s);
            slot_attr[s] = attrs_to_curses(attrs);
            continue;
        }
        bool bold = false;
        int fg = color_for_terminal(st->fg, caps, &bold);
        bool ignored = false;
        int bg = color_for_terminal(st->bg, caps, &ignored);
        if (bold)
            attrs |= TA_BOLD;
        attr_t a = attrs_to_curses(attrs);
        int pair = s + 1;
        if ((fg != -1 || bg != -1) && pair < COLOR_PAIRS &&
            init_extended_pair(pair, fg, bg) == OK) {
            slot_pair[s] = (short)pair;
            a |= COLOR_PAIR(pair);
        }
        slot_attr[s] = a;
    }
}

attr_t style_attr(theme_slot s)
{
    return (unsigned)s < SLOT_COUNT ? slot_attr[s] : A_NORMAL;
}

short style_pair(theme_slot s)
{
    return (unsigned)s < SLOT_COUNT ? slot_pair[s] : 0;
}
