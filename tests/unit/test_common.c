/* Unit tests for src/common: the sanitizer that stands between the server's
 * strings and the terminal, lenient JSON getters, UTC times, strbuf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/jsonutil.h"
#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/timeutil.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_plain_text_unchanged),
        cmocka_unit_test(test_sanitize_removes_escape_sequences),
        cmocka_unit_test(test_sanitize_drops_controls_and_bidi),
        cmocka_unit_test(test_sanitize_invalid_utf8),
        cmocka_unit_test(test_sanitize_into_truncates_on_boundary),
        cmocka_unit_test(test_sanitize_ascii_fast_path_boundaries),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_json_lenient),
        cmocka_unit_test(test_time_parse),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_strbuf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
