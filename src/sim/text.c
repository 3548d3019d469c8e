/* Management Node JSON text and UTF-8 scrubbing. See text.h. */
#include "sim/text.h"

#include "common/jsonwrite.h"
#include "common/sanitize.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sim_json_append(strbuf *b, const json_t *j)
{
    static const jsonw_options tastypie = {.flags = SIM_JSON_FLAGS};
    return jsonw_append(b, j, &tastypie);
}

char *sim_json_text(const json_t *j, size_t *len)
{
    strbuf b = STRBUF_INIT;
    if (!sim_json_append(&b, j)) {
        sb_free(&b);
        return NULL;
    }
    if (len)
        *len = b.len;
    return sb_steal(&b);
}

char *sim_vformat(const char *fmt, va_list ap)
{
    strbuf b = STRBUF_INIT;
    sb_vprintf(&b, fmt, ap);
    return sb_steal(&b);
}

char *sim_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sim_vformat(fmt, ap);
    va_end(ap);
    return msg;
}

char *sim_utf8_scrub(const char *s)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    strbuf b = STRBUF_INIT;
    const char *p = s ? s : "";
    size_t len = strlen(p);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        /* utf8_decode() swallows a whole overlong or surrogate sequence;
         * here every byte of an invalid one is replaced on its own. */
        if (cp == 0xFFFD && !(n == 3 && memcmp(p + i, replacement, 3) == 0)) {
            sb_append_len(&b, replacement, 3);
            i++;
        } else {
            sb_append_len(&b, p + i, n);
            i += n;
        }
    }
    return sb_steal(&b);
}
