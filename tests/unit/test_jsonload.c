/* json_load_fast against Jansson's json_loadb: for every document both must
 * fail, or both succeed with identical trees (same types, same key order,
 * strings byte for byte, reals bit for bit). Hand-written edge cases, every
 * truncation of a realistic page, random numbers and 20,000 random mutations
 * (fixed seed); plus the behaviour a user would see: decoded escapes, error
 * line/column, the stop-after-value position, locale independence.
 *
 * One divergence is deliberate (see jsonload.h): Jansson skips a NUL byte
 * right after a number or literal ("[1\0]" loads as [1]); we reject it.
 * Everything here runs in JSONLOAD_STRICT mode, where Jansson is the
 * reference; the default repairing mode is tested in test_common.c. */
#include "jsonload_check.h"

/*** hand-written corpus ***/

static const doc valid_docs[] = {
    D("{}"),
    D("[]"),
    D(" [ ] "),
    D("\t\n\r {\n}\r\n"),
    D("[{}]"),
    D("[[],{},[[]],{\"a\":{}}]"),
    D("{\"\":\"\"}"),
    D("{\"a\":[]}"),
    D("[0]"),
    D("[-0]"),
    D("[1,-1,10,-10,1234567890]"),
    D("[9223372036854775807]"),
    D("[-9223372036854775808]"),
    D("[999999999999999999]"),
    D("[1000000000000000000]"),
    D("[1.5,-1.5e10,1E5,1e+5,1e-5,1E-05]"),
    D("[0.0,-0.0,0e0,-0e-0,0.000]"),
    D("[1e-400,-1e-400,0e400,0e99999999999999999999]"),
    D("[123456789.123456789e-5]"),
    D("[1.7976931348623157e308,-1.7976931348623157e308]"),
    D("[4.9e-324,5e-324,2.2250738585072011e-308,2.2250738585072014e-308]"),
    D("[0.1,0.2,0.30000000000000004,1e22,1e23,9007199254740993.0]"),
    D("[123456789012345.67,100000000000000000000.5,0.000001234]"),
    D("[1.00000000000000011102230246251565404236316680908203125]"),
    D("[\"\"]"),
    D("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"),
    D("[\"\\u0041\\u00e9\\u20AC\\uD83D\\uDE00\\uFFFF\\uE000\\uD7FF\\u0001\\u001f\"]"),
    D("[\"\\uDBFF\\uDFFF\\ud800\\udc00\"]"),
    D("[\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]"),
    D("[\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"]"),
    D("[\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\x7f\"]"),
    D("[\"plain \\u00e9 then raw \xc3\xa9 then \\n\"]"),
    D("[true,false,null]"),
    D("[ true , false , null ]"),
    D("{\"a\":1,\"b\":2,\"a\":3}"),
    D("{\"a\":[1],\"b\":{},\"a\":{\"x\":1}}"),
    D("{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}"),
    D("{\"k\\u00e9y\":1,\"k\xc3\xa9y\":2}"),
    D("{\"a\\n\":\"b\\t\",\"c\\u0041\":[\"\\u0042\",\"\\\"\"]}"),
    D("{\"s\\\"\":{\"t\\\\\":\"u\\/\"}}"),
    D("{ \"a\" : 1 , \"b\" : [ 1 , 2 ] }"),
};

static const doc invalid_docs[] = {
    D(""),
    D(" "),
    D("["),
    D("]"),
    D("{"),
    D("}"),
    D("[1"),
    D("[1,"),
    D("[1,]"),
    D("[,1]"),
    D("[1 2]"),
    D("[1:2]"),
    D("{\"a\"}"),
    D("{\"a\":}"),
    D("{\"a\" 1}"),
    D("{\"a\":1,}"),
    D("{\"a\":1 \"b\":2}"),
    D("{,}"),
    D("{1:2}"),
    D("{'a':1}"),
    D("['a']"),
    D("[01]"),
    D("[-01]"),
    D("[00]"),
    D("[1.]"),
    D("[.5]"),
    D("[1.e5]"),
    D("[1e]"),
    D("[1e+]"),
    D("[1e-]"),
    D("[-]"),
    D("[+1]"),
    D("[0x10]"),
    D("[NaN]"),
    D("[Infinity]"),
    D("[-Infinity]"),
    D("[tru]"),
    D("[truex]"),
    D("[nul]"),
    D("[True]"),
    D("[nulll]"),
    D("[1]]"),
    D("[1]x"),
    D("{} {}"),
    D("[]\n[]"),
    D("1"),
    D("\"a\""),
    D("true"),
    D("null"),
    D("[9223372036854775808]"),
    D("[-9223372036854775809]"),
    D("[18446744073709551616]"),
    D("[123456789012345678901234567890]"),
    D("[1e400]"),
    D("[-1e400]"),
    D("[1.7976931348623159e308]"),
    D("[\"abc]"),
    D("[\"abc"),
    D("[\"abc\\"),
    D("[\"\\x\"]"),
    D("[\"\\\"]"),
    D("[\"\\u12\"]"),
    D("[\"\\u12G4\"]"),
    D("[\"\\U0041\"]"),
    D("[\"\\uD800\"]"),
    D("[\"\\uDC00\"]"),
    D("[\"\\uDFFF\\uD800\"]"),
    D("[\"\\uD800\\u0041\"]"),
    D("[\"\\uD800\\uD800\"]"),
    D("[\"\\uD800x\"]"),
    D("[\"\\uD800\\n\"]"),
    D("[\"\\uD800\\"),
    D("[\"\\uD800\\u12"),
    D("[\"\\u0000\"]"),
    D("[\"a\\u0000b\"]"),
    D("{\"\\u0000\":1}"),
    D("[\"a\nb\"]"),
    D("[\"a\tb\"]"),
    D("[\"\x01\"]"),
    D("[\"\x1f\"]"),
    D("[\"a\0b\"]"),
    /* invalid UTF-8, class by class */
    D("[\"\x80\"]"),
    D("[\"\xbf\"]"),
    D("[\"a\x80\x80\"]"),
    D("[\"\xc0\x80\"]"),
    D("[\"\xc1\xbf\"]"),
    D("[\"\xe0\x80\x80\"]"),
    D("[\"\xe0\x9f\xbf\"]"),
    D("[\"\xf0\x80\x80\x80\"]"),
    D("[\"\xf0\x8f\xbf\xbf\"]"),
    D("[\"\xed\xa0\x80\"]"),
    D("[\"\xed\xbf\xbf\"]"),
    D("[\"\xed\xa0\xbd\xed\xb8\x80\"]"),
    D("[\"\xf4\x90\x80\x80\"]"),
    D("[\"\xf5\x80\x80\x80\"]"),
    D("[\"\xf7\xbf\xbf\xbf\"]"),
    D("[\"\xf8\x88\x80\x80\x80\"]"),
    D("[\"\xfc\x84\x80\x80\x80\x80\"]"),
    D("[\"\xfe\"]"),
    D("[\"\xff\"]"),
    D("[\"\xc3\"]"),
    D("[\"\xe2\x82\"]"),
    D("[\"\xf0\x9f\x98\"]"),
    D("[\"\xc3\x28\"]"),
    D("[\"\xe2\x28\xa1\"]"),
    D("[\"\xe2\x82\x28\"]"),
    D("[\"\xf0\x28\x8c\xbc\"]"),
    D("[\"\xf0\x90\x28\xbc\"]"),
    D("[\"\xf0\x9f\x98\x28\"]"),
    D("[\"\xc3"),
    D("[\"\xe2\x82"),
    D("[\"\xf0\x9f\x98"),
    D("[\"\\u00e9\xc3\"]"),
    /* outside strings */
    D("[\xc3\xa9]"),
    D("\xef\xbb\xbf[]"),
    D("[\0]"),
    D("\0[]"),
    D("[]\0"),
    D("[\f]"),
    D("[\v1]"),
    D("[\xc2\xa0 1]"),
    D("[1 \0]"),
    D("[1\0\0]"),
    D("[1\0"
      "2]"),
};

static void test_valid_documents_agree(void **state)
{
    CHECK_CORPUS(valid_docs, 0, LOADS);
    CHECK_CORPUS(valid_docs, JSON_DECODE_ANY, LOADS);
    CHECK_CORPUS(valid_docs, JSON_DECODE_INT_AS_REAL, LOADS);
    CHECK_CORPUS(valid_docs, JSON_ALLOW_NUL, LOADS);
    CHECK_CORPUS(valid_docs, JSONLOAD_STOP_AFTER_VALUE, LOADS);
}

static void test_invalid_documents_agree(void **state)
{
    CHECK_CORPUS(invalid_docs, 0, FAILS);
    /* Too big integers load as reals with this flag; the rest still fail. */
    CHECK_CORPUS(invalid_docs, JSON_DECODE_INT_AS_REAL, EITHER);
}

/* The string documents again with 0..16 bytes of ASCII before the payload,
 * so each special byte is met at every offset of the 8-byte scan. */
static void check_padded(const doc *docs, size_t n, enum expect want)
{
    static const char pad[] = "abcdefghijklmnop";
    for (size_t i = 0; i < n; i++) {
        if (docs[i].len < 2 || memcmp(docs[i].text, "[\"", 2) != 0)
            continue;
        for (size_t k = 0; k <= 16; k++) {
            strbuf sb = STRBUF_INIT;
            sb_append_len(&sb, "[\"", 2);
            sb_append_len(&sb, pad, k);
            sb_append_len(&sb, docs[i].text + 2, docs[i].len - 2);
            bool loaded = check_agree(sb.data, sb.len, 0);
            if (loaded != (want == LOADS))
                fail_msg("expected %s: %s", want == LOADS ? "success" : "failure",
                         shown(sb.data, sb.len));
            sb_free(&sb);
        }
    }
}

static void test_padded_strings_agree(void **state)
{
    check_padded(valid_docs, sizeof valid_docs / sizeof valid_docs[0], LOADS);
    check_padded(invalid_docs, sizeof invalid_docs / sizeof invalid_docs[0], FAILS);
}

static void test_flags_agree(void **state)
{
    static const doc scalars[] = {D("1"),        D("-0"),    D("\"a\""), D(" true "),
                                  D("null"),     D("1.5e3"), D("false"), D("\"\\u00e9\""),
                                  D("12345678"), D("[1] "),  D("-0.0")};
    CHECK_CORPUS(scalars, JSON_DECODE_ANY, LOADS);
    CHECK_CORPUS(scalars, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, LOADS);

    static const doc trailing[] = {
        D("[1]x"),    D("{} {}"), D("[]\n[]"),      D("{\"a\":1} trailing"),
        D("[1]\xff"), D("[] \0"), D("{\"a\":[]}]"), D("[\"x\"]\"y\""),
    };
    CHECK_CORPUS(trailing, JSONLOAD_STOP_AFTER_VALUE, LOADS);
    static const doc trailing_scalars[] = {D("1x"),     D("1 2"),   D("true1"), D("1.5.3"),
                                           D("1\xff"),  D("1\0"),   D("0-1"),   D("null "),
                                           D("\"a\"b"), D("1e5e5"), D("-0]")};
    CHECK_CORPUS(trailing_scalars, JSON_DECODE_ANY | JSONLOAD_STOP_AFTER_VALUE, LOADS);
    static const doc bad_scalars[] = {D("truex"), D("1."),  D("-"),
                                      D("01"),    D("1e+"), D("nullnull ")};
    CHECK_CORPUS(bad_scalars, JSON_DECODE_ANY | JSONLOAD_STOP_AFTER_VALUE, FAILS);

    static const doc duplicates[] = {D("{\"a\":1,\"a\":2}"), D("[{\"b\":[],\"c\":1,\"b\":{}}]"),
                                     D("{\"\\u0061\":1,\"a\":2}")};
    CHECK_CORPUS(duplicates, JSON_REJECT_DUPLICATES, FAILS);
    static const doc distinct[] = {D("{\"a\":1,\"b\":{\"a\":2}}"), D("[{\"a\":1},{\"a\":2}]")};
    CHECK_CORPUS(distinct, JSON_REJECT_DUPLICATES, LOADS);

    static const doc nul_values[] = {D("[\"\\u0000\"]"), D("[\"a\\u0000b\",\"\\u0000\"]"),
                                     D("{\"k\":\"\\u0000\"}")};
    CHECK_CORPUS(nul_values, JSON_ALLOW_NUL, LOADS);
    static const doc nul_keys[] = {D("{\"\\u0000\":1}"), D("{\"a\\u0000\":1}")};
    CHECK_CORPUS(nul_keys, JSON_ALLOW_NUL, FAILS);
}

/*** behaviour checked against expected values, not only against Jansson ***/

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_documents_agree),
        cmocka_unit_test(test_invalid_documents_agree),
        cmocka_unit_test(test_padded_strings_agree),
        cmocka_unit_test(test_flags_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
