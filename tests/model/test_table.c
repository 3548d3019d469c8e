/* model_table: in-place refresh, diffs, timestamps, ghosts, odd input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model_test_util.h"

#include "model/table.h"

#include <stdio.h>
#include <string.h>

/* Apply a JSON text to the table, returning the diff. */
static void apply_text(model_table *t, const char *text, double now, model_diff *d)
{
    json_t *list = parse(text);
    assert_true(model_table_apply(t, list, now, d));
    json_decref(list);
}

static const char *row_id(const model_table *t, size_t i)
{
    const model_row *r = model_table_at(t, i);
    assert_non_null(r);
    return r->id;
}

static bool diff_has(char **ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

static void test_first_load_then_added_removed_changed(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_diff d;
    apply_text(t, "[{\"id\":\"a\",\"n\":1},{\"id\":\"b\",\"n\":2},{\"id\":\"c\",\"n\":3}]", 100,
               &d);
    assert_int_equal(d.nadded, 3);
    assert_int_equal(d.nremoved, 0);
    assert_int_equal(d.nchanged, 0);
    /* Rows of the first load are not "new": the UI must not flash them all. */
    assert_false(model_row_is_new(model_table_find(t, "a"), 101, 5));
    model_diff_free(&d);

    apply_text(t, "[{\"id\":\"c\",\"n\":30},{\"id\":\"a\",\"n\":1},{\"id\":\"d\",\"n\":4}]", 110,
               &d);
    assert_int_equal(d.nadded, 1);
    assert_string_equal(d.added[0], "d");
    assert_int_equal(d.nremoved, 1);
    assert_string_equal(d.removed[0], "b");
    assert_int_equal(d.nchanged, 1);
    assert_string_equal(d.changed[0].id, "c");
    assert_int_equal(d.changed[0].nfields, 1);
    assert_string_equal(d.changed[0].fields[0], "n");
    assert_false(model_diff_is_empty(&d));
    model_diff_free(&d);

    /* In place: a and c keep their order although the server swapped them;
     * d is appended; b is gone (no ghost time set). */
    assert_int_equal(model_table_count(t), 3);
    assert_string_equal(row_id(t, 0), "a");
    assert_string_equal(row_id(t, 1), "c");
    assert_string_equal(row_id(t, 2), "d");
    assert_null(model_table_find(t, "b"));

    const model_row *c = model_table_find(t, "c");
    assert_int_equal(json_integer_value(json_object_get(c->obj, "n")), 30);
    assert_true(model_row_field_changed_at(c, "n") == 110);
    assert_true(model_row_field_is_fresh(c, "n", 112, 5));
    assert_false(model_row_field_is_fresh(c, "n", 116, 5));
    assert_true(c->changed_at == 110);
    assert_true(model_row_field_changed_at(model_table_find(t, "a"), "n") == 0);
    assert_true(model_row_is_new(model_table_find(t, "d"), 111, 5));
    assert_false(model_row_is_new(model_table_find(t, "d"), 116, 5));
    model_table_free(t);
}

static void test_unchanged_refresh_gives_empty_diff(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_diff d;
    const char *list = "[{\"id\":1,\"x\":{\"k\":[1,2]},\"y\":null},{\"id\":2}]";
    apply_text(t, list, 1, NULL);
    apply_text(t, list, 2, &d);
    assert_true(model_diff_is_empty(&d));
    model_diff_free(&d);
    /* Integer ids are formatted. */
    assert_non_null(model_table_find(t, "1"));
    assert_non_null(model_table_find(t, "2"));
    model_table_free(t);
}

static void test_null_and_missing_are_equal_but_value_changes_count(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_diff d;
    apply_text(t, "[{\"id\":\"a\",\"p\":null,\"q\":1,\"r\":\"x\"}]", 1, NULL);
    apply_text(t, "[{\"id\":\"a\",\"q\":1,\"s\":null}]", 2, &d);
    /* p null -> missing and s missing -> null are no change; r vanished is. */
    assert_int_equal(d.nchanged, 1);
    assert_int_equal(d.changed[0].nfields, 1);
    assert_string_equal(d.changed[0].fields[0], "r");
    model_diff_free(&d);
    apply_text(t, "[{\"id\":\"a\",\"q\":\"1\"}]", 3, &d);
    /* A type change (1 -> "1") is a change of value. */
    assert_int_equal(d.nchanged, 1);
    assert_string_equal(d.changed[0].fields[0], "q");
    model_diff_free(&d);
    model_table_free(t);
}

static void test_ghosts_fade(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_table_set_ghost_seconds(t, 5);
    model_diff d;
    apply_text(t, "[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]", 100, NULL);
    apply_text(t, "[{\"id\":\"a\"},{\"id\":\"c\"}]", 102, &d);
    assert_int_equal(d.nremoved, 1);
    assert_string_equal(d.removed[0], "b");
    model_diff_free(&d);
    /* b stays in its place as a ghost. */
    assert_int_equal(model_table_count(t), 3);
    assert_int_equal(model_table_live_count(t), 2);
    assert_string_equal(row_id(t, 1), "b");
    assert_true(model_row_is_ghost(model_table_find(t, "b")));

    /* A later refresh does not report it again, and it outlives the refresh. */
    apply_text(t, "[{\"id\":\"a\"},{\"id\":\"c\"}]", 104, &d);
    assert_true(model_diff_is_empty(&d));
    model_diff_free(&d);
    assert_non_null(model_table_find(t, "b"));

    assert_false(model_table_expire(t, 106.9));
    assert_true(model_table_expire(t, 107));
    assert_null(model_table_find(t, "b"));
    assert_int_equal(model_table_count(t), 2);
    model_table_free(t);
}

static void test_ghost_that_returns_is_added(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_table_set_ghost_seconds(t, 10);
    model_diff d;
    apply_text(t, "[{\"id\":\"a\"},{\"id\":\"b\"}]", 100, NULL);
    apply_text(t, "[{\"id\":\"a\"}]", 101, NULL);
    apply_text(t, "[{\"id\":\"b\"},{\"id\":\"a\"}]", 102, &d);
    assert_int_equal(d.nadded, 1);
    assert_string_equal(d.added[0], "b");
    model_diff_free(&d);
    assert_false(model_row_is_ghost(model_table_find(t, "b")));
    assert_true(model_row_is_new(model_table_find(t, "b"), 103, 5));
    assert_string_equal(row_id(t, 0), "a");
    assert_int_equal(model_table_live_count(t), 2);
    model_table_free(t);
}

static void test_odd_objects_tolerated(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_diff d;
    apply_text(t,
               "[1, \"x\", null, [], {\"id\":\"a\"}, {\"id\":\"a\",\"dup\":true},"
               " {\"resource_uri\":\"/api/x/9/\"}, {\"name\":\"no id\"}, {\"id\":null},"
               " {\"id\":true,\"t\":1}, {\"id\":1.5}]",
               1, &d);
    /* 4 non-objects + 1 duplicate skipped. */
    assert_int_equal(d.skipped, 5);
    model_diff_free(&d);
    assert_non_null(model_table_find(t, "a"));
    assert_null(json_object_get(model_table_find(t, "a")->obj, "dup"));
    assert_non_null(model_table_find(t, "/api/x/9/"));
    /* Objects without a usable id are keyed by position. */
    assert_non_null(model_table_find(t, "#7"));
    assert_non_null(model_table_find(t, "#8"));
    assert_non_null(model_table_find(t, "#9"));
    assert_non_null(model_table_find(t, "#10"));

    /* A non-array leaves the table alone. */
    json_t *obj = json_object();
    assert_false(model_table_apply(t, obj, 2, &d));
    assert_true(model_diff_is_empty(&d));
    json_decref(obj);
    assert_false(model_table_apply(t, NULL, 2, NULL));
    assert_non_null(model_table_find(t, "a"));
    model_table_free(t);
}

static void test_custom_key_and_clear(void **state)
{
    (void)state;
    model_table *t = model_table_new("workervm_configuration_id");
    apply_text(t, "[{\"workervm_configuration_id\":7,\"id\":\"ignored\"}]", 1, NULL);
    assert_non_null(model_table_find(t, "7"));
    assert_true(model_table_loaded(t));
    model_table_clear(t);
    assert_false(model_table_loaded(t));
    assert_int_equal(model_table_count(t), 0);
    /* After a clear the next load is a first load again. */
    apply_text(t, "[{\"workervm_configuration_id\":8}]", 5, NULL);
    assert_false(model_row_is_new(model_table_find(t, "8"), 6, 5));
    model_table_free(t);
}

static void test_large_table_lookup(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    json_t *list = json_array();
    for (int i = 0; i < 5000; i++)
        json_array_append_new(list, json_pack("{s:i, s:i}", "id", i, "v", i * 2));
    assert_true(model_table_apply(t, list, 1, NULL));
    /* Remove every other row; order of the survivors is preserved. */
    json_t *half = json_array();
    for (int i = 4999; i >= 0; i -= 2)
        json_array_append(half, json_array_get(list, (size_t)i));
    model_diff d;
    assert_true(model_table_apply(t, half, 2, &d));
    assert_int_equal(d.nremoved, 2500);
    assert_true(diff_has(d.removed, d.nremoved, "0"));
    assert_true(diff_has(d.removed, d.nremoved, "4998"));
    assert_false(diff_has(d.removed, d.nremoved, "4999"));
    model_diff_free(&d);
    assert_int_equal(model_table_count(t), 2500);
    assert_string_equal(row_id(t, 0), "1");
    assert_string_equal(row_id(t, 2499), "4999");
    for (int i = 0; i < 5000; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        if (i % 2)
            assert_non_null(model_table_find(t, id));
        else
            assert_null(model_table_find(t, id));
    }
    json_decref(list);
    json_decref(half);
    model_table_free(t);
}

/* ---- merges page by page -------------------------------------------------------- */

static void merge_text(model_merge *mg, const char *text, double now)
{
    json_t *list = parse(text);
    assert_true(model_table_merge_page(mg, list, now, NULL));
    json_decref(list); /* the page goes; the rows keep what they took */
}

static bool live(const model_table *t, const char *id)
{
    const model_row *r = model_table_find(t, id);
    return r && !model_row_is_ghost(r);
}

/* Rows of a page show before the listing ends; the end departs the rows
 * no page listed; an abort departs nothing. */
static void test_merge_pages(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_table_set_ghost_seconds(t, 5);
    apply_text(t, "[{\"id\":1},{\"id\":2},{\"id\":3}]", 1, NULL);
    model_merge *mg = model_table_merge_begin(t, NULL, NULL);
    merge_text(mg, "[{\"id\":1},{\"id\":4}]", 2);
    assert_true(live(t, "4"));
    assert_true(live(t, "2")); /* not yet known to be gone */
    merge_text(mg, "[{\"id\":3}]", 2);
    model_diff d;
    model_table_merge_end(mg, 2, &d);
    assert_int_equal(d.nremoved, 1);
    assert_string_equal(d.removed[0], "2");
    assert_int_equal(d.nadded, 1);
    model_diff_free(&d);
    assert_false(live(t, "2"));
    mg = model_table_merge_begin(t, NULL, NULL);
    merge_text(mg, "[{\"id\":1}]", 3);
    model_table_merge_abort(mg); /* a failed listing: 3 and 4 stay */
    assert_true(live(t, "3") && live(t, "4"));
    model_table_free(t);
}

/* A partial listing finishing while a whole one is still arriving: what the
 * newer one listed stays, what it found gone is not revived by the older. */
static void test_overlapping_merges(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    model_table_set_ghost_seconds(t, 5);
    apply_text(t,
               "[{\"id\":1,\"conference\":\"A\"},{\"id\":2,\"conference\":\"A\"},"
               "{\"id\":3,\"conference\":\"B\"}]",
               1, NULL);
    model_merge *whole = model_table_merge_begin(t, NULL, NULL);
    merge_text(whole, "[{\"id\":3,\"conference\":\"B\"}]", 2);
    model_merge *part = model_table_merge_begin(t, "conference", "A");
    merge_text(part, "[{\"id\":1,\"conference\":\"A\"},{\"id\":5,\"conference\":\"A\"}]", 3);
    model_table_merge_end(part, 3, NULL);
    assert_false(live(t, "2"));                                /* gone from A */
    assert_true(live(t, "3"));                                 /* B is not the partial listing's */
    merge_text(whole, "[{\"id\":2,\"conference\":\"A\"}]", 4); /* its older view of A */
    model_table_merge_end(whole, 4, NULL);
    assert_false(live(t, "2")); /* not revived by the older listing */
    assert_true(live(t, "1") && live(t, "5") && live(t, "3"));
    model_table_free(t);
}

/* An unchanged object leaves its row as it is: no change time, the same
 * object; a changed one is taken. */
static void test_unchanged_object_kept(void **state)
{
    (void)state;
    model_table *t = model_table_new(NULL);
    apply_text(t, "[{\"id\":1,\"name\":\"x\",\"n\":[1,2]}]", 1, NULL);
    const json_t *before = model_table_find(t, "1")->obj;
    model_diff d;
    apply_text(t, "[{\"id\":1,\"name\":\"x\",\"n\":[1,2]}]", 2, &d);
    assert_int_equal(d.nchanged, 0);
    model_diff_free(&d);
    assert_ptr_equal(model_table_find(t, "1")->obj, before);
    assert_true(model_table_find(t, "1")->changed_at == 0);
    apply_text(t, "[{\"id\":1,\"name\":\"x\",\"n\":[1,3]}]", 3, &d);
    assert_int_equal(d.nchanged, 1);
    model_diff_free(&d);
    assert_true(model_table_find(t, "1")->changed_at == 3);
    model_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_load_then_added_removed_changed),
        cmocka_unit_test(test_unchanged_refresh_gives_empty_diff),
        cmocka_unit_test(test_null_and_missing_are_equal_but_value_changes_count),
        cmocka_unit_test(test_ghosts_fade),
        cmocka_unit_test(test_ghost_that_returns_is_added),
        cmocka_unit_test(test_odd_objects_tolerated),
        cmocka_unit_test(test_custom_key_and_clear),
        cmocka_unit_test(test_large_table_lookup),
        cmocka_unit_test(test_merge_pages),
        cmocka_unit_test(test_overlapping_merges),
        cmocka_unit_test(test_unchanged_object_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
