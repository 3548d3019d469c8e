/* The trouble list, on the core rig (rig.h): every live participant across
 * all conferences, worst call first; only the worst candidates' media
 * streams are read, one request at a time, at most one a second and only
 * while the list is shown; Enter jumps to the participant in its
 * conference (the live screen, that conference and participant selected). */
#include "rig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT RIG_ROOT
#define STREAMS "/media_stream/"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PEOPLE 34
#define WORST 20 /* the participants that are not good: the worst candidates */

static const char *const conference_names[] = {"Aurora", "Boreal", "Cirrus", "Delta", "Echo"};

typedef struct staged {
    const char *id, *name, *quality;
    const char *streams; /* their media streams' worst readings, or NULL: none */
} staged;

/* The calls with known readings; the others are generated. Within "bad",
 * Zed and Bob lose as much, Zed with more jitter; Bea has no streams. */
static const staged known[] = {
    {"p-tina", "Terrible Tina", "4_terrible",
     "\"rx_windowed_packet_loss\": 12.5, \"rx_jitter\": 40"},
    {"p-bob", "Bad Bob", "3_bad", "\"rx_windowed_packet_loss\": 6.0, \"rx_jitter\": 20"},
    {"p-zed", "Bad Zed", "3_bad", "\"tx_windowed_packet_loss\": 6.0, \"rx_jitter\": 35"},
    {"p-bea", "Bad Bea", "3_bad", NULL},
    {"p-olga", "Okay Olga", "2_ok", "\"rx_windowed_packet_loss\": 2.5, \"tx_jitter\": 10"},
    {"p-otto", "Okay Otto", "2_ok", "\"rx_windowed_packet_loss\": 3.5, \"rx_jitter\": 5"},
};

typedef struct world {
    rig_person people[PEOPLE];
    char ids[PEOPLE][32], names[PEOPLE][48], paths[PEOPLE][128];
} world;

static world the_world;

/* 34 live calls in 5 conferences: Tina in the first, Bob in the last, 20
 * that are not good (1 terrible, 3 bad, 16 ok) and 14 good ones; each
 * with a route for its media streams. */
static void stage(rig *r, world *w)
{
    for (size_t i = 0; i < PEOPLE; i++) {
        rig_person *p = &w->people[i];
        const staged *k = i < COUNT(known) ? &known[i] : NULL;
        if (k) {
            snprintf(w->ids[i], sizeof w->ids[i], "%s", k->id);
            snprintf(w->names[i], sizeof w->names[i], "%s", k->name);
        } else {
            snprintf(w->ids[i], sizeof w->ids[i], "p-%02zu", i);
            snprintf(w->names[i], sizeof w->names[i], "%s Caller %02zu", i < WORST ? "Ok" : "Good",
                     i);
        }
        const char *conf = conference_names[i % COUNT(conference_names)];
        if (i == 0)
            conf = conference_names[0];
        if (i == 1)
            conf = conference_names[COUNT(conference_names) - 1];
        *p = (rig_person){w->ids[i], w->names[i],
                          conf,      k ? k->quality : i < WORST ? "2_ok" : "1_good",
                          false,     true};
        snprintf(w->paths[i], sizeof w->paths[i], ROOT "status/v1/participant/%.31s" STREAMS,
                 w->ids[i]);
        char stream[256];
        snprintf(stream, sizeof stream,
                 "{\"id\": \"%.31s-audio\", \"type\": \"audio\", \"rx_bitrate\": 64, %.120s}",
                 w->ids[i], k && k->streams ? k->streams : "\"rx_windowed_packet_loss\": 0.0");
        bool none = k && !k->streams;
        rig_route_set(r, w->paths[i], 200, rig_listing(r, none ? 0 : 1, none ? "" : stream), false);
    }
    rig_route_set(r, ROOT "status/v1/participant/", 200, rig_people(r, w->people, PEOPLE), false);
    rig_route_set(r, ROOT "status/v1/conference/", 200,
                  rig_conference_list(r, conference_names, COUNT(conference_names)), false);
}

static int setup(void **state)
{
    rig *r = rig_new(2);
    stage(r, &the_world);
    rig_boot(r);
    char conn[96];
    assert_string_equal(rig_connection(r, conn, sizeof conn), "connected");
    *state = r;
    return 0;
}

static void show_trouble(rig *r)
{
    rig_keys(r, ":trouble\r");
    assert_string_equal(rig_focused(r), "trouble");
    assert_true(rig_shown(r, "trouble"));
}

static int severity(const char *quality_cell)
{
    static const char *const words[] = {"unknown", "good", "ok", "bad", "terrible"};
    for (int i = 4; i >= 0; i--)
        if (strstr(quality_cell, words[i]))
            return i;
    fail_msg("no quality word in \"%s\"", quality_cell);
    return -1;
}

/* Worse quality first; within one quality, higher windowed loss, then
 * higher jitter (calls not measured yet count as 0). */
static void check_ranking(rig *r)
{
    ui_view *v = rig_view(r, "trouble");
    double last = 1e18;
    for (size_t i = 0; i < v->rows.count; i++) {
        char q[64], loss[64], jitter[64];
        rig_cell(r, "trouble", (long)i, "quality", q, sizeof q);
        rig_cell(r, "trouble", (long)i, "loss", loss, sizeof loss);
        rig_cell(r, "trouble", (long)i, "jitter", jitter, sizeof jitter);
        double j = atof(jitter);
        double key = severity(q) * 1e6 + atof(loss) * 1000 + (j < 999 ? j : 999);
        assert_true(key <= last);
        last = key;
    }
}

static bool probed(rig *r, size_t since, const char *id)
{
    char path[128];
    snprintf(path, sizeof path, ROOT "status/v1/participant/%s" STREAMS, id);
    return rig_count(r, since, path) > 0;
}

static bool measured(rig *r, const char *name)
{
    char cell[64];
    rig_cell(r, "trouble", rig_row_of(r, "trouble", name), "measured", cell, sizeof cell);
    size_t n = strlen(cell);
    return n > 4 && strcmp(cell + n - 4, " ago") == 0;
}

static size_t stream_reads(rig *r, size_t since)
{
    size_t n = 0;
    for (size_t i = since; i < r->node.nlog; i++)
        n += strstr(r->node.log[i].path, STREAMS) != NULL;
    return n;
}

static void test_worst_call_first(void **state)
{
    rig *r = *state;
    size_t since = r->node.nlog;
    show_trouble(r);
    char title[600], cell[512];
    assert_non_null(strstr(rig_title(r, "trouble", title, sizeof title), "(34 legs)"));
    assert_int_equal(rig_view(r, "trouble")->rows.count, PEOPLE);
    /* The only terrible call first; Bad Bob among the bad ones. */
    check_ranking(r);
    assert_int_equal(rig_row_of(r, "trouble", "Terrible Tina"), 0);
    assert_string_equal(rig_cell(r, "trouble", 0, "quality", cell, sizeof cell), "\u2716 terrible");
    long bob = rig_row_of(r, "trouble", "Bad Bob");
    assert_true(bob >= 1);
    assert_string_equal(rig_cell(r, "trouble", bob, "quality", cell, sizeof cell), "\u25b2 bad");

    /* The worst candidates' streams are read, the staged ones among them;
     * their windowed loss then ranks the calls of one quality. */
    double t = 0;
    for (; t <= 15 && !(measured(r, "Terrible Tina") && measured(r, "Bad Bob")); t += 0.1)
        rig_run_for(r, 0.1);
    assert_true(measured(r, "Terrible Tina") && measured(r, "Bad Bob"));
    for (; t <= 15 &&
           !(measured(r, "Bad Zed") && measured(r, "Okay Olga") && measured(r, "Okay Otto"));
         t += 0.1)
        rig_run_for(r, 0.1);
    check_ranking(r);
    assert_true(probed(r, since, "p-tina"));
    assert_true(probed(r, since, "p-bob"));
    assert_string_equal(rig_cell(r, "trouble", 0, "loss", cell, sizeof cell), "12.50");
    /* Loss first, then jitter: Zed above Bob (as lossy, more jitter), Otto
     * above Olga (more loss, less jitter). */
    assert_true(rig_row_of(r, "trouble", "Bad Zed") < rig_row_of(r, "trouble", "Bad Bob"));
    assert_true(rig_row_of(r, "trouble", "Okay Otto") < rig_row_of(r, "trouble", "Okay Olga"));
}

/* At most one stream request a second, one at a time, for at most the 20
 * worst participants; none once the list is gone. */
static void test_probe_rate(void **state)
{
    rig *r = *state;
    size_t since = r->node.nlog;
    show_trouble(r);
    size_t n = stream_reads(r, rig_run_for(r, 6.0));
    assert_true(n >= 1 && n <= 7);
    rig_run_for(r, 25.0);
    /* Never two within a second of each other. */
    double last = -1e9;
    size_t distinct = 0;
    for (size_t i = since; i < r->node.nlog; i++) {
        if (!strstr(r->node.log[i].path, STREAMS))
            continue;
        assert_true(r->node.log[i].at - last >= 1.0 - 1e-6);
        last = r->node.log[i].at;
    }
    for (size_t p = 0; p < PEOPLE; p++) {
        bool read = probed(r, since, the_world.ids[p]);
        distinct += read;
        if (p >= WORST) /* a good call is never among the worst candidates */
            assert_false(read);
    }
    assert_true(distinct >= 2 && distinct <= 20);
}

static void stall_streams(rig *r, bool stall)
{
    for (size_t i = 0; i < r->node.nroutes; i++)
        if (strstr(r->node.routes[i].prefix, STREAMS))
            r->node.routes[i].stall = stall;
}

static void test_one_request_at_a_time(void **state)
{
    rig *r = *state;
    stall_streams(r, true);
    size_t since = r->node.nlog;
    show_trouble(r);
    rig_run_for(r, 5.0);
    assert_int_equal(stream_reads(r, since), 1); /* the next waits for its answer */
    stall_streams(r, false);
    assert_int_equal(rig_release(r, NULL), 1);
    rig_run_for(r, 2.5);
    assert_true(stream_reads(r, since) >= 2);
}

static void test_enter_goes_to_the_call(void **state)
{
    rig *r = *state;
    show_trouble(r);
    rig_keys(r, "g");
    rig_keys(r, "\r");
    /* The live screen, the conference selected, the participant selected:
     * Enter opens that participant's media. */
    char title[600];
    assert_string_equal(rig_focused(r), "participants");
    assert_false(rig_shown(r, "trouble"));
    assert_non_null(
        strstr(rig_title(r, "participants", title, sizeof title), "Participants of Aurora"));
    ui_view *pv = rig_view(r, "participants");
    assert_int_equal(rig_row_of(r, "participants", "Terrible Tina"), (long)pv->selected);
    rig_keys(r, "\r");
    assert_string_equal(rig_focused(r), "media");
    assert_non_null(strstr(rig_title(r, "media", title, sizeof title), "Media of Terrible Tina"));
    rig_run_for(r, 1.0);
    rig_key(r, UI_KEY_ESC);
    assert_string_equal(rig_focused(r), "participants");
    assert_false(rig_shown(r, "media"));
    /* The list is gone: no more stream reads for it (the media pane's own
     * reads stopped with Esc too). */
    rig_run_for(r, 1.5);
    size_t since = rig_run_for(r, 3.0);
    assert_int_equal(stream_reads(r, since), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_worst_call_first, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_probe_rate, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_one_request_at_a_time, setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_enter_goes_to_the_call, setup, rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
