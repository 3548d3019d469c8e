/* Batch output pieces that need no server: table layout, CSV quoting,
 * JSON sanitizing, audit lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ops/audit.h"
#include "cli/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *capture_table(const out_table *t, int width, bool csv)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    if (csv)
        out_print_csv(f, t);
    else
        out_print_table(f, t, width);
    fclose(f);
    return buf;
}

static const out_column cols[] = {
    {"NAME", 1, 8, 30, false}, {"ROLE", 2, 0, 0, false}, {"ID", 4, 0, 0, false},
    {"EMPTY", 2, 0, 0, false}, {"LOAD", 1, 0, 0, true},
};

static void fill(out_table *t)
{
    out_table_init(t, cols, 5);
    const char *r1[] = {"Alice Example-Longname", "chair", "0123456789abcdef", "", "7"};
    const char *r2[] = {"Bo", "guest", "x", NULL, "100"};
    out_table_add_row(t, r1);
    out_table_add_row(t, r2);
}

static void test_layout_natural_when_wide(void **state)
{
    (void)state;
    out_table t;
    fill(&t);
    int w[5];
    out_table_layout(&t, 200, w);
    assert_int_equal(w[0], 22);
    assert_int_equal(w[1], 5);
    assert_int_equal(w[2], 16);
    assert_int_equal(w[3], 5); /* header width */
    assert_int_equal(w[4], 4);
    char *out = capture_table(&t, 200, false);
    assert_string_equal(out, "NAME                    ROLE   ID                EMPTY  LOAD\n"
                             "Alice Example-Longname  chair  0123456789abcdef            7\n"
                             "Bo                      guest  x                         100\n");
    free(out);
    out_table_free(&t);
}

static void test_layout_drops_empty_then_low_priority(void **state)
{
    (void)state;
    out_table t;
    fill(&t);
    int w[5];
    /* 22+5+16+4 + 6 = 53: the empty column goes first. */
    out_table_layout(&t, 53, w);
    assert_int_equal(w[3], 0);
    assert_true(w[2] > 0);
    /* Narrower: ID (priority 4) goes before the name is cut below 22. */
    out_table_layout(&t, 40, w);
    assert_int_equal(w[2], 0);
    assert_int_equal(w[0], 22);
    /* Narrower still: the name is cut (to its min 8 at worst), essentials kept. */
    out_table_layout(&t, 24, w);
    assert_true(w[0] >= 8 && w[0] < 22);
    assert_int_equal(w[4], 4);
    char *out = capture_table(&t, 24, false);
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
        assert_true(strlen(line) <= 24 + 2); /* "…" is 3 bytes, 1 column */
    free(out);
    /* Absurdly narrow: never wider than asked. */
    out_table_layout(&t, 6, w);
    int total = 0, n = 0;
    for (int i = 0; i < 5; i++)
        if (w[i] > 0)
            total += w[i], n++;
    assert_true(total + 2 * (n - 1) <= 6);
    out_table_free(&t);
}

static void test_cells_are_sanitized_and_cut_by_display_width(void **state)
{
    (void)state;
    static const out_column c[] = {{"N", 1, 4, 6, false}};
    out_table t;
    out_table_init(&t, c, 1);
    const char *r1[] = {"\x1b[31m宮本武蔵さん\x1b[0m"};
    const char *r2[] = {"a\x07\xc2\x9b"
                        "2Jb"};
    out_table_add_row(&t, r1);
    out_table_add_row(&t, r2);
    char *out = capture_table(&t, 80, false);
    /* 6 columns: two wide characters, then one more would not fit with "…". */
    assert_string_equal(out, "N\n宮本…\nab\n");
    free(out);
    out_table_free(&t);
}

static void test_csv_quoting(void **state)
{
    (void)state;
    static const out_column c[] = {{"A,B", 1, 0, 0, false}, {"Q", 1, 0, 0, false}};
    out_table t;
    out_table_init(&t, c, 2);
    const char *r1[] = {"plain", "say \"hi\""};
    const char *r2[] = {"line\nbreak", ""};
    out_table_add_row(&t, r1);
    out_table_add_row(&t, r2);
    char *out = capture_table(&t, 0, true);
    /* Newlines were sanitized to spaces already; quotes are doubled. */
    assert_string_equal(out, "\"A,B\",Q\r\nplain,\"say \"\"hi\"\"\"\r\nline break,\r\n");
    free(out);
    out_table_free(&t);
}

static void test_json_sanitized(void **state)
{
    (void)state;
    json_t *in = json_pack("[{s:s, s:i, s:n, s:[s]}]", "na\x1b[2Jme",
                           "A\x1b]0;x\x07"
                           "B",
                           "n", 5, "z", "l",
                           "\xe2\x80\xae"
                           "x");
    json_t *out = audit_json_sanitized(in);
    char *text = json_dumps(out, JSON_COMPACT);
    assert_string_equal(text, "[{\"name\":\"AB\",\"n\":5,\"z\":null,\"l\":[\"x\"]}]");
    free(text);
    json_decref(in);
    json_decref(out);
}

static void test_print_json_is_pretty_and_sanitized(void **state)
{
    (void)state;
    json_t *in =
        json_pack("[{s:s, s:[]}, {}]", "di\x1b[Hsplay", "Bob\x1b]0;t\x07 \xe2\x80\xae!", "empty");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_true(out_print_json(f, in));
    fclose(f);
    assert_string_equal(buf, "[\n  {\n    \"display\": \"Bob !\",\n    \"empty\": []\n  },\n"
                             "  {}\n]\n");
    free(buf);
    json_decref(in);
}

static char *capture_json(const json_t *array)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_true(out_print_json(f, array));
    fclose(f);
    return buf;
}

/* Pages (some empty) streamed one after the other give the same text as
 * the whole array printed at once; no page at all gives "[]". */
static void test_json_stream_matches_whole_array(void **state)
{
    (void)state;
    json_t *pages[] = {
        json_pack("[{s:s, s:{s:[i,i]}}]", "name", "A\x1b[2J", "nested", "l", 1, 2),
        json_array(),
        json_pack("[{s:i}, {}, {s:s}]", "n", 2, "s", "x\"y"),
        json_pack("[{s:b}]", "t", 1),
    };
    const size_t npages = sizeof pages / sizeof pages[0];
    json_t *whole = json_array();
    for (size_t i = 0; i < npages; i++)
        json_array_extend(whole, pages[i]);
    char *expected = capture_json(whole);

    for (size_t first = 0; first < npages; first++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        out_json_stream s;
        out_json_stream_begin(&s, f);
        for (size_t i = first; i < npages; i++)
            assert_true(out_json_stream_add(&s, pages[i]));
        assert_true(out_json_stream_end(&s));
        fclose(f);
        if (first == 0) {
            assert_string_equal(buf, expected);
        } else {
            json_t *rest = json_array();
            for (size_t i = first; i < npages; i++)
                json_array_extend(rest, pages[i]);
            char *want = capture_json(rest);
            assert_string_equal(buf, want);
            free(want);
            json_decref(rest);
        }
        free(buf);
    }

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    out_json_stream s;
    out_json_stream_begin(&s, f);
    assert_true(out_json_stream_add(&s, pages[1]));
    assert_true(out_json_stream_end(&s));
    fclose(f);
    assert_string_equal(buf, "[]\n");
    free(buf);

    free(expected);
    json_decref(whole);
    for (size_t i = 0; i < npages; i++)
        json_decref(pages[i]);
}

static void test_csv_header_then_rows_is_whole_csv(void **state)
{
    (void)state;
    out_table t;
    fill(&t);
    char *whole = capture_table(&t, 80, true);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    out_print_csv_header(f, cols, 5);
    out_print_csv_rows(f, &t);
    fclose(f);
    assert_string_equal(buf, whole);
    free(buf);
    free(whole);
    out_table_free(&t);
}

static void test_format_parse(void **state)
{
    (void)state;
    out_format f;
    assert_true(out_format_parse("json", &f) && f == OUT_JSON);
    assert_true(out_format_parse("csv", &f) && f == OUT_CSV);
    assert_true(out_format_parse("table", &f) && f == OUT_TABLE);
    assert_false(out_format_parse("xml", &f));
    assert_false(out_format_parse(NULL, &f));
}

static void test_audit_line(void **state)
{
    (void)state;
    json_t *params = json_pack("{s:s}", "participant_id", "p\x1b[1m1");
    audit_entry e = {
        .time = 1700000000.25,
        .profile = "lab",
        .url = "https://admin:hunter2@mgr.example.com:8443/api",
        .user = "admin",
        .command = "participant/mute",
        .target_id = "p1",
        .target_name = "Evil\x1b[2J",
        .params = params,
        .outcome = AUDIT_REFUSED,
        .http_status = 400,
        .message = "bad",
        .latency_ms = 12.6,
    };
    char *line = audit_format_line(&e);
    assert_non_null(line);
    assert_null(strstr(line, "hunter2"));
    assert_null(strchr(line, '\x1b'));
    assert_string_equal(
        line, "{\"time\":\"2023-11-14T22:13:20.250Z\",\"source\":\"batch\",\"profile\":\"lab\","
              "\"node\":\"mgr.example.com:8443\",\"user\":\"admin\","
              "\"command\":\"participant/mute\",\"target_id\":\"p1\",\"target_name\":\"Evil\","
              "\"params\":{\"participant_id\":\"p1\"},\"outcome\":\"refused\","
              "\"http_status\":400,\"message\":\"bad\",\"latency_ms\":13}");
    free(line);
    e = (audit_entry){.command = "conference/lock", .outcome = AUDIT_UNKNOWN, .latency_ms = -1};
    line = audit_format_line(&e);
    assert_non_null(strstr(line, "\"profile\":null"));
    assert_non_null(strstr(line, "\"outcome\":\"unknown\""));
    assert_non_null(strstr(line, "\"latency_ms\":null"));
    free(line);
    json_decref(params);
}

static void test_audit_path(void **state)
{
    (void)state;
    setenv("XDG_STATE_HOME", "/x/state", 1);
    char *p = audit_log_path();
    assert_string_equal(p, "/x/state/pexcon/audit.log");
    free(p);
    setenv("XDG_STATE_HOME", "relative", 1); /* invalid per XDG: ignored */
    setenv("HOME", "/home/op", 1);
    p = audit_log_path();
    assert_string_equal(p, "/home/op/.local/state/pexcon/audit.log");
    free(p);
}

static void on_appended(int status, void *ctx)
{
    int *result = ctx;
    *result = status;
}

/* The console's path: uv_fs_* on a loop, directories made on first use. */
static void test_audit_append_async_and_sync(void **state)
{
    (void)state;
    char dir[] = "/tmp/pexcon-audit-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char state_home[128], path[192];
    snprintf(state_home, sizeof state_home, "%s/a/b", dir);
    snprintf(path, sizeof path, "%s/pexcon/audit.log", state_home);
    setenv("XDG_STATE_HOME", state_home, 1);

    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    audit_entry e = {.command = "conference/lock",
                     .outcome = AUDIT_ACCEPTED,
                     .source = "console",
                     .latency_ms = 3};
    int result = 1;
    assert_int_equal(audit_append(&loop, &e, on_appended, &result), 0);
    assert_int_equal(result, 1); /* not before the loop runs */
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(result, 0);
    /* Batch path appends to the same file. */
    e.source = "batch";
    assert_int_equal(audit_append(NULL, &e, NULL, NULL), 0);
    uv_loop_close(&loop);

    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char parent[192];
    snprintf(parent, sizeof parent, "%s/pexcon", state_home);
    assert_int_equal(stat(parent, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    FILE *f = fopen(path, "r");
    char line[1024];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t err;
        json_t *j = json_loads(line, 0, &err);
        assert_non_null(j);
        assert_string_equal(json_string_value(json_object_get(j, "source")),
                            lines == 0 ? "console" : "batch");
        json_decref(j);
        lines++;
    }
    fclose(f);
    assert_int_equal(lines, 2);
    unlink(path);
    rmdir(parent);
    snprintf(parent, sizeof parent, "%s/a/b", dir);
    rmdir(parent);
    snprintf(parent, sizeof parent, "%s/a", dir);
    rmdir(parent);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_natural_when_wide),
        cmocka_unit_test(test_layout_drops_empty_then_low_priority),
        cmocka_unit_test(test_cells_are_sanitized_and_cut_by_display_width),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_json_sanitized),
        cmocka_unit_test(test_print_json_is_pretty_and_sanitized),
        cmocka_unit_test(test_json_stream_matches_whole_array),
        cmocka_unit_test(test_csv_header_then_rows_is_whole_csv),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_audit_line),
        cmocka_unit_test(test_audit_path),
        cmocka_unit_test(test_audit_append_async_and_sync),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
