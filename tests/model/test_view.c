/* Sorted and filtered views. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/view.h"

#include <stdio.h>
#include <string.h>
#include "model_test_util.h"

static const char *rows =
    "[{\"id\":\"a\",\"n\":10,\"s\":\"beta\",\"t\":\"2021-03-12T14:47:45\",\"b\":true},"
    " {\"id\":\"b\",\"n\":9,\"s\":\"Alpha\",\"t\":\"2021-03-12T14:47:45.5\",\"b\":false},"
    " {\"id\":\"c\",\"n\":\"100\",\"s\":\"gamma\",\"t\":null},"
    " {\"id\":\"d\",\"s\":\"alpha\",\"t\":\"2020-01-01T00:00:00\",\"b\":true},"
    " {\"id\":\"e\",\"n\":9,\"s\":\"\",\"t\":\"2022-01-01T00:00:00\"}]";

static void test_numeric_sort_is_numeric_and_stable(void **state)
{
    (void)state;
    model_table *t = table_from(rows);
    model_view v;
    model_view_init(&v);
    model_sort s = {"n", false};
    model_view_build(&v, t, NULL, &s, false);
    /* 9 < 10 < "100" numerically; b before e (tie: table order); d has no n: last. */
    assert_string_equal(ids(&v), "b,e,a,c,d");
    s.reverse = true;
    model_view_sort(&v, &s);
    assert_string_equal(ids(&v), "c,a,b,e,d");
    model_view_free(&v);
    model_table_free(t);
}

static void test_text_and_datetime_sort(void **state)
{
    (void)state;
    model_table *t = table_from(rows);
    model_view v;
    model_view_init(&v);
    model_sort s = {"s", false};
    model_view_build(&v, t, NULL, &s, false);
    /* Case-insensitive; empty string counts as missing; ties keep order. */
    assert_string_equal(ids(&v), "b,d,a,c,e");
    s = (model_sort){"t", false};
    model_view_build(&v, t, NULL, &s, false);
    assert_string_equal(ids(&v), "d,a,b,e,c");
    s.reverse = true;
    model_view_build(&v, t, NULL, &s, false);
    assert_string_equal(ids(&v), "e,b,a,d,c");
    s = (model_sort){"b", false};
    model_view_build(&v, t, NULL, &s, false);
    assert_string_equal(ids(&v), "b,a,d,c,e");
    /* No sort field: table order. */
    model_view_build(&v, t, NULL, NULL, false);
    assert_string_equal(ids(&v), "a,b,c,d,e");
    assert_int_equal(model_view_index_of(&v, "c"), 2);
    assert_int_equal(model_view_index_of(&v, "zz"), -1);
    model_view_free(&v);
    model_table_free(t);
}

static void test_filter_case_insensitive_on_fields(void **state)
{
    (void)state;
    model_table *t = table_from(rows);
    model_view v;
    model_view_init(&v);
    const char *fields[] = {"s"};
    model_filter f = {"ALPH", fields, 1};
    model_view_build(&v, t, &f, NULL, false);
    assert_string_equal(ids(&v), "b,d");
    /* Any scalar field when no fields are given; numbers match as text. */
    f = (model_filter){"10", NULL, 0};
    model_view_build(&v, t, &f, NULL, false);
    assert_string_equal(ids(&v), "a,c");
    f = (model_filter){"", NULL, 0};
    model_view_build(&v, t, &f, NULL, false);
    assert_int_equal(v.count, 5);
    const char *n_only[] = {"n"};
    f = (model_filter){"alpha", n_only, 1};
    model_view_build(&v, t, &f, NULL, false);
    assert_int_equal(v.count, 0);
    model_view_free(&v);
    model_table_free(t);
}

static void test_filter_sees_sanitized_text(void **state)
{
    (void)state;
    /* "Al<ESC>[31mice" shows as "Alice": the filter must find it. */
    model_table *t = table_from("[{\"id\":\"x\",\"name\":\"Al\\u001b[31mice\"},{\"id\":\"y\"}]");
    model_view v;
    model_view_init(&v);
    const char *fields[] = {"name"};
    model_filter f = {"alice", fields, 1};
    model_view_build(&v, t, &f, NULL, false);
    assert_string_equal(ids(&v), "x");
    model_view_free(&v);
    model_table_free(t);
}

static void test_ghosts_only_when_asked(void **state)
{
    (void)state;
    model_table *t = table_from("[{\"id\":\"a\"},{\"id\":\"b\"}]");
    model_table_set_ghost_seconds(t, 5);
    json_t *list = json_pack("[{s:s}]", "id", "b");
    model_table_apply(t, list, 2, NULL);
    json_decref(list);
    model_view v;
    model_view_init(&v);
    model_view_build(&v, t, NULL, NULL, false);
    assert_string_equal(ids(&v), "b");
    model_view_build(&v, t, NULL, NULL, true);
    assert_string_equal(ids(&v), "a,b");
    model_view_free(&v);
    model_table_free(t);
}

static void test_compare_odd_values(void **state)
{
    (void)state;
    json_t *a = json_pack("{s:[i], s:{}}", "x", 1, "y");
    json_t *b = json_pack("{s:s}", "x", "zz");
    /* Lists and objects have no text: they compare without crashing. */
    (void)model_value_compare(a, b, "x");
    assert_int_equal(model_value_compare(a, b, "missing"), 0);
    assert_true(model_value_compare(b, a, "y") > 0);
    assert_int_equal(model_value_compare(NULL, NULL, "x"), 0);
    json_decref(a);
    json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeric_sort_is_numeric_and_stable),
        cmocka_unit_test(test_text_and_datetime_sort),
        cmocka_unit_test(test_filter_case_insensitive_on_fields),
        cmocka_unit_test(test_filter_sees_sanitized_text),
        cmocka_unit_test(test_ghosts_only_when_asked),
        cmocka_unit_test(test_compare_odd_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
