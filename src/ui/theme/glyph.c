#include "ui/theme/glyph.h"

/* Each quality level's mark (Unicode, ASCII), its mark with the word, and
 * its colour: the one level mapping, which alarm levels share by severity. */
#define LEVEL(uni, asc, word, slot)                                                                \
    {                                                                                              \
        {uni, asc}, {uni " " word, asc " " word}, slot                                             \
    }
static const struct level_glyph {
    const char *mark[2];
    const char *text[2];
    theme_slot slot;
} levels[] = {
    [QUALITY_UNKNOWN] = LEVEL("?", "?", "unknown", SLOT_QUALITY_UNKNOWN),
    [QUALITY_GOOD] = LEVEL("\u25cf", "o", "good", SLOT_QUALITY_GOOD),
    [QUALITY_OK] = LEVEL("\u25c6", "~", "ok", SLOT_QUALITY_OK),
    [QUALITY_BAD] = LEVEL("\u25b2", "!", "bad", SLOT_QUALITY_BAD),
    [QUALITY_TERRIBLE] = LEVEL("\u2716", "X", "terrible", SLOT_QUALITY_TERRIBLE),
};

static const struct level_glyph *level_of(call_quality q)
{
    return &levels[(unsigned)q < sizeof levels / sizeof levels[0] ? q : QUALITY_UNKNOWN];
}

const char *glyph_quality(call_quality q, bool ascii)
{
    return level_of(q)->text[ascii];
}

const char *glyph_quality_mark(call_quality q, bool ascii)
{
    return level_of(q)->mark[ascii];
}

theme_slot glyph_quality_slot(call_quality q)
{
    return level_of(q)->slot;
}

const char *glyph_alarm_mark(alarm_level l, bool ascii)
{
    switch (l) {
    case ALARM_CRITICAL:
        return glyph_quality_mark(QUALITY_TERRIBLE, ascii);
    case ALARM_ERROR:
        return glyph_quality_mark(QUALITY_BAD, ascii);
    case ALARM_WARNING:
        return glyph_quality_mark(QUALITY_OK, ascii);
    case ALARM_INFO:
        return glyph_quality_mark(QUALITY_GOOD, ascii);
    default:
        return glyph_quality_mark(QUALITY_UNKNOWN, ascii);
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
