/* Unit tests of the conference-control helpers that need no terminal and
 * no server: prompt matching and completion, quoting names for messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/control/act.h"
#include "ui/widgets/prompt.h"

static void test_prefix_and_contains(void **state)
{
    (void)state;
    assert_true(prompt_has_prefix("meet.Incident-Bridge", "MEET.inc"));
    assert_true(prompt_has_prefix("anything", ""));
    assert_false(prompt_has_prefix("meet", "meet.x"));
    assert_true(prompt_contains("equal 3x3 grid of nine", "3X3"));
    assert_true(prompt_contains("x", ""));
    assert_false(prompt_contains("grid", "grids"));
}

static void test_common_prefix(void **state)
{
    (void)state;
    const char *a[] = {"meet.incident-bridge", "meet.incident-bridge@example.com"};
    assert_int_equal(prompt_common_prefix(a, 2), strlen("meet.incident-bridge"));
    const char *b[] = {"meet.board", "meet.bridge", "MEET.BOAT"};
    assert_int_equal(prompt_common_prefix(b, 3), strlen("meet.b"));
    const char *c[] = {"only"};
    assert_int_equal(prompt_common_prefix(c, 1), 4);
    assert_int_equal(prompt_common_prefix(c, 0), 0);
    /* Never half a UTF-8 character: "é" (c3 a9) vs "è" (c3 a8). */
    const char *d[] = {"caf\xc3\xa9", "caf\xc3\xa8"};
    assert_int_equal(prompt_common_prefix(d, 2), 3);
}

static void test_quote(void **state)
{
    (void)state;
    char buf[512];
    act_quote(buf, sizeof buf, "Alice", false);
    assert_string_equal(buf, "\u201cAlice\u201d");
    act_quote(buf, sizeof buf, "Al\x1b]0;owned\x07ice", true);
    assert_string_equal(buf, "\"Alice\"");
    char longname[200];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    act_quote(buf, sizeof buf, longname, true);
    assert_int_equal(strlen(buf), ACT_NAME_SHOWN + 2); /* cut, with "~" */
    assert_non_null(strstr(buf, "~\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_and_contains),
        cmocka_unit_test(test_common_prefix),
        cmocka_unit_test(test_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
