/* json_load_fast against Jansson, part two: decoded escapes, numbers,
 * duplicate keys, nesting, the stop-after-value position, error line and
 * column, every truncation of a realistic page, random numbers and 20,000
 * random mutations (fixed seed), locale independence. The shared checks are
 * in jsonload_check.h; the hand-written corpus is in test_jsonload.c. */
#include "jsonload_check.h"

static json_t *load_ok(const char *text, size_t flags)
{
    json_error_t error;
    json_t *json = load_strict(text, strlen(text), flags, &error);
    if (!json)
        fail_msg("failed to load %s: %s", text, error.text);
    return json;
}

static void test_escapes_decode(void **state)
{
    json_t *json =
        load_ok("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t|\\u0041\\u00e9\\u20ac\\uD83D\\uDE00\"]", 0);
    const char *want = "\"\\/\b\f\n\r\t|A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    assert_int_equal(json_string_length(json_array_get(json, 0)), strlen(want));
    assert_string_equal(json_string_value(json_array_get(json, 0)), want);
    json_decref(json);

    /* Escaped key and escaped value side by side (separate scratch). */
    json = load_ok("{\"k\\u00e9y\\n\": \"v\\u00e0l\\t\", \"p\\\"\": [\"q\\\\\"]}", 0);
    assert_string_equal(json_string_value(json_object_get(json, "k\xc3\xa9y\n")), "v\xc3\xa0l\t");
    assert_string_equal(json_string_value(json_array_get(json_object_get(json, "p\""), 0)), "q\\");
    json_decref(json);

    json = load_ok("[\"a\\u0000b\"]", JSON_ALLOW_NUL);
    assert_int_equal(json_string_length(json_array_get(json, 0)), 3);
    assert_memory_equal(json_string_value(json_array_get(json, 0)), "a\0b", 3);
    json_decref(json);
}

static void test_long_strings_with_escapes(void **state)
{
    /* Longer than the scratch buffer's first size, escapes at both ends. */
    strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
    sb_append(&sb, "{\"");
    for (int i = 0; i < 3000; i++) {
        sb_append(&sb, i % 7 ? "x" : "\\u00e9");
        sb_append(&want, i % 7 ? "x" : "\xc3\xa9");
    }
    sb_append(&sb, "\": \"\\n");
    sb_append(&sb, sb_str(&want));
    sb_append(&sb, "\\t\"}");
    check_agree(sb.data, sb.len, 0);
    json_t *json = load_ok(sb.data, 0);
    const char *value = json_string_value(json_object_get(json, sb_str(&want)));
    assert_non_null(value);
    assert_int_equal(strlen(value), want.len + 2);
    assert_memory_equal(value + 1, want.data, want.len);
    json_decref(json);
    sb_free(&sb);
    sb_free(&want);
}

static void test_numbers_convert(void **state)
{
    json_t *json = load_ok("[-0, 9223372036854775807, -9223372036854775808, -0.0, 1e-400, "
                           "0.1, 1.5e3, 12345678901234567890e-10]",
                           0);
    assert_true(json_is_integer(json_array_get(json, 0)));
    assert_int_equal(json_integer_value(json_array_get(json, 0)), 0);
    assert_true(json_integer_value(json_array_get(json, 1)) == LLONG_MAX);
    assert_true(json_integer_value(json_array_get(json, 2)) == LLONG_MIN);
    double negzero = json_real_value(json_array_get(json, 3));
    assert_true(negzero == 0.0 && signbit(negzero));
    assert_true(json_real_value(json_array_get(json, 4)) == 0.0);
    assert_true(json_real_value(json_array_get(json, 5)) == 0.1);
    assert_true(json_real_value(json_array_get(json, 6)) == 1500.0);
    assert_true(json_real_value(json_array_get(json, 7)) == 1234567890.1234567890);
    json_decref(json);

    json = load_ok("[-0, 7]", JSON_DECODE_INT_AS_REAL);
    assert_true(json_is_real(json_array_get(json, 0)) &&
                signbit(json_real_value(json_array_get(json, 0))));
    assert_true(json_real_value(json_array_get(json, 1)) == 7.0);
    json_decref(json);

    json_error_t error;
    assert_null(load_strict("[9223372036854775808]", 21, 0, &error));
    assert_non_null(strstr(error.text, "too big integer"));
    assert_int_equal(json_error_code(&error), json_error_numeric_overflow);
    assert_null(load_strict("[-9223372036854775809]", 22, 0, &error));
    assert_non_null(strstr(error.text, "too big negative integer"));
    assert_null(load_strict("[1e400]", 7, 0, &error));
    assert_non_null(strstr(error.text, "real number overflow"));
}

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    /* xorshift64*: deterministic, so a failure reproduces. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static void test_random_numbers_agree(void **state)
{
    rng_state = 0x1234567887654321ULL;
    char text[128];
    for (int i = 0; i < 20000; i++) {
        uint64_t r = rng_next();
        int kind = (int)(rng_next() % 5);
        if (kind == 0) { /* a random finite double, shortest to longest form */
            double d;
            memcpy(&d, &r, sizeof d);
            if (!isfinite(d))
                continue;
            snprintf(text, sizeof text, "[%.*g]", 1 + (int)(rng_next() % 17), d);
        } else if (kind == 1) { /* a decimal with random digits and exponent */
            snprintf(text, sizeof text, "[%s%llu.%llue%d]", r & 1 ? "-" : "",
                     (unsigned long long)(rng_next() % 100000000000ULL),
                     (unsigned long long)(rng_next() % 10000000000ULL),
                     (int)(rng_next() % 700) - 350);
        } else if (kind == 2) { /* a short fraction: the fast path */
            snprintf(text, sizeof text, "[%lld.%03u]", (long long)(r % 2000000) - 1000000,
                     (unsigned)(rng_next() % 1000));
        } else if (kind == 3) { /* any 64-bit integer */
            snprintf(text, sizeof text, "[%lld]", (long long)r);
        } else { /* around the integer limits */
            snprintf(text, sizeof text, "[%s%llu%u]", r & 1 ? "-" : "",
                     (unsigned long long)(rng_next() % 1000000000000000000ULL),
                     (unsigned)(rng_next() % 100));
        }
        check_agree(text, strlen(text), 0);
    }
}

static void test_duplicate_keys_last_wins(void **state)
{
    json_t *json = load_ok("{\"a\": 1, \"b\": 2, \"a\": {\"c\": 3}}", 0);
    assert_int_equal(json_object_size(json), 2);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(json, "a"), "c")), 3);
    json_decref(json);
    json_error_t error;
    assert_null(load_strict("{\"a\":1,\"a\":2}", 13, JSON_REJECT_DUPLICATES, &error));
    assert_int_equal(json_error_code(&error), json_error_duplicate_key);
}

/* n levels of open, then a value, then n levels of close. */
static char *nested(int levels, const char *open, const char *inner, const char *close, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    for (int i = 0; i < levels; i++)
        sb_append(&sb, open);
    sb_append(&sb, inner);
    for (int i = 0; i < levels; i++)
        sb_append(&sb, close);
    *len = sb.len;
    return sb_steal(&sb);
}

static void check_nesting(int levels, const char *open, const char *inner, const char *close,
                          bool want_loaded)
{
    size_t len;
    char *text = nested(levels, open, inner, close, &len);
    bool loaded = check_agree(text, len, 0);
    if (loaded != want_loaded)
        fail_msg("%d levels of %s%s%s: expected %s", levels, open, inner, close,
                 want_loaded ? "success" : "failure");
    free(text);
}

static void test_nesting_limit(void **state)
{
    /* Jansson's limit is 2048 values deep, the innermost scalar included. */
    check_nesting(2048, "[", "", "]", true);
    check_nesting(2049, "[", "", "]", false);
    check_nesting(2047, "[", "1", "]", true);
    check_nesting(2048, "[", "1", "]", false);
    check_nesting(2047, "{\"a\":", "{}", "}", true);
    check_nesting(2048, "{\"a\":", "{}", "}", false);
    check_nesting(2047, "[{\"k\":", "1", "}]", false);
    check_nesting(1023, "[{\"k\":", "1", "}]", true);
    check_nesting(1024, "[{\"k\":", "[]", "}]", false);

    /* Far deeper than the limit: a clean error, no stack overflow. */
    size_t len = 1000000;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, '[', len);
    json_error_t error;
    assert_null(load_strict(text, len, 0, &error));
    assert_int_equal(json_error_code(&error), json_error_stack_overflow);
    assert_int_equal(error.position, 2049);
    free(text);
}

static void test_stop_after_value_position(void **state)
{
    json_error_t error;
    const char *text = "  {\"meta\": {\"next\": null}} , \"objects\": [";
    json_t *json = load_strict(text, strlen(text), JSONLOAD_STOP_AFTER_VALUE, &error);
    assert_non_null(json);
    assert_int_equal(error.position, 26);
    assert_string_equal(error.text, "");
    json_decref(json);

    json = load_strict("12 34", 5, JSON_DECODE_ANY | JSONLOAD_STOP_AFTER_VALUE, &error);
    assert_int_equal(json_integer_value(json), 12);
    assert_int_equal(error.position, 2);
    json_decref(json);

    json = load_strict("[1] \n", 5, 0, &error);
    assert_int_equal(error.position, 5);
    json_decref(json);
}

static void test_error_location(void **state)
{
    json_error_t error;
    /* The bad byte is on line 3, after a two-byte character: column counts
     * characters. */
    const char *text = "{\n  \"a\": 1,\n  \"\xc3\xa9\": \"x\xff\"\n}";
    assert_null(load_strict(text, strlen(text), 0, &error));
    assert_int_equal(json_error_code(&error), json_error_invalid_utf8);
    assert_int_equal(error.line, 3);
    assert_int_equal(error.column, 10);
    assert_int_equal(error.position, (int)(strchr(text, '\xff') - text) + 1);
    assert_string_equal(error.text, "invalid UTF-8 in string at line 3 column 10");
    assert_string_equal(error.source, "<buffer>");

    text = "[1, 2,\n 3";
    assert_null(load_strict(text, strlen(text), 0, &error));
    assert_int_equal(json_error_code(&error), json_error_premature_end_of_input);
    assert_int_equal(error.line, 2);
    assert_int_equal(error.position, (int)strlen(text));
    assert_non_null(strstr(error.text, "premature end of input"));

    assert_null(load_strict("[\"\\uD83D\"]", 10, 0, &error));
    assert_non_null(strstr(error.text, "surrogate"));
    assert_null(load_strict("[\"a\\u0000\"]", 11, 0, &error));
    assert_int_equal(json_error_code(&error), json_error_null_character);
    assert_null(load_strict("{\"a\":1} x", 9, 0, &error));
    assert_int_equal(json_error_code(&error), json_error_end_of_input_expected);
    assert_int_equal(error.column, 9);
    assert_null(load_strict("\"a\"", 3, 0, &error));
    assert_non_null(strstr(error.text, "'[' or '{' expected"));
    assert_null(load_strict(NULL, 0, 0, &error));
    assert_int_equal(json_error_code(&error), json_error_invalid_argument);
    assert_null(load_strict("[", 1, 0, NULL)); /* error may be NULL */
}

static void test_nul_after_number_is_rejected(void **state)
{
    /* Jansson loads these as if the NUL were not there; a NUL byte is not
     * JSON, so we refuse. check_agree accepts exactly this difference. */
    static const doc docs[] = {D("[1\0]"), D("[true\0]"), D("{\"a\":1.5\0}"), D("[null\0,1]")};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        json_t *jansson = json_loadb(docs[i].text, docs[i].len, 0, NULL);
        assert_non_null(jansson);
        json_decref(jansson);
        assert_null(load_strict(docs[i].text, docs[i].len, 0, NULL));
        known_divergences = 0;
        check_agree(docs[i].text, docs[i].len, 0);
        assert_int_equal(known_divergences, 1);
    }
}

/*** a realistic page: whole, and cut at every byte ***/

static void append_participant(strbuf *sb, int i)
{
    static const char *const names[] = {"Zo\\u00eb M\\u00fcller",
                                        "Jos\xc3\xa9 Garc\xc3\xad"
                                        "a",
                                        "Aiko \xe7\x94\xb0\xe4\xb8\xad", "Tom \\\"TJ\\\" O'Brien"};
    sb_printf(sb,
              "{\"bandwidth\": %d, \"call_direction\": \"in\", \"call_quality\": \"1_good\", "
              "\"call_tag\": \"\", \"call_uuid\": \"8cc4af02-d2b8-48f7-9da8-9ff740a2cf%02d\", "
              "\"conference\": \"%s's Room\", \"connect_time\": \"2026-11-28T07:45:29.6652%02d\", "
              "\"display_name\": \"%s\", \"has_media\": true, \"id\": "
              "\"998dcebf-e0f7-48f4-8055-c2dd3e4c9d%02d\", \"idp_uuid\": null, "
              "\"is_muted\": false, \"is_on_hold\": %s, \"license_count\": %d, "
              "\"media_node\": \"10.40.0.%d\", \"protocol\": \"WebRTC\", "
              "\"remote_port\": %d, \"resource_uri\": "
              "\"\\/api\\/admin\\/status\\/v1\\/participant\\/998dcebf\\/\", \"role\": \"guest\", "
              "\"rx_packet_loss\": %d.%02d, \"jitter\": -1.5e-3, \"tags\": [\"a\", [], {}], "
              "\"vendor\": \"Pexip Infinity Connect/1.8.4 (Windows)\\r\\n\"}",
              576 + i, i, names[i % 4], i, names[i % 4], i, i % 2 ? "true" : "false", i % 3, 10 + i,
              60689 - i, i, i * 7 % 100);
}

static char *realistic_page(int count, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb,
              "{\"meta\": {\"limit\": %d, \"next\": "
              "\"/api/admin/status/v1/participant/?limit=%d&offset=%d\", \"offset\": 0, "
              "\"previous\": null, \"total_count\": 10000}, \"objects\": [",
              count, count, count);
    for (int i = 0; i < count; i++) {
        if (i)
            sb_append(&sb, ",\n ");
        append_participant(&sb, i);
    }
    sb_append(&sb, "]}\n");
    *len = sb.len;
    return sb_steal(&sb);
}

static void test_realistic_page_and_every_truncation(void **state)
{
    size_t len;
    char *page = realistic_page(4, &len);
    assert_true(check_agree(page, len, 0));
    json_t *json = load_ok(page, 0);
    assert_int_equal(json_array_size(json_object_get(json, "objects")), 4);
    json_decref(json);
    /* Every strict prefix is invalid, except the one that only drops the
     * final newline. */
    for (size_t cut = 0; cut < len; cut++) {
        bool loaded = check_agree(page, cut, 0);
        assert_true(loaded == (cut == len - 1));
    }
    for (size_t cut = 0; cut < len; cut += 7)
        check_agree(page, cut, JSONLOAD_STOP_AFTER_VALUE | JSON_DECODE_ANY);
    free(page);
}

/*** random mutations ***/

static const unsigned char interesting_bytes[] = {
    '{',  '}',  '[',  ']',  ':',  ',',  '"',  '\\', 'u',  '0',  '1',  '9',  '-',  '+',  '.',
    'e',  'E',  ' ',  '\n', '\t', '\r', 0x00, 0x01, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2,
    0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 't',  'f',  'n',  'a',  '/',  'x',  'D'};

static const char *const interesting_tokens[] = {"\\u0000",
                                                 "\\uD800",
                                                 "\\uDC00",
                                                 "\\uD83D\\uDE00",
                                                 "\\u00e9",
                                                 "1e400",
                                                 "-0",
                                                 "9223372036854775808",
                                                 "-9223372036854775809",
                                                 "9223372036854775807",
                                                 "0.1e-400",
                                                 "true",
                                                 "false",
                                                 "null",
                                                 "\xed\xa0\x80",
                                                 "\xf4\x90\x80\x80",
                                                 "\xc0\xaf",
                                                 "\xe2\x82\xac",
                                                 "[[[[",
                                                 "]]]]",
                                                 "{\"a\":",
                                                 "\"\"",
                                                 "1.5",
                                                 "01",
                                                 "1.",
                                                 ".5",
                                                 "1e",
                                                 "-",
                                                 "\\",
                                                 "\\\"",
                                                 ",\"k\":1",
                                                 "{}",
                                                 "[]"};

static size_t mutate(unsigned char *buf, size_t len, size_t cap)
{
    size_t pos = len ? (size_t)(rng_next() % len) : 0;
    switch (rng_next() % 7) {
    case 0: /* replace a byte */
        if (len)
            buf[pos] = interesting_bytes[rng_next() % sizeof interesting_bytes];
        return len;
    case 1: /* insert a byte */
        if (len + 1 > cap)
            return len;
        memmove(buf + pos + 1, buf + pos, len - pos);
        buf[pos] = rng_next() % 4 ? interesting_bytes[rng_next() % sizeof interesting_bytes]
                                  : (unsigned char)rng_next();
        return len + 1;
    case 2: { /* delete a few bytes */
        size_t n = 1 + rng_next() % 4;
        if (pos + n > len)
            n = len - pos;
        memmove(buf + pos, buf + pos + n, len - pos - n);
        return len - n;
    }
    case 3: { /* insert a token */
        const char *t = interesting_tokens[rng_next() % (sizeof interesting_tokens /
                                                         sizeof *interesting_tokens)];
        size_t n = strlen(t);
        if (len + n > cap)
            return len;
        memmove(buf + pos + n, buf + pos, len - pos);
        memcpy(buf + pos, t, n);
        return len + n;
    }
    case 4: { /* copy a slice elsewhere */
        size_t from = len ? (size_t)(rng_next() % len) : 0;
        size_t n = 1 + rng_next() % 40;
        if (from + n > len)
            n = len - from;
        if (len + n > cap)
            return len;
        unsigned char slice[40];
        memcpy(slice, buf + from, n);
        memmove(buf + pos + n, buf + pos, len - pos);
        memcpy(buf + pos, slice, n);
        return len + n;
    }
    case 5: /* truncate */
        return pos;
    default: { /* swap two bytes */
        size_t other = len ? (size_t)(rng_next() % len) : 0;
        if (len) {
            unsigned char t = buf[pos];
            buf[pos] = buf[other];
            buf[other] = t;
        }
        return len;
    }
    }
}

static void test_random_mutations_agree(void **state)
{
    static const size_t flag_choices[] = {0,
                                          0,
                                          0,
                                          JSON_DECODE_ANY,
                                          JSON_DECODE_ANY | JSONLOAD_STOP_AFTER_VALUE,
                                          JSON_REJECT_DUPLICATES,
                                          JSON_ALLOW_NUL,
                                          JSON_DECODE_INT_AS_REAL};
    size_t page_len;
    char *page = realistic_page(1, &page_len);
    static const char extra[] = "[{\"a\": [1, -2.5e-3, 1e22, \"\\u00e9\\uD83D\\uDE00\\n\", "
                                "true, false, null, {}, []], \"b\\\"\": \"caf\xc3\xa9\"}, 0, -0]";
    size_t cap = page_len + 512;
    unsigned char *buf = malloc(cap);
    assert_non_null(buf);
    rng_state = 0xC0FFEE1234ULL;
    int loaded = 0, total = 20000;
    known_divergences = 0;
    for (int i = 0; i < total; i++) {
        size_t len;
        if (i % 2) {
            memcpy(buf, page, page_len);
            len = page_len;
        } else {
            memcpy(buf, extra, sizeof extra - 1);
            len = sizeof extra - 1;
        }
        int mutations = 1 + (int)(rng_next() % 3);
        for (int m = 0; m < mutations; m++)
            len = mutate(buf, len, cap);
        size_t flags = flag_choices[rng_next() % (sizeof flag_choices / sizeof *flag_choices)];
        loaded += check_agree((const char *)buf, len, flags);
    }
    /* The mutations must exercise both outcomes to mean anything. */
    assert_true(loaded > total / 20);
    assert_true(loaded < total - total / 5);
    print_message("mutations: %d of %d loaded, %d skipped-NUL divergences checked\n", loaded, total,
                  known_divergences);
    free(buf);
    free(page);
}

/*** locale independence ***/

static void test_reals_ignore_the_locale(void **state)
{
    if (!switch_to_comma_locale())
        skip();
    /* The test means something only if plain strtod is fooled here. */
    bool fooled = strtod("1.5", NULL) == 1.0;
    json_error_t error;
    const char *text = "[1.5, 2.25e1, 0.1000000000000000055511151231257827, -7.0E-3]";
    json_t *json = load_strict(text, strlen(text), 0, &error);
    setlocale(LC_NUMERIC, "C");
    assert_true(fooled);
    assert_non_null(json);
    assert_true(json_real_value(json_array_get(json, 0)) == 1.5);
    assert_true(json_real_value(json_array_get(json, 1)) == 22.5);
    assert_true(json_real_value(json_array_get(json, 2)) == 0.1);
    assert_true(json_real_value(json_array_get(json, 3)) == -0.007);
    json_decref(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_decode),
        cmocka_unit_test(test_long_strings_with_escapes),
        cmocka_unit_test(test_numbers_convert),
        cmocka_unit_test(test_random_numbers_agree),
        cmocka_unit_test(test_duplicate_keys_last_wins),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_stop_after_value_position),
        cmocka_unit_test(test_error_location),
        cmocka_unit_test(test_nul_after_number_is_rejected),
        cmocka_unit_test(test_realistic_page_and_every_truncation),
        cmocka_unit_test(test_random_mutations_agree),
        cmocka_unit_test(test_reals_ignore_the_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
