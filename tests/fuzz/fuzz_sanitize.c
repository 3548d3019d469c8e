/* The sanitizer: its output is clean, valid UTF-8 with no control,
 * escape, bidi or invisible character left, stable when sanitized again,
 * of width >= 0; sanitize_into gives a prefix of the same; text_fit stays
 * within the width asked for. */
#include <stdbool.h>
#include <string.h>

#include "common/sanitize.h"
#include "fuzz.h"

/* Strict UTF-8 check: shortest forms, no surrogates, nothing past U+10FFFF. */
static bool valid_utf8(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        char enc[4];
        if (utf8_encode(cp, enc) != n || memcmp(enc, s + i, n) != 0)
            return false; /* decoded to U+FFFD from bytes that are not U+FFFD */
        i += n;
    }
    return true;
}

static bool nothing_hidden(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        i += utf8_decode(s + i, len - i, &cp);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || codepoint_is_invisible(cp) ||
            (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t small = data[0] % 48, width = data[1] % 40;
    char *in = malloc(size - 1);
    FUZZ_CHECK(in != NULL);
    memcpy(in, data + 2, size - 2);
    in[size - 2] = '\0';

    char *out = sanitize_text(in);
    FUZZ_CHECK(text_is_clean(out));
    FUZZ_CHECK(valid_utf8(out));
    FUZZ_CHECK(nothing_hidden(out));
    char *again = sanitize_text(out);
    FUZZ_CHECK(strcmp(again, out) == 0);
    FUZZ_CHECK(text_width(out) >= 0);
    FUZZ_CHECK(text_is_clean(in) == (strcmp(in, out) == 0));

    char buf[64];
    size_t n = sanitize_into(buf, small + 1, in);
    FUZZ_CHECK(n == strlen(buf) && n <= small && strncmp(buf, out, n) == 0);
    FUZZ_CHECK(text_is_clean(buf) && valid_utf8(buf));

    char fit[256];
    int used = text_fit(fit, sizeof fit, out, (int)width, data[0] & 0x40, data[0] & 0x80);
    FUZZ_CHECK(used >= 0 && used <= (int)width);
    FUZZ_CHECK(text_width(fit) == used && valid_utf8(fit));

    free(again);
    free(out);
    free(in);
    return 0;
}
