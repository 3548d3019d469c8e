/* Low-level drawing on stdscr: clipped, measured in terminal columns. Text
 * given here must already be sanitized (cell_set, sanitize_into). */
#ifndef PEXCON_UI_DRAW_H
#define PEXCON_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>

/* Draw `text` at (y, x) within `width` columns (cut with an ellipsis when
 * longer); with `pad`, fill the rest of the width with spaces in the same
 * attribute. `right` aligns to the right edge. Returns columns drawn. */
int draw_text(int y, int x, int width, const char *text, attr_t attr, bool pad, bool right);

/* Spaces over `width` columns. */
void draw_fill(int y, int x, int width, attr_t attr);

/* A horizontal rule of `width` columns. */
void draw_hline(int y, int x, int width, attr_t attr);
void draw_vline(int y, int x, int height, attr_t attr);
void draw_box(int y, int x, int h, int w, attr_t attr);

/* Set by the app: ASCII-only output (non-UTF-8 locale). */
void draw_set_ascii(bool ascii);

#endif
