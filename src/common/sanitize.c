#include "common/sanitize.h"
#include "common/bytescan.h"
#include "common/xmalloc.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t utf8_decode(const char *s, size_t len, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    size_t need;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2, min = 0x80, c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, min = 0x800, c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, min = 0x10000, c &= 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* Overlong forms, surrogates and out-of-range values are invalid. */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return need;
    }
    *cp = c;
    return need;
}

size_t utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Bidi controls let a name visually reorder what follows it on the line;
 * line/paragraph separators break rows. None belong on an operator's screen. */
static bool codepoint_is_format_hazard(unsigned cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0xFFF9 && cp <= 0xFFFB);
}

/* Characters that take no room on the screen and look like nothing, so
 * "Alice" and "Ali<U+200B>ce" would read the same: zero-width spaces and
 * joiners, word joiner and invisible operators, BOM, soft hyphen, Hangul
 * fillers, Mongolian separators, tag characters. Shown as a visible
 * placeholder (sanitize.h). Variation selectors stay: they only pick a glyph. */
bool codepoint_is_invisible(unsigned cp)
{
    if (cp < 0xAD)
        return false;
    return cp == 0xAD || cp == 0x34F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 ||
           cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180E) || (cp >= 0x200B && cp <= 0x200D) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x206A && cp <= 0x206F) || cp == 0x3164 ||
           cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
           (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE007F);
}

/* Length of the escape sequence starting at s[0] == ESC (or a C1 introducer
 * given as code point `intro`), so the whole sequence can be skipped. */
static size_t escape_sequence_length(const char *s, size_t len, size_t start, unsigned intro)
{
    size_t i = start;
    if (intro == 0x1B) {
        if (i >= len)
            return i;
        unsigned char c = (unsigned char)s[i];
        if (c == '[')
            intro = 0x9B;
        else if (c == ']')
            intro = 0x9D;
        else if (c == 'P' || c == 'X' || c == '^' || c == '_')
            intro = 0x90;
        else {
            /* ESC + intermediates (0x20-0x2F) + one final byte. */
            while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2F)
                i++;
            return i < len ? i + 1 : i;
        }
        i++;
    }
    if (intro == 0x9B) {
        /* CSI: parameter and intermediate bytes, then a final byte 0x40-0x7E. */
        while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3F)
            i++;
        while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2F)
            i++;
        return i < len && (unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E ? i + 1 : i;
    }
    /* OSC, DCS, SOS, PM, APC: a string ended by BEL, ST (ESC \) or C1 ST. */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x07)
            return i + 1;
        if (c == 0x1B)
            return i + 1 < len && s[i + 1] == '\\' ? i + 2 : i + 1;
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x9C)
            return i + 2;
        i++;
    }
    return i;
}

static inline bool byte_not_printable_ascii(unsigned char c)
{
    return c < 0x20 || c > 0x7E;
}

static inline uint64_t word_not_printable_ascii(uint64_t x)
{
    return bytescan_below(x, 0x20) | bytescan_at_least(x, 0x7F);
}

size_t text_clean_ascii_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    return (size_t)(bytescan_find(p, p + len, word_not_printable_ascii, byte_not_printable_ascii) -
                    p);
}

/* Walks s[start..len), handing the UTF-8 of what survives to `emit`, one
 * code point (or one whole placeholder) at a time. `start` must not be
 * inside an escape sequence or a UTF-8 sequence (the end of a clean ASCII
 * prefix never is). */
typedef bool (*emit_fn)(void *ctx, const char *bytes, size_t n);

static bool emit_codepoint(emit_fn emit, void *ctx, unsigned cp)
{
    char enc[SANITIZE_PLACEHOLDER_MAX];
    if (codepoint_is_invisible(cp)) {
        int n = snprintf(enc, sizeof enc, "\u2039U+%04X\u203A", cp);
        return emit(ctx, enc, (size_t)n);
    }
    return emit(ctx, enc, utf8_encode(cp, enc));
}

static void sanitize_walk(const char *s, size_t len, size_t start, emit_fn emit, void *ctx)
{
    size_t i = start;
    while (i < len) {
        unsigned cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (cp == 0x1B || cp == 0x9B || cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E ||
            cp == 0x9F) {
            i = escape_sequence_length(s, len, i + n, cp);
            continue;
        }
        i += n;
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
            cp = ' ';
        else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
                 codepoint_is_format_hazard(cp))
            continue;
        if (!emit_codepoint(emit, ctx, cp))
            return;
    }
}

struct buf_ctx {
    char *dst;
    size_t size, len;
};

static bool emit_to_buf(void *p, const char *bytes, size_t n)
{
    struct buf_ctx *b = p;
    if (b->len + n + 1 > b->size)
        return false;
    memcpy(b->dst + b->len, bytes, n);
    b->len += n;
    return true;
}

/* s (len bytes, of which the first `clean` are printable ASCII) into
 * dst: the clean prefix copied as it is, the rest decoded. */
static size_t sanitize_rest_into(char *dst, size_t size, const char *s, size_t len, size_t clean)
{
    size_t copy = clean < size - 1 ? clean : size - 1;
    memcpy(dst, s, copy);
    struct buf_ctx b = {dst, size, copy};
    if (copy == clean)
        sanitize_walk(s, len, clean, emit_to_buf, &b);
    dst[b.len] = '\0';
    return b.len;
}

size_t sanitize_into(char *dst, size_t size, const char *s)
{
    if (size == 0)
        return 0;
    if (!s)
        s = "";
    size_t len = strlen(s);
    return sanitize_rest_into(dst, size, s, len, text_clean_ascii_prefix(s, len));
}

char *sanitize_text(const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    size_t clean = text_clean_ascii_prefix(s, len);
    /* Clean text is copied; otherwise every further input byte yields at
     * most 6 output bytes (a two-byte invisible character becomes a
     * 12-byte placeholder; a stray byte, 3 bytes of U+FFFD). */
    size_t cap = clean == len ? len + 1 : clean + (len - clean) * 6 + 1;
    char *out = xmalloc(cap);
    sanitize_rest_into(out, cap, s, len, clean);
    return out;
}

/* emit_fn for text_is_clean: does the output still match the input? */
struct compare_ctx {
    const char *s;
    size_t len, pos;
    bool same;
};

static bool emit_compare(void *p, const char *bytes, size_t n)
{
    struct compare_ctx *c = p;
    if (n > c->len - c->pos || memcmp(c->s + c->pos, bytes, n) != 0) {
        c->same = false;
        return false;
    }
    c->pos += n;
    return true;
}

bool text_is_clean(const char *s)
{
    if (!s)
        return true;
    size_t len = strlen(s);
    size_t clean = text_clean_ascii_prefix(s, len);
    if (clean == len)
        return true;
    struct compare_ctx c = {s, len, clean, true};
    sanitize_walk(s, len, clean, emit_compare, &c);
    return c.same && c.pos == len;
}

/* wcwidth() answers by LC_CTYPE; measure under a UTF-8 locale even when the
 * program runs in "C", so widths are right for every string we hold. */
static locale_t width_locale(void)
{
    static locale_t loc = (locale_t)0;
    static bool tried = false;
    if (!tried) {
        tried = true;
        loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        if (!loc)
            loc = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
    }
    return loc;
}

int codepoint_width(unsigned cp)
{
    if (cp < 0x80)
        return cp >= 0x20 && cp != 0x7F ? 1 : 0;
    locale_t loc = width_locale();
    int w = -1;
    if (loc) {
        locale_t old = uselocale(loc);
        w = wcwidth((wchar_t)cp);
        uselocale(old);
    }
    return w < 0 ? 1 : w;
}

/* Width of utf8[0..len): printable ASCII is one column a byte. */
static int width_of(const char *utf8, size_t len)
{
    size_t i = text_clean_ascii_prefix(utf8, len);
    int width = (int)i;
    while (i < len) {
        unsigned cp;
        i += utf8_decode(utf8 + i, len - i, &cp);
        width += codepoint_width(cp);
    }
    return width;
}

int text_width(const char *utf8)
{
    return utf8 ? width_of(utf8, strlen(utf8)) : 0;
}

int text_fit(char *dst, size_t size, const char *utf8, int width, bool ellipsis, bool ascii)
{
    if (size == 0)
        return 0;
    dst[0] = '\0';
    if (!utf8 || width <= 0)
        return 0;
    size_t len = strlen(utf8), i = 0, out = 0;
    int whole = width_of(utf8, len);
    if (whole <= width && len < size) {
        memcpy(dst, utf8, len + 1);
        return whole;
    }
    const char *mark = ascii ? "~" : "\u2026";
    int budget = ellipsis ? width - 1 : width;
    int used = 0;
    while (i < len) {
        unsigned cp;
        size_t n = utf8_decode(utf8 + i, len - i, &cp);
        int w = codepoint_width(cp);
        if (used + w > budget || out + n + strlen(mark) + 1 > size)
            break;
        memcpy(dst + out, utf8 + i, n);
        out += n, i += n, used += w;
    }
    if (ellipsis && width >= 1 && out + strlen(mark) + 1 <= size) {
        memcpy(dst + out, mark, strlen(mark));
        out += strlen(mark);
        used += 1;
    }
    dst[out] = '\0';
    return used;
}

const char *text_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}
