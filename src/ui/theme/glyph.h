/* Glyphs with ASCII fallbacks (non-UTF-8 locales), and the words that go
 * with colours so that no state is shown by colour alone. */
#ifndef PEXCON_UI_GLYPH_H
#define PEXCON_UI_GLYPH_H

#include <stdbool.h>

#include "model/platform.h"
#include "model/quality.h"
#include "ui/theme/theme.h"

/* "● good", "◆ ok", "▲ bad", "✖ terrible", "? unknown" (ASCII: "o good",
 * "~ ok", "! bad", "X terrible", "? unknown"). */
const char *glyph_quality(call_quality q, bool ascii);
theme_slot glyph_quality_slot(call_quality q);
/* The mark alone: "●", "◆", "▲", "✖", "?" (ASCII "o", "~", "!", "X", "?"). */
const char *glyph_quality_mark(call_quality q, bool ascii);
/* An alarm level's mark, by severity: critical as terrible, error as bad,
 * warning as ok, info as good, else "?". */
const char *glyph_alarm_mark(alarm_level l, bool ascii);

/* Secondary participant leg: "└─" / "`-". */
const char *glyph_leg(bool ascii);
/* Sort direction mark: "▲"/"▼" or "^"/"v". */
const char *glyph_sort(bool reverse, bool ascii);
/* One sparkline cell for level 0..7. */
const char *glyph_spark(int level, bool ascii);
/* Row markers in the gutter: new, changed, departed. */
const char *glyph_mark_new(bool ascii);
const char *glyph_mark_changed(bool ascii);
const char *glyph_mark_gone(bool ascii);
/* Connection state dot. */
const char *glyph_dot(bool ascii);
const char *glyph_ellipsis(bool ascii);

#endif
