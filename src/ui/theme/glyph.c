#include "ui/theme/glyph.h"

const char *glyph_quality(call_quality q, bool ascii)
{
    switch (q) {
    case QUALITY_GOOD:
        return ascii ? "o good" : "\u25cf good";
    case QUALITY_OK:
        return ascii ? "~ ok" : "\u25c6 ok";
    case QUALITY_BAD:
        return ascii ? "! bad" : "\u25b2 bad";
    case QUALITY_TERRIBLE:
        return ascii ? "X terrible" : "\u2716 terrible";
    default:
        return ascii ? "? unknown" : "? unknown";
    }
}

theme_slot glyph_quality_slot(call_quality q)
{
    switch (q) {
    case QUALITY_GOOD:
        return SLOT_QUALITY_GOOD;
    case QUALITY_OK:
        return SLOT_QUALITY_OK;
    case QUALITY_BAD:
        return SLOT_QUALITY_BAD;
    case QUALITY_TERRIBLE:
        return SLOT_QUALITY_TERRIBLE;
    default:
        return SLOT_QUALITY_UNKNOWN;
    }
}

const char *glyph_leg(bool ascii)
{
    return ascii ? "`-" : "\u2514\u2500";
}

const char *glyph_sort(bool reverse, bool ascii)
{
    if (ascii)
        return reverse ? "v" : "^";
    return reverse ? "\u25bc" : "\u25b2";
}

const char *glyph_spark(int level, bool ascii)
{
    static const char *const uni[8] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                       "\u2585", "\u2586", "\u2587", "\u2588"};
    static const char *const asc[8] = {"_", ".", "-", "~", "=", "+", "*", "#"};
    if (level < 0)
        level = 0;
    if (level > 7)
        level = 7;
    return ascii ? asc[level] : uni[level];
}

const char *glyph_mark_new(bool ascii)
{
    return ascii ? "+" : "+";
}

const char *glyph_mark_changed(bool ascii)
{
    return ascii ? "*" : "\u2022";
}

const char *glyph_mark_gone(bool ascii)
{
    return ascii ? "-" : "\u2212";
}

const char *glyph_dot(bool ascii)
{
    return ascii ? "*" : "\u25cf";
}

const char *glyph_ellipsis(bool ascii)
{
    return ascii ? "~" : "\u2026";
}
