#include "ui/tty/draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/sanitize.h"

static bool draw_ascii;

void draw_set_ascii(bool ascii)
{
    draw_ascii = ascii;
}

/* Under a non-UTF-8 locale every non-ASCII code point becomes '?' (one per
 * column it would have taken) so curses never sees bytes it cannot map. */
static void to_ascii(const char *in, char *out, size_t size)
{
    size_t o = 0, len = strlen(in);
    for (size_t i = 0; i < len && o + 3 < size;) {
        unsigned cp;
        size_t n = utf8_decode(in + i, len - i, &cp);
        i += n;
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else {
            int w = codepoint_width(cp);
            for (int k = 0; k < w && o + 1 < size; k++)
                out[o++] = '?';
        }
    }
    out[o] = '\0';
}

static void put_utf8(int y, int x, const char *s)
{
    wchar_t wbuf[1024];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    const char *src = s;
    size_t n = mbsrtowcs(wbuf, &src, sizeof wbuf / sizeof wbuf[0] - 1, &st);
    if (n == (size_t)-1)
        return; /* cannot happen for sanitized text under its own locale */
    wbuf[n] = L'\0';
    mvaddnwstr(y, x, wbuf, (int)n);
}

int draw_text(int y, int x, int width, const char *text, attr_t attr, bool pad, bool right)
{
    if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
        return 0;
    if (x + width > COLS)
        width = COLS - x;
    char ascii[2048];
    if (draw_ascii) {
        to_ascii(text, ascii, sizeof ascii);
        text = ascii;
    }
    char fitted[2048];
    int used = text_fit(fitted, sizeof fitted, text, width, true, draw_ascii);
    attrset(attr);
    int start = x;
    if (right && used < width) {
        if (pad)
            draw_fill(y, x, width - used, attr);
        start = x + width - used;
    }
    put_utf8(y, start, fitted);
    if (pad && !right && used < width)
        draw_fill(y, x + used, width - used, attr);
    attrset(A_NORMAL);
    return pad ? width : used;
}

void draw_fill(int y, int x, int width, attr_t attr)
{
    if (width <= 0 || y < 0 || y >= LINES)
        return;
    attrset(attr);
    mvhline(y, x, ' ', width);
    attrset(A_NORMAL);
}

void draw_hline(int y, int x, int width, attr_t attr)
{
    if (width <= 0)
        return;
    attrset(attr);
    mvhline(y, x, draw_ascii ? '-' : ACS_HLINE, width);
    attrset(A_NORMAL);
}

void draw_box(int y, int x, int h, int w, attr_t attr)
{
    if (h < 2 || w < 2)
        return;
    /* ASCII under a non-UTF-8 locale: the line-drawing character set is
     * not reliable there (it needs the terminal's alternate charset). */
    chtype corner = '+';
    attrset(attr);
    mvaddch(y, x, draw_ascii ? corner : ACS_ULCORNER);
    mvaddch(y, x + w - 1, draw_ascii ? corner : ACS_URCORNER);
    mvaddch(y + h - 1, x, draw_ascii ? corner : ACS_LLCORNER);
    mvaddch(y + h - 1, x + w - 1, draw_ascii ? corner : ACS_LRCORNER);
    attrset(A_NORMAL);
    draw_hline(y, x + 1, w - 2, attr);
    draw_hline(y + h - 1, x + 1, w - 2, attr);
    draw_vline(y + 1, x, h - 2, attr);
    draw_vline(y + 1, x + w - 1, h - 2, attr);
}

void draw_vline(int y, int x, int height, attr_t attr)
{
    if (height <= 0)
        return;
    attrset(attr);
    mvvline(y, x, draw_ascii ? '|' : ACS_VLINE, height);
    attrset(A_NORMAL);
}
