/* Helpers shared by the model unit tests. */
#ifndef MODEL_TEST_UTIL_H
#define MODEL_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "model/table.h"
#include "model/view.h"

/* JSON from test text (fails the test when it does not parse). */
static inline json_t *parse(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    if (!j)
        fail_msg("bad test JSON: %s", err.text);
    return j;
}

/* A table loaded from a JSON list given as text. */
static inline model_table *table_from(const char *text)
{
    json_error_t err;
    json_t *list = json_loads(text, 0, &err);
    if (!list)
        fail_msg("bad test JSON: %s", err.text);
    model_table *t = model_table_new(NULL);
    assert_true(model_table_apply(t, list, 1, NULL));
    json_decref(list);
    return t;
}

/* The view's ids joined with commas, for one-line assertions. */
static inline const char *ids(const model_view *v)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < v->count; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, v->rows[i]->id);
    }
    return buf;
}

#endif
