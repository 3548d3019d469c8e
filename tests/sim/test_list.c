/* Unit tests for pexsim's Tastypie list engine (list.c), query parsing
 * (query.c), the resource table and fault rule parsing, without HTTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim/fault.h"
#include "sim/list.h"
#include "sim/query.h"
#include "sim/resource.h"
#include "sim/text.h"
#include "sim/world/world.h"

/* Six status participants with every kind of value the engine compares. */
static const char participants_json[] =
    "["
    "{\"id\": \"p1\", \"display_name\": \"Alice\", \"conference\": \"VMR_1\", \"bandwidth\": 768,"
    " \"rx_bandwidth\": 500, \"is_muted\": false, \"connect_time\": \"2024-01-01T10:00:00\","
    " \"role\": \"chair\", \"vendor\": null},"
    "{\"id\": \"p2\", \"display_name\": \"bob\", \"conference\": \"VMR_1\", \"bandwidth\": 512,"
    " \"rx_bandwidth\": 100, \"is_muted\": true, \"connect_time\": \"2024-01-01T10:05:00.250000\","
    " \"role\": \"guest\", \"vendor\": \"Pexip Infinity Connect\"},"
    "{\"id\": \"p3\", \"display_name\": \"Carol Ann\", \"conference\": \"VMR_2\","
    " \"bandwidth\": 2048, \"rx_bandwidth\": 1500, \"is_muted\": false,"
    " \"connect_time\": \"2024-01-01T09:59:59\", \"role\": \"guest\", \"vendor\": \"Cisco\"},"
    "{\"id\": \"p4\", \"display_name\": \"dave\", \"conference\": \"VMR_2\", \"bandwidth\": null,"
    " \"rx_bandwidth\": 0, \"is_muted\": true, \"connect_time\": null, \"role\": \"chair\","
    " \"vendor\": \"cisco TelePresence\"},"
    "{\"id\": \"p5\", \"display_name\": \"Eve\", \"conference\": \"VMR_3\", \"bandwidth\": 512,"
    " \"rx_bandwidth\": 40, \"is_muted\": false, \"connect_time\": \"2024-01-02T00:00:00\","
    " \"role\": \"guest\", \"vendor\": \"\"},"
    "{\"id\": \"p6\", \"display_name\": \"\u00c9lodie \u2603\", \"conference\": \"VMR_3\","
    " \"bandwidth\": 64, \"rx_bandwidth\": 64, \"is_muted\": false,"
    " \"connect_time\": \"2024-01-01T12:00:00\", \"role\": \"guest\", \"vendor\": \"x\"}"
    "]";

static const char history_json[] =
    "["
    "{\"id\": \"h1\", \"conference\": \"/api/admin/history/v1/conference/c-1/\","
    " \"media_streams\": [{\"id\": 1, \"rx_packet_loss\": 0.1, \"tx_packet_loss\": 0.0},"
    "                    {\"id\": 2, \"rx_packet_loss\": 0.7, \"tx_packet_loss\": 0.2}]},"
    "{\"id\": \"h2\", \"conference\": \"/api/admin/history/v1/conference/c-1/\","
    " \"media_streams\": []},"
    "{\"id\": \"h3\", \"conference\": \"/api/admin/history/v1/conference/c-2/\","
    " \"media_streams\": [{\"id\": 3, \"rx_packet_loss\": 0.5, \"tx_packet_loss\": 1.5}]},"
    "{\"id\": \"h4\", \"conference\": null, \"media_streams\": null}"
    "]";

typedef struct fixture {
    json_t *participants;
    json_t *history;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->participants = json_loads(participants_json, 0, NULL);
    f->history = json_loads(history_json, 0, NULL);
    assert_non_null(f->participants);
    assert_non_null(f->history);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    json_decref(f->participants);
    json_decref(f->history);
    free(f);
    return 0;
}

/* Run a query; returns the ids on the page joined by ',' (static buffer),
 * or "ERR:<message>" when the query is refused. */
static const char *run_full(json_t *coll, const char *area, const char *res, const char *query,
                            long max_limit, sim_list_page *keep)
{
    static char out[512];
    const sim_resource *r = sim_resource_find(area, res);
    assert_non_null(r);
    sim_query q;
    sim_query_parse(&q, query);
    sim_list_request req = {.resource = r, .query = &q, .path = r->path, .max_limit = max_limit};
    sim_list_page page;
    char *err = NULL;
    if (sim_list_build(coll, &req, &page, &err) != 0) {
        assert_non_null(err);
        snprintf(out, sizeof out, "ERR:%s", err);
        free(err);
        sim_query_free(&q);
        return out;
    }
    out[0] = '\0';
    for (size_t i = 0; i < page.count; i++) {
        const char *id = json_string_value(json_object_get(page.objects[i], "id"));
        strcat(out, i ? "," : "");
        strcat(out, id ? id : "?");
    }
    if (keep)
        *keep = page;
    else
        sim_list_page_free(&page);
    sim_query_free(&q);
    return out;
}

static const char *run(fixture *f, const char *query)
{
    return run_full(f->participants, "status", "participant", query, 1000, NULL);
}

static const char *run_history(fixture *f, const char *query)
{
    return run_full(f->history, "history", "participant", query, 1000, NULL);
}

static void assert_refused(const char *result)
{
    assert_true(strncmp(result, "ERR:", 4) == 0);
}

static void test_no_query_returns_collection_order(void **state)
{
    assert_string_equal(run(*state, ""), "p1,p2,p3,p4,p5,p6");
    assert_string_equal(run(*state, "format=json&_=12345"), "p1,p2,p3,p4,p5,p6");
}

static void test_string_specifiers(void **state)
{
    fixture *f = *state;
    assert_string_equal(run(f, "display_name=bob"), "p2");
    assert_string_equal(run(f, "display_name__exact=Bob"), "");
    assert_string_equal(run(f, "display_name__iexact=BOB"), "p2");
    assert_string_equal(run(f, "display_name__contains=a"), "p3,p4");
    assert_string_equal(run(f, "display_name__icontains=A"), "p1,p3,p4");
    assert_string_equal(run(f, "vendor__startswith=Cisco"), "p3");
    assert_string_equal(run(f, "vendor__istartswith=cisco"), "p3,p4");
    assert_string_equal(run(f, "vendor__endswith=Connect"), "p2");
    assert_string_equal(run(f, "vendor__iendswith=PRESENCE"), "p4");
    assert_string_equal(run(f, "display_name__regex=^[A-Z][a-z]%2B$"), "p1,p5");
    assert_string_equal(run(f, "display_name__iregex=^(alice|BOB)$"), "p1,p2");
    assert_string_equal(run(f, "display_name__regex=%C3%89lodie"), "p6");
    assert_string_equal(run(f, "display_name__lt=C"), "p1");
    assert_string_equal(run(f, "display_name__gte=d"), "p4,p6");
    /* A null string field matches nothing, not even contains "". */
    assert_string_equal(run(f, "vendor__contains="), "p2,p3,p4,p5,p6");
}

static void test_numeric_comparisons_are_typed(void **state)
{
    fixture *f = *state;
    assert_string_equal(run(f, "bandwidth=512"), "p2,p5");
    assert_string_equal(run(f, "bandwidth__gt=600"), "p1,p3");
    assert_string_equal(run(f, "bandwidth__gte=768"), "p1,p3");
    /* 64 < 512 numerically although "64" > "512" as text */
    assert_string_equal(run(f, "bandwidth__lt=512"), "p6");
    assert_string_equal(run(f, "bandwidth__lte=512"), "p2,p5,p6");
    assert_string_equal(run(f, "rx_bandwidth__lt=40.5"), "p4,p5");
    assert_string_equal(run(f, "bandwidth__startswith=5"), "p2,p5");
    assert_string_equal(run(f, "bandwidth=None"), "p4");
    assert_refused(run(f, "bandwidth__gt=lots"));
    assert_refused(run(f, "bandwidth=12abc"));
}

static void test_boolean_values(void **state)
{
    fixture *f = *state;
    assert_string_equal(run(f, "is_muted=true"), "p2,p4");
    assert_string_equal(run(f, "is_muted=True"), "p2,p4");
    assert_string_equal(run(f, "is_muted=1"), "p2,p4");
    assert_string_equal(run(f, "is_muted=false"), "p1,p3,p5,p6");
    assert_string_equal(run(f, "is_muted=False"), "p1,p3,p5,p6");
    assert_string_equal(run(f, "is_muted=0"), "p1,p3,p5,p6");
    assert_refused(run(f, "is_muted=yes"));
    /* booleans allow exact only (their schema lists ["exact"]) */
    assert_refused(run(f, "is_muted__contains=t"));
}

static void test_datetime_comparisons(void **state)
{
    fixture *f = *state;
    assert_string_equal(run(f, "connect_time__gte=2024-01-01T10:00:00"), "p1,p2,p5,p6");
    assert_string_equal(run(f, "connect_time__lt=2024-01-01T10:00:00"), "p3");
    assert_string_equal(run(f, "connect_time__gt=2024-01-01 10:05:00"), "p2,p5,p6");
    assert_string_equal(run(f, "connect_time__lt=2024-01-02T00:00:00Z"), "p1,p2,p3,p6");
    assert_string_equal(run(f, "connect_time=2024-01-01T09:59:59"), "p3");
    assert_string_equal(run(f, "connect_time__startswith=2024-01-02"), "p5");
    assert_refused(run(f, "connect_time__gt=yesterday"));
}

static void test_filters_and_together(void **state)
{
    fixture *f = *state;
    assert_string_equal(run(f, "conference=VMR_1&is_muted=false"), "p1");
    assert_string_equal(run(f, "role=guest&bandwidth__lte=512&conference=VMR_3"), "p5,p6");
    assert_string_equal(run(f, "role=guest&role=chair"), "");
}

static void test_bad_queries_are_refused(void **state)
{
    fixture *f = *state;
    assert_refused(run(f, "nosuchfield=1"));
    assert_refused(run(f, "display_name__like=x"));
    assert_refused(run(f, "display_name__contains__exact=x"));
    assert_refused(run(f, "resource_uri=x"));
    assert_refused(run(f, "display_name__regex=(unclosed"));
    assert_refused(run(f, "order_by=nosuchfield"));
    assert_refused(run(f, "order_by=-"));
    assert_refused(run(f, "order_by="));
    assert_refused(run(f, "limit=abc"));
    assert_refused(run(f, "limit=-1"));
    assert_refused(run(f, "limit=1.5"));
    assert_refused(run(f, "offset=-5"));
    assert_refused(run(f, "offset=x"));
    const char *msg = run(f, "display_name__like=x");
    assert_non_null(strstr(msg, "like"));
}

static void test_order_by(void **state)
{
    fixture *f = *state;
    /* nulls first ascending; ties keep collection order (stable) */
    assert_string_equal(run(f, "order_by=bandwidth"), "p4,p6,p2,p5,p1,p3");
    assert_string_equal(run(f, "order_by=-bandwidth"), "p3,p1,p2,p5,p6,p4");
    assert_string_equal(run(f, "order_by=display_name"), "p1,p3,p5,p2,p4,p6");
    assert_string_equal(run(f, "order_by=-connect_time"), "p5,p6,p2,p1,p3,p4");
    assert_string_equal(run(f, "order_by=role&order_by=-bandwidth"), "p1,p4,p3,p2,p5,p6");
    assert_string_equal(run(f, "order_by=role,-bandwidth"), "p1,p4,p3,p2,p5,p6");
    assert_string_equal(run(f, "order_by=is_muted&conference=VMR_1"), "p1,p2");
}

static void test_paging_and_links(void **state)
{
    fixture *f = *state;
    sim_list_page page;
    assert_string_equal(run_full(f->participants, "status", "participant",
                                 "role=guest&limit=2&offset=1&format=json", 1000, &page),
                        "p3,p5");
    assert_int_equal(page.limit, 2);
    assert_int_equal(page.offset, 1);
    assert_int_equal(page.total_count, 4);
    assert_string_equal(
        page.next, "/api/admin/status/v1/participant/?role=guest&format=json&limit=2&offset=3");
    assert_string_equal(
        page.previous, "/api/admin/status/v1/participant/?role=guest&format=json&limit=2&offset=0");
    json_t *j = sim_list_to_json(&page);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "objects")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "meta"), "total_count")),
                     4);
    json_decref(j);
    sim_list_page_free(&page);

    /* the last page has no next; the first has no previous */
    assert_string_equal(
        run_full(f->participants, "status", "participant", "limit=4&offset=4", 1000, &page),
        "p5,p6");
    assert_null(page.next);
    assert_non_null(page.previous);
    sim_list_page_free(&page);
    run_full(f->participants, "status", "participant", "", 1000, &page);
    assert_int_equal(page.limit, 20);
    assert_null(page.next);
    assert_null(page.previous);
    sim_list_page_free(&page);

    /* max_limit caps silently; limit=0 asks for the cap */
    assert_string_equal(run_full(f->participants, "status", "participant", "limit=50", 3, &page),
                        "p1,p2,p3");
    assert_int_equal(page.limit, 3);
    assert_non_null(strstr(page.next, "limit=3&offset=3"));
    sim_list_page_free(&page);
    run_full(f->participants, "status", "participant", "limit=0", 4, &page);
    assert_int_equal(page.limit, 4);
    assert_int_equal(page.count, 4);
    sim_list_page_free(&page);

    /* an offset past the end gives an empty page, not an error */
    assert_string_equal(run(f, "offset=100"), "");
}

static void test_render_has_meta_and_objects(void **state)
{
    fixture *f = *state;
    sim_list_page page;
    run_full(f->participants, "status", "participant", "limit=1&display_name=%C3%89lodie %E2%98%83",
             1000, &page);
    size_t len;
    char *text = sim_list_render(&page, &len);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    const char *head = "{\"meta\": {\"limit\": 1, \"next\": null, \"offset\": 0";
    assert_true(strncmp(text, head, strlen(head)) == 0);
    assert_non_null(strstr(text, "\"total_count\": 1}, \"objects\": [{"));
    assert_non_null(strstr(text, "\u00c9lodie \u2603"));
    free(text);
    sim_list_page_free(&page);
}

static void test_history_relations(void **state)
{
    fixture *f = *state;
    /* conference=<id> matches the id inside the resource URI */
    assert_string_equal(run_history(f, "conference=c-1"), "h1,h2");
    assert_string_equal(run_history(f, "conference=/api/admin/history/v1/conference/c-2/"), "h3");
    assert_string_equal(run_history(f, "conference=c-"), "");
    /* ANY embedded media stream may match */
    assert_string_equal(run_history(f, "media_streams__rx_packet_loss__gte=0.5"), "h1,h3");
    assert_string_equal(run_history(f, "media_streams__tx_packet_loss__gt=1"), "h3");
    assert_string_equal(run_history(f, "media_streams__rx_packet_loss=0.1"), "h1");
    assert_refused(run_history(f, "media_streams__nosuch__gte=1"));
    assert_refused(run_history(f, "media_streams=1"));
    assert_refused(run_history(f, "conference__name=x"));
}

static void test_empty_and_null_collections(void **state)
{
    json_t *empty = json_array();
    assert_string_equal(run_full(empty, "status", "conference", "name=x", 1000, NULL), "");
    assert_string_equal(run_full(NULL, "status", "conference", "", 1000, NULL), "");
    /* objects of the wrong shape never break a page */
    json_t *odd = json_loads("[1, \"x\", null, {\"id\": \"ok\", \"name\": 5}]", 0, NULL);
    assert_string_equal(run_full(odd, "status", "conference", "name=5", 1000, NULL), "ok");
    assert_string_equal(run_full(odd, "status", "conference", "order_by=-name", 1000, NULL),
                        "ok,?,?,?");
    json_decref(odd);
    json_decref(empty);
}

static void test_query_parsing(void **state)
{
    sim_query q;
    sim_query_parse(&q, "a=1&b=x+y%20z&&c&a=2&d=%zz&e=%41");
    assert_int_equal(q.count, 6);
    assert_string_equal(q.params[1].value, "x y z");
    assert_string_equal(q.params[2].key, "c");
    assert_string_equal(q.params[2].value, "");
    assert_string_equal(sim_query_get(&q, "a"), "2");
    assert_string_equal(sim_query_get(&q, "d"), "%zz");
    assert_string_equal(sim_query_get(&q, "e"), "A");
    assert_null(sim_query_get(&q, "zz"));
    char *link = sim_query_link(&q, "/p/", 5, 10);
    assert_string_equal(link, "/p/?a=1&b=x%20y%20z&c=&a=2&d=%25zz&e=A&limit=5&offset=10");
    free(link);
    sim_query_free(&q);
    sim_query_parse(&q, NULL);
    assert_int_equal(q.count, 0);
    sim_query_free(&q);
}

static void test_resource_table_and_schema(void **state)
{
    const sim_resource *p = sim_resource_find("status", "participant");
    assert_non_null(p);
    assert_string_equal(p->key, "status/participant");
    assert_string_equal(p->path, "/api/admin/status/v1/participant/");
    assert_non_null(sim_resource_find_sub(p, "media_stream"));
    assert_null(sim_resource_find("status", "nosuch"));
    const sim_resource *h = sim_resource_find("history", "participant");
    const sim_field *ms = sim_resource_field(h, "media_streams");
    assert_int_equal(ms->type, SIM_FT_TO_MANY);
    assert_non_null(ms->related);
    assert_string_equal(ms->related->key, "history/media_stream");
    json_t *schema = sim_resource_schema(p);
    json_t *fields = json_object_get(schema, "fields");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(fields, "bandwidth"), "type")),
        "integer");
    json_t *filtering = json_object_get(schema, "filtering");
    assert_int_equal(json_integer_value(json_object_get(filtering, "display_name")), 1);
    assert_true(json_is_array(json_object_get(filtering, "is_muted")));
    assert_null(json_object_get(filtering, "resource_uri"));
    assert_true(json_array_size(json_object_get(schema, "ordering")) > 10);
    json_decref(schema);
    json_t *cmd = sim_command_schema("participant/dial");
    assert_non_null(json_object_get(json_object_get(cmd, "fields"), "destination"));
    json_decref(cmd);
    assert_null(sim_command_schema("participant/nosuch"));
}

static void test_fault_specs(void **state)
{
    sim_faults *f = sim_faults_new(7);
    char *err = NULL;
    assert_true(sim_faults_add_spec(f, "latency:ms=250,prefix=/api/admin/status/", &err) > 0);
    assert_true(sim_faults_add_spec(f, "error:status=503,body=html,method=post,count=2", &err) > 0);
    assert_int_equal(sim_faults_add_spec(f, "explode", &err), 0);
    assert_non_null(err);
    free(err);
    assert_int_equal(sim_faults_add_spec(f, "latency:ms=abc", &err), 0);
    free(err);
    assert_int_equal(sim_faults_add_spec(f, "error:p=2", &err), 0);
    free(err);
    assert_int_equal(sim_faults_add_spec(f, "error:status=200", &err), 0);
    free(err);
    assert_int_equal(sim_faults_add_spec(f, "error:color=red", &err), 0);
    free(err);

    sim_fault_decision d;
    sim_faults_decide(f, "GET", "/api/admin/status/v1/conference/", &d);
    assert_int_equal(d.latency_ms, 250);
    assert_false(d.replace);
    sim_faults_decide(f, "GET", "/api/admin/history/v1/conference/", &d);
    assert_int_equal(d.latency_ms, 0);
    sim_faults_decide(f, "POST", "/api/admin/command/v1/participant/mute/", &d);
    assert_true(d.replace);
    assert_int_equal(d.status, 503);
    assert_true(d.html_body);
    sim_faults_decide(f, "POST", "/api/admin/command/v1/participant/mute/", &d);
    assert_true(d.replace);
    /* count=2 is used up: the rule expired */
    sim_faults_decide(f, "POST", "/api/admin/command/v1/participant/mute/", &d);
    assert_false(d.replace);
    json_t *list = sim_faults_list(f);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);

    /* probability: seeded, so the split is reproducible and roughly right */
    sim_faults_clear(f);
    json_t *rule = json_pack("{s:s, s:f}", "kind", "drop", "probability", 0.25);
    assert_true(sim_faults_add_json(f, rule, &err) > 0);
    json_decref(rule);
    int fired = 0;
    for (int i = 0; i < 2000; i++) {
        sim_faults_decide(f, "GET", "/x", &d);
        fired += d.replace;
    }
    assert_in_range(fired, 400, 600);
    sim_faults_free(f);
}

/* pexsim's JSON text is Jansson's with SIM_JSON_FLAGS, byte for byte
 * (the writer itself is tested in tests/unit/test_jsonwrite.c): every
 * object of a generated world, and whole rendered pages. */
static void assert_tastypie_text(const json_t *j, const char *text)
{
    char *theirs = json_dumps(j, SIM_JSON_FLAGS | JSON_ENCODE_ANY);
    assert_non_null(theirs);
    assert_string_equal(text, theirs);
    free(theirs);
}

static void test_text_matches_jansson(void **state)
{
    (void)state;
    static const char *const resources[] = {
        "status/conference",   "status/participant", "history/conference",
        "history/participant", "status/worker_vm",   "configuration/conference",
    };
    sim_world_opts opts;
    sim_world_opts_default(&opts);
    opts.is_static = true;
    sim_world *w = sim_world_new(&opts, 1.7e9);
    assert_non_null(w);
    size_t checked = 0;
    for (size_t r = 0; r < sizeof resources / sizeof resources[0]; r++) {
        json_t *coll = sim_world_collection(w, resources[r]);
        assert_true(json_array_size(coll) > 0);
        size_t i;
        json_t *obj;
        json_array_foreach(coll, i, obj)
        {
            size_t len = 0;
            char *text = sim_json_text(obj, &len);
            assert_non_null(text);
            assert_int_equal(strlen(text), len);
            assert_tastypie_text(obj, text);
            free(text);
            checked++;
        }
    }
    assert_true(checked > 100);

    /* a page: meta and objects, parsed back and dumped by Jansson */
    const sim_resource *res = sim_resource_find("status", "participant");
    assert_non_null(res);
    sim_query q;
    sim_query_parse(&q, "limit=20&order_by=-display_name");
    sim_list_request req = {.resource = res, .query = &q, .path = res->path, .max_limit = 1000};
    sim_list_page page;
    char *err = NULL;
    assert_int_equal(
        sim_list_build(sim_world_collection(w, "status/participant"), &req, &page, &err), 0);
    char *text = sim_list_render(&page, NULL);
    json_t *parsed = json_loads(text, 0, NULL);
    assert_non_null(parsed);
    assert_int_equal(json_array_size(json_object_get(parsed, "objects")), 20);
    assert_tastypie_text(parsed, text);
    json_decref(parsed);
    free(text);
    sim_list_page_free(&page);
    sim_query_free(&q);
    sim_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_query_returns_collection_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_specifiers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numeric_comparisons_are_typed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boolean_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_datetime_comparisons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters_and_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_queries_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_by, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paging_and_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_has_meta_and_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_relations, setup, teardown),
        cmocka_unit_test(test_empty_and_null_collections),
        cmocka_unit_test(test_query_parsing),
        cmocka_unit_test(test_resource_table_and_schema),
        cmocka_unit_test(test_fault_specs),
        cmocka_unit_test(test_text_matches_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
