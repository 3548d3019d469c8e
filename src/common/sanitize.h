/* Untrusted text from the Management Node, made safe for a terminal.
 *
 * Every string the server sends may contain control characters, terminal
 * escape sequences, bidi overrides or invalid UTF-8. Nothing of that kind may
 * reach the screen or stdout: views and printers pass such strings through
 * sanitize_text() first, and measure them with text_width(), never strlen(). */
#ifndef PEXCON_SANITIZE_H
#define PEXCON_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

/* A clean, newly allocated copy of `s` (NULL gives ""): escape sequences
 * (CSI, OSC, DCS, …) removed whole, other C0/C1 controls and DEL dropped
 * (tab and newlines become a space), bidi embedding/override/isolate marks
 * dropped, invalid UTF-8 replaced by U+FFFD, and every invisible character
 * (codepoint_is_invisible: zero-width space and joiners, word joiner, BOM,
 * soft hyphen, tag characters, ...) shown as a placeholder such as
 * "‹U+200B›", so that look-alike names read differently. The output is
 * clean (text_is_clean) and sanitizing it again changes nothing. Never
 * returns NULL (aborts on out-of-memory). */
char *sanitize_text(const char *s);

/* The same into a caller buffer, truncated at a code-point boundary (never
 * inside a placeholder) to fit `size` bytes including the NUL. Returns the
 * length written. */
size_t sanitize_into(char *dst, size_t size, const char *s);

/* True when `s` would come out of sanitize_text() unchanged. */
bool text_is_clean(const char *s);

/* Length of the leading run of printable ASCII (0x20-0x7E) in s[0..len):
 * text the sanitizer leaves as it is. The three functions above copy or
 * accept such a run in bulk and decode only what follows it. */
size_t text_clean_ascii_prefix(const char *s, size_t len);

/* Display width in terminal columns of sanitized UTF-8 text, by wcwidth()
 * under a UTF-8 locale (wide CJK = 2, combining = 0, unknown = 1). */
int text_width(const char *utf8);

/* Copy the longest prefix of `utf8` that fits `width` columns into dst
 * (size bytes). When the text is cut and `ellipsis` is set, the last column
 * holds "…" (or "~" when `ascii` is set). Returns the columns used. */
int text_fit(char *dst, size_t size, const char *utf8, int width, bool ellipsis, bool ascii);

/* Decode one UTF-8 code point at s (len bytes available). Returns bytes
 * consumed (>=1), storing the code point, or U+FFFD for invalid input. */
size_t utf8_decode(const char *s, size_t len, unsigned *cp);

/* Encode code point cp into out (4 bytes at most); returns its length. */
size_t utf8_encode(unsigned cp, char *out);

/* Bytes of the longest placeholder, NUL included ("‹U+E007F›"). */
#define SANITIZE_PLACEHOLDER_MAX 16

/* A character with no visible glyph and no width that sanitize_text() shows
 * as "‹U+XXXX›" (U+00AD, U+034F, U+115F, U+1160, U+17B4, U+17B5,
 * U+180B..U+180E, U+200B..U+200D, U+2060..U+2064, U+206A..U+206F, U+3164,
 * U+FEFF, U+FFA0, U+1BCA0..U+1BCA3, U+1D173..U+1D17A, U+E0000..U+E007F). */
bool codepoint_is_invisible(unsigned cp);

/* `one` when n is 1, else `many`: "1 leg", "2 legs". */
const char *text_plural(size_t n, const char *one, const char *many);

/* Column width of one code point (0, 1 or 2). */
int codepoint_width(unsigned cp);

#endif
