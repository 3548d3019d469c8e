/* A growable NUL-terminated byte string. Allocation failure aborts. */
#ifndef PEXCON_STRBUF_H
#define PEXCON_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *data; /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Room for `extra` more bytes and the NUL, so that a writer can fill
 * sb->data + sb->len directly and then advance sb->len. */
void sb_reserve(strbuf *sb, size_t extra);
void sb_append(strbuf *sb, const char *s);
void sb_append_len(strbuf *sb, const char *s, size_t n);
void sb_append_char(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
/* Percent-encode for a URL query value (RFC 3986 unreserved kept). */
void sb_append_urlencoded(strbuf *sb, const char *s);
const char *sb_str(const strbuf *sb); /* "" when empty */
char *sb_steal(strbuf *sb);           /* caller frees; sb is reset */
void sb_reset(strbuf *sb);            /* keep capacity, length 0 */
void sb_free(strbuf *sb);

/* snprintf into a fixed buffer that may cut on purpose (display text,
 * messages): the one place such truncation is allowed. */
void textf(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
