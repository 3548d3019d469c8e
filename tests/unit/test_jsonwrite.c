/* Unit tests for common/jsonwrite: the text must be byte for byte what
 * json_dumps() writes for the same flags (hand-picked documents, every
 * control character, and random trees under random flags with a fixed
 * seed); plus what Jansson cannot check for us: the exact escapes, reals
 * under a ',' locale, the depth limit, streaming to a FILE in chunks, write
 * errors, and the filter (sanitizing keys and values, merging keys that
 * become equal). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonwrite.h"
#include "common/strbuf.h"

#include "comma_locale.h"

/* Every layout the writer supports, as json_dumps() flags. */
static const size_t layouts[] = {
    0,
    JSON_COMPACT,
    JSON_SORT_KEYS,
    JSON_SORT_KEYS | JSON_REAL_PRECISION(15),
    JSON_INDENT(2),
    JSON_INDENT(4) | JSON_SORT_KEYS,
    JSON_INDENT(3) | JSON_COMPACT,
    JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6),
    JSON_INDENT(31) | JSON_REAL_PRECISION(31),
};
#define NLAYOUTS (sizeof layouts / sizeof layouts[0])

/* jsonw_append() with `flags` and no filter; caller frees. */
static char *write_text(const json_t *j, size_t flags)
{
    jsonw_options o = {.flags = flags};
    strbuf b = STRBUF_INIT;
    assert_true(jsonw_append(&b, j, &o));
    return sb_steal(&b);
}

static void assert_same_as_jansson(const json_t *j, size_t flags)
{
    char *mine = write_text(j, flags);
    char *theirs = json_dumps(j, flags | JSON_ENCODE_ANY);
    assert_non_null(theirs);
    if (strcmp(mine, theirs) != 0)
        print_error("flags %#zx\n mine:   %s\n theirs: %s\n", flags, mine, theirs);
    assert_string_equal(mine, theirs);
    free(mine);
    free(theirs);
}

static void assert_text(const json_t *j, size_t flags, const char *want)
{
    char *mine = write_text(j, flags);
    assert_string_equal(mine, want);
    free(mine);
}

static void test_documents_match_jansson(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "{\"b\": 1, \"a\": [1, 2.5, -3, 0.1, 1e20, 1.5e-7, -0.0, 123456789.123, 31.0],"
        " \"c\": {\"z\": null, \"y\": true, \"x\": false}, \"d\": {}, \"e\": []}",
        "[\"quote\\\" back\\\\slash \\/ tab\\t nl\\n cr\\r bs\\b ff\\f"
        " esc\\u001b del\\u007f \\u0001\\u001f\"]",
        "[\"caf\\u00e9 \\u5927 \\ud83d\\ude00 \\u202e \\u2028 \\u2029\", -9223372036854775807,"
        " 9223372036854775807, 0, 42]",
        "{\"m\": 1, \"k\": 2, \"l\": {\"b\": [{\"d\": 1, \"c\": 2}]}, \"a\": 0.3333333333333333}",
        "[[], {}, [[]], [{}], {\"a\": {}}, {\"a\": []}, [[[1]]]]",
        "\"just a string\"",
        "\"\"",
        "3.0",
        "-1e-300",
        "1.7976931348623157e308",
        "5e-324",
        "null",
        "true",
        "{\"aa\": 1, \"a\": 2, \"ab\": 3, \"\": 4, \"B\": 5, \"\\u00e9\": 6, \"a b\": 7}",
        "[\"a string long enough for several words: 0123456789abcdef\\\"x\\\\y\"]",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        json_error_t err;
        json_t *j = json_loads(docs[i], JSON_DECODE_ANY, &err);
        assert_non_null(j);
        for (size_t l = 0; l < NLAYOUTS; l++)
            assert_same_as_jansson(j, layouts[l]);
        json_decref(j);
    }
}

static void test_every_control_character(void **state)
{
    (void)state;
    /* Each byte below 0x20 alone, then inside text at every offset of the
     * eight-byte scan (and of the last, overlapping word). */
    for (int c = 0; c < 0x20; c++) {
        for (size_t pad = 0; pad < 20; pad++) {
            char s[32];
            memset(s, 'x', pad);
            s[pad] = (char)c;
            memcpy(s + pad + 1, "yz", 3);
            json_t *j = json_stringn(s, pad + 3);
            assert_non_null(j);
            assert_same_as_jansson(j, 0);
            json_decref(j);
        }
    }
    json_t *j = json_pack("[s,s,s,s,s,s,s]", "\b\f\n\r\t", "\x01\x1f", "\"", "\\", "/", "\x7f",
                          "\xe2\x80\xa8\xe2\x80\xa9");
    assert_text(j, JSON_COMPACT,
                "[\"\\b\\f\\n\\r\\t\",\"\\u0001\\u001F\",\"\\\"\",\"\\\\\",\"/\",\"\x7f\","
                "\"\xe2\x80\xa8\xe2\x80\xa9\"]");
    json_decref(j);
    /* NUL inside a string (JSON_ALLOW_NUL) */
    j = json_stringn("a\0b", 3);
    assert_text(j, 0, "\"a\\u0000b\"");
    assert_same_as_jansson(j, 0);
    json_decref(j);
}

static void test_numbers(void **state)
{
    (void)state;
    json_t *j = json_pack("[I,I,I,f,f,f,f,f,f]", (json_int_t)0, (json_int_t)INT64_MIN,
                          (json_int_t)INT64_MAX, 31.0, -0.0, 1e20, 1.5e-7, 0.1, 1e-5);
    assert_text(j, JSON_COMPACT,
                "[0,-9223372036854775808,9223372036854775807,31.0,-0.0,1e20,1.4999999999999999e-7,"
                "0.10000000000000001,1.0000000000000001e-5]");
    assert_text(j, JSON_COMPACT | JSON_REAL_PRECISION(15),
                "[0,-9223372036854775808,9223372036854775807,31.0,-0.0,1e20,1.5e-7,0.1,1e-5]");
    assert_text(j, JSON_COMPACT | JSON_REAL_PRECISION(1),
                "[0,-9223372036854775808,9223372036854775807,3e1,-0.0,1e20,1e-7,0.1,1e-5]");
    assert_same_as_jansson(j, JSON_REAL_PRECISION(1));
    json_decref(j);
}

static void test_layouts(void **state)
{
    (void)state;
    json_t *j = json_pack("{s:[i,{}],s:{s:[]},s:s}", "b", 1, "a", "x", "c", "text");
    assert_text(j, 0, "{\"b\": [1, {}], \"a\": {\"x\": []}, \"c\": \"text\"}");
    assert_text(j, JSON_SORT_KEYS, "{\"a\": {\"x\": []}, \"b\": [1, {}], \"c\": \"text\"}");
    assert_text(j, JSON_COMPACT, "{\"b\":[1,{}],\"a\":{\"x\":[]},\"c\":\"text\"}");
    assert_text(j, JSON_INDENT(2),
                "{\n  \"b\": [\n    1,\n    {}\n  ],\n  \"a\": {\n    \"x\": []\n  },\n"
                "  \"c\": \"text\"\n}");
    json_decref(j);
    /* a wide object (the member stack grows), keys in reverse order */
    json_t *wide = json_object();
    for (int k = 199; k >= 0; k--) {
        char key[8];
        snprintf(key, sizeof key, "k%03d", k);
        json_object_set_new(wide, key, json_pack("{s:i,s:[i]}", "z", k, "a", k));
    }
    for (size_t l = 0; l < NLAYOUTS; l++)
        assert_same_as_jansson(wide, layouts[l]);
    json_decref(wide);
}

static void test_keys_with_nul_sort_as_jansson(void **state)
{
    (void)state;
    json_t *o = json_object();
    json_object_setn_new(o, "a\0b", 3, json_integer(1));
    json_object_setn_new(o, "a", 1, json_integer(2));
    json_object_setn_new(o, "a\0", 2, json_integer(3));
    json_object_setn_new(o, "ab", 2, json_integer(4));
    assert_same_as_jansson(o, JSON_SORT_KEYS);
    assert_text(o, JSON_SORT_KEYS | JSON_COMPACT,
                "{\"a\":2,\"a\\u0000\":3,\"a\\u0000b\":1,\"ab\":4}");
    json_decref(o);
}

/*** random trees ***/

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint32_t rng(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32) % n;
}

static char *random_text(size_t *len)
{
    static const char *const pieces[] = {
        "a",
        "Zo\xc3\xab",
        " ",
        "\"",
        "\\",
        "\n",
        "\t",
        "\x01",
        "\x1f",
        "\x7f",
        "/",
        "\xe6\x9d\xb1",
        "\xf0\x9f\x98\x80",
        "\xe2\x80\xa8",
        "abcdefgh",
        "0",
        "\x1b[31m",
    };
    strbuf b = STRBUF_INIT;
    size_t n = rng(12);
    for (size_t i = 0; i < n; i++)
        sb_append(&b, pieces[rng(sizeof pieces / sizeof pieces[0])]);
    *len = b.len;
    return sb_steal(&b);
}

static json_t *random_value(int depth)
{
    uint32_t kind = depth > 5 ? 2 + rng(6) : rng(8);
    size_t len;
    switch (kind) {
    case 0: {
        json_t *a = json_array();
        for (uint32_t i = rng(6); i > 0; i--)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    case 1: {
        json_t *o = json_object();
        for (uint32_t i = rng(7); i > 0; i--) {
            char *key = random_text(&len);
            json_object_setn_new(o, key, len, random_value(depth + 1));
            free(key);
        }
        return o;
    }
    case 2: {
        char *s = random_text(&len);
        json_t *j = json_stringn(s, len);
        free(s);
        return j;
    }
    case 3:
        return json_integer((json_int_t)rng(2000000000) - 1000000000);
    case 4: {
        double m = (double)rng(1000000) / 1000.0 - 500.0;
        int e = (int)rng(40) - 20;
        char buf[64];
        snprintf(buf, sizeof buf, "%.6fe%d", m, e);
        return json_real(strtod(buf, NULL));
    }
    case 5:
        return json_true();
    case 6:
        return json_false();
    default:
        return json_null();
    }
}

static void test_random_trees_match_jansson(void **state)
{
    (void)state;
    for (int i = 0; i < 3000; i++) {
        json_t *j = random_value(0);
        assert_non_null(j);
        assert_same_as_jansson(j, layouts[rng(NLAYOUTS)]);
        json_decref(j);
    }
}

/*** limits and failures ***/

static json_t *nested_arrays(int depth)
{
    json_t *root = json_array(), *cur = root;
    for (int i = 0; i < depth; i++) {
        json_t *next = json_array();
        json_array_append_new(cur, next);
        cur = next;
    }
    return root;
}

static void test_depth_limit_and_refusals(void **state)
{
    (void)state;
    strbuf b = STRBUF_INIT;
    /* JSONW_MAX_DEPTH containers inside the root are fine, one more is not */
    json_t *deep = nested_arrays(JSONW_MAX_DEPTH);
    assert_true(jsonw_append(&b, deep, NULL));
    assert_int_equal(b.len, 2 * (JSONW_MAX_DEPTH + 1));
    json_decref(deep);
    deep = nested_arrays(JSONW_MAX_DEPTH + 1);
    sb_reset(&b);
    assert_false(jsonw_append(&b, deep, NULL));
    json_decref(deep);
    /* a cycle ends at the depth limit instead of looping */
    json_t *a = json_array(), *inner = json_array();
    json_array_append(a, inner);
    json_array_append(inner, a);
    sb_reset(&b);
    assert_false(jsonw_append(&b, a, NULL));
    json_array_clear(inner);
    json_decref(inner);
    json_decref(a);

    sb_reset(&b);
    assert_false(jsonw_append(&b, NULL, NULL));
    json_t *one = json_integer(1);
    jsonw_options ascii = {.flags = JSON_ENSURE_ASCII};
    assert_false(jsonw_append(&b, one, &ascii));
    json_decref(one);
    sb_free(&b);
}

static void test_reals_ignore_the_locale(void **state)
{
    (void)state;
    if (!switch_to_comma_locale())
        skip();
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    json_t *j = json_pack("[f,f,f,f]", 1.5, -22.25, 9.5367431640625e-07, 2.0);
    char *mine = write_text(j, JSON_COMPACT);
    setlocale(LC_NUMERIC, "C");
    assert_string_equal(probe, "1,5"); /* the test means something */
    assert_string_equal(mine, "[1.5,-22.25,9.5367431640625e-7,2.0]");
    free(mine);
    json_decref(j);
}

/*** streaming ***/

/* A document of about 1 MB, so that it is written in many chunks. */
static json_t *big_document(void)
{
    json_t *a = json_array();
    for (int i = 0; i < 4000; i++)
        json_array_append_new(a,
                              json_pack("{s:i,s:s,s:f,s:[b,n]}", "id", i, "display_name",
                                        "Al\xc3\xab \"Parkes\"\tx", "rx", i / 3.0, "flags", i % 2));
    return a;
}

static void test_streaming_matches_buffer(void **state)
{
    (void)state;
    json_t *doc = big_document();
    jsonw_options o = JSONW_SANITIZED(JSON_INDENT(2));
    strbuf b = STRBUF_INIT;
    assert_true(jsonw_append(&b, doc, &o));
    assert_true(b.len > 256 * 1024);

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    fputs("before:", f);
    assert_true(jsonw_write_file(f, doc, &o));
    fputs(":after", f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(len, b.len + 13);
    assert_memory_equal(text, "before:", 7);
    assert_memory_equal(text + 7, b.data, b.len);
    assert_string_equal(text + 7 + b.len, ":after");
    free(text);
    sb_free(&b);

    /* a failing write is reported */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_false(jsonw_write_file(full, doc, &o));
        fclose(full);
    }
    json_decref(doc);
}

/*** filters ***/

static void assert_sanitized_text(const json_t *j, size_t flags, const char *want)
{
    jsonw_options o = JSONW_SANITIZED(flags);
    strbuf b = STRBUF_INIT;
    assert_true(jsonw_append(&b, j, &o));
    assert_string_equal(sb_str(&b), want);
    sb_free(&b);
}

static void test_sanitizing_filter(void **state)
{
    (void)state;
    json_t *j = json_object();
    json_object_set_new(j, "ti\x1b]2;pwned\x07tle", json_string("\x1b[31mred\x1b[0m"));
    json_object_set_new(j, "list", json_pack("[s,i,b]", "bidi \xe2\x81\xa6x\xe2\x81\xa9", 7, 1));
    json_object_set_new(j, "quote\"d", json_string("tab\there"));
    json_object_set_new(j, "Zo\xc3\xab \xe6\x9d\xb1", json_string("ok"));
    assert_sanitized_text(j, JSON_COMPACT,
                          "{\"title\":\"red\",\"list\":[\"bidi x\",7,true],"
                          "\"quote\\\"d\":\"tab here\",\"Zo\xc3\xab \xe6\x9d\xb1\":\"ok\"}");
    json_decref(j);
    /* keys that become equal merge as json_object_set would: the first
     * one's place, the last one's value; sorting uses the clean keys */
    j = json_object();
    json_object_set_new(j, "b", json_integer(0));
    json_object_set_new(j, "k\x1b[1m", json_integer(1));
    json_object_set_new(j, "a", json_integer(2));
    json_object_set_new(j, "k", json_integer(3));
    json_object_set_new(j, "\x07k", json_integer(4));
    assert_sanitized_text(j, JSON_COMPACT, "{\"b\":0,\"k\":4,\"a\":2}");
    assert_sanitized_text(j, JSON_COMPACT | JSON_SORT_KEYS, "{\"a\":2,\"b\":0,\"k\":4}");
    json_decref(j);
    /* invalid UTF-8 becomes U+FFFD; NUL ends the text, as sanitize_text sees it */
    j = json_array();
    json_array_append_new(j, json_string_nocheck("bad \xff byte"));
    json_array_append_new(j, json_stringn("cut\0here", 8));
    assert_sanitized_text(j, JSON_COMPACT, "[\"bad \xef\xbf\xbd byte\",\"cut\"]");
    json_decref(j);
}

/* Upper-cases everything: a filter that changes ASCII too. */
static const char *upper_filter(const char *s, size_t len, size_t *out_len, strbuf *scratch,
                                void *ctx)
{
    (*(int *)ctx)++;
    sb_reset(scratch);
    for (size_t i = 0; i < len; i++)
        sb_append_char(scratch, (char)toupper((unsigned char)s[i]));
    *out_len = len;
    return sb_str(scratch);
}

/* Turns every string into a lone continuation byte: not valid UTF-8. */
static const char *broken_filter(const char *s, size_t len, size_t *out_len, strbuf *scratch,
                                 void *ctx)
{
    (void)s, (void)len, (void)ctx;
    sb_reset(scratch);
    sb_append(scratch, "\x80");
    *out_len = 1;
    return sb_str(scratch);
}

static void test_custom_filters(void **state)
{
    (void)state;
    json_t *j = json_pack("{s:s,s:[s,s]}", "key", "value", "list", "a", "caf\xc3\xa9");
    int calls = 0;
    jsonw_options all = {.flags = JSON_COMPACT, .filter = upper_filter, .filter_ctx = &calls};
    strbuf b = STRBUF_INIT;
    assert_true(jsonw_append(&b, j, &all));
    assert_string_equal(sb_str(&b), "{\"KEY\":\"VALUE\",\"LIST\":[\"A\",\"CAF\xc3\xa9\"]}");
    assert_true(calls >= 5);
    /* filter_keeps_ascii: only the non-ASCII string goes through it */
    calls = 0;
    all.filter_keeps_ascii = true;
    sb_reset(&b);
    assert_true(jsonw_append(&b, j, &all));
    assert_string_equal(sb_str(&b), "{\"key\":\"value\",\"list\":[\"a\",\"CAF\xc3\xa9\"]}");
    assert_int_equal(calls, 1);
    /* a filtered key that is not UTF-8 cannot become a key */
    jsonw_options broken = {.filter = broken_filter};
    sb_reset(&b);
    assert_false(jsonw_append(&b, j, &broken));
    sb_free(&b);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents_match_jansson),
        cmocka_unit_test(test_every_control_character),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_keys_with_nul_sort_as_jansson),
        cmocka_unit_test(test_random_trees_match_jansson),
        cmocka_unit_test(test_depth_limit_and_refusals),
        cmocka_unit_test(test_reals_ignore_the_locale),
        cmocka_unit_test(test_streaming_matches_buffer),
        cmocka_unit_test(test_sanitizing_filter),
        cmocka_unit_test(test_custom_filters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
