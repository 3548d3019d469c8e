/* json_load_fast: in JSONLOAD_STRICT mode it must agree with Jansson's
 * json_loadb (the one documented divergence: a NUL byte right after a
 * number or literal, which only Jansson accepts); in the default mode it
 * must accept everything strict mode does, with the same tree, and every
 * string it produces must be valid UTF-8 (Jansson reloads the dump). */
#include <jansson.h>
#include <string.h>

#include "common/jsonload.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t flags = data[0] & (JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY |
                              JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    json_t *strict = json_load_fast(text, len, flags | JSONLOAD_STRICT, NULL);
    json_t *jansson = json_loadb(text, len, flags, NULL);
    if (jansson && !strict)
        FUZZ_CHECK(memchr(text, '\0', len) != NULL); /* the NUL divergence */
    FUZZ_CHECK(!strict || jansson);
    if (strict && jansson)
        FUZZ_CHECK(json_equal(strict, jansson));
    json_t *repaired = json_load_fast(text, len, flags, NULL);
    if (strict)
        FUZZ_CHECK(repaired && json_equal(repaired, strict));
    if (repaired) {
        char *dump = json_dumps(repaired, JSON_ENCODE_ANY | JSON_COMPACT);
        FUZZ_CHECK(dump != NULL);
        json_t *again = json_loads(dump, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        FUZZ_CHECK(again != NULL); /* valid UTF-8 everywhere */
        json_decref(again);
        free(dump);
    }
    json_decref(repaired);
    json_decref(jansson);
    json_decref(strict);
    return 0;
}
