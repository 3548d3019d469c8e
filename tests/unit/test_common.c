/* Unit tests for src/common: the sanitizer that stands between the server's
 * strings and the terminal, lenient JSON getters, the JSON loader's repair
 * of bad strings, UTC times and durations, strbuf, the x* allocators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/jsonload.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

static void assert_sanitized(const char *in, const char *want)
{
    char *got = sanitize_text(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_sanitize_plain_text_unchanged(void **state)
{
    assert_sanitized("Alice Parkes", "Alice Parkes");
    assert_sanitized("Zoë Ødegård 東京", "Zoë Ødegård 東京");
    assert_sanitized(NULL, "");
    assert_true(text_is_clean("meet.alice@example.com"));
}

static void test_sanitize_removes_escape_sequences(void **state)
{
    assert_sanitized("\x1b[31mred\x1b[0m", "red");
    assert_sanitized("a\x1b]0;owned title\x07z", "az");
    assert_sanitized("a\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\z", "alinkz");
    assert_sanitized("x\x1bPdcs payload\x1b\\y", "xy");
    assert_sanitized("clear\x1b[2J\x1b[Hscreen", "clearscreen");
    assert_sanitized("c1 csi \xc2\x9b"
                     "31m!",
                     "c1 csi !");
    assert_sanitized("esc at end\x1b", "esc at end");
    assert_sanitized("\x1b"
                     "c reset",
                     " reset");
    assert_false(text_is_clean("\x1b[1m"));
}

static void test_sanitize_drops_controls_and_bidi(void **state)
{
    assert_sanitized("bell\x07 back\bspace\x7f", "bell backspace");
    assert_sanitized("tab\there\nnew\rline", "tab here new line");
    assert_sanitized("\xe2\x80\xae"
                     "evil"
                     "\xe2\x80\xac",
                     "evil"); /* RLO ... PDF */
    assert_sanitized("a\xe2\x81\xa6"
                     "b"
                     "\xe2\x81\xa9"
                     "c",
                     "abc");                              /* LRI ... PDI */
    assert_sanitized("zero\xe2\x80\x8fmark", "zeromark"); /* RLM */
}

static void test_sanitize_invalid_utf8(void **state)
{
    assert_sanitized("bad\xff byte", "bad\xef\xbf\xbd byte");
    assert_sanitized("overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd");
    assert_sanitized("cut \xe6\x9d", "cut \xef\xbf\xbd\xef\xbf\xbd");
    assert_sanitized("surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd");
}

static void test_sanitize_into_truncates_on_boundary(void **state)
{
    char buf[6];
    size_t n = sanitize_into(buf, sizeof buf, "ab東京");
    assert_int_equal(n, 5);
    assert_string_equal(buf, "ab東");
}

/* One byte (or sequence) that ends the clean ASCII run, and what the
 * sanitizer makes of it; `tail` is appended when it survives unchanged. */
typedef struct fast_path_case {
    const char *bad;
    const char *becomes;
    bool tail;
} fast_path_case;

static const fast_path_case fast_path_cases[] = {
    {"\x1f", "", true},
    {"\x7f", "", true},
    {"\x80", "\xef\xbf\xbd", true}, /* a stray continuation byte */
    {"\xff", "\xef\xbf\xbd", true},
    {"\xc2\x80", "", true}, /* C1 control */
    {"\x1b", "", false},    /* ESC at the end */
    {"\x1b[1m", "", true},
    {"\xc2\x9b"
     "2J",
     "", true}, /* C1 CSI */
    {"\t", " ", true},
    {"\n", " ", true},
    {"\xc3\xa9", "\xc3\xa9", true},
    {"\xe6\x9d\xb1", "\xe6\x9d\xb1", true},
    {"\xe2\x80\xae", "", true}, /* RLO */
};

static void test_sanitize_ascii_fast_path_boundaries(void **state)
{
    /* Printable ASCII, from 0x20 to 0x7E, is clean at every length. */
    char ascii[0x7F - 0x20 + 1];
    for (int c = 0x20; c <= 0x7E; c++)
        ascii[c - 0x20] = (char)c;
    ascii[sizeof ascii - 1] = '\0';
    for (size_t n = 0; n < sizeof ascii; n++) {
        char in[sizeof ascii];
        memcpy(in, ascii + sizeof ascii - 1 - n, n + 1);
        assert_int_equal(text_clean_ascii_prefix(in, n), n);
        assert_true(text_is_clean(in));
        assert_sanitized(in, in);
        assert_int_equal(text_width(in), (int)n);
    }
    /* The first other byte at every offset of the eight-byte scan and of
     * its last, overlapping word: the run before it is kept, the rest
     * decoded as before. */
    for (size_t k = 0; k < sizeof fast_path_cases / sizeof fast_path_cases[0]; k++) {
        const fast_path_case *c = &fast_path_cases[k];
        for (size_t pad = 0; pad < 20; pad++) {
            char in[64], want[64];
            memset(in, 'a', pad);
            memset(want, 'a', pad);
            snprintf(in + pad, sizeof in - pad, "%s%s", c->bad, c->tail ? "xyz" : "");
            snprintf(want + pad, sizeof want - pad, "%s%s", c->becomes, c->tail ? "xyz" : "");
            assert_int_equal(text_clean_ascii_prefix(in, strlen(in)), pad);
            assert_sanitized(in, want);
            assert_true(text_is_clean(in) == (strcmp(in, want) == 0));
            char out[64];
            assert_int_equal(sanitize_into(out, strlen(want) + 1, in), strlen(want));
            assert_string_equal(out, want);
            /* cut inside the clean run */
            if (pad > 1) {
                assert_int_equal(sanitize_into(out, pad, in), pad - 1);
                assert_memory_equal(out, in, pad - 1);
                assert_int_equal(out[pad - 1], '\0');
            }
        }
    }
    /* Clean text with non-ASCII in it is clean too, and only the ASCII
     * prefix counts as the fast run. */
    assert_true(text_is_clean("abcdefghij\xc3\xa9klmnopq"));
    assert_false(text_is_clean("abcdefghij\xc3\xa9klm\x1bnopq"));
    assert_int_equal(text_width("abcdefghij\xe6\x9d\xb1k"), 13);
}

/* Invisible characters come out as a visible placeholder, so look-alike
 * names differ on screen; the result is clean and stable. */
static void test_sanitize_shows_invisible_characters(void **state)
{
    assert_sanitized("Ali\xe2\x80\x8b"
                     "ce",
                     "Ali\u2039U+200B\u203Ace"); /* zero-width space */
    assert_sanitized("a\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0"
                     "b",
                     "a\u2039U+200C\u203A\u2039U+200D\u203A\u2039U+2060\u203Ab");
    assert_sanitized("\xef\xbb\xbf"
                     "BOM",
                     "\u2039U+FEFF\u203ABOM");
    assert_sanitized("flag\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf", /* tags U+E0067, U+E007F */
                     "flag\u2039U+E0067\u203A\u2039U+E007F\u203A");
    assert_sanitized("soft\xc2\xad"
                     "hyphen",
                     "soft\u2039U+00AD\u203Ahyphen");
    assert_sanitized("heart \xe2\x9d\xa4\xef\xb8\x8f", "heart \xe2\x9d\xa4\xef\xb8\x8f"); /* VS16 */
    char *once = sanitize_text("x\xe2\x80\x8by");
    assert_true(text_is_clean(once));
    assert_sanitized(once, once);
    assert_int_equal(text_width(once), 10);
    free(once);
    assert_false(text_is_clean("x\xe2\x80\x8by"));
    /* A placeholder is never cut in half by a small buffer. */
    char buf[8];
    sanitize_into(buf, sizeof buf, "ab\xe2\x80\x8b");
    assert_string_equal(buf, "ab");
}

/* The loader keeps a page whose strings hold bad text: each bad sequence
 * becomes U+FFFD, everything else is as sent. */
static void assert_loads_as(const char *json, size_t len, size_t flags, const char *want,
                            size_t want_len)
{
    json_error_t error;
    json_t *got = json_load_fast(json, len, flags, &error);
    json_t *expected = json_loadb(want, want_len, flags, NULL);
    assert_non_null(expected);
    if (!got)
        fail_msg("%s", error.text);
    assert_true(json_equal(got, expected));
    assert_null(json_load_fast(json, len, flags | JSONLOAD_STRICT, NULL));
    json_decref(got);
    json_decref(expected);
}

#define LOADS_AS(json, flags, want)                                                                \
    assert_loads_as(json, sizeof json - 1, flags, want, sizeof want - 1)
#define FFFD "\xef\xbf\xbd"

static void test_jsonload_repairs_bad_strings(void **state)
{
    LOADS_AS("[{\"name\":\"ok\"},{\"name\":\"b\xff"
             "d\"}]",
             0, "[{\"name\":\"ok\"},{\"name\":\"b" FFFD "d\"}]");
    LOADS_AS("[\"cut \xe6\x9d\"]", 0, "[\"cut " FFFD "\"]");       /* one per maximal subpart */
    LOADS_AS("[\"\xed\xa0\x80\"]", 0, "[\"" FFFD FFFD FFFD "\"]"); /* UTF-8 surrogate */
    LOADS_AS("[\"\xc0\xafx\xf4\x90\x80\x80\"]", 0, "[\"" FFFD FFFD "x" FFFD FFFD FFFD FFFD "\"]");
    LOADS_AS("[\"lone \\ud800 high\"]", 0, "[\"lone " FFFD " high\"]");
    LOADS_AS("[\"lone \\udc00\"]", 0, "[\"lone " FFFD "\"]");
    LOADS_AS("[\"\\ud800\\u0041\"]", 0, "[\"" FFFD "A\"]");
    LOADS_AS("[\"\\ud800\\ud83d\\ude00\"]", 0, "[\"" FFFD "\xf0\x9f\x98\x80\"]");
    LOADS_AS("[\"end \\ud800\"]", 0, "[\"end " FFFD "\"]");
    LOADS_AS("[\"nul \\u0000 here\"]", 0, "[\"nul " FFFD " here\"]");
    LOADS_AS("{\"k\\u0000\xff\":1}", 0, "{\"k" FFFD FFFD "\":1}"); /* keys too */
    LOADS_AS("[\"esc\\n\xff\\t\"]", 0, "[\"esc\\n" FFFD "\\t\"]");
    /* With JSON_ALLOW_NUL a NUL in a value is kept, as Jansson keeps it. */
    json_t *j = json_load_fast("[\"a\\u0000b\"]", 12, JSON_ALLOW_NUL, NULL);
    assert_non_null(j);
    assert_int_equal(json_string_length(json_array_get(j, 0)), 3);
    json_decref(j);
    /* Broken structure still fails. */
    assert_null(json_load_fast("[\"\\ud800\\uZZZZ\"]", 16, 0, NULL));
    assert_null(json_load_fast("[\"a\xff", 4, 0, NULL));
}

static void test_width(void **state)
{
    assert_int_equal(text_width("abc"), 3);
    assert_int_equal(text_width("東京"), 4);
    assert_int_equal(text_width("e\xcc\x81"), 1); /* e + combining acute */
    assert_int_equal(text_width(""), 0);
}

static void test_fit(void **state)
{
    char buf[64];
    assert_int_equal(text_fit(buf, sizeof buf, "hello", 10, true, false), 5);
    assert_string_equal(buf, "hello");
    assert_int_equal(text_fit(buf, sizeof buf, "hello world", 6, true, false), 6);
    assert_string_equal(buf, "hello\u2026");
    assert_int_equal(text_fit(buf, sizeof buf, "hello world", 6, true, true), 6);
    assert_string_equal(buf, "hello~");
    /* A wide character never straddles the edge. */
    assert_int_equal(text_fit(buf, sizeof buf, "東京都庁", 5, true, false), 5);
    assert_string_equal(buf, "東京\u2026");
    assert_int_equal(text_fit(buf, sizeof buf, "東京都庁", 5, false, false), 4);
    assert_string_equal(buf, "東京");
}

static void test_json_lenient(void **state)
{
    json_t *o = json_pack("{s:s, s:i, s:f, s:s, s:b, s:n, s:s, s:i, s:s}", "name", "VMR_1", "count",
                          3, "loss", 1.5, "num_str", "42", "locked", 1, "nothing", "bool_str",
                          "True", "int_bool", 0, "text", "x");
    char buf[32];
    long long i;
    double d;
    assert_string_equal(jget_str(o, "name"), "VMR_1");
    assert_null(jget_str(o, "count"));
    assert_null(jget_str(o, "nothing"));
    assert_null(jget_str(o, "missing"));
    assert_true(jget_int(o, "count", &i) && i == 3);
    assert_true(jget_int(o, "num_str", &i) && i == 42);
    assert_false(jget_int(o, "text", &i));
    assert_true(jget_num(o, "loss", &d) && d == 1.5);
    assert_int_equal(jget_bool(o, "locked"), 1);
    assert_int_equal(jget_bool(o, "bool_str"), 1);
    assert_int_equal(jget_bool(o, "int_bool"), 0);
    assert_int_equal(jget_bool(o, "nothing"), -1);
    assert_string_equal(jget_text(o, "loss", buf, sizeof buf), "1.50");
    assert_string_equal(jget_text(o, "count", buf, sizeof buf), "3");
    assert_string_equal(jget_text(o, "nothing", buf, sizeof buf), "");
    assert_string_equal(jget_id(o, "count", buf, sizeof buf), "3");
    assert_null(jget_str(NULL, "x"));
    json_t *arr = json_array();
    assert_null(jget_str(arr, "x"));
    json_decref(arr);
    json_decref(o);
}

static void test_time_parse(void **state)
{
    double t;
    assert_true(time_parse_utc("2015-04-02T09:46:06.106482", &t));
    assert_true(t > 1427967966.10 && t < 1427967966.11);
    assert_true(time_parse_utc("2021-03-12T14:47:45", &t));
    assert_true(t == 1615560465.0);
    assert_true(time_parse_utc("2021-03-12T14:47:45Z", &t) && t == 1615560465.0);
    assert_true(time_parse_utc("2021-03-12T15:47:45+01:00", &t) && t == 1615560465.0);
    assert_false(time_parse_utc("", &t));
    assert_false(time_parse_utc("None", &t));
    assert_false(time_parse_utc("2021-13-12T14:47:45", &t));
    assert_false(time_parse_utc(NULL, &t));
    char buf[40];
    time_format_utc(1615560465.25, true, buf, sizeof buf);
    assert_string_equal(buf, "2021-03-12T14:47:45.250000");
    time_format_utc(1615560465.25, false, buf, sizeof buf);
    assert_string_equal(buf, "2021-03-12T14:47:45");
    /* Out of range: nothing is formatted, and the caller is told. */
    assert_false(time_format_utc(-8.64e304, false, buf, sizeof buf));
    assert_string_equal(buf, "");
    assert_false(time_format_utc(1e300, true, buf, sizeof buf));
    assert_false(time_format_utc(0.0 / 0.0, true, buf, sizeof buf));
    assert_true(time_format_utc(TIME_EPOCH_MIN, false, buf, sizeof buf));
    assert_string_equal(buf, "0001-01-01T00:00:00");
    assert_true(time_format_utc(TIME_EPOCH_MAX - 1, false, buf, sizeof buf));
    assert_string_equal(buf, "9999-12-31T23:59:59");
}

static void test_duration(void **state)
{
    char buf[16];
    duration_format(42, buf, sizeof buf);
    assert_string_equal(buf, "42s");
    duration_format(187, buf, sizeof buf);
    assert_string_equal(buf, "3:07");
    duration_format(3723, buf, sizeof buf);
    assert_string_equal(buf, "1:02:03");
    duration_format(3 * 86400 + 4 * 3600 + 5, buf, sizeof buf);
    assert_string_equal(buf, "3d04h");
    duration_format(-5, buf, sizeof buf);
    assert_string_equal(buf, "0s");
    /* A server's absurd value is clamped, never printed as a wrapped integer. */
    duration_format(1e300, buf, sizeof buf);
    assert_string_equal(buf, ">100y");
    duration_format(1.0 / 0.0, buf, sizeof buf);
    assert_string_equal(buf, ">100y");
    duration_format(99 * 365.25 * 86400, buf, sizeof buf);
    assert_string_equal(buf, "36159d18h");
    duration_format(0.0 / 0.0, buf, sizeof buf);
    assert_string_equal(buf, "");
}

static void test_strbuf(void **state)
{
    strbuf sb = STRBUF_INIT;
    assert_string_equal(sb_str(&sb), "");
    sb_append(&sb, "conference=");
    sb_append_urlencoded(&sb, "VMR 1&x=é");
    sb_printf(&sb, "&limit=%d", 500);
    assert_string_equal(sb_str(&sb), "conference=VMR%201%26x%3D%C3%A9&limit=500");
    for (int i = 0; i < 1000; i++)
        sb_append_char(&sb, 'x');
    assert_int_equal(sb.len, strlen(sb_str(&sb)));
    char *s = sb_steal(&sb);
    assert_null(sb.data);
    free(s);
    sb_free(&sb);
}

static void test_xalloc(void **state)
{
    (void)state;
    char *s = xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = xstrndup("ab", 10); /* stops at the end of the string */
    assert_string_equal(s, "ab");
    free(s);
    s = xstrndup(NULL, 4); /* NULL gives "", as xstrdup does */
    assert_string_equal(s, "");
    free(s);
    s = xstrdup(NULL);
    assert_string_equal(s, "");
    free(s);
    int *z = xcalloc(0, sizeof *z); /* zero sizes still give a pointer */
    assert_non_null(z);
    z = xrealloc(z, 4 * sizeof *z);
    z[3] = 7;
    assert_int_equal(z[3], 7);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_plain_text_unchanged),
        cmocka_unit_test(test_sanitize_removes_escape_sequences),
        cmocka_unit_test(test_sanitize_drops_controls_and_bidi),
        cmocka_unit_test(test_sanitize_invalid_utf8),
        cmocka_unit_test(test_sanitize_into_truncates_on_boundary),
        cmocka_unit_test(test_sanitize_ascii_fast_path_boundaries),
        cmocka_unit_test(test_sanitize_shows_invisible_characters),
        cmocka_unit_test(test_jsonload_repairs_bad_strings),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_json_lenient),
        cmocka_unit_test(test_time_parse),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_xalloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
